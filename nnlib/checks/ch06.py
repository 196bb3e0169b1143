"""Self-checks for the exercises of chapter 6 (MNIST).

Conventions of the chapter: samples are rows, images are flattened row by row
into 784 pixels in [0, 1], labels are integers 0..9, and a network's outputs
(or probabilities) have shape ``(n_samples, n_classes)``.
"""

import numpy as np

from ._core import Case, run_check

__all__ = ["check_normalize_images", "check_softmax_cross_entropy",
           "check_most_confident_mistakes", "check_per_class_accuracy"]


def _rng(seed):
    return np.random.default_rng(seed)


def _floating_close_to(expected):
    """A float array of the expected shape and values (integer results fail)."""
    expected = np.asarray(expected, dtype=np.float64)

    def ok(result):
        result = np.asarray(result)
        if not np.issubdtype(result.dtype, np.floating) or result.shape != expected.shape:
            return False
        return bool(np.allclose(result, expected, rtol=1e-6, atol=1e-7))
    return ok


# --- normalize_images(raw) -> (n, 784) floats in [0, 1] ----------------------------------

def check_normalize_images(normalize_images):
    """Check ``normalize_images(raw)``: uint8 images (n, 28, 28) -> floats (n, 784) in [0, 1]."""
    raw = _rng(0).integers(0, 256, size=(3, 28, 28), dtype=np.uint8)
    raw[0, 0, 0], raw[1, 5, 7] = 255, 0
    one_pixel = np.zeros((1, 28, 28), dtype=np.uint8)
    one_pixel[0, 0, 1] = 255  # row 0, column 1: pixel number 1 when flattened row by row
    expected_one = np.zeros((1, 784))
    expected_one[0, 1] = 1.0
    cases = [
        Case("three random images: values and shape", (raw,),
             _floating_close_to(raw.reshape(3, 784) / 255.0),
             hint="Divide by 255 (the largest grey level), not 256, and reshape each image "
                  "to one row: raw.reshape(len(raw), -1). The result must be a float array "
                  "(integer division // gives only 0s and 1s)."),
        Case("a single white image gives a row of ones", (np.full((1, 28, 28), 255, np.uint8),),
             _floating_close_to(np.ones((1, 784))),
             hint="255 must map to exactly 1.0. Beware: uint8 arithmetic wraps around, so "
                  "convert to float before any multiplication."),
        Case("pixel (row 0, column 1) becomes feature 1 (row-major order, no transpose)",
             (one_pixel,), _floating_close_to(expected_one),
             hint="Flatten row by row, as MNIST does: reshape, without transposing the "
                  "28 x 28 image first."),
    ]
    return run_check("normalize_images", normalize_images, cases,
                     hint="return raw.reshape(len(raw), -1).astype(np.float32) / 255")


# --- softmax_cross_entropy(logits, labels) -> float -----------------------------------------

def _reference_softmax_cross_entropy(logits, labels):
    logits = np.asarray(logits, dtype=np.float64)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(labels)), labels].mean())


def _number_close_to(expected, rtol=1e-6, atol=1e-8):
    def ok(result):
        try:
            value = float(result)
        except (TypeError, ValueError):
            return False
        return bool(np.isfinite(value) and np.isclose(value, expected, rtol=rtol, atol=atol))
    return ok


def check_softmax_cross_entropy(softmax_cross_entropy):
    """Check ``softmax_cross_entropy(logits, labels)``: the mean of −log softmax(z)[label]."""
    logits = _rng(1).normal(size=(5, 4)) * 2
    labels = np.array([0, 3, 1, 1, 2])
    cases = [
        Case("5 samples, 4 classes, ordinary logits", (logits, labels),
             _number_close_to(_reference_softmax_cross_entropy(logits, labels)),
             hint="Loss of one sample: −log of the softmax probability of its true class; "
                  "the result is the mean over the samples (not the sum), a positive number."),
        Case("all-zero logits over 10 classes give log(10)",
             (np.zeros((3, 10)), np.array([0, 4, 9])), _number_close_to(np.log(10)),
             hint="Equal logits mean equal probabilities 1/10, so the loss is −log(1/10)."),
        Case("huge logits [1000, 0] with the right label 0: loss ≈ 0, not nan",
             (np.array([[1000.0, 0.0]]), np.array([0])), _number_close_to(0.0, atol=1e-6),
             hint="exp(1000) overflows to inf. Subtract each row's maximum from the logits "
                  "first (it does not change the softmax) and use "
                  "log softmax = z − log Σ exp(z)."),
        Case("huge logits [0, 1000] with the wrong label 0: loss ≈ 1000, not inf",
             (np.array([[0.0, 1000.0]]), np.array([0])), _number_close_to(1000.0),
             hint="Do not compute log(softmax): the probability e^-1000 underflows to 0 and "
                  "its log is −inf. Work with log-probabilities z − max − log Σ exp(z − max)."),
        Case("mean over the batch: one confident right answer, one wrong",
             (np.array([[50.0, 0.0], [0.0, 50.0]]), np.array([0, 0])),
             _number_close_to(_reference_softmax_cross_entropy(
                 np.array([[50.0, 0.0], [0.0, 50.0]]), np.array([0, 0]))),
             hint="Average the per-sample losses over the rows."),
    ]
    return run_check("softmax_cross_entropy", softmax_cross_entropy, cases,
                     hint="z = logits − logits.max(axis=1, keepdims=True); "
                          "log_p = z − log(exp(z).sum(axis=1, keepdims=True)); "
                          "return −mean of log_p[arange(n), labels].")


# --- most_confident_mistakes(probs, labels, k) -> indices -------------------------------------

def _reference_most_confident_mistakes(probs, labels, k):
    predicted = probs.argmax(axis=1)
    wrong = np.flatnonzero(predicted != labels)
    confidence = probs[wrong, predicted[wrong]]
    return wrong[np.argsort(-confidence, kind="stable")][:k]


def _same_indices(expected):
    expected = np.asarray(expected, dtype=np.int64)

    def ok(result):
        try:
            result = np.asarray(result)
        except (TypeError, ValueError):
            return False
        if result.shape != expected.shape:
            return False
        if result.size and not np.issubdtype(result.dtype, np.integer):
            return False
        return bool(np.array_equal(result, expected))
    return ok


def check_most_confident_mistakes(most_confident_mistakes):
    """Check ``most_confident_mistakes(probs, labels, k)``: indices of the k wrong
    predictions made with the highest probability, most confident first."""
    probs = np.array([
        [0.90, 0.05, 0.05],   # 0: right (label 0), very confident: never a mistake
        [0.10, 0.60, 0.30],   # 1: wrong (label 0), confidence 0.60
        [0.20, 0.10, 0.70],   # 2: wrong (label 1), confidence 0.70
        [0.05, 0.15, 0.80],   # 3: right (label 2)
        [0.45, 0.50, 0.05],   # 4: wrong (label 0), confidence 0.50, true class 0.45
        [0.95, 0.03, 0.02],   # 5: wrong (label 2), confidence 0.95, true class 0.02
    ])
    labels = np.array([0, 0, 1, 2, 0, 2])
    big = _rng(2).dirichlet(np.ones(10) * 0.3, size=200)
    big_labels = _rng(3).integers(0, 10, size=200)
    cases = [
        Case("the 2 most confident mistakes among 6 samples", (probs, labels, 2),
             _same_indices([5, 2]),
             hint="Only rows whose arg-max differs from the label are mistakes; sort them "
                  "by their largest probability, highest first."),
        Case("all mistakes in order (k = 4 wrong rows)", (probs, labels, 4),
             _same_indices([5, 2, 1, 4]),
             hint="The confidence of a mistake is the probability of the *predicted* class "
                  "(the row maximum), not of the true class."),
        Case("k larger than the number of mistakes returns every mistake",
             (probs, labels, 10), _same_indices([5, 2, 1, 4]),
             hint="Return at most k indices; slicing [:k] does that for you."),
        Case("no mistakes at all gives an empty array", (probs[[0, 3]], labels[[0, 3]], 3),
             _same_indices([]),
             hint="When every prediction is right, return an empty integer array."),
        Case("200 random samples, k = 7", (big, big_labels, 7),
             _same_indices(_reference_most_confident_mistakes(big, big_labels, 7)),
             hint="Indices refer to rows of the original probs (not positions within the "
                  "list of mistakes)."),
    ]
    return run_check("most_confident_mistakes", most_confident_mistakes, cases,
                     hint="predicted = probs.argmax(axis=1); wrong = np.flatnonzero(predicted "
                          "!= labels); order wrong by −probs[wrong, predicted[wrong]]; "
                          "return the first k.")


# --- per_class_accuracy(y_true, y_pred, n_classes) -> (n_classes,) -------------------------------

def _reference_per_class_accuracy(y_true, y_pred, n_classes):
    out = np.full(n_classes, np.nan)
    for k in range(n_classes):
        mask = y_true == k
        if mask.any():
            out[k] = np.mean(y_pred[mask] == k)
    return out


def _per_class_close_to(expected):
    expected = np.asarray(expected, dtype=np.float64)

    def ok(result):
        try:
            result = np.asarray(result, dtype=np.float64)
        except (TypeError, ValueError):
            return False
        if result.shape != expected.shape:
            return False
        return bool(np.allclose(result, expected, equal_nan=True))
    return ok


def check_per_class_accuracy(per_class_accuracy):
    """Check ``per_class_accuracy(y_true, y_pred, n_classes)``: for each class k, the
    fraction of samples of true class k that were predicted as k (nan if none)."""
    y_true = np.array([0, 0, 0, 0, 1, 1, 2, 2, 2, 2])
    y_pred = np.array([0, 0, 1, 2, 1, 1, 2, 0, 0, 0])
    # y_pred has many 0s: dividing by the number of *predicted* 0s gives 2/5, not 2/4
    big_true = _rng(4).integers(0, 10, size=500)
    big_pred = np.where(_rng(5).random(500) < 0.8, big_true, _rng(6).integers(0, 10, 500))
    cases = [
        Case("3 classes, 10 samples", (y_true, y_pred, 3), _per_class_close_to([0.5, 1.0, 0.25]),
             hint="For class k, look only at the samples whose TRUE label is k and count how "
                  "many of them were predicted k."),
        Case("a class that never occurs gets nan (not 0, not a crash)",
             (np.array([0, 0, 2]), np.array([0, 1, 2]), 4),
             _per_class_close_to([0.5, np.nan, 1.0, np.nan]),
             hint="When no sample has true class k, the fraction is undefined: return "
                  "np.nan for it (and avoid dividing by zero)."),
        Case("a class that is never predicted gets 0",
             (np.array([0, 1, 1, 2]), np.array([0, 0, 2, 2]), 3),
             _per_class_close_to([1.0, 0.0, 1.0]),
             hint="Every sample of class 1 was predicted as something else, so its "
                  "accuracy is 0."),
        Case("500 samples, 10 classes", (big_true, big_pred, 10),
             _per_class_close_to(_reference_per_class_accuracy(big_true, big_pred, 10)),
             hint="Return one number per class, in class order 0..n_classes-1."),
    ]
    return run_check("per_class_accuracy", per_class_accuracy, cases,
                     hint="for each k: mask = y_true == k; acc[k] = np.mean(y_pred[mask] == k) "
                          "if mask.any() else np.nan.")
