"""The class colours stay distinguishable for colour-blind readers (issue 21, point 3).

Deuteranopia and protanopia (together about 6 % of men) are simulated with the matrices of
Machado, Oliveira and Fernandes (2009, "A physiologically-based model for simulation of
color vision deficiency", IEEE TVCG 15(6)), severity 1.0, applied in linear RGB.  Two colours
are then compared in CIELAB by their Euclidean distance ΔE*ab (CIE 1976).

Threshold: ΔE ≈ 2.3 is a just-noticeable difference between two large patches seen side by
side; telling apart small scatter markers and pale filled regions needs far more (Szafir
2017, "Modeling color difference for visualization design", finds the needed difference
grows several-fold as marks shrink to a few pixels).  We ask ΔE ≥ 15 for every pair of the
eight class colours, for normal vision and for both simulated deficiencies.  The
Okabe–Ito palette passes (its worst pair, orange and yellow under deuteranopia, is ≈ 17);
matplotlib's default tab10, the course's old palette, fails with ΔE ≈ 4.6 between its
orange and green under protanopia, and ≈ 7 between green and red under deuteranopia:
classes 1 and 2 of the three-class spirals looked the same to those readers.
"""

import itertools

import numpy as np
import pytest

PROTANOPIA = np.array([[0.152286, 1.052583, -0.204868],
                       [0.114503, 0.786281, 0.099216],
                       [-0.003882, -0.048116, 1.051998]])
DEUTERANOPIA = np.array([[0.367322, 0.860646, -0.227968],
                         [0.280085, 0.672501, 0.047413],
                         [-0.011820, 0.042940, 0.968881]])
VISION = {"normal": np.eye(3), "deuteranopia": DEUTERANOPIA, "protanopia": PROTANOPIA}
SRGB_TO_XYZ = np.array([[0.4124, 0.3576, 0.1805],
                        [0.2126, 0.7152, 0.0722],
                        [0.0193, 0.1192, 0.9505]])
D65_WHITE = np.array([0.95047, 1.0, 1.08883])
MIN_DELTA_E = 15.0
OLD_PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
               "#8c564b", "#e377c2", "#7f7f7f"]  # matplotlib's tab10, the first eight


def linear_rgb(hex_colour):
    srgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def lab(rgb_linear):
    t = SRGB_TO_XYZ @ rgb_linear / D65_WHITE
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen_as(hex_colour, vision):
    return lab(np.clip(VISION[vision] @ linear_rgb(hex_colour), 0, 1))


def closest_pair(palette, vision):
    """(ΔE, colour, colour) of the two colours of ``palette`` that look most alike."""
    return min((float(np.linalg.norm(seen_as(a, vision) - seen_as(b, vision))), a, b)
               for a, b in itertools.combinations(palette, 2))


def test_colour_science_matches_known_values():
    """sRGB white is L* = 100, a neutral grey stays grey for every simulated vision, and
    pure red and green, far apart for normal vision, move close for a deuteranope."""
    np.testing.assert_allclose(seen_as("#FFFFFF", "normal"), [100, 0, 0], atol=0.05)
    for vision in VISION:
        assert np.allclose(seen_as("#777777", vision)[1:], 0, atol=1.5)
    red_green = [float(np.linalg.norm(seen_as("#FF0000", v) - seen_as("#00FF00", v)))
                 for v in ("normal", "deuteranopia")]
    assert red_green[0] > 150 and red_green[1] < 0.5 * red_green[0]


@pytest.mark.parametrize("vision", list(VISION))
def test_class_colours_stay_apart(vision):
    from nnlib.plots import CLASS_COLOURS
    distance, a, b = closest_pair(CLASS_COLOURS, vision)
    assert distance >= MIN_DELTA_E, f"{a} and {b} look alike under {vision}: ΔE {distance:.1f}"


def test_the_old_palette_fails():
    distance, a, b = closest_pair(OLD_PALETTE, "protanopia")
    assert distance < MIN_DELTA_E / 2 and {a, b} == {"#ff7f0e", "#2ca02c"}
    assert closest_pair(OLD_PALETTE, "deuteranopia")[0] < MIN_DELTA_E


def test_figures_have_an_opaque_white_face():
    """Readable on a dark page: nnlib's figures are painted white, set when nnlib draws."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_rgba

    from nnlib import plots
    ax = plots.plot_loss([3, 2, 1])
    try:
        assert to_rgba(ax.figure.get_facecolor()) == (1, 1, 1, 1)
        assert to_rgba(plt.rcParams["savefig.facecolor"]) == (1, 1, 1, 1)
        assert plt.rcParams["axes.prop_cycle"].by_key()["color"][:2] == plots.CLASS_COLOURS[:2]
    finally:
        plt.close("all")
