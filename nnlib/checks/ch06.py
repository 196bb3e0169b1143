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

def check_normalize_images(normalize_images, hidden=False):
    """Check ``normalize_images(raw)``: uint8 images (n, 28, 28) -> floats (n, 784) in [0, 1]."""
    raw = _rng(0).integers(0, 256, size=(3, 28, 28), dtype=np.uint8)
    raw[0, 0, 0], raw[1, 5, 7] = 255, 0
    one_pixel = np.zeros((1, 28, 28), dtype=np.uint8)
    one_pixel[0, 0, 1] = 255  # row 0, column 1: pixel number 1 when flattened row by row
    expected_one = np.zeros((1, 784))
    expected_one[0, 1] = 1.0
    hidden_raw = _rng(60).integers(0, 256, size=(5, 28, 28), dtype=np.uint8)
    cases = [
        Case("three random images: values and shape", (raw,), raw.reshape(3, 784) / 255.0,
             hint="Divide by 255 (the largest grey level), not 256, and reshape each image "
                  "to one row: raw.reshape(len(raw), -1). The result must be a float array "
                  "(integer division // gives only 0s and 1s)."),
        Case("a single white image gives a row of ones", (np.full((1, 28, 28), 255, np.uint8),),
             np.ones((1, 784)),
             hint="255 must map to exactly 1.0. Beware: uint8 arithmetic wraps around, so "
                  "convert to float before any multiplication."),
        Case("pixel (row 0, column 1) becomes feature 1 (row-major order, no transpose)",
             (one_pixel,), expected_one,
             hint="Flatten row by row, as MNIST does: reshape, without transposing the "
                  "28 x 28 image first."),
        Case("five random images", (hidden_raw,), hidden_raw.reshape(5, 784) / 255.0,
             hidden=True),
    ]
    for case in cases:
        case.rtol, case.atol = 1e-6, 1e-7
    mistakes = [
        ("divide by 255, the largest grey level, not 256: white must become exactly 1.0.",
         lambda raw: raw.reshape(len(raw), -1) / 256.0),
        ("flatten row by row, as MNIST does: reshape without transposing each image.",
         lambda raw: raw.transpose(0, 2, 1).reshape(len(raw), -1) / 255.0),
        ("scale the grey levels 0..255 to [0, 1]: divide by 255 (as floats, not with //).",
         lambda raw: raw.reshape(len(raw), -1).astype(np.float64)),
        ("integer division // gives only 0s and 1s: use / on floats.",
         lambda raw: raw.reshape(len(raw), -1) // 255),
        ("each image becomes ONE row of 784 pixels: reshape to (n, 784), i.e. "
         "raw.reshape(len(raw), -1).", lambda raw: raw / 255.0),
    ]
    return run_check("normalize_images", normalize_images, cases,
                     hint="return raw.reshape(len(raw), -1).astype(np.float32) / 255",
                     mistakes=mistakes, hidden=hidden)


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


def check_softmax_cross_entropy(softmax_cross_entropy, hidden=False):
    """Check ``softmax_cross_entropy(logits, labels)``: the mean of −log softmax(z)[label]."""
    logits = _rng(1).normal(size=(5, 4)) * 2
    labels = np.array([0, 3, 1, 1, 2])
    hidden_logits = _rng(61).normal(size=(8, 6)) * 5
    hidden_labels = _rng(62).integers(0, 6, 8)
    R = _reference_softmax_cross_entropy
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
        Case("8 samples, 6 classes, large logits", (hidden_logits, hidden_labels),
             R(hidden_logits, hidden_labels), hidden=True),
        Case("logits of −1000 and 0", (np.array([[-1000.0, 0.0, 0.0]]), np.array([1])),
             R(np.array([[-1000.0, 0.0, 0.0]]), np.array([1])), hidden=True),
    ]
    for case in cases[:-2]:  # a single number, not an array: the property checks above,
        case.expected = R(*case.args)  # then the strict ones (type, one-element array)
        case.scalar = True
    cases[2].atol = 1e-6

    def log_p(z):
        z = z - z.max(axis=1, keepdims=True)
        return z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    mistakes = [
        ("average over the samples (the mean), not the sum.",
         lambda z, l: float(-log_p(z)[np.arange(len(l)), l].sum())),
        ("the loss is MINUS the mean log-probability of the true class: a positive number.",
         lambda z, l: float(log_p(z)[np.arange(len(l)), l].mean())),
        ("take the log-probability of each sample's TRUE class, log_p[arange(n), labels], not "
         "of the largest one.", lambda z, l: float(-log_p(z).max(axis=1).mean())),
        ("pick one entry per row, log_p[np.arange(n), labels]; log_p[:, labels] takes an "
         "(n, n) table.", lambda z, l: float(-log_p(z)[:, l].mean())),
    ]
    return run_check("softmax_cross_entropy", softmax_cross_entropy, cases,
                     hint="z = logits − logits.max(axis=1, keepdims=True); "
                          "log_p = z − log(exp(z).sum(axis=1, keepdims=True)); "
                          "return −mean of log_p[arange(n), labels].", mistakes=mistakes,
                     forbidden=("nnlib.losses.cross_entropy", "nnlib.losses.softmax_cross_entropy",
                                "nnlib.losses.softmax_cross_entropy_from_logits"),
                     hidden=hidden)


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


def check_most_confident_mistakes(most_confident_mistakes, hidden=False):
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
    big2 = _rng(63).dirichlet(np.ones(10) * 0.3, size=300)
    big2_labels = _rng(64).integers(0, 10, size=300)
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
        Case("300 other random samples, k = 12", (big2, big2_labels, 12),
             _reference_most_confident_mistakes(big2, big2_labels, 12), hidden=True),
    ]
    for case in cases:
        if not case.hidden:
            case.expected = _reference_most_confident_mistakes(*case.args)
        case.integer, case.rtol, case.atol = True, 0.0, 0.0

    def wrong_rows(p, l):
        return np.flatnonzero(p.argmax(axis=1) != l)
    mistakes = [
        ("the confidence of a mistake is the probability of the PREDICTED class (the row "
         "maximum), not of the true class.",
         lambda p, l, k: wrong_rows(p, l)[np.argsort(-p[wrong_rows(p, l), l[wrong_rows(p, l)]],
                                                     kind="stable")][:k]),
        ("most confident FIRST: sort by −confidence (or reverse the sorted order).",
         lambda p, l, k: wrong_rows(p, l)[np.argsort(p[wrong_rows(p, l)].max(axis=1),
                                                     kind="stable")][:k]),
        ("only rows whose arg-max differs from the label are mistakes.",
         lambda p, l, k: np.argsort(-p.max(axis=1), kind="stable")[:k]),
        ("indices refer to rows of the original probs, not positions within the list of "
         "mistakes.", lambda p, l, k: np.argsort(-p[wrong_rows(p, l)].max(axis=1),
                                                 kind="stable")[:k]),
    ]
    return run_check("most_confident_mistakes", most_confident_mistakes, cases,
                     mistakes=mistakes, hidden=hidden,
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


def check_per_class_accuracy(per_class_accuracy, hidden=False):
    """Check ``per_class_accuracy(y_true, y_pred, n_classes)``: for each class k, the
    fraction of samples of true class k that were predicted as k (nan if none)."""
    y_true = np.array([0, 0, 0, 0, 1, 1, 2, 2, 2, 2])
    y_pred = np.array([0, 0, 1, 2, 1, 1, 2, 0, 0, 0])
    # y_pred has many 0s: dividing by the number of *predicted* 0s gives 2/5, not 2/4
    big_true = _rng(4).integers(0, 10, size=500)
    big_pred = np.where(_rng(5).random(500) < 0.8, big_true, _rng(6).integers(0, 10, 500))
    h_true = _rng(65).choice([0, 1, 2, 4, 5, 6, 7], size=400)
    h_pred = np.where(_rng(66).random(400) < 0.7, h_true, _rng(67).integers(0, 8, 400))
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
        Case("400 other samples, 7 classes, one of them absent", (h_true, h_pred, 8),
             _reference_per_class_accuracy(h_true, h_pred, 8), hidden=True),
    ]
    for case in cases:
        case.expected = _reference_per_class_accuracy(*case.args)

    def counts(t, p, n, denominator):
        out = np.full(n, np.nan)
        for k in range(n):
            if denominator(t, p, k).any():
                out[k] = np.sum((t == k) & (p == k)) / denominator(t, p, k).sum()
        return out
    mistakes = [
        ("for class k divide by the number of samples whose TRUE label is k, not by how "
         "often k was predicted.", lambda t, p, n: counts(t, p, n, lambda t, p, k: p == k)),
        ("a class with no samples has an undefined accuracy: return np.nan for it, not 0.",
         lambda t, p, n: np.nan_to_num(_reference_per_class_accuracy(t, p, n))),
        ("return one number per class (shape (n_classes,)), not the overall accuracy.",
         lambda t, p, n: float(np.mean(t == p))),
        ("count the samples of class k predicted as k; np.mean(y_pred == k) over all samples "
         "mixes in the other classes.",
         lambda t, p, n: np.array([np.mean(p == k) if (t == k).any() else np.nan
                                   for k in range(n)])),
    ]
    return run_check("per_class_accuracy", per_class_accuracy, cases, mistakes=mistakes,
                     hidden=hidden,
                     hint="for each k: mask = y_true == k; acc[k] = np.mean(y_pred[mask] == k) "
                          "if mask.any() else np.nan.")
