"""Self-checks for the exercises of chapter 4 (the chain rule)."""

import functools
import math

import numpy as np

from nnlib.activations import sigmoid
from nnlib.autodiff import Value
from ._core import Case, WrongResult, _kind, _short, require_array, run_check

__all__ = ["check_central_difference", "check_neuron_loss_grad", "check_careful_descent",
           "check_tanh_node", "check_softplus_node", "check_gradients", "check_cross_entropy_grads"]


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
             hint="called without h, your function must use a small default step (look at "
                  "the error plot of section 4.1 for a good one)."),
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
    run_check("central_difference", central_difference, cases, mistakes=mistakes,
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
             hint="chain three links: ∂C/∂a, then ∂a/∂z = σ'(z) (written with a, as in "
                  "section 4.2), then ∂z/∂w; ∂C/∂b shares the first two."),
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
        ("the path from C to w passes through a = σ(z) as well: the chain rule needs that link's "
         "slope too.",
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
    run_check("neuron_loss_grad", _two_numbers(neuron_loss_grad), cases,
                     mistakes=mistakes, hidden=hidden)


# --- exercise 3: gradient descent that knows when to stop -------------------------

def _valley(p):
    return p[0] ** 2 + 10.0 * p[1] ** 2


def _valley_grad(p):
    return np.array([2.0 * p[0], 20.0 * p[1]])


def _bowl(p):
    return 0.5 * float(np.sum(np.square(p)))


def _bowl_grad(p):
    return np.array(p, dtype=float)


def _banana(p):
    """A curved valley (Rosenbrock's, made milder), minimum at (1, 1)."""
    return (1.0 - p[0]) ** 2 + 5.0 * (p[1] - p[0] ** 2) ** 2


def _banana_grad(p):
    bend = p[1] - p[0] ** 2
    return np.array([-2.0 * (1.0 - p[0]) - 20.0 * p[0] * bend, 10.0 * bend])


def _careful_descent(f, grad, start, lr, tol=1e-6, max_steps=1000, *, safeguard=True,
                     stay=True, keep=True, count_tries=False, test_first=True,
                     length=np.linalg.norm, sign=1.0):
    """The reference (all keywords at their defaults) and the variants of its mistakes:
    (final point, learning rate at the end, steps taken)."""
    point, steps = np.array(start, dtype=float), 0
    while steps < max_steps:
        slope = np.asarray(grad(point), dtype=float)
        if length(slope) < tol and (test_first or steps > 0):
            break
        rate = lr
        trial = point - sign * rate * slope
        while safeguard and f(trial) > f(point) and rate > 0.0:
            rate /= 2.0
            if count_tries:
                steps += 1
            if not stay:
                break
            trial = point - sign * rate * slope
        point, steps = trial, steps + 1
        if keep:
            lr = rate
    return point, lr, steps


def _triple(point, lr, steps):
    return np.concatenate([point, [lr, steps]])


def _descent_probe(careful_descent):
    """The learner's (point, lr, steps) as one array; a malformed result is a WrongResult."""
    @functools.wraps(careful_descent)
    def probe(f, grad, start, lr, tol, max_steps):
        result = careful_descent(f, grad, start, lr, tol, max_steps)
        if not isinstance(result, tuple) or len(result) != 3:
            raise WrongResult(f"expected the triple (point, lr, steps), got {_short(result)}",
                              "return three things: the point where the descent stopped, the "
                              "learning rate in use at the end, and the number of steps taken.")
        point, rate, steps = result
        point = require_array(point, "the point", (start,))
        if point.shape != np.shape(start):
            raise WrongResult(f"the point has shape {point.shape}, the start "
                              f"{np.shape(start)}",
                              "the point has one coordinate per coordinate of the start.")
        if np.ndim(rate) != 0:
            raise WrongResult(f"the learning rate is {_kind(rate)}, not a number",
                              "the learning rate is one number.")
        if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)):
            raise WrongResult(f"the number of steps is {_short(steps)}, not an integer",
                              "count the steps with an integer: start at 0, add 1 per step.")
        return _triple(point, float(rate), int(steps))
    return probe


def check_careful_descent(careful_descent, hidden=False):
    """``careful_descent(f, grad, start, lr, tol=1e-6, max_steps=1000)`` runs gradient
    descent from ``start``: it stops when ‖∇f(p)‖ < tol or after ``max_steps`` steps, and
    when a trial step would raise f it stays, halves η (for good) and tries again.
    Returns (point, lr at the end, steps taken)."""
    def case(description, f, grad, start, lr, tol=1e-6, max_steps=1000, hint="",
             hide=False):
        return Case(description, (f, grad, start, lr, tol, max_steps),
                    _triple(*_careful_descent(f, grad, start, lr, tol, max_steps)),
                    hint=hint, rtol=1e-9, atol=1e-12, hidden=hide)
    valley = (_valley, _valley_grad)
    cases = [
        case("the valley x² + 10y² from (−4, 1.5) with η = 0.05: no step goes uphill",
             *valley, np.array([-4.0, 1.5]), 0.05,
             hint="repeat until the gradient is short enough (or max_steps steps are "
                  "taken): each step goes downhill, against the gradient."),
        case("η = 0.105, above the limit 2/λ_max = 0.1: f rises after a few steps", *valley,
             np.array([-4.0, 1.5]), 0.105,
             hint="a trial step that would raise f is not taken: halve η, try again from "
                  "the same point, and keep the halved η from then on."),
        case("a start at the minimum: the gradient is 0, so no step is taken", *valley,
             np.array([0.0, 0.0]), 0.05,
             hint="test the gradient's length before each step."),
        case("max_steps = 10 with a small η: stop after 10 steps", *valley,
             np.array([-4.0, 1.5]), 0.005, 1e-6, 10,
             hint="stop after max_steps steps, even if the gradient is not short yet."),
        case("three dimensions, f = ½|p|², η = 5: one halving is not enough", _bowl,
             _bowl_grad, np.array([1.0, -2.0, 0.5]), 5.0,
             hint="keep halving until the trial step no longer raises f."),
        case("four dimensions, f = ½|p|² from (1, −1, 1, −1), η = 0.2: the stopping rule",
             _bowl, _bowl_grad, np.array([1.0, -1.0, 1.0, -1.0]), 0.2,
             hint="stop as soon as the gradient's length ‖∇f(p)‖ = √(Σ g²) is below tol."),
        case("a curved valley, the start given as a tuple, tol = 1e-4, at most 300 steps",
             _banana, _banana_grad, (-1.0, 1.0), 0.1, 1e-4, 300,
             hint="turn the start into a float array first: np.array(start, dtype=float)."),
        case("the valley from (2, −1), η = 0.12, tol = 1e-3", *valley, np.array([2.0, -1.0]),
             0.12, 1e-3, hide=True),
        case("the curved valley from (0.5, −0.5), η = 0.2, at most 200 steps", _banana,
             _banana_grad, np.array([0.5, -0.5]), 0.2, 1e-6, 200, hide=True),
    ]

    def variant(**mistake):
        return lambda *args: _triple(*_careful_descent(*args, **mistake))
    mistakes = [
        ("when a trial step would raise f, do not take it: halve η and try again from the "
         "same point.", variant(safeguard=False)),
        ("a step that would raise f is not taken: stay where you are, halve η and try "
         "again from there.", variant(stay=False)),
        ("keep the halved η for the rest of the run: do not go back to lr at the next step.",
         variant(keep=False)),
        ("count only the steps taken: a rejected try is not a step.",
         variant(count_tries=True)),
        ("test the gradient BEFORE each step: at a point where ‖∇f‖ < tol, no step is "
         "taken.", variant(test_first=False)),
        ("compare the gradient's length ‖∇f(p)‖ = √(Σ g²) with tol, not its square.",
         variant(length=lambda g: float(np.sum(g * g)))),
        ("the gradient's length is the Euclidean norm √(Σ g²), not its largest component.",
         variant(length=lambda g: float(np.max(np.abs(g))))),
        ("each step goes DOWNHILL: p − η ∇f(p) (you added the gradient).",
         variant(sign=-1.0)),
    ]
    run_check("careful_descent", _descent_probe(careful_descent), cases, mistakes=mistakes,
              hidden=hidden)


# --- exercise 4: a tanh node for the autodiff engine --------------------------

def check_tanh_node(tanh_node, hidden=False):
    """``tanh_node(v)`` returns a new Value holding tanh(v.data), linked to ``v``
    with the right local derivative, so that ``backward()`` differentiates
    through it."""
    @functools.wraps(tanh_node)
    def probe(x0, scale):
        x = Value(x0)
        node = tanh_node(x * scale)
        if not isinstance(node, Value):
            raise WrongResult(f"tanh_node returned {_kind(node)}, not a Value",
                              "tanh_node must return a Value, a new node of the graph that "
                              "backward() can pass through.")
        out = node * 3.0                     # tanh inside a larger expression
        out.backward()
        return np.array([out.data, x.grad])

    def expected(x0, scale):
        t = math.tanh(scale * x0)
        return np.array([3 * t, 3 * scale * (1 - t * t)])

    hint = ("besides its number, the new node needs its input as its parent and the local "
            "derivative of tanh at that input, written with the node's output (section 4.4 "
            "builds MiniValue's operations the same way).")
    cases = [Case(f"3·tanh({scale}·x) at x = {x0}: value and ∂/∂x", (x0, scale),
                  expected(x0, scale), hint=hint, rtol=1e-7, atol=1e-12,
                  hidden=(x0, scale) in [(-1.3, 0.7), (0.45, -3.0)])
             for x0, scale in [(0.3, 1.0), (-0.8, 2.0), (1.7, -0.5), (0.0, 1.0), (25.0, 1.0),
                               (-1.3, 0.7), (0.45, -3.0)]]

    def with_slope(slope):
        def wrong(x0, scale):
            t = math.tanh(scale * x0)
            return np.array([3 * t, 3 * scale * slope(scale * x0, t)])
        return wrong
    mistakes = [
        ("the local derivative is 1 − t² evaluated at the OUTPUT t = tanh(v), not 1 − v² at "
         "the input.", with_slope(lambda v, t: 1 - v * v)),
        ("the local derivative of tanh is 1 − t², not t itself.", with_slope(lambda v, t: t)),
        ("the new node must remember where it came from (its parents) and its local derivative "
         "with respect to each: otherwise backward() cannot reach v.",
         with_slope(lambda v, t: 0.0)),
        ("the local derivative of tanh is 1 − t², not 1 + t².",
         with_slope(lambda v, t: 1 + t * t)),
    ]
    run_check("tanh_node", probe, cases, mistakes=mistakes,
              forbidden=("nnlib.autodiff.Value.tanh",), hidden=hidden)


# --- exercise 5 (multi-step): a backward pass of your own ---------------------
#
# (a) softplus_node(v): a new operation, softplus(v) = ln(1 + e^v), local derivative σ(v);
# (b) gradients(output): {node: ∂output/∂node} for the whole graph, without backward(),
#     without recursion and without writing into any node's .grad;
# (c) cross_entropy_grads(w, b, X, y, softplus, grads): the gradient of a sigmoid neuron's
#     cross-entropy, built from Values with the two blocks the check passes in.

def _softplus(t):
    """ln(1 + e^t) without overflow (NumPy's logaddexp evaluates only e^(−|t|))."""
    return float(np.logaddexp(0.0, t))


def _softplus_node(v):
    return Value(_softplus(v.data), parents=(v,), local_grads=(float(sigmoid(v.data)),),
                 op="softplus")


def check_softplus_node(softplus_node, hidden=False):
    """``softplus_node(v)`` returns a new Value holding ln(1 + e^v) for v = ``v.data``,
    linked to ``v`` with the local derivative σ(v), without overflow for any v."""
    @functools.wraps(softplus_node)
    def probe(x0, scale):
        x = Value(x0)
        out = softplus_node(x * scale)
        if not isinstance(out, Value):
            raise WrongResult(f"softplus_node returned {_kind(out)} {_short(out)}, not a "
                              "Value", "return a new Value, a node of the graph built like "
                              "the tanh node of exercise 4.")
        out = out * 2.0 + 1.0                  # softplus inside a larger expression
        out.backward()
        return np.array([out.data, x.grad])

    def expected(x0, scale, slope=lambda t: float(sigmoid(t))):
        t = scale * x0
        return np.array([2.0 * _softplus(t) + 1.0, 2.0 * scale * slope(t)])

    hint = ("the node holds softplus(v) = ln(1 + e^v), has v as its parent, and its local "
            "derivative is the slope of softplus at v, σ(v).")
    overflow = ("e^v overflows for v > 709: take the larger of 1 and e^v out of the logarithm, "
                "so that only e^(−|v|) is ever evaluated, and take σ from nnlib.sigmoid.")
    points = [(0.5, 1.0, hint), (-1.2, 1.0, hint), (0.0, 1.0, hint), (0.8, -2.0, hint),
              (30.0, 1.0, ""), (-30.0, 1.0, ""), (400.0, 2.0, overflow),
              (-400.0, 2.0, overflow), (1.7, 0.5, ""), (-0.35, -3.0, "")]
    cases = [Case(f"2·softplus({scale}·x) + 1 at x = {x0}: value and ∂/∂x", (x0, scale),
                  expected(x0, scale), hint=h, rtol=1e-7, atol=1e-12,
                  hidden=(x0, scale) in [(1.7, 0.5), (-0.35, -3.0)])
             for x0, scale, h in points]

    def wrong_slope(slope):
        return lambda x0, scale: expected(x0, scale, slope)
    mistakes = [
        ("the local derivative of softplus is σ(v) = 1 / (1 + e^(−v)), not softplus(v) "
         "itself (that is the rule for exp).", wrong_slope(_softplus)),
        ("the local derivative is σ(v), not σ(−v) = 1 − σ(v): softplus grows with v.",
         wrong_slope(lambda t: float(sigmoid(-t)))),
        ("the local derivative is σ(v) = e^v / (1 + e^v), not e^v.",
         wrong_slope(lambda t: math.exp(min(t, 700.0)))),
        ("the new node must remember where it came from (its parents) and its local derivative "
         "with respect to each: otherwise backward() cannot reach v.",
         wrong_slope(lambda t: 0.0)),
        ("the slope of softplus is σ(v) itself, not σ(v)(1 − σ(v)), which is the slope of "
         "σ.",
         wrong_slope(lambda t: float(sigmoid(t)) * float(sigmoid(-t)))),
    ]
    run_check("softplus_node", probe, cases, mistakes=mistakes,
              forbidden=("nnlib.losses._softplus",), hidden=hidden)


def _graph(output):
    """Every node ``output`` depends on (itself included), by an iterative walk."""
    seen, stack, nodes = {id(output)}, [output], [output]
    while stack:
        for parent in stack.pop().parents:
            if id(parent) not in seen:
                seen.add(id(parent))
                nodes.append(parent)
                stack.append(parent)
    return nodes


def _gradients(output):
    """Reference: {node: ∂output/∂node}; a node passes its gradient on once every one of
    its users has passed theirs (no recursion, no .grad)."""
    waiting = {}
    for node in _graph(output):
        for parent in node.parents:
            waiting[id(parent)] = waiting.get(id(parent), 0) + 1
    grads, ready = {id(output): 1.0}, [output]
    nodes = {id(output): output}
    while ready:
        node = ready.pop()
        for parent, local in zip(node.parents, node.local_grads):
            nodes[id(parent)] = parent
            grads[id(parent)] = grads.get(id(parent), 0.0) + local * grads[id(node)]
            waiting[id(parent)] -= 1
            if waiting[id(parent)] == 0:
                ready.append(parent)
    return {nodes[key]: value for key, value in grads.items()}


# Graphs for check_gradients: each builder returns (inputs, output), fresh Values each call.
def _shared():
    x = Value(2.0, "x")
    return [x], x * x + x


def _neuron():
    w, x, b = Value(0.8, "w"), Value(1.5, "x"), Value(-0.5, "b")
    return [w, x, b], (w * x + b).sigmoid()


def _diamond():
    p, q = Value(0.6, "p"), Value(-1.4, "q")
    u = p * q                  # used twice: by v and by the output
    v = u.exp() + p
    return [p, q], u * v


def _mixture():
    p, q = Value(0.5, "p"), Value(1.2, "q")
    return [p, q], (p * q).tanh() / (1 + p ** 2) - (q.relu() + 2).log()


def _deep():
    x = Value(0.5, "x")
    v = x
    for _ in range(2000):      # a chain 2000 operations deep, x used by every step
        v = v + x
    return [x], v


def _cost():
    w1, w2, b = Value(0.3, "w1"), Value(-0.7, "w2"), Value(0.1, "b")
    c = 0.0
    for (x1, x2), y in [((1.0, 2.0), 1.0), ((-0.5, 0.3), 0.0), ((2.0, -1.0), 1.0)]:
        a = (w1 * x1 + w2 * x2 + b).sigmoid()
        c = c + 0.5 * (a - y) ** 2
    return [w1, w2, b], c / 3


def _backward_reference(build):
    inputs, output = build()
    output.backward()
    return np.array([v.grad for v in inputs] + [output.grad])


def _gradient_probe(gradients):
    @functools.wraps(gradients)
    def probe(build):
        inputs, output = build()
        result = gradients(output)
        if not isinstance(result, dict):
            raise WrongResult(f"expected a dict {{node: gradient}}, got {_kind(result)}",
                              "return a dict whose keys are the nodes themselves (a Value can "
                              "be a dict key) and whose values are numbers.")
        touched = [node for node in _graph(output) if node.grad != 0.0]
        if touched:
            raise WrongResult(f"your function wrote into .grad of {len(touched)} node(s)",
                              "leave every node's .grad alone (that is backward()'s job): "
                              "keep the gradients in your own dict.")
        names = [v.label for v in inputs] + ["the output"]
        got = []
        for name, node in zip(names, inputs + [output]):
            if node not in result:
                raise WrongResult(f"your dict has no entry for {name}",
                                  "every node the output depends on needs an entry, the "
                                  "output itself (gradient 1) and every input included; key "
                                  "the dict by the nodes themselves, not by id() or label.")
            got.append(result[node])
        try:
            return np.array(got, dtype=np.float64)
        except (TypeError, ValueError):
            raise WrongResult(f"the gradients are not numbers: {got!r}",
                              "store plain numbers (floats) in the dict, not Values.") from None
    return probe


def check_gradients(gradients, hidden=False):
    """``gradients(output)`` returns {node: ∂output/∂node} for every node of the graph
    of ``output``, without calling backward(), without recursion and without changing
    any node's ``.grad``."""
    order_hint = ("a node may pass its gradient to its parents only when it is complete, "
                  "after EVERY node that uses it has passed its own: count each node's users "
                  "first, and hand a node on once its count reaches 0.")
    graphs = [
        ("y = x·x + x at x = 2 (x reaches y along three arrows); ∂y/∂x and ∂y/∂y", _shared,
         "a node used several times receives one contribution per arrow, and they add up: "
         "grads[parent] = grads.get(parent, 0) + local · grads[node]."),
        ("the neuron a = σ(w·x + b): ∂a/∂w, ∂a/∂x, ∂a/∂b and ∂a/∂a", _neuron,
         "start from the output with gradient 1; each arrow multiplies the gradient of the "
         "node it leaves by its local derivative (the chain rule)."),
        ("u = p·q used twice: out = u·(e^u + p)", _diamond, order_hint),
        ("a chain 2000 operations deep (Python allows about 1000 nested calls)", _deep,
         "find the order without recursion: keep the nodes still to visit in a list used as "
         "a stack (append / pop)."),
        ("tanh, division, power, relu and log mixed", _mixture, order_hint),
        ("the quadratic cost of a neuron over three samples", _cost, order_hint),
    ]
    cases = [Case(description, (build,), _backward_reference(build), hint=hint, rtol=1e-9,
                  atol=1e-12, hidden=build in (_mixture, _cost))
             for description, build, hint in graphs]

    def wrong(update=None, seed=1.0, forward=False):
        def gradients_(output):
            nodes = list(reversed(_topological(output)))
            if forward:
                nodes.reverse()
            grads = {node: 0.0 for node in nodes}
            grads[output] = seed
            for node in nodes:
                for parent, local in zip(node.parents, node.local_grads):
                    grads[parent] = update(grads[parent], local, grads[node])
            return grads
        return _gradient_probe(gradients_)
    add = lambda old, local, g: old + local * g          # noqa: E731
    mistakes = [
        ("a node used several times receives one contribution per arrow: ADD them up "
         "(grads[parent] + local · grads[node]) instead of overwriting.",
         wrong(lambda old, local, g: local * g)),
        ("multiply each local derivative by the gradient of the node the arrow leaves: "
         "local · grads[node], the chain rule.", wrong(lambda old, local, g: old + local)),
        ("seed the output with ∂output/∂output = 1; with 0 every gradient stays 0.",
         wrong(add, seed=0.0)),
        ("visit the nodes from the output back to the inputs (reverse topological order): a "
         "node passes its gradient on only after all its users have passed theirs.",
         wrong(add, forward=True)),
    ]
    run_check("gradients", _gradient_probe(gradients), cases, mistakes=mistakes,
              forbidden=("nnlib.autodiff.Value.backward",
                         "nnlib.autodiff.Value.topological_order",
                         "nnlib.autodiff.Value.zero_grad"), hidden=hidden)


def _topological(output):
    """Inputs first, ``output`` last (iterative depth-first search)."""
    order, seen, stack = [], set(), [(output, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((parent, False) for parent in node.parents if id(parent) not in seen)
    return order


def _cross_entropy_grads(w, b, X, y):
    """Exact: ∂C/∂w = Xᵀ(σ(z) − y)/n, ∂C/∂b = Σ(σ(z) − y)/n with z = Xw + b."""
    delta = (sigmoid(X @ w + b) - y) / len(X)
    return np.concatenate([X.T @ delta, [delta.sum()]])


def _cross_entropy(w, b, X, y):
    z = X @ w + b
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def _numerical_cross_entropy_grads(w, b, X, y, h=1e-6):
    """Central differences of the cost, one parameter at a time."""
    params = np.concatenate([w, [b]]).astype(float)
    out = np.empty_like(params)
    for k in range(len(params)):
        up, down = params.copy(), params.copy()
        up[k] += h
        down[k] -= h
        out[k] = (_cross_entropy(up[:-1], up[-1], X, y)
                  - _cross_entropy(down[:-1], down[-1], X, y)) / (2 * h)
    return out


def _cross_entropy_probe(cross_entropy_grads):
    """The learner's (∂C/∂w, ∂C/∂b) as one array, computed with the check's own softplus
    node and gradients function (so that this part is graded on its own)."""
    @functools.wraps(cross_entropy_grads)
    def probe(w, b, X, y):
        used = {"softplus": 0, "grads": 0}

        def softplus(v):
            used["softplus"] += 1
            return _softplus_node(v)

        def grads(output):
            used["grads"] += 1
            return _gradients(output)
        result = cross_entropy_grads(w, b, X, y, softplus, grads)  # the two blocks, by position
        if not (used["softplus"] and used["grads"]):
            missing = " and ".join(f"`{name}`" for name, count in used.items() if not count)
            raise WrongResult(f"your function did not call {missing}, given to it as "
                              "argument(s)",
                              "build the cost from Values with the softplus(...) node and get "
                              "its gradients with grads(cost): the check passes working ones "
                              "through these two arguments, so this part does not depend on "
                              "your answers to (a) and (b).")
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise WrongResult(f"expected the pair (dC_dw, dC_db), got {_short(result)}",
                              "return two things: an array dC_dw with one entry per weight, "
                              "and the number dC_db.")
        dw, db = result
        if isinstance(dw, Value) or isinstance(db, Value) or (
                isinstance(dw, (list, tuple)) and any(isinstance(g, Value) for g in dw)):
            raise WrongResult("your result holds Values, not numbers",
                              "return the gradients (numbers), not the nodes: look each "
                              "weight's node up in the dict that grads(cost) returns.")
        dw = require_array(dw, "dC_dw", (w, X, y))
        if dw.shape != np.shape(w):
            raise WrongResult(f"dC_dw has shape {dw.shape}, expected {np.shape(w)} "
                              "(one entry per weight)",
                              "one gradient per weight, in the order of w: shape (d,).")
        if np.ndim(db) != 0:
            raise WrongResult(f"dC_db is {_short(db)}, not a number",
                              "b is one number, so ∂C/∂b is one number: float(...).")
        return np.concatenate([dw, [float(db)]])
    return probe


def check_cross_entropy_grads(cross_entropy_grads, hidden=False):
    """``cross_entropy_grads(w, b, X, y, softplus, grads)`` returns (∂C/∂w, ∂C/∂b) for
    C = (1/n) Σ_i [softplus(z_i) − y_i z_i], z_i = x_i·w + b, built from Values with the
    ``softplus`` node and the ``grads`` function it is given (the check passes working
    ones, so this part is graded on its own)."""
    rng = np.random.default_rng(4)

    def case(description, w, b, X, y, hint="", numerical=True, hide=False):
        w, X, y = np.asarray(w, float), np.asarray(X, float), np.asarray(y, float)
        want = (_numerical_cross_entropy_grads(w, b, X, y) if numerical
                else _cross_entropy_grads(w, b, X, y))
        return Case(description, (w, b, X, y), want, hint=hint, rtol=1e-6, atol=1e-8,
                    hidden=hide)
    cases = [
        case("one sample, two inputs (compared with central differences of C)",
             [0.5, -1.0], 0.2, [[1.0, 2.0]], [1.0],
             hint="build C = softplus(z) − y·z from Values, with z = x·w + b, and look the "
                  "gradient of each weight's node up in what grads(C) returns."),
        case("four samples, two inputs: C is the MEAN over the samples",
             [0.3, 0.8], -0.4, [[1.0, 0.0], [0.0, 1.0], [-1.0, 2.0], [0.5, -0.5]],
             [1.0, 0.0, 1.0, 0.0],
             hint="average over the n samples: C = (1/n) Σ_i [softplus(z_i) − y_i z_i]."),
        case("five samples, three inputs, targets between 0 and 1",
             rng.normal(size=3), 0.1, rng.normal(size=(5, 3)), [0.0, 0.25, 1.0, 0.5, 1.0]),
        case("a saturated neuron, z = ±800: no overflow, exact gradients",
             [200.0, 0.0], 0.0, [[4.0, 1.0], [-4.0, 2.0]], [1.0, 1.0],
             hint="e^z overflows for z > 709: the softplus node you are given never "
                  "evaluates it, but ln(1 + exp(z)) written by hand does.", numerical=False),
        case("six samples, four inputs", rng.normal(size=4), -0.3, rng.normal(size=(6, 4)),
             rng.integers(0, 2, size=6), hide=True),
        case("one input, three samples", [1.5], 0.5, [[1.0], [-2.0], [0.5]], [0.0, 1.0, 1.0],
             hide=True),
    ]
    mistakes = [
        ("C is the MEAN over the samples: divide the sum by n = len(X).",
         lambda w, b, X, y: _cross_entropy_grads(w, b, X, y) * len(X)),
        ("the cost is softplus(z) − y·z (minus): with + y·z the gradient is σ(z) + y "
         "instead of σ(z) − y.",
         lambda w, b, X, y: _cross_entropy_grads(w, b, X, -y)),
        ("the cross-entropy is softplus(z) − y·z, not softplus(z) alone: the target y "
         "must enter the cost.",
         lambda w, b, X, y: _cross_entropy_grads(w, b, X, np.zeros_like(y))),
    ]
    run_check("cross_entropy_grads", _cross_entropy_probe(cross_entropy_grads), cases,
              mistakes=mistakes, forbidden=("nnlib.losses.binary_cross_entropy_from_logits",
                                            "nnlib.losses._softplus"), hidden=hidden)
