"""Gradient checking: compare backpropagation with numerical derivatives.

The derivative of the loss C with respect to one parameter θ is approximately
the central difference

    ∂C/∂θ ≈ (C(θ + ε) − C(θ − ε)) / (2ε),

whose error shrinks like ε².  It costs two forward passes per parameter, far
too slow for training, but perfect for testing that backpropagation, which
gets every derivative from one backward pass, is right.

The comparison uses the relative error ‖g_num − g_bp‖ / (‖g_num‖ + ‖g_bp‖):
about 1e-7 or smaller in float64 means the gradients agree.
"""

import numpy as np

from .validation import check_positive_number


def numerical_gradient(f, x, eps=1e-6):
    """Central-difference gradient of the scalar function ``f()`` with respect
    to the array ``x``, which ``f`` reads.  Each entry of ``x`` is nudged in
    place and restored, so ``x`` is unchanged afterwards.

    Returns an array of the same shape as ``x``.
    """
    eps = check_positive_number(eps, "eps")
    grad = np.zeros(x.shape, dtype=np.float64)
    flat = x.reshape(-1)  # a view: writes reach x
    if not np.shares_memory(flat, x):
        raise ValueError("x must be a contiguous array so that it can be nudged in place.")
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        f_plus = f()
        flat[i] = old - eps
        f_minus = f()
        flat[i] = old
        grad.reshape(-1)[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a, b):
    """‖a − b‖ / (‖a‖ + ‖b‖), and 0 when both are zero."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    if denominator == 0:
        return 0.0
    return float(np.linalg.norm(a - b) / denominator)


def grad_check(network, X, y, eps=1e-6):
    """Check ``network.backprop`` against central differences on (X, y).

    Works on a float64 copy of the network, so the network itself is not
    touched.  Keep X small (a few samples): every parameter costs two
    forward passes.

    Returns a dict {parameter name: relative error}, e.g.
    ``{"W1": 3e-10, "b1": 2e-10, ...}``.
    """
    net = network.copy(dtype=np.float64)
    X, Y = net._check_data(X, y)
    backprop_grads = net._backward_pass(X, Y)
    errors = {}
    for key, param in net.params.items():
        numeric = numerical_gradient(lambda: net._cost(X, Y), param, eps)
        errors[key] = relative_error(numeric, backprop_grads[key])
    return errors


def compare(computed, reference, tolerance, what="the two"):
    """Print how far ``computed`` is from ``reference``, and fail above ``tolerance``.

    Both are numbers or arrays of one shape.  Prints the largest absolute difference and
    the tolerance that judges it, e.g. ``my_step and nnlib.step: largest difference
    4.4e-16 (below 1e-12: rounding)``, and raises AssertionError when the difference is
    larger than the tolerance, like ``numpy.testing.assert_allclose``.  Returns None: the
    printed line is the result (a returned number would show its CPU-dependent digits as a
    notebook cell's Out).
    """
    computed = np.asarray(computed, dtype=np.float64)
    reference = np.asarray(reference, dtype=np.float64)
    if computed.shape != reference.shape:
        raise ValueError(f"compare: {what} have different shapes, {computed.shape} and "
                         f"{reference.shape}; compare arrays of the same shape.")
    tolerance = check_positive_number(tolerance, "tolerance")
    difference = float(np.max(np.abs(computed - reference), initial=0.0))
    if not difference <= tolerance:  # also catches NaN
        raise AssertionError(f"{what}: largest difference {difference:.1e} is above the "
                             f"tolerance {tolerance:g}: they do not agree.")
    print(f"{what}: largest difference {difference:.1e} (below {tolerance:g}: rounding)")
