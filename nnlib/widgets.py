"""Interactive controls (ipywidgets) over live training.

* :func:`slider_plot`: the one mechanism behind every interactive figure in
  the course.  Give it a drawing function and some controls; each change
  of a control redraws the figure, times the redraw, and shows any error as a
  short red message rather than a traceback.
* :func:`training_dashboard`: the course's signature widget: learning rate
  (log scale), hidden units, data set and activation, retraining a network on
  a 2-D toy set and redrawing its loss curve and decision boundary.
* :func:`progress_bar`: a training callback that shows a progress bar.
"""

import io
import time

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Image, clear_output, display

from .metrics import dead_relu_fraction
from .network import Network
from .plots import plot_history, plot_loss_and_regions, readable_text, use_course_style
from .training import train_toy_network


class SliderPlot:
    """Controls above a figure that is redrawn whenever a control changes.

    ``draw(fig, **values)`` receives a fresh figure and the current value of
    every control (by keyword) and draws on it; it may return a status
    string, shown under the controls.  ``last_seconds`` is how long the last
    redraw took (training included).
    """

    def __init__(self, draw, controls, figsize=(10, 4), columns=None):
        self.draw = draw
        self.controls = controls
        self.figsize = figsize
        self.output = widgets.Output()
        self.status = widgets.HTML()
        self.last_seconds = None
        self.message = ""
        rows = [widgets.HBox(list(controls.values())[i:i + (columns or 3)])
                for i in range(0, len(controls), columns or 3)]
        self.ui = widgets.VBox([*rows, self.status, self.output])
        for control in controls.values():
            control.observe(self.update, names="value")
        self.update()

    def values(self):
        return {name: control.value for name, control in self.controls.items()}

    def update(self, change=None):
        start = time.perf_counter()
        use_course_style()
        fig = plt.figure(figsize=self.figsize)
        try:
            message = self.draw(fig, **self.values()) or ""
            readable_text(fig)
            colour = ERROR_COLOUR if message.startswith("⚠") else TEXT_COLOUR
        except (ValueError, TypeError, ArithmeticError) as err:
            fig.clear()
            message, colour = f"⚠ {err}", ERROR_COLOUR
        with self.output:
            clear_output(wait=True)
            if fig.axes:
                display(figure_png(fig))
        plt.close(fig)
        self.last_seconds = time.perf_counter() - start
        self.message = message
        self.status.value = f'<span style="color:{colour}">{message}</span>'

    def __repr__(self):
        settings = ", ".join(f"{c.description or name} = "
                             f"{format(c.value, '.3g' if isinstance(c.value, float) else '')}"
                             for name, c in self.controls.items())
        text = f"Interactive figure ({settings})"
        if self.message:
            text += f": {self.message}"
        return text + ". Run the notebook to move the controls."

    def _repr_mimebundle_(self, include=None, exclude=None):
        # The widget itself for Jupyter, and a readable sentence (instead of
        # "VBox(children=(HBox(...") wherever widgets cannot be shown.
        bundle = self.ui._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["text/plain"] = repr(self)
        return bundle


# Colours of the status line: JupyterLab's theme colours where they exist (readable on light
# and dark themes), otherwise a dark grey and a red that read on a white page.
TEXT_COLOUR = "var(--jp-ui-font-color1, #333)"
ERROR_COLOUR = "var(--jp-error-color1, #b00020)"


def figure_png(fig, dpi=80):
    """The figure rendered once, as a PNG image ready to display.

    (Displaying the figure itself would let the notebook render it with a
    tight bounding box, which draws everything twice.)
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return Image(data=buffer.getvalue(), format="png")


def slider_plot(draw, figsize=(10, 4), columns=None, **controls):
    """Build a :class:`SliderPlot` from keyword controls.

    Example::

        def draw(fig, w):
            ax = fig.add_subplot()
            ax.plot(z, sigmoid(w * z))
        slider_plot(draw, w=widgets.FloatSlider(value=1, min=-5, max=5))
    """
    return SliderPlot(draw, controls, figsize=figsize, columns=columns)


def log_slider(value, min_exp, max_exp, description, step=0.1):
    """A slider over 10^min_exp … about 10^max_exp that moves in equal ratios.

    The step of the exponent is adjusted slightly (0.1 becomes 0.09996 for a start at 0.5 and
    min_exp = -3) so that both 10^min_exp and the starting value lie on the slider's grid: it
    can always return exactly to its starting value, which 0.5 = 10^-0.30103 on a grid of
    tenths could not.
    """
    start = float(np.log10(value))
    if start > min_exp:
        step = (start - min_exp) / max(1, round((start - min_exp) / step))
    high = min_exp + np.floor(round((max_exp - min_exp) / step, 6)) * step
    return widgets.FloatLogSlider(value=value, base=10, min=min_exp, max=float(high), step=step,
                                  description=description, continuous_update=False,
                                  readout_format=".3g", style={"description_width": "initial"})


def int_slider(value, min_value, max_value, description, step=1):
    """An integer slider that retrains only when released."""
    return widgets.IntSlider(value=value, min=min_value, max=max_value, step=step,
                             description=description, continuous_update=False,
                             style={"description_width": "initial"})


def dropdown(options, value, description):
    return widgets.Dropdown(options=list(options), value=value, description=description,
                            style={"description_width": "initial"})


def draw_training(fig, network, history, X, y, title=""):
    """Loss/accuracy curves on the left, decision boundary on the right."""
    plot_loss_and_regions(fig, network, X, y, history, title=title or "Decision boundary",
                          resolution=80)


def training_dashboard(dataset="moons", hidden=8, learning_rate=0.5, activation="tanh",
                       epochs=300, optimizer="sgd", datasets=("moons", "circles", "xor",
                                                              "spirals"), seed=0):
    """The course's signature widget.  Returns a :class:`SliderPlot`.

    Sliders: learning rate (log scale, 0.001 … 30) and hidden units (1 … 32);
    menus: data set and hidden activation.  Each change retrains from the
    same seed and redraws.
    """
    def draw(fig, learning_rate, hidden, dataset, activation):
        net, history, X, y = train_toy_network(dataset, hidden, learning_rate, activation,
                                               epochs, optimizer, seed=seed)
        title = f"{dataset}: {hidden} {activation} units, η = {learning_rate:.3g}"
        draw_training(fig, net, history, X, y, title)
        if history.diverged:
            return "⚠ " + history.message
        acc = history.accuracy[-1]
        return (f"{history.epochs} epochs, final loss {history.loss[-1]:.3f}, "
                f"training accuracy {acc:.1%}")

    return slider_plot(
        draw,
        learning_rate=log_slider(learning_rate, -3, 1.5, "learning rate η"),
        hidden=int_slider(hidden, 1, 32, "hidden units"),
        dataset=dropdown(datasets, dataset, "data set"),
        activation=dropdown(["tanh", "relu", "sigmoid"], activation, "activation"),
        figsize=(10, 4),
        columns=2,
    )


def progress_bar(epochs, description="training"):
    """A training callback that shows a progress bar with the latest figures.

    Usage: ``net.fit(X, y, epochs=10, callbacks=[progress_bar(10)])``.
    """
    bar = widgets.IntProgress(value=0, min=0, max=epochs, description=description)
    label = widgets.Label()
    box = widgets.HBox([bar, label])
    bundle = box._repr_mimebundle_() or {}
    bundle["text/plain"] = f"Progress bar: {description}, {epochs} epochs."
    display(bundle, raw=True)

    def callback(history, network):
        bar.value = history.epochs
        text = f"epoch {history.epochs}/{epochs}, loss {history.loss[-1]:.4f}"
        if history.val_accuracy:
            text += f", validation accuracy {history.val_accuracy[-1]:.2%}"
        elif history.accuracy:
            text += f", accuracy {history.accuracy[-1]:.2%}"
        label.value = text
        if history.epochs == epochs:
            bar.bar_style = "success"

    return callback


def mnist_dashboard(X, y, X_val, y_val, hidden=64, learning_rate=2e-3, epochs=3,
                    batch_size=128, seed=0):
    """Learning rate and hidden units of a 784-h-10 digit reader, live.

    Each change trains a fresh ReLU + softmax network with Adam on (X, y), a
    subset of about 10 000 images keeps it to a few seconds, and redraws the
    training and validation curves.  A learning rate so large that most ReLU
    units die (they output 0 for every image, so no gradient reaches them) is
    reported in words.  Returns a :class:`SliderPlot`.
    """
    def draw(fig, learning_rate, hidden):
        net = Network([X.shape[1], hidden, 10], ["relu", "softmax"], loss="cross_entropy",
                      dtype=X.dtype, seed=seed)
        history = net.fit(X, y, epochs=epochs, batch_size=batch_size,
                          learning_rate=learning_rate, optimizer="adam",
                          validation_data=(X_val, y_val), on_divergence="stop", seed=seed)
        if history.diverged:
            return "⚠ " + history.message
        plot_history(history, ax=fig.add_subplot(),
                     title=f"{hidden} hidden units, learning rate {learning_rate:.3g}")
        fig.subplots_adjust(left=0.11, right=0.88, bottom=0.13, top=0.9)
        dead = dead_relu_fraction(net, X_val)
        accuracy = history.val_accuracy[-1]
        if dead > 0.5:
            return (f"⚠ {dead:.0%} of the hidden units are dead and validation accuracy is "
                    f"{accuracy:.1%}: the learning rate {learning_rate:.3g} is too large. The "
                    "first steps pushed those ReLU units to z < 0 for every image, where no "
                    "gradient flows, so they never recover. Try a smaller learning rate.")
        return (f"after {history.epochs} epochs: training accuracy {history.accuracy[-1]:.1%}, "
                f"validation accuracy {accuracy:.1%}, dead hidden units {dead:.0%}")

    return slider_plot(draw,
                       learning_rate=log_slider(learning_rate, -4, 0.5, "learning rate η"),
                       hidden=int_slider(hidden, 16, 256, "hidden units", step=16),
                       figsize=(7, 4))

