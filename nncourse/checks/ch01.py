"""Self-checks for the exercises of chapter 1 (the neuron).

Each check runs hidden cases through :func:`nncourse.checks.run_check`.  When the
visible cases pass, it adds one line that relates the learner's function to the
piece of ``nnlib`` that holds the same idea (``nnlib.sigmoid``, ``nnlib.relu_prime``,
a one-unit :class:`nnlib.Network`, ``nnlib.logic_gate``); that comparison is one of
the cases, so the line only ever reports agreement.  The multi-step exercise 5 (a
layer of threshold units, XOR and parity as two-layer circuits) runs the learner's
circuits through a reference layer, so each part is graded on its own.  Every check
returns None: the cell shows the printed verdict only.
"""

import functools

import numpy as np

from nnlib.activations import relu_prime as _relu_prime
from nnlib.activations import sigmoid as _sigmoid
from nnlib.activations import step as _step
from nnlib.datasets.toy import logic_gate
from nnlib.gradcheck import compare
from nnlib.network import Network
from ._core import Case, WrongResult, _kind, require_array, run_check

__all__ = ["check_sigmoid", "check_relu_prime", "check_neuron", "check_nand_unit",
           "check_threshold_layer", "check_xor_params", "check_parity_params"]


def _answered(name, function, cases, adapter=None, **options):
    """run_check on ``adapter(function)`` (or the function itself), which prints the verdict.

    True once the learner's function answered the cases; False after the ⏳ reminder of an
    exercise not started (a wrong answer raises inside run_check).  Something that is not
    a function goes to run_check unchanged, which says what to pass instead.
    """
    if not callable(function):
        return run_check(name, function, cases)
    answered = []
    inner = adapter(function) if adapter else function

    @functools.wraps(inner)
    def recorded(*args):
        result = inner(*args)
        answered.append(True)
        return result

    run_check(name, recorded, cases, **options)
    return bool(answered)


def _quietly(function, *args):
    with np.errstate(all="ignore"):
        return np.asarray(function(*args), dtype=np.float64)


# --- exercise 1: a sigmoid that never overflows -------------------------------------------

OVERFLOW_HINT = ("e^(−z) overflows (past e^709) when z is very negative, and e^z when z is "
                 "very positive; NumPy then warns. So each side of 0 needs a formula whose "
                 "exponential cannot blow up there. The symmetry σ(−z) = 1 − σ(z) links the "
                 "two sides: what does it make of 1 / (1 + e^(−z)) for negative z, written as "
                 "one fraction? Careful: np.where(condition, a, b) computes both a and b for "
                 "every element before it chooses, so an overflow inside either still happens.")

PRECISION_HINT = ("for very negative z, σ(z) is tiny but not 0 (σ(−40) is about 4·10⁻¹⁸). "
                  "Computing it as 1 minus a number close to 1, as 1 − σ(−z) or "
                  "½(1 + tanh(z/2)) do, cancels every one of its digits: for negative z, use "
                  "a single fraction that divides instead of subtracting.")


def check_sigmoid(sigmoid, hidden=False):
    """Exercise: ``sigmoid(z)`` element-wise, correct and warning-free for any float z."""

    def without_overflow(function):
        @functools.wraps(function)
        def checked(z):
            # run_check silences floating-point errors; an overflow must still count here,
            # because in the learner's notebook it would print a RuntimeWarning.
            with np.errstate(over="raise"):
                return function(z)
        return checked

    moderate = np.linspace(-10, 10, 21)
    batch = np.arange(-6.0, 6.0).reshape(3, 4)
    tiny = np.array([-40.0, -100.0, -700.0])
    grid = np.linspace(-50, 50, 2001)
    hidden_z = np.random.default_rng(11).uniform(-30, 30, (4, 5))
    cases = [
        Case("σ(0) = 0.5", (np.array([0.0]),), np.array([0.5]),
             hint="σ(z) = 1 / (1 + e^(−z)); at z = 0 that is 1 / 2."),
        Case("21 values from −10 to 10", (moderate,), _sigmoid(moderate),
             hint="σ(z) = 1 / (1 + e^(−z)): check the sign inside the exponential."),
        Case("a 2-D batch keeps its shape (3, 4)", (batch,), _sigmoid(batch),
             hint="Work on the whole array with NumPy's element-wise functions, not math.exp "
                  "or a Python loop over a flat list; the result has the shape of z."),
        Case("z = −1000 and 1000 give exactly 0 and 1, with no overflow",
             (np.array([-1000.0, 1000.0]),), np.array([0.0, 1.0]), hint=OVERFLOW_HINT,
             rtol=0, atol=0),
        Case("z = −710 and 710, just past where exp overflows",
             (np.array([-710.0, 710.0]),), np.array([0.0, 1.0]), hint=OVERFLOW_HINT,
             atol=1e-300),
        Case("σ(−40), σ(−100) and σ(−700) keep their digits: tiny, not 0", (tiny,),
             _sigmoid(tiny), hint=PRECISION_HINT, rtol=1e-9, atol=0),
        Case(f"{grid.size} points from −50 to 50 agree with nnlib.sigmoid to within 1e-12",
             (grid,), _sigmoid(grid), hint=PRECISION_HINT, rtol=0, atol=1e-12),
        Case("a (4, 5) batch of random z between −30 and 30", (hidden_z,), _sigmoid(hidden_z),
             hidden=True, rtol=1e-9, atol=0),
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
    if _answered("sigmoid", sigmoid, cases, adapter=without_overflow, hint=OVERFLOW_HINT,
                 mistakes=mistakes, forbidden=("nnlib.sigmoid", "nnlib.activations.sigmoid"),
                 hidden=hidden) and not hidden:
        compare(_quietly(sigmoid, grid), _sigmoid(grid), 1e-12,
                f"   Your sigmoid and nnlib.sigmoid at {grid.size} points from −50 to 50")


# --- exercise 2: the derivative of ReLU -------------------------------------------------------

def check_relu_prime(relu_prime, hidden=False):
    """Exercise: ``relu_prime(z)``: 1 where z > 0, else 0 (0 at z = 0), same shape as z."""
    mixed = np.array([-2.0, -0.5, 0.5, 3.0])
    batch = np.array([[-1.0, 2.0, -3.0], [4.0, -5.0, 6.0]])
    grid = np.linspace(-5, 5, 1001)
    hidden_batch = np.array([[0.0, -0.1, 0.1, 2.0], [-3.0, 0.0, 4.0, -5.0],
                             [1e-300, -1e-300, 7.0, 0.0]])
    cases = [
        Case("negative and positive z", (mixed,), np.array([0.0, 0.0, 1.0, 1.0]),
             hint="The derivative is the slope of max(0, z): how steep is the graph left of "
                  "0, and how steep right of it? It does not grow with z (ReLU itself does)."),
        Case("z = 0 exactly (the course takes the slope there to be 0)",
             (np.array([-1.0, 0.0, 1.0]),), np.array([0.0, 0.0, 1.0]),
             hint="At z = 0 the slope is undefined, and the course (like nnlib.relu_prime) "
                  "takes it to be 0. Decide from the sign of z alone: dividing by z fails "
                  "at 0."),
        Case("a 2-D batch keeps its shape (2, 3)", (batch,), _relu_prime(batch),
             hint="Return an array of the same shape as z, computed element-wise."),
        Case("tiny and huge values", (np.array([1e-12, 1e12, -1e-12, -1e12]),),
             np.array([1.0, 1.0, 0.0, 0.0]),
             hint="Only the sign of z matters, not its size."),
        Case(f"{grid.size} points from −5 to 5, z = 0 among them, equal nnlib.relu_prime",
             (grid,), _relu_prime(grid), rtol=0, atol=0,
             hint="The slope is exactly 0 or exactly 1, nothing in between."),
        Case("a (3, 4) batch with zeros in it", (hidden_batch,), _relu_prime(hidden_batch),
             hidden=True),
    ]
    mistakes = [
        ("that is ReLU itself, max(0, z); its derivative is the slope of that graph, not its "
         "value.", lambda z: np.maximum(0.0, z)),
        ("at z = 0 the course takes the slope to be 0: your function gives 1 there (compare "
         "with > 0, not >= 0).", lambda z: (z >= 0).astype(float)),
        ("the slope is 1 on the RIGHT (z > 0) and 0 on the left: your function is reversed.",
         lambda z: (z < 0).astype(float)),
    ]
    if _answered("relu_prime", relu_prime, cases, mistakes=mistakes,
                 forbidden=("nnlib.relu_prime", "nnlib.activations.relu_prime"),
                 hidden=hidden) and not hidden:
        print(f"   Your relu_prime equals nnlib.relu_prime at all {grid.size} points "
              "from −5 to 5.")


# --- exercise 3: a sigmoid neuron on a batch ----------------------------------------------------

def _neuron(X, w, b):
    return _sigmoid(X @ w + b)


def check_neuron(neuron, hidden=False):
    """Exercise: ``neuron(X, w, b)`` = σ(X @ w + b) for X (n, k), w (k,), b a number; shape (n,)."""
    rng = np.random.default_rng(1)
    X_wide, w_wide = rng.normal(size=(5, 3)), rng.normal(size=3)
    X_square, w_square = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([1.0, -0.5])
    X_zero = np.zeros((3, 2))
    X_hidden, w_hidden = rng.normal(size=(7, 4)), rng.normal(size=4)
    net = Network([3, 1], activations="sigmoid", seed=0)
    params = net.get_params()
    X_net, w_net, b_net = rng.normal(size=(100, 3)), params["W1"][:, 0], float(params["b1"][0])
    cases = [
        Case("one sample, X of shape (1, 2), bias 0",
             (np.array([[1.0, 2.0]]), np.array([0.75, -0.25]), 0.0),
             _neuron(np.array([[1.0, 2.0]]), np.array([0.75, -0.25]), 0.0),
             hint="Each row of X is one sample: its weighted input z is the dot product of "
                  "that row with w, plus b, and its activation is σ(z). One number per "
                  "sample: shape (n,)."),
        Case("inputs all 0: only the bias is left", (X_zero, np.array([2.0, -1.0]), -3.0),
             _neuron(X_zero, np.array([2.0, -1.0]), -3.0),
             hint="With every input 0 the neuron's output is σ(b): is the bias added, and is "
                  "σ applied after adding it?"),
        Case("a (2, 2) batch whose transpose would give other numbers",
             (X_square, w_square, 0.5), _neuron(X_square, w_square, 0.5),
             hint="Samples are rows: each dot product must pair a ROW of X with w. "
                  "Transposing X pairs its columns with w instead."),
        Case("5 samples with 3 inputs each", (X_wide, w_wide, 0.2),
             _neuron(X_wide, w_wide, 0.2),
             hint="One matrix–vector product computes the dot products of all rows at once, "
                  "for any number of samples and inputs; the result has shape (n,)."),
        Case("100 samples through a one-unit nnlib.Network([3, 1], 'sigmoid') with the same "
             "weights", (X_net, w_net, b_net), net.forward(X_net)[:, 0], rtol=0, atol=1e-12),
        Case("7 samples with 4 inputs each and a negative bias", (X_hidden, w_hidden, -0.7),
             _neuron(X_hidden, w_hidden, -0.7), hidden=True),
    ]
    mistakes = [
        ("the bias is missing: add b to the weighted sum, then apply σ to the total.",
         lambda X, w, b: _sigmoid(X @ w)),
        ("the bias belongs inside σ: add b to the weighted sum first, then apply σ to the "
         "total (your function adds b after σ).", lambda X, w, b: _sigmoid(X @ w) + b),
        ("the neuron's output is its activation a = σ(z), not the weighted input z itself.",
         lambda X, w, b: X @ w + b),
        ("the bias is added to the weighted sum (b = −θ), not subtracted.",
         lambda X, w, b: _sigmoid(X @ w - b)),
        ("samples are rows: pair each row of X with w (transposing X mixes up samples and "
         "inputs).", lambda X, w, b: _sigmoid(X.T @ w + b)),
    ]
    if _answered("neuron", neuron, cases, mistakes=mistakes, hidden=hidden) and not hidden:
        compare(_quietly(neuron, X_net, w_net, b_net), net.forward(X_net)[:, 0], 1e-12,
                f"   Your neuron and a one-unit nnlib.Network([3, 1], 'sigmoid') on "
                f"{len(X_net)} samples")


# --- exercise 4: NAND from one McCulloch–Pitts unit --------------------------------------------

def _is_binary(expected):
    def check(result):
        result = np.asarray(result)
        return (result.shape == expected.shape and np.isin(result, [0, 1]).all()
                and np.array_equal(result.astype(int), expected))
    return check


def check_nand_unit(nand_unit, hidden=False):
    """Exercise: ``nand_unit(X)`` for binary rows X (n, 2): 0 only where both inputs are 1."""
    X_table, y_table = logic_gate("nand")
    X_long = np.array([[1, 1], [0, 0], [1, 1], [0, 1], [1, 0], [1, 1], [0, 0], [1, 0]],
                      dtype=np.float64)
    y_long = 1 - (X_long[:, 0] * X_long[:, 1]).astype(int)
    X_hidden = np.array([[1, 0], [1, 1], [0, 0], [0, 1]] * 3, dtype=np.float64)[
        np.random.default_rng(5).permutation(12)]
    cases = [
        Case("the truth table (0,0), (0,1), (1,0), (1,1) → 1, 1, 1, 0", (X_table,),
             y_table.astype(np.float64), rtol=0, atol=0,
             hint="NAND is NOT(AND): it fires unless both inputs are on. With weights "
                  "w1 = w2 and threshold θ, which sums must reach θ and which must not?"),
        Case("8 rows in another order", (X_long,), y_long.astype(np.float64),
             hint="Compute each row's output from its own inputs, not from its position in "
                  "the table."),
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
    if _answered("nand_unit", nand_unit, cases, mistakes=mistakes,
                 forbidden=("nnlib.logic_gate", "nnlib.datasets.logic_gate",
                            "nnlib.datasets.toy.logic_gate"), hidden=hidden) and not hidden:
        print(f"   Your unit reproduces nnlib.logic_gate('nand') on all {len(X_table)} rows.")


# --- exercise 5 (multi-step): the XOR circuit in code ------------------------------------------

def _layer(A, W, b):
    """A layer of threshold units: 1 where A @ W + b >= 0, else 0 (reference for the checks)."""
    return _step(A @ W + b).astype(int)


def _all_inputs(k):
    """The 2^k binary rows of k inputs, in counting order: (0…0), (0…01), …, (1…1)."""
    return ((np.arange(2 ** k)[:, None] >> np.arange(k)[::-1]) & 1).astype(np.float64)


def _parity(X):
    return (X.sum(axis=1) % 2).astype(int)


def check_threshold_layer(threshold_layer, hidden=False):
    """Part (a): ``threshold_layer(A, W, b)``: m threshold units on a batch, (n, k) -> (n, m)."""
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
    W_5x6 = rng.integers(-3, 4, size=(5, 6)).astype(np.float64)
    b_5x6 = rng.integers(-3, 4, size=6).astype(np.float64)
    net = Network([5, 6], activations="step")
    net.set_params(W1=W_5x6, b1=b_5x6)
    X5 = _all_inputs(5)
    cases = [
        Case("AND (bias −2) and OR (bias −1) side by side on the four input pairs",
             (X2, W_and_or, b_and_or), _layer(X2, W_and_or, b_and_or), rtol=0, atol=0,
             hint="Unit j fires where its weighted input z_j = Σ_i a_i W_ij + b_j is ≥ 0. "
                  "One matrix product gives the weighted sums of every unit for every sample; "
                  "column j of the result belongs to unit j."),
        Case("a layer of one unit keeps its column: shape (4, 1)", (X2, W_one, b_one),
             _layer(X2, W_one, b_one), rtol=0, atol=0,
             hint="Return one column per unit, shape (n, m), also when m = 1."),
        Case("3 inputs and 3 units, W not symmetric, on all 8 input rows", (X3, W_3x3, b_3x3),
             _layer(X3, W_3x3, b_3x3), rtol=0, atol=0,
             hint="Samples are rows and W has one row per input and one column per unit: "
                  "which product pairs the inputs of a sample with the weights of a unit?"),
        Case("3 inputs and 4 units with sums that land exactly on 0", (X3, W_3x4, b_3x4),
             _layer(X3, W_3x4, b_3x4), rtol=0, atol=0,
             hint="A unit whose weighted input is exactly 0 fires (sum ≥ θ, as in mp_unit)."),
        Case("outputs are exactly 0 or 1 (each unit fires or it does not)",
             (X3, W_3x4, b_3x4), _is_binary(_layer(X3, W_3x4, b_3x4)),
             hint="A threshold unit outputs 1 or 0, no sigmoid in between."),
        Case(f"all {len(X5)} rows of 5 binary inputs through 6 units, as a step-activation "
             "nnlib.Network([5, 6]) computes them", (X5, W_5x6, b_5x6), net.forward(X5),
             rtol=0, atol=0),
        Case("20 random rows, 5 inputs, 6 units", (A_hidden, W_5x6, b_5x6),
             _layer(A_hidden, W_5x6, b_5x6), rtol=0, atol=0, hidden=True),
        Case("a single row, 5 inputs, 6 units", (A_hidden[:1], W_5x6, b_5x6),
             _layer(A_hidden[:1], W_5x6, b_5x6), rtol=0, atol=0, hidden=True),
    ]
    mistakes = [
        ("a unit whose weighted input is exactly 0 fires (z ≥ 0, as mp_unit's sum ≥ θ): your "
         "layer leaves it silent (> 0 instead of ≥ 0).",
         lambda A, W, b: (A @ W + b > 0).astype(int)),
        ("b is the bias, minus the threshold: the unit fires where the weighted sum PLUS b "
         "reaches 0, not where the weighted sum reaches b.",
         lambda A, W, b: (A @ W - b >= 0).astype(int)),
        ("samples are rows and W has one row per input and one column per unit: your layer "
         "uses W transposed (A @ W.T).", lambda A, W, b: (A @ W.T + b >= 0).astype(int)),
        ("the layer's output is the step of the weighted input, 0 or 1, not the weighted input "
         "itself.", lambda A, W, b: A @ W + b),
        ("a threshold unit outputs 0 or 1, not σ(z): compare the weighted input with 0 instead "
         "of squashing it.", lambda A, W, b: _sigmoid(A @ W + b)),
        ("the bias is missing: b_j is added to the weighted sum of unit j, in every row.",
         lambda A, W, b: (A @ W >= 0).astype(int)),
    ]
    if _answered("threshold_layer", threshold_layer, cases, mistakes=mistakes,
                 hidden=hidden) and not hidden:
        print(f"   Your layer matches a step-activation nnlib.Network([5, 6]) on all {len(X5)} "
              "rows of 5 binary inputs.")


def _circuit_params(params, k, what):
    """Validate (W1, b1, W2, b2) for a two-layer circuit on k inputs; return them as arrays."""
    if not isinstance(params, (tuple, list)) or len(params) != 4:
        got = f"{_kind(params)} of {len(params)}" if isinstance(params, (tuple, list)) \
            else _kind(params)
        raise WrongResult(f"expected four arrays (W1, b1, W2, b2), got {got}",
                          f"end {what} with `return W1, b1, W2, b2`.")
    names = ("W1", "b1", "W2", "b2")
    W1, b1, W2, b2 = (require_array(p, name) for p, name in zip(params, names))
    m = W1.shape[1] if W1.ndim == 2 else None
    expected = {"W1": (k, m), "b1": (m,), "W2": (m, 1), "b2": (1,)}
    if W1.ndim != 2 or W1.shape[0] != k:
        raise WrongResult(f"W1 has shape {W1.shape}; it needs one row per input and one column "
                          f"per hidden unit, shape ({k}, m)",
                          "samples are rows: Z1 = X W1 + b1, so W1 has shape (k, m) for k "
                          "inputs and m hidden units.")
    for name, value in zip(names[1:], (b1, W2, b2)):
        if value.shape != expected[name]:
            raise WrongResult(f"{name} has shape {value.shape}, expected {expected[name]} "
                              f"(with m = {m} hidden units)",
                              "b1 has one bias per hidden unit, shape (m,); the output layer "
                              "has one unit: W2 is a column of shape (m, 1) (a 2-D array) and "
                              "b2 has shape (1,).")
    return W1, b1, W2, b2


def _run_circuit(params, X):
    W1, b1, W2, b2 = params
    hidden = _layer(X, W1, b1)
    return hidden, _layer(hidden, W2, b2)[:, 0]


def _gate(name):
    """The two-input gate ``name`` ("or", "and", "nand", "xnor") on each row of X (for the
    mistakes), read from nnlib.logic_gate's truth table."""
    def gate(X):
        row = (2 * X[:, 0] + X[:, 1]).astype(int)    # the row of (x1, x2) in the table
        if name == "xnor":
            return 1 - logic_gate("xor")[1][row]
        return logic_gate(name)[1][row]
    return gate


def check_xor_params(xor_params, hidden=False):
    """Part (b): ``xor_params()`` -> (W1, b1, W2, b2) of a two-layer threshold circuit for XOR."""

    def as_circuit(function):
        @functools.wraps(function)
        def circuit(X):
            return _run_circuit(_circuit_params(function(), 2, "xor_params"), X)[1]
        return circuit

    X_table = _all_inputs(2)
    X_long = X_table[[3, 0, 1, 3, 2, 0, 2, 1]]
    X_hidden = np.tile(X_table, (3, 1))[np.random.default_rng(6).permutation(12)]
    cases = [
        Case("the truth table (0,0), (0,1), (1,0), (1,1) → 0, 1, 1, 0", (X_table,),
             _parity(X_table), rtol=0, atol=0,
             hint="Say XOR in words with AND, OR and NOT of the two inputs. Each hidden unit "
                  "can compute one gate of x1 and x2, and the output unit one gate of the "
                  "hidden units' outputs."),
        Case("8 rows in another order", (X_long,), _parity(X_long), rtol=0, atol=0),
        Case("12 rows, the truth table three times in another order", (X_hidden,),
             _parity(X_hidden), rtol=0, atol=0, hidden=True),
    ]
    mistakes = [
        ("your circuit computes OR: it also fires at (1, 1). What else must the circuit know "
         "about the inputs to stay silent there?", _gate("or")),
        ("your circuit computes AND: XOR fires when exactly one input is on, not both.",
         _gate("and")),
        ("your circuit computes NAND: it also fires at (0, 0). What else must the circuit "
         "know about the inputs to stay silent there?", _gate("nand")),
        ("your circuit computes XNOR, the opposite of XOR: check the signs of the output "
         "unit's weights and bias (b = −θ).", _gate("xnor")),
    ]
    if _answered("xor_params", xor_params, cases, adapter=as_circuit, mistakes=mistakes,
                 hidden=hidden) and not hidden:
        hidden_rows, _ = _run_circuit(_circuit_params(xor_params(), 2, "xor_params"), X_table)
        moved = ", ".join("(" + ", ".join(str(v) for v in row) + ")" for row in hidden_rows)
        print(f"   Your hidden layer moves (0, 0), (0, 1), (1, 0), (1, 1) to {moved}; "
              "there one line separates the two classes.")


def check_parity_params(parity_params, hidden=False):
    """Part (c): ``parity_params(k)`` -> a two-layer circuit of at most k hidden threshold units
    that outputs 1 when an odd number of the k inputs are on."""

    def as_circuit(function):
        @functools.wraps(function)
        def circuit(k):
            params = _circuit_params(function(k), k, "parity_params")
            m = params[0].shape[1]
            if m > k:
                raise WrongResult(f"for k = {k} your hidden layer has {m} units; at most k = "
                                  f"{k} are allowed",
                                  "one unit per odd input pattern works but grows like 2^k. "
                                  "With all weights 1 a unit counts the inputs that are on: "
                                  "what can k such units with different biases report?")
            return _run_circuit(params, _all_inputs(k))[1]
        return circuit

    cases = [Case(f"k = {k}: all {2 ** k} rows of {k} binary inputs", (k,),
                  _parity(_all_inputs(k)), rtol=0, atol=0, hidden=hidden_case)
             for k, hidden_case in [(2, False), (3, False), (1, False), (4, True), (5, True),
                                    (8, True)]]
    cases[0].hint = ("XOR is the parity of 2 inputs: your circuit must output 1 exactly when an "
                     "odd number of inputs are on.")
    mistakes = [
        ("your circuit fires when at least one input is on (OR). With c inputs on, which of "
         "your hidden units fire? Choose the output unit's weights so that their weighted sum "
         "depends on whether c is odd or even.",
         lambda k: (_all_inputs(k).sum(axis=1) >= 1).astype(int)),
        ("your circuit fires for an EVEN number of inputs on: the opposite of parity. Check the "
         "output unit's bias, and how many inputs each hidden unit needs before it fires.",
         lambda k: 1 - _parity(_all_inputs(k))),
        ("your circuit fires when exactly one input is on. That equals parity for k = 2 only: "
         "with 3 inputs on, the count is odd as well.",
         lambda k: (_all_inputs(k).sum(axis=1) == 1).astype(int)),
        ("your circuit fires when the inputs are all on (AND): parity fires for 1, 3, 5, … "
         "inputs on.", lambda k: (_all_inputs(k).sum(axis=1) == k).astype(int)),
    ]
    if _answered("parity_params", parity_params, cases, adapter=as_circuit, mistakes=mistakes,
                 hidden=hidden):
        ks = sorted(case.args[0] for case in cases if case.hidden == hidden)
        print(f"   Your circuit computes the parity of k inputs for k = "
              f"{', '.join(str(k) for k in ks)}, checked on every one of the 2^k input rows.")
