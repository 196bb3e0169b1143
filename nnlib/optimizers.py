"""Optimisers: how a gradient turns into a change of the parameters.

Each optimiser has one method, ``step(params, grads)``, which updates the
parameter arrays in place.  ``params`` and ``grads`` are dictionaries with the
same keys (``"W1"``, ``"b1"``, …).

* :class:`SGD`: θ ← θ − η ∇C, the rule of every classic tutorial.
* :class:`Momentum`: a velocity that accumulates past gradients, so steps
  speed up along consistent directions and damp oscillations.
* :class:`Adam`: per-parameter step sizes from running averages of the
  gradient and of its square (Kingma & Ba 2015).
"""

import numpy as np

from .validation import check_positive_number


class SGD:
    """Plain stochastic gradient descent: θ ← θ − η ∇C."""

    name = "sgd"

    def __init__(self, learning_rate=0.1):
        self.learning_rate = check_positive_number(learning_rate, "learning_rate")

    def step(self, params, grads):
        for key, grad in grads.items():
            params[key] -= self.learning_rate * grad

    def __repr__(self):
        return f"SGD(learning_rate={self.learning_rate:g})"


class Momentum:
    """SGD with momentum: v ← βv − η∇C, then θ ← θ + v."""

    name = "momentum"

    def __init__(self, learning_rate=0.1, beta=0.9):
        self.learning_rate = check_positive_number(learning_rate, "learning_rate")
        if not 0 <= beta < 1:
            raise ValueError(f"beta must be in [0, 1), got {beta!r}.")
        self.beta = float(beta)
        self.velocity = {}

    def step(self, params, grads):
        for key, grad in grads.items():
            v = self.velocity.get(key)
            if v is None:
                v = self.velocity[key] = np.zeros_like(grad)
            v *= self.beta
            v -= self.learning_rate * grad
            params[key] += v

    def __repr__(self):
        return f"Momentum(learning_rate={self.learning_rate:g}, beta={self.beta:g})"


class Adam:
    """Adam: steps scaled by running estimates of the gradient's mean and variance.

    m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  θ ← θ − η m̂ / (√v̂ + ε),
    where m̂ and v̂ correct the bias of starting m and v at zero.
    """

    name = "adam"

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.learning_rate = check_positive_number(learning_rate, "learning_rate")
        for name, beta in (("beta1", beta1), ("beta2", beta2)):
            if not 0 <= beta < 1:
                raise ValueError(f"{name} must be in [0, 1), got {beta!r}.")
        self.beta1, self.beta2 = float(beta1), float(beta2)
        self.eps = check_positive_number(eps, "eps")
        self.m, self.v, self.t = {}, {}, 0

    def step(self, params, grads):
        self.t += 1
        # Fold both bias corrections into one step size.
        step_size = (self.learning_rate * np.sqrt(1 - self.beta2 ** self.t)
                     / (1 - self.beta1 ** self.t))
        step_size = float(step_size)
        for key, grad in grads.items():
            if key not in self.m:
                self.m[key] = np.zeros_like(grad)
                self.v[key] = np.zeros_like(grad)
            m, v = self.m[key], self.v[key]
            m *= self.beta1
            m += (1 - self.beta1) * grad
            v *= self.beta2
            v += (1 - self.beta2) * (grad * grad)
            params[key] -= step_size * m / (np.sqrt(v) + self.eps)

    def __repr__(self):
        return f"Adam(learning_rate={self.learning_rate:g})"


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "adam": Adam}


def get_optimizer(optimizer="sgd", learning_rate=None):
    """Build an optimiser from a name (``"sgd"``, ``"momentum"``, ``"adam"``).

    An optimiser object is returned unchanged (its own learning rate wins).
    """
    if hasattr(optimizer, "step"):
        return optimizer
    if not isinstance(optimizer, str) or optimizer.strip().lower() not in OPTIMIZERS:
        valid = ", ".join(repr(k) for k in OPTIMIZERS)
        raise ValueError(f"Unknown optimizer {optimizer!r}. Valid names are: {valid}, "
                         "or an optimizer object such as nnlib.Adam(0.001).")
    cls = OPTIMIZERS[optimizer.strip().lower()]
    if learning_rate is None:
        return cls()
    return cls(learning_rate)
