"""Self-checks for the exercises of chapter 1 (the neuron).

Each check runs hidden cases through :func:`nncourse.checks.run_check` and, when
they all pass, prints how closely the learner's function agrees with the piece
of ``nnlib`` that holds the same idea (``nnlib.sigmoid``, ``nnlib.relu_prime``,
a one-unit :class:`nnlib.Network`, ``nnlib.logic_gate``).  The multi-step
exercise 5 (a layer of threshold units, XOR and parity as two-layer circuits)
runs the learner's circuits through a reference layer, so each part is graded
on its own.
"""

import functools

import numpy as np

from nnlib.activations import relu_prime as _relu_prime
from nnlib.activations import sigmoid as _sigmoid
from nnlib.datasets.toy import logic_gate
from nnlib.network import Network
from ._core import Case, WrongResult, require_array, run_check

__all__ = ["check_sigmoid", "check_relu_prime", "check_neuron", "check_nand_unit",
           "check_threshold_layer", "check_xor_params", "check_parity_params"]


def _require_callable(name, function):
    if not callable(function):
        raise TypeError(f"check for {name!r} needs your function itself, e.g. "
                        f"check_{name}({name}); got {function!r}.")


def _quietly(function, *args):
    with np.errstate(all="ignore"):
        return np.asarray(function(*args), dtype=np.float64)


def _agreement(what, got, want, reference, points, tol=1e-12):
    same = bool(np.allclose(got, want, rtol=tol, atol=tol))
    print(f"   {what} {'agrees with' if same else 'differs from'} {reference} to within "
          f"{tol:.0e} on {points}.")


# --- exercise 1: a sigmoid that never overflows -------------------------------------------

OVERFLOW_HINT = ("np.exp(-z) overflows for z below about -709 (NumPy warns 'overflow "
                 "encountered in exp'), and exp(z) overflows for z above 709. Arrange for exp "
                 "to see only numbers ≤ 0, e.g. e = np.exp(-np.abs(z)), then pick 1/(1+e) or "
                 "e/(1+e) by the sign of z; or use σ(z) = ½(1 + tanh(z/2)). Careful: np.where "
                 "evaluates both of its branches on every element.")


def check_sigmoid(sigmoid, hidden=False):
    """Exercise: ``sigmoid(z)`` element-wise, correct and warning-free for any float z."""
    _require_callable("sigmoid", sigmoid)

    @functools.wraps(sigmoid)
    def without_overflow(z):
        # run_check silences floating-point errors; an overflow must still count here,
        # because in the learner's notebook it would print a RuntimeWarning.
        with np.errstate(over="raise"):
            return sigmoid(z)

    moderate = np.linspace(-10, 10, 21)
    hidden_z = np.random.default_rng(11).uniform(-30, 30, (4, 5))
    batch = np.arange(-6.0, 6.0).reshape(3, 4)
    cases = [
        Case("σ(0) = 0.5", (np.array([0.0]),), np.array([0.5]),
             hint="σ(z) = 1 / (1 + e^(−z)); at z = 0 that is 1 / 2."),
        Case("21 values from −10 to 10", (moderate,), _sigmoid(moderate),
             hint="σ(z) = 1 / (1 + e^(−z)): check the sign inside the exponential."),
        Case("a 2-D batch keeps its shape (3, 4)", (batch,), _sigmoid(batch),
             hint="Work element-wise with NumPy functions (np.exp, np.abs, np.where), "
                  "not math.exp or a Python loop over a flat list."),
        Case("z = −1000 and 1000 give exactly 0 and 1, with no overflow",
             (np.array([-1000.0, 1000.0]),), np.array([0.0, 1.0]), hint=OVERFLOW_HINT,
             rtol=0, atol=0),
        Case("z = −710 and 710, just past where exp overflows",
             (np.array([-710.0, 710.0]),), np.array([0.0, 1.0]), hint=OVERFLOW_HINT,
             atol=1e-300),
        Case("a (4, 5) batch of random z between −30 and 30", (hidden_z,), _sigmoid(hidden_z),
             hidden=True, rtol=1e-9, atol=1e-15),
        Case("z = −745 and 745, and a float64 scalar array", (np.array([-745.0, 0.0, 745.0]),),
             _sigmoid(np.array([-745.0, 0.0, 745.0])), hint=OVERFLOW_HINT, hidden=True,
             atol=1e-300),
    ]
    mistakes = [
        ("σ(z) = 1 / (1 + e^(−z)): the exponent is −z, not z (your function computes σ(−z)).",
         lambda z: _sigmoid(-z)),
        ("σ(z) = 1 / (1 + e^(−z)): the 1 + goes in the denominator, not e^(−z) alone.",
         lambda z: 1 / np.exp(-z)),
    ]
    if not run_check("sigmoid", without_overflow, cases, hint=OVERFLOW_HINT, mistakes=mistakes,
                     forbidden=("nnlib.sigmoid", "nnlib.activations.sigmoid"), hidden=hidden):
        return False
    z = np.linspace(-50, 50, 2001)
    _agreement("Your sigmoid", _quietly(sigmoid, z), _sigmoid(z), "nnlib.sigmoid",
               f"{z.size} points from −50 to 50")
    return True


# --- exercise 2: the derivative of ReLU -------------------------------------------------------

def check_relu_prime(relu_prime, hidden=False):
    """Exercise: ``relu_prime(z)``: 1 where z > 0, else 0 (0 at z = 0), same shape as z."""
    _require_callable("relu_prime", relu_prime)
    mixed = np.array([-2.0, -0.5, 0.5, 3.0])
    batch = np.array([[-1.0, 2.0, -3.0], [4.0, -5.0, 6.0]])
    hidden_batch = np.array([[0.0, -0.1, 0.1, 2.0], [-3.0, 0.0, 4.0, -5.0],
                             [1e-300, -1e-300, 7.0, 0.0]])
    cases = [
        Case("negative and positive z", (mixed,), np.array([0.0, 0.0, 1.0, 1.0]),
             hint="The derivative is the slope of max(0, z): 0 on the left, 1 on the right; "
                  "it does not grow with z (that would be ReLU itself)."),
        Case("z = 0 exactly (the course takes the slope there to be 0)",
             (np.array([-1.0, 0.0, 1.0]),), np.array([0.0, 0.0, 1.0]),
             hint="At z = 0 the slope is undefined; use the convention of nnlib.relu_prime, "
                  "1 only where z > 0 (strictly), and avoid dividing by z."),
        Case("a 2-D batch keeps its shape (2, 3)", (batch,), _relu_prime(batch),
             hint="Return an array of the same shape as z, computed element-wise."),
        Case("tiny and huge values", (np.array([1e-12, 1e12, -1e-12, -1e12]),),
             np.array([1.0, 1.0, 0.0, 0.0]),
             hint="Only the sign of z matters, not its size."),
        Case("a (3, 4) batch with zeros in it", (hidden_batch,), _relu_prime(hidden_batch),
             hidden=True),
    ]
    mistakes = [
        ("that is ReLU itself, max(0, z); its derivative is 0 or 1, the slope, not the value.",
         lambda z: np.maximum(0.0, z)),
        ("at z = 0 the course takes the slope to be 0: use z > 0, not z >= 0.",
         lambda z: (z >= 0).astype(float)),
        ("the slope is 1 on the RIGHT (z > 0) and 0 on the left: your function is reversed.",
         lambda z: (z < 0).astype(float)),
    ]
    if not run_check("relu_prime", relu_prime, cases, mistakes=mistakes,
                     forbidden=("nnlib.relu_prime", "nnlib.activations.relu_prime"),
                     hidden=hidden):
        return False
    z = np.linspace(-5, 5, 1001)
    same = bool(np.array_equal(_quietly(relu_prime, z), _relu_prime(z)))
    print(f"   Your relu_prime {'matches' if same else 'differs from'} nnlib.relu_prime "
          f"on {z.size} points from −5 to 5.")
    return True


# --- exercise 3: a sigmoid neuron on a batch ----------------------------------------------------

def _neuron(X, w, b):
    return _sigmoid(X @ w + b)


def check_neuron(neuron, hidden=False):
    """Exercise: ``neuron(X, w, b)`` = σ(X @ w + b) for X (n, k), w (k,), b a number; shape (n,)."""
    _require_callable("neuron", neuron)
    rng = np.random.default_rng(1)
    X_wide, w_wide = rng.normal(size=(5, 3)), rng.normal(size=3)
    X_square, w_square = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([1.0, -0.5])
    X_zero = np.zeros((3, 2))
    X_hidden, w_hidden = rng.normal(size=(7, 4)), rng.normal(size=4)
    cases = [
        Case("one sample, X of shape (1, 2), bias 0",
             (np.array([[1.0, 2.0]]), np.array([0.75, -0.25]), 0.0),
             _neuron(np.array([[1.0, 2.0]]), np.array([0.75, -0.25]), 0.0),
             hint="z = x1·w1 + x2·w2 + b, then a = σ(z). Samples are the rows of X, so "
                  "z = X @ w + b (not X.T @ w); return shape (n,), one number per sample."),
        Case("inputs all 0: only the bias is left", (X_zero, np.array([2.0, -1.0]), -3.0),
             _neuron(X_zero, np.array([2.0, -1.0]), -3.0),
             hint="Did you add the bias b to the weighted sum, and apply σ afterwards?"),
        Case("a (2, 2) batch whose transpose would give other numbers",
             (X_square, w_square, 0.5), _neuron(X_square, w_square, 0.5),
             hint="Samples are rows: each row of X is one input, so z = X @ w + b "
                  "(not X.T @ w)."),
        Case("5 samples with 3 inputs each", (X_wide, w_wide, 0.2),
             _neuron(X_wide, w_wide, 0.2),
             hint="Use the matrix product X @ w, so that any number of samples and of "
                  "inputs works; the result has one number per sample, shape (n,)."),
        Case("7 samples with 4 inputs each and a negative bias", (X_hidden, w_hidden, -0.7),
             _neuron(X_hidden, w_hidden, -0.7), hidden=True),
    ]
    mistakes = [
        ("add the bias b to the weighted sum before applying σ: σ(X @ w + b).",
         lambda X, w, b: _sigmoid(X @ w)),
        ("apply σ to the whole weighted sum, bias included: σ(X @ w + b), not σ(X @ w) + b.",
         lambda X, w, b: _sigmoid(X @ w) + b),
        ("the neuron's output is a = σ(z), not the weighted input z itself.",
         lambda X, w, b: X @ w + b),
        ("samples are rows: z = X @ w + b (X.T would mix up samples and inputs).",
         lambda X, w, b: _sigmoid(X.T @ w + b)),
    ]
    if not run_check("neuron", neuron, cases, mistakes=mistakes, hidden=hidden):
        return False
    net = Network([3, 1], activations="sigmoid", seed=0)
    X = rng.normal(size=(100, 3))
    w, b = net.weights[0][:, 0], float(net.biases[0][0])
    _agreement("Your neuron", _quietly(neuron, X, w, b), net.forward(X)[:, 0],
               "a one-unit nnlib.Network([3, 1], 'sigmoid')", f"{len(X)} samples")
    return True


# --- exercise 4: NAND from one McCulloch–Pitts unit --------------------------------------------

def _is_binary(expected):
    def check(result):
        result = np.asarray(result)
        return (result.shape == expected.shape and np.isin(result, [0, 1]).all()
                and np.array_equal(result.astype(int), expected))
    return check


def check_nand_unit(nand_unit, hidden=False):
    """Exercise: ``nand_unit(X)`` for binary rows X (n, 2): 0 only where both inputs are 1."""
    _require_callable("nand_unit", nand_unit)
    X_table, y_table = logic_gate("nand")
    X_long = np.array([[1, 1], [0, 0], [1, 1], [0, 1], [1, 0], [1, 1], [0, 0], [1, 0]],
                      dtype=np.float64)
    y_long = 1 - (X_long[:, 0] * X_long[:, 1]).astype(int)
    X_hidden = np.array([[1, 0], [1, 1], [0, 0], [0, 1]] * 3, dtype=np.float64)[
        np.random.default_rng(5).permutation(12)]
    cases = [
        Case("the truth table (0,0), (0,1), (1,0), (1,1) → 1, 1, 1, 0", (X_table,),
             y_table.astype(np.float64),
             hint="NAND is NOT(AND): it fires unless both inputs are on. With weights "
                  "w1 = w2 and threshold θ, which sums must reach θ and which must not?"),
        Case("8 rows in another order", (X_long,), y_long.astype(np.float64),
             hint="Compute each row from its own inputs with one matrix product (X @ w), "
                  "not from its position in the table."),
        Case("a single row (1, 1)", (np.array([[1.0, 1.0]]),), np.array([0.0]),
             hint="Return one output per row: shape (n,), here (1,)."),
        Case("outputs are exactly 0 or 1 (the unit fires or it does not)", (X_table,),
             _is_binary(y_table),
             hint="A McCulloch–Pitts unit outputs 1 when Σ wᵢxᵢ ≥ θ and 0 otherwise: "
                  "no sigmoid, no probabilities, shape (n,)."),
        Case("12 rows, the truth table three times in another order", (X_hidden,),
             1.0 - X_hidden[:, 0] * X_hidden[:, 1], hidden=True),
    ]
    mistakes = [
        ("that is AND, not NAND: NAND is 0 only where both inputs are 1.",
         lambda X: (X[:, 0] * X[:, 1]).astype(float)),
        ("that is OR: NAND is 0 only where both inputs are 1 (it is NOT AND).",
         lambda X: np.maximum(X[:, 0], X[:, 1]).astype(float)),
        ("that is NOR: NAND outputs 1 unless BOTH inputs are on.",
         lambda X: 1.0 - np.maximum(X[:, 0], X[:, 1])),
        ("return one output per row, shape (n,), not a column (n, 1).",
         lambda X: (1.0 - X[:, 0] * X[:, 1])[:, None]),
    ]
    if not run_check("nand_unit", nand_unit, cases, mistakes=mistakes,
                     forbidden=("nnlib.logic_gate", "nnlib.datasets.logic_gate",
                                "nnlib.datasets.toy.logic_gate"), hidden=hidden):
        return False
    same = bool(np.array_equal(_quietly(nand_unit, X_table), y_table))
    print(f"   Your unit {'reproduces' if same else 'differs from'} "
          f"nnlib.logic_gate('nand') on all {len(X_table)} rows.")
    return True



# --- exercise 5 (multi-step): the XOR circuit in code ------------------------------------------

def _layer(A, W, b):
    """A layer of threshold units: 1 where A @ W + b >= 0, else 0 (reference for the checks)."""
    return (A @ W + b >= 0).astype(int)


def _all_inputs(k):
    """The 2^k binary rows of k inputs, in counting order: (0…0), (0…01), …, (1…1)."""
    return ((np.arange(2 ** k)[:, None] >> np.arange(k)[::-1]) & 1).astype(np.float64)


def _parity(X):
    return (X.sum(axis=1) % 2).astype(int)


def check_threshold_layer(threshold_layer, hidden=False):
    """Part (a): ``threshold_layer(A, W, b)``: m threshold units on a batch, (n, k) -> (n, m)."""
    _require_callable("threshold_layer", threshold_layer)
    X2 = _all_inputs(2)
    W_and_or, b_and_or = np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([-2.0, -1.0])
    W_one, b_one = np.array([[-1.0], [2.0]]), np.array([0.0])
    X3 = _all_inputs(3)
    W_3x3 = np.array([[1.0, 2.0, -1.0], [0.0, 1.0, 3.0], [-2.0, 1.0, 1.0]])
    b_3x3 = np.array([-1.0, -2.0, 0.5])
    W_3x4 = np.array([[2.0, -1.0, 1.0, 0.5], [1.0, 1.0, -3.0, 0.5], [-1.0, 2.0, 1.0, 0.5]])
    b_3x4 = np.array([-1.0, -1.0, 0.0, -1.0])
    rng = np.random.default_rng(111)
    A_hidden = rng.integers(0, 2, size=(20, 5)).astype(np.float64)
    W_hidden = rng.integers(-3, 4, size=(5, 6)).astype(np.float64)
    b_hidden = rng.integers(-3, 4, size=6).astype(np.float64)
    cases = [
        Case("AND (bias −2) and OR (bias −1) side by side on the four input pairs",
             (X2, W_and_or, b_and_or), _layer(X2, W_and_or, b_and_or), rtol=0, atol=0,
             hint="Unit j fires where z_j = Σ_i a_i W_ij + b_j ≥ 0: Z = A @ W + b, then "
                  "1 where Z ≥ 0 and 0 elsewhere. Column j of the result belongs to unit j."),
        Case("a layer of one unit keeps its column: shape (4, 1)", (X2, W_one, b_one),
             _layer(X2, W_one, b_one), rtol=0, atol=0,
             hint="Return one column per unit, shape (n, m), also when m = 1."),
        Case("3 inputs and 3 units, W not symmetric, on all 8 input rows", (X3, W_3x3, b_3x3),
             _layer(X3, W_3x3, b_3x3), rtol=0, atol=0,
             hint="Samples are rows and W has one row per input: Z = A @ W + b "
                  "(not A @ W.T)."),
        Case("3 inputs and 4 units with sums that land exactly on 0", (X3, W_3x4, b_3x4),
             _layer(X3, W_3x4, b_3x4), rtol=0, atol=0,
             hint="A unit whose weighted input is exactly 0 fires: use ≥ 0, not > 0."),
        Case("outputs are exactly 0 or 1 (each unit fires or it does not)",
             (X3, W_3x4, b_3x4), _is_binary(_layer(X3, W_3x4, b_3x4)),
             hint="A threshold unit outputs 1 or 0, no sigmoid in between."),
        Case("20 random rows, 5 inputs, 6 units", (A_hidden, W_hidden, b_hidden),
             _layer(A_hidden, W_hidden, b_hidden), rtol=0, atol=0, hidden=True),
        Case("a single row, 5 inputs, 6 units", (A_hidden[:1], W_hidden, b_hidden),
             _layer(A_hidden[:1], W_hidden, b_hidden), rtol=0, atol=0, hidden=True),
    ]
    mistakes = [
        ("a unit whose weighted input is exactly 0 fires (z ≥ 0, as mp_unit's sum ≥ θ): use "
         ">= 0, not > 0.", lambda A, W, b: (A @ W + b > 0).astype(int)),
        ("b is the bias, minus the threshold: the unit fires where A @ W + b ≥ 0, not where "
         "A @ W ≥ b.", lambda A, W, b: (A @ W - b >= 0).astype(int)),
        ("samples are rows and W has one row per input and one column per unit: Z = A @ W + b, "
         "not A @ W.T.", lambda A, W, b: (A @ W.T + b >= 0).astype(int)),
        ("the layer's output is the step of Z, 0 or 1, not the weighted input Z = A @ W + b "
         "itself.", lambda A, W, b: A @ W + b),
        ("a threshold unit outputs 0 or 1, not σ(z): compare Z with 0 instead of squashing it.",
         lambda A, W, b: _sigmoid(A @ W + b)),
        ("the bias is added to every unit's weighted sum, b_j to column j: A @ W + b, "
         "not A @ W alone.", lambda A, W, b: (A @ W >= 0).astype(int)),
    ]
    if not run_check("threshold_layer", threshold_layer, cases, mistakes=mistakes,
                     hidden=hidden):
        return False
    net = Network([5, 6], activations="step")
    net.set_params(W1=W_hidden, b1=b_hidden)
    A = _all_inputs(5)
    same = bool(np.array_equal(_quietly(threshold_layer, A, W_hidden, b_hidden),
                               net.forward(A)))
    print(f"   Your layer {'matches' if same else 'differs from'} a step-activation "
          f"nnlib.Network([5, 6]) on all {len(A)} rows of 5 binary inputs.")
    return True


def _circuit_params(params, k, what):
    """Validate (W1, b1, W2, b2) for a two-layer circuit on k inputs; return them as arrays."""
    if not isinstance(params, (tuple, list)) or len(params) != 4:
        raise WrongResult(f"expected four arrays (W1, b1, W2, b2), got {_short_kind(params)}",
                          f"end {what} with `return W1, b1, W2, b2`.")
    names = ("W1", "b1", "W2", "b2")
    W1, b1, W2, b2 = (require_array(p, name) for p, name in zip(params, names))
    m = W1.shape[1] if W1.ndim == 2 else None
    expected = {"W1": (k, m), "b1": (m,), "W2": (m, 1), "b2": (1,)}
    if W1.ndim != 2 or W1.shape[0] != k:
        raise WrongResult(f"W1 has shape {W1.shape}; it needs one row per input and one column "
                          f"per hidden unit, shape ({k}, m)",
                          "samples are rows: Z1 = X @ W1 + b1, so W1 has shape (k, m) for k "
                          "inputs and m hidden units.")
    for name, value in zip(names[1:], (b1, W2, b2)):
        if value.shape != expected[name]:
            raise WrongResult(f"{name} has shape {value.shape}, expected {expected[name]} "
                              f"(with m = {m} hidden units)",
                              "b1 has one bias per hidden unit, shape (m,); the output layer "
                              "has one unit: W2 of shape (m, 1) (a column, e.g. "
                              "np.array([[1], [1]])) and b2 of shape (1,).")
    return W1, b1, W2, b2


def _short_kind(value):
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)}"
    return f"a {type(value).__name__}"


def _run_circuit(params, X):
    W1, b1, W2, b2 = params
    hidden = _layer(X, W1, b1)
    return hidden, _layer(hidden, W2, b2)[:, 0]


def _gate(table):
    """A function of X giving ``table[(x1, x2)]`` for each row (for the mistakes)."""
    return lambda X: np.array([table[(int(x1), int(x2))] for x1, x2 in X])


def check_xor_params(xor_params, hidden=False):
    """Part (b): ``xor_params()`` -> (W1, b1, W2, b2) of a two-layer threshold circuit for XOR."""
    _require_callable("xor_params", xor_params)

    @functools.wraps(xor_params)
    def circuit(X):
        params = _circuit_params(xor_params(), 2, "xor_params")
        return _run_circuit(params, X)[1]

    X_table = _all_inputs(2)
    X_long = X_table[[3, 0, 1, 3, 2, 0, 2, 1]]
    X_hidden = np.tile(X_table, (3, 1))[np.random.default_rng(6).permutation(12)]
    cases = [
        Case("the truth table (0,0), (0,1), (1,0), (1,1) → 0, 1, 1, 0", (X_table,),
             _parity(X_table), rtol=0, atol=0,
             hint="Two hidden units with different jobs, e.g. 'at least one input is on' and "
                  "'not both are on'; the output unit fires when both hidden units do."),
        Case("8 rows in another order", (X_long,), _parity(X_long), rtol=0, atol=0),
        Case("12 rows, the truth table three times in another order", (X_hidden,),
             _parity(X_hidden), rtol=0, atol=0, hidden=True),
    ]
    table = {"OR": {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 1},
             "AND": {(0, 0): 0, (0, 1): 0, (1, 0): 0, (1, 1): 1},
             "NAND": {(0, 0): 1, (0, 1): 1, (1, 0): 1, (1, 1): 0},
             "XNOR": {(0, 0): 1, (0, 1): 0, (1, 0): 0, (1, 1): 1}}
    mistakes = [
        ("your circuit computes OR: it also fires at (1, 1). XOR needs a second hidden unit "
         "that is silent only when both inputs are on (a NAND), and an output that needs both.",
         _gate(table["OR"])),
        ("your circuit computes AND: XOR fires when exactly one input is on, not both.",
         _gate(table["AND"])),
        ("your circuit computes NAND: it also fires at (0, 0). The output must need 'at least "
         "one on' as well as 'not both on'.", _gate(table["NAND"])),
        ("your circuit computes XNOR, the opposite of XOR: check the signs of the output "
         "unit's weights and bias (b = −θ).", _gate(table["XNOR"])),
    ]
    if not run_check("xor_params", circuit, cases, mistakes=mistakes, hidden=hidden):
        return False
    params = _circuit_params(xor_params(), 2, "xor_params")
    hidden_rows, _ = _run_circuit(params, X_table)
    moved = ", ".join("(" + ", ".join(str(v) for v in row) + ")" for row in hidden_rows)
    print(f"   Your hidden layer moves (0, 0), (0, 1), (1, 0), (1, 1) to {moved}; "
          "there one line separates the two classes.")
    return True


def check_parity_params(parity_params, hidden=False):
    """Part (c): ``parity_params(k)`` -> a two-layer circuit of at most k hidden threshold units
    that outputs 1 when an odd number of the k inputs are on."""
    _require_callable("parity_params", parity_params)

    @functools.wraps(parity_params)
    def circuit(k):
        params = _circuit_params(parity_params(k), k, "parity_params")
        m = params[0].shape[1]
        if m > k:
            raise WrongResult(f"for k = {k} your hidden layer has {m} units; at most k = {k} "
                              "are allowed",
                              "one unit per odd input pattern works but grows like 2^k. With "
                              "all weights 1 a unit counts the inputs that are on; k units "
                              "with different biases can report 'at least 1', 'at least 2', …")
        return _run_circuit(params, _all_inputs(k))[1]

    cases = [Case(f"k = {k}: all {2 ** k} rows of {k} binary inputs", (k,),
                  _parity(_all_inputs(k)), rtol=0, atol=0, hidden=hidden_case)
             for k, hidden_case in [(2, False), (3, False), (1, False), (4, True), (5, True),
                                    (8, True)]]
    cases[0].hint = ("XOR is the parity of 2 inputs: your circuit must output 1 exactly when an "
                     "odd number of inputs are on.")
    mistakes = [
        ("your circuit fires when at least one input is on (OR). Give the output unit weights "
         "of alternating sign, so that 'at least 2 on' cancels 'at least 1 on', and so on.",
         lambda k: (_all_inputs(k).sum(axis=1) >= 1).astype(int)),
        ("your circuit fires for an EVEN number of inputs on: the opposite of parity. Check the "
         "output unit's bias, or whether the hidden unit j fires from j inputs on (bias −j), "
         "not from j − 1.", lambda k: 1 - _parity(_all_inputs(k))),
        ("your circuit fires when exactly one input is on. That equals parity for k = 2 only: "
         "with 3 inputs on, the count is odd as well.",
         lambda k: (_all_inputs(k).sum(axis=1) == 1).astype(int)),
        ("your circuit fires when the inputs are all on (AND): parity fires for 1, 3, 5, … "
         "inputs on.", lambda k: (_all_inputs(k).sum(axis=1) == k).astype(int)),
    ]
    if not run_check("parity_params", circuit, cases, mistakes=mistakes, hidden=hidden):
        return False
    ks = sorted(case.args[0] for case in cases if case.hidden == hidden)
    print(f"   Your circuit computes the parity of k inputs for k = "
          f"{', '.join(str(k) for k in ks)}, checked on every one of the 2^k input rows.")
    return True
