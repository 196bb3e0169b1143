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


def test_cross_entropies_from_logits_are_exact():
    """Logits [0, 100] with class 0: −log softmax(z)₀ = log(1 + e¹⁰⁰) = 100 (not −log ε)."""
    for dtype in (np.float64, np.float32):
        Z = np.array([[0.0, 100.0]], dtype)
        assert L.cross_entropy_from_logits(Z, np.array([[1.0, 0.0]], dtype)) == \
            pytest.approx(100.0, rel=1e-7)
        z = np.array([[100.0], [-100.0], [0.0]], dtype)
        y = np.array([[0.0], [1.0], [1.0]], dtype)
        assert L.binary_cross_entropy_from_logits(z, y) == \
            pytest.approx((100.0 + 100.0 + np.log(2.0)) / 3, rel=1e-7)


@pytest.mark.parametrize("name, to_output", [
    ("binary_cross_entropy", lambda Z: 1 / (1 + np.exp(-Z))),
    ("cross_entropy", lambda Z: np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)),
])
def test_logit_form_equals_the_probability_form_where_both_are_accurate(name, to_output):
    rng = np.random.default_rng(3)
    Z = rng.normal(size=(6, 1 if name == "binary_cross_entropy" else 4))
    Y = (np.eye(Z.shape[1])[rng.integers(0, Z.shape[1], 6)] if Z.shape[1] > 1
         else rng.integers(0, 2, (6, 1)).astype(float))
    loss = L.get_loss(name)
    assert loss.cost(Z, to_output(Z), Y) == pytest.approx(loss.value(to_output(Z), Y), rel=1e-12)


def test_cross_entropy_of_rows_wider_than_the_float_range():
    Z = np.array([[1e308, 1e308, -1e308]])
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = L.cross_entropy_from_logits(Z, np.array([[1.0, 0.0, 0.0]]))
    assert value == pytest.approx(np.log(2.0), rel=1e-15)
