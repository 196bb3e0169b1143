"""The chapter 2 self-checks accept the reference solutions and catch real mistakes."""

import numpy as np
import pytest

from nncourse.checks import (ExerciseCheckFailed, check_margin, check_multiclass_epoch,
                          check_multiclass_predict, check_multiclass_train, check_predict_neuron,
                          check_sse_loss, check_tanh_prime_from_output)
# answers that are the same as in the wrong-answer table come from it
from wrong_answers_ch02 import multiclass_predict, predict_overflows, sse_loss


# --- reference solutions (as in the notebook) --------------------------------------------

def margin(X, y, w, b):
    return np.min((2 * y - 1) * (X @ w + b)) / np.linalg.norm(w)


def predict_neuron(X, w, b):
    return 1 / (1 + np.exp(-(X @ w + b)))


def tanh_prime_from_output(a):
    return 1 - a ** 2


def multiclass_epoch(X, y, W, b, lr):
    W, b, mistakes = W.copy(), b.copy(), 0
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
    W, b, per_epoch = np.zeros((X.shape[1], n_classes)), np.zeros(n_classes), []
    while len(per_epoch) < max_epochs:
        W, b, mistakes = epoch(X, y, W, b, lr)
        per_epoch.append(mistakes)
        if mistakes == 0:
            break
    return W, b, per_epoch


def not_implemented(*args):
    raise NotImplementedError()


# --- plausible mistakes -------------------------------------------------------------------

def margin_unsigned(X, y, w, b):              # |w·x + b|: a wrong-side sample looks fine
    return np.min(np.abs(X @ w + b)) / np.linalg.norm(w)


def margin_no_norm(X, y, w, b):
    return np.min((2 * y - 1) * (X @ w + b))


def margin_all_distances(X, y, w, b):
    return (2 * y - 1) * (X @ w + b) / np.linalg.norm(w)


def predict_wrong_orientation(X, w, b):          # forgot that samples are rows
    return 1 / (1 + np.exp(-(w.T @ X.T + b)))


def predict_no_sigmoid(X, w, b):
    return X @ w + b


def sse_mean(output, y):
    return 0.5 * np.mean((output - np.reshape(y, np.shape(output))) ** 2)


def sse_no_half(output, y):
    return np.sum((output - np.reshape(y, np.shape(output))) ** 2)


def sse_broadcasts(output, y):                   # (4, 1) − (4,) → a (4, 4) table
    return 0.5 * np.sum((output - y) ** 2)


def prime_applies_tanh_again(a):
    return 1 - np.tanh(a) ** 2


def prime_of_the_sigmoid(a):
    return a * (1 - a)


def prime_sums(a):
    return np.sum(1 - a ** 2)


def predict_wrong_axis(X, W, b):
    return np.argmax(X @ W + b, axis=0)


def predict_returns_floats(X, W, b):
    return np.argmax(X @ W + b, axis=1).astype(float)


def epoch_predicts_all_first(X, y, W, b, lr):    # not sequential: all guesses from the start
    W, b, mistakes = W.copy(), b.copy(), 0
    for x, label, guess in zip(X, y, np.argmax(X @ W + b, axis=1)):
        if guess != label:
            W[:, label] += lr * x
            W[:, guess] -= lr * x
            b[label] += lr
            b[guess] -= lr
            mistakes += 1
    return W, b, mistakes


def epoch_forgets_guess(X, y, W, b, lr):
    W, b, mistakes = W.copy(), b.copy(), 0
    for x, label in zip(X, y):
        if np.argmax(x @ W + b) != label:
            W[:, label] += lr * x
            b[label] += lr
            mistakes += 1
    return W, b, mistakes


def train_without_the_clean_epoch(X, y, n_classes, lr=1.0, max_epochs=50, epoch=None):
    W, b, per_epoch = multiclass_train(X, y, n_classes, lr, max_epochs, epoch)
    return W, b, per_epoch[:-1] if per_epoch[-1] == 0 else per_epoch


def train_never_stops_early(X, y, n_classes, lr=1.0, max_epochs=50, epoch=None):
    W, b, per_epoch = np.zeros((X.shape[1], n_classes)), np.zeros(n_classes), []
    for _ in range(max_epochs):
        W, b, mistakes = epoch(X, y, W, b, lr)
        per_epoch.append(mistakes)
    return W, b, per_epoch


CHECKS = [
    (check_margin, margin, [margin_unsigned, margin_no_norm, margin_all_distances]),
    (check_predict_neuron, predict_neuron,
     [predict_wrong_orientation, predict_no_sigmoid, predict_overflows]),
    (check_sse_loss, sse_loss, [sse_mean, sse_no_half, sse_broadcasts]),
    (check_tanh_prime_from_output, tanh_prime_from_output,
     [prime_applies_tanh_again, prime_of_the_sigmoid, prime_sums]),
    (check_multiclass_predict, multiclass_predict, [predict_wrong_axis, predict_returns_floats]),
    (check_multiclass_epoch, multiclass_epoch, [epoch_predicts_all_first, epoch_forgets_guess]),
    (check_multiclass_train, multiclass_train,
     [train_without_the_clean_epoch, train_never_stops_early]),
]


@pytest.mark.parametrize("check, reference", [(c, r) for c, r, _ in CHECKS],
                         ids=[c.__name__ for c, _, _ in CHECKS])
def test_reference_passes(check, reference, capsys):
    assert check(reference) is True
    assert "all" in capsys.readouterr().out


@pytest.mark.parametrize("check, wrong", [(c, w) for c, _, ws in CHECKS for w in ws],
                         ids=[w.__name__ for _, _, ws in CHECKS for w in ws])
def test_mistake_is_caught_with_a_hint(check, wrong, capsys):
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check(wrong)
    out = str(excinfo.value)
    assert "❌" in out and "Hint:" in out


@pytest.mark.parametrize("check", [c for c, _, _ in CHECKS], ids=[c.__name__ for c, _, _ in CHECKS])
def test_not_implemented_is_a_reminder(check, capsys):
    assert check(not_implemented) is False
    assert "not implemented yet" in capsys.readouterr().out


def test_overflow_hint_mentions_nan(capsys):
    with pytest.raises(ExerciseCheckFailed, match="NaN"):
        check_predict_neuron(predict_overflows)


def test_broadcasting_hint_mentions_reshape(capsys):
    with pytest.raises(ExerciseCheckFailed, match="reshape"):
        check_sse_loss(sse_broadcasts)


def test_tanh_again_hint(capsys):
    with pytest.raises(ExerciseCheckFailed, match="already a = tanh"):
        check_tanh_prime_from_output(prime_applies_tanh_again)


def test_unsigned_margin_hint_asks_for_the_sign(capsys):
    with pytest.raises(ExerciseCheckFailed, match="keep the sign"):
        check_margin(margin_unsigned)


def test_an_epoch_that_predicts_all_samples_first_is_told_to_go_one_by_one(capsys):
    with pytest.raises(ExerciseCheckFailed, match="as they are when you reach it"):
        check_multiclass_epoch(epoch_predicts_all_first)


def test_training_is_graded_on_its_own_with_a_correct_epoch(capsys):
    """Part (c) passes with a wrong part (b) as its default: the check passes in its own."""
    def train(X, y, n_classes, lr=1.0, max_epochs=50, epoch=epoch_forgets_guess):
        return multiclass_train(X, y, n_classes, lr, max_epochs, epoch)
    check_multiclass_train(train)
    check_multiclass_train(train, hidden=True)


def test_training_without_the_clean_epoch_is_told_so(capsys):
    with pytest.raises(ExerciseCheckFailed, match="include the last epoch"):
        check_multiclass_train(train_without_the_clean_epoch)
