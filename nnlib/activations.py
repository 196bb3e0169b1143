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

from .validation import lookup


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
    """Logistic sigmoid σ(z) = 1 / (1 + e^(−z)), accurate on both sides.

    For negative z this form keeps its full relative accuracy (σ(−40) =
    4.25e-18), which ½(1 + tanh(z/2)) loses to cancellation.  e^(−z) overflows
    to ∞ only where σ(z) is below the smallest normal float (z < −709 in
    float64, z < −88.7 in float32); 1 / (1 + ∞) = 0 is then the right answer,
    so that overflow is not reported.
    """
    z = np.asarray(z)
    if z.dtype.kind != "f":
        z = z.astype(np.float64)
    if z.ndim == 0:
        return sigmoid(z.reshape(1))[0]      # a NumPy scalar in, a NumPy scalar out
    return _sigmoid_of_negated_in_place(np.negative(z))


def _sigmoid_of_negated_in_place(minus_z):
    """σ(z) written over the array −z."""
    with np.errstate(over="ignore", under="ignore"):  # see sigmoid(): ∞ means σ(z) = 0
        np.exp(minus_z, out=minus_z)         # e^(−z)
    minus_z += 1.0
    return np.divide(1.0, minus_z, out=minus_z)


def _sigmoid_in_place(z):
    """σ(z) written over z."""
    return _sigmoid_of_negated_in_place(np.negative(z, out=z))


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
    return np.maximum(z, _zero_row(z))


def _zero_row(z):
    """A row of zeros to compare z with: the same numbers as the scalar 0, but
    NumPy's vectorised loop for ``np.maximum`` runs only when both operands are
    arrays (3× faster here than ``np.maximum(z, 0)`` on a 64 × 512 batch)."""
    return np.zeros(z.shape[-1:], z.dtype)


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

    ``z`` has shape (n_samples, n_units); a 1-D array is treated as one row
    (one sample) and the result is 1-D too.

    Subtracting the row maximum first changes nothing mathematically
    (it cancels between numerator and denominator) but keeps every exponent
    ≤ 0, so exp never overflows.  A row that spans more than the float range
    (e.g. [1e308, −1e308]) makes z − max overflow to −∞, which is exactly
    right there: its exp is 0, so that overflow is not reported.
    """
    z = np.asarray(z)
    with np.errstate(over="ignore"):
        e = z - z.max(axis=-1, keepdims=True)
    np.exp(e, out=e)
    e /= e.sum(axis=-1, keepdims=True)
    return e


def softmax_backward(a, grad_a):
    """Gradient with respect to z, given a = softmax(z) and ∂C/∂a.

    For one sample the Jacobian is J = diag(a) − a a⊤, so
    J⊤ g = a ⊙ (g − (g · a)).  Done row by row for the whole batch.
    """
    return a * (grad_a - np.sum(grad_a * a, axis=1, keepdims=True))


# --- the same, for the training loop: outputs written over Z, f' from A -------------
#
# Every element-wise derivative here can be read off the output a = f(z) alone:
# σ'(z) = a(1 − a), tanh'(z) = 1 − a², relu'(z) = [a > 0], linear'(z) = 1, step'(z) = 0.
# So a training step need not keep Z^l: it may overwrite it with A^l, and multiply
# the incoming ∂C/∂A by f'(z) in place.

def _relu_in_place(z):
    return np.maximum(z, _zero_row(z), out=z)


def _tanh_in_place(z):
    return np.tanh(z, out=z)


def _times_sigmoid_prime(a, grad_a):
    s = np.subtract(1.0, a)
    s *= a                                   # σ'(z) = a(1 − a)
    grad_a *= s
    return grad_a


def _times_tanh_prime(a, grad_a):
    s = np.multiply(a, a)
    np.subtract(1.0, s, out=s)               # tanh'(z) = 1 − a²
    grad_a *= s
    return grad_a


def _times_relu_prime(a, grad_a):
    return np.multiply(grad_a, a > 0, out=grad_a)


def _times_step_prime(a, grad_a):
    grad_a *= 0
    return grad_a


def _times_one(a, grad_a):
    return grad_a


# --- lookup by name ---------------------------------------------------------

@dataclass(frozen=True)
class Activation:
    """An activation function bundled with its derivative.

    ``backward(z, a, grad_a)`` turns ∂C/∂a into ∂C/∂z.  For the element-wise
    functions this is ``grad_a * prime(z, a)``, the Hadamard product ⊙ of the
    backpropagation equations BP1 and BP2.

    Two optional helpers let a training step save memory traffic:
    ``in_place(z)`` writes f(z) over z and returns it, and
    ``times_prime(a, grad_a)`` multiplies ``grad_a`` in place by f'(z), computed
    from the output a alone (so z need not be kept).
    """

    name: str
    function: Callable
    prime: Callable | None
    in_place: Callable | None = None
    times_prime: Callable | None = None

    def __call__(self, z):
        return self.function(z)

    def backward(self, z, a, grad_a):
        if self.name == "softmax":
            return softmax_backward(a, grad_a)
        return grad_a * self.prime(z, a)


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime, _sigmoid_in_place,
                          _times_sigmoid_prime),
    "tanh": Activation("tanh", tanh, tanh_prime, _tanh_in_place, _times_tanh_prime),
    "relu": Activation("relu", relu, relu_prime, _relu_in_place, _times_relu_prime),
    "linear": Activation("linear", linear, linear_prime, None, _times_one),
    "softmax": Activation("softmax", softmax, None),
    "step": Activation("step", step, step_prime, None, _times_step_prime),
}


def get_activation(name):
    """Return the :class:`Activation` called ``name``.

    An unknown name is an error that lists the valid names.  (Some classic
    tutorials silently fell back to a linear activation on a typo, which
    trains a different network than the one you asked for.)
    """
    if isinstance(name, Activation):
        return name
    return lookup(ACTIVATIONS, name, "activation")
