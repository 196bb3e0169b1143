import numpy as np
import pytest

from nnlib import losses as L
from nnlib.gradcheck import numerical_gradient


def _data(rng, n=5, k=3, probabilities=True):
    A = rng.uniform(0.05, 0.95, (n, k)) if probabilities else rng.normal(size=(n, k))
    Y = np.eye(k)[rng.integers(0, k, n)]
    return A, Y


@pytest.mark.parametrize("name", ["quadratic", "sse", "binary_cross_entropy", "cross_entropy"])
def test_gradient_matches_numerical(name):
    rng = np.random.default_rng(1)
    A, Y = _data(rng)
    loss = L.get_loss(name)
    numeric = numerical_gradient(lambda: loss.value(A, Y), A)
    np.testing.assert_allclose(loss.gradient(A, Y), numeric, rtol=1e-6, atol=1e-9)


def test_values():
    A = np.array([[0.5], [1.0]])
    Y = np.array([[0.0], [1.0]])
    assert L.quadratic(A, Y) == pytest.approx(0.5 * 0.25 / 2)
    assert L.sse(A, Y) == pytest.approx(0.5 * 0.25)
    assert L.get_loss("mse") is L.get_loss("quadratic")


def test_cross_entropy_never_logs_zero():
    A = np.array([[0.0, 1.0], [1.0, 0.0]])
    Y = np.array([[1.0, 0.0], [1.0, 0.0]])
    for name in ["binary_cross_entropy", "cross_entropy"]:
        loss = L.get_loss(name)
        value = loss.value(A, Y)
        assert np.isfinite(value) and value > 10
        assert np.all(np.isfinite(loss.gradient(A, Y)))
    A32 = A.astype(np.float32)
    assert np.isfinite(L.binary_cross_entropy(A32, Y.astype(np.float32)))


def test_perfect_prediction_has_tiny_cross_entropy():
    Y = np.eye(3)
    assert L.cross_entropy(Y.copy(), Y) < 1e-10


def test_unknown_loss():
    with pytest.raises(ValueError, match="Unknown loss 'hinge'.*'quadratic'"):
        L.get_loss("hinge")
