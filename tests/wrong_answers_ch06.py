"""Chapter 6 (MNIST): wrong answers per coded exercise, each with the words of its hint."""

import numpy as np

from nnlib import checks

from wrong_answers_common import IN_PLACE, LIST, PARTIAL, SCALAR, in_place, as_list, partial


# --- right answers, as in the notebook ------------------------------------------------------

def normalize_images(raw):
    return raw.reshape(len(raw), -1).astype(np.float32) / 255


def softmax_cross_entropy(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -log_p[np.arange(len(labels)), labels].mean()


def most_confident_mistakes(probs, labels, k):
    predicted = probs.argmax(axis=1)
    wrong = np.flatnonzero(predicted != labels)
    return wrong[np.argsort(-probs[wrong, predicted[wrong]], kind="stable")][:k]


def per_class_accuracy(y_true, y_pred, n_classes):
    result = np.full(n_classes, np.nan)
    for k in range(n_classes):
        mask = y_true == k
        if mask.any():
            result[k] = np.mean(y_pred[mask] == k)
    return result


# --- the table -------------------------------------------------------------------------------

TABLE = {
    "normalize_images": (checks.check_normalize_images, normalize_images, [
        (lambda raw: raw.reshape(len(raw), -1) / 256.0, "not 256"),
        (lambda raw: raw.transpose(0, 2, 1).reshape(len(raw), -1) / 255.0, "without transposing"),
        (lambda raw: raw.reshape(len(raw), -1).astype(float), "divide by 255"),
        (lambda raw: raw.reshape(len(raw), -1) // 255, "integer division"),
        (lambda raw: raw / 255.0, "ONE row of 784"),
        (in_place(normalize_images), IN_PLACE),
        (as_list(normalize_images), LIST),
        (partial(normalize_images), PARTIAL),
    ]),
    "softmax_cross_entropy": (checks.check_softmax_cross_entropy, softmax_cross_entropy, [
        (lambda z, l: -np.sum(np.log(np.exp(z) / np.exp(z).sum(axis=1, keepdims=True))
                              [np.arange(len(l)), l]), "not the sum"),
        (lambda z, l: -softmax_cross_entropy(z, l), "MINUS the mean"),
        (lambda z, l: -np.mean(np.log((np.exp(z) / np.exp(z).sum(axis=1, keepdims=True))
                                      [np.arange(len(l)), l])), "overflows"),
        (lambda z, l: softmax_cross_entropy(z, np.argmax(z, axis=1)), "TRUE class"),
        (lambda z, l: np.atleast_1d(softmax_cross_entropy(z, l)), SCALAR),
        (in_place(softmax_cross_entropy), IN_PLACE),
        (partial(softmax_cross_entropy), PARTIAL),
    ]),
    "most_confident_mistakes": (checks.check_most_confident_mistakes, most_confident_mistakes, [
        (lambda p, l, k: (lambda w: w[np.argsort(-p[w, l[w]], kind="stable")][:k])(
            np.flatnonzero(p.argmax(axis=1) != l)), "PREDICTED class"),
        (lambda p, l, k: (lambda w: w[np.argsort(p[w].max(axis=1), kind="stable")][:k])(
            np.flatnonzero(p.argmax(axis=1) != l)), "most confident FIRST"),
        (lambda p, l, k: np.argsort(-p.max(axis=1), kind="stable")[:k], "only rows whose"),
        (lambda p, l, k: most_confident_mistakes(p, l, k).astype(float), "expected integers"),
        (lambda p, l, k: list(most_confident_mistakes(p, l, k)), LIST),
        (in_place(most_confident_mistakes), IN_PLACE),
        (partial(most_confident_mistakes), PARTIAL),
    ]),
    "per_class_accuracy": (checks.check_per_class_accuracy, per_class_accuracy, [
        (lambda t, p, n: np.array([np.sum((t == k) & (p == k)) / np.sum(p == k)
                                   if (p == k).any() else np.nan for k in range(n)]),
         "not by how often k was predicted"),
        (lambda t, p, n: np.nan_to_num(per_class_accuracy(t, p, n)), "not 0"),
        (lambda t, p, n: float(np.mean(t == p)), "not the overall accuracy"),
        (lambda t, p, n: np.array([np.mean(p == k) if (t == k).any() else np.nan
                                   for k in range(n)]), "mixes in the other classes"),
        (lambda t, p, n: list(per_class_accuracy(t, p, n)), LIST),
        (in_place(per_class_accuracy, 1), IN_PLACE),
        (partial(per_class_accuracy), PARTIAL),
    ]),
}
