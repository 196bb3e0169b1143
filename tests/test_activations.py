import warnings

import numpy as np
import pytest

from nnlib import activations as A
from nnlib.gradcheck import numerical_gradient

ELEMENTWISE = ["sigmoid", "tanh", "relu", "linear"]


def test_sigmoid_values_and_stability():
    z = np.array([-1000.0, -1.0, 0.0, 1.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning allowed
        a = A.sigmoid(z)
    assert np.all(np.isfinite(a))
    np.testing.assert_allclose(a[1:4], 1 / (1 + np.exp(-z[1:4])), rtol=1e-12)
    assert a[0] == 0.0 and a[-1] == 1.0
    assert A.sigmoid(np.float32(3.0)).dtype == np.float32


def test_sigmoid_prime_identity():
    z = np.linspace(-6, 6, 25)
    np.testing.assert_allclose(A.sigmoid_prime(z), A.sigmoid(z) * (1 - A.sigmoid(z)))
    np.testing.assert_allclose(A.sigmoid_prime(z, A.sigmoid(z)), A.sigmoid_prime(z))


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivatives_match_numerical(name):
    f = A.get_activation(name)
    z = np.array([[-2.3, -0.7, 0.4, 1.9], [0.3, -1.1, 2.2, -0.2]])
    expected = np.zeros_like(z)
    for idx in np.ndindex(z.shape):
        zz = z.copy()
        def g():
            return float(f(zz)[idx])
        expected[idx] = numerical_gradient(g, zz)[idx]
    np.testing.assert_allclose(f.prime(z, f(z)), expected, atol=1e-8)


def test_relu_and_linear():
    z = np.array([[-2.0, 0.0, 3.0]])
    np.testing.assert_array_equal(A.relu(z), [[0, 0, 3]])
    np.testing.assert_array_equal(A.relu_prime(z), [[0, 0, 1]])
    np.testing.assert_array_equal(A.linear(z), z)
    np.testing.assert_array_equal(A.linear_prime(z), np.ones_like(z))


def test_step():
    z = np.array([-0.5, 0.0, 2.0])
    np.testing.assert_array_equal(A.step(z), [0, 1, 1])
    np.testing.assert_array_equal(A.step_prime(z), [0, 0, 0])


def test_softmax_stable_and_normalised():
    z = np.array([[1000.0, 1000.0, -1000.0], [1.0, 2.0, 3.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = A.softmax(z)
    np.testing.assert_allclose(s.sum(axis=1), 1.0)
    np.testing.assert_allclose(s[0], [0.5, 0.5, 0.0])
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(s[1], e / e.sum())


def test_softmax_backward_matches_jacobian():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(3, 4))
    g = rng.normal(size=(3, 4))
    a = A.softmax(z)
    for i in range(3):
        J = np.diag(a[i]) - np.outer(a[i], a[i])
        np.testing.assert_allclose(A.softmax_backward(a, g)[i], J.T @ g[i], atol=1e-12)


def test_lookup_unknown_name_lists_valid_names():
    with pytest.raises(ValueError, match="Unknown activation 'sigmod'.*'sigmoid'"):
        A.get_activation("sigmod")
    with pytest.raises(TypeError, match="by name"):
        A.get_activation(3)
    assert A.get_activation(" ReLU ").name == "relu"


def test_plain_lists_are_accepted():
    np.testing.assert_allclose(A.sigmoid([0.0, 0.0]), [0.5, 0.5])
    np.testing.assert_array_equal(A.relu([-1, 2]), [0, 2])
    np.testing.assert_allclose(A.softmax([[0.0, 0.0]]), [[0.5, 0.5]])
