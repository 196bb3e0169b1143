"""Chapter 2 (The perceptron): wrong answers per coded exercise, each with the words of its hint."""

import numpy as np

import nnlib
from nncourse import checks

from wrong_answers_common import IN_PLACE, LIST, FLOAT32, PARTIAL, SCALAR, LIBRARY, in_place, as_list, as_float32, as_one_element, partial


# --- right answers, as in the notebook ------------------------------------------------------

def margin(X, y, w, b):
    signs = 2 * y - 1
    return np.min(signs * (X @ w + b)) / np.linalg.norm(w)


def neuron_gradients(X, Y, W, b):
    A = nnlib.sigmoid(X @ W + b)
    delta = (A - Y) * A * (1 - A)
    return X.T @ delta, delta.sum(axis=0)


def gradients_variant(sign=1.0, slope=True, bias=True, bias_total=np.sum, factor=1.0,
                      per_sample=False, bias_slope=True):
    """neuron_gradients with one mistake, named by the flag that is off."""
    def gradients(X, Y, W, b):
        A = nnlib.sigmoid(X @ W + (b if bias else 0.0))
        error = sign * factor * (A - Y) / (len(X) if per_sample else 1)
        delta = error * A * (1 - A) if slope else error
        return X.T @ delta, bias_total(delta if bias_slope else error, axis=0)
    return gradients


def sse_loss(output, y):
    y = np.reshape(y, np.shape(output))
    return 0.5 * np.sum((output - y) ** 2)


def tanh_prime_from_output(a):
    return 1.0 - a ** 2


def tanh_prime_in_place(a):
    a **= 2
    return 1 - a


def multiclass_predict(X, W, b):
    return np.argmax(X @ W + b, axis=1)


def multiclass_epoch(X, y, W, b, lr):
    W, b = W.copy(), b.copy()
    mistakes = 0
    for x, label in zip(X, y):
        guess = np.argmax(x @ W + b)
        if guess != label:
            W[:, label] += lr * x
            W[:, guess] -= lr * x
            b[label] += lr
            b[guess] -= lr
            mistakes += 1
    return W, b, mistakes


def multiclass_train(X, y, n_classes, lr=1.0, max_epochs=50, epoch=multiclass_epoch):
    W, b = np.zeros((X.shape[1], n_classes)), np.zeros(n_classes)
    mistakes_per_epoch = []
    for _ in range(max_epochs):
        W, b, mistakes = epoch(X, y, W, b, lr)
        mistakes_per_epoch.append(mistakes)
        if mistakes == 0:
            break
    return W, b, mistakes_per_epoch


# --- wrong answers to the multi-step problem -----------------------------------------------

def epoch_in_place(X, y, W, b, lr):
    """The right epoch, written into the caller's W and b instead of new arrays."""
    W_new, b_new, mistakes = multiclass_epoch(X, y, W, b, lr)
    W[...], b[...] = W_new, b_new
    return W, b, mistakes


def epoch_variant(batch=False, take_guess=True, bias=True, use_lr=True, sign=1,
                  count_after=False, as_float=False):
    def epoch(X, y, W, b, lr):
        W, b = W.copy(), b.copy()
        step = sign * (lr if use_lr else 1.0)
        guesses = np.argmax(X @ W + b, axis=1)
        mistakes = 0
        for i, (x, label) in enumerate(zip(X, y)):
            guess = guesses[i] if batch else np.argmax(x @ W + b)
            if guess != label:
                W[:, label] += step * x
                if take_guess:
                    W[:, guess] -= step * x
                if bias:
                    b[label] += step
                    if take_guess:
                        b[guess] -= step
                mistakes += 1
        if count_after:
            mistakes = int(np.sum(np.argmax(X @ W + b, axis=1) != y))
        return W, b, float(mistakes) if as_float else mistakes
    return epoch


def train_variant(start=0.0, include_clean=True, stop=True, extra=0):
    def train(X, y, n_classes, lr=1.0, max_epochs=50, epoch=multiclass_epoch):
        W, b = np.full((X.shape[1], n_classes), start), np.zeros(n_classes)
        mistakes_per_epoch = []
        for _ in range(max_epochs + extra):
            W, b, mistakes = epoch(X, y, W, b, lr)
            if mistakes == 0 and stop:
                if include_clean:
                    mistakes_per_epoch.append(mistakes)
                break
            mistakes_per_epoch.append(mistakes)
        return W, b, mistakes_per_epoch
    return train


def train_ignoring_epoch(X, y, n_classes, lr=1.0, max_epochs=50, epoch=None):
    """Calls a wrong epoch of its own instead of the one it is given."""
    return multiclass_train(X, y, n_classes, lr, max_epochs, epoch_variant(bias=False))


# --- the table -------------------------------------------------------------------------------

TABLE = {
    "margin": (checks.check_margin, margin, [
        (lambda X, y, w, b: np.min((2 * y - 1) * (X @ w + b)), "divide by the length of w"),
        (lambda X, y, w, b: np.min((2 * y - 1) * (X @ w + b)) / np.dot(w, w), "not by ‖w‖²"),
        (lambda X, y, w, b: np.min((2 * y - 1) * (X @ w + b)) / np.linalg.norm(np.append(w, b)),
         "does not belong in the norm"),
        (lambda X, y, w, b: np.min(np.abs(X @ w + b)) / np.linalg.norm(w), "keep the sign"),
        (lambda X, y, w, b: np.min(y * (X @ w + b)) / np.linalg.norm(w), "2y − 1"),
        (lambda X, y, w, b: np.min((1 - 2 * y) * (X @ w + b)) / np.linalg.norm(w),
         "other way round"),
        (lambda X, y, w, b: np.max((2 * y - 1) * (X @ w + b)) / np.linalg.norm(w), "NEAREST"),
        (lambda X, y, w, b: np.mean((2 * y - 1) * (X @ w + b)) / np.linalg.norm(w),
         "not the mean"),
        (lambda X, y, w, b: (2 * y - 1) * (X @ w + b) / np.linalg.norm(w), SCALAR),
        (as_one_element(margin), SCALAR),
        (lambda X, y, w, b: np.float32(margin(X, y, w, b)), FLOAT32),
        (in_place(margin, 2), IN_PLACE),
        (partial(margin), PARTIAL),
    ]),
    "neuron_gradients": (checks.check_neuron_gradients, neuron_gradients, [
        (gradients_variant(sign=-1.0), "uphill"),
        (gradients_variant(slope=False), "multiply by its slope"),
        (gradients_variant(bias_slope=False), "the bias reaches C through the sigmoid"),
        (gradients_variant(bias=False), "include the bias"),
        (gradients_variant(bias_total=np.mean), "not the mean"),
        (gradients_variant(per_sample=True), "do not divide by the number of samples"),
        (gradients_variant(factor=2.0), "cancels the 2"),
        (lambda X, Y, W, b: (neuron_gradients(X, Y, W, b)[0], np.zeros_like(b)),
         "the bias changes C too"),
        (lambda X, Y, W, b: (neuron_gradients(X, Y, W, b)[0].T, neuron_gradients(X, Y, W, b)[1]),
         "one row per input and one column per neuron"),
        (lambda X, Y, W, b: (lambda A: (neuron_gradients(X, Y, W, b)[0], (A - Y) * A * (1 - A)))(
            nnlib.sigmoid(X @ W + b)), "add up over the samples"),
        (lambda X, Y, W, b: neuron_gradients(X, Y, W, b)[0], "return two things"),
        (lambda X, Y, W, b: [g.tolist() for g in neuron_gradients(X, Y, W, b)], LIST),
        (lambda X, Y, W, b: tuple(g.astype(np.float32) for g in neuron_gradients(X, Y, W, b)),
         FLOAT32),
        (in_place(neuron_gradients, 2), IN_PLACE),
        (partial(neuron_gradients), PARTIAL),
    ]),
    "sse_loss": (checks.check_sse_loss, sse_loss, [
        (lambda o, y: 0.5 * np.mean((o - np.reshape(y, o.shape)) ** 2), "not the mean"),
        (lambda o, y: np.sum((o - np.reshape(y, o.shape)) ** 2), "halve the sum"),
        (lambda o, y: 0.5 * np.sum((o - y) ** 2), "broadcasts"),
        (lambda o, y: 0.5 * np.sum(o - np.reshape(y, o.shape)) ** 2, "square the errors"),
        (lambda o, y: nnlib.losses.sse(o, np.reshape(y, o.shape)), LIBRARY),
        (as_one_element(sse_loss), SCALAR),
        (lambda o, y: 0.5 * np.sum((o - np.reshape(y, o.shape)) ** 2, keepdims=True), SCALAR),
        (in_place(sse_loss), IN_PLACE),
        (partial(sse_loss), PARTIAL),
    ]),
    "tanh_prime_from_output": (checks.check_tanh_prime_from_output, tanh_prime_from_output, [
        (tanh_prime_in_place, IN_PLACE),
        (lambda a: 1 - np.tanh(a) ** 2, "do not apply tanh again"),
        (lambda a: a * (1 - a), "the sigmoid's slope"),
        (lambda a: 1 - a, "not 1 − a"),
        (lambda a: (1 - a) ** 2, "not (1 − a)²"),
        (lambda a: 1 + a ** 2, "not 1 + a²"),
        (lambda a: nnlib.tanh_prime(np.arctanh(np.clip(a, -0.999, 0.999))), LIBRARY),
        (lambda a: nnlib.activations.tanh_prime(None, a=a), LIBRARY),
        (lambda a: np.atleast_1d(1 - a ** 2), SCALAR),
        (as_list(tanh_prime_from_output), "expected a"),
        (as_float32(tanh_prime_from_output), FLOAT32),
        (partial(tanh_prime_from_output), PARTIAL),
    ]),
    "multiclass_predict": (checks.check_multiclass_predict, multiclass_predict, [
        (lambda X, W, b: np.argmax(X @ W + b, axis=0), "axis=1"),
        (lambda X, W, b: np.argmax(X @ W, axis=1), "add the bias row"),
        (lambda X, W, b: np.argmin(X @ W + b, axis=1), "HIGHEST"),
        (lambda X, W, b: X @ W + b, "not the scores"),
        (lambda X, W, b: np.argmax(X @ W + b, axis=1).astype(float), "expected integers"),
        (lambda X, W, b: np.argmax(X @ W + b, axis=1, keepdims=True), "extra dimension"),
        (lambda X, W, b: np.argmax(X @ W + b, axis=1)[0], "expected an array"),
        (as_list(multiclass_predict), LIST),
        (in_place(multiclass_predict, 1), IN_PLACE),
        (partial(multiclass_predict), PARTIAL),
    ]),
    "multiclass_epoch": (checks.check_multiclass_epoch, multiclass_epoch, [
        (epoch_in_place, IN_PLACE),
        (epoch_variant(batch=True), "not all samples at once"),
        (epoch_variant(take_guess=False), "also subtract"),
        (epoch_variant(bias=False), "update the biases"),
        (epoch_variant(use_lr=False), "learning rate lr"),
        (epoch_variant(sign=-1), "other way round"),
        (epoch_variant(count_after=True), "as they happen"),
        (epoch_variant(as_float=True), "whole number"),
        (lambda X, y, W, b, lr: multiclass_epoch(X, y, W, b, lr)[:2], "three things"),
        (lambda X, y, W, b, lr: (multiclass_epoch(X, y, W, b, lr)[0].tolist(),
                                 *multiclass_epoch(X, y, W, b, lr)[1:]), LIST),
        (lambda X, y, W, b, lr: (multiclass_epoch(X, y, W, b, lr)[0].astype(np.float32),
                                 *multiclass_epoch(X, y, W, b, lr)[1:]), FLOAT32),
        (partial(multiclass_epoch), PARTIAL),
    ]),
    "multiclass_train": (checks.check_multiclass_train, multiclass_train, [
        (train_variant(start=1.0), "start from zero weights"),
        (train_variant(include_clean=False), "include the last epoch"),
        (train_variant(stop=False), "stop after the first epoch without a mistake"),
        (train_variant(extra=1, stop=False), "max_epochs epochs at the latest"),
        (train_ignoring_epoch, "expected"),
        (lambda X, y, n, lr=1.0, me=50, epoch=None: multiclass_train(X, y, n, lr, me, epoch)[:2],
         "three things"),
        (lambda X, y, n, lr=1.0, me=50, epoch=None: (multiclass_train(X, y, n, lr, me, epoch)[0]
                                                     .T, *multiclass_train(X, y, n, lr, me,
                                                                           epoch)[1:]),
         "(n_features, n_classes)"),
        (lambda X, y, n, lr=1.0, me=50, epoch=None: (
            multiclass_train(X, y, n, lr, me, epoch)[0].astype(np.float32),
            *multiclass_train(X, y, n, lr, me, epoch)[1:]), FLOAT32),
        (in_place(multiclass_train), IN_PLACE),
        (partial(multiclass_train), PARTIAL),
    ]),
}
