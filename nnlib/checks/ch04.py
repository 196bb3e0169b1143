"""Self-checks for the exercises of chapter 4 (the chain rule)."""

import functools
import math

import numpy as np

from ..activations import sigmoid
from ..autodiff import Value
from ._core import Case, WrongResult, run_check

__all__ = ["check_central_difference", "check_neuron_loss_grad", "check_gradient_descent",
           "check_tanh_node"]


# --- exercise 1: the central difference --------------------------------------

def _cube(x):
    return x ** 3


def _central(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


def check_central_difference(central_difference, hidden=False):
    """``central_difference(f, x, h=1e-5)`` ≈ f'(x) by (f(x+h) − f(x−h)) / (2h)."""
    cases = [
        Case("f(x) = x³ at x = 1 with a large step h = 0.1", (_cube, 1.0, 0.1),
             _central(_cube, 1.0, 0.1), rtol=1e-9,
             hint="step both ways, f(x + h) and f(x − h); the forward difference "
                  "(f(x + h) − f(x)) / h gives 3.31 here instead of 3.01."),
        Case("f(x) = x³ at x = −2 with h = 0.5", (_cube, -2.0, 0.5),
             _central(_cube, -2.0, 0.5), rtol=1e-9,
             hint="the two points are 2h apart: divide by 2h, not by h."),
        Case("f = sin at x = 0.5 with the default step (must be close to cos 0.5)",
             (math.sin, 0.5), math.cos(0.5), rtol=1e-8,
             hint="give h a default value, e.g. h=1e-5, and subtract f(x − h) from "
                  "f(x + h) (not the other way round)."),
        Case("f = exp at x = 0 with h = 1e-4 (must be close to 1)", (math.exp, 0.0, 1e-4),
             1.0, rtol=1e-7),
        Case("f(x) = x³ at x = 3 with h = 0.25", (_cube, 3.0, 0.25), _central(_cube, 3.0, 0.25),
             rtol=1e-9, hidden=True),
        Case("f = cos at x = 1 with h = 1e-3", (math.cos, 1.0, 1e-3),
             _central(math.cos, 1.0, 1e-3), rtol=1e-9, hidden=True),
    ]
    mistakes = [
        ("that is the forward difference (f(x + h) − f(x)) / h; step both ways: "
         "(f(x + h) − f(x − h)) / (2h).", lambda f, x, h=1e-5: (f(x + h) - f(x)) / h),
        ("the two points are 2h apart: divide by 2h, not by h.",
         lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / h),
        ("subtract f(x − h) FROM f(x + h): your estimate has the wrong sign.",
         lambda f, x, h=1e-5: (f(x - h) - f(x + h)) / (2 * h)),
        ("mind the brackets: (f(x + h) − f(x − h)) / (2 * h); `/ 2 * h` multiplies by h.",
         lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / 2 * h),
    ]
    return run_check("central_difference", central_difference, cases, mistakes=mistakes,
                     forbidden=("nnlib.numerical_gradient", "nnlib.gradcheck.numerical_gradient",
                                "nnlib.autodiff.numerical_derivative"), hidden=hidden)


# --- exercise 2: the gradient of a neuron's loss ------------------------------

def _neuron_loss_grad(w, x, b, y):
    a = float(sigmoid(w * x + b))
    delta = (a - y) * a * (1 - a)  # ∂C/∂z
    return np.array([delta * x, delta])


def _two_numbers(function):
    """The learner's pair (∂C/∂w, ∂C/∂b) as an array of two numbers."""
    @functools.wraps(function)
    def pair(w, x, b, y):
        result = function(w, x, b, y)
        if not isinstance(result, (tuple, list, np.ndarray)) or len(result) != 2:
            raise WrongResult(f"expected the pair (dC_dw, dC_db), got {result!r}",
                              "return two numbers: return dC_dw, dC_db.")
        for what, value in zip(("dC_dw", "dC_db"), result):
            if np.ndim(value) != 0:
                raise WrongResult(f"{what} is an array of shape {np.shape(value)}, not a number",
                                  "w, x, b and y are numbers, so each derivative is one "
                                  "number: float(...) turns a one-element array into one.")
        return np.array([float(result[0]), float(result[1])])
    return pair


def check_neuron_loss_grad(neuron_loss_grad, hidden=False):
    """``neuron_loss_grad(w, x, b, y)`` returns (∂C/∂w, ∂C/∂b) for
    C = ½ (σ(w·x + b) − y)²."""
    def case(description, w, x, b, y, hint=""):
        return Case(description, (w, x, b, y), _neuron_loss_grad(w, x, b, y), hint=hint,
                    rtol=1e-6, atol=1e-12)
    cases = [
        case("w = 0.8, x = 1.5, b = −0.5, target y = 1", 0.8, 1.5, -0.5, 1.0,
             hint="∂C/∂w = (a − y) · σ'(z) · x with σ'(z) = a(1 − a); ∂C/∂b is the same "
                  "without the factor x."),
        case("x = −2 (the sign of x matters for ∂C/∂w)", 0.3, -2.0, 0.1, 0.0,
             hint="∂z/∂w = x, including its sign."),
        case("target above the output: the gradient must point the other way",
             -1.0, 0.5, 0.2, 1.0,
             hint="the first factor is (a − y), the derivative of ½(a − y)² with respect "
                  "to a; check its sign."),
        case("a saturated neuron, z = −800: no overflow, the gradient is 0",
             -200.0, 4.0, 0.0, 1.0,
             hint="e^(−z) overflows for z < −709; compute σ with nnlib.sigmoid, which "
                  "never evaluates it."),
        Case("returns two numbers (∂C/∂w, ∂C/∂b)", (0.5, 1.0, 0.0, 1.0),
             lambda r: np.shape(r) == (2,),
             hint="return a tuple (dC_dw, dC_db)."),
        case("w = 1.2, x = 0.7, b = −1, target 0", 1.2, 0.7, -1.0, 0.0),
        case("w = −0.4, x = 3, b = 0.5, target 0.25", -0.4, 3.0, 0.5, 0.25),
    ]
    cases[-1].hidden = cases[-2].hidden = True

    def grad(w, x, b, y, factor):
        a = float(sigmoid(w * x + b))
        return np.array([factor(a, y) * x, factor(a, y)])
    mistakes = [
        ("multiply by σ'(z) = a(1 − a) too: ∂C/∂z = (a − y) · a(1 − a).",
         lambda w, x, b, y: grad(w, x, b, y, lambda a, y: a - y)),
        ("the first factor is (a − y), the derivative of ½(a − y)² with respect to a; yours "
         "has the opposite sign.",
         lambda w, x, b, y: grad(w, x, b, y, lambda a, y: (y - a) * a * (1 - a))),
        ("σ'(z) = a(1 − a) with a = σ(z); z(1 − z) is not the sigmoid's slope.",
         lambda w, x, b, y: (lambda z: np.array([(float(sigmoid(z)) - y) * z * (1 - z) * x,
                                                  (float(sigmoid(z)) - y) * z * (1 - z)]))(
             w * x + b)),
        ("∂C/∂w has the extra factor ∂z/∂w = x; ∂C/∂b has none (∂z/∂b = 1). Did you swap "
         "them?", lambda w, x, b, y: _neuron_loss_grad(w, x, b, y)[::-1]),
    ]
    return run_check("neuron_loss_grad", _two_numbers(neuron_loss_grad), cases,
                     mistakes=mistakes, hidden=hidden)


# --- exercise 3: gradient descent returning its path -------------------------

def _valley_grad(p):
    return np.array([2.0 * p[0], 20.0 * p[1]])


def _bowl_grad(p):
    return np.asarray(p, dtype=float)


def _descent(grad, start, lr, steps):
    point = np.array(start, dtype=float)
    path = [point.copy()]
    for _ in range(steps):
        point = point - lr * grad(point)
        path.append(point.copy())
    return np.array(path)


def check_gradient_descent(gradient_descent, hidden=False):
    """``gradient_descent(grad, start, lr, steps)`` returns the array of the
    steps + 1 points visited, the start included."""
    def case(description, grad, start, lr, steps, hint=""):
        return Case(description, (grad, start, lr, steps), _descent(grad, start, lr, steps),
                    hint=hint, rtol=1e-9, atol=1e-12)
    def rows_differ(result):
        path = np.asarray(result, dtype=float)
        return path.ndim == 2 and len(path) == 4 and not np.allclose(path[0], path[-1])

    cases = [
        Case("the points of the path are different points (start (2, −1), η = 0.09, 3 steps)",
             (_valley_grad, np.array([2.0, -1.0]), 0.09, 3), rows_differ,
             hint="return an array with steps + 1 rows. If every row is the same, you updated "
                  "the point in place (p -= ...) and stored the same array each time; store a "
                  "copy of each point (or write p = p − η ∇f(p))."),
        case("valley x² + 10y², start (1, 1), η = 0.05, 3 steps", _valley_grad,
             np.array([1.0, 1.0]), 0.05, 3,
             hint="the path starts with the starting point itself and has steps + 1 rows; "
                  "each step goes DOWNHILL: p ← p − η ∇f(p)."),
        case("the start given as a tuple", _valley_grad, (-1.5, 0.4), 0.02, 5,
             hint="turn the start into a float array first: np.array(start, dtype=float)."),
        case("each row must be a separate point, not the same array updated in place",
             _valley_grad, np.array([2.0, -1.0]), 0.09, 4,
             hint="if you update the point in place (p -= ...), every row of your path is "
                  "the same array; store a copy of each point (or use p = p − ...)."),
        case("three dimensions, f = ½|p|², start (1, −2, 0.5), η = 0.5", _bowl_grad,
             np.array([1.0, -2.0, 0.5]), 0.5, 2),
        case("zero steps: just the start", _valley_grad, np.array([0.3, 0.3]), 0.1, 0),
        case("four dimensions, 6 steps", _bowl_grad, np.array([1.0, -1.0, 2.0, 0.5]), 0.3, 6),
        case("the valley, start (−2, 0.5), η = 0.04, 7 steps", _valley_grad,
             np.array([-2.0, 0.5]), 0.04, 7),
    ]
    cases[-1].hidden = cases[-2].hidden = True

    def ascent(grad, start, lr, steps):
        return _descent(grad, start, -lr, steps)
    mistakes = [
        ("each step goes DOWNHILL: p ← p − η ∇f(p) (you added the gradient).", ascent),
        ("the path starts with the starting point itself and has steps + 1 rows.",
         lambda grad, start, lr, steps: _descent(grad, start, lr, steps)[1:]),
        ("store the point AFTER each step too: the last row is the point after all "
         "the steps.", lambda grad, start, lr, steps: _descent(grad, start, lr, steps)[:-1]),
    ]
    return run_check("gradient_descent", gradient_descent, cases, mistakes=mistakes,
                     hidden=hidden)


# --- exercise 4: a tanh node for the autodiff engine --------------------------

def check_tanh_node(tanh_node, hidden=False):
    """``tanh_node(v)`` returns a new Value holding tanh(v.data), linked to ``v``
    with the right local derivative, so that ``backward()`` differentiates
    through it."""
    @functools.wraps(tanh_node)
    def probe(x0, scale):
        x = Value(x0)
        out = tanh_node(x * scale) * 3.0      # tanh inside a larger expression
        if not isinstance(out, Value):
            raise TypeError("tanh_node must return a Value")
        out.backward()
        return np.array([out.data, x.grad])

    def expected(x0, scale):
        t = math.tanh(scale * x0)
        return np.array([3 * t, 3 * scale * (1 - t * t)])

    hint = ("return Value(t, parents=(v,), local_grads=(d,), op='tanh') where t = tanh(v.data) "
            "and d = d tanh/dv = 1 − t², evaluated at the OUTPUT t, not at the input.")
    cases = [Case(f"3·tanh({scale}·x) at x = {x0}: value and ∂/∂x", (x0, scale),
                  expected(x0, scale), hint=hint, rtol=1e-7, atol=1e-12,
                  hidden=(x0, scale) in [(-1.3, 0.7), (0.45, -3.0)])
             for x0, scale in [(0.3, 1.0), (-0.8, 2.0), (1.7, -0.5), (0.0, 1.0), (25.0, 1.0),
                               (-1.3, 0.7), (0.45, -3.0)]]
    cases[0].hint = ("the node needs its input as a parent and the local derivative "
                     "1 − tanh(v)²: " + hint)

    def with_slope(slope):
        def wrong(x0, scale):
            t = math.tanh(scale * x0)
            return np.array([3 * t, 3 * scale * slope(scale * x0, t)])
        return wrong
    mistakes = [
        ("the local derivative is 1 − t² evaluated at the OUTPUT t = tanh(v), not 1 − v² at "
         "the input.", with_slope(lambda v, t: 1 - v * v)),
        ("the local derivative of tanh is 1 − t², not t itself.", with_slope(lambda v, t: t)),
        ("give the node its input as a parent, parents=(v,), and its local derivative, "
         "local_grads=(1 − t²,): otherwise backward() cannot reach v.",
         with_slope(lambda v, t: 0.0)),
        ("the local derivative of tanh is 1 − t², not 1 + t².",
         with_slope(lambda v, t: 1 + t * t)),
    ]
    return run_check("tanh_node", probe, cases, mistakes=mistakes,
                     forbidden=("nnlib.autodiff.Value.tanh",), hidden=hidden)
