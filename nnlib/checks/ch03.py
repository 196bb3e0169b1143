"""Self-checks for the exercises of chapter 3 (the two-layer network)."""

import numpy as np

from ._core import Case, run_check

__all__ = ["check_forward_two_layer", "check_hidden_delta", "check_one_hot",
           "check_accuracy"]


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _xor3():
    return np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=np.float64)


# --- forward_two_layer(X, W1, W2) -> (a1, output) ---------------------------------------

def _part(function, index, name):
    """Call the learner's forward pass and keep one element of the pair it returns."""
    def part(X, W1, W2):
        result = function(X, W1, W2)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise TypeError(f"forward_two_layer must return the pair (a1, output), "
                            f"got {type(result).__name__}.")
        return np.asarray(result[index], dtype=np.float64)
    part.__name__ = name
    return part


def check_forward_two_layer(forward_two_layer):
    """Check ``forward_two_layer(X, W1, W2)``: a1 = σ(X W1), output = σ(a1 W2)."""
    rng = np.random.default_rng(3)
    X = _xor3()
    W1 = rng.uniform(0, 1, (3, 4))          # the chapter's shapes: 3 inputs, 4 hidden
    W2 = rng.uniform(0, 1, (4, 1))
    X5 = rng.normal(0, 1, (5, 2))           # 2 inputs, 3 hidden, 2 outputs, signed weights
    V1 = rng.normal(0, 2, (2, 3))
    V2 = rng.normal(0, 2, (3, 2))
    Xbig = np.array([[800.0, -800.0], [-1000.0, 5.0]])  # saturated units, no NaN allowed
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
    ]
    if not run_check("forward_two_layer (hidden activations a1)",
                     _part(forward_two_layer, 0, "a1"), cases_a1, hint=hint):
        return False
    return run_check("forward_two_layer (output)", _part(forward_two_layer, 1, "output"),
                     cases_out, hint=hint)


# --- hidden_delta(delta2, W2, a1) -> (delta2 W2ᵀ) ⊙ a1 (1 − a1) ---------------------------

def check_hidden_delta(hidden_delta):
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
    ]:
        delta2 = rng.normal(0, 1, (n, k))
        W2 = rng.normal(0, 1, (h, k))
        a1 = rng.uniform(0.05, 0.95, (n, h))
        cases.append(Case(description, (delta2, W2, a1),
                          (delta2 @ W2.T) * a1 * (1 - a1), hint=hint))
    return run_check("hidden_delta", hidden_delta, cases,
                     hint="delta1 = (delta2 @ W2.T) * a1 * (1 - a1).")


# --- one_hot(labels, k) -------------------------------------------------------------------

def check_one_hot(one_hot):
    """Check ``one_hot(labels, k)``: an (n, k) array with a single 1 per row."""
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
    ]
    return run_check("one_hot", one_hot, cases,
                     hint="Start from np.zeros((len(labels), k)) and set "
                          "out[np.arange(len(labels)), labels] = 1.")


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


def check_accuracy(accuracy):
    """Check ``accuracy(outputs, labels)``: the fraction of rows classified right."""
    outputs3 = np.array([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4],
                         [0.6, 0.3, 0.1], [0.1, 0.1, 0.9]])
    labels3 = np.array([0, 1, 2, 1, 2])
    outputs4 = np.array([[0.9, 0.05, 0.05, 0.0], [0.1, 0.2, 0.3, 0.4],
                         [0.25, 0.25, 0.4, 0.1]])
    labels4 = np.array([0, 3, 1])
    outputs1 = np.array([[0.1], [0.9], [0.6], [0.4], [0.55], [0.2]])
    labels1 = np.array([0, 1, 0, 0, 1, 1])
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
    ]:
        expected = _reference_accuracy(outputs, labels)
        cases.append(Case(f"{description} (accuracy {expected:.3g})", (outputs, labels),
                          _is_fraction(expected), hint=hint))
    return run_check("accuracy", accuracy, cases,
                     hint="Predicted classes: argmax along each row (or output > 0.5 for a "
                          "single column); accuracy = mean(predicted == labels).")
