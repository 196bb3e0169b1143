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

from .validation import check_positive_number, lookup


class SGD:
    """Plain stochastic gradient descent: θ ← θ − η ∇C."""

    name = "sgd"

    def __init__(self, learning_rate=0.1):
        self.learning_rate = check_positive_number(learning_rate, "learning_rate")
        self._scratch = {}

    def step(self, params, grads):
        for key, grad in grads.items():
            s = self._scratch.get(key)
            if s is None or s.shape != grad.shape or s.dtype != grad.dtype:
                s = self._scratch[key] = np.empty_like(grad)
            params[key] -= np.multiply(grad, self.learning_rate, out=s)  # θ ← θ − η∇C

    def __repr__(self):
        return f"SGD(learning_rate={self.learning_rate:g})"


class Momentum:
    """SGD with momentum: v ← βv − η∇C, then θ ← θ + v.

    This is the convention of the course (and of Nielsen's book): the velocity
    v holds steps already scaled by the learning rate η in force when each
    gradient arrived.  PyTorch's ``torch.optim.SGD(momentum=μ)`` keeps instead
    b ← μb + ∇C and steps θ ← θ − ηb, scaling the whole accumulated sum by
    today's η.  With a constant η the two give the same parameters; with a
    learning-rate schedule they differ: two steps with ∇C = 1, β = 0.9 and
    η = 0.1 then 0.01 end at θ = −0.2 here and at −0.119 in PyTorch.
    """

    name = "momentum"

    def __init__(self, learning_rate=0.1, beta=0.9):
        self.learning_rate = check_positive_number(learning_rate, "learning_rate")
        if not 0 <= beta < 1:
            raise ValueError(f"beta must be in [0, 1), got {beta!r}.")
        self.beta = float(beta)
        self.velocity = {}
        self._scratch = {}

    def step(self, params, grads):
        for key, grad in grads.items():
            if key not in self.velocity:
                self.velocity[key] = np.zeros_like(grad)
                self._scratch[key] = np.empty_like(grad)
            v, s = self.velocity[key], self._scratch[key]
            v *= self.beta                                   # v ← βv
            v -= np.multiply(grad, self.learning_rate, out=s)  # v ← v − η∇C
            params[key] += v                                 # θ ← θ + v

    def __repr__(self):
        return f"Momentum(learning_rate={self.learning_rate:g}, beta={self.beta:g})"


class Adam:
    """Adam (Kingma & Ba 2015, Algorithm 1): steps scaled by running estimates of
    the gradient's mean and uncentred variance.

        m ← β₁m + (1−β₁)g,   v ← β₂v + (1−β₂)g²,
        m̂ = m / (1−β₁ᵗ),     v̂ = v / (1−β₂ᵗ),
        θ ← θ − η m̂ / (√v̂ + ε)

    with ε added to √v̂ (after the bias correction), as in the paper and in
    ``torch.optim.Adam``.  The updates are done in place, with one scratch
    array per parameter, so a step allocates no new arrays.
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
        self._scratch = {}

    def step(self, params, grads):
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        correction1 = 1 - b1 ** self.t        # m̂ = m / correction1
        correction2 = 1 - b2 ** self.t        # v̂ = v / correction2
        # √v̂ + ε = (√v + ε√correction2) / √correction2, so the step
        # η m̂ / (√v̂ + ε) is (η √correction2 / correction1) · m / (√v + ε√correction2):
        # the same number, with the bias corrections moved onto scalars.
        eps_hat = self.eps * correction2 ** 0.5
        step_size = self.learning_rate * correction2 ** 0.5 / correction1
        for key, grad in grads.items():
            if key not in self.m:
                self.m[key] = np.zeros_like(grad)
                self.v[key] = np.zeros_like(grad)
                self._scratch[key] = np.empty_like(grad)
            m, v, s = self.m[key], self.v[key], self._scratch[key]
            np.subtract(grad, m, out=s)
            s *= 1 - b1
            m += s                                  # m ← β₁m + (1−β₁)g = m + (1−β₁)(g − m)
            np.multiply(grad, grad, out=s)
            s -= v
            s *= 1 - b2
            v += s                                  # v ← β₂v + (1−β₂)g² = v + (1−β₂)(g² − v)
            np.sqrt(v, out=s)
            s += eps_hat
            np.divide(m, s, out=s)
            s *= step_size
            params[key] -= s                        # θ ← θ − η m̂ / (√v̂ + ε)

    def __repr__(self):
        return f"Adam(learning_rate={self.learning_rate:g})"


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "adam": Adam}


def get_optimizer(optimizer="sgd", learning_rate=None):
    """Build an optimiser from a name (``"sgd"``, ``"momentum"``, ``"adam"``).

    An optimiser object is returned unchanged (its own learning rate wins).
    """
    if hasattr(optimizer, "step"):
        return optimizer
    cls = lookup(OPTIMIZERS, optimizer, "optimizer",
                 other=", or an optimizer object such as nnlib.Adam(0.001)")
    if learning_rate is None:
        return cls()
    return cls(learning_rate)
