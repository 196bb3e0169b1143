"""Loss (cost) functions and their gradients.

A loss compares the network's output ``A`` with the targets ``Y``; both have
shape ``(n_samples, n_outputs)``.  ``value(A, Y)`` returns one number and
``gradient(A, Y)`` returns ∂C/∂A, with the same shape as ``A``.

* ``quadratic`` (alias ``mse``): C = 1/(2n) Σ ||a − y||², the quadratic cost of
  Nielsen's book.  The ½ makes the gradient simply (a − y)/n.
* ``sse``: C = ½ Σ ||a − y||², summed, not averaged, over the samples: the
  rule of the classic "neural network in a few lines" tutorials, whose
  updates add up the whole batch's gradient.
* ``binary_cross_entropy``: for sigmoid outputs and 0/1 targets.
* ``cross_entropy``: for softmax outputs and one-hot targets.

The network computes a cross-entropy from its output layer's pre-activations
Z (the "logits"), where it is exact: −log σ(z) = log(1 + e^(−z)) and
−log softmax(z)_k = logsumexp(z) − z_k, both evaluated without overflow
(:func:`binary_cross_entropy_from_logits`, :func:`cross_entropy_from_logits`).
Logits [0, 100] with target class 0 cost 100.  The forms that take only the
probabilities A (``value(A, Y)``) cannot know how close to 0 an output that
rounded to 0 was, so they clip A to [ε, 1 − ε] first: log(0) never happens,
but a single sample then costs at most −log ε (36.04 in float64).
:meth:`Loss.cost` picks the exact form whenever Z is available.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .validation import lookup


def _clip_probabilities(A):
    """Keep probabilities inside [eps, 1 − eps] so that log() stays finite."""
    eps = np.finfo(A.dtype).eps if np.issubdtype(A.dtype, np.floating) else 1e-12
    return np.clip(A, eps, 1.0 - eps)


def quadratic(A, Y):
    """C = 1/(2n) Σ_samples ||a − y||²."""
    return 0.5 * float(np.sum((A - Y) ** 2)) / len(A)


def quadratic_gradient(A, Y):
    """∂C/∂A = (A − Y) / n."""
    return (A - Y) * (1.0 / len(A))


def sse(A, Y):
    """C = ½ Σ_samples ||a − y||² (a sum over the batch, not a mean)."""
    return 0.5 * float(np.sum((A - Y) ** 2))


def sse_gradient(A, Y):
    """∂C/∂A = A − Y."""
    return A - Y


def binary_cross_entropy(A, Y):
    """C = −1/n Σ [y log a + (1 − y) log(1 − a)]."""
    A = _clip_probabilities(A)
    return -float(np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))) / len(A)


def binary_cross_entropy_gradient(A, Y):
    """∂C/∂A = (a − y) / (a (1 − a)) / n."""
    A = _clip_probabilities(A)
    return (A - Y) / (A * (1 - A)) * (1.0 / len(A))


def cross_entropy(A, Y):
    """C = −1/n Σ_samples Σ_classes y log a, for one-hot Y."""
    A = _clip_probabilities(A)
    return -float(np.sum(Y * np.log(A))) / len(A)


def cross_entropy_gradient(A, Y):
    """∂C/∂A = −y / a / n."""
    A = _clip_probabilities(A)
    return -Y / A * (1.0 / len(A))


def _softplus(x):
    """log(1 + e^x) without overflow: log(e^0 + e^x)."""
    return np.logaddexp(0.0, x)


def binary_cross_entropy_from_logits(Z, Y):
    """C = 1/n Σ [y softplus(−z) + (1 − y) softplus(z)], exact for A = σ(Z).

    −log σ(z) = log(1 + e^(−z)) = softplus(−z) and −log(1 − σ(z)) = softplus(z);
    each term is accurate even where σ(z) rounds to 0 or 1.
    """
    return float(np.sum(Y * _softplus(-Z) + (1 - Y) * _softplus(Z))) / len(Z)


def cross_entropy_from_logits(Z, Y):
    """C = 1/n Σ_samples Σ_classes y (logsumexp(z) − z), exact for A = softmax(Z).

    −log softmax(z)_k = logsumexp(z) − z_k, with the row maximum taken out first
    as in :func:`nnlib.activations.softmax` (a difference that overflows to −∞
    there has a softmax of exactly 0).  Only the classes with y ≠ 0 are summed,
    so the −∞ of a class that cannot matter never meets a 0 · ∞.
    """
    with np.errstate(over="ignore"):
        shifted = Z - Z.max(axis=1, keepdims=True)                 # ≤ 0
    log_sum = np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))  # logsumexp − max
    terms = np.multiply(Y, log_sum - shifted, out=np.zeros_like(shifted), where=Y != 0)
    return float(np.sum(terms)) / len(Z)


@dataclass(frozen=True)
class Loss:
    """A loss function bundled with its gradient.

    ``paired_activation`` names the output activation with which the loss
    simplifies: for sigmoid + binary cross-entropy and for softmax +
    cross-entropy, the output error δᴸ = ∂C/∂zᴸ is just (a − y)/n.  The
    network uses that shortcut, which is both faster and more accurate than
    multiplying a large 1/a by a tiny σ'(z).
    """

    name: str
    value: Callable
    gradient: Callable
    paired_activation: str | None = None
    mean_over_samples: bool = True
    value_from_logits: Callable | None = None

    def __call__(self, A, Y):
        return self.value(A, Y)

    def cost(self, Z, A, Y):
        """C from the output layer: pre-activations Z and outputs A, both of shape
        (n_samples, n_outputs), and targets Y of that shape.  Exact from Z when the
        loss has a logits form (the cross-entropies), else ``value(A, Y)``."""
        if self.value_from_logits is not None:
            return self.value_from_logits(Z, Y)
        return self.value(A, Y)


LOSSES = {
    "quadratic": Loss("quadratic", quadratic, quadratic_gradient),
    "sse": Loss("sse", sse, sse_gradient, mean_over_samples=False),
    "binary_cross_entropy": Loss(
        "binary_cross_entropy", binary_cross_entropy, binary_cross_entropy_gradient,
        paired_activation="sigmoid", value_from_logits=binary_cross_entropy_from_logits,
    ),
    "cross_entropy": Loss(
        "cross_entropy", cross_entropy, cross_entropy_gradient,
        paired_activation="softmax", value_from_logits=cross_entropy_from_logits,
    ),
}
LOSS_ALIASES = {"mse": "quadratic", "bce": "binary_cross_entropy"}


def get_loss(name):
    """Return the :class:`Loss` called ``name``; unknown names are an error."""
    if isinstance(name, Loss):
        return name
    return lookup(LOSSES, name, "loss", aliases=LOSS_ALIASES)
