"""Figures used throughout the course (matplotlib).

Every function draws on an ``ax`` you pass in, or on a new figure, and
returns the axes (or figure) so you can add to it.  Each figure gets a title,
axis labels and, where there is more than one thing drawn, a legend.
"""

from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler
from matplotlib.colors import ListedColormap
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from .metrics import confusion_matrix
from .perceptron import _check_weights
from .validation import check_X

# The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), designed to stay
# distinguishable for the common colour-vision deficiencies; tests/lib/test_palette.py
# simulates deuteranopia and protanopia on it.  Class 0 and class 1 (the most common pair)
# are blue and orange, the pair that differs most for every reader.
CLASS_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7",
                 "#56B4E9", "#F0E442", "#000000"]
COURSE_STYLE = {
    "axes.prop_cycle": cycler(color=CLASS_COLOURS),
    # An opaque white page under every figure, so that a dark theme (JupyterLab's, the
    # book's) does not show black text and lines on a dark background.
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.facecolor": "white",
}


def use_course_style():
    """Set the course's colours and a white figure face in matplotlib's rcParams.

    Every nnlib drawing function calls it; ``import nnlib`` does not (it needs no
    matplotlib at all).  Figures drawn afterwards in the same session share the colours.
    """
    plt.rcParams.update(COURSE_STYLE)


BOOK_WIDTH = 7.5     # inches: the book shows a wider figure shrunk to this width
SMALLEST_TEXT = 9    # points, as the reader sees them


def readable_text(fig_or_ax):
    """Raise every text of the figure to at least 9 pt as the book shows it.

    A figure wider than 7.5 inches is shrunk to 7.5 inches on the page, so its text must be
    drawn larger by the same factor.  Returns its argument (a figure or an axes).
    """
    fig = getattr(fig_or_ax, "figure", None) or fig_or_ax
    smallest = SMALLEST_TEXT * max(1.0, fig.get_figwidth() / BOOK_WIDTH)
    for text in fig.findobj(Text):
        if text.get_fontsize() < smallest:
            text.set_fontsize(smallest)
    for ax in fig.axes:
        for axis, which in ((ax.xaxis, "x"), (ax.yaxis, "y")):
            labels = axis.get_ticklabels()
            size = labels[0].get_fontsize() if labels else 0
            if size < smallest:
                ax.tick_params(axis=which, labelsize=smallest)
    return fig_or_ax


def _class_colours(k):
    """The colours of classes 0 … k−1 (the palette repeats beyond its eight colours)."""
    return [CLASS_COLOURS[i % len(CLASS_COLOURS)] for i in range(k)]


def _new_axes(ax, figsize=(5, 4)):
    use_course_style()
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _new_figure(*args, **kwargs):
    use_course_style()
    return plt.subplots(*args, **kwargs)


def plot_history(history, ax=None, title="Training history", log_loss=False):
    """Loss curves (left axis) and accuracy curves (right axis) per epoch.

    ``history`` is a :class:`nnlib.History` (or anything with ``loss``,
    ``accuracy``, ``val_loss`` and ``val_accuracy`` lists).
    """
    ax = _new_axes(ax, figsize=(6, 4))
    epochs = np.arange(1, len(history.loss) + 1)
    ax.plot(epochs, history.loss, color="C0", label="training loss")
    if history.val_loss:
        ax.plot(epochs, history.val_loss, color="C0", linestyle="--", label="validation loss")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    if log_loss:
        ax.set_yscale("log")
    handles, labels = ax.get_legend_handles_labels()
    if history.accuracy:
        ax2 = ax.twinx()
        ax2.plot(epochs, history.accuracy, color="C1", label="training accuracy")
        if history.val_accuracy:
            ax2.plot(epochs, history.val_accuracy, color="C1", linestyle="--",
                     label="validation accuracy")
        ax2.set_ylabel("accuracy")
        ax2.set_ylim(0, 1.02)
        h2, l2 = ax2.get_legend_handles_labels()
        handles, labels = handles + h2, labels + l2
    # The corner where the legend covers the fewest points of all the curves (matplotlib's
    # "best" would only look at the curves of one of the two axes).
    ax.legend(handles, labels, loc=_emptiest_corner(ax, *ax.figure.axes, entries=len(labels)),
              fontsize="small", framealpha=0.8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers
    ax.set_title(title)
    return readable_text(ax)


def _emptiest_corner(ax, *axes, entries=4):
    """The legend location ("upper right", ...) whose corner of ``ax`` holds the fewest data
    points of the lines on ``axes`` that share its x axis (a twin axis included); the legend
    is taken to be 40 % of the width and 7 % of the height per entry."""
    points = []
    for other in axes:
        if other.bbox.bounds != ax.bbox.bounds:
            continue  # another panel of the figure
        (x0, x1), (y0, y1) = other.get_xlim(), other.get_ylim()
        for line in other.get_lines():
            x, y = (np.asarray(v, dtype=float) for v in line.get_data())
            if x.size and x1 != x0 and y1 != y0:
                points.append(np.c_[(x - x0) / (x1 - x0), (y - y0) / (y1 - y0)])
    if not points:
        return "upper right"
    points = np.concatenate(points)
    width, height = 0.42, 0.07 * entries + 0.04
    corners = {"upper right": (1 - width, 1 - height), "upper left": (0.0, 1 - height),
               "lower right": (1 - width, 0.0), "lower left": (0.0, 0.0),
               "center right": (1 - width, 0.5 - height / 2)}

    def covered(corner):
        left, bottom = corners[corner]
        inside = ((points[:, 0] >= left) & (points[:, 0] <= left + width)
                  & (points[:, 1] >= bottom) & (points[:, 1] <= bottom + height))
        return int(inside.sum())

    return min(corners, key=covered)


def plot_loss(losses, ax=None, label="loss", title="Loss during training",
              xlabel="iteration", log=False):
    """A single loss curve from a list or array of numbers."""
    ax = _new_axes(ax)
    ax.plot(np.arange(1, len(losses) + 1), losses, label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("loss")
    if log:
        ax.set_yscale("log")
    ax.set_title(title)
    ax.legend()
    return readable_text(ax)


def decision_grid(X, resolution=150, margin=0.5):
    """A grid covering the 2-D points X: returns (xx, yy, grid) where
    grid has shape (resolution², 2), ready to feed to a model."""
    X = check_X(X)
    if X.shape[1] != 2:
        raise ValueError(f"Decision boundaries need 2-D inputs; X has {X.shape[1]} features.")
    x_min, y_min = X.min(axis=0) - margin
    x_max, y_max = X.max(axis=0) + margin
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, resolution),
                         np.linspace(y_min, y_max, resolution))
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


def plot_decision_boundary(model, X, y, ax=None, title="Decision boundary",
                           resolution=150, show_probability=True):
    """The regions where ``model`` predicts each class, with the data on top.

    ``model`` is a :class:`nnlib.Network` or any function mapping a batch
    (n, 2) to outputs (n, n_outputs) or (n,).  With one output the colour
    shows the output value (a probability for a sigmoid) and the boundary is
    the 0.5 contour; with several outputs each region takes its class colour.
    """
    ax = _new_axes(ax)
    X = check_X(X)
    y = np.asarray(y)
    xx, yy, grid = decision_grid(X, resolution)
    forward = model.forward if hasattr(model, "forward") else model
    out = np.asarray(forward(grid))
    if out.ndim == 1:
        out = out.reshape(-1, 1)
    n_classes = max(int(y.max()) + 1, 2) if y.size else 2
    extent = (xx.min(), xx.max(), yy.min(), yy.max())
    # The background is an image of the grid (much faster to draw than filled contours).
    if out.shape[1] == 1:
        zz = out[:, 0].reshape(xx.shape)
        if show_probability:
            ax.imshow(zz, origin="lower", extent=extent, aspect="auto", cmap="RdBu_r",
                      vmin=0, vmax=1, alpha=0.35)
        if zz.min() < 0.5 < zz.max():
            ax.contour(xx, yy, zz, levels=[0.5], colors="k", linewidths=1.5)
    else:
        k = out.shape[1]
        zz = out.argmax(axis=1).reshape(xx.shape)
        ax.imshow(zz, origin="lower", extent=extent, aspect="auto", interpolation="nearest",
                  cmap=ListedColormap(_class_colours(k)), vmin=-0.5, vmax=k - 0.5, alpha=0.3)
    scatter_classes(X, y, ax=ax, n_classes=n_classes)
    ax.set_xlim(xx.min(), xx.max())
    ax.set_ylim(yy.min(), yy.max())
    ax.set_title(title)
    return readable_text(ax)


def plot_loss_and_regions(fig, model, X, y, history, title="Decision regions",
                          max_epochs=None, max_loss=None, resolution=60):
    """The state of a training run on a blank figure: the loss so far (left) and the
    regions where ``model`` predicts each class, with the data on top (right).

    ``history`` is a :class:`nnlib.History` (its accuracy is drawn too) or a list of
    losses, one per epoch.  ``max_epochs`` and ``max_loss`` fix the loss panel's axes, so
    that the frames of an animation share them.  Returns the two axes.
    """
    use_course_style()
    ax_loss, ax_regions = fig.subplots(1, 2)
    if not hasattr(history, "loss"):
        history = SimpleNamespace(loss=list(history), accuracy=[], val_loss=[], val_accuracy=[])
    if history.loss:
        plot_history(history, ax=ax_loss, title=f"Loss after {len(history.loss)} epochs")
    else:
        ax_loss.set(title="Loss (no finite epoch)", xlabel="epoch", ylabel="loss")
    if max_epochs:
        ax_loss.set_xlim(0, max_epochs)
    if max_loss:
        ax_loss.set_ylim(0, max_loss)
    plot_decision_boundary(model, X, y, ax=ax_regions, title=title, resolution=resolution)
    # Fixed margins: tight_layout() on every frame or redraw would cost more than training.
    fig.subplots_adjust(left=0.08, right=0.97, bottom=0.14, top=0.9,
                        wspace=0.4 if history.accuracy else 0.25)
    readable_text(fig)
    return ax_loss, ax_regions


def scatter_classes(X, y, ax=None, n_classes=None, title=None):
    """Scatter 2-D points coloured by class, with a legend."""
    ax = _new_axes(ax)
    y = np.asarray(y).astype(int)
    n_classes = n_classes or int(y.max()) + 1
    for k in range(n_classes):
        mask = y == k
        if mask.any():
            ax.scatter(X[mask, 0], X[mask, 1], s=14, color=_class_colours(k + 1)[k],
                       edgecolors="white", linewidths=0.4, label=f"class {k}")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="best", fontsize="small")
    if title:
        ax.set_title(title)
    return readable_text(ax)


def plot_images(images, shape, labels=None, predictions=None, ncols=10, title=None,
                cmap="gray_r", size=1.0):
    """A grid of small images.

    images: (n_images, n_pixels), each row reshaped to ``shape``.  Captions
    show the label, and the prediction when given (red when wrong).
    """
    images = np.asarray(images)
    n = len(images)
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    fig, axes = _new_figure(nrows, ncols, figsize=(size * ncols, size * nrows * 1.15),
                             squeeze=False)
    for i, ax in enumerate(axes.flat):
        if i >= n:
            fig.delaxes(ax)  # unused cells of the last row
            continue
        ax.axis("off")
        ax.imshow(images[i].reshape(shape), cmap=cmap, vmin=0, vmax=1)
        caption, colour = _caption(i, labels, predictions)
        if caption:
            ax.set_title(caption, fontsize=8, color=colour)
    if title:
        fig.suptitle(title)
    readable_text(fig)
    fig.tight_layout()
    return fig


def _caption(i, labels, predictions):
    if labels is None:
        return "", "black"
    if predictions is None:
        return f"{labels[i]}", "black"
    wrong = predictions[i] != labels[i]
    return f"{labels[i]} → {predictions[i]}", ("red" if wrong else "black")


def plot_digits(images, labels=None, predictions=None, ncols=10, title="MNIST digits"):
    """A grid of 28×28 digits; images: (n, 784) in [0, 1]."""
    return plot_images(images, (28, 28), labels, predictions, ncols, title)


def plot_confusion_matrix(y_true, y_pred, n_classes=None, ax=None, title="Confusion matrix"):
    """Heat map of the confusion matrix, with the count written in each cell."""
    matrix = confusion_matrix(y_true, y_pred, n_classes)
    ax = _new_axes(ax, figsize=(6, 5))
    image = ax.imshow(matrix, cmap="Blues")
    k = len(matrix)
    ax.set_xticks(range(k))
    ax.set_yticks(range(k))
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    threshold = matrix.max() / 2
    for i in range(k):
        for j in range(k):
            ax.text(j, i, str(matrix[i, j]), ha="center", va="center", fontsize=7,
                    color="white" if matrix[i, j] > threshold else "black")
    ax.figure.colorbar(image, ax=ax, label="number of samples")
    ax.set_title(title)
    return readable_text(ax)


def plot_weights(W, shape=(28, 28), ncols=5, n=None, title="First-layer weights", size=1.9):
    """Each column of the first weight matrix W (n_inputs, n_hidden) shown as an
    image: what pattern of input pixels excites that hidden unit.

    Each unit is drawn on its own symmetric scale, weight ÷ (its largest |weight|), from −1
    (blue: ink there switches the unit off) to +1 (red: ink there switches it on), with one
    colour bar for the grid.  ``size`` is the width of one thumbnail in inches.
    """
    W = np.asarray(W)
    n = min(n or W.shape[1], W.shape[1])
    columns = W[:, :n].T
    limit = np.abs(columns).max(axis=1, keepdims=True)
    limit[limit == 0] = 1
    scaled = columns / limit  # each unit on its own symmetric scale, in [-1, 1]
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    fig, axes = _new_figure(nrows, ncols, figsize=(size * ncols + 1.2, size * nrows + 0.5),
                             squeeze=False)
    image = None
    for i, ax in enumerate(axes.flat):
        if i >= n:
            fig.delaxes(ax)
            continue
        image = ax.imshow(scaled[i].reshape(shape), cmap="RdBu_r", vmin=-1, vmax=1)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"unit {i + 1}", fontsize=9)
    if title:
        fig.suptitle(title)
    readable_text(fig)
    fig.tight_layout(rect=(0, 0, 0.9, 1))
    cax = fig.add_axes((0.92, 0.12, 0.015, 0.72))
    fig.colorbar(image, cax=cax, label="weight ÷ largest |weight| of the unit")
    return readable_text(fig)


def plot_training_panels(history, title="Training and validation", events=None):
    """Loss (left panel) and accuracy (right panel) per epoch, training and validation.

    Accuracy gets its own axis, zoomed to the range the curves use, so that differences of a
    fraction of a percent stay visible; legends sit below the curves.  ``events`` maps an
    x position to a label drawn as a dotted vertical line in both panels, for example
    ``{4.5: "learning rate ÷ 10"}`` for a change made after epoch 4.
    Returns the figure.
    """
    fig, axes = _new_figure(1, 2, figsize=(11, 3.8))
    epochs = np.arange(1, len(history.loss) + 1)
    panels = (("Loss", history.loss, history.val_loss),
              ("Accuracy", history.accuracy, history.val_accuracy))
    for ax, (name, training, validation) in zip(axes, panels):
        ax.plot(epochs, training, "o-", color="C0", markersize=4, label="training")
        if validation:
            ax.plot(epochs, validation, "s--", color="C1", markersize=4, label="validation")
        ax.set_ylabel(name.lower())
        ax.set_title(name, loc="left")
        ax.set_xlabel("epoch")
        ax.set_xticks(epochs)
        for x, label in (events or {}).items():
            ax.axvline(x, color="grey", linewidth=1, linestyle=":")
            ax.annotate(label, (x, 1), xycoords=("data", "axes fraction"), xytext=(0, 3),
                        textcoords="offset points", fontsize=8, color="grey", ha="center",
                        va="bottom")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2, fontsize="small",
                  frameon=False)
    axes[1].yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.1%}"))
    fig.suptitle(title)
    readable_text(fig)
    fig.tight_layout()
    return fig


def plot_perceptron(X, y, w, b, ax=None, title="Perceptron", highlight=None,
                    legend_loc="upper left", point_size=14):
    """2-D points coloured by class, the line w·x + b = 0, and each side of the
    line shaded in the colour of the class the perceptron predicts there.

    ``highlight``: index of a sample to ring (e.g. the one that caused the
    last update).  ``legend_loc``: where the legend goes (None: no legend).
    """
    X = check_X(X, name="X")
    if X.shape[1] != 2:
        raise ValueError(f"plot_perceptron needs 2-D inputs; X has {X.shape[1]} features.")
    w = _check_weights(w, 2)
    ax = _new_axes(ax)
    x_min, y_min = X.min(axis=0) - 0.5
    x_max, y_max = X.max(axis=0) + 0.5
    box = np.array([[x_min, y_min], [x_max, y_min], [x_max, y_max], [x_min, y_max]])
    for side, colour in ((1, CLASS_COLOURS[1]), (0, CLASS_COLOURS[0])):
        region = _half_plane_polygon(box, w, b, side)
        if len(region):
            ax.fill(region[:, 0], region[:, 1], color=colour, alpha=0.15, linewidth=0)
    y = np.asarray(y)
    for k in (0, 1):
        mask = y == k
        if mask.any():
            ax.scatter(X[mask, 0], X[mask, 1], s=point_size, color=CLASS_COLOURS[k],
                       edgecolors="white", linewidths=0.4, label=f"class {k}", zorder=3)
    if abs(w[1]) > 1e-12:
        xs = np.array([x_min, x_max])
        ax.plot(xs, -(w[0] * xs + b) / w[1], color="k", linewidth=1.5, label="decision line")
    elif abs(w[0]) > 1e-12:
        ax.axvline(-b / w[0], color="k", linewidth=1.5, label="decision line")
    if highlight is not None:
        ax.scatter(*X[highlight], s=10 * point_size + 20, facecolors="none", edgecolors="k",
                   linewidths=1.5, label="sample just corrected", zorder=4)
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if legend_loc is not None:
        ax.legend(loc=legend_loc)
    ax.set_title(title)
    return readable_text(ax)


def _half_plane_polygon(polygon, w, b, side):
    """The part of a convex polygon (corners in order) where the perceptron says
    ``side`` (1: w·x + b ≥ 0, 0: w·x + b < 0), as an array of corners
    (clipping against one line, as in the Sutherland–Hodgman algorithm)."""
    z = polygon @ w + b
    inside = z >= 0 if side == 1 else z < 0
    corners = []
    for i in range(len(polygon)):
        j = (i + 1) % len(polygon)
        if inside[i]:
            corners.append(polygon[i])
        if inside[i] != inside[j]:  # the edge crosses the line: add the crossing point
            corners.append(polygon[i] + (polygon[j] - polygon[i]) * z[i] / (z[i] - z[j]))
    return np.array(corners).reshape(-1, 2)
