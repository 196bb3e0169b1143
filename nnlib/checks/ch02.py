"""Self-checks for the exercises of chapter 2 (the perceptron)."""

import functools

import numpy as np

from ._core import Case, WrongResult, require_array, run_check

__all__ = ["check_perceptron_update", "check_predict_neuron", "check_sse_loss",
           "check_sigmoid_prime_from_output"]


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


# --- perceptron_update(w, b, x, y, lr) -> (w_new, b_new) ------------------------------

def _reference_update(w, b, x, y, lr):
    y_hat = 1 if float(np.dot(w, x)) + b >= 0 else 0
    return np.concatenate([w + lr * (y - y_hat) * x, [b + lr * (y - y_hat)]])


def _as_flat_pair(function):
    """Call the learner's function and show its pair (w_new, b_new) as one
    array [w_1, …, w_n, b] so that it can be compared in one go."""
    @functools.wraps(function)
    def flat(w, b, x, y, lr):
        result = function(w, b, x, y, lr)
        try:
            w_new, b_new = result
        except (TypeError, ValueError):
            raise WrongResult(f"expected the pair (w_new, b_new), got {result!r}",
                              "return two things: return w_new, b_new.") from None
        w_new = require_array(w_new, "w_new", (w, x))
        if w_new.shape != np.shape(w):
            raise WrongResult(f"w_new must have the shape of w, {np.shape(w)}; "
                              f"got {w_new.shape}", "w_new = w + lr·(y − ŷ)·x, shaped like w.")
        if np.ndim(b_new) != 0:
            raise WrongResult(f"b_new must be a single number, got shape {np.shape(b_new)}",
                              "b_new = b + lr·(y − ŷ) is a number, like b.")
        return np.concatenate([w_new, [float(b_new)]])
    return flat


def _flat_update(update):
    def flat(w, b, x, y, lr):
        w_new, b_new = update(w, b, x, y, lr)
        return np.concatenate([w_new, [b_new]])
    return flat


def _y_hat(w, b, x):
    return 1 if float(np.dot(w, x)) + b >= 0 else 0


_PERCEPTRON_MISTAKES = [
    ("the correction is (y − ŷ), the target minus the prediction; yours has the opposite "
     "sign, so the line moves away from the samples it misclassifies.",
     _flat_update(lambda w, b, x, y, lr: (w - lr * (y - _y_hat(w, b, x)) * x,
                                          b - lr * (y - _y_hat(w, b, x))))),
    ("update the bias too: b_new = b + lr·(y − ŷ) (the bias is a weight whose input is "
     "always 1).", _flat_update(lambda w, b, x, y, lr: (w + lr * (y - _y_hat(w, b, x)) * x, b))),
    ("ties (w·x + b = 0 exactly) count as class 1: use ŷ = 1 when w·x + b >= 0, not > 0.",
     _flat_update(lambda w, b, x, y, lr: (
         w + lr * (y - (1 if np.dot(w, x) + b > 0 else 0)) * x,
         b + lr * (y - (1 if np.dot(w, x) + b > 0 else 0))))),
    ("multiply the correction by the learning rate lr, for w and for b.",
     _flat_update(lambda w, b, x, y, lr: (w + (y - _y_hat(w, b, x)) * x,
                                          b + (y - _y_hat(w, b, x))))),
]


def check_perceptron_update(perceptron_update, hidden=False):
    """Check one step of Rosenblatt's rule, ``perceptron_update(w, b, x, y, lr)``."""
    cases = []
    for description, w, b, x, y, lr, hint in [
        ("a class-1 sample already on the right side: nothing changes",
         [1.0, 2.0], 0.5, [1.0, 1.0], 1, 1.0,
         "Only a mistake changes the weights: when ŷ = y, the factor (y − ŷ) is 0."),
        ("a class-0 sample already on the right side: nothing changes",
         [1.0, 2.0], -4.0, [1.0, 1.0], 0, 1.0,
         "Only a mistake changes the weights: when ŷ = y, the factor (y − ŷ) is 0."),
        ("a class-1 sample on the wrong side: w and b move towards x",
         [1.0, -2.0], 0.0, [1.0, 1.0], 1, 1.0,
         "Here ŷ = 0 and y = 1, so y − ŷ = +1: add lr·x to w and lr to b."),
        ("a class-0 sample on the wrong side: w and b move away from x",
         [1.0, 2.0], 0.0, [2.0, -0.5], 0, 1.0,
         "Here ŷ = 1 and y = 0, so y − ŷ = −1: subtract lr·x from w and lr from b."),
        ("the learning rate scales the correction (lr = 0.1)",
         [0.5, -1.0], -0.2, [-1.0, 2.0], 1, 0.1,
         "Multiply the whole correction, of w and of b, by lr."),
        ("a sample exactly on the line (w·x + b = 0) counts as class 1",
         [1.0, -1.0], 0.0, [3.0, 3.0], 0, 1.0,
         "Use ŷ = 1 when w·x + b ≥ 0 (ties go to class 1, as in nnlib.step)."),
        ("three inputs, a class-0 sample on the wrong side",
         [0.2, 0.4, -0.1], 0.3, [1.0, 0.0, 2.0], 0, 0.5,
         "Work with any number of inputs: use np.dot(w, x) or w @ x."),
        ("hidden: five inputs, a class-1 sample on the wrong side, lr = 0.25",
         [0.5, -1.0, 0.25, 0.0, -0.5], -1.0, [1.0, 2.0, -1.0, 0.5, 1.0], 1, 0.25, ""),
        ("hidden: a class-0 sample on the wrong side, negative inputs",
         [-0.5, -0.5], 0.2, [-1.0, -2.0], 0, 0.3, ""),
    ]:
        w, x = np.array(w), np.array(x)
        cases.append(Case(f"{description} (result shown as [w_1, …, w_n, b])",
                          (w, b, x, y, lr), _reference_update(w, b, x, y, lr), hint=hint,
                          hidden=description.startswith("hidden")))
    return run_check("perceptron_update", _as_flat_pair(perceptron_update), cases,
                     hint="ŷ = 1 if w·x + b ≥ 0 else 0; then w + lr·(y − ŷ)·x and "
                          "b + lr·(y − ŷ).", mistakes=_PERCEPTRON_MISTAKES,
                     forbidden=("nnlib.perceptron_step", "nnlib.perceptron.perceptron_step"),
                     hidden=hidden)


# --- predict_neuron(X, w) -> sigmoid(X @ w) ----------------------------------------------

def check_predict_neuron(predict_neuron, hidden=False):
    """Check ``predict_neuron(X, w)``: the sigmoid outputs σ(X w) of a batch."""
    X = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=np.float64)
    w = np.array([[-0.16595599], [0.44064899], [-0.99977125]])
    X5 = np.array([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0], [0.0, 0.0, 0.0], [-2.0, 3.0, 1.0],
                   [1.0, -1.0, 0.5]])
    W2 = np.array([[1.0, -2.0], [0.5, 0.0], [-1.0, 3.0]])
    big = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
    w_big = np.array([[1000.0], [-1000.0], [0.0]])
    rng = np.random.default_rng(21)
    X6, W3 = rng.normal(size=(6, 4)), rng.normal(size=(4, 3))
    cases = [
        Case("the tutorial's 4 samples and starting weights: outputs of shape (4, 1)",
             (X, w), _sigmoid(X @ w),
             hint="Samples are rows: the weighted sums of the whole batch are X @ w, "
                  "shape (n_samples, 1); then apply the sigmoid."),
        Case("5 samples, two neurons side by side (w of shape (3, 2)): outputs (5, 2)",
             (X5, W2), _sigmoid(X5 @ W2),
             hint="Compute X @ w (not w.T @ X or X.T @ w): the result has one row per "
                  "sample and one column per neuron."),
        Case("huge weighted sums (±1000): exactly 1 and 0, no NaN",
             (big, w_big), np.array([[1.0], [0.0]]),
             hint="exp(1000) overflows to inf and inf/inf is NaN. Use 1 / (1 + np.exp(-z)) "
                  "or nnlib.sigmoid, which never divide inf by inf."),
        Case("6 samples, 4 features, 3 neurons", (X6, W3), _sigmoid(X6 @ W3), hidden=True),
    ]
    mistakes = [
        ("apply the sigmoid to the weighted sums: σ(X @ w), not X @ w.", lambda X, w: X @ w),
        ("σ(z) = 1 / (1 + e^(−z)): the exponent is −z (yours computes σ(−z)).",
         lambda X, w: _sigmoid(-(X @ w))),
        ("σ(X @ w) is a matrix product, then the sigmoid element-wise: X * w.T multiplies "
         "element by element.", lambda X, w: _sigmoid(np.sum(X * w.T, axis=1, keepdims=True))),
    ]
    return run_check("predict_neuron", predict_neuron, cases,
                     hint="predict_neuron(X, w) = σ(X @ w) with σ(z) = 1 / (1 + e^(−z)).",
                     mistakes=mistakes, hidden=hidden)


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


# --- sigmoid_prime_from_output(a) -> a (1 − a) ------------------------------------------

def check_sigmoid_prime_from_output(sigmoid_prime_from_output, hidden=False):
    """Check ``sigmoid_prime_from_output(a)`` = a (1 − a), where a = σ(z) already."""
    a = np.array([0.0, 0.2, 0.5, 0.9, 1.0])
    column = np.array([[0.03], [0.97], [0.5], [0.25]])
    hidden_a = np.random.default_rng(23).uniform(0.0, 1.0, (3, 4))
    cases = [
        Case("a = 0.5 (z = 0), where the slope is largest",
             (np.array(0.5),), 0.25,
             hint="The input is already the sigmoid's output a = σ(z): return a * (1 - a), "
                  "do not apply the sigmoid again."),
        Case("a vector of outputs, including the saturated ends 0 and 1",
             (a,), a * (1 - a),
             hint="At a = 0 or a = 1 the neuron is saturated and the slope is 0."),
        Case("a column of outputs (4, 1): same shape back",
             (column,), column * (1 - column),
             hint="Work element by element, keeping the shape (no sums, no dot products)."),
        Case("a (3, 4) batch of outputs", (hidden_a,), hidden_a * (1 - hidden_a), hidden=True),
    ]
    mistakes = [
        ("the input is already a = σ(z): return a * (1 - a), do not apply the sigmoid again.",
         lambda a: _sigmoid(a) * (1 - _sigmoid(a))),
        ("σ'(z) = a(1 − a): multiply by (1 − a), not (1 + a) or a².",
         lambda a: a * (1 + a)),
        ("σ'(z) = a(1 − a), the product, not the difference a − (1 − a).",
         lambda a: a - (1 - a)),
    ]
    return run_check("sigmoid_prime_from_output", sigmoid_prime_from_output, cases,
                     hint="σ'(z) = σ(z)(1 − σ(z)) = a(1 − a).", mistakes=mistakes,
                     forbidden=("nnlib.sigmoid_prime", "nnlib.activations.sigmoid_prime"),
                     hidden=hidden)
