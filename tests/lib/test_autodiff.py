"""Tests of the scalar reverse-mode autodiff engine nnlib.autodiff."""

import math

import numpy as np
import pytest

from nnlib.autodiff import Value, numerical_derivative


def grad_of(build, x0):
    """Gradient of build(Value) at x0 by backward(), and by central differences."""
    x = Value(x0)
    out = build(x)
    out.backward()
    numeric = numerical_derivative(lambda t: build(Value(t)).data, x0)
    return x.grad, numeric


ONE_ARGUMENT = {
    "add constant": (lambda x: x + 3.5, 0.7),
    "radd": (lambda x: 3.5 + x, 0.7),
    "sub constant": (lambda x: x - 2.0, 0.7),
    "rsub": (lambda x: 2.0 - x, 0.7),
    "mul constant": (lambda x: x * -1.5, 0.7),
    "rmul": (lambda x: -1.5 * x, 0.7),
    "div constant": (lambda x: x / 4.0, 0.7),
    "rtruediv": (lambda x: 4.0 / x, 0.7),
    "neg": (lambda x: -x, 0.7),
    "square": (lambda x: x ** 2, 0.7),
    "cube": (lambda x: x ** 3, -1.3),
    "sqrt": (lambda x: x ** 0.5, 2.0),
    "inverse": (lambda x: x ** -1, 1.7),
    "power zero": (lambda x: x ** 0, 1.7),
    "exp": (lambda x: x.exp(), 0.4),
    "log": (lambda x: x.log(), 0.4),
    "sigmoid": (lambda x: x.sigmoid(), 0.4),
    "sigmoid negative": (lambda x: x.sigmoid(), -2.5),
    "tanh": (lambda x: x.tanh(), 0.4),
    "relu positive": (lambda x: x.relu(), 0.4),
    "relu negative": (lambda x: x.relu(), -0.4),
    "composition": (lambda x: ((x * 2 + 1).tanh() * x.exp()).sigmoid() / (1 + x ** 2), 0.3),
}


@pytest.mark.parametrize("name", ONE_ARGUMENT)
def test_each_op_against_central_differences(name):
    build, x0 = ONE_ARGUMENT[name]
    analytic, numeric = grad_of(build, x0)
    assert analytic == pytest.approx(numeric, rel=1e-6, abs=1e-8), name


def test_forward_values():
    x = Value(0.5)
    assert (x + 1).data == 1.5 and (x * 4).data == 2.0 and (x - 2).data == -1.5
    assert (x / 2).data == 0.25 and (2 / x).data == 4.0 and (x ** 3).data == 0.125
    assert (-x).data == -0.5 and x.exp().data == pytest.approx(math.exp(0.5))
    assert x.log().data == pytest.approx(math.log(0.5))
    assert x.tanh().data == pytest.approx(math.tanh(0.5))
    assert x.sigmoid().data == pytest.approx(1 / (1 + math.exp(-0.5)))
    assert Value(-3).relu().data == 0.0 and Value(3).relu().data == 3.0


def test_two_inputs_mul_div_sub():
    a, b = Value(1.5), Value(-0.8)
    out = a * b + a / b - b
    out.backward()
    assert a.grad == pytest.approx(b.data + 1 / b.data)
    assert b.grad == pytest.approx(a.data - a.data / b.data ** 2 - 1)


def test_shared_subexpressions_accumulate():
    x = Value(3.0)
    y = x * x              # the same node as both operands
    y.backward()
    assert x.grad == pytest.approx(6.0)

    a = Value(-2.0)
    s = a + a
    s.backward()
    assert a.grad == pytest.approx(2.0)

    # a node reused further down the graph (a diamond): f = u·u + u with u = 2x
    x = Value(0.7)
    u = 2 * x
    f = u * u + u
    f.backward()
    assert x.grad == pytest.approx(2 * (2 * u.data + 1))
    assert u.grad == pytest.approx(2 * u.data + 1)


def test_backward_twice_gives_the_same_gradients():
    w, x, b = Value(0.4), Value(-1.2), Value(0.3)
    out = (w * x + b).sigmoid() * w
    out.backward()
    first = (w.grad, x.grad, b.grad)
    out.backward()
    assert (w.grad, x.grad, b.grad) == first
    assert out.grad == 1.0


def test_backward_resets_stale_gradients_from_another_output():
    x = Value(2.0)
    (x * 10).backward()
    (x * x).backward()
    assert x.grad == pytest.approx(4.0)


def test_zero_grad():
    x = Value(2.0)
    y = x * x
    y.backward()
    y.zero_grad()
    assert x.grad == 0.0 and y.grad == 0.0


def test_sigmoid_stable_for_huge_inputs():
    with np.errstate(all="raise"):
        for z, expected in [(1000.0, 1.0), (-1000.0, 0.0)]:
            v = Value(z)
            s = v.sigmoid()
            s.backward()
            assert s.data == expected
            assert v.grad == 0.0
            assert math.isfinite(s.data)


def test_topological_order_inputs_first_and_deep_chain():
    x = Value(1.0)
    y = x * 2
    z = y + x
    order = z.topological_order()
    assert order[-1] is z and order.index(x) < order.index(y) < order.index(z)
    assert len(order) == 4  # x, the constant 2, y, z
    chain = Value(0.0)
    start = chain
    for _ in range(5000):   # deeper than Python's default recursion limit
        chain = chain + 1
    chain.backward()
    assert start.grad == 1.0


def test_numbers_from_numpy_mix_with_values():
    x = Value(2.0)
    assert isinstance(np.float64(3.0) * x, Value)
    assert (np.float64(3.0) * x).data == 6.0
    assert (x + np.int64(1)).data == 3.0


@pytest.mark.parametrize("make", [
    lambda v: v + "a",
    lambda v: "a" + v,
    lambda v: v * [1, 2],
    lambda v: v * None,
    lambda v: v - np.array([1.0, 2.0]),
    lambda v: np.array([1.0, 2.0]) * v,
    lambda v: v / 1j,
    lambda v: v ** Value(2.0),
    lambda v: v ** "2",
    lambda v: Value("3"),
    lambda v: Value(v),
])
def test_unsupported_operands_raise_clear_type_errors(make):
    with pytest.raises(TypeError, match="Value"):
        make(Value(1.5))


def test_domain_errors():
    with pytest.raises(ValueError, match="positive"):
        Value(0.0).log()
    with pytest.raises(ZeroDivisionError):
        Value(1.0) / 0
    with pytest.raises(ValueError):
        Value(-8.0) ** 0.5


def test_repr_and_label():
    v = Value(2.0, label="w")
    assert repr(v) == "Value(data=2, grad=0, label='w')"
    assert repr(Value(0.5)) == "Value(data=0.5, grad=0)"


def test_numerical_derivative():
    assert numerical_derivative(math.sin, 0.3) == pytest.approx(math.cos(0.3), rel=1e-8)
    with pytest.raises(ValueError):
        numerical_derivative(math.sin, 0.3, h=0)


def test_user_defined_node_and_bad_parents():
    x = Value(0.3)
    t = math.tanh(x.data)
    node = Value(t, parents=(x,), local_grads=(1 - t * t,), op="tanh")
    node.backward()
    assert x.grad == pytest.approx(1 - t * t)
    with pytest.raises(ValueError, match="one local derivative per parent"):
        Value(1.0, parents=(x,), local_grads=())
    with pytest.raises(TypeError, match="must be Values"):
        Value(1.0, parents=(0.3,), local_grads=(1.0,))


def test_draw_graph_smoke():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from nnlib.autodiff import draw_graph
    x = Value(2.0, label="x")
    y = x * x + x
    y.backward()
    ax = draw_graph(y, title="x² + x")
    assert ax.get_title() == "x² + x"
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "grad 5" in texts and "data 6" in texts
    plt.close("all")


def test_sigmoid_relative_accuracy_for_negative_inputs():
    for z in (-20.0, -40.0, -700.0):
        s = Value(z).sigmoid()
        exact = math.exp(z) / (1.0 + math.exp(z))
        assert s.data == pytest.approx(exact, rel=1e-14)
        s.backward()
        # dσ/dz = σ(z) σ(−z), also accurate far out on both sides
    assert Value(-40.0).sigmoid().data > 0
    v = Value(40.0)
    v.sigmoid().backward()
    assert v.grad == pytest.approx(math.exp(-40.0) / (1 + math.exp(-40.0)) ** 2, rel=1e-12)
