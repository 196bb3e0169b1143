"""The chapter 1 self-checks accept the reference solutions and catch typical mistakes."""

import itertools
import re

import numpy as np
import pytest

import nnlib

from nncourse.checks import (ExerciseCheckFailed, check_nand_unit, check_neuron, check_parity_params,
                          check_relu_prime, check_sigmoid, check_threshold_layer,
                          check_xor_params)
from nncourse.checks import ch01
# answers that are the same as in the wrong-answer table come from it
from wrong_answers_ch01 import neuron, threshold_layer
from wrong_answers_common import sigmoid


def not_done(*args):
    raise NotImplementedError()


# --- reference solutions (as in the notebook) ------------------------------------------------

def relu_prime(z):
    return (z > 0).astype(float)


def mp_unit(X, w, theta):
    return (X @ w >= theta).astype(int)


def nand_unit(X):
    return mp_unit(X, np.array([-2, -2]), -3)


def quiet_naive_sigmoid(z):
    """nnlib's own route: the textbook formula, whose overflow at z < −709 gives the right 0."""
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-z))


@pytest.mark.parametrize("check, solution, name", [
    (check_sigmoid, sigmoid, "sigmoid"),
    (check_sigmoid, quiet_naive_sigmoid, "sigmoid"),
    (check_relu_prime, relu_prime, "relu_prime"),
    (check_relu_prime, lambda z: np.heaviside(z, 0.0), "relu_prime"),
    (check_neuron, neuron, "neuron"),
    (check_nand_unit, nand_unit, "nand_unit"),
    (check_nand_unit, lambda X: 1 - X[:, 0].astype(int) * X[:, 1].astype(int), "nand_unit"),
])
def test_reference_solutions_pass(check, solution, name, capsys):
    assert check(solution) is None          # a check cell shows its verdict, no Out: True
    out = capsys.readouterr().out
    assert f"✅ {name}: all" in out
    assert ("largest difference" in out or "matches" in out or "reproduces" in out
            or "equals" in out)


def test_the_closing_line_states_the_difference_with_its_tolerance(capsys):
    check_sigmoid(sigmoid)
    out = capsys.readouterr().out
    assert re.search(r"Your sigmoid and nnlib\.sigmoid at 2001 points from −50 to 50: largest "
                     r"difference \d\.\de[-+]\d\d \(below 1e-12: rounding\)", out), out
    check_neuron(neuron)
    assert re.search(r"on 100 samples: largest difference \d\.\de[-+]\d\d \(below 1e-12",
                     capsys.readouterr().out)


@pytest.mark.parametrize("check, solution", [
    (check_sigmoid, sigmoid), (check_relu_prime, relu_prime), (check_neuron, neuron),
    (check_nand_unit, nand_unit), (check_threshold_layer, threshold_layer)])
def test_the_closing_line_follows_the_visible_run_only(check, solution, capsys):
    check(solution, hidden=True)
    out = capsys.readouterr().out
    assert out.startswith("✅") and "(hidden tests)" in out and len(out.splitlines()) == 1, out


@pytest.mark.parametrize("check", [check_sigmoid, check_relu_prime, check_neuron,
                                   check_nand_unit])
def test_not_implemented_is_a_reminder(check, capsys):
    assert check(not_done) is None
    out = capsys.readouterr().out
    assert "not implemented yet" in out and len(out.splitlines()) == 1, out


@pytest.mark.parametrize("check", [check_sigmoid, check_relu_prime, check_neuron,
                                   check_nand_unit, check_xor_params])
def test_passing_a_result_instead_of_the_function(check):
    with pytest.raises(TypeError, match="your function itself"):
        check(0.5)


# --- wrong answers are caught, with a hint ---------------------------------------------------

@pytest.mark.parametrize("wrong, message", [
    (lambda z: 1 / (1 + np.exp(-z)), "overflow"),            # naive: warns at z = -1000
    (lambda z: np.exp(z) / (1 + np.exp(z)), "overflow"),     # naive the other way: nan at +1000
    (lambda z: np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z))),
     "computes both a and b"),                                # np.where still overflows
    (lambda z: 1 / (1 + np.exp(z)), "the exponent is −z"),
    (lambda z: 0.5 * (1 + np.tanh(0.5 * z)), "cancels"),     # σ(−40) comes out as 0
    (lambda z: np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), 1 - 1 / (1 + np.exp(-np.abs(z)))),
     "cancels"),                                              # 1 − σ(−z): the symmetry, as is
    (lambda z: np.clip(1 / (1 + np.exp(-np.clip(z, -500, 500))), 0, 1).ravel(), "shape"),
])
def test_sigmoid_mistakes(wrong, message, capsys):
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check_sigmoid(wrong)
    assert message in str(excinfo.value)


def test_naive_sigmoid_is_caught_although_its_values_are_right(capsys):
    naive = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    with np.errstate(all="ignore"):
        assert naive(np.array([-1000.0]))[0] == 0.0  # the value is fine, the overflow is not
    with pytest.raises(ExerciseCheckFailed, match="FloatingPointError: overflow"):
        check_sigmoid(naive)


@pytest.mark.parametrize("wrong, message", [
    (lambda z: np.maximum(z, 0), "ReLU itself"),     # ReLU itself
    (lambda z: (z >= 0).astype(float), "z = 0 exactly"),      # slope 1 at 0
    (lambda z: np.maximum(z, 0) / z, "z = 0 exactly"),        # 0/0 = nan at 0
    (lambda z: np.sign(z), "negative and positive"),          # −1 on the left
    (lambda z: (z.ravel() > 0).astype(float), "shape"),
])
def test_relu_prime_mistakes(wrong, message, capsys):
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check_relu_prime(wrong)
    assert message in str(excinfo.value)


@pytest.mark.parametrize("wrong, message", [
    (lambda X, w, b: sigmoid(X.T @ w + b), "transposing X"),         # transpose, shape-compatible
    (lambda X, w, b: sigmoid(X @ w), "bias"),                         # forgot the bias
    (lambda X, w, b: X @ w + b, "σ(z)"),                              # forgot the activation
    (lambda X, w, b: sigmoid(X @ w - b), "bias"),                     # wrong sign of the bias
    (lambda X, w, b: sigmoid(X @ w.reshape(-1, 1) + b), "shape"),     # (n, 1) instead of (n,)
])
def test_neuron_mistakes(wrong, message, capsys):
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check_neuron(wrong)
    assert message in str(excinfo.value)


@pytest.mark.parametrize("wrong", [
    lambda X: mp_unit(X, np.array([1, 1]), 2),                  # AND
    lambda X: mp_unit(X, np.array([1, 1]), 1),                  # OR
    lambda X: mp_unit(X, np.array([-1, -1]), 0),                # NOR
    lambda X: np.array([1, 1, 1, 0]),                           # memorised table
    lambda X: ch01._sigmoid(X @ np.array([-2.0, -2.0]) + 3),    # a sigmoid, not a threshold
    lambda X: mp_unit(X, np.array([-2, -2]), -3).reshape(-1, 1),  # (n, 1)
])
def test_nand_unit_mistakes(wrong):
    with pytest.raises(ExerciseCheckFailed):
        check_nand_unit(wrong)


def test_checks_are_exported():
    assert set(ch01.__all__) == {"check_sigmoid", "check_relu_prime", "check_neuron",
                                 "check_nand_unit", "check_threshold_layer", "check_xor_params",
                                 "check_parity_params"}


# --- exercise 5 (multi-step): a layer of threshold units, XOR, parity ------------------------

def xor_params():
    return (np.array([[1, -2], [1, -2]]), np.array([-1, 3]), np.array([[1], [1]]),
            np.array([-2]))


def parity_params(k):
    return (np.ones((k, k)), -np.arange(1, k + 1), ((-1) ** np.arange(k)).reshape(k, 1),
            np.array([-0.5]))


def all_rows(k):
    return np.array(list(itertools.product([0, 1], repeat=k)), dtype=float)


@pytest.mark.parametrize("check, solution, name", [
    (check_threshold_layer, threshold_layer, "threshold_layer"),
    (check_threshold_layer, lambda A, W, b: nnlib.step(A @ W + b), "threshold_layer"),  # floats
    (check_threshold_layer, lambda A, W, b: mp_unit(A, W, -b), "threshold_layer"),
    (check_xor_params, xor_params, "xor_params"),
    # OR and NOT-AND as thresholds 1 and -1.5 (floats), output AND: another valid circuit
    (check_xor_params, lambda: (np.array([[1.0, -1.0], [1.0, -1.0]]), np.array([-1.0, 1.5]),
                                np.array([[0.5], [0.5]]), np.array([-1.0])), "xor_params"),
    # three hidden units: more than needed is allowed for XOR
    (check_xor_params, lambda: (np.array([[1, -2, 0], [1, -2, 0]]), np.array([-1, 3, -1]),
                                np.array([[1], [1], [5]]), np.array([-2])), "xor_params"),
    (check_parity_params, parity_params, "parity_params"),
    # "exactly j on" cannot be one unit, but "at least j" with weights 2 and bias -(2j - 1) works
    (check_parity_params, lambda k: (2 * np.ones((k, k)), -(2 * np.arange(1, k + 1) - 1.0),
                                     ((-1.0) ** np.arange(k))[:, None], np.array([-1.0])),
     "parity_params"),
])
def test_multi_step_solutions_pass_visible_and_hidden(check, solution, name, capsys):
    check(solution)
    check(solution, hidden=True)
    out = capsys.readouterr().out
    assert f"✅ {name}:" in out and f"✅ {name} (hidden tests):" in out and "differs" not in out


def test_the_reference_parity_circuit_is_parity_for_every_k_up_to_10():
    for k in range(1, 11):
        X = all_rows(k)
        W1, b1, W2, b2 = parity_params(k)
        out = threshold_layer(threshold_layer(X, W1, b1), W2, b2)[:, 0]
        assert np.array_equal(out, X.sum(axis=1) % 2), k
        assert np.array_equal(ch01._all_inputs(k), X), k  # the check's rows: all 2^k, in order


def test_xor_check_reports_the_hidden_representation(capsys):
    check_xor_params(xor_params)
    assert "to (0, 1), (1, 1), (1, 1), (1, 0)" in capsys.readouterr().out


@pytest.mark.parametrize("wrong, message", [
    (lambda A, W, b: (A @ W + b > 0).astype(int), "instead of ≥ 0"),
    (lambda A, W, b: (A @ W - b >= 0).astype(int), "minus the threshold"),
    (lambda A, W, b: mp_unit(A, W, b), "minus the threshold"),      # b used as θ
    (lambda A, W, b: (A @ W.T + b >= 0).astype(int), "A @ W.T"),
    (lambda A, W, b: threshold_layer(A, W, b).squeeze(), "shape (4, 1)"),
    (lambda A, W, b: ch01._sigmoid(A @ W + b), "not σ(z)"),
])
def test_threshold_layer_mistakes(wrong, message):
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check_threshold_layer(wrong)
    assert message in str(excinfo.value)


@pytest.mark.parametrize("wrong, message", [
    (lambda: (np.array([[1, 1], [1, 1]]), np.array([-1, -2]), np.array([[1], [0]]),
              np.array([-1])), "computes OR"),
    (lambda: (np.array([[1, -2], [1, -2]]), np.array([-1, 3]), np.array([[1], [1]]), -2),
     "b2 has shape ()"),
    (lambda: (np.array([[1, -2], [1, -2]]), np.array([-1, 3]), np.array([[1, 1]]),
              np.array([-2])), "W2 has shape (1, 2)"),
    (lambda: (np.array([[1, 1], [-2, -2]]), np.array([-1, 3]), np.array([[1], [1]]),
              np.array([-2])), "check 1 failed"),                 # W1 transposed: not XOR
    (lambda: np.array([0, 1, 1, 0]), "four arrays"),                # the truth table itself
])
def test_xor_params_mistakes(wrong, message):
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check_xor_params(wrong)
    assert message in str(excinfo.value)


def test_parity_needs_a_circuit_not_a_formula():
    """Returning the parity itself, or one hidden unit per odd pattern (2^(k-1) units), fails."""
    with pytest.raises(ExerciseCheckFailed, match="four arrays"):
        check_parity_params(lambda k: all_rows(k).sum(axis=1) % 2)

    def one_unit_per_odd_pattern(k):
        odd = all_rows(k)[all_rows(k).sum(axis=1) % 2 == 1]
        W1 = (2 * odd - 1).T                       # +1 where the pattern is on, -1 where off
        b1 = -odd.sum(axis=1)                      # fires on exactly its own pattern
        return W1, b1, np.ones((len(odd), 1)), np.array([-1.0])
    with pytest.raises(ExerciseCheckFailed, match="at most k"):
        check_parity_params(one_unit_per_odd_pattern)
    # the same circuit is right: it only breaks the limit on the number of hidden units
    W1, b1, W2, b2 = one_unit_per_odd_pattern(4)
    out = threshold_layer(threshold_layer(all_rows(4), W1, b1), W2, b2)[:, 0]
    assert np.array_equal(out, all_rows(4).sum(axis=1) % 2)


def test_parity_check_names_the_mistake_made():
    with pytest.raises(ExerciseCheckFailed, match="odd or even"):
        check_parity_params(lambda k: (np.ones((k, k)), -np.arange(1.0, k + 1),
                                       np.ones((k, 1)), np.array([-1.0])))
    with pytest.raises(ExerciseCheckFailed, match="k = 3") as info:   # right for k = 2 only
        check_parity_params(lambda k: xor_params() if k == 2 else parity_params(k)[::-1])
    assert "W1 has shape" in str(info.value)


@pytest.mark.parametrize("check", [check_threshold_layer, check_xor_params, check_parity_params])
def test_multi_step_not_implemented_is_a_reminder(check, capsys):
    assert check(not_done) is None
    assert "not implemented yet" in capsys.readouterr().out
