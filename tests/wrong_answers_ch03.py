"""Chapter 3 (A two-layer network): wrong answers per coded exercise, each with the words of its hint."""

import numpy as np

import nnlib
from nnlib import checks

from wrong_answers_common import IN_PLACE, LIST, FLOAT32, PARTIAL, SCALAR, LIBRARY, in_place, as_list, as_float32, as_one_element, partial, sigmoid


# --- right answers, as in the notebook ------------------------------------------------------

def forward_two_layer(X, W1, W2):
    a1 = sigmoid(X @ W1)
    return a1, sigmoid(a1 @ W2)


def hidden_delta(delta2, W2, a1):
    return (delta2 @ W2.T) * a1 * (1 - a1)


def one_hot(labels, k):
    targets = np.zeros((len(labels), k))
    targets[np.arange(len(labels)), labels] = 1.0
    return targets


def accuracy(outputs, labels):
    if outputs.shape[1] == 1:
        predicted = (outputs[:, 0] > 0.5).astype(int)
    else:
        predicted = np.argmax(outputs, axis=1)
    return np.mean(predicted == labels)


# --- the table -------------------------------------------------------------------------------

TABLE = {
    "forward_two_layer": (checks.check_forward_two_layer, forward_two_layer, [
        (lambda X, W1, W2: (X @ W1, sigmoid(sigmoid(X @ W1) @ W2)), "apply the sigmoid"),
        (lambda X, W1, W2: (sigmoid(X @ W1), sigmoid(X @ W1) @ W2), "squash the output"),
        (lambda X, W1, W2: (sigmoid(X @ W1), sigmoid(X @ W1 @ W2)), "not the weighted sums"),
        (lambda X, W1, W2: sigmoid(sigmoid(X @ W1) @ W2), "expected the pair"),
        (lambda X, W1, W2: tuple(r.tolist() for r in forward_two_layer(X, W1, W2)), LIST),
        (lambda X, W1, W2: tuple(r.astype(np.float32) for r in forward_two_layer(X, W1, W2)),
         FLOAT32),
        (in_place(forward_two_layer, 1), IN_PLACE),
        (partial(forward_two_layer), PARTIAL),
    ]),
    "hidden_delta": (checks.check_hidden_delta, hidden_delta, [
        (lambda d, W, a: (d @ W.T) * sigmoid(a) * (1 - sigmoid(a)), "do not apply the sigmoid"),
        (lambda d, W, a: d @ W.T, "multiply element-wise by σ'(z)"),
        (lambda d, W, a: (d @ W.T) * a, "not a1 itself"),
        (lambda d, W, a: (d @ W) * a * (1 - a) if W.shape[0] == W.shape[1] else
         (d @ W.T) * a * (1 - a), "TRANSPOSE"),
        (lambda d, W, a: d @ W.T * a * (1 - a) @ np.eye(a.shape[1]) + 0 * d.sum(), None),
        (in_place(hidden_delta, 2), IN_PLACE),
        (as_list(hidden_delta), LIST),
        (as_float32(hidden_delta), FLOAT32),
        (partial(hidden_delta), PARTIAL),
    ]),
    "one_hot": (checks.check_one_hot, one_hot, [
        (lambda labels, k: np.eye(labels.max() + 1)[labels], "not labels.max() + 1"),
        (lambda labels, k: np.eye(k)[labels].T, "one ROW per sample"),
        (lambda labels, k: np.eye(len(labels), k), "in column labels[i]"),
        (lambda labels, k: nnlib.one_hot(labels, k), LIBRARY),
        (as_list(one_hot), LIST),
        (in_place(one_hot), IN_PLACE),
        (partial(one_hot), PARTIAL),
    ]),
    "accuracy": (checks.check_accuracy, accuracy, [
        (lambda o, l: float(np.sum(o.argmax(axis=1) == l) if o.shape[1] > 1 else
                            np.sum((o[:, 0] > 0.5) == l)), "not the count"),
        (lambda o, l: 1 - accuracy(o, l), "error rate"),
        (lambda o, l: np.mean(o.argmax(axis=1) == l), "single output column"),
        (lambda o, l: nnlib.accuracy(l, o.argmax(axis=1)), LIBRARY),
        (as_one_element(accuracy), SCALAR),
        (in_place(accuracy), IN_PLACE),
        (partial(accuracy), PARTIAL),
    ]),
}
