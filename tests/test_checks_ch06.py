"""The chapter 6 self-checks accept the reference solutions and catch real mistakes."""

import numpy as np
import pytest

from nnlib.checks import (ExerciseCheckFailed, check_most_confident_mistakes,
                          check_normalize_images, check_per_class_accuracy,
                          check_softmax_cross_entropy)


# --- reference solutions (as in the notebook) --------------------------------------------

def normalize_images(raw):
    return raw.reshape(len(raw), -1).astype(np.float32) / 255


def softmax_cross_entropy(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    log_probs = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -log_probs[np.arange(len(labels)), labels].mean()


def most_confident_mistakes(probs, labels, k):
    predicted = probs.argmax(axis=1)
    wrong = np.flatnonzero(predicted != labels)
    confidence = probs[wrong, predicted[wrong]]
    return wrong[np.argsort(-confidence)][:k]


def per_class_accuracy(y_true, y_pred, n_classes):
    result = np.full(n_classes, np.nan)
    for k in range(n_classes):
        mask = y_true == k
        if mask.any():
            result[k] = np.mean(y_pred[mask] == k)
    return result


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
    assert check(reference) is True
    assert "all" in capsys.readouterr().out


@pytest.mark.parametrize("check, wrong", [(c, w) for c, _, ws in CHECKS for w in ws],
                         ids=[w.__name__ for _, _, ws in CHECKS for w in ws])
def test_mistake_is_caught(check, wrong, capsys):
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check(wrong)
    assert "Hint" in str(excinfo.value)


@pytest.mark.parametrize("check", [c for c, _, _ in CHECKS], ids=[r.__name__ for _, r, _ in CHECKS])
def test_not_implemented(check, capsys):
    assert check(not_implemented) is False
    assert "not implemented yet" in capsys.readouterr().out


def test_float64_reference_also_passes(capsys):
    assert check_normalize_images(lambda raw: raw.reshape(len(raw), -1) / 255.0) is True


def test_reference_works_on_float32_logits(capsys):
    logits = np.array([[1000.0, 0.0]], dtype=np.float32)
    assert np.isclose(softmax_cross_entropy(logits, np.array([0])), 0.0)
