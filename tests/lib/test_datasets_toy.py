import numpy as np
import pytest

import nnlib
from nnlib.datasets import LETTER_SHAPE


def test_classic_tables():
    X, y = nnlib.truth_table()
    np.testing.assert_array_equal(X, [[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]])
    np.testing.assert_array_equal(y, X[:, 0])
    X, y = nnlib.xor3()
    np.testing.assert_array_equal(X, [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
    np.testing.assert_array_equal(y, np.logical_xor(X[:, 0], X[:, 1]))
    _, y_and = nnlib.logic_gate("and")
    np.testing.assert_array_equal(y_and, [0, 0, 0, 1])


def test_letters():
    X, y = nnlib.letters()
    assert X.shape == (3, 30) and list(y) == [0, 1, 2]
    assert set(np.unique(X)) == {0.0, 1.0}
    assert len({tuple(row) for row in X}) == 3  # all different
    assert LETTER_SHAPE == (6, 5)
    A = X[0].reshape(LETTER_SHAPE)
    assert A[0, 2] == 1 and A[3].all()  # apex and crossbar


def test_noisy_letters_seeded_and_noisy():
    X1, y1 = nnlib.noisy_letters(20, flip_prob=0.1, seed=3)
    X2, _ = nnlib.noisy_letters(20, flip_prob=0.1, seed=3)
    np.testing.assert_array_equal(X1, X2)
    clean, _ = nnlib.letters()
    flipped = np.mean(X1 != clean[y1])
    assert 0.05 < flipped < 0.15
    assert np.array_equal(nnlib.noisy_letters(2, flip_prob=0.0)[0], np.repeat(clean, 2, 0))


@pytest.mark.parametrize("name", ["moons", "circles", "xor", "spirals", "separable"])
def test_2d_sets(name):
    X, y = nnlib.load_toy(name, n_samples=120, seed=0)
    X2, y2 = nnlib.load_toy(name, n_samples=120, seed=0)
    np.testing.assert_array_equal(X, X2)
    assert X.shape == (120, 2) and y.shape == (120,) and y.dtype == np.int64
    assert np.all(np.bincount(y) > 0)
    assert not np.array_equal(X, nnlib.load_toy(name, n_samples=120, seed=1)[0])


def test_curve():
    X, y = nnlib.make_curve(30, seed=0)
    assert X.shape == (30, 1) and y.shape == (30,)
    assert np.all(np.diff(X[:, 0]) >= 0)
