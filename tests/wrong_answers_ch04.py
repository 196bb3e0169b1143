"""Chapter 4 (The chain rule): wrong answers per coded exercise, each with the words of its hint."""

import math

import numpy as np

import nnlib
from nnlib.activations import sigmoid as _sigmoid
from nnlib.autodiff import Value
from nnlib import checks

from wrong_answers_common import IN_PLACE, LIST, FLOAT32, PARTIAL, SCALAR, LIBRARY, partial


# --- right answers, as in the notebook ------------------------------------------------------

def central_difference(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2.0 * h)


def neuron_loss_grad(w, x, b, y):
    out = float(_sigmoid(w * x + b))
    dC_dz = (out - y) * out * (1.0 - out)
    return dC_dz * x, dC_dz


def gradient_descent(grad, start, lr, steps):
    current = np.asarray(start, dtype=float).copy()
    visited = [current]
    for _ in range(steps):
        current = current - lr * np.asarray(grad(current), dtype=float)
        visited.append(current)
    return np.stack(visited)


def gradient_descent_in_place(grad, start, lr, steps):
    current = start if isinstance(start, np.ndarray) else np.array(start, dtype=float)
    visited = [current.copy()]
    for _ in range(steps):
        current -= lr * grad(current)
        visited.append(current.copy())
    return np.stack(visited)


def tanh_node(v):
    t = math.tanh(v.data)
    return Value(t, parents=(v,), local_grads=(1.0 - t ** 2,), op="tanh")


# --- the table -------------------------------------------------------------------------------

TABLE = {
    "central_difference": (checks.check_central_difference, central_difference, [
        (lambda f, x, h=1e-5: (f(x + h) - f(x)) / h, "forward difference"),
        (lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / h, "divide by 2h"),
        (lambda f, x, h=1e-5: (f(x - h) - f(x + h)) / (2 * h), "wrong sign"),
        (lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / 2 * h, "mind the brackets"),
        (lambda f, x, h=1e-5: float(nnlib.numerical_gradient(
            lambda p: f(float(p[0])), np.array([x]), h)[0]), LIBRARY),
        (lambda f, x, h=1e-5: np.array([central_difference(f, x, h)]), SCALAR),
        (partial(central_difference), PARTIAL),
    ]),
    "neuron_loss_grad": (checks.check_neuron_loss_grad, neuron_loss_grad, [
        (lambda w, x, b, y: (lambda a: ((a - y) * x, a - y))(float(_sigmoid(w * x + b))),
         "multiply by σ'(z)"),
        (lambda w, x, b, y: tuple(-g for g in neuron_loss_grad(w, x, b, y)), "opposite sign"),
        (lambda w, x, b, y: neuron_loss_grad(w, x, b, y)[::-1], "swap"),
        (lambda w, x, b, y: (np.array([neuron_loss_grad(w, x, b, y)[0]]),
                             neuron_loss_grad(w, x, b, y)[1]), "not a number"),
        (lambda w, x, b, y: neuron_loss_grad(w, x, b, y)[0], "expected the pair"),
        (lambda w, x, b, y: (lambda a: ((a - y) * a * (1 - a) * x, (a - y) * a * (1 - a)))(
            1 / (1 + math.exp(-(w * x + b)))), "raised OverflowError"),
        (partial(neuron_loss_grad), PARTIAL),
    ]),
    "gradient_descent": (checks.check_gradient_descent, gradient_descent, [
        (gradient_descent_in_place, IN_PLACE),
        (lambda g, s, lr, n: gradient_descent(g, s, -lr, n), "DOWNHILL"),
        (lambda g, s, lr, n: gradient_descent(g, s, lr, n)[1:], "starts with the starting"),
        (lambda g, s, lr, n: gradient_descent(g, s, lr, n)[:-1], "AFTER each step"),
        (lambda g, s, lr, n: [list(p) for p in gradient_descent(g, s, lr, n)], LIST),
        (lambda g, s, lr, n: gradient_descent(g, s, lr, n).astype(np.float32), FLOAT32),
        (partial(gradient_descent), PARTIAL),
    ]),
    "tanh_node": (checks.check_tanh_node, tanh_node, [
        (lambda v: Value(math.tanh(v.data), parents=(v,), local_grads=(1 - v.data ** 2,)),
         "at the OUTPUT"),
        (lambda v: Value(math.tanh(v.data), parents=(v,), local_grads=(math.tanh(v.data),)),
         "not t itself"),
        (lambda v: Value(math.tanh(v.data)), "parents=(v,)"),
        (lambda v: Value(math.tanh(v.data), parents=(v,),
                         local_grads=(1 + math.tanh(v.data) ** 2,)), "not 1 + t²"),
        (lambda v: v.tanh(), LIBRARY),
        (lambda v: math.tanh(v.data), "must return a Value"),
        (partial(tanh_node), PARTIAL),
    ]),
}
