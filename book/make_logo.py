"""Draw the book's logo (book/logo.svg): a small 3-4-2 network, with matplotlib.

    python book/make_logo.py

The SVG is committed; re-run this only to change the drawing. No text, no
external images; the output is deterministic (fixed hash salt, no date).
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HERE = Path(__file__).resolve().parent
LAYERS = [3, 4, 2]
COLOURS = ["#2b6cb0", "#dd6b20", "#2f855a"]


def positions():
    points = []
    for x, n in enumerate(LAYERS):
        top = (n - 1) / 2
        points.append([(x * 1.0, (top - i) * 0.62) for i in range(n)])
    return points


def main():
    plt.rcParams["svg.hashsalt"] = "nn-from-scratch"
    fig, ax = plt.subplots(figsize=(2.4, 2.4))
    layers = positions()
    for left, right in zip(layers, layers[1:]):
        for (x0, y0) in left:
            for (x1, y1) in right:
                ax.plot([x0, x1], [y0, y1], color="#718096", lw=1.6, alpha=0.75, zorder=1)
    for layer, colour in zip(layers, COLOURS):
        for (x, y) in layer:
            ax.scatter([x], [y], s=520, color=colour, edgecolor="white", linewidth=2.5, zorder=2)
    ax.set_xlim(-0.35, 2.35)
    ax.set_ylim(-1.35, 1.35)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.savefig(HERE / "logo.svg", transparent=True, bbox_inches="tight", pad_inches=0.02,
                metadata={"Date": None, "Creator": None})
    fig.savefig("/tmp/nnbook_logo_preview.png", dpi=100, transparent=False,
                bbox_inches="tight", facecolor="white")
    plt.close(fig)


if __name__ == "__main__":
    main()
