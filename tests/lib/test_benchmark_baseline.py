"""The classic per-example algorithm and nnlib's matrix backpropagation train the same
network.

benchmarks/classic.py is Nielsen's network.py algorithm (column vectors, one example at a
time, gradients summed over the mini-batch, w -= η/m Σ∇).  That nnlib gives the same weights
checks nnlib against the classic algorithm, and keeps the benchmark honest: its speed-up
figures compare the same computation."""

import sys
from pathlib import Path

import numpy as np

import nnlib

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from classic import ClassicNetwork, as_column_pairs  # noqa: E402


def test_classic_baseline_matches_nnlib():
    rng = np.random.default_rng(1)
    X = rng.uniform(0, 1, (30, 16))
    y = rng.integers(0, 4, 30)
    classic = ClassicNetwork([16, 7, 4], seed=0)
    net = nnlib.Network([16, 7, 4], "sigmoid", loss="quadratic", init="normal", seed=0)
    net.set_params(W1=classic.weights[0].T, W2=classic.weights[1].T,
                   b1=classic.biases[0].ravel(), b2=classic.biases[1].ravel())
    pairs = as_column_pairs(X, nnlib.one_hot(y, 4))
    for k in range(0, 30, 10):
        classic.update_mini_batch(pairs[k:k + 10], 3.0)
    net.fit(X, y, epochs=1, batch_size=10, learning_rate=3.0, shuffle=False)
    np.testing.assert_allclose(net.params["W1"], classic.weights[0].T, atol=1e-12)
    np.testing.assert_allclose(net.params["W2"], classic.weights[1].T, atol=1e-12)
    np.testing.assert_allclose(net.params["b1"], classic.biases[0].ravel(), atol=1e-12)
    np.testing.assert_allclose(net.params["b2"], classic.biases[1].ravel(), atol=1e-12)
