"""The baseline: mini-batch SGD written the classic way, one example at a time.

This is how the well-known from-scratch tutorials train their MNIST network
(Nielsen 2015, *Neural Networks and Deep Learning*, chapter 1): every image
is a column vector (784, 1), backpropagation runs once per image, the
gradients of a mini-batch are summed in Python lists, and the update is
w ← w − η/m Σ∇.  Written here from the algorithm, for timing only: nnlib's
tests check that nnlib computes exactly the same weights.
"""

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


class ClassicNetwork:
    """A list of weight matrices (n_out, n_in) and bias columns (n_out, 1)."""

    def __init__(self, sizes, seed=0):
        rng = np.random.default_rng(seed)
        self.biases = [rng.standard_normal((n, 1)) for n in sizes[1:]]
        self.weights = [rng.standard_normal((n_out, n_in))
                        for n_in, n_out in zip(sizes[:-1], sizes[1:])]

    def backprop(self, x, y):
        """Gradients of ½‖a − y‖² for ONE example x (784, 1), y (10, 1)."""
        activation, activations, zs = x, [x], []
        for b, w in zip(self.biases, self.weights):
            z = w @ activation + b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        nabla_b = [None] * len(self.biases)
        nabla_w = [None] * len(self.weights)
        s = activations[-1]
        delta = (s - y) * s * (1 - s)
        nabla_b[-1] = delta
        nabla_w[-1] = delta @ activations[-2].T
        for layer in range(2, len(self.weights) + 1):
            s = activations[-layer]
            delta = (self.weights[-layer + 1].T @ delta) * s * (1 - s)
            nabla_b[-layer] = delta
            nabla_w[-layer] = delta @ activations[-layer - 1].T
        return nabla_b, nabla_w

    def update_mini_batch(self, batch, eta):
        sum_b = [np.zeros(b.shape) for b in self.biases]
        sum_w = [np.zeros(w.shape) for w in self.weights]
        for x, y in batch:
            delta_b, delta_w = self.backprop(x, y)
            sum_b = [s + d for s, d in zip(sum_b, delta_b)]
            sum_w = [s + d for s, d in zip(sum_w, delta_w)]
        m = len(batch)
        self.weights = [w - (eta / m) * g for w, g in zip(self.weights, sum_w)]
        self.biases = [b - (eta / m) * g for b, g in zip(self.biases, sum_b)]

    def sgd_epoch(self, data, batch_size, eta, rng):
        """One epoch over ``data``, a list of (x, y) column-vector pairs."""
        order = rng.permutation(len(data))
        shuffled = [data[i] for i in order]
        for k in range(0, len(shuffled), batch_size):
            self.update_mini_batch(shuffled[k:k + batch_size], eta)


def as_column_pairs(X, Y):
    """The classic data layout: a list of (x (n_in, 1), y (n_out, 1)) float64 pairs."""
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    return [(x.reshape(-1, 1), y.reshape(-1, 1)) for x, y in zip(X, Y)]
