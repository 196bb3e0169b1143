import re

import matplotlib.pyplot as plt
import numpy as np
import pytest

import nnlib
from nnlib import Network, metrics, plots, widgets
from nncourse import studies
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
    m = metrics.confusion_matrix([0, 1, 2, 2, 1], [0, 2, 2, 2, 1])
    np.testing.assert_array_equal(m, [[1, 0, 0], [0, 1, 1], [0, 0, 2]])
    ax = plots.plot_confusion_matrix([0, 1, 2, 2, 1], [0, 2, 2, 2, 1])
    assert ax.get_xlabel() == "predicted class"


def test_most_confident_mistakes_orders_wrong_rows_by_predicted_probability():
    probs = np.array([[0.9, 0.1], [0.3, 0.7], [0.2, 0.8], [0.6, 0.4], [0.45, 0.55]])
    labels = np.array([0, 0, 1, 1, 0])  # rows 1, 3, 4 are wrong, with confidences .7, .6, .55
    assert metrics.most_confident_mistakes(probs, labels, 2).tolist() == [1, 3]
    assert metrics.most_confident_mistakes(probs, labels, 10).tolist() == [1, 3, 4]
    assert metrics.most_confident_mistakes(probs[[0, 2]], labels[[0, 2]], 3).size == 0
    same = np.array([[0.2, 0.8], [0.2, 0.8], [0.2, 0.8]])
    assert metrics.most_confident_mistakes(same, np.zeros(3, int), 3).tolist() == [0, 1, 2]


def test_image_grids():
    images = np.random.default_rng(0).random((12, 784))
    fig = plots.plot_digits(images, labels=np.arange(12) % 10, predictions=np.zeros(12, int))
    assert len(fig.axes) == 12
    fig = plots.plot_weights(np.random.default_rng(0).normal(size=(784, 16)))
    assert len(fig.axes) == 16 + 1  # 16 thumbnails and their colour bar
    colour_bar = fig.axes[-1]
    assert "weight" in colour_bar.get_ylabel()
    assert fig.get_size_inches()[0] >= 9  # thumbnails about 2 inches wide, legible
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


def test_progress_bar_follows_training(monkeypatch):
    from ipywidgets.widgets.widget import _instances
    shown = []
    monkeypatch.setattr(widgets, "display", lambda bundle, raw: shown.append(bundle))
    callback = widgets.progress_bar(3)
    X, y = nnlib.make_moons(40, seed=0)
    Network([2, 3, 1], ["tanh", "sigmoid"], seed=0).fit(X, y, epochs=3, callbacks=[callback])
    bundle, = shown
    assert bundle["text/plain"] == "Progress bar: training, 3 epochs."
    box = _instances[bundle["application/vnd.jupyter.widget-view+json"]["model_id"]]
    bar, label = box.children
    assert (bar.value, bar.max, bar.bar_style) == (3, 3, "success")
    assert re.fullmatch(r"epoch 3/3, loss \d\.\d{4}, accuracy \d+\.\d\d%", label.value)


def test_animation_is_an_offline_player_with_one_frame_per_snapshot():
    X, y = nnlib.make_moons(60, seed=0)
    net = Network([2, 6, 1], ["tanh", "sigmoid"], loss="binary_cross_entropy", seed=0)
    html = animate_decision_boundary(net, X, y, epochs=20, n_frames=4, batch_size=60,
                                     learning_rate=1.0).data
    assert len(re.findall(r"frames\[\d+\] = ", html)) == 5   # before training, every 5 epochs
    assert re.search(r'<img id="_anim_img\w+" src="data:image/png', html)  # frame 0 shown
    assert "font-awesome" not in html and "▶" in html            # no CDN, text buttons
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


def test_history_epoch_axis_shows_whole_numbers():
    net, history, X, y = _trained()
    ax = plots.plot_history(history)
    ax.figure.canvas.draw()
    ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks)


def test_training_panels_mark_events_and_zoom_accuracy():
    net, history, X, y = _trained()
    fig = plots.plot_training_panels(history, events={4.5: "learning rate ÷ 10"})
    ax_loss, ax_acc = fig.axes
    for ax in (ax_loss, ax_acc):
        assert any(list(line.get_xdata()) == [4.5, 4.5] for line in ax.get_lines())
        assert len(ax.get_legend().get_texts()) == 2
        assert any("learning rate" in t.get_text() for t in ax.texts)
    low, high = ax_acc.get_ylim()
    assert low > min(history.accuracy + history.val_accuracy) - 0.2 and high < 1.1


def test_log_slider_can_return_exactly_to_its_start():
    for value, low, high in [(0.5, -3, 1.5), (2e-3, -4, 0.5), (0.3, -2, 1)]:
        slider = widgets.log_slider(value, low, high, "η")
        assert slider.min == low and slider.max <= high + 1e-9
        k = (np.log10(value) - slider.min) / slider.step
        assert abs(k - round(k)) < 1e-9  # the start is a point of the grid
        assert f"{10 ** (slider.min + round(k) * slider.step):.3g}" == f"{value:.3g}"


def test_dashboard_status_readable_on_dark_themes_and_text_fallback():
    dash = widgets.training_dashboard(epochs=20)
    assert "var(--jp-ui-font-color1" in dash.status.value
    bundle = dash._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    text = bundle["text/plain"]
    assert not text.startswith("VBox") and "learning rate η = 0.5" in text
    assert "accuracy" in text


def _study(finals, stuck):
    runs = [{"seed": i, "final_accuracy": a, "stalled": bool(s), "stuck_digits": s,
             "test_accuracy": [0.5, a]} for i, (a, s) in enumerate(zip(finals, stuck))]
    return {"runs": runs, "epochs": 2, "published_accuracy": 0.9659}


def test_seed_study_summary_and_sentence():
    study = _study([0.97, 0.87, 0.965, 0.75], [[], [7], [], [4, 7]])
    summary = studies.summarize_seed_study(study)
    assert summary["stalled"] == [1, 3] and summary["free"] == [0, 2]
    assert summary["free_range"] == (0.965, 0.97) and summary["stalled_range"] == (0.75, 0.87)
    sentence = studies.seed_study_sentence(study)
    assert "Of the 4 seeds, 2 ended with a digit still stuck" in sentence
    assert "digits 4, 7" in sentence and "96.50% to 97.00%" in sentence
    assert "none learned" in studies.seed_study_sentence(_study([0.8], [[3]]))
    studies.plot_seed_study(study)


def test_seed_study_file_is_complete():
    study = studies.load_seed_study()
    assert len(study["runs"]) >= 10 and study["epochs"] == 30
    assert study["machine"]["cpu"] and study["command"].startswith("python scripts/seed_study.py")
    for run in study["runs"]:
        assert len(run["test_accuracy"]) == 30 and len(run["recall"][-1]) == 10
        assert run["stalled"] == any(r < study["stuck_below"] for r in run["recall"][-1])


def test_growth_per_1000_fits_exponential_growth():
    steps = np.arange(0, 3000, 100)
    difference = 1e-14 * 10 ** (steps / 500)            # 100-fold per 1 000 steps
    difference = np.minimum(difference, 0.5)            # then saturates
    assert abs(studies.growth_per_1000(steps, difference, below=1e-2) - 100) < 1e-6


def test_history_legend_avoids_the_curves():
    net, history, X, y = _trained()
    ax = plots.plot_history(history)
    fig = ax.figure
    fig.canvas.draw()
    legend_box = ax.get_legend().get_window_extent()
    covered = 0
    for axis in fig.axes:
        for line in axis.get_lines():
            xy = axis.transData.transform(np.c_[line.get_data()])
            covered += int(np.sum((xy[:, 0] >= legend_box.x0) & (xy[:, 0] <= legend_box.x1)
                                  & (xy[:, 1] >= legend_box.y0) & (xy[:, 1] <= legend_box.y1)))
    assert covered <= 2, covered


def test_animation_player_works_offline_and_shows_a_frame_before_play():
    """No CDN link (a classroom has no internet), no icon-font buttons, frame 0 in the <img>."""
    import re

    from nnlib.animation import animate

    def draw(fig, i):
        fig.add_subplot().plot([0, 1], [0, i])

    html = animate(draw, n_frames=3).data
    assert "font-awesome" not in html and "http" not in html.split("<script")[0]
    assert '<i class="fa' not in html
    assert "▶" in html and "⏸" in html
    img = re.search(r'<img id="_anim_img\w+"([^>]*)>', html)
    assert img and 'src="data:image/png;base64,' in img.group(1), "frame 0 not shown before Play"
    src = re.search(r'src="([^"]*)"', img.group(1)).group(1)
    assert re.fullmatch(r"data:image/png;base64,[A-Za-z0-9+/=]+", src), "not a valid data URL"
    import base64
    assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
