"""The chapter 2 self-checks accept the reference solutions and catch real mistakes."""

import numpy as np
import pytest

from nncourse.checks import (ExerciseCheckFailed, check_margin, check_multiclass_epoch,
                             check_multiclass_predict, check_multiclass_train,
                             check_neuron_gradients, check_sse_loss,
                             check_tanh_prime_from_output)
# answers that are the same as in the wrong-answer table come from it
from wrong_answers_ch02 import (gradients_variant, multiclass_epoch, multiclass_predict,
                                neuron_gradients, sse_loss)


# --- reference solutions (as in the notebook) --------------------------------------------

def margin(X, y, w, b):
    return np.min((2 * y - 1) * (X @ w + b)) / np.linalg.norm(w)


def tanh_prime_from_output(a):
    return 1 - a ** 2


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


def gradients_transposed(X, Y, W, b):           # δᵀ X instead of Xᵀ δ
    grad_W, grad_b = neuron_gradients(X, Y, W, b)
    return grad_W.T, grad_b


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
    (check_neuron_gradients, neuron_gradients,
     [gradients_transposed, gradients_variant(sign=-1.0), gradients_variant(bias=False)]),
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
    assert check(reference) is None                # the verdict is printed, nothing returned
    assert "✅" in capsys.readouterr().out


@pytest.mark.parametrize("check, wrong", [(c, w) for c, _, ws in CHECKS for w in ws],
                         ids=[w.__name__ for _, _, ws in CHECKS for w in ws])
def test_mistake_is_caught_with_a_hint(check, wrong, capsys):
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check(wrong)
    out = str(excinfo.value)
    assert "❌" in out and "Hint:" in out


@pytest.mark.parametrize("check", [c for c, _, _ in CHECKS], ids=[c.__name__ for c, _, _ in CHECKS])
def test_not_implemented_is_a_reminder(check, capsys):
    assert check(not_implemented) is None
    assert "not implemented yet" in capsys.readouterr().out


def test_a_gradient_with_the_wrong_sign_is_told_it_points_uphill(capsys):
    with pytest.raises(ExerciseCheckFailed, match="uphill"):
        check_neuron_gradients(gradients_variant(sign=-1.0))


def test_a_bias_gradient_per_sample_is_told_to_add_up(capsys):
    def per_sample(X, Y, W, b):
        A = 1 / (1 + np.exp(-(X @ W + b)))
        return neuron_gradients(X, Y, W, b)[0], (A - Y) * A * (1 - A)
    with pytest.raises(ExerciseCheckFailed, match="add up over the samples"):
        check_neuron_gradients(per_sample)


def test_the_gradient_check_agrees_with_nudging():
    """The reference answer is the gradient by definition: central differences agree."""
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(5, 3)), rng.uniform(size=(5, 2))
    W, b = rng.normal(size=(3, 2)), rng.normal(size=2)

    def cost(W_, b_):
        return 0.5 * np.sum((1 / (1 + np.exp(-(X @ W_ + b_))) - Y) ** 2)
    h, grad_W, grad_b = 1e-6, *neuron_gradients(X, Y, W, b)
    for index in np.ndindex(W.shape):
        nudge = np.zeros_like(W)
        nudge[index] = h
        assert (cost(W + nudge, b) - cost(W - nudge, b)) / (2 * h) == pytest.approx(
            grad_W[index], abs=1e-8)
    for k in range(2):
        nudge = np.eye(2)[k] * h
        assert (cost(W, b + nudge) - cost(W, b - nudge)) / (2 * h) == pytest.approx(
            grad_b[k], abs=1e-8)


def test_broadcasting_hint_mentions_reshape(capsys):
    with pytest.raises(ExerciseCheckFailed, match="Reshape y to the shape of output"):
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
