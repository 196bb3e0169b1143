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

Cross-entropies take logarithms of the outputs, so the outputs are clipped
a hair away from 0 and 1 first: log(0) never happens.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np


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

    def __call__(self, A, Y):
        return self.value(A, Y)


LOSSES = {
    "quadratic": Loss("quadratic", quadratic, quadratic_gradient),
    "sse": Loss("sse", sse, sse_gradient, mean_over_samples=False),
    "binary_cross_entropy": Loss(
        "binary_cross_entropy", binary_cross_entropy, binary_cross_entropy_gradient,
        paired_activation="sigmoid",
    ),
    "cross_entropy": Loss(
        "cross_entropy", cross_entropy, cross_entropy_gradient,
        paired_activation="softmax",
    ),
}
LOSS_ALIASES = {"mse": "quadratic", "bce": "binary_cross_entropy"}


def get_loss(name):
    """Return the :class:`Loss` called ``name``; unknown names are an error."""
    if isinstance(name, Loss):
        return name
    if not isinstance(name, str):
        raise TypeError(
            f"A loss must be given by name, as a string such as 'quadratic'; "
            f"got {name!r} of type {type(name).__name__}."
        )
    key = name.strip().lower()
    key = LOSS_ALIASES.get(key, key)
    if key not in LOSSES:
        valid = ", ".join(repr(k) for k in [*LOSSES, *LOSS_ALIASES])
        raise ValueError(f"Unknown loss {name!r}. Valid names are: {valid}.")
    return LOSSES[key]
