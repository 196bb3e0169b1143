"""The training loop: shuffled mini-batches, a history, callbacks, divergence.

One *epoch* is one pass over the training data in mini-batches.  After each
epoch the loop measures the loss (and, for classifiers, the accuracy) on the
training data and on optional validation data, appends them to a
:class:`History`, and calls each callback, which is how live plots, widgets
and progress bars follow the training.

If the loss stops being a finite number, or grows to more than ten times its
value before training, the learning rate was too large and the weights blew
up.  Training stops with a :class:`TrainingDiverged` error that says so,
instead of carrying on with NaN weights.  (The ten-times rule matters for
cross-entropy: its loss grows only linearly with exploding logits, so it can
stay finite for a long time while the weights blow up.)

The loop checks the data once, before the first epoch, and then drives the
network through its unchecked entries (``network._backward_pass``,
``network._forward_pass``, ``network.loss.cost``) and ``network.params``.
"""

import time
from dataclasses import dataclass, field

import numpy as np

from .datasets.toy import load_toy
from .metrics import accuracy_from_outputs
from .network import Network
from .optimizers import get_optimizer
from .validation import check_positive_int, check_X


class TrainingDiverged(ArithmeticError):
    """The loss became NaN or infinite; ``history`` holds the epochs so far."""

    def __init__(self, message, history=None):
        super().__init__(message)
        self.history = history


@dataclass
class History:
    """What happened in each epoch of training.

    Lists with one entry per completed epoch: ``loss`` and ``accuracy`` on the
    training data, ``val_loss`` and ``val_accuracy`` on the validation data
    (empty without validation data; accuracies are empty for regression),
    ``epoch_time`` in seconds spent on the gradient steps (not on measuring).
    ``diverged`` and ``message`` tell whether and why training stopped early.
    """

    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    epoch_time: list = field(default_factory=list)
    learning_rate: float | None = None
    diverged: bool = False
    stopped_early: bool = False
    message: str = ""

    @property
    def epochs(self):
        """Number of completed epochs."""
        return len(self.loss)

    def __repr__(self):
        if not self.loss:
            return "History(no epochs yet)"
        parts = [f"epochs={self.epochs}", f"loss={self.loss[-1]:.4g}"]
        if self.accuracy:
            parts.append(f"accuracy={self.accuracy[-1]:.4f}")
        if self.val_loss:
            parts.append(f"val_loss={self.val_loss[-1]:.4g}")
        if self.val_accuracy:
            parts.append(f"val_accuracy={self.val_accuracy[-1]:.4f}")
        if self.diverged:
            parts.append("diverged=True")
        return f"History({', '.join(parts)})"


def iterate_minibatches(X, Y, batch_size, rng=None, gather_rows=16384):
    """Yield (X_batch, Y_batch) pairs that cover the data once.

    With an ``rng`` the order is a fresh random permutation; without one the
    batches are consecutive slices (views, no copies).  The last batch may be
    smaller.  Shuffled rows are gathered ``gather_rows`` at a time (rounded to
    whole batches) with one fancy index, and the batches are contiguous slices
    of that block: the same batches as indexing batch by batch, fewer copies.
    """
    n = len(X)
    if rng is None:
        for start in range(0, n, batch_size):
            yield X[start:start + batch_size], Y[start:start + batch_size]
        return
    order = rng.permutation(n)
    block = max(1, gather_rows // batch_size) * batch_size
    for first in range(0, n, block):
        idx = order[first:first + block]
        X_block, Y_block = X[idx], Y[idx]
        for start in range(0, len(idx), batch_size):
            yield X_block[start:start + batch_size], Y_block[start:start + batch_size]


def train_epoch(network, X, Y, optimizer, batch_size, rng=None):
    """One pass of mini-batch gradient descent over (X, Y), already validated.

    X: (n_samples, n_inputs) and Y: (n_samples, n_outputs), both in the
    network's dtype.  Uses only ``network._backward_pass`` and ``network.params``.
    """
    if batch_size >= len(X):
        rng = None  # one full batch: the order does not matter
    params = network.params
    for X_batch, Y_batch in iterate_minibatches(X, Y, batch_size, rng):
        optimizer.step(params, network._backward_pass(X_batch, Y_batch))


def evaluate(network, X, Y, chunk_size=10_000):
    """(loss, accuracy) of the network on validated data; accuracy is None for
    regression networks.

    The data go through in chunks of ``chunk_size`` rows, so that measuring
    all of MNIST does not hold every layer's values for 60 000 images at once.
    """
    chunks = [_output_layer(network, X[i:i + chunk_size]) for i in range(0, len(X), chunk_size)]
    if len(chunks) == 1:
        Z, A = chunks[0]
    else:
        Z, A = (np.concatenate(parts) for parts in zip(*chunks))
    loss = network.loss.cost(Z, A, Y)
    acc = accuracy_from_outputs(A, Y) if network.is_classifier else None
    return loss, acc


def _output_layer(network, X):
    Z, A = network._forward_pass(X)
    return Z[-1], A[-1]


def train(network, X, y, epochs=10, batch_size=32, learning_rate=0.1, optimizer="sgd",
          validation_data=None, shuffle=True, seed=None, callbacks=(),
          on_divergence="raise", **unknown):
    """Train ``network`` on (X, y) and return a :class:`History`.

    Parameters
    ----------
    X : array (n_samples, n_inputs)
    y : class labels (n_samples,) or targets (n_samples, n_outputs)
    epochs : int
        Passes over the data.
    batch_size : int
        Samples per gradient step.  ``batch_size >= n_samples`` is full-batch
        gradient descent.
    learning_rate : float
        Step size η (ignored if ``optimizer`` is an optimiser object).
    optimizer : "sgd", "momentum", "adam", or an optimiser object
    validation_data : (X_val, y_val), optional
        Measured after every epoch, never trained on.
    shuffle, seed : visit the samples in a new random order each epoch,
        drawn from a generator seeded with ``seed`` (reproducible).
    callbacks : list of callables ``callback(history, network)``
        Called after every epoch.  A callback that returns True stops
        training (``history.stopped_early`` is then True).
    on_divergence : "raise" or "stop"
        When the loss becomes NaN/inf: raise :class:`TrainingDiverged`, or
        stop and return the history with ``diverged=True`` and the
        explanation in ``history.message`` (what the widgets use).

    A misspelt option (``lr=0.1``) is a TypeError that names the right one.
    """
    if unknown:
        _reject_unknown_options(unknown)
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    if on_divergence not in ("raise", "stop"):
        raise ValueError(f"on_divergence must be 'raise' or 'stop', got {on_divergence!r}.")
    if callable(callbacks):
        callbacks = [callbacks]
    optimizer = get_optimizer(optimizer, learning_rate)
    X = check_X(X, network.n_inputs, dtype=network.dtype)
    Y = network.check_targets(y, len(X))
    X_val = Y_val = None
    if validation_data is not None:
        X_val, Y_val = _check_validation_data(validation_data, network)

    history = History(learning_rate=getattr(optimizer, "learning_rate", None))
    rng = np.random.default_rng(seed) if shuffle else None
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        initial_loss = evaluate(network, X, Y)[0]
    for epoch in range(1, epochs + 1):
        last_good_params = network.get_params()
        start = time.perf_counter()
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            train_epoch(network, X, Y, optimizer, batch_size, rng)
            history.epoch_time.append(time.perf_counter() - start)
            loss, acc = evaluate(network, X, Y)
            if X_val is not None:
                val_loss, val_acc = evaluate(network, X_val, Y_val)
        if has_diverged(loss, initial_loss):
            network.params.update(last_good_params)  # never leave NaN weights behind
            history.diverged = True
            history.message = divergence_message(epoch, loss, initial_loss,
                                                 history.learning_rate)
            if on_divergence == "raise":
                raise TrainingDiverged(history.message, history)
            break
        history.loss.append(loss)
        if acc is not None:
            history.accuracy.append(acc)
        if X_val is not None:
            history.val_loss.append(val_loss)
            if val_acc is not None:
                history.val_accuracy.append(val_acc)
        if any([bool(cb(history, network)) for cb in callbacks]):
            history.stopped_early = True
            break
    return history


DIVERGENCE_FACTOR = 10.0


def has_diverged(loss, initial_loss):
    """True when the loss is NaN/inf or has grown past ten times its starting value."""
    if not np.isfinite(loss):
        return True
    return np.isfinite(initial_loss) and loss > DIVERGENCE_FACTOR * max(initial_loss, 1e-12)


def divergence_message(epoch, loss, initial_loss, learning_rate):
    """The plain-words explanation shown when training blows up."""
    lr = f"{learning_rate:g}" if learning_rate is not None else "the one given"
    smaller = f" such as {learning_rate / 10:g}" if learning_rate is not None else ""
    if np.isfinite(loss):
        what = f"grew from {initial_loss:.4g} to {loss:.4g}"
    else:
        what = f"became {loss}"
    return (f"Training diverged in epoch {epoch}: the loss {what} with learning "
            f"rate {lr}. The steps were so large that the weights overshot and blew up "
            f"(they have been reset to the end of the last good epoch). "
            f"Try a smaller learning rate{smaller}.")


OPTION_ALIASES = {"lr": "learning_rate", "eta": "learning_rate", "learningrate": "learning_rate",
                  "alpha": "learning_rate", "n_epochs": "epochs", "epoch": "epochs",
                  "batchsize": "batch_size", "mini_batch_size": "batch_size",
                  "validation": "validation_data", "callback": "callbacks",
                  "random_state": "seed", "optimiser": "optimizer"}


def _reject_unknown_options(unknown):
    import difflib
    import inspect
    valid = [p for p in inspect.signature(train).parameters
             if p not in ("network", "X", "y", "unknown")]
    name = next(iter(unknown))
    guess = OPTION_ALIASES.get(name.lower()) or next(
        iter(difflib.get_close_matches(name, valid, n=1)), None)
    hint = f" (did you mean '{guess}'?)" if guess else ""
    raise TypeError(f"train() and fit() have no option {name!r}{hint}. "
                    f"The options are: {', '.join(valid)}.")


def _check_validation_data(validation_data, network):
    try:
        X_val, y_val = validation_data
    except (TypeError, ValueError):
        raise ValueError("validation_data must be a pair (X_val, y_val).") from None
    X_val = check_X(X_val, network.n_inputs, name="X_val", dtype=network.dtype)
    Y_val = network.check_targets(y_val, len(X_val), name="y_val")
    return X_val, Y_val


def train_toy_network(dataset="moons", hidden=8, learning_rate=0.5, activation="tanh",
                      epochs=300, optimizer="sgd", n_samples=200, seed=0):
    """Train a one-hidden-layer classifier on a 2-D toy set, full batch.

    Two classes use one sigmoid output with binary cross-entropy; more
    classes use softmax with cross-entropy.  Returns (network, history, X, y).
    A learning rate that is too large ends training early with
    ``history.diverged`` set and the reason in ``history.message``.
    """
    X, y = load_toy(dataset, n_samples=n_samples, seed=seed)
    n_classes = int(y.max()) + 1
    if n_classes == 2:
        net = Network([2, hidden, 1], [activation, "sigmoid"], loss="binary_cross_entropy",
                      seed=seed)
    else:
        net = Network([2, hidden, n_classes], [activation, "softmax"], loss="cross_entropy",
                      seed=seed)
    history = net.fit(X, y, epochs=epochs, batch_size=len(X), learning_rate=learning_rate,
                      optimizer=optimizer, on_divergence="stop", seed=seed)
    return net, history, X, y
