"""Rosenblatt's perceptron (1958): a threshold unit and its learning rule.

The perceptron predicts with a step function of a weighted sum,

    ŷ = 1 if w · x + b ≥ 0 else 0,

and learns one sample at a time.  Whenever it gets a sample wrong it moves
the weights towards (or away from) that sample:

    w ← w + η (y − ŷ) x        b ← b + η (y − ŷ)

A correct answer gives y − ŷ = 0 and changes nothing.  On linearly
separable data the rule stops making mistakes after finitely many updates
(the perceptron convergence theorem); on data that no line separates, such
as XOR, it never settles.

Chapter 2 writes the rule by hand and then uses :func:`perceptron_train`,
which also records every update so that training can be plotted and
animated.  A tie, w · x + b = 0, counts as class 1.
"""

from dataclasses import dataclass, field

import numpy as np

from .validation import check_positive_int, check_positive_number, check_X


@dataclass
class PerceptronHistory:
    """Every state the perceptron went through, the starting one first.

    ``weights[k]``, ``biases[k]``: the parameters after update k (k = 0 is
    the start); ``errors[k]``: how many training samples those parameters
    misclassify; ``epochs[k]``: the epoch in which update k happened (0 for
    the start); ``samples[k]``: the index of the sample that caused update k
    (None for the start).  ``mistakes_per_epoch`` counts the updates made in
    each pass over the data; ``converged`` is True when a whole pass made no
    mistake.  ``history[k]`` is the triple ``(w, b, errors)``.
    """

    weights: list = field(default_factory=list)
    biases: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    epochs: list = field(default_factory=list)
    samples: list = field(default_factory=list)
    mistakes_per_epoch: list = field(default_factory=list)
    converged: bool = False

    @property
    def n_updates(self):
        """Number of updates (mistakes corrected), not counting the start."""
        return len(self.weights) - 1

    def __len__(self):
        return len(self.weights)

    def __getitem__(self, k):
        return self.weights[k], self.biases[k], self.errors[k]

    def _record(self, w, b, errors, epoch, sample):
        self.weights.append(w.copy())
        self.biases.append(float(b))
        self.errors.append(int(errors))
        self.epochs.append(int(epoch))
        self.samples.append(sample)

    def __repr__(self):
        state = "converged" if self.converged else "not converged"
        return (f"PerceptronHistory({self.n_updates} updates in "
                f"{len(self.mistakes_per_epoch)} epochs, {state}, "
                f"final errors={self.errors[-1] if self.errors else None})")


@dataclass
class PerceptronResult:
    """What :func:`perceptron_train` returns; unpacks as ``w, b, history``."""

    w: np.ndarray
    b: float
    history: PerceptronHistory

    def __iter__(self):
        return iter((self.w, self.b, self.history))


def perceptron_train(X, y, epochs=20, learning_rate=1.0, w_init=None, b_init=0.0,
                     shuffle=True, seed=0, stop_when_converged=True):
    """Train a perceptron with Rosenblatt's rule; return ``(w, b, history)``.

    Parameters
    ----------
    X : array (n_samples, n_features)
    y : array (n_samples,) of labels 0 and 1
    epochs : int
        Most passes over the data.
    learning_rate : float
        η, the size of each correction.  (Starting from zero weights it only
        rescales w and b, and the decision line is the same for every η.)
    w_init, b_init : starting weights (default zeros) and bias (default 0).
    shuffle, seed : visit the samples in a new random order each epoch,
        drawn from a generator seeded with ``seed``; otherwise in order.
    stop_when_converged : stop after the first pass without a mistake.

    Returns a :class:`PerceptronResult` that unpacks as ``w, b, history``;
    see :class:`PerceptronHistory` for what the history holds.
    """
    X = check_X(X, name="X").astype(np.float64)
    y = _check_labels(y, len(X))
    epochs = check_positive_int(epochs, "epochs")
    learning_rate = check_positive_number(learning_rate, "learning_rate")
    n_features = X.shape[1]
    w = np.zeros(n_features) if w_init is None else _check_weights(w_init, n_features).copy()
    b = float(b_init)
    if not np.isfinite(b):
        raise ValueError(f"b_init must be a finite number, got {b_init!r}.")
    rng = np.random.default_rng(seed) if shuffle else None

    def n_errors():
        return int(np.sum((X @ w + b >= 0).astype(np.int64) != y))

    history = PerceptronHistory()
    history._record(w, b, n_errors(), 0, None)
    for epoch in range(1, epochs + 1):
        order = rng.permutation(len(X)) if rng is not None else range(len(X))
        mistakes = 0
        for i in order:
            y_hat = 1 if float(X[i] @ w) + b >= 0 else 0
            error = int(y[i]) - y_hat                    # 0 when the answer is right
            if error:
                w += learning_rate * error * X[i]        # w ← w + η (y − ŷ) x
                b += learning_rate * error               # b ← b + η (y − ŷ)
                mistakes += 1
                history._record(w, b, n_errors(), epoch, int(i))
        history.mistakes_per_epoch.append(mistakes)
        if mistakes == 0:
            history.converged = True
            if stop_when_converged:
                break
    return PerceptronResult(w.copy(), b, history)


# --- input checks ------------------------------------------------------------------

def _check_weights(w, n_features):
    w = np.asarray(w, dtype=np.float64)
    if w.shape != (n_features,):
        raise ValueError(f"w must have shape ({n_features},), one weight per feature; "
                         f"got shape {w.shape}.")
    if not np.all(np.isfinite(w)):
        raise ValueError("w contains NaN or infinite values.")
    return w


def _check_labels(y, n_samples):
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be a 1-D array of labels (n_samples,), got shape {y.shape}.")
    if len(y) != n_samples:
        raise ValueError(f"X has {n_samples} samples but y has {len(y)}: they must have one "
                         "label per sample, in the same order.")
    values = set(np.unique(y).tolist())
    if not values <= {0, 1}:
        raise ValueError(f"perceptron_train needs labels 0 and 1, got the values "
                         f"{sorted(values)}. (For labels −1/+1 use (y + 1) // 2.)")
    return y.astype(np.int64)
