"""The chapter 5 self-checks: reference solutions pass, typical mistakes fail."""

import numpy as np
import pytest

from nnlib.activations import sigmoid, sigmoid_prime
from nnlib.checks import (ExerciseCheckFailed, check_backprop_layer, check_bias_gradient,
                          check_output_delta, check_weight_gradient)


def not_implemented(*args):
    raise NotImplementedError()


# --- BP1: output_delta ----------------------------------------------------------------

def output_delta(a, y, z):
    return (a - y) / len(a) * sigmoid_prime(z)


OUTPUT_DELTA_MISTAKES = {
    "no sigmoid derivative": lambda a, y, z: (a - y) / len(a),
    "no 1/n": lambda a, y, z: (a - y) * sigmoid_prime(z),
    "wrong sign": lambda a, y, z: (y - a) / len(a) * sigmoid_prime(z),
    "z(1 - z) instead of sigma'(z)": lambda a, y, z: (a - y) / len(a) * z * (1 - z),
    "sigma'(a) instead of sigma'(z)": lambda a, y, z: (a - y) / len(a) * sigmoid_prime(a),
    "matrix product": lambda a, y, z: ((a - y) / len(a)) @ sigmoid_prime(z).T,
}


def test_output_delta_reference_passes(capsys):
    assert check_output_delta(output_delta) is True
    assert "✅ output_delta: all" in capsys.readouterr().out


@pytest.mark.parametrize("mistake", OUTPUT_DELTA_MISTAKES)
def test_output_delta_mistakes_fail(mistake):
    with pytest.raises(ExerciseCheckFailed):
        check_output_delta(OUTPUT_DELTA_MISTAKES[mistake])


# --- BP2: backprop_layer --------------------------------------------------------------

def backprop_layer(delta_next, W_next, z):
    return (delta_next @ W_next.T) * sigmoid_prime(z)


BACKPROP_LAYER_MISTAKES = {
    "missing transpose": lambda d, W, z: (d @ W) * sigmoid_prime(z),
    "sigma'(a) instead of sigma'(z)": lambda d, W, z: (d @ W.T) * sigmoid_prime(sigmoid(z)),
    "no sigmoid derivative": lambda d, W, z: d @ W.T,
    "sigma(z) instead of sigma'(z)": lambda d, W, z: (d @ W.T) * sigmoid(z),
    "z(1 - z)": lambda d, W, z: (d @ W.T) * z * (1 - z),
}


def test_backprop_layer_reference_passes(capsys):
    assert check_backprop_layer(backprop_layer) is True
    assert "✅ backprop_layer: all" in capsys.readouterr().out


@pytest.mark.parametrize("mistake", BACKPROP_LAYER_MISTAKES)
def test_backprop_layer_mistakes_fail(mistake):
    with pytest.raises(ExerciseCheckFailed):
        check_backprop_layer(BACKPROP_LAYER_MISTAKES[mistake])


def test_backprop_layer_missing_transpose_hint(capsys):
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check_backprop_layer(BACKPROP_LAYER_MISTAKES["missing transpose"])
    assert "TRANSPOSE" in str(excinfo.value)


# --- BP4: weight_gradient -------------------------------------------------------------

def weight_gradient(a_prev, delta):
    return a_prev.T @ delta


WEIGHT_MISTAKES = {
    "transposed result": lambda a, d: d.T @ a,
    "divided by n again": lambda a, d: a.T @ d / len(a),
    "element-wise product summed": lambda a, d: np.sum(a * d.sum(axis=1, keepdims=True),
                                                       axis=0),
    "first sample only": lambda a, d: np.outer(a[0], d[0]),
}


def test_weight_gradient_reference_passes(capsys):
    assert check_weight_gradient(weight_gradient) is True
    assert "✅ weight_gradient: all" in capsys.readouterr().out


@pytest.mark.parametrize("mistake", WEIGHT_MISTAKES)
def test_weight_gradient_mistakes_fail(mistake):
    with pytest.raises(ExerciseCheckFailed):
        check_weight_gradient(WEIGHT_MISTAKES[mistake])


def test_weight_gradient_transpose_hint(capsys):
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check_weight_gradient(WEIGHT_MISTAKES["transposed result"])
    out = str(excinfo.value)
    assert "shape" in out and "a_prev.T @ delta" in out


# --- BP3: bias_gradient ---------------------------------------------------------------

def bias_gradient(delta):
    return delta.sum(axis=0)


BIAS_MISTAKES = {
    "mean instead of sum": lambda d: d.mean(axis=0),
    "wrong axis": lambda d: d.sum(axis=1),
    "sum of everything": lambda d: d.sum(),
    "keepdims": lambda d: d.sum(axis=0, keepdims=True),
    "first sample only": lambda d: d[0],
}


def test_bias_gradient_reference_passes(capsys):
    assert check_bias_gradient(bias_gradient) is True
    assert "✅ bias_gradient: all" in capsys.readouterr().out


@pytest.mark.parametrize("mistake", BIAS_MISTAKES)
def test_bias_gradient_mistakes_fail(mistake):
    with pytest.raises(ExerciseCheckFailed):
        check_bias_gradient(BIAS_MISTAKES[mistake])


def test_bias_gradient_mean_hint(capsys):
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check_bias_gradient(BIAS_MISTAKES["mean instead of sum"])
    assert "do not average" in str(excinfo.value)


# --- not implemented yet --------------------------------------------------------------

@pytest.mark.parametrize("check", [check_output_delta, check_backprop_layer,
                                   check_weight_gradient, check_bias_gradient])
def test_not_implemented_is_a_reminder(check, capsys):
    assert check(not_implemented) is False
    assert "not implemented yet" in capsys.readouterr().out


def test_checks_are_deterministic_and_catch_inputs_changed_in_place():
    seen = []

    def spy(a, y, z):
        seen.append((a.copy(), y.copy(), z.copy()))
        return output_delta(a, y, z)

    assert check_output_delta(spy) is True
    first = [s[0] for s in seen]
    seen.clear()
    assert check_output_delta(spy) is True
    assert all(np.array_equal(x, s[0]) for x, s in zip(first, seen))

    def scribbles(a, y, z):
        result = output_delta(a, y, z)
        a *= 0  # the learner's function scribbles on its inputs
        return result
    with pytest.raises(ExerciseCheckFailed, match="changed its input `a` in place"):
        check_output_delta(scribbles)
    assert all(np.array_equal(x, s[0]) for x, s in zip(first, seen))
