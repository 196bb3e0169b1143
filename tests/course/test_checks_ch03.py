"""The chapter 3 self-checks accept the reference solutions and catch real mistakes."""

import inspect

import numpy as np
import pytest

import nnlib
from nnlib import sigmoid
from nncourse.checks import (ExerciseCheckFailed, check_accuracy, check_backward_tanh_sigmoid,
                             check_forward_tanh_sigmoid, check_one_hot, check_train_two_layer)
from nncourse.checks import ch03
# the right answers (as in the notebook) live in the wrong-answer table
from wrong_answers_ch03 import (accuracy, backward_tanh_sigmoid, forward_tanh_sigmoid, one_hot,
                                train_two_layer)


def forward_naive_exp(X, W1, b1, W2, b2):        # overflows in exp, but still right
    A1 = np.tanh(X @ W1 + b1)
    return A1, 1 / (1 + np.exp(-(A1 @ W2 + b2)))


def not_implemented(*args):
    raise NotImplementedError()


# --- plausible mistakes -------------------------------------------------------------------

def forward_sigmoid_hidden(X, W1, b1, W2, b2):
    A1 = sigmoid(X @ W1 + b1)
    return A1, sigmoid(A1 @ W2 + b2)


def forward_without_biases(X, W1, b1, W2, b2):
    A1 = np.tanh(X @ W1)
    return A1, sigmoid(A1 @ W2)


def forward_swapped_pair(*args):
    A1, A2 = forward_tanh_sigmoid(*args)
    return A2, A1


def forward_column_bias(X, W1, b1, W2, b2):      # b1 as a column: broadcasts wrongly or fails
    A1 = np.tanh(X @ W1 + b1.reshape(-1, 1)[:1])
    return A1, sigmoid(A1 @ W2 + b2)


def backward_sum_not_mean(X, Y, A1, A2, W2):
    return tuple(g * len(X) for g in backward_tanh_sigmoid(X, Y, A1, A2, W2))


def backward_sigmoid_slope(X, Y, A1, A2, W2):
    delta2 = (A2 - Y) / len(X)
    delta1 = (delta2 @ W2.T) * A1 * (1 - A1)
    return X.T @ delta1, delta1.sum(axis=0), A1.T @ delta2, delta2.sum(axis=0)


def backward_bias_over_columns(X, Y, A1, A2, W2):
    dW1, db1, dW2, db2 = backward_tanh_sigmoid(X, Y, A1, A2, W2)
    delta2 = (A2 - Y) / len(X)
    return dW1, db1, dW2, delta2.sum(axis=1)


def backward_dict(X, Y, A1, A2, W2):
    return dict(zip(["W1", "b1", "W2", "b2"], backward_tanh_sigmoid(X, Y, A1, A2, W2)))


def train_full_batch(X, Y, W1, b1, W2, b2, learning_rate, epochs, batch_size):
    return train_two_layer(X, Y, W1, b1, W2, b2, learning_rate, epochs, len(X))


def train_in_place(X, Y, W1, b1, W2, b2, learning_rate, epochs, batch_size):
    costs = []
    for epoch in range(epochs):
        for start in range(0, len(X), batch_size):
            X_batch, Y_batch = X[start:start + batch_size], Y[start:start + batch_size]
            A1, A2 = forward_tanh_sigmoid(X_batch, W1, b1, W2, b2)
            for p, g in zip((W1, b1, W2, b2),
                            backward_tanh_sigmoid(X_batch, Y_batch, A1, A2, W2)):
                p -= learning_rate * g
        A2 = forward_tanh_sigmoid(X, W1, b1, W2, b2)[1]
        costs.append(-np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))
    return (W1, b1, W2, b2), np.array(costs)


def train_never_learns(X, Y, W1, b1, W2, b2, learning_rate, epochs, batch_size):
    A2 = forward_tanh_sigmoid(X, W1, b1, W2, b2)[1]
    cost = -np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))
    return (W1.copy(), b1.copy(), W2.copy(), b2.copy()), np.full(epochs, cost)


def one_hot_max_label(labels, k):
    return np.eye(labels.max() + 1)[labels]


def one_hot_transposed(labels, k):
    return one_hot(labels, k).T


def one_hot_ordered(labels, k):                  # ignores which label each row has
    return np.eye(k)[:len(labels)]


def accuracy_argmax_only(outputs, labels):
    return np.mean(outputs.argmax(axis=1) == labels)


def accuracy_wrong_axis(outputs, labels):
    predicted = outputs.argmax(axis=0)
    n = min(len(predicted), len(labels))
    return np.mean(predicted[:n] == labels[:n])


def accuracy_count(outputs, labels):
    if outputs.shape[1] == 1:
        predicted = (outputs[:, 0] > 0.5).astype(int)
    else:
        predicted = outputs.argmax(axis=1)
    return np.sum(predicted == labels)


# --- the tests ----------------------------------------------------------------------------

CHECKS = [
    (check_forward_tanh_sigmoid, forward_tanh_sigmoid,
     [forward_sigmoid_hidden, forward_without_biases, forward_swapped_pair,
      forward_column_bias]),
    (check_backward_tanh_sigmoid, backward_tanh_sigmoid,
     [backward_sum_not_mean, backward_sigmoid_slope, backward_bias_over_columns,
      backward_dict]),
    (check_train_two_layer, train_two_layer,
     [train_full_batch, train_in_place, train_never_learns]),
    (check_one_hot, one_hot, [one_hot_max_label, one_hot_transposed, one_hot_ordered]),
    (check_accuracy, accuracy, [accuracy_argmax_only, accuracy_wrong_axis, accuracy_count]),
]


@pytest.mark.parametrize("check, reference", [(c, r) for c, r, _ in CHECKS],
                         ids=[c.__name__ for c, _, _ in CHECKS])
def test_reference_passes(check, reference, capsys):
    assert check(reference) is None          # a check prints its verdict, it returns nothing
    out = capsys.readouterr().out
    assert "✅" in out and "⏳" not in out


def test_naive_but_correct_sigmoid_passes():
    with np.errstate(over="ignore"):
        check_forward_tanh_sigmoid(forward_naive_exp)


@pytest.mark.parametrize("check, wrong",
                         [(c, w) for c, _, wrongs in CHECKS for w in wrongs],
                         ids=[w.__name__ for _, _, wrongs in CHECKS for w in wrongs])
def test_mistakes_are_caught(check, wrong, capsys):
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check(wrong)
    out = str(excinfo.value)
    assert "❌" in out and "Hint:" in out


@pytest.mark.parametrize("check", [c for c, _, _ in CHECKS],
                         ids=[c.__name__ for c, _, _ in CHECKS])
def test_not_implemented_is_a_reminder(check, capsys):
    assert check(not_implemented) is None
    assert "not implemented yet" in capsys.readouterr().out


def test_hints_name_the_mistake(capsys):
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check_backward_tanh_sigmoid(backward_sigmoid_slope)
    assert "slope of a sigmoid" in str(excinfo.value) and "dW1" in str(excinfo.value)
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check_train_two_layer(train_full_batch)
    assert "mini-batches" in str(excinfo.value)
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check_accuracy(accuracy_argmax_only)
    assert "> 0.5" in str(excinfo.value)
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check_one_hot(one_hot_max_label)
    assert "not labels.max() + 1" in str(excinfo.value)


# --- the multi-step exercise: its parts, graded on their own ------------------------------

def test_one_line_per_part_when_every_case_passes(capsys):
    check_backward_tanh_sigmoid(backward_tanh_sigmoid)
    out = capsys.readouterr().out.strip().splitlines()
    assert out == ["✅ backward_tanh_sigmoid: all 16 checks passed (dW2, db2, dW1, db1)."]


def _learner_namespace(forward_body):
    """A notebook-like namespace: the learner's forward (given) and the right loop."""
    namespace = {"np": np, "backward_tanh_sigmoid": backward_tanh_sigmoid,
                 "sigmoid": sigmoid}
    exec("def forward_tanh_sigmoid(X, W1, b1, W2, b2):\n" + forward_body, namespace)
    source = inspect.getsource(train_two_layer)
    exec(source, namespace)
    return namespace


def test_the_loop_is_graded_on_its_own_when_part_a_is_wrong(capsys):
    namespace = _learner_namespace("    A1 = sigmoid(X @ W1 + b1)\n"
                                   "    return A1, sigmoid(A1 @ W2 + b2)\n")
    wrong_forward = namespace["forward_tanh_sigmoid"]
    check_train_two_layer(namespace["train_two_layer"])
    out = capsys.readouterr().out
    assert "✅ train_two_layer" in out and "part (a)" in out and "forward_tanh_sigmoid" in out
    assert namespace["forward_tanh_sigmoid"] is wrong_forward     # put back afterwards
    check_train_two_layer(namespace["train_two_layer"], hidden=True)


def test_the_loop_can_be_done_before_parts_a_and_b(capsys):
    namespace = _learner_namespace("    raise NotImplementedError()\n")
    check_train_two_layer(namespace["train_two_layer"])
    assert "part (a)" in capsys.readouterr().out


def test_a_wrong_loop_with_a_wrong_part_a_says_both():
    namespace = _learner_namespace("    raise NotImplementedError()\n")
    exec(inspect.getsource(train_full_batch), namespace)
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check_train_two_layer(namespace["train_full_batch"])
    assert "mini-batches" in str(excinfo.value)
    assert "correct versions of forward_tanh_sigmoid" in str(excinfo.value)


def test_the_exercise_is_nnlibs_own_training_without_shuffling():
    """The reference loop of the check is what nnlib.Network.fit does (shuffle=False)."""
    rng = np.random.default_rng(0)
    X, Y = ch03._xor_blobs(23, 5)
    W1, b1, W2, b2 = ch03._start(rng, 2, 4, 1)
    (V1, c1, V2, c2), costs = ch03._train(X, Y, W1, b1, W2, b2, 0.7, 6, 5)
    net = nnlib.Network([2, 4, 1], ["tanh", "sigmoid"], loss="binary_cross_entropy")
    net.set_params(W1=W1, b1=b1, W2=W2, b2=b2)
    history = net.fit(X, Y, epochs=6, batch_size=5, learning_rate=0.7, shuffle=False)
    params = net.get_params()
    for mine, theirs in [(V1, "W1"), (c1, "b1"), (V2, "W2"), (c2, "b2")]:
        assert np.allclose(mine, params[theirs], rtol=1e-10, atol=1e-12)
    assert np.allclose(costs, history.loss, rtol=1e-10)
    grads = net.backprop(X[:5], Y[:5])
    A1, A2 = ch03._forward(X[:5], *net.get_params().values())
    for mine, theirs in zip(ch03._backward(X[:5], Y[:5], A1, A2, params["W2"]),
                            ["W1", "b1", "W2", "b2"]):
        assert np.allclose(mine, grads[theirs], rtol=1e-10, atol=1e-14)


# --- exercise 4: the reference answer behind the book's written Answer ----------------------

class LoyNetwork:
    """Section 3.1's TwoLayerNetwork, as the notebook writes it."""

    def __init__(self, X, y, n_hidden=4):
        self.X = X
        self.Y = y.reshape(-1, 1).astype(float)
        self.W1 = np.random.rand(X.shape[1], n_hidden)
        self.W2 = np.random.rand(n_hidden, 1)

    def feedforward(self):
        self.A1 = nnlib.sigmoid(self.X @ self.W1)
        self.output = nnlib.sigmoid(self.A1 @ self.W2)
        return self.output

    def loss(self):
        return float(np.sum((self.output - self.Y) ** 2))

    def backprop(self, learning_rate=1.0):
        delta2 = 2 * (self.output - self.Y) * self.output * (1 - self.output)
        delta1 = (delta2 @ self.W2.T) * self.A1 * (1 - self.A1)
        self.W2 -= learning_rate * self.A1.T @ delta2
        self.W1 -= learning_rate * self.X.T @ delta1


def _first_rise_one_by_one(seed, factors):
    """Exercise 4 as a learner solves it: one run after another, with the chapter's class."""
    X, y = nnlib.xor3()
    for factor in factors:
        np.random.seed(seed)
        network = LoyNetwork(X, y)
        losses = []
        for _ in range(1500):
            network.feedforward()
            losses.append(network.loss())
            network.backprop(learning_rate=factor)
        if not np.all(np.diff(losses) <= 0):
            return factor
    return None


def test_first_rising_factors_is_what_the_chapters_network_gives():
    X, y = nnlib.xor3()
    factors = [1.0, 1.7, 1.8, 1.9, 3.0]
    answers = ch03.first_rising_factors(X, y, [1, 4], factors)
    assert answers == {1: _first_rise_one_by_one(1, factors), 4: _first_rise_one_by_one(4, factors)}
    assert answers[1] == 1.9                               # the notebook's answer for seed 1
    assert ch03.first_rising_factors(X, y, [1], [1.0]) == {1: None}   # section 3.1: monotonic
    assert ch03.first_rising_factors(X, y, [1], [3.0]) == {1: 3.0}


def test_first_rising_factors_refuses_a_verdict_round_off_could_flip():
    X, y = nnlib.xor3()
    with pytest.raises(ValueError, match="too close to 0"):
        ch03.first_rising_factors(X, y, [1], [1.0], margin=1.0)


def test_a_part_not_started_ends_the_multi_step_check_with_its_reminder(capsys):
    def A1_only(X, W1, b1, W2, b2):
        raise NotImplementedError()
    check_forward_tanh_sigmoid(A1_only)
    out = capsys.readouterr().out
    assert out.count("⏳") == 1 and "✅" not in out
