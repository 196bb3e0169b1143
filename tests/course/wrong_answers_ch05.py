"""Chapter 5 (Backpropagation): wrong answers per coded exercise, each with the words of its hint."""

import numpy as np

from nnlib.activations import sigmoid as _sigmoid
from nnlib.activations import sigmoid_prime as _sigmoid_prime
from nncourse import checks

from wrong_answers_common import (IN_PLACE, LIST, FLOAT32, PARTIAL, LIBRARY, in_place, as_list,
                                  as_float32, partial)


# --- right answers, as in the notebook ------------------------------------------------------

def tanh_output_delta(Z, Y):
    A = np.tanh(Z)
    return (A - Y) / len(Z) * (1 - A ** 2)


def softmax_delta(Z, Y):
    shifted = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(shifted)
    return (E / E.sum(axis=1, keepdims=True) - Y) / len(Z)


def relu_backprop(delta_next, W_next, Z):
    return (delta_next @ W_next.T) * (Z > 0)


def residual_gradients(X, Y, W, b, output_delta):
    L = len(W)
    A, Z = {0: X}, {}
    for l in range(1, L + 1):
        Z[l] = A[l - 1] @ W[l] + b[l]
        A[l] = np.maximum(Z[l], 0.0) + (A[l - 1] if 1 < l < L else 0.0)
    delta = output_delta(Z[L], Y)
    dW, db = {}, {}
    for l in range(L, 0, -1):
        dW[l] = A[l - 1].T @ delta
        db[l] = delta.sum(axis=0)
        if l > 1:
            grad_A = delta @ W[l].T + (grad_A if 1 < l < L else 0.0)
            delta = grad_A * (Z[l - 1] > 0)
    return dW, db


# --- wrong answers of residual_gradients: one mistake each ---------------------------------

def _residual(forward_skip=True, back="grad", slope_of_output=False, relu_out=False, bias=True,
              bp3_mean=False, bp4_over_n=False, stop=0):
    """residual_gradients with one mistake. back: what the shortcut carries down, "grad"
    (right: dC/dA^l), "none", "delta" (delta^l instead), "after" (added after relu')."""
    def wrong(X, Y, W, b, output_delta):
        L = len(W)
        A, Z = {0: X}, {}
        for l in range(1, L + 1):
            Z[l] = A[l - 1] @ W[l] + (b[l] if bias else 0.0)
            skip = A[l - 1] if forward_skip and 1 < l < L else 0.0
            A[l] = np.maximum(Z[l], 0.0) + skip
        delta = output_delta(np.maximum(Z[L], 0.0) if relu_out else Z[L], Y)
        dW, db, grad_A = {}, {}, 0.0
        for l in range(L, stop, -1):
            dW[l] = A[l - 1].T @ delta / (len(X) if bp4_over_n else 1)
            db[l] = delta.mean(axis=0) if bp3_mean else delta.sum(axis=0)
            if l > 1:
                residual = 1 < l < L
                slope = (A[l - 1] if slope_of_output else Z[l - 1]) > 0
                through_W = delta @ W[l].T
                if back == "after" and residual:
                    delta, grad_A = through_W * slope + grad_A, through_W + grad_A
                    continue
                skip = {"grad": grad_A, "delta": delta, "none": 0.0, "after": 0.0}[back]
                grad_A = through_W + (skip if residual else 0.0)
                delta = grad_A * slope
        return dW, db
    return wrong


def _scribbles_on_W(X, Y, W, b, output_delta):
    dW, db = residual_gradients(X, Y, W, b, output_delta)
    for l in W:
        W[l] -= 0.1 * dW[l]                       # a gradient step on the inputs
    return dW, db


def _own_output_delta(X, Y, W, b, output_delta):
    """Ignores the argument and uses a wrong (a) of its own (sigmoid in place of softmax)."""
    return residual_gradients(X, Y, W, b, lambda Z, T: (_sigmoid(Z) - T) / len(Z))


def _library(X, Y, W, b, output_delta):
    import nnlib
    sizes = [W[1].shape[0]] + [W[l].shape[1] for l in sorted(W)]
    net = nnlib.Network(sizes, ["relu"] * (len(W) - 1) + ["softmax"], loss="cross_entropy")
    net.set_params(**{f"W{l}": W[l] for l in W}, **{f"b{l}": b[l] for l in b})
    grads = net.backprop(X, Y)
    return {l: grads[f"W{l}"] for l in W}, {l: grads[f"b{l}"] for l in b}


def _dicts_of_lists(X, Y, W, b, output_delta):
    dW, db = residual_gradients(X, Y, W, b, output_delta)
    return {l: g.tolist() for l, g in dW.items()}, {l: g.tolist() for l, g in db.items()}


def _dicts_of_float32(X, Y, W, b, output_delta):
    dW, db = residual_gradients(X, Y, W, b, output_delta)
    return ({l: g.astype(np.float32) for l, g in dW.items()},
            {l: g.astype(np.float32) for l, g in db.items()})


def _string_keys(X, Y, W, b, output_delta):
    dW, db = residual_gradients(X, Y, W, b, output_delta)
    return {f"W{l}": g for l, g in dW.items()}, {f"b{l}": g for l, g in db.items()}


def _transposed_dW(X, Y, W, b, output_delta):
    dW, db = residual_gradients(X, Y, W, b, output_delta)
    return {l: g.T for l, g in dW.items()}, db


# --- the table -------------------------------------------------------------------------------

_t = np.tanh

TABLE = {
    "tanh_output_delta": (checks.check_tanh_output_delta, tanh_output_delta, [
        (lambda Z, Y: (_t(Z) - Y) / len(Z), "slope of the output layer"),
        (lambda Z, Y: (_t(Z) - Y) * (1 - _t(Z) ** 2), "MEAN over the n rows"),
        (lambda Z, Y: (Y - _t(Z)) / len(Z) * (1 - _t(Z) ** 2), "not Y − A"),
        (lambda Z, Y: (_t(Z) - Y) / len(Z) * (1 - Z ** 2), "not 1 − z²"),
        (lambda Z, Y: (_t(Z) - Y) / len(Z) * _t(Z) * (1 - _t(Z)), "the sigmoid's slope"),
        (lambda Z, Y: (_t(Z) - Y) / len(Z) * _sigmoid_prime(Z), "not σ′(Z)"),
        (lambda Z, Y: (_sigmoid(Z) - Y) / len(Z) * _sigmoid_prime(Z), "not σ(Z)"),
        (lambda Z, Y: (_t(Z) - Y) / len(Z) * (1 - _t(_t(Z)) ** 2), "applies tanh twice"),
        (lambda Z, Y: (_t(Z) - Y) / Z.size * (1 - _t(Z) ** 2), "not Z.size"),
        (in_place(tanh_output_delta), IN_PLACE),
        (as_list(tanh_output_delta), LIST),
        (as_float32(tanh_output_delta), FLOAT32),
        (partial(tanh_output_delta), PARTIAL),
    ]),
    "softmax_delta": (checks.check_softmax_delta, softmax_delta, [
        (lambda Z, Y: softmax_delta(Z, Y) * len(Z), "MEAN over the n rows"),
        (lambda Z, Y: -softmax_delta(Z, Y), "not Y − A^L"),
        (lambda Z, Y: (Z - Y) / len(Z), "probabilities first"),
        (lambda Z, Y: (_sigmoid(Z) - Y) / len(Z), "not a sigmoid"),
        (lambda Z, Y: (np.exp(Z - Z.max(axis=0)) / np.exp(Z - Z.max(axis=0)).sum(axis=0) - Y)
         / len(Z), "not each column"),
        (lambda Z, Y: softmax_delta(Z, Y) * len(Z) / Z.size, "not Z.size"),
        (lambda Z, Y: (np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True) - Y) / len(Z),
         "subtract each row's largest entry"),                          # overflows: nan
        (lambda Z, Y: (np.exp(Z - Z.max()) / np.exp(Z - Z.max()).sum(axis=1, keepdims=True)
                       - Y) / len(Z), "OWN largest entry"),             # 0/0 in other rows
        (lambda Z, Y: (__import__("nnlib").softmax(Z) - Y) / len(Z), LIBRARY),
        (in_place(softmax_delta), IN_PLACE),
        (as_list(softmax_delta), LIST),
        (as_float32(softmax_delta), FLOAT32),
        (partial(softmax_delta), PARTIAL),
    ]),
    "relu_backprop": (checks.check_relu_backprop, relu_backprop, [
        (lambda d, W, Z: (d @ W) * (Z > 0) if W.shape[0] == W.shape[1] else
         relu_backprop(d, W, Z), "TRANSPOSE"),
        (lambda d, W, Z: (d @ W.T) * np.maximum(Z, 0), "not by relu(Z) itself"),
        (lambda d, W, Z: d @ W.T, "units that were off"),
        (lambda d, W, Z: (d @ W.T) * _sigmoid_prime(Z), "not σ′(Z)"),
        (lambda d, W, Z: (d @ W.T) * (Z < 0), "not the other way round"),
        (lambda d, W, Z: (d @ W.T) * __import__("nnlib").relu_prime(Z), LIBRARY),
        (in_place(relu_backprop, 2), IN_PLACE),
        (as_list(relu_backprop), LIST),
        (as_float32(relu_backprop), FLOAT32),
        (partial(relu_backprop), PARTIAL),
    ]),
    "residual_gradients": (checks.check_residual_gradients, residual_gradients, [
        (_residual(forward_skip=False, back="none"), "the forward pass has no shortcut"),
        (_residual(back="none"), "along two paths"),
        (_residual(back="delta"), "not δ^l = ∂C/∂Z^l"),
        (_residual(back="after"), "BEFORE the ReLU's slope"),
        (_residual(slope_of_output=True), "relu′ takes the weighted input"),
        (_residual(relu_out=True), "no ReLU on the output layer"),
        (_residual(bias=False), "add the biases"),
        (_residual(bp3_mean=True), "a sum and not a mean"),
        (_residual(bp4_over_n=True), "do not divide BP4 by n"),
        (_residual(stop=1), "down to the first layer"),
        (_transposed_dW, "has the shape of its parameter"),
        (_string_keys, "key dW by the layer number"),
        (_own_output_delta, "use that argument"),
        (_library, LIBRARY),
        (_scribbles_on_W, "changed its input `W` in place"),
        (in_place(residual_gradients), IN_PLACE),
        (_dicts_of_lists, LIST),
        (_dicts_of_float32, FLOAT32),
        (partial(residual_gradients), PARTIAL),
    ]),
}
