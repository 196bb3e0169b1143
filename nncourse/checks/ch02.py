"""Self-checks for the exercises of chapter 2 (the perceptron)."""

import functools

import numpy as np

from nnlib.activations import sigmoid

from ._core import Case, WrongResult, _kind, require_array, run_check

__all__ = ["check_margin", "check_neuron_gradients", "check_sse_loss",
           "check_tanh_prime_from_output", "check_multiclass_predict", "check_multiclass_epoch",
           "check_multiclass_train"]


# --- margin(X, y, w, b) -> the signed distance of the sample nearest to the line ------------

def _reference_margin(X, y, w, b):
    signs = 2.0 * np.asarray(y, dtype=np.float64) - 1.0
    return float(np.min(signs * (X @ w + b)) / np.linalg.norm(w))


def _signs(y):
    return 2.0 * np.asarray(y, dtype=np.float64) - 1.0


_MARGIN_MISTAKES = [
    ("divide by the length of w, ‖w‖: w·x + b alone is not a distance "
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
                  "divide by the length ‖w‖ of w."),
        Case("a line with a bias b = −1", (X, y, w, -1.0), _reference_margin(X, y, w, -1.0),
             hint="Include the bias in w·x + b, and divide by the length of w alone."),
        Case("a line with a class-1 sample on the wrong side: the margin is negative",
             (X, y, w, -3.5), _reference_margin(X, y, w, -3.5),
             hint="A misclassified sample has a negative signed distance: keep the sign."),
        Case("5 samples with 3 inputs each", (X5, y5, w5, 0.5),
             _reference_margin(X5, y5, w5, 0.5),
             hint="Work on the whole batch: one matrix product gives every sample's w·x + b "
                  "at once."),
        Case("20 samples that a plane separates", (X20, y20, w20, 0.3),
             _reference_margin(X20, y20, w20, 0.3), hidden=True),
        Case("a class-1 sample exactly on the line: the margin is 0",
             (X_on, np.array([1, 1, 0]), np.array([1.0, 1.0]), -2.0),
             _reference_margin(X_on, np.array([1, 1, 0]), np.array([1.0, 1.0]), -2.0),
             hidden=True),
        Case("the scaled line of 5 samples, b = −1", (X5, y5, 4 * w5, -1.0),
             _reference_margin(X5, y5, w5, -0.25), hidden=True),
    ]
    run_check("margin", margin, cases,
              hint="margin = min over the samples of (2y − 1)(w·x + b) / ‖w‖, one number.",
              mistakes=_MARGIN_MISTAKES, hidden=hidden)


# --- neuron_gradients(X, Y, W, b) -> (∇_W C, ∇_b C) of C = ½ Σ (σ(X W + b) − Y)² ----------

def _reference_gradients(X, Y, W, b):
    A = sigmoid(X @ W + b)
    delta = (A - Y) * A * (1 - A)                   # ∂C/∂Z, one row per sample
    return X.T @ delta, delta.sum(axis=0)


def _flat_gradients(gradients):
    """A (grad_W, grad_b) function as one that returns [grad_W.ravel(), grad_b]."""
    def flat(X, Y, W, b):
        grad_W, grad_b = gradients(X, Y, W, b)
        return np.concatenate([np.ravel(grad_W), np.ravel(grad_b)])
    return flat


def _as_gradients(function):
    """The learner's (grad_W, grad_b) as one array [grad_W.ravel(), grad_b], shapes checked."""
    @functools.wraps(function)
    def flat(X, Y, W, b):
        result = function(X, Y, W, b)
        if isinstance(result, np.ndarray) or not isinstance(result, (tuple, list)) \
                or len(result) != 2:
            raise WrongResult(f"expected the pair (grad_W, grad_b), got {_kind(result)}",
                              "return two things, the gradient for W and the one for b: "
                              "return grad_W, grad_b.")
        grad_W = require_array(result[0], "grad_W", (X, W))
        grad_b = require_array(result[1], "grad_b", (X, b))
        n, k = np.shape(X)[0], np.shape(W)[1]
        if grad_W.shape != np.shape(W):
            raise WrongResult(f"grad_W must have the shape of W, {np.shape(W)}; got "
                              f"{grad_W.shape}",
                              "∂C/∂W_jk pairs input j with neuron k, like W_jk: one row per "
                              "input and one column per neuron. Which product of X (n, m) and "
                              "the per-sample terms (n, k) gives (m, k)?")
        if grad_b.shape != np.shape(b):
            hint = ("each bias gets one number: a nudge of b_k changes the weighted input of "
                    "neuron k for every sample, so add up over the samples."
                    if grad_b.size == n * k else
                    f"grad_b has the shape of b, ({k},): one entry per neuron.")
            raise WrongResult(f"grad_b must have the shape of b, {np.shape(b)}; got "
                              f"{grad_b.shape}", hint)
        return np.concatenate([grad_W.ravel(), grad_b])
    return flat


def _gradients_variant(sign=1.0, slope=True, bias_in_forward=True, bias_mean=False,
                       factor=1.0, bias_slope=True, per_sample=False):
    """A wrong neuron_gradients, flattened: each flag is one mistake."""
    def gradients(X, Y, W, b):
        A = sigmoid(X @ W + (b if bias_in_forward else 0.0))
        error = sign * factor * (A - Y) / (len(X) if per_sample else 1.0)
        delta = error * A * (1 - A) if slope else error
        bias_terms = delta if bias_slope else error
        return X.T @ delta, bias_terms.mean(axis=0) if bias_mean else bias_terms.sum(axis=0)
    return _flat_gradients(gradients)


_GRADIENT_MISTAKES = [
    ("the gradient points uphill: ∂C/∂a = a − y, not y − a (the tutorial's update adds "
     "−∇C, which is where its Y − A comes from).", _gradients_variant(sign=-1.0)),
    ("a weight reaches C through the sigmoid: multiply by its slope σ'(z) = a(1 − a).",
     _gradients_variant(slope=False)),
    ("the bias reaches C through the sigmoid too: its terms carry the slope a(1 − a), like "
     "the weights'.", _gradients_variant(bias_slope=False)),
    ("include the bias in the weighted sums: A = σ(X W + b).",
     _gradients_variant(bias_in_forward=False)),
    ("C is a sum over the samples, so each bias's derivative adds up the samples' terms: "
     "a sum, not the mean.", _gradients_variant(bias_mean=True)),
    ("C here is the summed squared error, not averaged: do not divide by the number of "
     "samples.", _gradients_variant(per_sample=True)),
    ("the ½ in C = ½ Σ (a − y)² cancels the 2 of the square's derivative: ∂C/∂a = a − y.",
     _gradients_variant(factor=2.0)),
    ("the bias changes C too: nudge it and every sample's weighted input moves, so its "
     "partial derivative is not 0.",
     _flat_gradients(lambda X, Y, W, b: (_reference_gradients(X, Y, W, b)[0], 0.0 * b))),
]


def _gradient_cases():
    X3 = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=np.float64)
    Y3 = np.array([[0.0], [1.0], [1.0], [0.0]])
    W3 = np.array([[-0.25], [0.5], [-1.0]])
    X5 = np.array([[0.5, -1.0], [1.0, 1.0], [0.0, 0.0], [-2.0, 3.0], [1.0, -1.0]])
    Y5 = np.array([[0.3], [0.8], [0.5], [0.1], [0.9]])
    W5 = np.array([[0.4], [-0.3]])
    W2, b2 = np.array([[1.0, -2.0], [0.5, 0.0], [-1.0, 3.0]]), np.array([0.5, -1.0])
    Y2 = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
    b_fit = np.array([0.2])
    Y_fit = sigmoid(X5 @ W5 + b_fit)
    rng = np.random.default_rng(22)
    X6, W6, b6 = rng.normal(size=(6, 4)), rng.normal(size=(4, 3)), rng.normal(size=3)
    Y6 = rng.uniform(size=(6, 3))
    rows = [
        ("the tutorial's 4 samples with a bias of 0", (X3, Y3, W3, np.array([0.0])),
         "Start from the gradient of section 2.2: the only change is the bias inside the "
         "sigmoid."),
        ("the same neuron with a bias of 0.5", (X3, Y3, W3, np.array([0.5])),
         "The bias is a weight whose input is 1 for every sample: nudge it and every "
         "sample's weighted input moves."),
        ("5 samples, 2 inputs, targets between 0 and 1", (X5, Y5, W5, np.array([-0.5])),
         "Nothing assumes 3 inputs, 4 samples or targets of 0 and 1."),
        ("outputs equal to the targets: both gradients are 0", (X5, Y_fit, W5, b_fit),
         "At a minimum of C every partial derivative is 0: each term carries a − y."),
        ("two neurons side by side, W (3, 2), b (2,)", (X3, Y2, W2, b2),
         "Each column of W and each entry of b belong to one neuron: its own outputs, its own "
         "terms; nothing mixes the columns."),
        ("hidden: 6 samples, 4 inputs, 3 neurons", (X6, Y6, W6, b6), ""),
        ("hidden: a single sample, 3 neurons", (X6[:1], Y6[:1], W6, b6), ""),
    ]
    return [Case(f"{description} (result shown as [grad_W.ravel(), grad_b])", args,
                 _flat_gradients(_reference_gradients)(*args), hint=hint,
                 hidden=description.startswith("hidden"))
            for description, args, hint in rows]


def check_neuron_gradients(neuron_gradients, hidden=False):
    """Check ``neuron_gradients(X, Y, W, b)`` -> (∇_W C, ∇_b C) of C = ½ Σ (σ(X W + b) − Y)²."""
    run_check("neuron_gradients", _as_gradients(neuron_gradients), _gradient_cases(),
              hint="Follow a nudge of one weight, or of one bias, through z, then a, then C "
                   "(the look-ahead of section 2.2), and test against partial_derivatives.",
              mistakes=_GRADIENT_MISTAKES, hidden=hidden)


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
                  "Reshape y to the shape of output first."),
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
        ("output (n, 1) − y (n,) broadcasts to an (n, n) table of every pair! Reshape y to "
         "the shape of output first.", lambda o, y: 0.5 * np.sum((o - y) ** 2)),
        ("square the errors before adding them up: ½ Σ (a − y)², not ½ (Σ (a − y))².",
         lambda o, y: 0.5 * np.sum(o - flat(o, y)) ** 2),
    ]
    run_check("sse_loss", sse_loss, cases,
              hint="½ Σ (output − y)² over every sample and every output: a single number.",
              mistakes=mistakes, forbidden=("nnlib.losses.sse",), hidden=hidden)


# --- tanh_prime_from_output(a) -> 1 − a² ---------------------------------------------------

def check_tanh_prime_from_output(tanh_prime_from_output, hidden=False):
    """Check ``tanh_prime_from_output(a)`` = 1 − a², where a = tanh(z) already."""
    a = np.array([-1.0, -0.5, 0.0, 0.5, 0.9, 1.0])
    column = np.array([[0.25], [-0.75], [0.0], [0.99]])
    hidden_a = np.random.default_rng(23).uniform(-1.0, 1.0, (3, 4))
    cases = [
        Case("a = 0.5", (np.array(0.5),), 0.75,
             hint="The input is already tanh's output a = tanh(z): write tanh'(z) in terms "
                  "of a, do not apply tanh again."),
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
        ("the input is already a = tanh(z): write the slope in terms of a, do not apply tanh "
         "again.",
         lambda a: 1 - np.tanh(a) ** 2),
        ("a(1 − a) is the sigmoid's slope; tanh's is tanh'(z) = 1 − tanh(z)² (chapter 1).",
         lambda a: a * (1 - a)),
        ("tanh'(z) = 1 − tanh(z)² squares the output: not 1 − a.", lambda a: 1 - a),
        ("tanh'(z) = 1 − tanh(z)², not (1 − a)²: square the output, then subtract it.",
         lambda a: (1 - a) ** 2),
        ("tanh'(z) = 1 − tanh(z)², a minus: not 1 + a².", lambda a: 1 + a ** 2),
    ]
    run_check("tanh_prime_from_output", tanh_prime_from_output, cases,
              hint="tanh'(z) = 1 − tanh(z)² (chapter 1), and tanh(z) is what you are given.",
              mistakes=mistakes,
              forbidden=("nnlib.tanh_prime", "nnlib.activations.tanh_prime"), hidden=hidden)


# --- the multi-step problem: a perceptron for several classes ------------------------------
# Weights W of shape (n_features, n_classes), one column per class, and a bias row b of
# shape (n_classes,). Scores Z = X W + b; the prediction is the class of the highest score
# (ties: the lowest class index, as np.argmax). On a mistake the sample is added to the
# weights of its true class and subtracted from those of the class that was predicted.

def _reference_predict(X, W, b):
    return np.argmax(X @ W + b, axis=1)


def _correct(W, b, x, label, guess, lr):
    """The rule's correction, in place: towards the true class, away from the guess."""
    W[:, label] += lr * x
    W[:, guess] -= lr * x
    b[label] += lr
    b[guess] -= lr


def _reference_epoch(X, y, W, b, lr):
    """One epoch of the multi-class perceptron rule, visiting the rows in order."""
    W, b = np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)
    mistakes = 0
    for x, label in zip(X, y):
        guess = int(np.argmax(x @ W + b))
        if guess != label:
            _correct(W, b, x, label, guess, lr)
            mistakes += 1
    return W, b, mistakes


def _reference_train(X, y, n_classes, lr=1.0, max_epochs=50, epoch=_reference_epoch, start=0.0):
    W, b = np.full((np.shape(X)[1], n_classes), start), np.zeros(n_classes)
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
             hint="Score every class for every sample at once, shape (n, n_classes); the "
                  "label of a row is the column of its highest score."),
        Case("ties go to the lowest class index (np.argmax does this)",
             (X_tie, W_tie, np.zeros(3)), _reference_predict(X_tie, W_tie, np.zeros(3)),
             integer=True, hint="Among equal highest scores, the lowest class index wins."),
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
        ("add the bias row b to every row of scores.",
         lambda X, W, b: np.argmax(X @ W, axis=1)),
        ("the prediction is the class with the HIGHEST score: np.argmax, not np.argmin.",
         lambda X, W, b: np.argmin(X @ W + b, axis=1)),
        ("return the labels (np.argmax), not the scores themselves.",
         lambda X, W, b: X @ W + b),
    ]
    run_check("multiclass_predict", multiclass_predict, cases,
              hint="A row's label is the class of its highest score in x W + b.",
              mistakes=mistakes, hidden=hidden)


def _triple(result, names):
    """The learner's three results, or a clear message when it returned something else."""
    try:
        first, second, third = result
    except (TypeError, ValueError):
        raise WrongResult(f"expected the triple ({names}), got {type(result).__name__}",
                          f"return three things: return {names}.") from None
    return first, second, third


def _as_epoch_result(function):
    """The learner's (W_new, b_new, mistakes) as one array [W.ravel(), b, mistakes]."""
    @functools.wraps(function)
    def flat(X, y, W, b, lr):
        W_new, b_new, mistakes = _triple(function(X, y, W, b, lr), "W_new, b_new, mistakes")
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
            _correct(W, b, x, label, guess, lr)
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
    run_check("multiclass_epoch", _as_epoch_result(multiclass_epoch), _epoch_cases(),
              hint="Visit the rows in order; predict each with the current weights; on a "
                   "mistake raise the true class's score for it and lower the predicted "
                   "one's (weights and biases), and count it.",
              mistakes=_EPOCH_MISTAKES, hidden=hidden)


def _as_training(function):
    """The learner's (W, b, mistakes_per_epoch) as one array [W.ravel(), b, mistakes...]."""
    @functools.wraps(function)
    def flat(X, y, n_classes, lr, max_epochs, epoch):
        _, _, expected = _reference_train(np.copy(X), np.copy(y), n_classes, lr, max_epochs)
        W, b, per_epoch = _triple(function(X, y, n_classes, lr, max_epochs, epoch),
                                  "W, b, mistakes_per_epoch")
        W = require_array(W, "W", (X,))
        b = require_array(b, "b", (X,))
        shape = (np.shape(X)[1], n_classes)
        if W.shape != shape:
            raise WrongResult(f"W must have shape (n_features, n_classes) = {shape}; got "
                              f"{W.shape}", "start from zero weights, one row per feature "
                              "and one column per class.")
        if b.shape != (n_classes,):
            raise WrongResult(f"b must have shape (n_classes,) = {(n_classes,)}; got "
                              f"{b.shape}", "start from zero biases, one per class.")
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
    return _reference_train(X, y, n_classes, lr, max_epochs, epoch, start=1.0)


_TRAIN_MISTAKES = [
    ("start from zero weights and biases, shaped (n_features, n_classes) and "
     "(n_classes,).", _flat_train(_train_from_ones)),
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
    run_check("multiclass_train", _as_training(multiclass_train), cases,
              hint="Start from zeros and let epoch do the work, one call per epoch; keep "
                   "every epoch's count, and stop after a clean epoch or max_epochs epochs.",
              mistakes=_TRAIN_MISTAKES, hidden=hidden)
