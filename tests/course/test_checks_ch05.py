"""The chapter 5 self-checks: reference solutions pass, typical mistakes fail."""

import numpy as np
import pytest

import nnlib
from nncourse.checks import (ExerciseCheckFailed, check_network_gradients, check_relu_backprop,
                          check_softmax_delta, check_tanh_output_delta)
from nnlib.activations import sigmoid_prime
from nncourse.checks import ch05 as _ch05
from nnlib.gradcheck import numerical_gradient, relative_error
# answers that are the same as in the wrong-answer table come from it
from wrong_answers_ch05 import relu_backprop, tanh_output_delta


def not_implemented(*args):
    raise NotImplementedError()


# === the chapter's exercises: tanh BP1 and the multi-step softmax network =================


def softmax_delta(Z, Y):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return (E / E.sum(axis=1, keepdims=True) - Y) / len(Z)


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
    check_network_gradients(spy)
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


def test_checks_are_deterministic_and_catch_inputs_changed_in_place():
    seen = []

    def spy(Z, Y):
        seen.append((Z.copy(), Y.copy()))
        return tanh_output_delta(Z, Y)

    check_tanh_output_delta(spy)
    first = [s[0] for s in seen]
    seen.clear()
    check_tanh_output_delta(spy)
    assert all(np.array_equal(x, s[0]) for x, s in zip(first, seen))

    def scribbles(Z, Y):
        result = tanh_output_delta(Z, Y)
        Z *= 0  # the learner's function scribbles on its inputs
        return result
    with pytest.raises(ExerciseCheckFailed, match="changed its input `Z` in place"):
        check_tanh_output_delta(scribbles)
    assert all(np.array_equal(x, s[0]) for x, s in zip(first, seen))
