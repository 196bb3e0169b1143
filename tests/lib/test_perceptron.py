"""Rosenblatt's perceptron: the rule, training, its history and its input checks."""

import matplotlib
import numpy as np
import pytest

import nnlib
from nnlib.perceptron import PerceptronHistory, perceptron_train
from nnlib.plots import plot_perceptron

matplotlib.use("Agg")


def one_step(w, b, x, y, learning_rate=1.0):
    """Rosenblatt's rule on one sample: one epoch of perceptron_train on that sample alone."""
    w_new, b_new, _ = perceptron_train(np.array([x]), [y], epochs=1, learning_rate=learning_rate,
                                       w_init=w, b_init=b, shuffle=False)
    return w_new, b_new


def test_step_changes_nothing_on_a_correct_sample():
    w, b = one_step(np.array([1.0, 2.0]), 0.5, np.array([1.0, 1.0]), 1, 0.3)
    np.testing.assert_array_equal(w, [1.0, 2.0])
    assert b == 0.5


def test_step_moves_towards_a_missed_class_1_and_away_from_a_missed_class_0():
    w, b = one_step(np.array([1.0, -2.0]), 0.0, np.array([1.0, 1.0]), 1, 0.5)
    np.testing.assert_allclose(w, [1.5, -1.5])
    assert b == 0.5
    w, b = one_step(np.array([1.0, 2.0]), 0.0, np.array([2.0, -0.5]), 0, 1.0)
    np.testing.assert_allclose(w, [-1.0, 2.5])
    assert b == -1.0


def test_step_tie_counts_as_class_1_and_inputs_are_not_modified():
    w0, x = np.array([1.0, -1.0]), np.array([3.0, 3.0])
    w, b = one_step(w0, 0.0, x, 0)
    np.testing.assert_allclose(w, [-2.0, -4.0])
    assert b == -1.0
    np.testing.assert_array_equal(w0, [1.0, -1.0])


def test_train_separates_separable_data_and_records_history():
    X, y = nnlib.make_separable(100, seed=0)
    w, b, history = perceptron_train(X, y, learning_rate=0.1, w_init=[1.0, -2.0], b_init=2.0,
                                     seed=0)
    assert isinstance(history, PerceptronHistory)
    assert history.converged and history.errors[-1] == 0
    np.testing.assert_array_equal((X @ w + b >= 0).astype(int), y)
    assert len(history) == history.n_updates + 1 == len(history.biases) == len(history.samples)
    assert history.samples[0] is None and history.epochs[0] == 0
    np.testing.assert_array_equal(history.weights[0], [1.0, -2.0])
    np.testing.assert_array_equal(history.weights[-1], w)
    assert sum(history.mistakes_per_epoch) == history.n_updates
    assert history.mistakes_per_epoch[-1] == 0
    w_k, b_k, errors_k = history[1]
    assert errors_k == history.errors[1] and b_k == history.biases[1]


def test_train_matches_a_hand_written_loop():
    X, y = nnlib.make_separable(60, noise=1.0, seed=3)
    rng = np.random.default_rng(5)
    w, b = np.zeros(2), 0.0
    for _ in range(10):
        mistakes = 0
        for i in rng.permutation(len(X)):
            y_hat = 1 if X[i] @ w + b >= 0 else 0
            if y_hat != y[i]:
                w, b = w + 0.5 * (y[i] - y_hat) * X[i], b + 0.5 * (y[i] - y_hat)
                mistakes += 1
        if mistakes == 0:
            break
    result = perceptron_train(X, y, epochs=10, learning_rate=0.5, seed=5)
    np.testing.assert_array_equal(result.w, w)
    assert result.b == b


def test_train_is_deterministic_and_unshuffled_order_works():
    X, y = nnlib.make_separable(40, seed=1)
    a = perceptron_train(X, y, seed=7)
    b = perceptron_train(X, y, seed=7)
    np.testing.assert_array_equal(a.w, b.w)
    c = perceptron_train(X, y, shuffle=False)
    assert c.history.converged


def test_xor_never_converges():
    X, y = nnlib.logic_gate("xor")
    w, b, history = perceptron_train(X, y, epochs=30)
    assert not history.converged
    assert len(history.mistakes_per_epoch) == 30
    assert min(history.errors) >= 1


def test_keep_going_after_convergence():
    X, y = nnlib.logic_gate("and")
    _, _, history = perceptron_train(X, y, epochs=15, stop_when_converged=False)
    assert history.converged and len(history.mistakes_per_epoch) == 15


@pytest.mark.parametrize("kwargs, match", [
    (dict(y=np.array([-1, 1, 1, -1])), "labels 0 and 1"),
    (dict(y=np.array([0, 1, 1])), "one label per sample"),
    (dict(y=np.array([[0], [1], [1], [0]])), "1-D"),
    (dict(epochs=0), "epochs"),
    (dict(learning_rate=-1.0), "learning_rate"),
    (dict(w_init=[1.0, 2.0, 3.0]), "shape"),
    (dict(w_init=[np.nan, 1.0]), "NaN"),
    (dict(b_init=np.inf), "b_init"),
])
def test_train_rejects_bad_inputs(kwargs, match):
    X, y = nnlib.logic_gate("and")
    args = dict(X=X, y=y)
    args.update(kwargs)
    with pytest.raises((ValueError, TypeError), match=match):
        perceptron_train(**args)


def test_bad_X_labels_and_weights():
    with pytest.raises(ValueError, match="2-D"):
        perceptron_train(np.zeros(4), np.array([0, 1, 0, 1]))
    with pytest.raises(ValueError, match="labels 0 and 1"):
        perceptron_train(np.ones((2, 2)), [-1, 1])
    with pytest.raises(ValueError, match="shape"):
        perceptron_train(np.ones((3, 2)), [0, 1, 0], w_init=np.zeros(3))


def test_plot_perceptron_draws_line_and_highlight():
    X, y = nnlib.make_separable(30, seed=0)
    ax = plot_perceptron(X, y, np.array([1.0, 1.0]), 0.0, title="t", highlight=3)
    assert ax.get_title() == "t"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "decision line" in labels and "sample just corrected" in labels
    ax = plot_perceptron(X, y, np.array([1.0, 0.0]), 0.5)   # vertical line
    assert "decision line" in [t.get_text() for t in ax.get_legend().get_texts()]
    with pytest.raises(ValueError, match="2-D inputs"):
        plot_perceptron(np.ones((3, 3)), np.array([0, 1, 0]), np.zeros(3), 0.0)
    import matplotlib.pyplot as plt
    plt.close("all")


def test_half_planes_split_the_box():
    from nnlib.plots import _half_plane_polygon
    box = np.array([[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0]])

    def area(p):
        x, y = p[:, 0], p[:, 1]
        return 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) if len(p) else 0
    w, b = np.array([1.0, 1.0]), -1.0            # x1 + x2 ≥ 1: everything but a corner
    assert area(_half_plane_polygon(box, w, b, 1)) == pytest.approx(3.5)
    assert area(_half_plane_polygon(box, w, b, 0)) == pytest.approx(0.5)
    zero = np.zeros(2)                           # w = 0, b = 0: every point is class 1
    assert area(_half_plane_polygon(box, zero, 0.0, 1)) == pytest.approx(4.0)
    assert len(_half_plane_polygon(box, zero, 0.0, 0)) == 0
