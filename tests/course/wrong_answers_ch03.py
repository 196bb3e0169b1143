"""Chapter 3 (A two-layer network): wrong answers per coded exercise, each with the words of its hint."""

import numpy as np

import nnlib
from nncourse import checks

from wrong_answers_common import IN_PLACE, LIST, FLOAT32, PARTIAL, SCALAR, LIBRARY, in_place, as_list, as_one_element, partial, sigmoid


# --- right answers, as in the notebook ------------------------------------------------------

def one_hot(labels, k):
    targets = np.zeros((len(labels), k))
    targets[np.arange(len(labels)), labels] = 1.0
    return targets


def accuracy(outputs, labels):
    if outputs.shape[1] == 1:
        predicted = (outputs[:, 0] > 0.5).astype(int)
    else:
        predicted = np.argmax(outputs, axis=1)
    return np.mean(predicted == labels)


def forward_tanh_sigmoid(X, W1, b1, W2, b2):
    A1 = np.tanh(X @ W1 + b1)
    return A1, sigmoid(A1 @ W2 + b2)


def backward_tanh_sigmoid(X, Y, A1, A2, W2):
    delta2 = (A2 - Y) / len(X)
    delta1 = (delta2 @ W2.T) * (1 - A1 ** 2)
    return X.T @ delta1, delta1.sum(axis=0), A1.T @ delta2, delta2.sum(axis=0)


def train_two_layer(X, Y, W1, b1, W2, b2, learning_rate, epochs, batch_size):
    params = [W1.copy(), b1.copy(), W2.copy(), b2.copy()]
    costs = []
    for epoch in range(epochs):
        for start in range(0, len(X), batch_size):
            X_batch, Y_batch = X[start:start + batch_size], Y[start:start + batch_size]
            A1, A2 = forward_tanh_sigmoid(X_batch, *params)
            grads = backward_tanh_sigmoid(X_batch, Y_batch, A1, A2, params[2])
            params = [p - learning_rate * g for p, g in zip(params, grads)]
        A2 = forward_tanh_sigmoid(X, *params)[1]
        costs.append(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / len(X))
    return tuple(params), np.array(costs)


# --- wrong answers of the multi-step exercise ------------------------------------------------

def _backward(delta2=None, slope=None, back=None, bias_sum=None, order=(0, 1, 2, 3)):
    """A backward pass with one thing changed."""
    def wrong(X, Y, A1, A2, W2):
        d2 = delta2(X, Y, A2) if delta2 else (A2 - Y) / len(X)
        d1 = (back(d2, W2) if back else d2 @ W2.T) * (slope(A1) if slope else 1 - A1 ** 2)
        total = bias_sum or (lambda d: d.sum(axis=0))
        grads = (X.T @ d1, total(d1), A1.T @ d2, total(d2))
        return tuple(grads[i] for i in order)
    return wrong


def _train(step="minibatch", update=None, record="after", copy=True):
    """A training loop with one thing changed."""
    def wrong(X, Y, W1, b1, W2, b2, learning_rate, epochs, batch_size):
        params = [W1.copy(), b1.copy(), W2.copy(), b2.copy()] if copy else [W1, b1, W2, b2]
        costs = []
        for epoch in range(epochs):
            if record == "before":
                costs.append(cost(X, Y, params))
            if step == "full":
                starts, size = [0], len(X)
            elif step == "drop last":
                starts, size = range(0, len(X) - batch_size + 1, batch_size), batch_size
            elif step == "first only":
                starts, size = [0], batch_size
            else:
                starts, size = range(0, len(X), batch_size), batch_size
            for start in starts:
                X_batch, Y_batch = X[start:start + size], Y[start:start + size]
                A1, A2 = forward_tanh_sigmoid(X_batch, *params)
                grads = backward_tanh_sigmoid(X_batch, Y_batch, A1, A2, params[2])
                if update:
                    params = update(params, grads, learning_rate, len(X_batch))
                elif copy:
                    params = [p - learning_rate * g for p, g in zip(params, grads)]
                else:
                    for p, g in zip(params, grads):
                        p -= learning_rate * g
                batch_cost = -np.sum(Y_batch * np.log(A2) + (1 - Y_batch) * np.log(1 - A2)) \
                    / len(X_batch)
            if record == "after":
                costs.append(cost(X, Y, params))
            elif record == "batch":
                costs.append(batch_cost)
        return tuple(params), np.array(costs)
    return wrong


def cost(X, Y, params):
    A2 = forward_tanh_sigmoid(X, *params)[1]
    return -np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / len(X)


def forward_with_nnlib(X, W1, b1, W2, b2):
    net = nnlib.Network([W1.shape[0], W1.shape[1], W2.shape[1]], ["tanh", "sigmoid"],
                        loss="binary_cross_entropy")
    net.set_params(W1=W1, b1=b1, W2=W2, b2=b2)
    return np.tanh(X @ W1 + b1), net.forward(X)


def backward_with_nnlib(X, Y, A1, A2, W2):
    net = nnlib.Network([X.shape[1], W2.shape[0], W2.shape[1]], ["tanh", "sigmoid"],
                        loss="binary_cross_entropy")
    W1 = np.linalg.lstsq(X, np.arctanh(np.clip(A1, -1 + 1e-12, 1 - 1e-12)), rcond=None)[0]
    net.set_params(W1=W1, b1=np.zeros(W2.shape[0]), W2=W2)
    grads = net.backprop(X, Y)
    return grads["W1"], grads["b1"], grads["W2"], grads["b2"]


def train_with_nnlib(X, Y, W1, b1, W2, b2, learning_rate, epochs, batch_size):
    net = nnlib.Network([W1.shape[0], W1.shape[1], W2.shape[1]], ["tanh", "sigmoid"],
                        loss="binary_cross_entropy")
    net.set_params(W1=W1, b1=b1, W2=W2, b2=b2)
    history = net.fit(X, Y, epochs=epochs, batch_size=batch_size, learning_rate=learning_rate,
                      shuffle=False)
    p = net.get_params()
    return (p["W1"], p["b1"], p["W2"], p["b2"]), np.array(history.loss)


# --- the table -------------------------------------------------------------------------------

TABLE = {
    "one_hot": (checks.check_one_hot, one_hot, [
        (lambda labels, k: np.eye(labels.max() + 1)[labels], "not labels.max() + 1"),
        (lambda labels, k: np.eye(k)[labels].T, "one ROW per sample"),
        (lambda labels, k: np.eye(len(labels), k), "in column labels[i]"),
        (lambda labels, k: nnlib.one_hot(labels, k), LIBRARY),
        (as_list(one_hot), LIST),
        (in_place(one_hot), IN_PLACE),
        (partial(one_hot), PARTIAL),
    ]),
    "accuracy": (checks.check_accuracy, accuracy, [
        (lambda o, l: float(np.sum(o.argmax(axis=1) == l) if o.shape[1] > 1 else
                            np.sum((o[:, 0] > 0.5) == l)), "not their count"),
        (lambda o, l: 1 - accuracy(o, l), "error rate"),
        (lambda o, l: np.mean(o.argmax(axis=1) == l), "single output column"),
        (lambda o, l: nnlib.accuracy(l, o.argmax(axis=1)), LIBRARY),
        (as_one_element(accuracy), SCALAR),
        (in_place(accuracy), IN_PLACE),
        (partial(accuracy), PARTIAL),
    ]),
    "forward_tanh_sigmoid": (checks.check_forward_tanh_sigmoid, forward_tanh_sigmoid, [
        (lambda X, W1, b1, W2, b2: (sigmoid(X @ W1 + b1),
                                    sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)), "tanh units here"),
        (lambda X, W1, b1, W2, b2: forward_tanh_sigmoid(X, W1, 0 * b1, W2, b2), "bias row b1"),
        (lambda X, W1, b1, W2, b2: (np.tanh(X @ W1) + b1,
                                    forward_tanh_sigmoid(X, W1, b1, W2, b2)[1]), "inside the tanh"),
        (lambda X, W1, b1, W2, b2: (np.tanh(X @ W1 + b1), np.tanh(X @ W1 + b1) @ W2 + b2),
         "squash the output"),
        (lambda X, W1, b1, W2, b2: forward_tanh_sigmoid(X, W1, b1, W2, 0 * b2), "bias b2"),
        (lambda X, W1, b1, W2, b2: (np.tanh(X @ W1 + b1), sigmoid((X @ W1 + b1) @ W2 + b2)),
         "not the weighted sums"),
        (lambda X, W1, b1, W2, b2: forward_tanh_sigmoid(X, W1, b1, W2, b2)[1], "expected the pair"),
        (lambda *args: tuple(r.tolist() for r in forward_tanh_sigmoid(*args)), LIST),
        (lambda *args: tuple(r.astype(np.float32) for r in forward_tanh_sigmoid(*args)), FLOAT32),
        (in_place(forward_tanh_sigmoid, 2), IN_PLACE),
        (partial(forward_tanh_sigmoid), PARTIAL),
        (forward_with_nnlib, LIBRARY),
    ]),
    "backward_tanh_sigmoid": (checks.check_backward_tanh_sigmoid, backward_tanh_sigmoid, [
        (_backward(delta2=lambda X, Y, A2: A2 - Y), "MEAN over the n rows"),
        (_backward(delta2=lambda X, Y, A2: (Y - A2) / len(X)), "not Y − A2"),
        (_backward(delta2=lambda X, Y, A2: (A2 - Y) * A2 * (1 - A2) / len(X)), "cancels"),
        (_backward(slope=lambda A1: A1 * (1 - A1)), "tanh units"),
        (_backward(slope=lambda A1: 1.0), "slope of the hidden units"),
        (_backward(slope=lambda A1: 1 - A1), "not the slope of tanh"),
        (_backward(slope=lambda A1: 1 - np.tanh(A1) ** 2), "do not apply tanh"),
        (_backward(back=lambda d2, W2: d2 @ W2 if W2.shape[0] == W2.shape[1] else d2 @ W2.T),
         "TRANSPOSE"),
        (_backward(bias_sum=lambda d: d.mean(axis=0)), "does not average"),
        (_backward(bias_sum=lambda d: d.sum(axis=0, keepdims=True)), "extra dimension"),
        (_backward(order=(2, 3, 0, 1)), "like W2"),
        (lambda *args: backward_tanh_sigmoid(*args)[:2], "the four gradients"),
        (lambda *args: tuple(g.tolist() for g in backward_tanh_sigmoid(*args)), LIST),
        (lambda *args: tuple(g.astype(np.float32) for g in backward_tanh_sigmoid(*args)),
         FLOAT32),
        (in_place(backward_tanh_sigmoid, 2), IN_PLACE),
        (partial(backward_tanh_sigmoid), PARTIAL),
        (backward_with_nnlib, LIBRARY),
    ]),
    "train_two_layer": (checks.check_train_two_layer, train_two_layer, [
        (_train(step="full"), "use mini-batches"),
        (_train(step="drop last"), "do not drop the last"),
        (_train(step="first only"), "ALL the mini-batches"),
        (_train(update=lambda p, g, eta, n: [p[0] - eta * g[0], p[1], p[2] - eta * g[2], p[3]]),
         "update the biases"),
        (_train(update=lambda p, g, eta, n: [q + eta * d for q, d in zip(p, g)]), "SUBTRACTS"),
        (_train(update=lambda p, g, eta, n: [q - eta / n * d for q, d in zip(p, g)]),
         "already hold the 1/n"),
        (_train(record="before"), "AFTER each epoch"),
        (_train(record="batch"), "WHOLE training set"),
        (_train(copy=False), IN_PLACE),
        (lambda *args: train_two_layer(*args)[0], "expected the pair"),
        (lambda *args: (train_two_layer(*args)[0], list(train_two_layer(*args)[1])), LIST),
        (lambda *args: (train_two_layer(*args)[0], train_two_layer(*args)[1].astype(np.float32)),
         FLOAT32),
        (partial(train_two_layer), PARTIAL),
        (train_with_nnlib, LIBRARY),
    ]),
}
