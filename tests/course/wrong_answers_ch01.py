"""Chapter 1 (The neuron): wrong answers per coded exercise, each with the words of its hint."""

import numpy as np

import nnlib
from nncourse import checks

from wrong_answers_common import IN_PLACE, LIST, FLOAT32, PARTIAL, LIBRARY, in_place, as_list, as_float32, partial, sigmoid


# --- right answers, as in the notebook ------------------------------------------------------

def relu_prime(z):
    return np.where(z > 0, 1.0, 0.0)


def neuron(X, w, b):
    return sigmoid(X @ w + b)


def nand_unit(X):
    return (X @ np.array([-2, -2]) >= -3).astype(int)


def threshold_layer(A, W, b):
    return (A @ W + b >= 0).astype(int)


def xor_params():
    """Hidden OR (bias -1) and NAND (bias 3), output AND (bias -2)."""
    return (np.array([[1.0, -2.0], [1.0, -2.0]]), np.array([-1.0, 3.0]),
            np.array([[1.0], [1.0]]), np.array([-2.0]))


def parity_params(k):
    """Hidden unit j fires when at least j inputs are on; the output adds them with signs +, -, +, ..."""
    return (np.ones((k, k)), -np.arange(1.0, k + 1),
            ((-1.0) ** np.arange(k)).reshape(k, 1), np.array([-1.0]))


def circuit(W1, b1, W2, b2):
    return lambda: (np.array(W1, dtype=float), np.array(b1, dtype=float),
                    np.array(W2, dtype=float), np.array(b2, dtype=float))


def parity_variant(hidden_bias=None, output_weights=None, output_bias=-1.0, units=None):
    """parity_params(k) with one part changed (for the wrong answers)."""
    def wrong(k):
        m = k if units is None else units(k)
        W1 = np.ones((k, m))
        b1 = -np.arange(1.0, m + 1) if hidden_bias is None else hidden_bias(m)
        W2 = (((-1.0) ** np.arange(m)) if output_weights is None else output_weights(m))
        return W1, b1, W2.reshape(m, 1), np.array([output_bias])
    return wrong


# --- the table -------------------------------------------------------------------------------

TABLE = {
    "sigmoid": (checks.check_sigmoid, sigmoid, [
        (lambda z: 1 / (1 + np.exp(z)), "the exponent is −z"),
        (lambda z: 1 / (1 + np.exp(-z)), "overflow"),
        (lambda z: np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z))),
         "computes both a and b"),
        (lambda z: 0.5 * (1 + np.tanh(0.5 * z)), "cancels every one of its digits"),
        (lambda z: np.where(z >= 0, sigmoid(z), 1 - sigmoid(-z)), "cancels every one"),
        (lambda z: nnlib.sigmoid(z), LIBRARY),
        (in_place(sigmoid), IN_PLACE),
        (as_list(sigmoid), LIST),
        (as_float32(sigmoid), FLOAT32),
        (partial(sigmoid), PARTIAL),
    ]),
    "relu_prime": (checks.check_relu_prime, relu_prime, [
        (lambda z: np.maximum(0.0, z), "ReLU itself"),
        (lambda z: (z >= 0).astype(float), "gives 1 there"),
        (lambda z: (z < 0).astype(float), "reversed"),
        (lambda z: nnlib.relu_prime(z), LIBRARY),
        (in_place(relu_prime), IN_PLACE),
        (as_list(relu_prime), LIST),
        (partial(relu_prime), PARTIAL),
    ]),
    "neuron": (checks.check_neuron, neuron, [
        (lambda X, w, b: sigmoid(X @ w), "the bias is missing"),
        (lambda X, w, b: sigmoid(X @ w) + b, "adds b after σ"),
        (lambda X, w, b: sigmoid(X @ w - b), "not subtracted"),
        (lambda X, w, b: sigmoid(X.T @ w + b), "transposing X mixes up"),
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
    "threshold_layer": (checks.check_threshold_layer, threshold_layer, [
        (lambda A, W, b: (A @ W + b > 0).astype(int), "instead of ≥ 0"),
        (lambda A, W, b: (A @ W - b >= 0).astype(int), "minus the threshold"),
        (lambda A, W, b: (A @ W.T + b >= 0).astype(int), "uses W transposed"),
        (lambda A, W, b: A @ W + b, "not the weighted input"),
        (lambda A, W, b: sigmoid(A @ W + b), "not σ(z)"),
        (lambda A, W, b: (A @ W >= 0).astype(int), "the bias is missing"),
        (lambda A, W, b: threshold_layer(A, W, b)[:, 0], "missing a dimension"),
        (lambda A, W, b: threshold_layer(A, W, b).ravel(), "expected shape"),
        (in_place(threshold_layer), IN_PLACE),
        (as_list(threshold_layer), LIST),
        (as_float32(threshold_layer), FLOAT32),
        (partial(threshold_layer), PARTIAL),
    ]),
    "xor_params": (checks.check_xor_params, xor_params, [
        (circuit([[1, 1], [1, 1]], [-1, -1], [[1], [1]], [-1]), "computes OR"),
        (circuit([[1, 1], [1, 1]], [-2, -2], [[1], [1]], [-1]), "computes AND"),
        (circuit([[-1, -1], [-1, -1]], [1, 1], [[1], [1]], [-1]), "computes NAND"),
        (circuit([[1, -2], [1, -2]], [-1, 3], [[-1], [-1]], [1]), "computes XNOR"),
        (circuit([[1, -2], [1, -2]], [-1, 3], [1, 1], [-2]), "W2 has shape (2,)"),
        (circuit([[1, 1, -2], [1, 1, -2]], [-1, 3], [[1], [1]], [-2]), "b1 has shape (2,)"),
        (circuit([[1, -2, 1]], [-1, 3], [[1], [1]], [-2]), "W1 has shape (1, 3)"),
        (lambda: xor_params()[:3], "four arrays"),
        (lambda: tuple(p.tolist() for p in xor_params()), LIST),
        (partial(xor_params), PARTIAL),
    ]),
    "parity_params": (checks.check_parity_params, parity_params, [
        (parity_variant(output_weights=np.ones), "odd or even"),
        (parity_variant(output_weights=lambda m: -((-1.0) ** np.arange(m)), output_bias=0.0),
         "EVEN number"),
        (parity_variant(units=lambda k: min(k, 2)), "exactly one input"),
        (lambda k: (np.ones((k, 1)), np.array([-float(k)]), np.ones((1, 1)), np.array([-1.0])),
         "(AND)"),
        (parity_variant(units=lambda k: k + 1), "at most k"),
        (lambda k: parity_params(k)[:3], "four arrays"),
        (lambda k: parity_params(k)[:2] + (parity_params(k)[2].ravel(), parity_params(k)[3]),
         "W2 has shape"),
        (lambda k: tuple(p.tolist() for p in parity_params(k)), LIST),
        (partial(parity_params), PARTIAL),
    ]),
}
