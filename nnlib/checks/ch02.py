"""Self-checks for the exercises of chapter 2 (the perceptron)."""

import numpy as np

from ._core import Case, run_check

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
    def flat(w, b, x, y, lr):
        result = function(w, b, x, y, lr)
        try:
            w_new, b_new = result
        except (TypeError, ValueError):
            raise TypeError(f"perceptron_update must return the pair (w_new, b_new), "
                            f"got {result!r}.") from None
        w_new = np.asarray(w_new, dtype=np.float64)
        if w_new.shape != np.shape(w):
            raise ValueError(f"w_new must have the shape of w, {np.shape(w)}; "
                             f"got {w_new.shape}.")
        return np.concatenate([w_new, np.ravel(np.asarray(b_new, dtype=np.float64))])
    return flat


def check_perceptron_update(perceptron_update):
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
    ]:
        w, x = np.array(w), np.array(x)
        cases.append(Case(f"{description} (result shown as [w_1, …, w_n, b])",
                          (w, b, x, y, lr), _reference_update(w, b, x, y, lr), hint=hint))
    return run_check("perceptron_update", _as_flat_pair(perceptron_update), cases,
                     hint="ŷ = 1 if w·x + b ≥ 0 else 0; then w + lr·(y − ŷ)·x and "
                          "b + lr·(y − ŷ).")


# --- predict_neuron(X, w) -> sigmoid(X @ w) ----------------------------------------------

def check_predict_neuron(predict_neuron):
    """Check ``predict_neuron(X, w)``: the sigmoid outputs σ(X w) of a batch."""
    X = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=np.float64)
    w = np.array([[-0.16595599], [0.44064899], [-0.99977125]])
    X5 = np.array([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0], [0.0, 0.0, 0.0], [-2.0, 3.0, 1.0],
                   [1.0, -1.0, 0.5]])
    W2 = np.array([[1.0, -2.0], [0.5, 0.0], [-1.0, 3.0]])
    big = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
    w_big = np.array([[1000.0], [-1000.0], [0.0]])
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
    ]
    return run_check("predict_neuron", predict_neuron, cases,
                     hint="predict_neuron(X, w) = σ(X @ w) with σ(z) = 1 / (1 + e^(−z)).")


# --- sse_loss(output, y) -> ½ Σ (a − y)² ---------------------------------------------------

def check_sse_loss(sse_loss):
    """Check ``sse_loss(output, y)`` = ½ Σ (output − y)², a sum over the samples."""
    A = np.array([[0.2], [0.9], [0.7], [0.1]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    labels = np.array([0, 1, 1, 0])
    A2 = np.array([[0.1, 0.8], [0.6, 0.3], [0.5, 0.5]])
    Y2 = np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
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
    ]
    return run_check("sse_loss", sse_loss, cases,
                     hint="sse_loss(output, y) = ½ Σ (output − y)², a single number.")


# --- sigmoid_prime_from_output(a) -> a (1 − a) ------------------------------------------

def check_sigmoid_prime_from_output(sigmoid_prime_from_output):
    """Check ``sigmoid_prime_from_output(a)`` = a (1 − a), where a = σ(z) already."""
    a = np.array([0.0, 0.2, 0.5, 0.9, 1.0])
    column = np.array([[0.03], [0.97], [0.5], [0.25]])
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
    ]
    return run_check("sigmoid_prime_from_output", sigmoid_prime_from_output, cases,
                     hint="σ'(z) = σ(z)(1 − σ(z)) = a(1 − a).")
