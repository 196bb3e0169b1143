"""Chapter 1 (The neuron): wrong answers per coded exercise, each with the words of its hint."""

import numpy as np

import nnlib
from nnlib import checks

from wrong_answers_common import IN_PLACE, LIST, FLOAT32, PARTIAL, LIBRARY, in_place, as_list, as_float32, partial, sigmoid


# --- right answers, as in the notebook ------------------------------------------------------

def relu_prime(z):
    return np.where(z > 0, 1.0, 0.0)


def neuron(X, w, b):
    return sigmoid(X @ w + b)


def nand_unit(X):
    return (X @ np.array([-2, -2]) >= -3).astype(int)


# --- the table -------------------------------------------------------------------------------

TABLE = {
    "sigmoid": (checks.check_sigmoid, sigmoid, [
        (lambda z: 1 / (1 + np.exp(z)), "the exponent is −z"),
        (lambda z: 1 / (1 + np.exp(-z)), "overflow"),
        (lambda z: nnlib.sigmoid(z), LIBRARY),
        (in_place(sigmoid), IN_PLACE),
        (as_list(sigmoid), LIST),
        (as_float32(sigmoid), FLOAT32),
        (partial(sigmoid), PARTIAL),
    ]),
    "relu_prime": (checks.check_relu_prime, relu_prime, [
        (lambda z: np.maximum(0.0, z), "ReLU itself"),
        (lambda z: (z >= 0).astype(float), "use z > 0, not z >= 0"),
        (lambda z: (z < 0).astype(float), "reversed"),
        (lambda z: nnlib.relu_prime(z), LIBRARY),
        (in_place(relu_prime), IN_PLACE),
        (as_list(relu_prime), LIST),
        (partial(relu_prime), PARTIAL),
    ]),
    "neuron": (checks.check_neuron, neuron, [
        (lambda X, w, b: sigmoid(X @ w), "add the bias"),
        (lambda X, w, b: sigmoid(X @ w) + b, "not σ(X @ w) + b"),
        (lambda X, w, b: X @ w + b, "not the weighted input z"),
        (lambda X, w, b: sigmoid(X @ w + b)[:, None], "extra dimension"),
        (in_place(neuron), IN_PLACE),
        (as_list(neuron), LIST),
        (as_float32(neuron), FLOAT32),
        (partial(neuron), PARTIAL),
    ]),
    "nand_unit": (checks.check_nand_unit, nand_unit, [
        (lambda X: (X[:, 0] * X[:, 1]).astype(int), "that is AND"),
        (lambda X: np.maximum(X[:, 0], X[:, 1]), "that is OR"),
        (lambda X: 1 - np.maximum(X[:, 0], X[:, 1]), "that is NOR"),
        (lambda X: (1 - X[:, 0] * X[:, 1])[:, None], "not a column"),
        (lambda X: nnlib.logic_gate("nand")[1][:len(X)], LIBRARY),
        (in_place(nand_unit), IN_PLACE),
        (as_list(nand_unit), LIST),
        (partial(nand_unit), PARTIAL),
    ]),
}
