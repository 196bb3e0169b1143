"""Chapter 4 (The chain rule): wrong answers per coded exercise, each with the words of its hint."""

import math

import numpy as np

import nnlib
from nnlib.activations import sigmoid as _sigmoid
from nnlib.autodiff import Value
from nncourse import checks

from wrong_answers_common import IN_PLACE, LIST, FLOAT32, PARTIAL, SCALAR, LIBRARY, partial


# --- right answers, as in the notebook ------------------------------------------------------

def central_difference(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2.0 * h)


def neuron_loss_grad(w, x, b, y):
    out = float(_sigmoid(w * x + b))
    dC_dz = (out - y) * out * (1.0 - out)
    return dC_dz * x, dC_dz


def careful_descent(f, grad, start, lr, tol=1e-6, max_steps=1000):
    point = np.array(start, dtype=float)
    steps = 0
    while steps < max_steps:
        slope = np.asarray(grad(point), dtype=float)
        if np.linalg.norm(slope) < tol:
            break
        trial = point - lr * slope
        while f(trial) > f(point):
            lr = lr / 2
            trial = point - lr * slope
        point = trial
        steps += 1
    return point, lr, steps


def careful_descent_variant(safeguard=True, stay=True, keep=True, count_tries=False,
                            test_first=True, length=np.linalg.norm, sign=1.0):
    """The right answer with one of its typical mistakes switched on."""
    def wrong(f, grad, start, lr, tol=1e-6, max_steps=1000):
        point, steps = np.array(start, dtype=float), 0
        while steps < max_steps:
            slope = np.asarray(grad(point), dtype=float)
            if length(slope) < tol and (test_first or steps > 0):
                break
            rate = lr
            trial = point - sign * rate * slope
            while safeguard and f(trial) > f(point) and rate > 0:
                rate = rate / 2
                steps += count_tries
                if not stay:
                    break
                trial = point - sign * rate * slope
            point, steps = trial, steps + 1
            lr = rate if keep else lr
        return point, lr, steps
    return wrong


def careful_descent_in_place(f, grad, start, lr, tol=1e-6, max_steps=1000):
    point = start if isinstance(start, np.ndarray) else np.array(start, dtype=float)
    steps = 0
    while steps < max_steps and np.linalg.norm(grad(point)) >= tol:
        slope = grad(point)
        while f(point - lr * slope) > f(point):
            lr = lr / 2
        point -= lr * slope
        steps += 1
    return point.copy(), lr, steps


def tanh_node(v):
    t = math.tanh(v.data)
    return Value(t, parents=(v,), local_grads=(1.0 - t ** 2,), op="tanh")


def softplus_node(v):
    t = v.data
    return Value(max(t, 0.0) + math.log1p(math.exp(-abs(t))), parents=(v,),
                 local_grads=(float(nnlib.sigmoid(t)),), op="softplus")


def softplus_with(value, slope):
    return lambda v: Value(value(v.data), parents=(v,), local_grads=(slope(v.data),))


def stable_softplus(t):
    return max(t, 0.0) + math.log1p(math.exp(-abs(t)))


def _users(output):
    waiting, stack, seen = {}, [output], {output}
    while stack:
        node = stack.pop()
        for parent in node.parents:
            waiting[parent] = waiting.get(parent, 0) + 1
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return waiting


def gradients(output):
    waiting = _users(output)
    grads, complete = {output: 1.0}, [output]
    while complete:
        node = complete.pop()
        for local, parent in zip(node.local_grads, node.parents):
            grads[parent] = grads.get(parent, 0.0) + local * grads[node]
            waiting[parent] -= 1
            if waiting[parent] == 0:
                complete.append(parent)
    return grads


def gradients_recursive(output):
    """The chapter's recursive topological order, then a dict: too deep for Python."""
    order, seen = [], set()

    def visit(node):
        if node not in seen:
            seen.add(node)
            for parent in node.parents:
                visit(parent)
            order.append(node)
    visit(output)
    grads = {node: 0.0 for node in order}
    grads[output] = 1.0
    for node in reversed(order):
        for local, parent in zip(node.local_grads, node.parents):
            grads[parent] += local * grads[node]
    return grads


def gradients_too_early(output):
    """Breadth-first from the output: a node passes its gradient on as soon as it is
    reached, before all its users have contributed."""
    grads, queue, done = {output: 1.0}, [output], set()
    while queue:
        node = queue.pop(0)
        if node in done:
            continue
        done.add(node)
        for local, parent in zip(node.local_grads, node.parents):
            grads[parent] = grads.get(parent, 0.0) + local * grads[node]
            queue.append(parent)
    return grads


def gradients_into_grad(output):
    """Right numbers, but written into every node's .grad on the way."""
    found = gradients(output)
    for node, value in found.items():
        node.grad = value
    return found


def gradients_by_backward(output):
    output.backward()
    return {node: node.grad for node in output.topological_order()}


def gradients_with(update=None, seed=1.0):
    def wrong(output):
        waiting = _users(output)
        grads, complete = {output: seed}, [output]
        while complete:
            node = complete.pop()
            for local, parent in zip(node.local_grads, node.parents):
                grads[parent] = update(grads.get(parent, 0.0), local, grads[node])
                waiting[parent] -= 1
                if waiting[parent] == 0:
                    complete.append(parent)
        return grads
    return wrong


def cross_entropy_grads(w, b, X, y, softplus=softplus_node, grads=gradients):
    weights = [Value(float(wj)) for wj in w]
    bias = Value(float(b))
    cost = 0.0
    for row, target in zip(X, y):
        z = bias
        for weight, xj in zip(weights, row):
            z = z + weight * float(xj)
        cost = cost + softplus(z) - float(target) * z
    cost = cost / len(X)
    found = grads(cost)
    return np.array([found[weight] for weight in weights]), found[bias]


def partial_with_blocks(right):
    """Answers the first case, raises NotImplementedError afterwards (keyword arguments too)."""
    calls = []

    def wrong(*args, **blocks):
        calls.append(1)
        if len(calls) > 1:
            raise NotImplementedError("the general case")
        return right(*args, **blocks)
    return wrong


def cross_entropy_with(sign=-1.0, mean=True, use_y=True):
    def wrong(w, b, X, y, softplus=softplus_node, grads=gradients):
        weights, bias = [Value(float(wj)) for wj in w], Value(float(b))
        cost = 0.0
        for row, target in zip(X, y):
            z = bias
            for weight, xj in zip(weights, row):
                z = z + weight * float(xj)
            cost = cost + softplus(z) + (sign * float(target) * z if use_y else 0.0)
        cost = cost / len(X) if mean else cost
        found = grads(cost)
        return np.array([found[weight] for weight in weights]), found[bias]
    return wrong


def cross_entropy_closed_form(w, b, X, y, softplus=None, grads=None):
    delta = (_sigmoid(X @ w + b) - y) / len(X)
    return X.T @ delta, float(delta.sum())


def cross_entropy_in_place(w, b, X, y, softplus=softplus_node, grads=gradients):
    result = cross_entropy_grads(w, b, X, y, softplus, grads)
    w -= 0.1 * result[0]            # "a gradient step while I am at it"
    return result


# --- the table -------------------------------------------------------------------------------

TABLE = {
    "central_difference": (checks.check_central_difference, central_difference, [
        (lambda f, x, h=1e-5: (f(x + h) - f(x)) / h, "forward difference"),
        (lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / h, "divide by 2h"),
        (lambda f, x, h=1e-5: (f(x - h) - f(x + h)) / (2 * h), "wrong sign"),
        (lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / 2 * h, "mind the brackets"),
        (lambda f, x, h=1e-5: float(nnlib.numerical_gradient(
            lambda p: f(float(p[0])), np.array([x]), h)[0]), LIBRARY),
        (lambda f, x, h=1e-5: np.array([central_difference(f, x, h)]), SCALAR),
        (partial(central_difference), PARTIAL),
    ]),
    "neuron_loss_grad": (checks.check_neuron_loss_grad, neuron_loss_grad, [
        (lambda w, x, b, y: (lambda a: ((a - y) * x, a - y))(float(_sigmoid(w * x + b))),
         "through a = σ(z) as well"),
        (lambda w, x, b, y: tuple(-g for g in neuron_loss_grad(w, x, b, y)), "opposite sign"),
        (lambda w, x, b, y: neuron_loss_grad(w, x, b, y)[::-1], "swap"),
        (lambda w, x, b, y: (np.array([neuron_loss_grad(w, x, b, y)[0]]),
                             neuron_loss_grad(w, x, b, y)[1]), "not a number"),
        (lambda w, x, b, y: neuron_loss_grad(w, x, b, y)[0], "expected the pair"),
        (lambda w, x, b, y: (lambda a: ((a - y) * a * (1 - a) * x, (a - y) * a * (1 - a)))(
            1 / (1 + math.exp(-(w * x + b)))), "raised OverflowError"),
        (partial(neuron_loss_grad), PARTIAL),
    ]),
    "careful_descent": (checks.check_careful_descent, careful_descent, [
        (careful_descent_variant(safeguard=False), "do not take it: halve η"),
        (careful_descent_variant(stay=False), "stay where you are"),
        (careful_descent_variant(keep=False), "keep the halved η"),
        (careful_descent_variant(count_tries=True), "a rejected try is not a step"),
        (careful_descent_variant(test_first=False), "BEFORE each step"),
        (careful_descent_variant(length=lambda g: float(np.sum(g * g))), "not its square"),
        (careful_descent_variant(length=lambda g: float(np.max(np.abs(g)))),
         "not its largest component"),
        (careful_descent_variant(sign=-1.0), "DOWNHILL"),
        (careful_descent_in_place, IN_PLACE),
        (lambda *args: careful_descent(*args)[0], "expected the triple"),
        (lambda *args: (list(careful_descent(*args)[0]),) + careful_descent(*args)[1:], LIST),
        (lambda *args: (careful_descent(*args)[0].astype(np.float32),)
         + careful_descent(*args)[1:], FLOAT32),
        (lambda *args: careful_descent(*args)[:2] + (float(careful_descent(*args)[2]),),
         "not an integer"),
        (partial(careful_descent), PARTIAL),
    ]),
    "tanh_node": (checks.check_tanh_node, tanh_node, [
        (lambda v: Value(math.tanh(v.data), parents=(v,), local_grads=(1 - v.data ** 2,)),
         "at the OUTPUT"),
        (lambda v: Value(math.tanh(v.data), parents=(v,), local_grads=(math.tanh(v.data),)),
         "not t itself"),
        (lambda v: Value(math.tanh(v.data)), "remember where it came from"),
        (lambda v: Value(math.tanh(v.data), parents=(v,),
                         local_grads=(1 + math.tanh(v.data) ** 2,)), "not 1 + t²"),
        (lambda v: v.tanh(), LIBRARY),
        (lambda v: math.tanh(v.data), "must return a Value"),
        (partial(tanh_node), PARTIAL),
    ]),
    "softplus_node": (checks.check_softplus_node, softplus_node, [
        (softplus_with(stable_softplus, stable_softplus), "not softplus(v) itself"),
        (softplus_with(stable_softplus, lambda t: float(_sigmoid(-t))), "not σ(−v)"),
        (softplus_with(stable_softplus, lambda t: float(_sigmoid(t) * _sigmoid(-t))),
         "slope of σ"),
        (softplus_with(stable_softplus, math.exp), "not e^v"),
        (softplus_with(lambda t: math.log(1 + math.exp(t)), lambda t: float(_sigmoid(t))),
         "e^v overflows"),
        (lambda v: Value(stable_softplus(v.data)), "remember where it came from"),
        (lambda v: stable_softplus(v.data), "not a Value"),
        (lambda v: Value(float(nnlib.losses._softplus(v.data)), parents=(v,),
                         local_grads=(float(_sigmoid(v.data)),)), LIBRARY),
        (partial(softplus_node), PARTIAL),
    ]),
    "gradients": (checks.check_gradients, gradients, [
        (gradients_with(lambda old, local, g: local * g), "ADD them up"),
        (gradients_with(lambda old, local, g: old + local), "local · grads[node]"),
        (gradients_with(lambda old, local, g: old + local * g, seed=0.0), "seed the output"),
        (gradients_too_early, "after EVERY node that uses it"),
        (gradients_recursive, "without recursion"),
        (gradients_into_grad, "leave every node's .grad alone"),
        (gradients_by_backward, LIBRARY),
        (lambda output: list(gradients(output).values()), "expected a dict"),
        (lambda output: {id(node): g for node, g in gradients(output).items()}, "no entry"),
        (lambda output: {node: Value(g) for node, g in gradients(output).items()},
         "not numbers"),
        (partial(gradients), PARTIAL),
    ]),
    "cross_entropy_grads": (checks.check_cross_entropy_grads, cross_entropy_grads, [
        (cross_entropy_with(mean=False), "MEAN"),
        (cross_entropy_with(sign=1.0), "(minus)"),
        (cross_entropy_with(use_y=False), "the target y"),
        (cross_entropy_closed_form, "did not call"),
        (lambda *args, **blocks: (cross_entropy_grads(*args, **blocks)[0],
                                  Value(cross_entropy_grads(*args, **blocks)[1])),
         "holds Values"),
        (lambda *args, **blocks: (list(cross_entropy_grads(*args, **blocks)[0]),
                                  cross_entropy_grads(*args, **blocks)[1]), LIST),
        (lambda *args, **blocks: (cross_entropy_grads(*args, **blocks)[0].astype(np.float32),
                                  cross_entropy_grads(*args, **blocks)[1]), FLOAT32),
        (lambda *args, **blocks: (cross_entropy_grads(*args, **blocks)[0][:, None],
                                  cross_entropy_grads(*args, **blocks)[1]), "one entry per weight"),
        (lambda *args, **blocks: (cross_entropy_grads(*args, **blocks)[0],
                                  np.array([cross_entropy_grads(*args, **blocks)[1]])),
         "not a number"),
        (lambda *args, **blocks: cross_entropy_grads(*args, **blocks)[0], "expected the pair"),
        (cross_entropy_in_place, IN_PLACE),
        (partial_with_blocks(cross_entropy_grads), PARTIAL),
    ]),
}
