"""Self-checks for the exercises of chapter 6 (MNIST).

Conventions of the chapter: samples are rows, images are flattened row by row
into 784 pixels in [0, 1], labels are integers 0..9, and a network's outputs
(or probabilities) have shape ``(n_samples, n_classes)``.
"""

import copy

import numpy as np

from nnlib.network import Network
from nnlib.training import History
from ._core import Case, WrongResult, _kind, require_array, run_check

__all__ = ["check_normalize_images", "check_softmax_cross_entropy",
           "check_most_confident_mistakes", "check_per_class_accuracy",
           "check_stratified_split", "check_train_keep_best", "check_train_early_stopping"]


# --- normalize_images(raw) -> (n, 784) floats in [0, 1] ----------------------------------

def check_normalize_images(normalize_images, hidden=False):
    """Check ``normalize_images(raw)``: uint8 images (n, 28, 28) -> floats (n, 784) in [0, 1]."""
    raw = np.random.default_rng(0).integers(0, 256, size=(3, 28, 28), dtype=np.uint8)
    raw[0, 0, 0], raw[1, 5, 7] = 255, 0
    one_pixel = np.zeros((1, 28, 28), dtype=np.uint8)
    one_pixel[0, 0, 1] = 255  # row 0, column 1: pixel number 1 when flattened row by row
    expected_one = np.zeros((1, 784))
    expected_one[0, 1] = 1.0
    hidden_raw = np.random.default_rng(60).integers(0, 256, size=(5, 28, 28), dtype=np.uint8)
    cases = [
        Case("three random images: values and shape", (raw,), raw.reshape(3, 784) / 255.0,
             hint="Divide by 255 (the largest grey level), not 256, and make each image one "
                  "row of 784 numbers. The result must be a float array (integer division // "
                  "gives only 0s and 1s)."),
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
        ("each image becomes ONE row of 784 pixels: the result has shape (n, 784).",
         lambda raw: raw / 255.0),
    ]
    run_check("normalize_images", normalize_images, cases,
              hint="Flatten each image, row by row, into one row of 784 numbers, and map the "
                   "grey levels 0 … 255 to 0 … 1 with floating-point division.",
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
    logits = np.random.default_rng(1).normal(size=(5, 4)) * 2
    labels = np.array([0, 3, 1, 1, 2])
    hidden_logits = np.random.default_rng(61).normal(size=(8, 6)) * 5
    hidden_labels = np.random.default_rng(62).integers(0, 6, 8)
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
    run_check("softmax_cross_entropy", softmax_cross_entropy, cases,
              hint="Work with log-probabilities shifted by each row's maximum (the log-sum-exp "
                   "trick of the exercise text), never with exp of the raw logits, and average "
                   "−log p of each sample's true class.", mistakes=mistakes,
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
    big = np.random.default_rng(2).dirichlet(np.ones(10) * 0.3, size=200)
    big_labels = np.random.default_rng(3).integers(0, 10, size=200)
    big2 = np.random.default_rng(63).dirichlet(np.ones(10) * 0.3, size=300)
    big2_labels = np.random.default_rng(64).integers(0, 10, size=300)
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
    run_check("most_confident_mistakes", most_confident_mistakes, cases,
              mistakes=mistakes, hidden=hidden,
              forbidden=("nnlib.metrics.most_confident_mistakes",),
              hint="A mistake is a row whose largest probability is not at its label; rank the "
                   "mistakes by that largest probability, highest first, and keep at most k "
                   "row numbers.")


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
    big_true = np.random.default_rng(4).integers(0, 10, size=500)
    big_pred = np.where(np.random.default_rng(5).random(500) < 0.8, big_true, np.random.default_rng(6).integers(0, 10, 500))
    h_true = np.random.default_rng(65).choice([0, 1, 2, 4, 5, 6, 7], size=400)
    h_pred = np.where(np.random.default_rng(66).random(400) < 0.7, h_true, np.random.default_rng(67).integers(0, 8, 400))
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
    run_check("per_class_accuracy", per_class_accuracy, cases, mistakes=mistakes,
              hidden=hidden,
              hint="For each class, look only at the samples whose true label is that class and "
                   "count how many were predicted right; a class without samples gets nan.")


# --- Exercise 5 (multi-step): keep the best epoch ----------------------------------------------
#
# (a) stratified_split(y, fraction, seed) -> (train_idx, val_idx)
# (b) train_keep_best(network, X, y, X_val, y_val, epochs, learning_rate, batch_size, seed)
#     -> (best, val_accuracies)
# (c) train_early_stopping(network, X, y, X_val, y_val, max_epochs, patience, learning_rate,
#     batch_size, seed) -> (best, best_epoch, val_accuracies)

_COPY_HINT = ("copies, not references: keep `best = network.copy()` (or network.get_params(), "
              "which copies every array) at the moment the validation accuracy improves. "
              "`best = network`, `network.params` or `dict(network.params)` only name the "
              "arrays that the next epochs go on changing in place.")
_FIT_CALL = ("network.fit(X, y, epochs=1, batch_size=batch_size, learning_rate=learning_rate, "
             "seed=seed + epoch)")


def _in_place_failure(name):
    return WrongResult(f"your function changed its input `{name}` in place",
                       f"do not modify the arguments (e.g. rng.shuffle({name}) or "
                       f"`{name}[...] = ...`): work on indices, or on `{name}.copy()`.")


def _index_array(value, name):
    value = require_array(value, name) if isinstance(value, (list, tuple)) else value
    if not isinstance(value, np.ndarray) or value.ndim != 1:
        raise WrongResult(f"{name} must be a 1-D array of row numbers, got {_kind(value)}",
                          "return two 1-D integer arrays of row numbers (indices into y).")
    if value.dtype == bool:
        raise WrongResult(f"{name} is a boolean mask, not row numbers",
                          "return the row numbers themselves: np.flatnonzero(mask) turns a "
                          "mask into indices.")
    if value.size and not np.issubdtype(value.dtype, np.integer):
        raise WrongResult(f"{name} has dtype {value.dtype}, not integers",
                          "row numbers are integers: np.flatnonzero, rng.permutation and "
                          "np.concatenate of integer arrays give them (np.array([]) is float: "
                          "use np.array([], dtype=int)).")
    return value


def _split_of(result):
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise WrongResult(f"expected a pair (train_idx, val_idx), got {_kind(result)}",
                          "return both index arrays: `return train_idx, val_idx`.")
    return _index_array(result[0], "train_idx"), _index_array(result[1], "val_idx")


def _first_rows_of_each_class(y, fraction, last=False):
    picked = []
    for label in np.unique(y):
        rows = np.flatnonzero(y == label)
        k = round(fraction * len(rows))
        picked.append(rows[len(rows) - k:] if last else rows[:k])
    return np.sort(np.concatenate(picked))


def _judge_split(train, val, y, fraction):
    n = len(y)
    both = np.concatenate([train, val])
    outside = both[(both < 0) | (both >= n)]
    if outside.size:
        raise WrongResult(f"index {outside[0]} is not a row of y (which has {n} rows)",
                          "return row numbers 0 .. len(y) - 1.")
    shared = np.intersect1d(train, val)
    if shared.size:
        raise WrongResult(f"{shared.size} rows are in both sets (row {shared[0]}, ...)",
                          "a validation row must leave the training set: train_idx holds "
                          "every row that is not in val_idx (np.setdiff1d does that).")
    for name, part in (("train_idx", train), ("val_idx", val)):
        if len(np.unique(part)) != len(part):
            raise WrongResult(f"a row appears twice in {name}",
                              "draw without replacement: rng.permutation(rows)[:k] (or "
                              "rng.choice(rows, k, replace=False)).")
    missing = np.setdiff1d(np.arange(n), both)
    if missing.size:
        raise WrongResult(f"{missing.size} rows are in neither set (row {missing[0]}, ...)",
                          "every row goes to exactly one of the two sets.")
    for label in np.unique(y):
        n_k = int(np.sum(y == label))
        want, got = round(fraction * n_k), int(np.sum(y[val] == label))
        if got != want:
            if got == int(fraction * n_k):
                hint = (f"round to the nearest whole number: {fraction:g} · {n_k} = "
                        f"{fraction * n_k:g} rows becomes {want}; int() cuts it down to {got}.")
            else:
                hint = ("stratify: split each class on its own (rows = np.flatnonzero(y == "
                        "label)) and send round(fraction · n_k) of its rows to validation, so "
                        "that every class keeps its share.")
            raise WrongResult(f"class {label} has {n_k} rows, so {want} of them belong in the "
                              f"validation set; yours holds {got}", hint)


def _split_adapter(function):
    def stratified_split(y, fraction, seed):
        pristine = y.copy()
        train, val = _split_of(function(y, fraction, seed))
        if not np.array_equal(y, pristine):
            raise _in_place_failure("y")
        _judge_split(train, val, y, fraction)
        val_sorted = np.sort(val)
        for what in ("first", "last"):
            if np.array_equal(val_sorted, _first_rows_of_each_class(y, fraction, what == "last")):
                raise WrongResult(f"the validation rows are the {what} rows of each class",
                                  "draw them at random: shuffle each class's rows with "
                                  "rng.permutation, rng = np.random.default_rng(seed), before "
                                  "taking the first round(fraction · n_k).")
        try:
            again = np.sort(_split_of(function(y.copy(), fraction, seed))[1])
            other = np.sort(_split_of(function(y.copy(), fraction, seed + 1))[1])
        except NotImplementedError:
            raise WrongResult("your function raised NotImplementedError when called again, "
                              "although it answers others",
                              "the exercise is only partly done: make it work for every "
                              "input the docstring allows.") from None
        if not np.array_equal(again, val_sorted):
            raise WrongResult(f"called twice with seed={seed}, it gave two different splits",
                              "draw from a generator made from the seed inside your function, "
                              "rng = np.random.default_rng(seed), not from np.random.seed or "
                              "the global np.random functions.")
        if np.array_equal(other, val_sorted):
            raise WrongResult(f"seeds {seed} and {seed + 1} gave the same split",
                              "use the seed argument: rng = np.random.default_rng(seed).")
        return True
    return stratified_split


def _labels(sizes, labels=None, shuffle_seed=None):
    labels = range(len(sizes)) if labels is None else labels
    y = np.concatenate([np.full(n, label) for label, n in zip(labels, sizes)])
    return y if shuffle_seed is None else np.random.default_rng(shuffle_seed).permutation(y)


def check_stratified_split(stratified_split, hidden=False):
    """Check ``stratified_split(y, fraction, seed)``: a seeded random split of the rows into
    (train_idx, val_idx) in which each class sends round(fraction · n_k) rows to validation."""
    everything = lambda result: result is True  # noqa: E731  (the adapter judges)
    cases = [
        Case("3 classes of 50, 30 and 20 rows, fraction 0.2, seed 0",
             (_labels([50, 30, 20]), 0.2, 0), everything),
        Case("2 classes of 39 and 41 rows, fraction 0.25 (9.75 and 10.25 rows: 10 each)",
             (_labels([39, 41]), 0.25, 1), everything),
        Case("5 classes of 20 rows in shuffled order, fraction 0.3, seed 7",
             (_labels([20] * 5, shuffle_seed=8), 0.3, 7), everything),
        Case("labels 3, 5 and 9 (not 0, 1, 2), fraction 0.1, seed 2",
             (_labels([40, 60, 30], labels=[3, 5, 9], shuffle_seed=9), 0.1, 2), everything),
        Case("10 classes of 22 to 57 rows, shuffled, fraction 0.1, seed 123",
             (_labels([23, 31, 40, 57, 22, 38, 44, 51, 29, 36], shuffle_seed=68), 0.1, 123),
             everything, hidden=True),
        Case("4 classes, fraction 0.35, seed 5",
             (_labels([17, 26, 9, 48], shuffle_seed=69), 0.35, 5), everything, hidden=True),
    ]
    run_check("stratified_split", _split_adapter(stratified_split), cases, hidden=hidden,
              hint="Split each class on its own: shuffle its rows with a generator made from "
                   "the seed and send round(fraction · n_k) of them to validation; every other "
                   "row is a training row.")


# --- (b) and (c): networks that record how they are trained --------------------------------------

class _RecordingNetwork(Network):
    """A real nnlib network that notes the arguments of every ``fit`` call."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.calls = []

    def _record(self, epochs, batch_size, learning_rate, kwargs):
        self.calls.append({"epochs": epochs, "batch_size": batch_size,
                           "learning_rate": learning_rate, "seed": kwargs.get("seed")})

    def fit(self, X, y, epochs=10, batch_size=32, learning_rate=0.1, optimizer="sgd", **kwargs):
        self._record(epochs, batch_size, learning_rate, kwargs)
        return super().fit(X, y, epochs=epochs, batch_size=batch_size,
                           learning_rate=learning_rate, optimizer=optimizer, **kwargs)


class _ScriptedNetwork(_RecordingNetwork):
    """An nnlib network whose ``fit`` follows a script instead of learning.

    Each epoch moves the parameters, in place as SGD does, to a prepared set whose accuracy
    on the checks' validation points is the next one of ``script``; W1[1, 1] holds the epoch
    number.  The points are x = −4.5, −3.5, …, 4.5 (second feature 0) with label x > 0; the
    output is class 1 where x > t, so a threshold t = ±k misclassifies k of the 10 points.
    """

    X_VAL = np.column_stack([np.arange(-4.5, 5.0, 1.0), np.zeros(10)])
    Y_VAL = (X_VAL[:, 0] > 0).astype(np.int64)
    Y_TRAIN = 1 - Y_VAL  # the same points with the opposite labels: accuracy 1 − a

    def __init__(self, script):
        super().__init__([2, 2], "softmax", loss="cross_entropy", seed=0)
        self.script = list(script)
        self.epochs_done = 0
        self._move_to(0, 0.5)

    def _move_to(self, epoch, accuracy):
        wrong = int(round(10 * (1 - accuracy)))
        threshold = wrong if epoch % 2 else -wrong  # equal accuracies, different parameters
        scale = 1.0 + epoch
        self.params["W1"][...] = [[0.0, scale], [0.0, float(epoch)]]
        self.params["b1"][...] = [0.0, -scale * threshold]

    def fit(self, X, y, epochs=10, batch_size=32, learning_rate=0.1, optimizer="sgd", **kwargs):
        self._record(epochs, batch_size, learning_rate, kwargs)
        history = History(learning_rate=learning_rate)
        for _ in range(int(epochs)):
            if self.epochs_done >= len(self.script):
                raise WrongResult(f"your function trained more than the "
                                  f"{len(self.script)} epochs allowed",
                                  "train at most the number of epochs asked for: "
                                  "for epoch in range(1, epochs + 1) (max_epochs in (c)).")
            self.epochs_done += 1
            self._move_to(self.epochs_done, self.script[self.epochs_done - 1])
            history.loss.append(self.cost(X, y))
            history.accuracy.append(self.score(X, y))
            if kwargs.get("validation_data") is not None:
                history.val_loss.append(self.cost(*kwargs["validation_data"]))
                history.val_accuracy.append(self.score(*kwargs["validation_data"]))
            callbacks = kwargs.get("callbacks") or ()
            callbacks = [callbacks] if callable(callbacks) else callbacks
            if any([bool(cb(history, self)) for cb in callbacks]):
                history.stopped_early = True
                break
        return history


def _scripted(script):
    net = _ScriptedNetwork(script)
    X = net.X_VAL.copy()
    return net, X, net.Y_TRAIN.copy(), X.copy(), net.Y_VAL.copy()


def _blobs(seed, n):
    """Three overlapping Gaussian blobs in 2-D: (X, y) with n rows."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n)
    centres = np.array([[0.0, 1.0], [1.0, -0.5], [-1.0, -0.5]])
    return centres[y] + 0.6 * rng.normal(size=(n, 2)), y


def _real(seed):
    net = _RecordingNetwork([2, 8, 3], ["tanh", "softmax"], loss="cross_entropy", seed=seed)
    X, y = _blobs(seed + 100, 150)
    X_val, y_val = _blobs(seed + 200, 90)
    return net, X, y, X_val, y_val


def _reference_training(network, X, y, X_val, y_val, max_epochs, patience, learning_rate,
                        batch_size, seed):
    """The right loop, on ``network`` (a copy of the learner's): every epoch's parameters and
    accuracies, the best epoch, and the epoch after which training stops."""
    params, val, train = [], [], []
    best_epoch, best_accuracy = 0, -np.inf
    for epoch in range(1, max_epochs + 1):
        network.fit(X, y, epochs=1, batch_size=batch_size, learning_rate=learning_rate,
                    seed=seed + epoch)
        params.append(network.get_params())
        val.append(network.score(X_val, y_val))
        train.append(network.score(X, y))
        if val[-1] > best_accuracy:
            best_epoch, best_accuracy = epoch, val[-1]
        elif patience is not None and epoch - best_epoch >= patience:
            break
    return {"params": params, "val": val, "train": train, "best_epoch": best_epoch}


def _same_params(a, b):
    return set(a) == set(b) and all(
        np.shape(a[k]) == np.shape(b[k]) and np.allclose(a[k], b[k], rtol=1e-10, atol=1e-12)
        for k in a)


def _judge_calls(network, seed, batch_size, learning_rate):
    for epoch, call in enumerate(network.calls, start=1):
        if call["epochs"] != 1:
            raise WrongResult(f"fit call {epoch} trained epochs={call['epochs']} at once",
                              f"train one epoch per call, so that you can measure after each: "
                              f"{_FIT_CALL}.")
        if call["seed"] != seed + epoch:
            raise WrongResult(f"fit call {epoch} used seed={call['seed']}, not seed + {epoch} "
                              f"= {seed + epoch}",
                              f"give each epoch its own shuffling order, with epochs counted "
                              f"from 1: {_FIT_CALL}.")
        if call["batch_size"] != batch_size or call["learning_rate"] != learning_rate:
            raise WrongResult(f"fit call {epoch} used batch_size={call['batch_size']}, "
                              f"learning_rate={call['learning_rate']}",
                              f"pass the function's own batch_size and learning_rate: "
                              f"{_FIT_CALL}.")


def _accuracies(values, reference, what):
    if isinstance(values, np.ndarray):
        values = values.tolist()
    if not isinstance(values, (list, tuple)):
        raise WrongResult(f"{what} must be a list of numbers, got {_kind(values)}",
                          "collect them in a list: val_accuracies.append(network.score(X_val, "
                          "y_val)) after each epoch.")
    try:
        values = [float(v) for v in values]
    except (TypeError, ValueError):
        raise WrongResult(f"{what} must hold numbers (one accuracy per epoch)",
                          "append network.score(X_val, y_val), a number, after each "
                          "epoch.") from None
    expected = reference["val"]
    if len(values) == len(expected) and np.allclose(values, expected, rtol=1e-12, atol=0):
        return values
    if len(values) == len(expected) and np.allclose(values, reference["train"], rtol=1e-12):
        raise WrongResult(f"{what} are the accuracies on the training data",
                          "measure on the validation data, the data the network never "
                          "trains on: network.score(X_val, y_val).")
    return values


def _judge_best(best, network, reference, values):
    best_epoch = reference["best_epoch"]
    if best is network:
        raise WrongResult("you returned the network being trained itself, which holds the "
                          "weights of the last epoch", _COPY_HINT)
    if not isinstance(best, Network):
        raise WrongResult(f"best must be a Network, got {_kind(best)}",
                          "return a whole network: best = network.copy() at the best epoch.")
    shared = [k for k in best.params if k in network.params
              and np.shares_memory(best.params[k], network.params[k])]
    if shared:
        raise WrongResult(f"best shares its {shared[0]} array with the network being trained, "
                          "so further training changes it", _COPY_HINT)
    epochs = [e for e, p in enumerate(reference["params"], start=1)
              if _same_params(best.params, p)]
    if best_epoch in epochs:
        return
    accuracy = reference["val"]
    wanted = (f"epoch {best_epoch} had the highest validation accuracy "
              f"({accuracy[best_epoch - 1]:.0%})")
    if not epochs:
        raise WrongResult(f"best holds the parameters of no epoch of this run; {wanted}",
                          "copy the network right after measuring the epoch that beats the "
                          "best so far: best = network.copy().")
    epoch = epochs[0]
    if accuracy[epoch - 1] == accuracy[best_epoch - 1]:
        raise WrongResult(f"best holds epoch {epoch}'s parameters, which tie with epoch "
                          f"{best_epoch}'s accuracy; the earliest best is wanted",
                          "on a tie keep the earlier epoch: replace the best only when the "
                          "accuracy is strictly higher (>, not >=).")
    if epoch == len(values):
        raise WrongResult(f"best holds the parameters of the last epoch ({epoch}); {wanted}",
                          _COPY_HINT)
    raise WrongResult(f"best holds the parameters of epoch {epoch}; {wanted}",
                      "after each epoch compare its validation accuracy with the best so far, "
                      "and copy the network when it is higher.")


def _keep_best_adapter(function):
    def train_keep_best(network, X, y, X_val, y_val, epochs, learning_rate, batch_size, seed):
        reference = _reference_training(copy.deepcopy(network), X, y, X_val, y_val, epochs,
                                        None, learning_rate, batch_size, seed)
        result = function(network, X, y, X_val, y_val, epochs, learning_rate, batch_size, seed)
        _judge_calls(network, seed, batch_size, learning_rate)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise WrongResult(f"expected a pair (best, val_accuracies), got {_kind(result)}",
                              "return both: `return best, val_accuracies`.")
        best, values = result
        values = _accuracies(values, reference, "val_accuracies")
        if len(network.calls) != epochs:
            raise WrongResult(f"your function called fit {len(network.calls)} times for "
                              f"{epochs} epochs", f"one call per epoch: {_FIT_CALL}.")
        if len(values) != epochs:
            raise WrongResult(f"val_accuracies has {len(values)} entries for {epochs} epochs",
                              "append one validation accuracy per epoch.")
        if not np.allclose(values, reference["val"], rtol=1e-12, atol=0):
            raise WrongResult(f"val_accuracies: expected {np.round(reference['val'], 4)}\n"
                              f"   got      {np.round(values, 4)}",
                              f"after each epoch's {_FIT_CALL}, measure "
                              "network.score(X_val, y_val).")
        _judge_best(best, network, reference, values)
        return True
    return train_keep_best


def check_train_keep_best(train_keep_best, hidden=False):
    """Check ``train_keep_best(network, X, y, X_val, y_val, epochs, learning_rate, batch_size,
    seed)`` -> (best, val_accuracies): one epoch per fit call, the validation accuracy after
    each, and an independent copy of the network at the earliest best epoch."""
    everything = lambda result: result is True  # noqa: E731  (the adapter judges)
    cases = [
        Case("validation accuracies 60, 80, 90, 70, 90, 80 %: the best is epoch 3",
             (*_scripted([0.6, 0.8, 0.9, 0.7, 0.9, 0.8]), 6, 0.5, 10, 0), everything),
        Case("accuracies 90, 80, 70 %: the best is the first epoch",
             (*_scripted([0.9, 0.8, 0.7]), 3, 0.5, 10, 4), everything),
        Case("a real 2-8-3 network on 150 points, 6 epochs of SGD",
             (*_real(0), 6, 0.5, 10, 0), everything),
        Case("accuracies 50, 70, 70, 60, 100, 70, 60 %",
             (*_scripted([0.5, 0.7, 0.7, 0.6, 1.0, 0.7, 0.6]), 7, 0.1, 5, 3), everything,
             hidden=True),
        Case("a real 2-8-3 network, another seed, 8 epochs",
             (*_real(1), 8, 0.3, 15, 11), everything, hidden=True),
    ]
    run_check("train_keep_best", _keep_best_adapter(train_keep_best), cases, hidden=hidden,
              hint="Train one epoch per fit call, measure the validation accuracy after each, "
                   "and keep a copy of the network whenever it beats every earlier epoch.")


def _early_stopping_adapter(function):
    def train_early_stopping(network, X, y, X_val, y_val, max_epochs, patience, learning_rate,
                             batch_size, seed):
        reference = _reference_training(copy.deepcopy(network), X, y, X_val, y_val, max_epochs,
                                        patience, learning_rate, batch_size, seed)
        result = function(network, X, y, X_val, y_val, max_epochs, patience, learning_rate,
                          batch_size, seed)
        _judge_calls(network, seed, batch_size, learning_rate)
        if not isinstance(result, (tuple, list)) or len(result) != 3:
            raise WrongResult(f"expected (best, best_epoch, val_accuracies), got "
                              f"{_kind(result)}",
                              "return all three: `return best, best_epoch, val_accuracies`.")
        best, best_epoch, values = result
        values = _accuracies(values, reference, "val_accuracies")
        stop, right = len(reference["val"]), reference["best_epoch"]
        if len(values) != len(network.calls):
            raise WrongResult(f"val_accuracies has {len(values)} entries for "
                              f"{len(network.calls)} epochs trained",
                              "append one validation accuracy per epoch trained.")
        if len(values) != stop:
            when = (f"it should stop after epoch {stop}: epoch {right} was the last new best "
                    f"and patience is {patience}" if stop < max_epochs else
                    f"it should train all {max_epochs} epochs: no run of {patience} epochs "
                    "without a new best")
            if len(values) > stop:
                hint = ("count the epochs since the last new best and stop as soon as that "
                        "count reaches patience (epoch − best_epoch == patience); a tie is "
                        "not an improvement.")
            else:
                hint = ("count the epochs since the last new best (a higher accuracy than "
                        "every earlier one, not just than the previous epoch), and stop only "
                        "when that count reaches patience.")
            raise WrongResult(f"your function trained {len(values)} epochs; {when}", hint)
        if not np.allclose(values, reference["val"], rtol=1e-12, atol=0):
            raise WrongResult(f"val_accuracies: expected {np.round(reference['val'], 4)}\n"
                              f"   got      {np.round(values, 4)}",
                              f"after each epoch's {_FIT_CALL}, measure "
                              "network.score(X_val, y_val).")
        if isinstance(best_epoch, (bool, np.bool_)) or not isinstance(best_epoch,
                                                                      (int, np.integer)):
            raise WrongResult(f"best_epoch must be a whole number, got {_kind(best_epoch)}",
                              "return the number of the best epoch, counted from 1.")
        if best_epoch != right:
            hint = ("epochs are counted from 1: the first epoch is epoch 1."
                    if best_epoch == right - 1 else
                    "best_epoch is the epoch whose validation accuracy is the highest (the "
                    "earliest one on a tie).")
            raise WrongResult(f"best_epoch is {best_epoch}, expected {right}", hint)
        _judge_best(best, network, reference, values)
        return True
    return train_early_stopping


def check_train_early_stopping(train_early_stopping, hidden=False):
    """Check ``train_early_stopping(network, X, y, X_val, y_val, max_epochs, patience,
    learning_rate, batch_size, seed)`` -> (best, best_epoch, val_accuracies): the loop of (b)
    that stops once ``patience`` epochs in a row brought no new best."""
    everything = lambda result: result is True  # noqa: E731  (the adapter judges)
    cases = [
        Case("accuracies 60, 80, 70, 80, 70, 90, ... % with patience 3: stop after epoch 5 "
             "(the tie at epoch 4 is no improvement)",
             (*_scripted([0.6, 0.8, 0.7, 0.8, 0.7, 0.9, 0.9, 0.6]), 8, 3, 0.5, 10, 0),
             everything),
        Case("accuracies 50, 50, 60, 60, 70, 70, 80 % with patience 2: never stops, best is "
             "epoch 7", (*_scripted([0.5, 0.5, 0.6, 0.6, 0.7, 0.7, 0.8]), 7, 2, 0.5, 10, 1),
             everything),
        Case("accuracies 90, 80, 70, ... % with patience 1: stop after epoch 2",
             (*_scripted([0.9, 0.8, 0.7, 0.6, 0.5]), 5, 1, 0.5, 10, 2), everything),
        Case("a real 2-8-3 network on 150 points, at most 12 epochs, patience 2",
             (*_real(2), 12, 2, 0.5, 10, 0), everything),
        Case("accuracies 70, 60, 80, 80, 80, 70, 90, 100 % with patience 3",
             (*_scripted([0.7, 0.6, 0.8, 0.8, 0.8, 0.7, 0.9, 1.0]), 8, 3, 0.2, 4, 9),
             everything, hidden=True),
        Case("a real 2-8-3 network, another seed, at most 10 epochs, patience 3",
             (*_real(3), 10, 3, 0.3, 15, 5), everything, hidden=True),
    ]
    run_check("train_early_stopping", _early_stopping_adapter(train_early_stopping), cases,
              hidden=hidden,
              hint="Keep the number of the best epoch beside its copy, and stop as soon as "
                   "`patience` epochs have passed without a new best (a tie is not one).")
