import zlib

import numpy as np
import pytest

import nnlib
from nnlib import Network, grad_check
from nnlib.gradcheck import numerical_gradient, relative_error

HIDDEN = ["sigmoid", "tanh", "relu", "linear"]
OUTPUTS = [  # (output activation, loss, n_outputs)
    ("sigmoid", "quadratic", 2),
    ("sigmoid", "sse", 2),
    ("sigmoid", "binary_cross_entropy", 1),
    ("linear", "quadratic", 2),
    ("tanh", "quadratic", 2),
    ("relu", "quadratic", 2),
    ("softmax", "cross_entropy", 3),
    ("softmax", "quadratic", 3),
]


def _targets(rng, n, n_out, loss):
    if n_out == 1:
        return rng.integers(0, 2, n)
    if loss == "cross_entropy" or n_out == 3:
        return rng.integers(0, n_out, n)
    return rng.uniform(0, 1, (n, n_out))


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output,loss,n_out", OUTPUTS)
def test_grad_check_random_networks(hidden, output, loss, n_out):
    rng = np.random.default_rng(zlib.crc32(f"{hidden}-{output}-{loss}".encode()))
    net = Network([4, 6, 5, n_out], [hidden, hidden, output], loss=loss, seed=3)
    X = rng.normal(size=(7, 4))
    y = _targets(rng, 7, n_out, loss)
    errors = grad_check(net, X, y)
    assert set(errors) == set(net.params)
    assert max(errors.values()) < 1e-6, errors


def test_grad_check_detects_a_wrong_gradient(monkeypatch):
    net = Network([3, 4, 1], ["sigmoid", "sigmoid"], seed=0)
    X = np.random.default_rng(0).normal(size=(5, 3))
    y = np.array([0, 1, 1, 0, 1])
    original = Network._backward_pass

    def broken(self, X, Y):
        grads = original(self, X, Y)
        grads["W1"] = grads["W1"] * 1.1
        return grads

    monkeypatch.setattr(Network, "_backward_pass", broken)
    errors = grad_check(net, X, y)
    assert errors["W1"] > 1e-3 and errors["W2"] < 1e-7


def test_four_equations_by_hand():
    """BP1–BP4 written out for a 2-layer sigmoid network, compared to backprop."""
    rng = np.random.default_rng(5)
    net = Network([3, 4, 2], ["sigmoid", "sigmoid"], loss="quadratic", seed=1)
    X = rng.normal(size=(6, 3))
    Y = rng.uniform(size=(6, 2))
    W1, b1, W2, b2 = (net.params[k] for k in ["W1", "b1", "W2", "b2"])
    s = nnlib.sigmoid
    z1 = X @ W1 + b1
    a1 = s(z1)
    z2 = a1 @ W2 + b2
    a2 = s(z2)
    d2 = (a2 - Y) / len(X) * a2 * (1 - a2)              # BP1
    d1 = (d2 @ W2.T) * a1 * (1 - a1)                    # BP2
    grads = net.backprop(X, Y)
    np.testing.assert_allclose(grads["b2"], d2.sum(0))  # BP3
    np.testing.assert_allclose(grads["b1"], d1.sum(0))
    np.testing.assert_allclose(grads["W2"], a1.T @ d2)  # BP4
    np.testing.assert_allclose(grads["W1"], X.T @ d1)
    for key in grads:  # and each equation against numerical derivatives
        numeric = numerical_gradient(lambda: net.cost(X, Y), net.params[key])
        assert relative_error(numeric, grads[key]) < 1e-7


def test_feedforward_shapes():
    net = Network(layers=[2, 10, 1], activations=["sigmoid", "sigmoid"], seed=0)
    X = np.zeros((5, 2))
    Z, A = net.feedforward(X)
    assert Z[0] is None and np.array_equal(A[0], X)
    assert [z.shape for z in Z[1:]] == [(5, 10), (5, 1)]     # Z[l] is Z^l, as in the book
    assert [a.shape for a in A] == [(5, 2), (5, 10), (5, 1)]
    np.testing.assert_array_equal(A[1], nnlib.sigmoid(Z[1]))
    np.testing.assert_array_equal(A[2], net.forward(X))
    assert net.params["W1"].shape == (2, 10) and net.params["b2"].shape == (1,)
    assert net.n_params == 2 * 10 + 10 + 10 + 1


def test_seed_reproducible_and_inits():
    a = Network([3, 5, 2], "sigmoid", seed=7)
    b = Network([3, 5, 2], "sigmoid", seed=7)
    c = Network([3, 5, 2], "sigmoid", seed=8)
    np.testing.assert_array_equal(a.params["W1"], b.params["W1"])
    assert not np.array_equal(a.params["W1"], c.params["W1"])
    for init in ["uniform", "normal", "scaled_normal", "xavier", "he"]:
        net = Network([400, 300, 2], ["relu", "sigmoid"], init=init, seed=0)
        std = net.params["W1"].std()
        expected = {"uniform": 1 / np.sqrt(3), "normal": 1.0, "scaled_normal": 0.05,
                    "xavier": np.sqrt(2 / 700), "he": np.sqrt(2 / 400)}[init]
        assert std == pytest.approx(expected, rel=0.05)
    assert np.all(Network([3, 2], "sigmoid", init="uniform", seed=0).params["b1"] == 0)


def test_float32_stays_float32():
    net = Network([2, 8, 1], ["tanh", "sigmoid"], dtype=np.float32, seed=0)
    X, y = nnlib.make_moons(64, seed=0)
    grads = net.backprop(X, y)
    assert all(g.dtype == np.float32 for g in grads.values())
    net.fit(X, y, epochs=3, batch_size=16, learning_rate=0.5)
    assert all(p.dtype == np.float32 for p in net.params.values())
    assert net.forward(X).dtype == np.float32
    assert net.copy(dtype=np.float64).params["W1"].dtype == np.float64


def test_no_bias_network():
    net = Network([3, 1], ["sigmoid"], loss="sse", bias=False, seed=0)
    assert list(net.params) == ["W1"]
    X, y = nnlib.truth_table()
    assert max(grad_check(net, X, y).values()) < 1e-7


def test_predict_and_score():
    X, y = nnlib.make_separable(100, seed=0)
    net = Network([2, 1], ["sigmoid"], loss="binary_cross_entropy", seed=0)
    net.fit(X, y, epochs=50, batch_size=100, learning_rate=1.0)
    pred = net.predict(X)
    assert pred.shape == (100,) and set(np.unique(pred)) <= {0, 1}
    assert net.score(X, y) == pytest.approx(np.mean(pred == y))
    assert net.score(X, y) > 0.95
    reg = Network([1, 4, 1], ["tanh", "linear"], seed=0)
    assert reg.predict(np.zeros((3, 1))).shape == (3, 1)
    with pytest.raises(ValueError, match="regression"):
        reg.score(np.zeros((3, 1)), np.zeros(3))


def test_set_params_checks():
    net = Network([3, 1], "sigmoid", seed=0)
    net.set_params(W1=np.ones((3, 1)))
    assert np.all(net.params["W1"] == 1)
    with pytest.raises(ValueError, match="shape"):
        net.set_params(W1=np.ones((1, 3)))
    with pytest.raises(KeyError, match="Unknown parameter"):
        net.set_params(W9=np.ones((3, 1)))


def test_saturated_output_loss_is_exact():
    """The network's loss uses the pre-activations, so a confident wrong answer costs
    its true value (100), not the −log ε = 36.04 (float64) / 15.94 (float32) of clipping."""
    for dtype in (np.float64, np.float32):
        net = Network([1, 2], ["softmax"], loss="cross_entropy", dtype=dtype)
        net.set_params(W1=[[0.0, 100.0]], b1=[0.0, 0.0])
        assert net.cost([[1.0]], [0]) == pytest.approx(100.0, rel=1e-6)
        net = Network([1, 1], ["sigmoid"], loss="binary_cross_entropy", dtype=dtype)
        net.set_params(W1=[[100.0]], b1=[0.0])
        assert net.cost([[1.0]], [0]) == pytest.approx(100.0, rel=1e-6)


def test_grad_check_agrees_on_a_saturated_sigmoid_network():
    """1 → 1 sigmoid + binary cross-entropy, X = [[50], [0.3]], y = [0, 1]: σ(50) rounds
    to 1, and a clipped loss made grad_check call this correct network wrong (1.0, 1.0)."""
    net = Network([1, 1], ["sigmoid"], loss="binary_cross_entropy")
    net.set_params(W1=[[1.0]], b1=[0.0])
    errors = grad_check(net, [[50.0], [0.3]], [0, 1])
    assert set(errors) == {"W1", "b1"}
    assert max(errors.values()) < 1e-7, errors
