"""Small data sets for the first chapters and for decision-boundary plots.

Every function returns ``(X, y)``: ``X`` of shape ``(n_samples, n_features)``
(float64) and ``y`` of shape ``(n_samples,)`` (int64 class labels, or float64
targets for the regression curve).  Random sets take a ``seed`` and are the
same every time for the same seed.
"""

import numpy as np

from ..validation import check_positive_int, lookup


# --- the classic tutorials' truth tables ---------------------------------------------

def truth_table():
    """The single-neuron tutorial's data: 4 samples of 3 binary inputs.

    The target copies the first input, which the neuron must discover:
    X = [[0,0,1],[1,1,1],[1,0,1],[0,1,1]], y = [0,1,1,0].
    """
    X = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=np.float64)
    y = np.array([0, 1, 1, 0])
    return X, y


def xor3():
    """The two-layer tutorial's data: the target is the XOR of the first two
    inputs (the third is always 1, acting as a bias):
    X = [[0,0,1],[0,1,1],[1,0,1],[1,1,1]], y = [0,1,1,0].
    """
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=np.float64)
    y = np.array([0, 1, 1, 0])
    return X, y


def logic_gate(name):
    """Truth table of a 2-input gate: X (4, 2) of 0/1 and y (4,).

    ``name`` is one of "and", "or", "nand", "nor", "xor".
    """
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    a, b = X[:, 0].astype(bool), X[:, 1].astype(bool)
    gates = {"and": a & b, "or": a | b, "nand": ~(a & b), "nor": ~(a | b), "xor": a ^ b}
    return X, lookup(gates, name, "gate").astype(np.int64)


# --- letters A, B, C as 5×6 pixel images -------------------------------------------------

LETTER_ROWS = {
    "A": ["..#..",
          ".#.#.",
          "#...#",
          "#####",
          "#...#",
          "#...#"],
    "B": ["####.",
          "#...#",
          "####.",
          "#...#",
          "#...#",
          "####."],
    "C": [".####",
          "#....",
          "#....",
          "#....",
          "#....",
          ".####"],
}
LETTER_SHAPE = (6, 5)  # rows, columns: 30 pixels


def letters():
    """The letters A, B, C as 5-wide, 6-tall binary images.

    Returns X (3, 30), one flattened image per row (reshape a row to
    ``LETTER_SHAPE`` to see it), and y = [0, 1, 2] for A, B, C.
    """
    X = np.array([[1.0 if ch == "#" else 0.0 for row in rows for ch in row]
                  for rows in LETTER_ROWS.values()])
    return X, np.arange(len(LETTER_ROWS))


def noisy_letters(n_per_letter=10, flip_prob=0.1, seed=0):
    """Copies of A, B, C with each pixel flipped with probability ``flip_prob``.

    Returns X (3 * n_per_letter, 30) and y, letters in order A…, B…, C….
    """
    n_per_letter = check_positive_int(n_per_letter, "n_per_letter")
    if not 0 <= flip_prob <= 1:
        raise ValueError(f"flip_prob must be a probability in [0, 1], got {flip_prob!r}.")
    rng = np.random.default_rng(seed)
    clean, labels = letters()
    X = np.repeat(clean, n_per_letter, axis=0)
    flips = rng.random(X.shape) < flip_prob
    X[flips] = 1.0 - X[flips]
    return X, np.repeat(labels, n_per_letter)


# --- 2-D sets for decision boundaries --------------------------------------------------------

def make_separable(n_samples=100, noise=0.6, seed=0):
    """Two Gaussian clouds on either side of a line: a perceptron's task."""
    rng, n0, n1 = _split(n_samples, seed)
    X = np.vstack([rng.normal([-1.5, -1.0], noise, (n0, 2)),
                   rng.normal([1.5, 1.0], noise, (n1, 2))])
    return X, _labels(n0, n1)


def make_moons(n_samples=200, noise=0.1, seed=0):
    """Two interleaving half circles."""
    rng, n0, n1 = _split(n_samples, seed)
    t0 = np.linspace(0, np.pi, n0)
    t1 = np.linspace(0, np.pi, n1)
    X = np.vstack([np.column_stack([np.cos(t0), np.sin(t0)]),
                   np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)])])
    X += rng.normal(0.0, noise, X.shape)
    return X, _labels(n0, n1)


def make_circles(n_samples=200, noise=0.05, factor=0.5, seed=0):
    """A small circle (class 1) inside a large one (class 0)."""
    if not 0 < factor < 1:
        raise ValueError(f"factor (inner radius / outer radius) must be in (0, 1), got {factor!r}.")
    rng, n0, n1 = _split(n_samples, seed)
    t0 = np.linspace(0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0, 2 * np.pi, n1, endpoint=False)
    X = np.vstack([np.column_stack([np.cos(t0), np.sin(t0)]),
                   factor * np.column_stack([np.cos(t1), np.sin(t1)])])
    X += rng.normal(0.0, noise, X.shape)
    return X, _labels(n0, n1)


def make_xor_blobs(n_samples=200, noise=0.35, seed=0):
    """Four clouds at (±1, ±1); the class is 1 where the signs differ (XOR)."""
    n_samples = check_positive_int(n_samples, "n_samples")
    rng = np.random.default_rng(seed)
    centres = np.array([[-1, -1], [1, 1], [-1, 1], [1, -1]], dtype=np.float64)
    which = np.arange(n_samples) % 4
    X = centres[which] + rng.normal(0.0, noise, (n_samples, 2))
    y = (which >= 2).astype(np.int64)
    return X, y


def make_spirals(n_samples=300, n_classes=3, noise=0.2, seed=0):
    """``n_classes`` interleaved spiral arms, one per class."""
    n_samples = check_positive_int(n_samples, "n_samples")
    n_classes = check_positive_int(n_classes, "n_classes")
    rng = np.random.default_rng(seed)
    per_class = n_samples // n_classes
    X, y = [], []
    for k in range(n_classes):
        r = np.linspace(0.05, 1.0, per_class)
        t = np.linspace(0, 4.0, per_class) + k * 2 * np.pi / n_classes
        t = t + rng.normal(0.0, noise, per_class)
        X.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
        y.append(np.full(per_class, k))
    return np.vstack(X), np.concatenate(y).astype(np.int64)


def make_curve(n_samples=100, noise=0.1, seed=0):
    """A 1-D regression task: y = sin(2x) + x/2 + noise for x in [−2, 2].

    Returns X (n_samples, 1), sorted, and y (n_samples,) float targets.
    """
    n_samples = check_positive_int(n_samples, "n_samples")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-2.0, 2.0, n_samples))
    y = np.sin(2 * x) + 0.5 * x + rng.normal(0.0, noise, n_samples)
    return x.reshape(-1, 1), y


TOY_DATASETS = {"moons": make_moons, "circles": make_circles, "xor": make_xor_blobs,
                "spirals": make_spirals, "separable": make_separable}


def load_toy(name, **kwargs):
    """A 2-D toy set by name: "moons", "circles", "xor", "spirals", "separable"."""
    return lookup(TOY_DATASETS, name, "toy data set")(**kwargs)


def _split(n_samples, seed):
    n_samples = check_positive_int(n_samples, "n_samples")
    if n_samples < 2:
        raise ValueError("n_samples must be at least 2 (one per class).")
    return np.random.default_rng(seed), n_samples // 2, n_samples - n_samples // 2


def _labels(n0, n1):
    return np.concatenate([np.zeros(n0, dtype=np.int64), np.ones(n1, dtype=np.int64)])
