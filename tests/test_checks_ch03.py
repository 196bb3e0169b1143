"""The chapter 3 self-checks accept the reference solutions and catch real mistakes."""

import numpy as np
import pytest

from nnlib.checks import (ExerciseCheckFailed, check_accuracy, check_forward_two_layer,
                          check_hidden_delta, check_one_hot)


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


# --- reference solutions (as in the notebook) --------------------------------------------

def forward_two_layer(X, W1, W2):
    a1 = _sigmoid(X @ W1)
    return a1, _sigmoid(a1 @ W2)


def forward_two_layer_naive_exp(X, W1, W2):      # overflows in exp, but still right
    a1 = 1 / (1 + np.exp(-(X @ W1)))
    return a1, 1 / (1 + np.exp(-(a1 @ W2)))


def hidden_delta(delta2, W2, a1):
    return (delta2 @ W2.T) * a1 * (1 - a1)


def one_hot(labels, k):
    out = np.zeros((len(labels), k))
    out[np.arange(len(labels)), labels] = 1
    return out


def accuracy(outputs, labels):
    if outputs.shape[1] == 1:
        predicted = (outputs[:, 0] > 0.5).astype(int)
    else:
        predicted = outputs.argmax(axis=1)
    return np.mean(predicted == labels)


def not_implemented(*args):
    raise NotImplementedError()


# --- plausible mistakes -------------------------------------------------------------------

def forward_no_output_sigmoid(X, W1, W2):
    a1 = _sigmoid(X @ W1)
    return a1, a1 @ W2


def forward_no_hidden_sigmoid(X, W1, W2):
    a1 = X @ W1
    return a1, _sigmoid(a1 @ W2)


def forward_swapped_pair(X, W1, W2):
    a1, out = forward_two_layer(X, W1, W2)
    return out, a1


def forward_output_only(X, W1, W2):
    return forward_two_layer(X, W1, W2)[1]


def forward_skips_hidden(X, W1, W2):             # feeds X to the output layer as well
    a1 = _sigmoid(X @ W1)
    return a1, _sigmoid(X @ W1 @ W2)


def delta_without_transpose(delta2, W2, a1):
    return (delta2 @ W2) * a1 * (1 - a1)


def delta_sigmoid_applied_twice(delta2, W2, a1):
    s = _sigmoid(a1)
    return (delta2 @ W2.T) * s * (1 - s)


def delta_without_derivative(delta2, W2, a1):
    return delta2 @ W2.T


def delta_wrong_sign(delta2, W2, a1):
    return -(delta2 @ W2.T) * a1 * (1 - a1)


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
    (check_forward_two_layer, forward_two_layer,
     [forward_no_output_sigmoid, forward_no_hidden_sigmoid, forward_swapped_pair,
      forward_output_only, forward_skips_hidden]),
    (check_hidden_delta, hidden_delta,
     [delta_without_transpose, delta_sigmoid_applied_twice, delta_without_derivative,
      delta_wrong_sign]),
    (check_one_hot, one_hot, [one_hot_max_label, one_hot_transposed, one_hot_ordered]),
    (check_accuracy, accuracy, [accuracy_argmax_only, accuracy_wrong_axis, accuracy_count]),
]


@pytest.mark.parametrize("check, reference", [(c, r) for c, r, _ in CHECKS],
                         ids=[c.__name__ for c, _, _ in CHECKS])
def test_reference_passes(check, reference, capsys):
    assert check(reference) is True
    assert "✅" in capsys.readouterr().out


def test_naive_but_correct_sigmoid_passes():
    with np.errstate(over="ignore"):
        assert check_forward_two_layer(forward_two_layer_naive_exp) is True


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
    assert check(not_implemented) is False
    assert "not implemented yet" in capsys.readouterr().out


def test_hints_name_the_mistake(capsys):
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check_hidden_delta(delta_without_transpose)
    assert "W2.T" in str(excinfo.value)
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check_accuracy(accuracy_argmax_only)
    assert "> 0.5" in str(excinfo.value)
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check_one_hot(one_hot_max_label)
    assert "not labels.max() + 1" in str(excinfo.value)
