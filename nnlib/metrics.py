"""Measuring a classifier: accuracy, the confusion matrix, its worst mistakes.

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


def confusion_matrix(y_true, y_pred, n_classes=None):
    """Counts C[i, j] of samples of true class i predicted as class j."""
    y_true = np.asarray(y_true, dtype=np.int64)
    y_pred = np.asarray(y_pred, dtype=np.int64)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has shape {y_true.shape} but y_pred has {y_pred.shape}.")
    n_classes = n_classes or int(max(y_true.max(), y_pred.max())) + 1
    matrix = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(matrix, (y_true, y_pred), 1)
    return matrix


def most_confident_mistakes(probabilities, labels, k):
    """Indices of at most ``k`` misclassified rows, the most confident mistake first.

    ``probabilities``: (n, n_classes) network outputs; ``labels``: (n,) true classes.  A
    mistake's confidence is the probability of the class that was predicted (the row's
    maximum); equal confidences keep the order of the rows.  (Chapter 6, exercise 3.)
    """
    probabilities = np.asarray(probabilities)
    predicted = probabilities.argmax(axis=1)
    rows = np.flatnonzero(predicted != np.asarray(labels))
    order = np.argsort(-probabilities[rows, predicted[rows]], kind="stable")
    return rows[order][:k]


def dead_relu_fraction(network, X):
    """Fraction of first-layer units that output 0 for every sample of X."""
    hidden = network.feedforward(X)[1][1]
    return float(np.mean(np.all(hidden == 0, axis=0)))
