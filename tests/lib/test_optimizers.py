"""The optimisers against their formulas, written out step by step here."""

import numpy as np
import pytest

from nnlib.optimizers import SGD, Adam, Momentum


def adam_algorithm_1(theta, gradients, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """Kingma & Ba (2015), Algorithm 1, transcribed line by line (float64 scalars)."""
    theta = theta.copy()
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    for t, g in enumerate(gradients, start=1):
        m = beta1 * m + (1 - beta1) * g          # biased first moment
        v = beta2 * v + (1 - beta2) * g ** 2     # biased second raw moment
        m_hat = m / (1 - beta1 ** t)             # bias-corrected first moment
        v_hat = v / (1 - beta2 ** t)             # bias-corrected second moment
        theta = theta - lr * m_hat / (np.sqrt(v_hat) + eps)
    return theta


@pytest.mark.parametrize("scale", [1.0, 1e-2, 1e-4, 1e-6, 1e-8])
def test_adam_is_algorithm_1_of_the_paper(scale):
    rng = np.random.default_rng(0)
    theta0 = rng.standard_normal((3, 4))
    gradients = [scale * rng.standard_normal((3, 4)) for _ in range(50)]
    expected = adam_algorithm_1(theta0, gradients)
    params = {"W1": theta0.copy()}
    adam = Adam(0.001)
    for g in gradients:
        adam.step(params, {"W1": g})
    np.testing.assert_allclose(params["W1"], expected, rtol=0, atol=1e-12)


def test_adam_tiny_gradient_first_step_is_learning_rate_sized():
    """With g = 1e-8 the first step is η g / (|g| + ε) = η / 2, as in the paper."""
    params = {"W1": np.array([0.0])}
    Adam(1e-3).step(params, {"W1": np.array([1e-8])})
    assert params["W1"][0] == pytest.approx(-5e-4, rel=1e-12)


def test_adam_first_step_has_the_learning_rate_size_whatever_the_gradient_size():
    params = {"W1": np.array([0.0, 0.0])}
    Adam(0.1).step(params, {"W1": np.array([5.0, -0.001])})
    np.testing.assert_allclose(params["W1"], [-0.1, 0.1], rtol=1e-3)


def test_adam_keeps_float32():
    params = {"W1": np.ones((2, 2), np.float32)}
    adam = Adam(0.01)
    for _ in range(3):
        adam.step(params, {"W1": np.full((2, 2), 0.5, np.float32)})
    assert params["W1"].dtype == np.float32
    assert adam.m["W1"].dtype == np.float32 and adam.v["W1"].dtype == np.float32


def test_momentum_with_a_learning_rate_schedule():
    """The course's (Nielsen's) momentum, v ← βv − ηg, θ ← θ + v, by hand: the rate
    in force when a gradient arrives scales it for good.  Two steps with g = 1,
    β = 0.9, η = 0.1 then 0.01: v₁ = −0.1, θ₁ = −0.1; v₂ = 0.9·(−0.1) − 0.01·1 = −0.1,
    θ₂ = −0.2.  (PyTorch's b ← μb + g, θ ← θ − ηb would give −0.1 − 0.01·1.9 = −0.119.)"""
    params = {"W1": np.array([0.0])}
    opt = Momentum(0.1, beta=0.9)
    opt.step(params, {"W1": np.array([1.0])})
    assert params["W1"][0] == pytest.approx(-0.1, abs=1e-15)
    opt.learning_rate = 0.01
    opt.step(params, {"W1": np.array([1.0])})
    assert params["W1"][0] == pytest.approx(-0.2, abs=1e-15)


def test_momentum_docstring_states_the_convention():
    doc = Momentum.__doc__
    assert "v ← βv − η∇C" in doc and "θ ← θ + v" in doc
    assert "PyTorch" in doc and "schedule" in doc


def test_momentum_constant_rate_equals_the_pytorch_form():
    """With a constant η the two conventions give the same parameters."""
    rng = np.random.default_rng(1)
    gradients = [rng.standard_normal(5) for _ in range(20)]
    params = {"W1": np.zeros(5)}
    opt = Momentum(0.05, beta=0.8)
    theta, b = np.zeros(5), np.zeros(5)
    for g in gradients:
        opt.step(params, {"W1": g})
        b = 0.8 * b + g
        theta = theta - 0.05 * b
    np.testing.assert_allclose(params["W1"], theta, rtol=1e-12, atol=1e-14)


def test_sgd_step_is_the_formula():
    params = {"W1": np.array([1.0, 2.0])}
    SGD(0.5).step(params, {"W1": np.array([2.0, -2.0])})
    np.testing.assert_array_equal(params["W1"], [0.0, 3.0])
