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
    assert "shape" in out and "A_prev.T @ delta" in out


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


# === the chapter's exercises: tanh BP1 and the multi-step softmax network =================

import nnlib
from nnlib.checks import (check_network_gradients, check_relu_backprop, check_softmax_delta,
                          check_tanh_output_delta)
from nnlib.checks import ch05 as _ch05
from nnlib.gradcheck import numerical_gradient, relative_error


def tanh_output_delta(Z, Y):
    A = np.tanh(Z)
    return (A - Y) / len(Z) * (1 - A ** 2)


def softmax_delta(Z, Y):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return (E / E.sum(axis=1, keepdims=True) - Y) / len(Z)


def relu_backprop(delta_next, W_next, Z):
    return (delta_next @ W_next.T) * (Z > 0)


def network_gradients(X, Y, W, b, output_delta, hidden_delta):
    A, Z = [X], []
    for l in range(1, len(W) + 1):
        Z.append(A[-1] @ W[l] + b[l])
        A.append(np.maximum(Z[-1], 0.0))
    delta = output_delta(Z[-1], Y)
    dW, db = {}, {}
    for l in range(len(W), 0, -1):
        dW[l], db[l] = A[l - 1].T @ delta, delta.sum(axis=0)
        if l > 1:
            delta = hidden_delta(delta, W[l], Z[l - 2])
    return dW, db


@pytest.mark.parametrize("check, right", [
    (check_tanh_output_delta, tanh_output_delta), (check_softmax_delta, softmax_delta),
    (check_relu_backprop, relu_backprop), (check_network_gradients, network_gradients)])
def test_new_reference_answers_pass_visible_and_hidden(check, right, capsys):
    assert check(right) is True and check(right, hidden=True) is True
    out = capsys.readouterr().out
    assert out.count("✅") == 2 and "❌" not in out


@pytest.mark.parametrize("check", [check_tanh_output_delta, check_softmax_delta,
                                   check_relu_backprop, check_network_gradients])
def test_new_checks_remind_when_not_implemented(check, capsys):
    assert check(not_implemented) is False
    assert "not implemented yet" in capsys.readouterr().out


def test_the_network_check_is_right_against_numerical_gradients_and_nnlib():
    """The expected values of check_network_gradients are the true gradients: they agree
    with central differences of the mean cross-entropy and with nnlib.Network.backprop."""
    rng = np.random.default_rng(5)
    sizes = [3, 5, 4, 3]
    X = rng.normal(size=(6, 3))
    Y = nnlib.one_hot(rng.integers(0, 3, 6), 3)
    W = {l: rng.normal(0, 0.8, (sizes[l - 1], sizes[l])) for l in range(1, 4)}
    b = {l: rng.normal(0, 0.3, sizes[l]) for l in range(1, 4)}
    dW, db = _ch05._right_network_gradients(X, Y, W, b, _ch05._right_softmax_delta,
                                             _ch05._right_relu_backprop)

    def cost():
        A = X
        for l in range(1, 4):
            Z = A @ W[l] + b[l]
            A = np.maximum(Z, 0.0) if l < 3 else nnlib.softmax(Z)
        return -np.sum(Y * np.log(A)) / len(X)
    for l in range(1, 4):
        assert relative_error(numerical_gradient(cost, W[l]), dW[l]) < 1e-7
        assert relative_error(numerical_gradient(cost, b[l]), db[l]) < 1e-7
    net = nnlib.Network(sizes, ["relu", "relu", "softmax"], loss="cross_entropy", seed=0)
    net.set_params(**{f"W{l}": W[l] for l in W}, **{f"b{l}": b[l] for l in b})
    library = net.backprop(X, Y)
    for l in range(1, 4):
        np.testing.assert_allclose(dW[l], library[f"W{l}"], rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(db[l], library[f"b{l}"], rtol=1e-10, atol=1e-14)


def test_softmax_delta_check_has_logits_that_overflow_a_naive_softmax():
    def naive(Z, Y):
        return (np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True) - Y) / len(Z)
    with pytest.raises(ExerciseCheckFailed, match="subtract each row's largest entry"):
        check_softmax_delta(naive)


def test_network_check_tests_part_c_on_its_own():
    """Part (c) gets the right (a) and (b) from the check, whatever the learner's are."""
    seen = []

    def spy(X, Y, W, b, output_delta, hidden_delta):
        seen.append((output_delta, hidden_delta))
        return network_gradients(X, Y, W, b, output_delta, hidden_delta)
    assert check_network_gradients(spy) is True
    assert all(o is _ch05._right_softmax_delta and h is _ch05._right_relu_backprop
               for o, h in seen)


def test_network_check_names_the_wrong_layers():
    def bp2_with_sigmoid_slope(X, Y, W, b, output_delta, hidden_delta):
        return network_gradients(X, Y, W, b, output_delta,
                                 lambda d, W_next, Z: (d @ W_next.T) * sigmoid_prime(Z))
    with pytest.raises(ExerciseCheckFailed) as info:
        check_network_gradients(bp2_with_sigmoid_slope)
    message = str(info.value)
    assert "wrong: dW[1], db[1]; right: dW[2], db[2]" in message
    assert "the output layer is right, the layers below are not" in message
