"""Chapter 5 (Backpropagation): wrong answers per coded exercise, each with the words of its hint."""

import numpy as np

from nnlib.activations import sigmoid as _sigmoid
from nnlib.activations import sigmoid_prime as _sigmoid_prime
from nnlib import checks

from wrong_answers_common import IN_PLACE, LIST, FLOAT32, PARTIAL, in_place, as_list, as_float32, partial


# --- right answers, as in the notebook ------------------------------------------------------

def output_delta(a, y, z):
    return (a - y) / len(a) * _sigmoid_prime(z)


def backprop_layer(delta_next, W_next, z):
    return (delta_next @ W_next.T) * _sigmoid_prime(z)


def weight_gradient(a_prev, delta):
    return a_prev.T @ delta


def bias_gradient(delta):
    return delta.sum(axis=0)


# --- the table -------------------------------------------------------------------------------

TABLE = {
    "output_delta": (checks.check_output_delta, output_delta, [
        (lambda a, y, z: (a - y) / len(a), "multiply by σ'(z)"),
        (lambda a, y, z: (a - y) * _sigmoid_prime(z), "MEAN over the n rows"),
        (lambda a, y, z: (y - a) / len(a) * _sigmoid_prime(z), "not y − a"),
        (lambda a, y, z: (a - y) / len(a) * z * (1 - z), "not z(1 − z)"),
        (lambda a, y, z: (a - y) / len(a) * _sigmoid_prime(a), "applies σ twice"),
        (lambda a, y, z: (a - y) / a.size * _sigmoid_prime(z), "not a.size"),
        (in_place(output_delta), IN_PLACE),
        (as_list(output_delta), LIST),
        (as_float32(output_delta), FLOAT32),
        (partial(output_delta), PARTIAL),
    ]),
    "backprop_layer": (checks.check_backprop_layer, backprop_layer, [
        (lambda d, W, z: (d @ W.T) * _sigmoid(z), "SLOPE of the sigmoid"),   # the case
        (lambda d, W, z: (d @ W.T) * z * (1 - z), "not z(1 − z)"),
        (lambda d, W, z: (d @ W.T) * _sigmoid_prime(_sigmoid(z)), "not sigmoid_prime(sigmoid"),
        (lambda d, W, z: d @ W.T, "multiply element-wise by σ'(z^l)"),
        (lambda d, W, z: (d @ W) * _sigmoid_prime(z) if W.shape[0] == W.shape[1] else
         backprop_layer(d, W, z), "TRANSPOSE"),
        (in_place(backprop_layer, 2), IN_PLACE),
        (as_list(backprop_layer), LIST),
        (as_float32(backprop_layer), FLOAT32),
        (partial(backprop_layer), PARTIAL),
    ]),
    "weight_gradient": (checks.check_weight_gradient, weight_gradient, [
        (lambda a, d: d.T @ a, "its transpose"),
        (lambda a, d: a.T @ d / len(a), "do not divide by n again"),
        (lambda a, d: np.outer(a[0], d[0]), "not just the first"),
        (lambda a, d: (a.T @ d)[None], "extra dimension"),
        (in_place(weight_gradient, 1), IN_PLACE),
        (as_list(weight_gradient), LIST),
        (as_float32(weight_gradient), FLOAT32),
        (partial(weight_gradient), PARTIAL),
    ]),
    "bias_gradient": (checks.check_bias_gradient, bias_gradient, [
        (lambda d: d.mean(axis=0), "do not average"),
        (lambda d: d.sum(axis=1), "ROWS"),
        (lambda d: d.sum(), "keeping one entry per unit"),
        (lambda d: d.sum(axis=0, keepdims=True), "drop keepdims"),
        (lambda d: d[0], "not just the first row"),
        (in_place(bias_gradient), IN_PLACE),
        (as_list(bias_gradient), LIST),
        (as_float32(bias_gradient), FLOAT32),
        (partial(bias_gradient), PARTIAL),
    ]),
}
