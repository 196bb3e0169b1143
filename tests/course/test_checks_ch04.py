"""The chapter 4 self-checks accept the reference solutions and catch typical mistakes."""

import math

import numpy as np
import pytest

from nnlib import sigmoid
from nnlib.autodiff import Value
from nncourse.checks import (ExerciseCheckFailed, check_central_difference, check_gradient_descent,
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


def gradient_descent(grad, start, lr, steps):
    p = np.array(start, dtype=float)
    path = [p]
    for _ in range(steps):
        p = p - lr * grad(p)
        path.append(p)
    return np.array(path)


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


def in_place(grad, start, lr, steps):
    p = np.array(start, dtype=float)
    path = [p]
    for _ in range(steps):
        p -= lr * grad(p)
        path.append(p)
    return np.array(path)


WRONG_DESCENT = [
    lambda grad, start, lr, steps: gradient_descent(grad, start, -lr, steps),   # uphill
    lambda grad, start, lr, steps: gradient_descent(grad, start, lr, steps)[1:],  # no start
    in_place,
    lambda grad, start, lr, steps: gradient_descent(grad, start, lr, steps + 1),  # off by one
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
    (check_gradient_descent, gradient_descent, WRONG_DESCENT),
    (check_tanh_node, tanh_node, WRONG_TANH),
]


@pytest.mark.parametrize("check, reference, _", CHECKS)
def test_reference_passes(check, reference, _, capsys):
    assert check(reference) is True
    assert "✅" in capsys.readouterr().out


@pytest.mark.parametrize("check, reference, _", CHECKS)
def test_not_implemented_is_a_reminder(check, reference, _, capsys):
    assert check(not_implemented) is False
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
        check_gradient_descent(in_place)
    assert "in place" in str(excinfo.value)
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
        assert check(reference) is True and check(reference, hidden=True) is True
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
