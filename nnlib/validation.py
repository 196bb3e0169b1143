"""Input checks shared by every public entry point.

Each check either returns a clean NumPy array or raises an error whose
message says what was wrong and how to fix it, so that a mistake shows up
here, in plain words, and not as a shape error deep inside NumPy, or worse,
as a network that silently trains on garbage.
"""

import numbers

import numpy as np


def check_X(X, n_features=None, name="X", dtype=None):
    """Return ``X`` as a finite 2-D float array of shape (n_samples, n_features).

    A single sample given as a 1-D array is *not* guessed at: samples are rows,
    so the message says how to make one row (``X.reshape(1, -1)``).
    """
    if isinstance(X, (str, bytes)) or X is None:
        raise TypeError(f"{name} must be an array of numbers, got {type(X).__name__}.")
    try:
        X = np.asarray(X)
    except ValueError as err:  # ragged nested lists
        raise ValueError(
            f"{name} could not be turned into an array ({err}). "
            "Every sample must have the same number of features."
        ) from None
    if X.dtype == object or not (np.issubdtype(X.dtype, np.number) or X.dtype == bool):
        raise TypeError(f"{name} must hold numbers, but its dtype is {X.dtype}.")
    if X.ndim != 2:
        hint = ""
        if X.ndim == 1:
            hint = (f" For one sample use {name}.reshape(1, -1); for one feature per "
                    f"sample use {name}.reshape(-1, 1).")
        elif X.ndim > 2:
            hint = f" Flatten each sample first, e.g. {name}.reshape(len({name}), -1)."
        raise ValueError(
            f"{name} must be 2-D with shape (n_samples, n_features), "
            f"but it has shape {X.shape}.{hint}"
        )
    if X.shape[0] == 0:
        raise ValueError(f"{name} is empty: it has no samples (shape {X.shape}).")
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(
            f"{name} has {X.shape[1]} features per sample, but the network's input "
            f"layer expects {n_features}. Check layers[0] or the shape of {name}."
        )
    X = X.astype(dtype or np.result_type(X.dtype, np.float32), copy=False)
    if not np.all(np.isfinite(X)):
        n_bad = int(np.size(X) - np.count_nonzero(np.isfinite(X)))
        raise ValueError(
            f"{name} contains {n_bad} NaN or infinite value(s). Clean or impute them "
            "before training (for example with np.nan_to_num, or drop those rows)."
        )
    return X


def check_targets(y, n_samples, n_outputs, name="y", dtype=np.float64):
    """Return targets as a float array of shape (n_samples, n_outputs).

    Accepted forms:

    * class labels, integers of shape ``(n_samples,)`` with values in
      ``0 .. n_outputs-1``; they are one-hot encoded when ``n_outputs > 1``,
      or used as 0/1 targets when there is a single output;
    * a target array of shape ``(n_samples, n_outputs)``, used as it is;
    * for a single output, real-valued targets of shape ``(n_samples,)``.
    """
    y = np.asarray(y)
    if y.dtype == object or not (np.issubdtype(y.dtype, np.number) or y.dtype == bool):
        raise TypeError(f"{name} must hold numbers, but its dtype is {y.dtype}.")
    if y.ndim == 0 or y.ndim > 2:
        raise ValueError(
            f"{name} must have shape (n_samples,) or (n_samples, n_outputs); got {y.shape}."
        )
    if len(y) != n_samples:
        raise ValueError(
            f"X has {n_samples} samples but {name} has {len(y)}: they must have one "
            "target per sample, in the same order."
        )
    if not np.all(np.isfinite(y)):
        raise ValueError(f"{name} contains NaN or infinite values.")
    if y.ndim == 2:
        if y.shape[1] != n_outputs:
            raise ValueError(
                f"{name} has {y.shape[1]} columns but the network has {n_outputs} "
                f"output unit(s). Give one column per output, or give integer class "
                f"labels of shape (n_samples,)."
            )
        return y.astype(dtype, copy=False)
    if n_outputs == 1:
        return y.astype(dtype).reshape(-1, 1)
    labels = check_labels(y, n_outputs, name)
    return one_hot(labels, n_outputs, dtype)


def check_labels(y, n_classes, name="y"):
    """Return integer class labels of shape (n_samples,), each in 0..n_classes-1."""
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"{name} must be 1-D class labels; got shape {y.shape}.")
    if np.issubdtype(y.dtype, np.floating):
        if not np.all(np.isfinite(y)) or np.any(y != np.round(y)):
            raise ValueError(
                f"{name} must be integer class labels 0..{n_classes - 1}, but it holds "
                "non-integer values. For real-valued targets give shape "
                "(n_samples, n_outputs) instead."
            )
    elif not (np.issubdtype(y.dtype, np.integer) or y.dtype == bool):
        raise TypeError(f"{name} must be integer class labels, but its dtype is {y.dtype}.")
    labels = y.astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(
            f"{name} holds labels from {labels.min()} to {labels.max()}, but there are "
            f"{n_classes} classes (output units), so labels must lie in 0..{n_classes - 1}."
        )
    return labels


def one_hot(labels, n_classes, dtype=np.float64):
    """Labels (n_samples,) -> one-hot matrix (n_samples, n_classes)."""
    labels = check_labels(labels, n_classes, name="labels")
    out = np.zeros((len(labels), n_classes), dtype=dtype)
    out[np.arange(len(labels)), labels] = 1
    return out


def check_positive_number(value, name):
    """A learning rate, epsilon, ...: a finite real number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number, got {value!r}.")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}.")
    return float(value)


def check_positive_int(value, name):
    """A batch size, a number of epochs, ...: a whole number >= 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number >= 1, got {value!r}.")
    if value < 1:
        raise ValueError(f"{name} must be a whole number >= 1, got {value!r}.")
    return int(value)


def lookup(choices, name, what, aliases=None, other=""):
    """``choices[name]`` for a choice made by name (an activation, a loss, …).

    The name is matched ignoring case and surrounding spaces, and ``aliases`` maps other
    names to keys of ``choices``.  Anything else is an error that lists the valid names
    (and ``other`` ways to choose, e.g. "or an optimizer object"), never a silent fallback.
    """
    aliases = aliases or {}
    example = next(iter(choices))
    if not isinstance(name, str):
        raise TypeError(f"{what.capitalize()} must be given by name, as a string such as "
                        f"{example!r}{other}; got {name!r} of type {type(name).__name__}.")
    key = name.strip().lower()
    key = aliases.get(key, key)
    if key not in choices:
        valid = ", ".join(repr(k) for k in [*choices, *aliases])
        raise ValueError(f"Unknown {what} {name!r}. Valid names are: {valid}{other}.")
    return choices[key]


def check_float_dtype(dtype):
    """``dtype`` as a NumPy dtype if it is float32 or float64; anything else is an error."""
    try:
        as_dtype = np.dtype(dtype)
    except (TypeError, ValueError):
        as_dtype = None
    if as_dtype is None or as_dtype.type not in (np.float32, np.float64):
        raise ValueError(f"dtype must be np.float32 or np.float64, got {dtype!r}.")
    return as_dtype
