"""Chapter 2 (The perceptron): wrong answers per coded exercise, each with the words of its hint."""

import numpy as np

import nnlib
from nnlib import checks

from wrong_answers_common import IN_PLACE, LIST, FLOAT32, PARTIAL, SCALAR, LIBRARY, in_place, as_list, as_float32, as_one_element, partial, sigmoid


# --- right answers, as in the notebook ------------------------------------------------------

def perceptron_update(w, b, x, y, lr):
    y_hat = 1 if np.dot(w, x) + b >= 0 else 0
    return w + lr * (y - y_hat) * x, b + lr * (y - y_hat)


def perceptron_in_place(w, b, x, y, lr):
    y_hat = 1 if np.dot(w, x) + b >= 0 else 0
    w += lr * (y - y_hat) * x
    return w, b + lr * (y - y_hat)


def predict_neuron(X, w):
    return sigmoid(X @ w)


def sse_loss(output, y):
    y = np.reshape(y, np.shape(output))
    return 0.5 * np.sum((output - y) ** 2)


def sigmoid_prime_from_output(a):
    return a * (1.0 - a)


def sigmoid_prime_in_place(a):
    a *= 1 - a
    return a


# --- the table -------------------------------------------------------------------------------

TABLE = {
    "perceptron_update": (checks.check_perceptron_update, perceptron_update, [
        (perceptron_in_place, IN_PLACE),
        (lambda w, b, x, y, lr: (list(perceptron_update(w, b, x, y, lr)[0]),
                                 perceptron_update(w, b, x, y, lr)[1]), LIST),
        (lambda w, b, x, y, lr: (perceptron_update(w, b, x, y, lr)[0].astype(np.float32),
                                 perceptron_update(w, b, x, y, lr)[1]), FLOAT32),
        (lambda w, b, x, y, lr: (perceptron_update(w, b, x, y, lr)[0],
                                 np.array([perceptron_update(w, b, x, y, lr)[1]])),
         "b_new must be a single number"),
        (lambda w, b, x, y, lr: perceptron_update(w, b, x, -y + 2 * (1 if np.dot(w, x) + b >= 0
                                                                     else 0), lr),
         "opposite sign"),
        (lambda w, b, x, y, lr: (perceptron_update(w, b, x, y, lr)[0], b), "update the bias"),
        (lambda w, b, x, y, lr: perceptron_update(w, b, x, y, 1.0), "learning rate lr"),
        (lambda w, b, x, y, lr: nnlib.perceptron_step(w, b, x, y, lr), LIBRARY),
        (partial(perceptron_update), PARTIAL),
    ]),
    "predict_neuron": (checks.check_predict_neuron, predict_neuron, [
        (lambda X, w: X @ w, "apply the sigmoid"),
        (lambda X, w: sigmoid(-(X @ w)), "the exponent is −z"),
        (lambda X, w: sigmoid(X @ w)[:, 0], "missing a dimension"),
        (in_place(predict_neuron), IN_PLACE),
        (as_list(predict_neuron), LIST),
        (as_float32(predict_neuron), FLOAT32),
        (partial(predict_neuron), PARTIAL),
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
    "sigmoid_prime_from_output": (checks.check_sigmoid_prime_from_output,
                                  sigmoid_prime_from_output, [
        (sigmoid_prime_in_place, IN_PLACE),
        (lambda a: sigmoid(a) * (1 - sigmoid(a)), "do not apply the sigmoid again"),
        (lambda a: a * (1 + a), "not (1 + a)"),
        (lambda a: a - (1 - a), "not the difference"),
        (lambda a: nnlib.sigmoid_prime(a), LIBRARY),
        (lambda a: np.atleast_1d(a * (1 - a)), SCALAR),
        (as_list(sigmoid_prime_from_output), "expected a"),
        (partial(sigmoid_prime_from_output), PARTIAL),
    ]),
}
