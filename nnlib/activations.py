"""Activation functions and their derivatives.

Every activation works on a whole mini-batch at once: ``z`` has shape
``(n_samples, n_units)`` and the result has the same shape.

Each activation comes with its derivative, named ``<name>_prime`` as in
Nielsen's *Neural Networks and Deep Learning*.  The derivative takes both the
pre-activation ``z`` and the activation ``a = f(z)``, because for several
functions the derivative is cheapest in terms of ``a``; for the sigmoid,
for example, σ'(z) = σ(z)(1 − σ(z)) = a(1 − a).

Softmax is the odd one out: each output depends on every input of its row, so
its derivative is a matrix (a Jacobian) per sample, not a number per unit.
:func:`softmax_backward` applies that Jacobian to an incoming gradient.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np


# --- the functions ---------------------------------------------------------

def step(z):
    """Heaviside step: 1 where z >= 0, else 0 (the threshold unit of 1943)."""
    z = np.asarray(z)
    return (z >= 0).astype(np.result_type(z, np.float32))


def step_prime(z, a=None):
    """The step is flat everywhere except at 0, so its derivative is 0.

    This is exactly why the step cannot be trained by gradient descent.
    """
    return np.zeros_like(z, dtype=np.result_type(z, np.float32))


def sigmoid(z):
    """Logistic sigmoid σ(z) = 1 / (1 + e^(−z)), computed without overflow.

    The identity σ(z) = ½ (1 + tanh(z / 2)) gives the same value but never
    evaluates e^(−z), which overflows for z < −709 in float64.
    """
    z = np.asarray(z)
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def sigmoid_prime(z, a=None):
    """σ'(z) = σ(z) (1 − σ(z)); pass ``a = σ(z)`` to skip recomputing it."""
    if a is None:
        a = sigmoid(z)
    return a * (1.0 - a)


def tanh(z):
    """Hyperbolic tangent, a sigmoid rescaled to (−1, 1)."""
    z = np.asarray(z)
    return np.tanh(z)


def tanh_prime(z, a=None):
    """tanh'(z) = 1 − tanh(z)²."""
    if a is None:
        a = np.tanh(z)
    return 1.0 - a * a


def relu(z):
    """Rectified linear unit: max(0, z)."""
    z = np.asarray(z)
    return np.maximum(z, 0)


def relu_prime(z, a=None):
    """1 where z > 0, else 0 (we take the derivative at exactly 0 to be 0)."""
    return (z > 0).astype(z.dtype)


def linear(z):
    """Identity: the output layer of a regression network."""
    return z


def linear_prime(z, a=None):
    """The identity has slope 1 everywhere."""
    return np.ones_like(z)


def softmax(z):
    """Softmax over each row: exp(z_j) / Σ_k exp(z_k).

    Subtracting the row maximum first changes nothing mathematically
    (it cancels between numerator and denominator) but keeps every exponent
    ≤ 0, so exp never overflows.
    """
    z = np.asarray(z)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def softmax_backward(a, grad_a):
    """Gradient with respect to z, given a = softmax(z) and ∂C/∂a.

    For one sample the Jacobian is J = diag(a) − a aᵀ, so
    Jᵀ g = a ⊙ (g − (g · a)).  Done row by row for the whole batch.
    """
    return a * (grad_a - np.sum(grad_a * a, axis=1, keepdims=True))


# --- lookup by name ---------------------------------------------------------

@dataclass(frozen=True)
class Activation:
    """An activation function bundled with its derivative.

    ``backward(z, a, grad_a)`` turns ∂C/∂a into ∂C/∂z.  For the element-wise
    functions this is ``grad_a * prime(z, a)``, the Hadamard product ⊙ of the
    backpropagation equations BP1 and BP2.
    """

    name: str
    function: Callable
    prime: Callable | None

    def __call__(self, z):
        return self.function(z)

    def backward(self, z, a, grad_a):
        if self.name == "softmax":
            return softmax_backward(a, grad_a)
        return grad_a * self.prime(z, a)


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime),
    "tanh": Activation("tanh", tanh, tanh_prime),
    "relu": Activation("relu", relu, relu_prime),
    "linear": Activation("linear", linear, linear_prime),
    "softmax": Activation("softmax", softmax, None),
    "step": Activation("step", step, step_prime),
}


def get_activation(name):
    """Return the :class:`Activation` called ``name``.

    An unknown name is an error that lists the valid names.  (Some classic
    tutorials silently fell back to a linear activation on a typo, which
    trains a different network than the one you asked for.)
    """
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str):
        raise TypeError(
            f"An activation must be given by name, as a string such as 'sigmoid'; "
            f"got {name!r} of type {type(name).__name__}."
        )
    key = name.strip().lower()
    if key not in ACTIVATIONS:
        valid = ", ".join(repr(k) for k in ACTIVATIONS)
        raise ValueError(f"Unknown activation {name!r}. Valid names are: {valid}.")
    return ACTIVATIONS[key]
