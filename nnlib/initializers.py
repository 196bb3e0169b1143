"""Weight initialisation schemes.

A weight matrix ``W`` of a dense layer has shape ``(n_in, n_out)`` so that a
batch of inputs (rows) maps to outputs by ``X @ W``.  How ``W`` starts matters:
too large and sigmoid units saturate (their gradient σ' ≈ 0), too small and
the signal fades layer by layer.

* ``uniform``: U[−1, 1), the classic tutorials' ``2 * random() − 1``.
* ``normal``: N(0, 1) for weights *and* biases, as in Nielsen's network.py.
* ``scaled_normal``: N(0, 1/n_in); Nielsen's improved initialisation.
* ``xavier``: U[−r, r] with r = √(6 / (n_in + n_out)) (Glorot & Bengio 2010),
  made for tanh and sigmoid.
* ``he``: N(0, 2/n_in) (He et al. 2015), made for ReLU.

Biases start at zero except with ``normal``.
"""

import numpy as np

from .validation import lookup


def init_weights(n_in, n_out, scheme, rng, dtype=np.float64):
    """Return (W, b): W of shape (n_in, n_out) and b of shape (n_out,)."""
    scheme = check_init(scheme)
    if scheme == "uniform":
        W = rng.uniform(-1.0, 1.0, size=(n_in, n_out))
    elif scheme == "normal":
        W = rng.standard_normal((n_in, n_out))
    elif scheme == "scaled_normal":
        W = rng.standard_normal((n_in, n_out)) / np.sqrt(n_in)
    elif scheme == "xavier":
        r = np.sqrt(6.0 / (n_in + n_out))
        W = rng.uniform(-r, r, size=(n_in, n_out))
    else:  # "he"
        W = rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)
    if scheme == "normal":
        b = rng.standard_normal(n_out)
    else:
        b = np.zeros(n_out)
    return W.astype(dtype), b.astype(dtype)


INIT_SCHEMES = ("uniform", "normal", "scaled_normal", "xavier", "he")


def check_init(scheme):
    """The scheme's name, or an error that lists the valid ones."""
    return lookup({s: s for s in INIT_SCHEMES}, scheme, "initialisation")


def default_init(activation_name):
    """The usual choice for a layer with this activation: He for ReLU, else Xavier."""
    return "he" if activation_name == "relu" else "xavier"
