"""The chapter 1 self-checks accept the reference solutions and catch typical mistakes."""

import numpy as np
import pytest

from nnlib.checks import (ExerciseCheckFailed, check_nand_unit, check_neuron, check_relu_prime,
                          check_sigmoid)
from nnlib.checks import ch01


def not_done(*args):
    raise NotImplementedError()


# --- reference solutions (as in the notebook) ------------------------------------------------

def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def relu_prime(z):
    return (z > 0).astype(float)


def neuron(X, w, b):
    return sigmoid(X @ w + b)


def mp_unit(X, w, theta):
    return (X @ w >= theta).astype(int)


def nand_unit(X):
    return mp_unit(X, np.array([-2, -2]), -3)


@pytest.mark.parametrize("check, solution, name", [
    (check_sigmoid, sigmoid, "sigmoid"),
    (check_sigmoid, lambda z: 0.5 * (1 + np.tanh(0.5 * z)), "sigmoid"),
    (check_relu_prime, relu_prime, "relu_prime"),
    (check_relu_prime, lambda z: np.heaviside(z, 0.0), "relu_prime"),
    (check_neuron, neuron, "neuron"),
    (check_nand_unit, nand_unit, "nand_unit"),
    (check_nand_unit, lambda X: 1 - X[:, 0].astype(int) * X[:, 1].astype(int), "nand_unit"),
])
def test_reference_solutions_pass(check, solution, name, capsys):
    assert check(solution) is True
    out = capsys.readouterr().out
    assert f"✅ {name}: all" in out
    assert "agrees with" in out or "matches" in out or "reproduces" in out
    assert "differs" not in out


def test_sigmoid_agreement_is_a_verdict_not_round_off(capsys):
    check_sigmoid(sigmoid)
    out = capsys.readouterr().out
    assert "agrees with nnlib.sigmoid to within 1e-12 on 2001 points" in out
    assert "e-1" not in out.replace("1e-12", "")


@pytest.mark.parametrize("check", [check_sigmoid, check_relu_prime, check_neuron,
                                   check_nand_unit])
def test_not_implemented_is_a_reminder(check, capsys):
    assert check(not_done) is False
    assert "not implemented yet" in capsys.readouterr().out


@pytest.mark.parametrize("check", [check_sigmoid, check_relu_prime, check_neuron,
                                   check_nand_unit])
def test_passing_a_result_instead_of_the_function(check):
    with pytest.raises(TypeError, match="your function itself"):
        check(0.5)


# --- wrong answers are caught, with a hint ---------------------------------------------------

@pytest.mark.parametrize("wrong, message", [
    (lambda z: 1 / (1 + np.exp(-z)), "overflow"),            # naive: warns at z = -1000
    (lambda z: np.exp(z) / (1 + np.exp(z)), "overflow"),     # naive the other way: nan at +1000
    (lambda z: np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z))),
     "both of its branches"),                                 # np.where still overflows
    (lambda z: 1 / (1 + np.exp(z)), "the exponent is −z"),
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
    (lambda X, w, b: sigmoid(X.T @ w + b), "X.T @ w"),               # transpose, shape-compatible
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
                                 "check_nand_unit"}
