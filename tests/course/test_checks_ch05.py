"""The chapter 5 self-checks: reference solutions pass, typical mistakes fail."""

import numpy as np
import pytest

import nnlib
from nncourse.checks import (ExerciseCheckFailed, check_relu_backprop, check_residual_gradients,
                             check_softmax_delta, check_tanh_output_delta)
from nncourse.checks import ch05 as _ch05
from nnlib.gradcheck import numerical_gradient, relative_error
# the right answers are the notebook's, kept once in the wrong-answer table
from wrong_answers_ch05 import (_residual, relu_backprop, residual_gradients, softmax_delta,
                                tanh_output_delta)


def not_implemented(*args):
    raise NotImplementedError()


# === the chapter's exercises: tanh BP1 and the multi-step softmax network =================

RIGHT = [(check_tanh_output_delta, tanh_output_delta), (check_softmax_delta, softmax_delta),
         (check_relu_backprop, relu_backprop), (check_residual_gradients, residual_gradients)]


@pytest.mark.parametrize("check, right", RIGHT)
def test_reference_answers_pass_visible_and_hidden_and_return_nothing(check, right, capsys):
    assert check(right) is None and check(right, hidden=True) is None
    out = capsys.readouterr().out
    assert out.count("✅") == 2 and "❌" not in out


@pytest.mark.parametrize("check", [check for check, _ in RIGHT])
def test_checks_remind_when_not_implemented(check, capsys):
    assert check(not_implemented) is None
    assert "not implemented yet" in capsys.readouterr().out


def _residual_network(L, seed, n=6, n_in=3, width=5, n_classes=4):
    rng = np.random.default_rng(seed)
    sizes = [n_in] + [width] * (L - 1) + [n_classes]
    X = rng.normal(size=(n, n_in))
    Y = nnlib.one_hot(rng.integers(0, n_classes, n), n_classes)
    W = {l: rng.normal(0, 0.8, (sizes[l - 1], sizes[l])) for l in range(1, L + 1)}
    b = {l: rng.normal(0, 0.3, sizes[l]) for l in range(1, L + 1)}
    return sizes, X, Y, W, b


@pytest.mark.parametrize("L", [2, 3, 5])
def test_the_residual_check_is_right_against_numerical_gradients(L):
    """The expected values of check_residual_gradients are the true gradients of the mean
    cross-entropy of the network the exercise describes (central differences)."""
    _, X, Y, W, b = _residual_network(L, seed=L)
    dW, db = _ch05._reference_gradients(X, Y, W, b, _ch05._right_softmax_delta)

    def cost():
        A = X
        for l in range(1, L + 1):
            Z = A @ W[l] + b[l]
            A = nnlib.softmax(Z) if l == L else np.maximum(Z, 0.0) + (A if l > 1 else 0.0)
        return -np.sum(Y * np.log(A)) / len(X)
    for l in range(1, L + 1):
        assert relative_error(numerical_gradient(cost, W[l]), dW[l]) < 1e-7
        assert relative_error(numerical_gradient(cost, b[l]), db[l]) < 1e-7


def test_without_a_residual_layer_the_check_agrees_with_nnlib():
    """L = 2 has no shortcut: the network is nnlib's ReLU + softmax network."""
    sizes, X, Y, W, b = _residual_network(2, seed=7)
    dW, db = _ch05._reference_gradients(X, Y, W, b, _ch05._right_softmax_delta)
    net = nnlib.Network(sizes, ["relu", "softmax"], loss="cross_entropy", seed=0)
    net.set_params(**{f"W{l}": W[l] for l in W}, **{f"b{l}": b[l] for l in b})
    library = net.backprop(X, Y)
    for l in (1, 2):
        np.testing.assert_allclose(dW[l], library[f"W{l}"], rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(db[l], library[f"b{l}"], rtol=1e-10, atol=1e-14)


def test_the_plain_network_answer_fails_the_residual_check():
    """Section 5.3's backward pass with ReLU swapped in (the old exercise) is not enough."""
    plain = _residual(forward_skip=False, back="none")
    with pytest.raises(ExerciseCheckFailed, match="check 2 failed.*\\n.*\\n.*no shortcut"):
        check_residual_gradients(plain)


def test_softmax_delta_check_has_logits_that_overflow_a_naive_softmax():
    def naive(Z, Y):
        return (np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True) - Y) / len(Z)
    with pytest.raises(ExerciseCheckFailed, match="subtract each row's largest entry"):
        check_softmax_delta(naive)


def test_residual_check_tests_part_c_on_its_own():
    """Part (c) gets the right (a) from the check, whatever the learner's is."""
    seen = []

    def spy(X, Y, W, b, output_delta):
        seen.append(output_delta)
        return residual_gradients(X, Y, W, b, output_delta)
    check_residual_gradients(spy)
    assert seen and all(o is _ch05._right_softmax_delta for o in seen)


def test_residual_check_names_the_wrong_layers():
    """The shortcut forgotten going back: the output layer and the one below it are right."""
    with pytest.raises(ExerciseCheckFailed) as info:
        check_residual_gradients(_residual(back="none"))
    message = str(info.value)
    assert "wrong: dW[1], db[1]; right: dW[2], dW[3], db[2], db[3]" in message
    assert "along two paths" in message


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
