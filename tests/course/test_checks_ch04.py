"""The chapter 4 self-checks accept the reference solutions and catch typical mistakes."""

import math

import numpy as np
import pytest

from nnlib import sigmoid
from nnlib.autodiff import Value
from nncourse.checks import (ExerciseCheckFailed, check_careful_descent, check_central_difference,
                             check_neuron_loss_grad, check_tanh_node)


def not_implemented(*args, **kwargs):
    raise NotImplementedError()


# --- references ---------------------------------------------------------------

def central_difference(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)


def neuron_loss_grad(w, x, b, y):
    a = float(sigmoid(w * x + b))
    dz = (a - y) * a * (1 - a)
    return dz * x, dz


def careful_descent(f, grad, start, lr, tol=1e-6, max_steps=1000):
    p, steps = np.array(start, dtype=float), 0
    while steps < max_steps:
        g = grad(p)
        if math.sqrt(float(np.sum(g ** 2))) < tol:
            break
        while f(p - lr * g) > f(p):
            lr *= 0.5
        p, steps = p - lr * g, steps + 1
    return p, lr, steps


def tanh_node(v):
    t = math.tanh(v.data)
    return Value(t, parents=(v,), local_grads=(1 - t * t,), op="tanh")


# --- wrong versions -----------------------------------------------------------

WRONG_CENTRAL = [
    lambda f, x, h=1e-5: (f(x + h) - f(x)) / h,                 # forward difference
    lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / h,             # forgot the 2
    lambda f, x, h=1e-5: (f(x - h) - f(x + h)) / (2 * h),       # wrong sign
    lambda f, x, h=0.1: (f(x + h) - f(x - h)) / (2 * h),        # default step too large
]


def naive_sigmoid_grad(w, x, b, y):
    a = 1 / (1 + math.exp(-(w * x + b)))
    dz = (a - y) * a * (1 - a)
    return dz * x, dz


WRONG_NEURON = [
    lambda w, x, b, y: neuron_loss_grad(w, 1.0, b, y),                       # forgot x
    lambda w, x, b, y: tuple(-g for g in neuron_loss_grad(w, x, b, y)),      # (y − a)
    lambda w, x, b, y: ((float(sigmoid(w * x + b)) - y) * x,
                        float(sigmoid(w * x + b)) - y),                      # forgot σ'
    lambda w, x, b, y: neuron_loss_grad(w, abs(x), b, y),                    # lost the sign
    naive_sigmoid_grad,                                                      # overflows
    lambda w, x, b, y: neuron_loss_grad(w, x, b, y)[0],                      # one number
]


def in_place(f, grad, start, lr, tol=1e-6, max_steps=1000):
    p = start if isinstance(start, np.ndarray) else np.array(start, dtype=float)
    steps = 0
    while steps < max_steps and np.linalg.norm(grad(p)) >= tol:
        g = grad(p)
        while f(p - lr * g) > f(p):
            lr *= 0.5
        p -= lr * g                                  # writes into the caller's start
        steps += 1
    return p.copy(), lr, steps


def no_safeguard(f, grad, start, lr, tol=1e-6, max_steps=1000):
    p, steps = np.array(start, dtype=float), 0
    while steps < max_steps and np.linalg.norm(grad(p)) >= tol:
        p, steps = p - lr * grad(p), steps + 1
    return p, lr, steps


def restarts_from_lr(f, grad, start, lr, tol=1e-6, max_steps=1000):
    """Halves a copy of η for each step (backtracking), instead of keeping it halved."""
    p, steps = np.array(start, dtype=float), 0
    while steps < max_steps and np.linalg.norm(grad(p)) >= tol:
        g, rate = grad(p), lr
        while f(p - rate * g) > f(p):
            rate *= 0.5
        p, steps = p - rate * g, steps + 1
    return p, lr, steps


WRONG_DESCENT = [
    no_safeguard,
    restarts_from_lr,
    in_place,
    lambda f, grad, start, lr, tol=1e-6, max_steps=1000:
        careful_descent(f, grad, start, lr, tol, max_steps)[0],              # the point only
    lambda f, grad, start, lr, tol=1e-6, max_steps=1000:
        careful_descent(f, grad, start, lr, tol, max_steps + 1),             # one step too many
]


def tanh_with(local):
    def node(v):
        t = math.tanh(v.data)
        return Value(t, parents=(v,), local_grads=(local(v.data, t),), op="tanh")
    return node


WRONG_TANH = [
    tanh_with(lambda x, t: 1 - x * x),              # derivative at the input
    tanh_with(lambda x, t: t),                      # derivative = the function
    tanh_with(lambda x, t: 1 + t * t),              # wrong sign
    lambda v: Value(math.tanh(v.data)),             # no parent: the gradient stops
    lambda v: math.tanh(v.data),                    # a float, not a Value
]


CHECKS = [
    (check_central_difference, central_difference, WRONG_CENTRAL),
    (check_neuron_loss_grad, neuron_loss_grad, WRONG_NEURON),
    (check_careful_descent, careful_descent, WRONG_DESCENT),
    (check_tanh_node, tanh_node, WRONG_TANH),
]


@pytest.mark.parametrize("check, reference, _", CHECKS)
def test_reference_passes(check, reference, _, capsys):
    assert check(reference) is None          # a check prints its verdict and returns nothing
    assert check(reference, hidden=True) is None
    assert "✅" in capsys.readouterr().out


@pytest.mark.parametrize("check, reference, _", CHECKS)
def test_not_implemented_is_a_reminder(check, reference, _, capsys):
    check(not_implemented)
    assert "not implemented yet" in capsys.readouterr().out


@pytest.mark.parametrize("check, wrong",
                         [(check, w) for check, _, wrongs in CHECKS for w in wrongs])
def test_wrong_versions_fail(check, wrong, capsys):
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check(wrong)
    out = str(excinfo.value)
    assert "❌" in out and "Hint" in out


def test_hints_name_the_mistake(capsys):
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check_careful_descent(in_place)
    assert "in place" in str(excinfo.value)
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check_careful_descent(restarts_from_lr)
    assert "keep the halved η" in str(excinfo.value)
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check_neuron_loss_grad(naive_sigmoid_grad)
    assert "nnlib.sigmoid" in str(excinfo.value)
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check_central_difference(WRONG_CENTRAL[0])
    assert "forward difference" in str(excinfo.value)


# --- exercise 5 (multi-step): softplus node, gradients(), a neuron's cross-entropy ---------

from nncourse.checks import check_cross_entropy_grads, check_gradients, check_softplus_node  # noqa: E402
from nncourse.checks import ch04 as _ch04  # noqa: E402


def test_multi_step_references_pass_and_are_fast(capsys):
    import time
    for check, reference in [(check_softplus_node, _ch04._softplus_node),
                             (check_gradients, _ch04._gradients)]:
        start = time.perf_counter()
        check(reference)
        check(reference, hidden=True)
        assert time.perf_counter() - start < 2.0      # both runs, on a loaded machine

    def cross_entropy_grads(w, b, X, y, softplus=None, grads=None):
        ws, bv = [Value(float(t)) for t in w], Value(float(b))
        cost = 0.0
        for row, target in zip(X, y):
            z = bv + sum(wj * float(xj) for wj, xj in zip(ws, row))
            cost = cost + softplus(z) - float(target) * z
        found = grads(cost / len(X))
        return np.array([found[v] for v in ws]), found[bv]
    check_cross_entropy_grads(cross_entropy_grads)
    check_cross_entropy_grads(cross_entropy_grads, hidden=True)


def test_the_cross_entropy_check_expects_what_central_differences_give():
    rng = np.random.default_rng(0)
    w, b, X, y = rng.normal(size=3), 0.2, rng.normal(size=(5, 3)), rng.integers(0, 2, 5)
    exact = _ch04._cross_entropy_grads(w, b, X, y)
    assert np.allclose(_ch04._numerical_cross_entropy_grads(w, b, X, y), exact, rtol=1e-6,
                       atol=1e-9)


def test_the_gradients_reference_agrees_with_backward_and_leaves_grad_alone():
    inputs, output = _ch04._mixture()
    found = _ch04._gradients(output)
    assert all(node.grad == 0.0 for node in found)
    output.backward()
    assert all(math.isclose(found[node], node.grad, rel_tol=1e-12, abs_tol=1e-15)
               for node in found)


def test_backward_is_unavailable_inside_the_gradients_check():
    def by_backward(output):
        output.backward()
        return {node: node.grad for node in output.topological_order()}
    with pytest.raises(ExerciseCheckFailed) as excinfo:
        check_gradients(by_backward)
    assert "nnlib's own version" in str(excinfo.value)
    x = Value(2.0)
    (x * x).backward()                    # restored after the check
    assert x.grad == 4.0


def test_the_careful_descent_reference_halves_above_the_limit_and_stops_on_the_gradient():
    start = np.array([-4.0, 1.5])
    point, lr, steps = _ch04._careful_descent(_ch04._valley, _ch04._valley_grad, start, 0.105)
    assert lr == 0.0525 and 0 < steps < 1000                        # halved once, then converged
    assert np.linalg.norm(_ch04._valley_grad(point)) < 1e-6
    assert _ch04._careful_descent(_ch04._valley, _ch04._valley_grad, start, 0.05)[1] == 0.05
    assert np.array_equal(start, [-4.0, 1.5])                       # the start is left alone
    assert np.allclose(careful_descent(_ch04._banana, _ch04._banana_grad, (-1.0, 1.0), 0.1,
                                       1e-4, 300)[0],
                       _ch04._careful_descent(_ch04._banana, _ch04._banana_grad, (-1.0, 1.0),
                                              0.1, 1e-4, 300)[0], rtol=0, atol=1e-12)
