"""Self-checks for the exercises of chapter 5 (backpropagation).

Conventions of the chapter: samples are rows, ``W^l`` has shape
``(n_(l−1), n_l)``, ``Z^l = A^(l−1) W^l + b^l`` and δ^l = ∂C/∂Z^l for the mean
cost C over the n rows of the batch, so every δ already carries the 1/n.
"""

import functools

import numpy as np

from nnlib.activations import sigmoid, sigmoid_prime, softmax
from nnlib.validation import one_hot
from ._core import Case, WrongResult, require_array, run_check

# The chapter's exercises: tanh_output_delta (exercise 1) and the multi-step problem
# softmax_delta, relu_backprop, residual_gradients (exercise 2).
__all__ = ["check_tanh_output_delta", "check_softmax_delta", "check_relu_backprop",
           "check_residual_gradients"]


# =====================================================================================
# Exercise 1: BP1 for the quadratic cost and a tanh output layer
# =====================================================================================

def _tanh_delta(Z, Y):
    A = np.tanh(Z)
    return (A - Y) / len(Z) * (1.0 - A ** 2)


def _tanh_case(description, n, k, seed, hint="", scale=1.0):
    rng = np.random.default_rng(seed)
    Z = rng.normal(0.0, scale, (n, k))
    Y = rng.uniform(-1.0, 1.0, (n, k))
    return Case(description, (Z, Y), _tanh_delta(Z, Y), hint=hint)


def check_tanh_output_delta(tanh_output_delta, hidden=False):
    """``tanh_output_delta(Z, Y)``: δ^L = (A − Y)/n ⊙ tanh′(Z) with A = tanh(Z), for the
    mean quadratic cost; tanh′(z) = 1 − tanh²(z) = 1 − a² with a = tanh(z)."""
    cases = [
        _tanh_case("one sample, one output", 1, 1, 50,
                   "BP1 multiplies ∇_A C by the slope of the output layer's activation at "
                   "Z^L: here the slope of tanh."),
        _tanh_case("one sample, three outputs", 1, 3, 51,
                   "⊙ is the element-wise product (*), not a matrix product (@): each output "
                   "unit has its own error."),
        _tanh_case("a batch of 4 samples with 2 outputs", 4, 2, 52,
                   "The cost is the MEAN over the n rows, so ∇_A C carries a factor 1/n, "
                   "n being the number of samples."),
        _tanh_case("saturated outputs (|Z| large): tanh′ is tiny there", 3, 2, 53,
                   "tanh′(z) = 1 − tanh²(z) is nearly 0 where |z| is large.", scale=6.0),
        _tanh_case("hidden: a batch of 6 samples with 3 outputs", 6, 3, 54),
        _tanh_case("hidden: a batch of 2 samples with 5 outputs", 2, 5, 55, scale=2.0),
    ]
    for case in cases[-2:]:
        case.hidden = True
    t = np.tanh
    mistakes = [
        ("multiply by the slope of the output layer, tanh′(Z^L): "
         "BP1 is δ^L = ∇_A C ⊙ f′(Z^L).", lambda Z, Y: (t(Z) - Y) / len(Z)),
        ("the cost is the MEAN over the n rows: ∇_A C carries 1/n, n the number of samples.",
         lambda Z, Y: (t(Z) - Y) * (1 - t(Z) ** 2)),
        ("∇_A C = A − Y, the prediction minus the target (not Y − A).",
         lambda Z, Y: (Y - t(Z)) / len(Z) * (1 - t(Z) ** 2)),
        ("tanh′(z) = 1 − tanh²(z), not 1 − z²: square the OUTPUT A = tanh(Z).",
         lambda Z, Y: (t(Z) - Y) / len(Z) * (1 - Z ** 2)),
        ("A(1 − A) is the sigmoid's slope; for tanh it is 1 − A² with A = tanh(Z).",
         lambda Z, Y: (t(Z) - Y) / len(Z) * t(Z) * (1 - t(Z))),
        ("the output layer is tanh, not sigmoid: its slope is 1 − tanh²(Z), not σ′(Z).",
         lambda Z, Y: (t(Z) - Y) / len(Z) * sigmoid_prime(Z)),
        ("the output is A = tanh(Z): compare tanh(Z) with Y, not σ(Z).",
         lambda Z, Y: (sigmoid(Z) - Y) / len(Z) * sigmoid_prime(Z)),
        ("tanh′ takes z: 1 − tanh²(Z), not 1 − tanh²(tanh(Z)) (that applies tanh twice).",
         lambda Z, Y: (t(Z) - Y) / len(Z) * (1 - t(t(Z)) ** 2)),
        ("divide by n, the number of samples (rows), not Z.size, the number of entries.",
         lambda Z, Y: (t(Z) - Y) / Z.size * (1 - t(Z) ** 2)),
    ]
    run_check("tanh_output_delta", tanh_output_delta, cases, mistakes=mistakes, hidden=hidden)


# =====================================================================================
# Exercise 2 (multi-step): backpropagation for a softmax classifier of any depth
# =====================================================================================

# --- (a) δ^L for softmax + cross-entropy, from the logits ------------------------------

def _right_softmax_delta(Z, Y):
    """δ^L = (softmax(Z) − Y)/n: the right answer of part (a) (the check of (c) passes it)."""
    return (softmax(Z) - Y) / len(Z)


def _softmax_case(description, Z, labels, hint=""):
    Z = np.asarray(Z, dtype=np.float64)
    Y = one_hot(labels, Z.shape[1])
    return Case(description, (Z, Y), _right_softmax_delta(Z, Y), hint=hint, atol=1e-12)


def check_softmax_delta(softmax_delta, hidden=False):
    """``softmax_delta(Z, Y)``: δ^L = (A^L − Y)/n with A^L = softmax of each row of the
    logits Z, written without nnlib.softmax and safe for large logits."""
    rng = np.random.default_rng(60)
    stable = ("e^z overflows for z above about 709: subtract each row's largest entry before "
              "exponentiating. Section 5.4 says why that changes no probability.")
    cases = [
        _softmax_case("one sample, 3 classes", [[2.0, 1.0, 0.1]], [0],
                      "A^L is the softmax of the row, e^z_k / Σ_j e^z_j; then "
                      "δ^L = (A^L − Y)/n (prediction minus target)."),
        _softmax_case("a batch of 4 samples, 3 classes", rng.normal(0, 2, (4, 3)),
                      [0, 2, 1, 2],
                      "The softmax normalises each ROW (one sample) on its own, and the cost "
                      "is the mean over the n rows."),
        _softmax_case("large logits (e^1000 overflows)", [[1000.0, 999.0, 990.0],
                                                          [-5.0, 800.0, 801.0]], [1, 2],
                      stable),
        _softmax_case("rows on very different scales: subtract each row's OWN maximum",
                      [[1000.0, 998.0], [0.0, -3.0], [-1000.0, -999.0]], [0, 1, 1],
                      "Shift each row by its OWN largest entry: with the largest entry of "
                      "the whole batch, the other rows' e^z underflow to 0 and 0/0 gives "
                      "nan."),
        _softmax_case("hidden: 7 samples, 5 classes", rng.normal(0, 3, (7, 5)),
                      [0, 1, 2, 3, 4, 4, 1]),
        _softmax_case("hidden: 2 samples, 4 classes, large logits",
                      rng.normal(0, 1, (2, 4)) + [[750.0], [-900.0]], [3, 0]),
    ]
    for case in cases[-2:]:
        case.hidden = True

    def naive(Z):
        E = np.exp(Z)
        return E / E.sum(axis=1, keepdims=True)

    def global_max(Z):
        E = np.exp(Z - Z.max())
        return E / E.sum(axis=1, keepdims=True)

    def columns(Z):
        E = np.exp(Z - Z.max(axis=0, keepdims=True))
        return E / E.sum(axis=0, keepdims=True)
    mistakes = [
        ("the cost is the MEAN over the n rows: δ^L = (A^L − Y) / n, n the number of samples.",
         lambda Z, Y: softmax(Z) - Y),
        ("δ^L = A^L − Y over n, prediction minus target (not Y − A^L).",
         lambda Z, Y: (Y - softmax(Z)) / len(Z)),
        ("turn the logits into probabilities first: A^L = softmax(Z), then (A^L − Y)/n.",
         lambda Z, Y: (Z - Y) / len(Z)),
        ("the output is a softmax over each row, not a sigmoid of each entry.",
         lambda Z, Y: (sigmoid(Z) - Y) / len(Z)),
        ("the softmax normalises each ROW (one sample, axis=1), not each column.",
         lambda Z, Y: (columns(Z) - Y) / len(Z)),
        ("divide by n, the number of samples (rows), not Z.size, the number of entries.",
         lambda Z, Y: (softmax(Z) - Y) / Z.size),
        (stable, lambda Z, Y: (naive(Z) - Y) / len(Z)),
        ("subtract each row's OWN largest entry, not the largest of the whole batch: the "
         "other rows underflow to 0/0 = nan.",
         lambda Z, Y: (global_max(Z) - Y) / len(Z)),
    ]
    run_check("softmax_delta", softmax_delta, cases, mistakes=mistakes, hidden=hidden,
              forbidden=("nnlib.softmax", "nnlib.activations.softmax"))


# --- (b) BP2 through a ReLU layer --------------------------------------------------------

def _right_relu_backprop(delta_next, W_next, Z):
    """BP2 for a ReLU layer: the right answer of part (b)."""
    return (delta_next @ W_next.T) * (Z > 0)


def _relu_case(description, n, n_l, n_next, seed, hint=""):
    rng = np.random.default_rng(seed)
    delta_next = rng.normal(0.0, 0.1, (n, n_next))
    W_next = rng.normal(0.0, 1.0, (n_l, n_next))
    Z = rng.normal(0.0, 1.0, (n, n_l))
    Z[np.abs(Z) < 1e-3] = 0.5                     # no entry at the kink z = 0
    return Case(description, (delta_next, W_next, Z),
                _right_relu_backprop(delta_next, W_next, Z), hint=hint)


def check_relu_backprop(relu_backprop, hidden=False):
    """``relu_backprop(delta_next, W_next, Z)``: δ^l = (δ^(l+1) (W^(l+1))^⊤) ⊙ relu′(Z^l),
    relu′(z) = 1 for z > 0 and 0 otherwise."""
    transpose = ("W^(l+1) has shape (n_l, n_(l+1)) and δ^(l+1) has shape (n, n_(l+1)): the "
                 "error travels back along the same connections, with the TRANSPOSE of "
                 "W^(l+1), and δ^l has shape (n, n_l).")
    step = ("multiply element-wise by the SLOPE of the ReLU at Z^l (1 where z > 0, 0 "
            "elsewhere), not by relu(Z) itself.")
    cases = [
        _relu_case("one sample, 4 units feeding 2", 1, 4, 2, 70, transpose),
        _relu_case("a batch of 3 samples, 5 units feeding 3", 3, 5, 3, 71, transpose),
        _relu_case("square weights (3 units feeding 3): the transpose still matters", 4, 3, 3,
                   72, transpose),
        _relu_case("the relu′(Z^l) factor: inactive units pass no error back", 5, 4, 2, 73,
                   step),
        _relu_case("hidden: 6 samples, 4 units feeding 4", 6, 4, 4, 74),
        _relu_case("hidden: 5 samples, 2 units feeding 3", 5, 2, 3, 75),
    ]
    for case in cases[-2:]:
        case.hidden = True
    mistakes = [
        (transpose, lambda d, W, Z: (d @ W) * (Z > 0)),
        (step, lambda d, W, Z: (d @ W.T) * np.maximum(Z, 0)),
        ("after moving the error back through W, multiply element-wise by relu′(Z^l), "
         "which is 0 for the units that were off (Z ≤ 0).", lambda d, W, Z: d @ W.T),
        ("this layer is a ReLU, not a sigmoid: its slope is 1 or 0, not σ′(Z).",
         lambda d, W, Z: (d @ W.T) * sigmoid_prime(Z)),
        ("relu′(z) is 1 where z > 0 (the unit is ON) and 0 where z < 0, not the other way "
         "round.", lambda d, W, Z: (d @ W.T) * (Z < 0)),
    ]
    run_check("relu_backprop", relu_backprop, cases, mistakes=mistakes, hidden=hidden,
              forbidden=("nnlib.relu_prime", "nnlib.activations.relu_prime"))


# --- (c) the gradients of a network with skip connections --------------------------------
#
# Layer 1: A^1 = relu(Z^1).  Layers 2..L−1 (residual): A^l = A^(l−1) + relu(Z^l).
# Layer L: the logits Z^L, softmax + cross-entropy inside output_delta.
# Backwards, A^(l−1) reaches the cost through W^l and, for a residual layer l, directly:
#   ∂C/∂A^(l−1) = δ^l (W^l)^⊤ + [l residual] ∂C/∂A^l,   δ^(l−1) = ∂C/∂A^(l−1) ⊙ relu′(Z^(l−1)).

def _residual(L, l):
    return 2 <= l <= L - 1


def _reference_gradients(X, Y, W, b, output_delta, skip=True, skip_back="grad",
                         slope_of="Z", relu_out=False, bias=True, bp3=None, bp4_n=False):
    """dW, db of the residual network; the keywords make one typical mistake each:
    ``skip=False`` forgets the shortcut going forwards; ``skip_back`` is what flows back
    along it ("grad" = ∂C/∂A^l, right; "none"; "delta" = δ^l instead; "after" = added to
    δ after the ReLU's slope); ``slope_of="A"`` takes relu′ of the output A, not of Z."""
    L = len(W)
    A, Z = {0: X}, {}
    for l in range(1, L + 1):
        Z[l] = A[l - 1] @ W[l] + (b[l] if bias else 0.0)
        A[l] = np.maximum(Z[l], 0.0)
        if skip and _residual(L, l):
            A[l] = A[l] + A[l - 1]
    delta = output_delta(np.maximum(Z[L], 0.0) if relu_out else Z[L], Y)
    dW, db, grad_A = {}, {}, None
    for l in range(L, 0, -1):
        dW[l] = A[l - 1].T @ delta / (len(X) if bp4_n else 1)
        db[l] = bp3(delta) if bp3 else delta.sum(axis=0)
        if l == 1:
            break
        slope = (A[l - 1] if slope_of == "A" else Z[l - 1]) > 0
        through_W = delta @ W[l].T
        if not _residual(L, l) or skip_back == "none":
            grad_A = through_W
        elif skip_back == "grad":
            grad_A = through_W + grad_A
        elif skip_back == "delta":
            grad_A = through_W + delta
        if skip_back == "after" and _residual(L, l):
            delta = through_W * slope + grad_A
            grad_A = through_W + grad_A
        else:
            delta = grad_A * slope
    return dW, db


def _wrong(**mistake):
    return lambda X, Y, W, b, output_delta: _reference_gradients(X, Y, W, b, output_delta,
                                                                 **mistake)


_TWO_PATHS = ("in a residual layer l, A^(l−1) reaches the cost along two paths, through W^l "
              "and straight over the shortcut into A^l: its gradient is the sum of both "
              "(chapter 4: a Value used twice adds up the gradients of its uses).")
_RESIDUAL_MISTAKES = [
    ("the forward pass has no shortcut: layers 2, …, L−1 ADD their input to their result, "
     "A^l = A^(l−1) + relu(Z^l) (layer 1 and the output layer have none).",
     _wrong(skip=False, skip_back="none")),
    (_TWO_PATHS, _wrong(skip_back="none")),
    ("what flows back over the shortcut is ∂C/∂A^l, the gradient of the residual layer's "
     "OUTPUT, not δ^l = ∂C/∂Z^l: carry ∂C/∂A from one layer down to the next.",
     _wrong(skip_back="delta")),
    ("the shortcut's gradient joins ∂C/∂A^(l−1) BEFORE the ReLU's slope: the unit's slope "
     "multiplies everything that reaches A^(l−1), δ^(l−1) = ∂C/∂A^(l−1) ⊙ relu′(Z^(l−1)).",
     _wrong(skip_back="after")),
    ("relu′ takes the weighted input Z^(l−1), not the layer's output A^(l−1): with the "
     "shortcut, A^(l−1) can be positive where the unit is off.", _wrong(slope_of="A")),
    ("the hidden layers are ReLU, and there is no ReLU on the output layer: output_delta "
     "takes the logits Z^L (the softmax is inside it).", _wrong(relu_out=True)),
    ("add the biases in the forward pass: Z^l = A^(l−1) W^l + b^l.", _wrong(bias=False)),
    ("BP3 sums δ^l over the samples: a sum and not a mean (δ already holds the 1/n).",
     _wrong(bp3=lambda d: d.mean(axis=0))),
    ("do not divide BP4 by n again: δ already holds the 1/n.", _wrong(bp4_n=True)),
]


def _flat(dW, db):
    return np.concatenate([np.ravel(g) for l in sorted(dW) for g in (dW[l], db[l])])


def _gradient_dicts(result, W, b, inputs):
    """The learner's (dW, db) as checked dicts of float64 arrays (WrongResult if malformed)."""
    if not isinstance(result, (tuple, list)) or len(result) != 2 \
            or not all(isinstance(part, dict) for part in result):
        raise WrongResult(f"expected the pair (dW, db) of two dicts, got "
                          f"{type(result).__name__}",
                          "return dW, db: two dicts keyed by the layer number l = 1, …, L, "
                          "like W and b.")
    checked = []
    for name, grads, params in (("dW", result[0], W), ("db", result[1], b)):
        if sorted(grads, key=str) != sorted(params, key=str):
            missing = [l for l in params if l not in grads]
            numbered = all(isinstance(key, (int, np.integer)) for key in grads)
            raise WrongResult(
                f"{name} has the keys {sorted(grads, key=str)}, expected {sorted(params)}",
                (f"{name} has no entry for layer {missing[0]}: the backward loop must run "
                 f"for l = L, L − 1, …, 1, down to the first layer."
                 if missing and numbered else
                 f"key {name} by the layer number l (1, 2, …), as W[l] and b[l] are."))
        out = {}
        for l in params:
            value = require_array(grads[l], f"{name}[{l}]", inputs)
            if value.shape != np.shape(params[l]):
                raise WrongResult(
                    f"{name}[{l}] has shape {value.shape}, expected {np.shape(params[l])}, "
                    f"the shape of {name[1:]}[{l}]",
                    "each gradient has the shape of its parameter: BP4 "
                    "(A^(l−1))^⊤ δ^l has the shape of W^l, BP3 sums δ^l over the samples "
                    "to the shape of b^l.")
            out[l] = value
        checked.append(out)
    return checked


def _layer_diagnosis(dW, db, right_dW, right_db):
    """Which layers are wrong, in words, and a hint that follows from the pattern."""
    L = len(right_dW)

    def wrong(got, want):
        return [l for l in range(1, L + 1)
                if not np.allclose(got[l], want[l], rtol=1e-6, atol=1e-10)]
    bad_W, bad_b = wrong(dW, right_dW), wrong(db, right_db)
    if not bad_W and not bad_b:
        return "", ""
    right = ([f"dW[{l}]" for l in range(1, L + 1) if l not in bad_W]
             + [f"db[{l}]" for l in range(1, L + 1) if l not in bad_b])
    detail = (f"wrong: {', '.join([f'dW[{l}]' for l in bad_W] + [f'db[{l}]' for l in bad_b])}"
              f"; right: {', '.join(right) or 'none'}")
    if not bad_W:
        hint = ("every dW is right but some db are not: BP3 sums δ^l over the samples, a "
                "sum and not a mean (δ already holds the 1/n).")
    elif not bad_b:
        hint = ("every db is right, so the errors δ^l are right, but some dW are not: BP4 "
                "multiplies by the activations of the layer BELOW, (A^(l−1))^⊤ δ^l, with "
                "A^0 = X and the shortcut included in A^(l−1).")
    elif L not in bad_W and L not in bad_b:
        hint = "the output layer is right, the layers below are not: " + _TWO_PATHS
    else:
        hint = ("even the output layer is wrong: check the forward pass (ReLU and the "
                "shortcut on the hidden layers, the logits Z^L into output_delta).")
    return detail, hint


def _quiet_flat(function, args):
    try:
        with np.errstate(all="ignore"):
            return _flat(*function(*args))
    except Exception:
        return None


def _residual_adapter(function):
    """Run the learner's residual_gradients; flatten its (dW, db), or explain what is wrong."""
    @functools.wraps(function)
    def flat(X, Y, W, b, output_delta):
        before = ({l: v.copy() for l, v in W.items()}, {l: v.copy() for l, v in b.items()})
        pristine = (X.copy(), Y.copy(), *before, output_delta)
        right_dW, right_db = _reference_gradients(*pristine)
        known = [(hint, _quiet_flat(wrong, pristine)) for hint, wrong in _RESIDUAL_MISTAKES]
        result = function(X, Y, W, b, output_delta)
        for name, now, then in (("W", W, before[0]), ("b", b, before[1])):
            if sorted(now, key=str) != sorted(then, key=str) or any(
                    not np.array_equal(now[l], then[l]) for l in then):
                raise WrongResult(f"your function changed its input `{name}` in place",
                                  f"do not modify the parameters (e.g. `{name}[l] -= ...` or "
                                  f"`{name}[l] = ...`): only read them.")
        dW, db = _gradient_dicts(result, W, b, (X,))
        detail, hint = _layer_diagnosis(dW, db, right_dW, right_db)
        if detail:
            got = _flat(dW, db)
            hint = next((known_hint for known_hint, value in known if value is not None
                         and value.shape == got.shape
                         and np.allclose(value, got, rtol=1e-9, atol=1e-12)),
                        hint + " (The check passes a correct version of (a) as "
                        "output_delta: use that argument.)")
            raise WrongResult(detail, hint, structural=False)
        return _flat(dW, db)
    return flat


_SHAPES = ("check the shapes: layer 1 changes the width, so it has no shortcut; layers 2, …, "
           "L−1 keep it (W^l is square) and add their input; BP4 is (A^(l−1))^⊤ δ^l with the "
           "activations of the layer BELOW (A^0 = X).")


def _residual_case(description, n_in, width, L, n_classes, n, seed, hint=_SHAPES):
    """A residual network: n_in -> width (ReLU), L − 2 residual layers, -> n_classes."""
    rng = np.random.default_rng(seed)
    sizes = [n_in] + [width] * (L - 1) + [n_classes]
    X = rng.normal(0.0, 1.0, (n, n_in))
    Y = one_hot(rng.integers(0, n_classes, n), n_classes)
    W = {l: rng.normal(0.0, 1.2 / np.sqrt(sizes[l - 1]), (sizes[l - 1], sizes[l]))
         for l in range(1, L + 1)}
    b = {l: rng.normal(0.0, 0.3, sizes[l]) for l in range(1, L + 1)}
    dW, db = _reference_gradients(X, Y, W, b, _right_softmax_delta)
    return Case(description, (X, Y, W, b, _right_softmax_delta), _flat(dW, db), hint=hint)


def check_residual_gradients(residual_gradients, hidden=False):
    """``residual_gradients(X, Y, W, b, output_delta)`` -> (dW, db): the gradient of the mean
    cross-entropy of a network whose hidden layers 2, …, L−1 have skip connections,
    A^l = A^(l−1) + relu(Z^l).  The check passes a correct version of part (a)."""
    cases = [
        _residual_case("L = 2: one ReLU layer, no shortcut yet", 3, 4, 2, 3, 5, 80),
        _residual_case("L = 3: one residual layer, 2 → 5 → 5 → 3, 6 samples", 2, 5, 3, 3, 6,
                       81),
        _residual_case("L = 5: three residual layers in a row, 4 → 6 → … → 2, 7 samples",
                       4, 6, 5, 2, 7, 82),
        _residual_case("L = 4, one sample", 3, 5, 4, 4, 1, 83),
        _residual_case("hidden: L = 6, 5 → 8 → … → 4, 9 samples", 5, 8, 6, 4, 9, 84),
        _residual_case("hidden: L = 3, 6 → 3 → 3 → 5, 4 samples", 6, 3, 3, 5, 4, 85),
    ]
    for case in cases[-2:]:
        case.hidden = True
    run_check("residual_gradients", _residual_adapter(residual_gradients), cases,
              hidden=hidden, forbidden=("nnlib.network.Network.backprop",
                                         "nnlib.network.Network._backward_pass"))
