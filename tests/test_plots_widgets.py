import matplotlib.pyplot as plt
import numpy as np
import pytest

import nnlib
from nnlib import Network, plots, widgets
from nnlib.animation import animate_decision_boundary


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _trained():
    X, y = nnlib.make_moons(100, seed=0)
    net = Network([2, 8, 1], ["tanh", "sigmoid"], loss="binary_cross_entropy", seed=0)
    return net, net.fit(X, y, epochs=20, batch_size=100, learning_rate=1.0,
                        validation_data=(X, y)), X, y


def test_plot_history_and_boundary_have_labels():
    net, history, X, y = _trained()
    ax = plots.plot_history(history)
    assert ax.get_xlabel() == "epoch" and ax.get_title()
    assert len(ax.get_legend().get_texts()) == 4
    ax = plots.plot_decision_boundary(net, X, y)
    assert ax.get_title() and ax.get_legend() is not None
    net3 = Network([2, 4, 3], ["tanh", "softmax"], loss="cross_entropy", seed=0)
    Xs, ys = nnlib.make_spirals(60, seed=0)
    plots.plot_decision_boundary(net3, Xs, ys)


def test_confusion_matrix_counts():
    m = plots.confusion_matrix([0, 1, 2, 2, 1], [0, 2, 2, 2, 1])
    np.testing.assert_array_equal(m, [[1, 0, 0], [0, 1, 1], [0, 0, 2]])
    ax = plots.plot_confusion_matrix([0, 1, 2, 2, 1], [0, 2, 2, 2, 1])
    assert ax.get_xlabel() == "predicted class"


def test_image_grids():
    images = np.random.default_rng(0).random((12, 784))
    fig = plots.plot_digits(images, labels=np.arange(12) % 10, predictions=np.zeros(12, int))
    assert len(fig.axes) == 12
    fig = plots.plot_weights(np.random.default_rng(0).normal(size=(784, 16)))
    assert len(fig.axes) == 16
    X, y = nnlib.letters()
    plots.plot_images(X, nnlib.datasets.LETTER_SHAPE, labels=list("ABC"))


def test_dashboard_retrains_and_reports_divergence():
    dash = widgets.training_dashboard(epochs=100)
    assert dash.last_seconds is not None
    dash.controls["hidden"].value = 4
    dash.controls["dataset"].value = "spirals"
    assert "accuracy" in dash.status.value
    dash.controls["activation"].value = "relu"
    dash.controls["learning_rate"].value = 30.0
    # relu on spirals with η = 30 blows up: the status says so in words
    assert "diverged" in dash.status.value or "accuracy" in dash.status.value
    print(f"dashboard redraw: {dash.last_seconds:.3f} s")


def test_dashboard_shows_divergence_message_not_traceback():
    X, y = nnlib.make_curve(40, seed=0)

    def draw(fig, lr):
        net = Network([1, 16, 1], ["relu", "linear"], seed=0)
        h = net.fit(X, y * 1000, epochs=30, batch_size=40, learning_rate=lr,
                    on_divergence="stop")
        fig.add_subplot().plot(h.loss)
        return "⚠ " + h.message if h.diverged else "ok"

    sp = widgets.slider_plot(draw, lr=widgets.log_slider(1e6, -3, 7, "lr"))
    assert "diverged" in sp.status.value and "smaller learning rate" in sp.status.value


def test_slider_plot_turns_errors_into_messages():
    def draw(fig, n):
        raise ValueError(f"n={n} is not allowed")

    sp = widgets.slider_plot(draw, n=widgets.int_slider(3, 1, 5, "n"))
    assert "n=3 is not allowed" in sp.status.value


def test_neuron_explorer_and_progress_bar():
    ex = widgets.neuron_explorer()
    ex.controls["w2"].value = 0.0
    cb = widgets.progress_bar(3)
    X, y = nnlib.make_moons(40, seed=0)
    Network([2, 3, 1], ["tanh", "sigmoid"], seed=0).fit(X, y, epochs=3, callbacks=[cb])


def test_animation_produces_html_player():
    X, y = nnlib.make_moons(60, seed=0)
    net = Network([2, 6, 1], ["tanh", "sigmoid"], loss="binary_cross_entropy", seed=0)
    html = animate_decision_boundary(net, X, y, epochs=20, n_frames=4, batch_size=60,
                                     learning_rate=1.0)
    assert "<img" in html.data or "img" in html.data
    assert net.params["W1"].shape == (2, 6)


def test_mnist_dashboard_reports_dead_units_in_words():
    data = nnlib.load_mnist()
    X, y = data.X_train[:600], data.y_train[:600]
    dash = widgets.mnist_dashboard(X, y, data.X_test[:200], data.y_test[:200], hidden=16,
                                   epochs=2)
    assert "validation accuracy" in dash.status.value
    dash.controls["learning_rate"].value = 3.0
    status = dash.status.value
    assert "⚠" in status and ("dead" in status or "diverged" in status)
