"""The chapter 6 self-checks accept the reference solutions and catch real mistakes."""

import numpy as np
import pytest

import time

from nnlib import Network
from nncourse.checks import (ExerciseCheckFailed, ExerciseNotDone, check_most_confident_mistakes,
                          check_normalize_images, check_per_class_accuracy,
                          check_softmax_cross_entropy, check_stratified_split,
                          check_train_early_stopping, check_train_keep_best)
# answers that are the same as in the wrong-answer table come from it
from wrong_answers_ch06 import normalize_images, per_class_accuracy


# --- reference solutions (as in the notebook) --------------------------------------------

def softmax_cross_entropy(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    log_probs = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -log_probs[np.arange(len(labels)), labels].mean()


def most_confident_mistakes(probs, labels, k):
    predicted = probs.argmax(axis=1)
    wrong = np.flatnonzero(predicted != labels)
    confidence = probs[wrong, predicted[wrong]]
    return wrong[np.argsort(-confidence)][:k]


def not_implemented(*args):
    raise NotImplementedError()


# --- plausible mistakes -------------------------------------------------------------------

def normalize_by_256(raw):
    return raw.reshape(len(raw), -1) / 256


def normalize_integer_division(raw):
    return raw.reshape(len(raw), -1) // 255


def normalize_transposed(raw):
    return raw.transpose(0, 2, 1).reshape(len(raw), -1) / 255


def normalize_uint8_overflow(raw):
    return (raw * 2).reshape(len(raw), -1) / 510  # uint8 wraps around above 255


def normalize_flat(raw):
    return raw.ravel() / 255


def cross_entropy_naive(logits, labels):
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return -np.log(probs[np.arange(len(labels)), labels]).mean()


def cross_entropy_log_of_stable_softmax(logits, labels):
    z = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = z / z.sum(axis=1, keepdims=True)
    return -np.log(probs[np.arange(len(labels)), labels]).mean()


def cross_entropy_summed(logits, labels):
    return softmax_cross_entropy(logits, labels) * len(labels)


def cross_entropy_wrong_sign(logits, labels):
    return -softmax_cross_entropy(logits, labels)


def mistakes_including_right_answers(probs, labels, k):
    return np.argsort(-probs.max(axis=1))[:k]


def mistakes_ascending(probs, labels, k):
    predicted = probs.argmax(axis=1)
    wrong = np.flatnonzero(predicted != labels)
    return wrong[np.argsort(probs[wrong, predicted[wrong]])][:k]


def mistakes_by_true_class_probability(probs, labels, k):
    predicted = probs.argmax(axis=1)
    wrong = np.flatnonzero(predicted != labels)
    return wrong[np.argsort(probs[wrong, labels[wrong]])][:k]


def mistakes_positions_not_indices(probs, labels, k):
    predicted = probs.argmax(axis=1)
    wrong = np.flatnonzero(predicted != labels)
    return np.argsort(-probs[wrong, predicted[wrong]])[:k]


def per_class_precision(y_true, y_pred, n_classes):
    return np.array([np.mean(y_true[y_pred == k] == k) if (y_pred == k).any() else np.nan
                     for k in range(n_classes)])


def per_class_zero_for_missing(y_true, y_pred, n_classes):
    return np.array([np.mean(y_pred[y_true == k] == k) if (y_true == k).any() else 0.0
                     for k in range(n_classes)])


def per_class_overall(y_true, y_pred, n_classes):
    return np.full(n_classes, np.mean(y_true == y_pred))


# --- tests ---------------------------------------------------------------------------------

CHECKS = [
    (check_normalize_images, normalize_images,
     [normalize_by_256, normalize_integer_division, normalize_transposed,
      normalize_uint8_overflow, normalize_flat]),
    (check_softmax_cross_entropy, softmax_cross_entropy,
     [cross_entropy_naive, cross_entropy_log_of_stable_softmax, cross_entropy_summed,
      cross_entropy_wrong_sign]),
    (check_most_confident_mistakes, most_confident_mistakes,
     [mistakes_including_right_answers, mistakes_ascending, mistakes_by_true_class_probability,
      mistakes_positions_not_indices]),
    (check_per_class_accuracy, per_class_accuracy,
     [per_class_precision, per_class_zero_for_missing, per_class_overall]),
]


@pytest.mark.parametrize("check, reference", [(c, r) for c, r, _ in CHECKS],
                         ids=[r.__name__ for _, r, _ in CHECKS])
def test_reference_passes(check, reference, capsys):
    assert check(reference) is None  # a check prints its verdict and returns nothing
    assert "✅" in capsys.readouterr().out


@pytest.mark.parametrize("check, wrong", [(c, w) for c, _, ws in CHECKS for w in ws],
                         ids=[w.__name__ for _, _, ws in CHECKS for w in ws])
def test_mistake_is_caught(check, wrong, capsys):
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check(wrong)
    assert "Hint" in str(excinfo.value)


@pytest.mark.parametrize("check", [c for c, _, _ in CHECKS], ids=[r.__name__ for _, r, _ in CHECKS])
def test_not_implemented(check, capsys):
    assert check(not_implemented) is None
    assert "not implemented yet" in capsys.readouterr().out


def test_float64_reference_also_passes(capsys):
    check_normalize_images(lambda raw: raw.reshape(len(raw), -1) / 255.0)


def test_reference_works_on_float32_logits(capsys):
    logits = np.array([[1000.0, 0.0]], dtype=np.float32)
    assert np.isclose(softmax_cross_entropy(logits, np.array([0])), 0.0)


# --- exercise 5 (multi-step): other right answers pass, the parts are checked on their own ---

import wrong_answers_ch06 as answers  # noqa: E402  (the right answers of the notebook)


def split_with_choice(y, fraction, seed):
    """Another right split: rng.choice without replacement, unsorted indices."""
    rng = np.random.default_rng(seed)
    val = np.concatenate([rng.choice(np.flatnonzero(y == label),
                                     round(fraction * np.sum(y == label)), replace=False)
                          for label in np.unique(y)])
    train = np.flatnonzero(~np.isin(np.arange(len(y)), val))
    return rng.permutation(train), val


def keep_best_with_get_params(network, X, y, X_val, y_val, epochs, learning_rate,
                              batch_size=10, seed=0):
    """Another right loop: keeps get_params() and rebuilds the network at the end."""
    accuracies, kept = [], None
    for epoch in range(1, epochs + 1):
        network.fit(X, y, epochs=1, batch_size=batch_size, learning_rate=learning_rate,
                    seed=seed + epoch)
        accuracies.append(network.score(X_val, y_val))
        if accuracies[-1] == max(accuracies) and accuracies.index(max(accuracies)) == epoch - 1:
            kept = network.get_params()
    best = network.copy()
    best.set_params(**kept)
    return best, np.array(accuracies)


def early_stopping_with_counter(network, X, y, X_val, y_val, max_epochs, patience,
                                learning_rate, batch_size=10, seed=0):
    """Another right early stopping: a counter of epochs without improvement."""
    best, best_epoch, best_accuracy, waited, accuracies = None, 0, -np.inf, 0, []
    epoch = 0
    while epoch < max_epochs and waited < patience:
        epoch += 1
        network.fit(X, y, epochs=1, batch_size=batch_size, learning_rate=learning_rate,
                    seed=seed + epoch)
        accuracies.append(network.score(X_val, y_val))
        if accuracies[-1] > best_accuracy:
            best, best_epoch, best_accuracy, waited = network.copy(), epoch, accuracies[-1], 0
        else:
            waited += 1
    return best, np.int64(best_epoch), accuracies


@pytest.mark.parametrize("check, right", [
    (check_stratified_split, answers.stratified_split),
    (check_stratified_split, split_with_choice),
    (check_train_keep_best, answers.train_keep_best),
    (check_train_keep_best, keep_best_with_get_params),
    (check_train_early_stopping, answers.train_early_stopping),
    (check_train_early_stopping, early_stopping_with_counter),
], ids=lambda value: getattr(value, "__name__", ""))
def test_right_answers_of_the_multi_step_exercise_pass_quickly(check, right, capsys):
    start = time.perf_counter()
    check(right)
    check(right, hidden=True)
    assert time.perf_counter() - start < 10  # well under a second on a quiet machine
    out = capsys.readouterr().out
    assert out.count("✅") == 2 and "❌" not in out


@pytest.mark.parametrize("check", [check_stratified_split, check_train_keep_best,
                                   check_train_early_stopping])
def test_unfinished_parts_wait_for_the_learner_and_score_zero(check, capsys):
    assert check(not_implemented) is None
    assert "not implemented yet" in capsys.readouterr().out
    with pytest.raises(ExerciseNotDone):
        check(not_implemented, hidden=True)


def test_early_stopping_is_checked_without_part_b():
    """(c) passes with (b) unfinished: its check needs nothing from (b)."""
    with pytest.raises(ExerciseNotDone):
        check_train_keep_best(not_implemented, hidden=True)
    check_train_early_stopping(answers.train_early_stopping, hidden=True)


def test_the_loops_run_on_real_nnlib_networks_and_leave_the_network_trained():
    X, y = np.random.default_rng(0).normal(size=(60, 2)), np.arange(60) % 2
    net = Network([2, 4, 2], ["tanh", "softmax"], loss="cross_entropy", seed=0)
    before = net.get_params()
    best, accuracies = answers.train_keep_best(net, X, y, X, y, 4, 0.5)
    assert len(accuracies) == 4 and best is not net
    assert best.score(X, y) == max(accuracies)
    assert any(not np.array_equal(before[k], net.params[k]) for k in before)
