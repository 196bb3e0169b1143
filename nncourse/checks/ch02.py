"""Self-checks for the exercises of chapter 2 (the perceptron)."""

import functools

import numpy as np

from ._core import Case, WrongResult, require_array, run_check

__all__ = ["check_margin", "check_predict_neuron", "check_sse_loss",
           "check_tanh_prime_from_output", "check_multiclass_predict", "check_multiclass_epoch",
           "check_multiclass_train"]


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


# --- margin(X, y, w, b) -> the signed distance of the sample nearest to the line ------------

def _reference_margin(X, y, w, b):
    signs = 2.0 * np.asarray(y, dtype=np.float64) - 1.0
    return float(np.min(signs * (X @ w + b)) / np.linalg.norm(w))


def _signs(y):
    return 2.0 * np.asarray(y, dtype=np.float64) - 1.0


_MARGIN_MISTAKES = [
    ("divide by the length of w, ‖w‖ = np.linalg.norm(w): w·x + b alone is not a distance "
     "(it grows when w and b are scaled, although the line stays where it is).",
     lambda X, y, w, b: np.min(_signs(y) * (X @ w + b))),
    ("divide by ‖w‖, not by ‖w‖²: the distance of x from the line is (w·x + b) / ‖w‖.",
     lambda X, y, w, b: np.min(_signs(y) * (X @ w + b)) / np.dot(w, w)),
    ("the length to divide by is that of w alone: the bias shifts the line, it does not tilt "
     "it, so it does not belong in the norm.",
     lambda X, y, w, b: np.min(_signs(y) * (X @ w + b)) / np.linalg.norm(np.append(w, b))),
    ("keep the sign: a sample on the wrong side must give a negative distance, so multiply by "
     "+1 for class 1 and −1 for class 0 (2y − 1) instead of taking the absolute value.",
     lambda X, y, w, b: np.min(np.abs(X @ w + b)) / np.linalg.norm(w)),
    ("the labels are 0 and 1: turn them into signs +1 and −1 with 2y − 1 before multiplying "
     "(y itself makes every class-0 distance 0).",
     lambda X, y, w, b: np.min(np.asarray(y) * (X @ w + b)) / np.linalg.norm(w)),
    ("the sign is +1 for class 1 (the side w points to) and −1 for class 0; yours is the "
     "other way round.",
     lambda X, y, w, b: np.min(-_signs(y) * (X @ w + b)) / np.linalg.norm(w)),
    ("the margin is the distance of the NEAREST sample: take the minimum, not the maximum "
     "or the mean.",
     lambda X, y, w, b: np.max(_signs(y) * (X @ w + b)) / np.linalg.norm(w)),
    ("the margin is the distance of the nearest sample: take the minimum, not the mean.",
     lambda X, y, w, b: np.mean(_signs(y) * (X @ w + b)) / np.linalg.norm(w)),
]


def check_margin(margin, hidden=False):
    """Check ``margin(X, y, w, b)``: min over the samples of (2y − 1)(w·x + b) / ‖w‖."""
    X = np.array([[0.0, 3.0], [1.0, 2.0], [3.0, 0.0], [4.0, 1.0]])
    y = np.array([0, 0, 1, 1])
    w = np.array([1.0, -1.0])
    X5 = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0], [2.0, 2.0, 0.0], [-1.0, 0.5, 0.5],
                   [0.0, -2.0, 1.0]])
    y5, w5 = np.array([1, 0, 1, 0, 1]), np.array([2.0, -1.0, 2.0])
    rng = np.random.default_rng(25)
    X20 = rng.normal(size=(20, 3))
    w20 = np.array([1.5, -0.5, 2.0])
    y20 = (X20 @ w20 + 0.3 >= 0).astype(int)
    X_on = np.array([[1.0, 1.0], [2.0, 0.0], [0.0, 3.0]])
    cases = [
        Case("a line that separates the 4 samples: the distance of the nearest one",
             (X, y, w, 0.0), _reference_margin(X, y, w, 0.0),
             hint="The signed distance of x from the line is (w·x + b) / ‖w‖; multiply it by "
                  "+1 for class 1 and −1 for class 0 (2y − 1), then take the smallest."),
        Case("the same line with w and b multiplied by 10: the same margin",
             (X, y, 10 * w, 0.0), _reference_margin(X, y, w, 0.0),
             hint="Scaling w and b does not move the line, so it cannot change a distance: "
                  "divide by ‖w‖ = np.linalg.norm(w)."),
        Case("a line with a bias b = −1", (X, y, w, -1.0), _reference_margin(X, y, w, -1.0),
             hint="Include the bias in w·x + b, and divide by the length of w alone."),
        Case("a line with a class-1 sample on the wrong side: the margin is negative",
             (X, y, w, -3.5), _reference_margin(X, y, w, -3.5),
             hint="A misclassified sample has a negative signed distance: keep the sign."),
        Case("5 samples with 3 inputs each", (X5, y5, w5, 0.5),
             _reference_margin(X5, y5, w5, 0.5),
             hint="Work on the whole batch: X @ w + b gives every sample's w·x + b at once."),
        Case("20 samples that a plane separates", (X20, y20, w20, 0.3),
             _reference_margin(X20, y20, w20, 0.3), hidden=True),
        Case("a class-1 sample exactly on the line: the margin is 0",
             (X_on, np.array([1, 1, 0]), np.array([1.0, 1.0]), -2.0),
             _reference_margin(X_on, np.array([1, 1, 0]), np.array([1.0, 1.0]), -2.0),
             hidden=True),
        Case("the scaled line of 5 samples, b = −1", (X5, y5, 4 * w5, -1.0),
             _reference_margin(X5, y5, w5, -0.25), hidden=True),
    ]
    return run_check("margin", margin, cases,
                     hint="margin = min over the samples of (2y − 1)(w·x + b) / ‖w‖, "
                          "one number.", mistakes=_MARGIN_MISTAKES, hidden=hidden)


# --- predict_neuron(X, w, b) -> sigmoid(X @ w + b) ------------------------------------------

def check_predict_neuron(predict_neuron, hidden=False):
    """Check ``predict_neuron(X, w, b)``: the sigmoid outputs σ(X w + b) of a batch."""
    X = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=np.float64)
    w = np.array([[-0.16595599], [0.44064899], [-0.99977125]])
    X5 = np.array([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0], [0.0, 0.0, 0.0], [-2.0, 3.0, 1.0],
                   [1.0, -1.0, 0.5]])
    W2, b2 = np.array([[1.0, -2.0], [0.5, 0.0], [-1.0, 3.0]]), np.array([0.5, -1.0])
    big = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
    w_big = np.array([[1000.0], [-1000.0], [0.0]])
    rng = np.random.default_rng(21)
    X6, W3, b3 = rng.normal(size=(6, 4)), rng.normal(size=(4, 3)), rng.normal(size=3)
    cases = [
        Case("the tutorial's 4 samples and starting weights, bias 0.5: outputs of shape (4, 1)",
             (X, w, np.array([0.5])), _sigmoid(X @ w + 0.5),
             hint="Samples are rows: the weighted sums of the whole batch are X @ w + b, "
                  "shape (n_samples, 1); then apply the sigmoid."),
        Case("5 samples, two neurons side by side (w (3, 2), b (2,)): outputs (5, 2)",
             (X5, W2, b2), _sigmoid(X5 @ W2 + b2),
             hint="Compute X @ w + b (not w.T @ X or X.T @ w): one row per sample and one "
                  "column per neuron; b adds one bias to each column."),
        Case("huge weighted sums (±1000): exactly 1 and 0, no NaN",
             (big, w_big, np.array([0.0])), np.array([[1.0], [0.0]]),
             hint="exp(1000) overflows to inf and inf/inf is NaN. 1 / (1 + np.exp(-z)) "
                  "gives 1 / inf = 0 there instead; e = np.exp(-np.abs(z)) never overflows "
                  "at all (then σ(z) is 1 / (1 + e) for z ≥ 0 and e / (1 + e) for z < 0)."),
        Case("6 samples, 4 features, 3 neurons", (X6, W3, b3), _sigmoid(X6 @ W3 + b3),
             hidden=True),
        Case("a bias of −800 on a huge weighted sum", (big, w_big, np.array([-800.0])),
             _sigmoid(big @ w_big - 800.0), hidden=True),
    ]
    mistakes = [
        ("apply the sigmoid to the weighted sums: σ(X @ w + b), not X @ w + b.",
         lambda X, w, b: X @ w + b),
        ("σ(z) = 1 / (1 + e^(−z)): the exponent is −z (yours computes σ(−z)).",
         lambda X, w, b: _sigmoid(-(X @ w + b))),
        ("add the bias b to the weighted sums before the sigmoid: σ(X @ w + b).",
         lambda X, w, b: _sigmoid(X @ w)),
        ("add the bias, do not subtract it: σ(X @ w + b).",
         lambda X, w, b: _sigmoid(X @ w - b)),
        ("σ(X @ w + b) starts with a matrix product: X * w.T multiplies element by element.",
         lambda X, w, b: _sigmoid(np.sum(X * w.T, axis=1, keepdims=True) + b)),
    ]
    return run_check("predict_neuron", predict_neuron, cases,
                     hint="predict_neuron(X, w, b) = σ(X @ w + b) with σ(z) = 1 / (1 + e^(−z)).",
                     mistakes=mistakes,
                     forbidden=("nnlib.sigmoid", "nnlib.activations.sigmoid"), hidden=hidden)


# --- sse_loss(output, y) -> ½ Σ (a − y)² ---------------------------------------------------

def check_sse_loss(sse_loss, hidden=False):
    """Check ``sse_loss(output, y)`` = ½ Σ (output − y)², a sum over the samples."""
    A = np.array([[0.2], [0.9], [0.7], [0.1]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    labels = np.array([0, 1, 1, 0])
    A2 = np.array([[0.1, 0.8], [0.6, 0.3], [0.5, 0.5]])
    Y2 = np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    rng = np.random.default_rng(22)
    A7, Y7 = rng.uniform(size=(7, 3)), rng.integers(0, 2, (7, 3)).astype(float)
    A10, L10 = rng.uniform(size=(10, 1)), rng.integers(0, 2, 10)
    cases = [
        Case("outputs and targets of the same shape (4, 1)",
             (A, Y), 0.5 * np.sum((A - Y) ** 2),
             hint="Square each error a − y, add them all up, then halve: ½ Σ (a − y)². "
                  "Do not divide by the number of samples: that is the quadratic (mean) "
                  "loss, not the summed one."),
        Case("a perfect output gives 0", (Y.copy(), Y), 0.0),
        Case("targets given as a 1-D array of labels, shape (4,), outputs (4, 1)",
             (A, labels), 0.5 * np.sum((A - Y) ** 2),
             hint="output (4, 1) − y (4,) broadcasts to a (4, 4) table of every pair! "
                  "Reshape first: y = np.reshape(y, output.shape)."),
        Case("two outputs per sample, shape (3, 2)",
             (A2, Y2), 0.5 * np.sum((A2 - Y2) ** 2),
             hint="Sum over every sample and every output unit."),
        Case("7 samples, 3 outputs", (A7, Y7), 0.5 * np.sum((A7 - Y7) ** 2), hidden=True),
        Case("10 outputs (10, 1) and 10 labels (10,)", (A10, L10),
             0.5 * np.sum((A10[:, 0] - L10) ** 2), hidden=True),
    ]
    def flat(output, y):
        return np.reshape(y, np.shape(output))
    mistakes = [
        ("do not divide by the number of samples: ½ Σ (a − y)² is the summed loss, not the "
         "mean.", lambda o, y: 0.5 * np.mean((o - flat(o, y)) ** 2)),
        ("halve the sum: ½ Σ (a − y)², not Σ (a − y)².",
         lambda o, y: np.sum((o - flat(o, y)) ** 2)),
        ("output (n, 1) − y (n,) broadcasts to an (n, n) table of every pair! Reshape first: "
         "y = np.reshape(y, output.shape).", lambda o, y: 0.5 * np.sum((o - y) ** 2)),
        ("square the errors before adding them up: ½ Σ (a − y)², not ½ (Σ (a − y))².",
         lambda o, y: 0.5 * np.sum(o - flat(o, y)) ** 2),
    ]
    return run_check("sse_loss", sse_loss, cases,
                     hint="sse_loss(output, y) = ½ Σ (output − y)², a single number.",
                     mistakes=mistakes, forbidden=("nnlib.losses.sse",), hidden=hidden)


# --- tanh_prime_from_output(a) -> 1 − a² ---------------------------------------------------

def check_tanh_prime_from_output(tanh_prime_from_output, hidden=False):
    """Check ``tanh_prime_from_output(a)`` = 1 − a², where a = tanh(z) already."""
    a = np.array([-1.0, -0.5, 0.0, 0.5, 0.9, 1.0])
    column = np.array([[0.25], [-0.75], [0.0], [0.99]])
    hidden_a = np.random.default_rng(23).uniform(-1.0, 1.0, (3, 4))
    cases = [
        Case("a = 0.5", (np.array(0.5),), 0.75,
             hint="The input is already tanh's output a = tanh(z): return 1 - a ** 2, "
                  "do not apply tanh again."),
        Case("a vector of outputs, including the saturated ends −1 and 1",
             (a,), 1 - a ** 2,
             hint="At a = −1 or a = 1 the unit is saturated and the slope is 0; at a = 0 "
                  "(z = 0) it is largest, 1."),
        Case("a column of outputs (4, 1): same shape back",
             (column,), 1 - column ** 2,
             hint="Work element by element, keeping the shape (no sums, no dot products)."),
        Case("a (3, 4) batch of outputs", (hidden_a,), 1 - hidden_a ** 2, hidden=True),
        Case("negative outputs only", (-np.abs(hidden_a[0]),), 1 - hidden_a[0] ** 2,
             hidden=True),
    ]
    mistakes = [
        ("the input is already a = tanh(z): return 1 - a ** 2, do not apply tanh again.",
         lambda a: 1 - np.tanh(a) ** 2),
        ("a(1 − a) is the sigmoid's slope; tanh's is tanh'(z) = 1 − tanh(z)² = 1 − a².",
         lambda a: a * (1 - a)),
        ("square the output: tanh'(z) = 1 − a², not 1 − a.", lambda a: 1 - a),
        ("tanh'(z) = 1 − a², not (1 − a)²: square a, then subtract it from 1.",
         lambda a: (1 - a) ** 2),
        ("tanh'(z) = 1 − a², minus, not 1 + a².", lambda a: 1 + a ** 2),
    ]
    return run_check("tanh_prime_from_output", tanh_prime_from_output, cases,
                     hint="tanh'(z) = 1 − tanh(z)² = 1 − a².", mistakes=mistakes,
                     forbidden=("nnlib.tanh_prime", "nnlib.activations.tanh_prime"),
                     hidden=hidden)


# --- the multi-step problem: a perceptron for several classes ------------------------------
# Weights W of shape (n_features, n_classes), one column per class, and a bias row b of
# shape (n_classes,). Scores Z = X W + b; the prediction is the class of the highest score
# (ties: the lowest class index, as np.argmax). On a mistake the sample is added to the
# weights of its true class and subtracted from those of the class that was predicted.

def _reference_predict(X, W, b):
    return np.argmax(X @ W + b, axis=1)


def _reference_epoch(X, y, W, b, lr):
    """One epoch of the multi-class perceptron rule, visiting the rows in order."""
    W, b = np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)
    mistakes = 0
    for x, label in zip(X, y):
        guess = int(np.argmax(x @ W + b))
        if guess != label:
            W[:, label] += lr * x
            W[:, guess] -= lr * x
            b[label] += lr
            b[guess] -= lr
            mistakes += 1
    return W, b, mistakes


def _reference_train(X, y, n_classes, lr=1.0, max_epochs=50, epoch=_reference_epoch):
    W, b = np.zeros((np.shape(X)[1], n_classes)), np.zeros(n_classes)
    mistakes_per_epoch = []
    while len(mistakes_per_epoch) < max_epochs:
        W, b, mistakes = epoch(X, y, W, b, lr)
        mistakes_per_epoch.append(mistakes)
        if mistakes == 0:
            break
    return W, b, mistakes_per_epoch


def _grid(rng, shape, low=-4, high=4):
    """Random multiples of ½: every sum the perceptron forms is exact, on any CPU."""
    return rng.integers(low, high + 1, size=shape) / 2.0


def _clusters():
    """Three well separated groups of three 2-D points; labels 0, 1, 2."""
    X = np.array([[2.0, 0.5], [2.5, -0.5], [1.5, 0.0],
                  [-1.0, 2.0], [-0.5, 2.5], [-1.5, 1.5],
                  [-1.0, -2.0], [-1.5, -1.5], [-0.5, -2.5]])
    return X, np.array([0, 0, 0, 1, 1, 1, 2, 2, 2])


def _scores_hint(X, W, b):
    return ("the prediction is the class of the highest score in each row of X @ W + b: "
            "np.argmax(..., axis=1).")


def check_multiclass_predict(multiclass_predict, hidden=False):
    """Check ``multiclass_predict(X, W, b)``: argmax over the classes of X W + b, as integers."""
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0], [2.0, -1.0]])
    W = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, -1.0]])
    b = np.zeros(3)
    X_tie = np.array([[1.0, 1.0], [0.0, 0.0], [1.0, -1.0]])
    W_tie = np.array([[0.0, 1.0, 1.0], [0.0, 1.0, 1.0]])
    b_big = np.array([0.0, -10.0, 10.0])
    rng = np.random.default_rng(26)
    X10, W10, b10 = _grid(rng, (10, 4)), _grid(rng, (4, 5)), _grid(rng, 5)
    X3, W3 = _grid(rng, (3, 2)), _grid(rng, (2, 4))
    cases = [
        Case("4 samples, 2 inputs, 3 classes: one label per row, shape (4,)",
             (X, W, b), _reference_predict(X, W, b), integer=True,
             hint="Score every class for every sample with X @ W + b, shape (n, n_classes); "
                  "the label of a row is the column of its highest score."),
        Case("ties go to the lowest class index (np.argmax does this)",
             (X_tie, W_tie, np.zeros(3)), _reference_predict(X_tie, W_tie, np.zeros(3)),
             integer=True, hint="np.argmax returns the first of several equal maxima."),
        Case("the bias row b decides when the inputs are small",
             (X * 0.5, W, b_big), _reference_predict(X * 0.5, W, b_big), integer=True,
             hint="Add the bias row b to every row of X @ W."),
        Case("a single sample (1, 2): a label array of shape (1,)",
             (X[:1], W, b_big), _reference_predict(X[:1], W, b_big), integer=True,
             hint="Keep the batch: return an array with one label per row, even for one row."),
        Case("10 samples, 4 inputs, 5 classes", (X10, W10, b10),
             _reference_predict(X10, W10, b10), integer=True, hidden=True),
        Case("3 samples, 4 classes, no bias", (X3, W3, np.zeros(4)),
             _reference_predict(X3, W3, np.zeros(4)), integer=True, hidden=True),
    ]
    mistakes = [
        ("take the argmax over the classes of each row, axis=1: axis=0 picks, for each class, "
         "the sample with the highest score.", lambda X, W, b: np.argmax(X @ W + b, axis=0)),
        ("add the bias row b to the scores: Z = X @ W + b.",
         lambda X, W, b: np.argmax(X @ W, axis=1)),
        ("the prediction is the class with the HIGHEST score: np.argmax, not np.argmin.",
         lambda X, W, b: np.argmin(X @ W + b, axis=1)),
        ("return the labels (np.argmax), not the scores themselves.",
         lambda X, W, b: X @ W + b),
    ]
    return run_check("multiclass_predict", multiclass_predict, cases,
                     hint="multiclass_predict = np.argmax(X @ W + b, axis=1).",
                     mistakes=mistakes, hidden=hidden)


def _as_epoch_result(function):
    """The learner's (W_new, b_new, mistakes) as one array [W.ravel(), b, mistakes]."""
    @functools.wraps(function)
    def flat(X, y, W, b, lr):
        result = function(X, y, W, b, lr)
        try:
            W_new, b_new, mistakes = result
        except (TypeError, ValueError):
            raise WrongResult(f"expected the triple (W_new, b_new, mistakes), got "
                              f"{type(result).__name__}",
                              "return three things: return W_new, b_new, mistakes.") from None
        W_new = require_array(W_new, "W_new", (X, W))
        b_new = require_array(b_new, "b_new", (X, b))
        if W_new.shape != np.shape(W):
            raise WrongResult(f"W_new must have the shape of W, {np.shape(W)}; got "
                              f"{W_new.shape}", "W_new is W with some columns changed.")
        if b_new.shape != np.shape(b):
            raise WrongResult(f"b_new must have the shape of b, {np.shape(b)}; got "
                              f"{b_new.shape}", "b_new is b with some entries changed.")
        if np.ndim(mistakes) != 0 or not isinstance(mistakes, (int, np.integer)) \
                or isinstance(mistakes, bool):
            raise WrongResult(f"mistakes must be a whole number (an int), got {mistakes!r}",
                              "count the mistakes with an int: mistakes = 0 before the loop, "
                              "mistakes += 1 on each mistake.")
        return np.concatenate([W_new.ravel(), b_new, [float(mistakes)]])
    return flat


def _flat_epoch(epoch):
    def flat(X, y, W, b, lr):
        W_new, b_new, mistakes = epoch(X, y, W, b, lr)
        return np.concatenate([np.ravel(W_new), b_new, [mistakes]])
    return flat


def _epoch_batch_predictions(X, y, W, b, lr):
    """Wrong: predicts every sample with the weights of the start of the epoch."""
    W, b = np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)
    guesses = np.argmax(X @ W + b, axis=1)
    mistakes = 0
    for x, label, guess in zip(X, y, guesses):
        if guess != label:
            W[:, label] += lr * x
            W[:, guess] -= lr * x
            b[label] += lr
            b[guess] -= lr
            mistakes += 1
    return W, b, mistakes


def _epoch_variant(add_true=1.0, take_guess=1.0, bias=True, use_lr=True, sign=1.0):
    def epoch(X, y, W, b, lr):
        W, b = np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)
        step = (lr if use_lr else 1.0) * sign
        mistakes = 0
        for x, label in zip(X, y):
            guess = int(np.argmax(x @ W + b))
            if guess != label:
                W[:, label] += add_true * step * x
                W[:, guess] -= take_guess * step * x
                if bias:
                    b[label] += add_true * step
                    b[guess] -= take_guess * step
                mistakes += 1
        return W, b, mistakes
    return epoch


def _epoch_counts_after(X, y, W, b, lr):
    """Wrong: counts the samples the final weights misclassify."""
    W_new, b_new, _ = _reference_epoch(X, y, W, b, lr)
    return W_new, b_new, int(np.sum(np.argmax(X @ W_new + b_new, axis=1) != y))


_EPOCH_MISTAKES = [
    ("predict each sample with the weights as they are when you reach it, after the "
     "corrections of the samples before it, not all samples at once at the start of the "
     "epoch.", _flat_epoch(_epoch_batch_predictions)),
    ("on a mistake, also subtract lr·x from the column of the class that was predicted "
     "(and lr from its bias).", _flat_epoch(_epoch_variant(take_guess=0.0))),
    ("on a mistake, also add lr·x to the column of the true class (and lr to its bias).",
     _flat_epoch(_epoch_variant(add_true=0.0))),
    ("update the biases too: b[y] += lr and b[ŷ] −= lr (a bias is a weight whose input is "
     "always 1).", _flat_epoch(_epoch_variant(bias=False))),
    ("multiply every correction by the learning rate lr.",
     _flat_epoch(_epoch_variant(use_lr=False))),
    ("the signs are the other way round: ADD the sample to its true class's weights and "
     "subtract it from the predicted class's.", _flat_epoch(_epoch_variant(sign=-1.0))),
    ("count the mistakes as they happen during the epoch (each sample predicted wrongly when "
     "it is visited), not the samples the final weights get wrong.",
     _flat_epoch(_epoch_counts_after)),
]


def _epoch_cases():
    X, y = _clusters()
    W_good = np.array([[1.0, -0.5, -0.5], [0.0, 1.0, -1.0]])
    X6 = np.array([[1.0, 1.0], [-1.0, 1.0], [1.0, -1.0], [-1.0, -1.0], [2.0, 0.0],
                   [0.0, 2.0]])
    y6 = np.array([0, 1, 2, 1, 0, 2])
    X5 = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0],
                   [1.0, -1.0, 0.0]])
    y5 = np.array([3, 1, 2, 0, 3])
    rng = np.random.default_rng(27)
    X12, y12 = _grid(rng, (12, 3)), rng.integers(0, 4, 12)
    W12, b12 = _grid(rng, (3, 4)), _grid(rng, 4)
    rows = [
        ("weights that already classify every sample: nothing changes, 0 mistakes",
         X, y, W_good, np.zeros(3), 1.0,
         "Only a mistake changes the weights: when ŷ = y, leave W and b as they are."),
        ("from zero weights (all scores tie, so the first prediction is class 0), lr = 1",
         X[[0, 3, 6]], y[[0, 3, 6]], np.zeros((2, 3)), np.zeros(3), 1.0,
         "On a mistake, add lr·x to column y of W and subtract it from column ŷ; "
         "b[y] += lr, b[ŷ] −= lr."),
        ("6 samples: each one is predicted with the weights the samples before it left",
         X6, y6, np.zeros((2, 3)), np.zeros(3), 1.0,
         "Go through the rows in order and predict each one with the current W and b."),
        ("the learning rate scales every correction (lr = 0.5)",
         X6, y6, np.zeros((2, 3)), np.zeros(3), 0.5,
         "Multiply every correction, of W and of b, by lr."),
        ("4 classes, 3 inputs, a non-zero start",
         X5, y5, np.array([[0.5, 0.0, 0.0, -0.5], [0.0, 0.5, 0.0, 0.0],
                           [0.0, 0.0, 0.5, 0.0]]), np.array([0.0, 0.0, 0.0, 0.5]), 1.0,
         "Work with any number of classes: W has one column per class."),
        ("hidden: 12 samples, 3 inputs, 4 classes, lr = 0.25", X12, y12, W12, b12, 0.25, ""),
        ("hidden: the nine clustered points from zero weights", X, y, np.zeros((2, 3)),
         np.zeros(3), 1.0, ""),
    ]
    cases = []
    for description, X_, y_, W_, b_, lr, hint in rows:
        cases.append(Case(f"{description} (result shown as [W.ravel(), b, mistakes])",
                          (X_, y_, W_, b_, lr), _flat_epoch(_reference_epoch)(X_, y_, W_, b_, lr),
                          hint=hint, hidden=description.startswith("hidden")))
    return cases


def check_multiclass_epoch(multiclass_epoch, hidden=False):
    """Check ``multiclass_epoch(X, y, W, b, lr)`` -> (W_new, b_new, mistakes)."""
    return run_check("multiclass_epoch", _as_epoch_result(multiclass_epoch), _epoch_cases(),
                     hint="For each row x with label y in order: ŷ = argmax(x @ W + b); if "
                          "ŷ ≠ y, W[:, y] += lr·x, W[:, ŷ] −= lr·x, b[y] += lr, b[ŷ] −= lr "
                          "and count the mistake.", mistakes=_EPOCH_MISTAKES, hidden=hidden)


def _as_training(function):
    """The learner's (W, b, mistakes_per_epoch) as one array [W.ravel(), b, mistakes...]."""
    @functools.wraps(function)
    def flat(X, y, n_classes, lr, max_epochs, epoch):
        _, _, expected = _reference_train(np.copy(X), np.copy(y), n_classes, lr, max_epochs)
        result = function(X, y, n_classes, lr, max_epochs, epoch)
        try:
            W, b, per_epoch = result
        except (TypeError, ValueError):
            raise WrongResult(f"expected the triple (W, b, mistakes_per_epoch), got "
                              f"{type(result).__name__}",
                              "return three things: return W, b, mistakes_per_epoch.") from None
        W = require_array(W, "W", (X,))
        b = require_array(b, "b", (X,))
        shape = (np.shape(X)[1], n_classes)
        if W.shape != shape:
            raise WrongResult(f"W must have shape (n_features, n_classes) = {shape}; got "
                              f"{W.shape}", "start from W = np.zeros((n_features, n_classes)).")
        if b.shape != (n_classes,):
            raise WrongResult(f"b must have shape (n_classes,) = {(n_classes,)}; got "
                              f"{b.shape}", "start from b = np.zeros(n_classes).")
        try:
            counts = [int(m) for m in per_epoch]
        except (TypeError, ValueError):
            raise WrongResult(f"mistakes_per_epoch must be a list of numbers, one per epoch; "
                              f"got {per_epoch!r}",
                              "append each epoch's number of mistakes to a list.") from None
        if len(counts) != len(expected):
            if len(counts) > max_epochs:
                hint = "stop after max_epochs epochs at the latest."
            elif len(counts) == len(expected) - 1 and expected[-1] == 0:
                hint = ("include the last epoch, the one without a mistake, in "
                        "mistakes_per_epoch: it is the proof that training is done.")
            elif len(counts) > len(expected) and expected[-1] == 0:
                hint = "stop after the first epoch without a mistake."
            else:
                hint = ("run epochs until one makes no mistake, or until max_epochs epochs "
                        "have run, whichever comes first.")
            raise WrongResult(f"your training ran {len(counts)} epochs, mistakes "
                              f"{counts}; expected {len(expected)} epochs, mistakes "
                              f"{expected}", hint)
        return np.concatenate([W.ravel(), b, np.array(counts, dtype=np.float64)])
    return flat


def _flat_train(train):
    def flat(X, y, n_classes, lr, max_epochs, epoch):
        W, b, per_epoch = train(X, y, n_classes, lr, max_epochs, epoch)
        return np.concatenate([np.ravel(W), b, np.array(per_epoch, dtype=np.float64)])
    return flat


def _train_from_ones(X, y, n_classes, lr, max_epochs, epoch):
    W, b = np.ones((np.shape(X)[1], n_classes)), np.zeros(n_classes)
    per_epoch = []
    while len(per_epoch) < max_epochs:
        W, b, mistakes = epoch(X, y, W, b, lr)
        per_epoch.append(mistakes)
        if mistakes == 0:
            break
    return W, b, per_epoch


_TRAIN_MISTAKES = [
    ("start from zero weights and biases: W = np.zeros((n_features, n_classes)), "
     "b = np.zeros(n_classes).", _flat_train(_train_from_ones)),
]


def check_multiclass_train(multiclass_train, hidden=False):
    """Check ``multiclass_train(X, y, n_classes, lr, max_epochs, epoch)``.

    The check passes a correct ``epoch`` function, so this part is graded on its own,
    whatever the learner's ``multiclass_epoch`` does.
    """
    X, y = _clusters()
    X_clash = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [-1.0, -1.0]])
    y_clash = np.array([0, 1, 1, 2])            # the same input with two labels
    X5 = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0],
                   [1.0, -1.0, 0.0], [2.0, 0.0, 0.0]])
    y5 = np.array([3, 1, 2, 0, 3, 3])
    rng = np.random.default_rng(28)
    centres = np.array([[2.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 2.0], [-2.0, -2.0, -2.0]])
    y24 = np.repeat(np.arange(4), 6)
    X24 = centres[y24] + _grid(rng, (24, 3), -1, 1)
    rows = [
        ("the nine clustered points, 3 classes, lr = 1, at most 20 epochs",
         X, y, 3, 1.0, 20,
         "Start from zeros; call epoch(X, y, W, b, lr) again and again, append each "
         "epoch's mistakes, and stop after the first epoch with none."),
        ("the same points with max_epochs = 1: a single epoch", X, y, 3, 1.0, 1,
         "Run at most max_epochs epochs, even if the last one still made mistakes."),
        ("one input with two labels: no epoch is ever clean, so all 6 epochs run",
         X_clash, y_clash, 3, 1.0, 6,
         "When the data cannot be separated, training stops after max_epochs epochs."),
        ("4 classes, 3 inputs, lr = 0.5", X5, y5, 4, 0.5, 30,
         "W has shape (n_features, n_classes): X.shape[1] rows, n_classes columns."),
        ("hidden: 24 points around 4 centres in 3-D, lr = 0.25", X24, y24, 4, 0.25, 30, ""),
        ("hidden: 5 classes of which one never occurs", X5, y5, 5, 1.0, 30, ""),
    ]
    cases = []
    for description, X_, y_, c, lr, max_epochs, hint in rows:
        args = (X_, y_, c, lr, max_epochs, _reference_epoch)
        cases.append(Case(f"{description} (result shown as [W.ravel(), b, mistakes per epoch])",
                          args, _flat_train(_reference_train)(*args), hint=hint,
                          hidden=description.startswith("hidden")))
    return run_check("multiclass_train", _as_training(multiclass_train), cases,
                     hint="W, b = zeros; repeat: W, b, mistakes = epoch(X, y, W, b, lr), "
                          "append mistakes, stop when mistakes == 0 or after max_epochs "
                          "epochs; return W, b, mistakes_per_epoch.",
                     mistakes=_TRAIN_MISTAKES, hidden=hidden)
