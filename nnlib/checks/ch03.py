"""Self-checks for the exercises of chapter 3 (the two-layer network)."""

import functools

import numpy as np

from ._core import Case, WrongResult, require_array, run_check

__all__ = ["check_forward_two_layer", "check_hidden_delta", "check_one_hot",
           "check_accuracy"]


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _xor3():
    return np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=np.float64)


# --- forward_two_layer(X, W1, W2) -> (a1, output) ---------------------------------------

def _part(function, index, name):
    """Call the learner's forward pass and keep one element of the pair it returns."""
    @functools.wraps(function)
    def part(X, W1, W2):
        result = function(X, W1, W2)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise WrongResult(f"expected the pair (a1, output), got {type(result).__name__}",
                              "return both: return a1, output.")
        return require_array(result[index], name, (X, W1, W2))
    part.__name__ = name
    return part


def check_forward_two_layer(forward_two_layer, hidden=False):
    """Check ``forward_two_layer(X, W1, W2)``: a1 = σ(X W1), output = σ(a1 W2)."""
    rng = np.random.default_rng(3)
    X = _xor3()
    W1 = rng.uniform(0, 1, (3, 4))          # the chapter's shapes: 3 inputs, 4 hidden
    W2 = rng.uniform(0, 1, (4, 1))
    X5 = rng.normal(0, 1, (5, 2))           # 2 inputs, 3 hidden, 2 outputs, signed weights
    V1 = rng.normal(0, 2, (2, 3))
    V2 = rng.normal(0, 2, (3, 2))
    Xbig = np.array([[800.0, -800.0], [-1000.0, 5.0]])  # saturated units, no NaN allowed
    X6, U1, U2 = rng.normal(0, 1, (6, 3)), rng.normal(0, 1, (3, 5)), rng.normal(0, 1, (5, 2))
    hint = ("a1 = sigmoid(X @ W1) has shape (n_samples, n_hidden); "
            "output = sigmoid(a1 @ W2) has shape (n_samples, n_outputs). Samples are rows, "
            "so no transposes are needed. Return the pair (a1, output).")
    cases_a1 = [
        Case("the hidden activations a1 on the XOR data (W1: 3×4)", (X, W1, W2),
             _sigmoid(X @ W1),
             hint="a1 = sigmoid(X @ W1): apply the sigmoid to the hidden layer too."),
        Case("a1 for 2 inputs and 3 hidden units with negative weights", (X5, V1, V2),
             _sigmoid(X5 @ V1),
             hint="a1 = sigmoid(X @ W1) with shape (n_samples, n_hidden)."),
        Case("a1 for 6 samples, 3 inputs, 5 hidden units", (X6, U1, U2), _sigmoid(X6 @ U1),
             hidden=True),
    ]
    cases_out = [
        Case("the output on the XOR data (W2: 4×1)", (X, W1, W2),
             _sigmoid(_sigmoid(X @ W1) @ W2),
             hint="output = sigmoid(a1 @ W2): the output layer is fed the hidden "
                  "activations a1, not X, and it is squashed by a sigmoid as well."),
        Case("the output for 2 outputs per sample", (X5, V1, V2),
             _sigmoid(_sigmoid(X5 @ V1) @ V2),
             hint="The output has shape (n_samples, n_outputs): here (5, 2)."),
        Case("huge inputs: the units saturate at 0 or 1, never NaN", (Xbig, V1, V2),
             _sigmoid(_sigmoid(Xbig @ V1) @ V2),
             hint="Every output of a sigmoid lies between 0 and 1; nnlib.sigmoid (or "
                  "0.5 * (1 + np.tanh(0.5 * z))) gives exactly 0 or 1 when saturated."),
        Case("the output for 6 samples, 5 hidden units, 2 outputs", (X6, U1, U2),
             _sigmoid(_sigmoid(X6 @ U1) @ U2), hidden=True),
    ]
    mistakes_a1 = [
        ("a1 = sigmoid(X @ W1): apply the sigmoid to the hidden layer's weighted sums.",
         lambda X, W1, W2: X @ W1),
    ]
    mistakes_out = [
        ("output = sigmoid(a1 @ W2): squash the output layer with a sigmoid as well.",
         lambda X, W1, W2: _sigmoid(X @ W1) @ W2),
        ("the output layer is fed the hidden activations a1 = σ(X @ W1), not the weighted "
         "sums X @ W1.", lambda X, W1, W2: _sigmoid((X @ W1) @ W2)),
    ]
    if not run_check("forward_two_layer (hidden activations a1)",
                     _part(forward_two_layer, 0, "a1"), cases_a1, hint=hint,
                     mistakes=mistakes_a1, hidden=hidden):
        return False
    return run_check("forward_two_layer (output)", _part(forward_two_layer, 1, "output"),
                     cases_out, hint=hint, mistakes=mistakes_out, hidden=hidden)


# --- hidden_delta(delta2, W2, a1) -> (delta2 W2ᵀ) ⊙ a1 (1 − a1) ---------------------------

def check_hidden_delta(hidden_delta, hidden=False):
    """Check ``hidden_delta(delta2, W2, a1)`` for sigmoid hidden units."""
    rng = np.random.default_rng(7)
    cases = []
    for description, n, h, k, hint in [
        ("4 samples, 4 hidden units, 1 output (the XOR network)", 4, 4, 1,
         "Send the output error back through the weights: delta2 @ W2.T has shape "
         "(n_samples, n_hidden)."),
        ("5 samples, 3 hidden units, 2 outputs", 5, 3, 2,
         "W2 has shape (n_hidden, n_outputs) and delta2 (n_samples, n_outputs): "
         "multiply by W2.T, not W2."),
        ("6 samples, 5 hidden units, 3 outputs (the letters network's shapes)", 6, 5, 3,
         "Multiply element-wise by σ'(z) = a1 * (1 - a1): a1 is already σ(z), so do not "
         "apply the sigmoid to it again."),
        ("square weights (3 hidden units, 3 outputs): the transpose still matters", 4, 3, 3,
         "Multiply by W2.T, not W2: with square weights both run, only one is right."),
        ("hidden: 8 samples, 6 hidden units, 4 outputs", 8, 6, 4, ""),
        ("hidden: square weights, 5 samples, 4 hidden units, 4 outputs", 5, 4, 4, ""),
    ]:
        delta2 = rng.normal(0, 1, (n, k))
        W2 = rng.normal(0, 1, (h, k))
        a1 = rng.uniform(0.05, 0.95, (n, h))
        cases.append(Case(description, (delta2, W2, a1),
                          (delta2 @ W2.T) * a1 * (1 - a1), hint=hint,
                          hidden=description.startswith("hidden")))
    mistakes = [
        ("a1 is already σ(z): multiply by a1 * (1 - a1), do not apply the sigmoid again.",
         lambda d, W, a: (d @ W.T) * _sigmoid(a) * (1 - _sigmoid(a))),
        ("multiply element-wise by σ'(z) = a1 * (1 - a1), the slope of the hidden units.",
         lambda d, W, a: d @ W.T),
        ("the slope is σ'(z) = a1 * (1 - a1), not a1 itself.", lambda d, W, a: (d @ W.T) * a),
        ("send the error back through the TRANSPOSE of W2: delta2 @ W2.T, not delta2 @ W2.",
         lambda d, W, a: (d @ W) * a * (1 - a)),
    ]
    return run_check("hidden_delta", hidden_delta, cases,
                     hint="delta1 = (delta2 @ W2.T) * a1 * (1 - a1).", mistakes=mistakes,
                     hidden=hidden)


# --- one_hot(labels, k) -------------------------------------------------------------------

def check_one_hot(one_hot, hidden=False):
    """Check ``one_hot(labels, k)``: an (n, k) array with a single 1 per row."""
    hidden_labels = np.random.default_rng(31).integers(0, 6, 12)
    cases = [
        Case("labels [0, 1, 2] with k = 3 (the letters A, B, C)",
             (np.array([0, 1, 2]), 3), np.eye(3)),
        Case("labels out of order, repeated: [2, 0, 2, 1]", (np.array([2, 0, 2, 1]), 3),
             np.eye(3)[[2, 0, 2, 1]],
             hint="Row i has its 1 in column labels[i]."),
        Case("k larger than the largest label: [0, 1] with k = 4",
             (np.array([0, 1]), 4), np.eye(4)[[0, 1]],
             hint="Use k for the number of columns, not labels.max() + 1: a batch need "
                  "not contain every class."),
        Case("a single sample: [3] with k = 5", (np.array([3]), 5), np.eye(5)[[3]],
             hint="The result is 2-D, (n_samples, k), even for one sample."),
        Case("12 labels, k = 6", (hidden_labels, 6), np.eye(6)[hidden_labels], hidden=True),
    ]
    mistakes = [
        ("the result has one ROW per sample and one column per class: (n_samples, k).",
         lambda labels, k: np.eye(k)[labels].T),
        ("row i has its 1 in column labels[i], not in column i.",
         lambda labels, k: np.eye(len(labels), k)),
    ]
    return run_check("one_hot", one_hot, cases,
                     hint="Start from np.zeros((len(labels), k)) and set "
                          "out[np.arange(len(labels)), labels] = 1.", mistakes=mistakes,
                     forbidden=("nnlib.one_hot", "nnlib.validation.one_hot"), hidden=hidden)


# --- accuracy(outputs, labels) --------------------------------------------------------------

def _reference_accuracy(outputs, labels):
    if outputs.shape[1] == 1:
        predicted = (outputs[:, 0] > 0.5).astype(int)
    else:
        predicted = outputs.argmax(axis=1)
    return float(np.mean(predicted == labels))


def _is_fraction(expected):
    def ok(result):
        try:
            value = float(result)
        except (TypeError, ValueError):
            return False
        return np.isclose(value, expected)
    return ok


def check_accuracy(accuracy, hidden=False):
    """Check ``accuracy(outputs, labels)``: the fraction of rows classified right."""
    outputs3 = np.array([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4],
                         [0.6, 0.3, 0.1], [0.1, 0.1, 0.9]])
    labels3 = np.array([0, 1, 2, 1, 2])
    outputs4 = np.array([[0.9, 0.05, 0.05, 0.0], [0.1, 0.2, 0.3, 0.4],
                         [0.25, 0.25, 0.4, 0.1]])
    labels4 = np.array([0, 3, 1])
    outputs1 = np.array([[0.1], [0.9], [0.6], [0.4], [0.55], [0.2]])
    labels1 = np.array([0, 1, 0, 0, 1, 1])
    rng = np.random.default_rng(32)
    outputs40, labels40 = rng.uniform(size=(40, 5)), rng.integers(0, 5, 40)
    outputs9, labels9 = rng.uniform(size=(9, 1)), rng.integers(0, 2, 9)
    cases = []
    for description, outputs, labels, hint in [
        ("3 classes, 4 of 5 right", outputs3, labels3,
         "The predicted class of a row is the column with the largest output: "
         "outputs.argmax(axis=1) (axis=1: along each row)."),
        ("4 classes, 2 of 3 right", outputs4, labels4,
         "Compare the arg-max of each row with its label and take the mean: a fraction "
         "between 0 and 1, not a count."),
        ("one sigmoid output per sample: class 1 when the output is above 0.5",
         outputs1, labels1,
         "With a single output column, arg-max is always 0; predict class 1 where "
         "outputs[:, 0] > 0.5 instead."),
        ("hidden: 40 samples, 5 classes", outputs40, labels40, ""),
        ("hidden: 9 sigmoid outputs", outputs9, labels9, ""),
    ]:
        expected = _reference_accuracy(outputs, labels)
        cases.append(Case(f"{description} (accuracy {expected:.3g})", (outputs, labels),
                          expected, hint=hint, scalar=True,
                          hidden=description.startswith("hidden")))
    def predicted(outputs):
        return (outputs[:, 0] > 0.5).astype(int) if outputs.shape[1] == 1 \
            else outputs.argmax(axis=1)
    mistakes = [
        ("accuracy is a fraction between 0 and 1: take the mean of (predicted == labels), "
         "not the count.", lambda o, l: float(np.sum(predicted(o) == l))),
        ("that is the error rate: accuracy is the fraction classified RIGHT.",
         lambda o, l: float(np.mean(predicted(o) != l))),
        ("with a single output column, arg-max is always 0; predict class 1 where "
         "outputs[:, 0] > 0.5 instead.", lambda o, l: float(np.mean(o.argmax(axis=1) == l))),
    ]
    return run_check("accuracy", accuracy, cases,
                     hint="Predicted classes: argmax along each row (or output > 0.5 for a "
                          "single column); accuracy = mean(predicted == labels).",
                     mistakes=mistakes, forbidden=("nnlib.accuracy", "nnlib.network.accuracy",
                                                   "nnlib.metrics.accuracy"), hidden=hidden)
