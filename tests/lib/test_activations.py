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


@pytest.mark.parametrize("z", [np.array([[-1.5, -0.0, 0.0, np.nan, 2.5]], np.float32),
                               np.array([-1.0, 2.0]), np.array([-3, 0, 4]), np.float64(-2.0),
                               np.arange(-6.0, 6.0).reshape(3, 4)])
def test_relu_is_max_with_zero(z):
    """relu compares with a row of zeros (NumPy's faster loop): the same values, dtype,
    shape and NaN as np.maximum(z, 0), in relu() and in the in-place training version."""
    expected = np.maximum(z, 0)
    for out in (A.relu(z), A.get_activation("relu").in_place(np.array(z, copy=True))):
        np.testing.assert_array_equal(out, expected)
        assert np.asarray(out).dtype == expected.dtype and np.shape(out) == np.shape(expected)


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


@pytest.mark.parametrize("dtype, zmin, rtol", [(np.float64, -700.0, 1e-14),
                                               (np.float32, -80.0, 1e-6)])
def test_sigmoid_relative_accuracy_for_negative_z(dtype, zmin, rtol):
    """σ(z) for z < 0 keeps its relative accuracy (½(1 + tanh(z/2)) loses it to cancellation)."""
    z = np.linspace(zmin, 30.0, 2001).astype(dtype)
    exact = 1.0 / (1.0 + np.exp(-z.astype(np.longdouble)))   # wider precision reference
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = A.sigmoid(z)
    assert a.dtype == dtype
    assert np.all(a > 0)
    np.testing.assert_allclose(a.astype(np.longdouble), exact, rtol=rtol, atol=0)
    assert A.sigmoid(np.float64(-40.0)) == pytest.approx(4.248354255291589e-18, rel=1e-14)


def test_sigmoid_extremes_without_warnings():
    for dtype in (np.float64, np.float32):
        big = np.finfo(dtype).max
        z = np.array([-big, -1000.0, -745.0, 0.0, 745.0, big, -np.inf, np.inf], dtype=dtype)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            a = A.sigmoid(z)
        assert np.all((a >= 0) & (a <= 1)) and a.dtype == dtype
        assert a[3] == 0.5 and a[-1] == 1.0 and a[-2] == 0.0


def test_softmax_rows_wider_than_the_float_range():
    z = np.array([[1e308, 1e308, -1e308]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = A.softmax(z)
    np.testing.assert_array_equal(s, [[0.5, 0.5, 0.0]])


def test_softmax_of_a_1d_array_is_one_row():
    z = np.array([1.0, 2.0, 3.0])
    s = A.softmax(z)
    assert s.shape == (3,)
    np.testing.assert_allclose(s, A.softmax(z[None, :])[0], rtol=1e-15)
    assert "1-D" in A.softmax.__doc__


def test_compare_prints_the_difference_and_fails_above_the_tolerance(capsys):
    import pytest

    import nnlib

    assert nnlib.compare([1.0, 2.0], [1.0, 2.0 + 3e-13], 1e-12, what="a and b") is None
    assert capsys.readouterr().out == "a and b: largest difference 3.0e-13 (below 1e-12: rounding)\n"
    with pytest.raises(AssertionError, match="largest difference 1.0e-06 is above the tolerance 1e-12"):
        nnlib.compare([1.0], [1.000001], 1e-12)
    with pytest.raises(AssertionError):
        nnlib.compare([np.nan], [1.0], 1e-12)
    with pytest.raises(ValueError, match="different shapes"):
        nnlib.compare(np.zeros(2), np.zeros(3), 1e-12)
