"""The chapter 2 self-checks accept the reference solutions and catch real mistakes."""

import numpy as np
import pytest

from nnlib.checks import (ExerciseCheckFailed, check_perceptron_update, check_predict_neuron,
                          check_sigmoid_prime_from_output, check_sse_loss)


# --- reference solutions (as in the notebook) --------------------------------------------

def perceptron_update(w, b, x, y, lr):
    y_hat = 1 if np.dot(w, x) + b >= 0 else 0
    return w + lr * (y - y_hat) * x, b + lr * (y - y_hat)


def predict_neuron(X, w):
    return 1 / (1 + np.exp(-(X @ w)))


def sse_loss(output, y):
    y = np.reshape(y, np.shape(output))
    return 0.5 * np.sum((output - y) ** 2)


def sigmoid_prime_from_output(a):
    return a * (1 - a)


def not_implemented(*args):
    raise NotImplementedError()


# --- plausible mistakes -------------------------------------------------------------------

def update_always(w, b, x, y, lr):               # corrects even when right (ŷ forgotten)
    sign = 1 if y == 1 else -1
    return w + lr * sign * x, b + lr * sign


def update_wrong_sign(w, b, x, y, lr):
    y_hat = 1 if np.dot(w, x) + b >= 0 else 0
    return w - lr * (y - y_hat) * x, b - lr * (y - y_hat)


def update_forgets_bias(w, b, x, y, lr):
    y_hat = 1 if np.dot(w, x) + b >= 0 else 0
    return w + lr * (y - y_hat) * x, b


def update_strict_threshold(w, b, x, y, lr):     # ŷ = 1 only when w·x + b > 0
    y_hat = 1 if np.dot(w, x) + b > 0 else 0
    return w + lr * (y - y_hat) * x, b + lr * (y - y_hat)


def update_ignores_lr(w, b, x, y, lr):
    y_hat = 1 if np.dot(w, x) + b >= 0 else 0
    return w + (y - y_hat) * x, b + (y - y_hat)


def update_returns_w_only(w, b, x, y, lr):
    y_hat = 1 if np.dot(w, x) + b >= 0 else 0
    return w + lr * (y - y_hat) * x


def predict_wrong_orientation(X, w):             # forgot that samples are rows
    return 1 / (1 + np.exp(-(w.T @ X.T)))


def predict_no_sigmoid(X, w):
    return X @ w


def predict_overflows(X, w):                     # exp(z) / (1 + exp(z)) is inf/inf at z = 1000
    e = np.exp(X @ w)
    return e / (1 + e)


def sse_mean(output, y):
    return 0.5 * np.mean((output - np.reshape(y, np.shape(output))) ** 2)


def sse_no_half(output, y):
    return np.sum((output - np.reshape(y, np.shape(output))) ** 2)


def sse_broadcasts(output, y):                   # (4, 1) − (4,) → a (4, 4) table
    return 0.5 * np.sum((output - y) ** 2)


def prime_applies_sigmoid_again(a):
    s = 1 / (1 + np.exp(-a))
    return s * (1 - s)


def prime_sums(a):
    return np.sum(a * (1 - a))


CHECKS = [
    (check_perceptron_update, perceptron_update,
     [update_always, update_wrong_sign, update_forgets_bias, update_strict_threshold,
      update_ignores_lr, update_returns_w_only]),
    (check_predict_neuron, predict_neuron,
     [predict_wrong_orientation, predict_no_sigmoid, predict_overflows]),
    (check_sse_loss, sse_loss, [sse_mean, sse_no_half, sse_broadcasts]),
    (check_sigmoid_prime_from_output, sigmoid_prime_from_output,
     [prime_applies_sigmoid_again, prime_sums]),
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


def test_sigmoid_again_hint(capsys):
    with pytest.raises(ExerciseCheckFailed, match="already a = σ"):
        check_sigmoid_prime_from_output(prime_applies_sigmoid_again)


def test_nnlib_perceptron_step_is_not_an_answer():
    import nnlib
    from nnlib.perceptron import perceptron_step
    with pytest.raises(ExerciseCheckFailed, match="nnlib.perceptron_step itself"):
        check_perceptron_update(perceptron_step)
    with pytest.raises(ExerciseCheckFailed, match="called nnlib.perceptron.perceptron_step"):
        check_perceptron_update(lambda w, b, x, y, lr: nnlib.perceptron.perceptron_step(
            w, b, x, y, lr))
    assert nnlib.perceptron.perceptron_step is perceptron_step  # restored after the check
