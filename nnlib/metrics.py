"""Accuracy: how often a classifier's predicted class is the right one.

Labels come from outputs the same way everywhere: for several output units
the arg-max of each row, for one output unit (a sigmoid) ``output > 0.5``.
Targets given as one-hot rows or 0/1 columns are turned into labels by the
same rule, so outputs and targets of shape (n_samples, n_outputs) can be
compared directly.
"""

import numpy as np


def labels_from_outputs(A):
    """Class labels (n_samples,) from outputs or targets A (n_samples, n_outputs)."""
    if A.shape[1] == 1:
        return (A[:, 0] > 0.5).astype(np.int64)
    return A.argmax(axis=1)


def accuracy_from_outputs(A, Y):
    """Fraction of rows where outputs A and targets Y, both (n_samples, n_outputs),
    pick the same class."""
    return float(np.mean(labels_from_outputs(A) == labels_from_outputs(Y)))


def accuracy(y_true, y_pred):
    """Fraction of equal labels; both (n_samples,) integer arrays."""
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has shape {y_true.shape} but y_pred has {y_pred.shape}.")
    if y_true.size == 0:
        raise ValueError("accuracy of an empty set of labels is undefined.")
    return float(np.mean(y_true == y_pred))
