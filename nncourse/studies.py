"""Helpers for chapter 6's experiments on the classic MNIST network.

Chapter 6 keeps its cells short; the longer loops live here:

* :func:`load_seed_study`, :func:`summarize_seed_study`, :func:`plot_seed_study`: the committed
  results of ``scripts/seed_study.py`` (the classic network trained for many seeds), loaded and
  drawn, never retrained in the notebook;
* :func:`train_classic`: the classic network's training (plain SGD, mini-batches of 10, one
  seeded shuffling per epoch), with the test accuracy and each digit's recall after every epoch:
  the one loop behind the seed study (``scripts/seed_study.py``) and the ablation of section 6.6,
  whose variants :func:`classic_variant` builds;
* :func:`ulp_divergence`: two copies of a network that differ by one unit in the last place of
  their initial weights, trained on the same mini-batches, and how far apart they drift;
* :func:`optimizer_race`: the same network trained with several optimisers on the same
  mini-batches, with the validation loss measured as training goes.

This module uses nnlib; nnlib never imports it.  Matplotlib is imported only when a figure is
drawn.
"""

import json
from importlib import resources
from pathlib import Path

import numpy as np

from nnlib.network import Network
from nnlib.optimizers import SGD
from nnlib.training import iterate_minibatches, train_epoch

# Package data (declared in pyproject.toml), so that a non-editable install has it too.
SEED_STUDY = resources.files("nncourse") / "data" / "seed_study" / "classic_784_100_10.json"


# ---------------------------------------------------------------------------------------------
# The seed study


def load_seed_study(path=None):
    """The JSON results written by ``scripts/seed_study.py`` (a dict, see that script)."""
    path = Path(path) if path is not None else SEED_STUDY
    study = json.loads(path.read_text(encoding="utf-8"))
    if not study.get("runs"):
        raise ValueError(f"{path} holds no finished runs")
    return study


def summarize_seed_study(study):
    """Counts and ranges over the runs: a dict with ``seeds``, ``stalled`` (list of seeds),
    ``free`` (seeds with no stuck digit), ``free_range`` and ``stalled_range`` (min, max of the
    final test accuracy, or None), and ``stuck_digits`` {seed: [digits]}."""
    runs = study["runs"]
    stalled = [r for r in runs if r["stalled"]]
    free = [r for r in runs if not r["stalled"]]

    def span(rs):
        if not rs:
            return None
        values = [r["final_accuracy"] for r in rs]
        return min(values), max(values)

    return {
        "seeds": [r["seed"] for r in runs],
        "stalled": [r["seed"] for r in stalled],
        "free": [r["seed"] for r in free],
        "free_range": span(free),
        "stalled_range": span(stalled),
        "stuck_digits": {r["seed"]: r["stuck_digits"] for r in stalled},
    }


def seed_study_sentence(study):
    """One sentence on how often the classic network stalls and how well it does otherwise."""
    s = summarize_seed_study(study)
    n, k = len(s["seeds"]), len(s["stalled"])
    parts = [f"Of the {n} seeds, {k} ended with a digit still stuck after "
             f"{study['epochs']} epochs"]
    if k:
        digits = sorted({d for ds in s["stuck_digits"].values() for d in ds})
        lo, hi = s["stalled_range"]
        parts.append(f" (digit{'s' if len(digits) > 1 else ''} "
                     f"{', '.join(map(str, digits))}; final accuracy {lo:.1%} to {hi:.1%})")
    if s["free"]:
        lo, hi = s["free_range"]
        where = ("the same" if lo == hi else f"{lo:.2%} to {hi:.2%}")
        parts.append(f"; the {len(s['free'])} that learned every digit reached {where}, "
                     f"against Nielsen's published {study['published_accuracy']:.2%}")
    else:
        parts.append("; none learned every digit")
    return "".join(parts) + "."


def plot_seed_study(study, axes=None):
    """Left: each seed's test accuracy per epoch (stalled runs in red). Right: the final
    accuracy of each seed, with Nielsen's published figure as a line."""
    import matplotlib.pyplot as plt

    from nnlib.plots import readable_text, use_course_style

    if axes is None:
        use_course_style()
        fig, axes = plt.subplots(1, 2, figsize=(7.5, 3.4), gridspec_kw={"width_ratios": [3, 2]})
    ax_curves, ax_final = axes
    published = study["published_accuracy"]
    for run in study["runs"]:
        epochs = np.arange(1, len(run["test_accuracy"]) + 1)
        colour = "C3" if run["stalled"] else "C0"
        ax_curves.plot(epochs, run["test_accuracy"], color=colour, linewidth=1, alpha=0.8)
        ax_final.plot(run["seed"], run["final_accuracy"], "o", color=colour)
    for ax in axes:
        ax.axhline(published, color="grey", linestyle="--", linewidth=1)
    ax_curves.plot([], [], color="C0", label="every digit learned")
    ax_curves.plot([], [], color="C3", label="a digit still stuck")
    ax_curves.plot([], [], color="grey", linestyle="--", label=f"Nielsen: {published:.2%}")
    ax_curves.set_xlabel("epoch")
    ax_curves.set_ylabel("test accuracy")
    ax_curves.set_ylim(0.5, 1.0)
    ax_curves.set_title(f"Classic network, {len(study['runs'])} seeds")
    ax_curves.legend(loc="lower right")
    seeds = [r["seed"] for r in study["runs"]]
    ax_final.set_xticks(seeds)
    ax_final.set_xlabel("seed")
    ax_final.set_ylabel(f"after {study['epochs']} epochs")
    low = min(r["final_accuracy"] for r in study["runs"])
    ax_final.set_ylim(min(0.5, low - 0.02), 1.0)
    ax_final.set_title("Final accuracy per seed")
    readable_text(ax_final.figure)
    ax_final.figure.tight_layout()
    return axes


# ---------------------------------------------------------------------------------------------
# The ablation


def classic_variant(cross_entropy=False, scaled_init=False, relu=False, seed=0,
                    dtype=np.float32):
    """The classic 784-100-10 network with some of its parts replaced.

    ``cross_entropy``: sigmoid outputs with the binary cross-entropy cost instead of the
    quadratic cost; ``scaled_init``: weights N(0, 1/n_in) and biases 0 (``init="scaled_normal"``)
    instead of N(0, 1); ``relu``: ReLU hidden units instead of sigmoid ones.
    """
    hidden = "relu" if relu else "sigmoid"
    loss = "binary_cross_entropy" if cross_entropy else "quadratic"
    init = "scaled_normal" if scaled_init else "normal"
    return Network([784, 100, 10], [hidden, "sigmoid"], loss=loss, init=init, seed=seed,
                   dtype=dtype)


def train_classic(network, X, Y, X_test, y_test, epochs, learning_rate=3.0, batch_size=10,
                  seed=0):
    """Train as chapter 6 trains the classic network, and measure it after every epoch.

    Plain SGD at ``learning_rate`` on mini-batches of ``batch_size`` rows of (X, Y) (Y one-hot,
    both in the network's dtype), each epoch in a new order drawn from
    ``np.random.default_rng(seed)``.  Returns ``(accuracy, recall)``: per epoch, the accuracy
    on (X_test, y_test) and the list of each digit's recall (the fraction of its test images
    read correctly).
    """
    sgd = SGD(learning_rate)
    rng = np.random.default_rng(seed)
    accuracy, recall = [], []
    for _ in range(epochs):
        train_epoch(network, X, Y, sgd, batch_size=batch_size, rng=rng)
        predicted = network.forward(X_test).argmax(axis=1)
        accuracy.append(float(np.mean(predicted == y_test)))
        recall.append([float(np.mean(predicted[y_test == d] == d)) for d in range(10)])
    return accuracy, recall


# ---------------------------------------------------------------------------------------------
# Chaos: one ulp at the start


def ulp_divergence(network, X, Y, batches, learning_rate=3.0, batch_size=10, every=100,
                   seed=0):
    """Train ``network`` and a copy whose first weight matrix is nudged by one unit in the
    last place, on the same ``batches`` mini-batches (plain SGD).

    Returns (steps, difference, initial): after every ``every`` mini-batches, the largest
    absolute difference between the two networks' outputs on the first 1 000 rows of X; and
    the largest difference of their outputs before training.
    """
    twin = network.copy()
    twin.params["W1"][...] = np.nextafter(twin.params["W1"], np.inf)
    probe = X[:1000]
    initial = float(np.abs(network.forward(probe) - twin.forward(probe)).max())
    sgd_a, sgd_b = SGD(learning_rate), SGD(learning_rate)
    rng = np.random.default_rng(seed)
    steps, difference, done = [], [], 0
    while done < batches:
        for X_batch, Y_batch in iterate_minibatches(X, Y, batch_size, rng):
            sgd_a.step(network.params, network._backward_pass(X_batch, Y_batch))
            sgd_b.step(twin.params, twin._backward_pass(X_batch, Y_batch))
            done += 1
            if done % every == 0:
                steps.append(done)
                difference.append(float(np.abs(network.forward(probe)
                                                - twin.forward(probe)).max()))
            if done >= batches:
                break
    return np.array(steps), np.array(difference), initial


def growth_per_1000(steps, difference, below=None, floor=1e-30):
    """The factor by which ``difference`` grows per 1 000 steps: from a least-squares line
    through log10(difference) against the step, using only the points above ``floor`` and, when
    ``below`` is given, those before the difference first reaches ``below`` (once the two runs
    differ completely, the difference stops growing)."""
    steps, difference = np.asarray(steps, float), np.asarray(difference, float)
    keep = difference > floor
    if below is not None:
        reached = np.flatnonzero(difference >= below)
        if len(reached):
            keep[reached[0]:] = False
    if keep.sum() < 2:
        raise ValueError("growth_per_1000 needs at least two points to fit a line")
    slope = np.polyfit(steps[keep], np.log10(difference[keep]), 1)[0]
    return float(10 ** (slope * 1000))


# ---------------------------------------------------------------------------------------------
# Optimisers on the chapter's problem


def optimizer_race(make_network, optimizers, X, y, X_val, y_val, batches, batch_size=128,
                   every=25, seed=0):
    """Train one fresh network per optimiser on the same shuffled mini-batches.

    ``make_network()`` returns a new network (the same one each call); ``optimizers`` maps a
    label to an optimiser.  Returns (steps, {label: validation losses after every ``every``
    mini-batches}).
    """
    curves = {}
    steps = None
    for label, optimizer in optimizers.items():
        network = make_network()
        Y = network.check_targets(y, len(X))
        Y_val = network.check_targets(y_val, len(X_val))
        rng = np.random.default_rng(seed)
        losses, these_steps, done = [], [], 0
        while done < batches:
            for X_batch, Y_batch in iterate_minibatches(X, Y, batch_size, rng):
                optimizer.step(network.params, network._backward_pass(X_batch, Y_batch))
                done += 1
                if done % every == 0:
                    these_steps.append(done)
                    losses.append(float(network._cost(X_val, Y_val)))
                if done >= batches:
                    break
        curves[label] = np.array(losses)
        steps = np.array(these_steps)
    return steps, curves
