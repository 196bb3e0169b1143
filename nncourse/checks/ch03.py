"""Self-checks for the exercises of chapter 3 (the two-layer network).

The notation of the book: samples are rows, ``Z^l = A^(l-1) W^l + b^l``,
``A^l = f(Z^l)``, capitals (``A1``, ``Z1``, ``A2``) for batch matrices, the cost C is the
mean over the n rows of the batch and δ^l = ∂C/∂Z^l.

Every check prints its verdict and returns nothing; a wrong answer raises
:class:`ExerciseCheckFailed` (see :mod:`nncourse.checks._core`).  Hints point to the idea
of the step that went wrong, not to the finished code.
"""

import functools
import inspect
import io
import re
from contextlib import redirect_stdout

import numpy as np

from nnlib.activations import sigmoid
from ._core import Case, ExerciseCheckFailed, WrongResult, require_array, run_check

__all__ = ["check_one_hot", "check_accuracy", "check_forward_tanh_sigmoid",
           "check_backward_tanh_sigmoid", "check_train_two_layer"]


# --- Exercise 1: one_hot(labels, k) ----------------------------------------------------------

def check_one_hot(one_hot, hidden=False):
    """Check ``one_hot(labels, k)``: an (n, k) array with a single 1 per row."""
    hidden_labels = np.random.default_rng(31).integers(0, 6, 12)
    cases = [
        Case("labels [0, 1, 2] with k = 3 (the letters A, B, C)",
             (np.array([0, 1, 2]), 3), np.eye(3)),
        Case("labels out of order, repeated: [2, 0, 2, 1]", (np.array([2, 0, 2, 1]), 3),
             np.eye(3)[[2, 0, 2, 1]],
             hint="Row i has its 1 in column labels[i]."),
        Case("k larger than the largest label: [0, 1] with k = 4",
             (np.array([0, 1]), 4), np.eye(4)[[0, 1]],
             hint="Use k for the number of columns, not labels.max() + 1: a batch need "
                  "not contain every class."),
        Case("a single sample: [3] with k = 5", (np.array([3]), 5), np.eye(5)[[3]],
             hint="The result is 2-D, (n_samples, k), even for one sample."),
        Case("12 labels, k = 6", (hidden_labels, 6), np.eye(6)[hidden_labels], hidden=True),
    ]
    mistakes = [
        ("the result has one ROW per sample and one column per class: (n_samples, k).",
         lambda labels, k: np.eye(k)[labels].T),
        ("row i has its 1 in column labels[i], not in column i.",
         lambda labels, k: np.eye(len(labels), k)),
    ]
    run_check("one_hot", one_hot, cases,
              hint="Start from zeros of shape (n_samples, k) and put a single 1 in each row, in "
                   "the column that the row's label names.", mistakes=mistakes,
              forbidden=("nnlib.one_hot", "nnlib.validation.one_hot"), hidden=hidden)


# --- Exercise 2: accuracy(outputs, labels) ---------------------------------------------------

def _predicted(outputs):
    return (outputs[:, 0] > 0.5).astype(int) if outputs.shape[1] == 1 \
        else outputs.argmax(axis=1)


def _reference_accuracy(outputs, labels):
    return float(np.mean(_predicted(outputs) == labels))


def check_accuracy(accuracy, hidden=False):
    """Check ``accuracy(outputs, labels)``: the fraction of rows classified right."""
    outputs3 = np.array([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4],
                         [0.6, 0.3, 0.1], [0.1, 0.1, 0.9]])
    labels3 = np.array([0, 1, 2, 1, 2])
    outputs4 = np.array([[0.9, 0.05, 0.05, 0.0], [0.1, 0.2, 0.3, 0.4],
                         [0.25, 0.25, 0.4, 0.1]])
    labels4 = np.array([0, 3, 1])
    outputs1 = np.array([[0.1], [0.9], [0.6], [0.4], [0.55], [0.2]])
    labels1 = np.array([0, 1, 0, 0, 1, 1])
    rng = np.random.default_rng(32)
    outputs40, labels40 = rng.uniform(size=(40, 5)), rng.integers(0, 5, 40)
    outputs9, labels9 = rng.uniform(size=(9, 1)), rng.integers(0, 2, 9)
    cases = []
    for description, outputs, labels, hint in [
        ("3 classes, 4 of 5 right", outputs3, labels3,
         "The predicted class of a row is the column holding that row's largest output "
         "(look along each row, not down each column)."),
        ("4 classes, 2 of 3 right", outputs4, labels4,
         "Compare each row's predicted class with its label: accuracy is the fraction of "
         "rows that match, a number between 0 and 1, not a count."),
        ("one sigmoid output per sample: class 1 when the output is above 0.5",
         outputs1, labels1,
         "With a single output column, the largest output is always in column 0: a single "
         "sigmoid output predicts class 1 where it is > 0.5."),
        ("hidden: 40 samples, 5 classes", outputs40, labels40, ""),
        ("hidden: 9 sigmoid outputs", outputs9, labels9, ""),
    ]:
        expected = _reference_accuracy(outputs, labels)
        cases.append(Case(f"{description} (accuracy {expected:.3g})", (outputs, labels),
                          expected, hint=hint, scalar=True,
                          hidden=description.startswith("hidden")))
    mistakes = [
        ("accuracy is a fraction between 0 and 1: the share of rows predicted right, "
         "not their count.", lambda o, l: float(np.sum(_predicted(o) == l))),
        ("that is the error rate: accuracy is the fraction classified RIGHT.",
         lambda o, l: float(np.mean(_predicted(o) != l))),
        ("with a single output column, arg-max is always 0: a single sigmoid output "
         "predicts class 1 where it is > 0.5.",
         lambda o, l: float(np.mean(o.argmax(axis=1) == l))),
    ]
    run_check("accuracy", accuracy, cases,
              hint="First the predicted class of every row (the largest output, or a single "
                   "output above 0.5), then the fraction of rows where it equals the label.",
              mistakes=mistakes, forbidden=("nnlib.accuracy", "nnlib.network.accuracy",
                                            "nnlib.metrics.accuracy"), hidden=hidden)


# --- Exercise 3 (multi-step): a tanh–sigmoid network with biases, trained in mini-batches ---
#
# (a) forward_tanh_sigmoid(X, W1, b1, W2, b2) -> (A1, A2)
#     A1 = tanh(X W1 + b1), A2 = σ(A1 W2 + b2)
# (b) backward_tanh_sigmoid(X, Y, A1, A2, W2) -> (dW1, db1, dW2, db2)
#     for the binary cross-entropy, the mean over the n rows of the batch:
#     δ2 = (A2 − Y)/n, δ1 = (δ2 W2ᵀ) ⊙ (1 − A1²), dW = (layer input)ᵀ δ, db = Σ_rows δ
# (c) train_two_layer(X, Y, W1, b1, W2, b2, learning_rate, epochs, batch_size)
#     -> ((W1, b1, W2, b2), costs): consecutive mini-batches, costs[e − 1] = C on all of X
#     after epoch e.

PART_A, PART_B = "forward_tanh_sigmoid", "backward_tanh_sigmoid"
_LIBRARY_NETWORK = ("nnlib.network.Network.forward", "nnlib.network.Network.feedforward",
                    "nnlib.network.Network.backprop", "nnlib.network.Network._backward_pass",
                    "nnlib.network.Network.cost", "nnlib.network.Network.fit",
                    "nnlib.training.train", "nnlib.training.train_epoch",
                    "nnlib.training.iterate_minibatches")
_PASSED = re.compile(r"all (\d+) checks passed|the check passed")


def _forward(X, W1, b1, W2, b2):
    A1 = np.tanh(X @ W1 + b1)
    return A1, sigmoid(A1 @ W2 + b2)


def _backward(X, Y, A1, A2, W2):
    delta2 = (A2 - Y) / len(X)
    delta1 = (delta2 @ W2.T) * (1 - A1 ** 2)
    return X.T @ delta1, delta1.sum(axis=0), A1.T @ delta2, delta2.sum(axis=0)


def _bce(A2, Y):
    A2 = np.clip(A2, 1e-15, 1 - 1e-15)
    return -float(np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))) / len(A2)


def _train(X, Y, W1, b1, W2, b2, learning_rate, epochs, batch_size, mistake=None):
    """The reference loop; ``mistake`` names a typical wrong variant (for the hints)."""
    params = [p.copy() for p in (W1, b1, W2, b2)]
    step = len(X) if mistake == "full batch" else batch_size
    starts = {"last batch dropped": range(0, len(X) - step + 1, step),
              "one batch per epoch": [0]}.get(mistake, range(0, len(X), step))
    sign = -1.0 if mistake == "ascent" else 1.0
    costs = []
    for _ in range(epochs):
        if mistake == "cost before the epoch":
            costs.append(_bce(_forward(X, *params)[1], Y))
        for start in starts:
            X_batch, Y_batch = X[start:start + step], Y[start:start + step]
            A1, A2 = _forward(X_batch, *params)
            grads = _backward(X_batch, Y_batch, A1, A2, params[2])
            if mistake == "no bias updates":
                grads = (grads[0], 0 * grads[1], grads[2], 0 * grads[3])
            rate = learning_rate / len(X_batch) if mistake == "divided by n again" \
                else learning_rate
            params = [p - sign * rate * g for p, g in zip(params, grads)]
        if mistake == "batch cost":
            costs.append(_bce(A2, Y_batch))
        elif mistake != "cost before the epoch":
            costs.append(_bce(_forward(X, *params)[1], Y))
    return tuple(params), np.array(costs)


def _pair(result, first, second):
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        got = (f"a {type(result).__name__} of {len(result)} items"
               if isinstance(result, (tuple, list)) else f"a {type(result).__name__}")
        raise WrongResult(f"expected the pair ({first}, {second}), got {got}",
                          f"return both: return {first}, {second}.")
    return result


def _run_parts(name, hidden, parts):
    """Run the run_checks of one exercise's parts quietly; print one ✅ line when all pass.

    ``parts`` are (what, thunk) pairs, each thunk one run_check.  A failure raises as usual.
    A part that is not implemented yet prints its own ⏳ line and ends the check.  Returns
    True when every part passed (for the callers in this module; the checks return nothing).
    """
    total = 0
    for _, thunk in parts:
        out = io.StringIO()
        with redirect_stdout(out):
            thunk()
        printed = out.getvalue()
        if "⏳" in printed:
            print(printed, end="")
            return False
        count = _PASSED.search(printed).group(1)
        total += int(count) if count else 1
    print(f"✅ {name}{' (hidden tests)' if hidden else ''}: all {total} checks passed "
          f"({', '.join(what for what, _ in parts)}).")
    return True


# --- (a) forward_tanh_sigmoid(X, W1, b1, W2, b2) -> (A1, A2) ------------------------------

def _forward_case(rng, n, n_in, h, k, scale=1.0):
    return (rng.normal(0, scale, (n, n_in)), rng.normal(0, 1, (n_in, h)),
            rng.normal(0, 1, h), rng.normal(0, 1, (h, k)), rng.normal(0, 1, k))


_FORWARD_MISTAKES_A1 = [
    ("the hidden units are tanh units here, not sigmoid units.",
     lambda X, W1, b1, W2, b2: sigmoid(X @ W1 + b1)),
    ("add the bias row b1 to the hidden layer's weighted sums, in every row of the batch.",
     lambda X, W1, b1, W2, b2: np.tanh(X @ W1)),
    ("add b1 before the activation, inside the tanh: the bias shifts the weighted sum.",
     lambda X, W1, b1, W2, b2: np.tanh(X @ W1) + b1),
    ("A1 is the tanh OF the hidden layer's weighted sums, not the sums themselves.",
     lambda X, W1, b1, W2, b2: X @ W1 + b1),
]
_FORWARD_MISTAKES_A2 = [
    ("the output unit is a sigmoid, not a tanh: its output is a probability between 0 and 1.",
     lambda X, W1, b1, W2, b2: np.tanh(_forward(X, W1, b1, W2, b2)[0] @ W2 + b2)),
    ("squash the output with the sigmoid: A2 is a probability, not a weighted sum.",
     lambda X, W1, b1, W2, b2: _forward(X, W1, b1, W2, b2)[0] @ W2 + b2),
    ("add the output layer's bias b2 to its weighted sums.",
     lambda X, W1, b1, W2, b2: sigmoid(_forward(X, W1, b1, W2, b2)[0] @ W2)),
    ("the output layer is fed the hidden activations A1 = tanh(Z1), not the weighted "
     "sums Z1.", lambda X, W1, b1, W2, b2: sigmoid((X @ W1 + b1) @ W2 + b2)),
]


def check_forward_tanh_sigmoid(forward_tanh_sigmoid, hidden=False):
    """Check ``forward_tanh_sigmoid(X, W1, b1, W2, b2)``: A1 = tanh(X W1 + b1),
    A2 = σ(A1 W2 + b2)."""
    rng = np.random.default_rng(35)
    small = _forward_case(rng, 4, 2, 3, 1)
    wide = _forward_case(rng, 5, 3, 4, 2)
    huge = _forward_case(rng, 3, 2, 3, 1, scale=500.0)     # saturated: no NaN, no warning
    one = _forward_case(rng, 1, 4, 2, 3)                   # a single sample is still 2-D
    secret = [_forward_case(rng, 7, 3, 5, 2), _forward_case(rng, 2, 6, 3, 4)]

    def part(index, name):
        @functools.wraps(forward_tanh_sigmoid)
        def call(X, W1, b1, W2, b2):
            result = _pair(forward_tanh_sigmoid(X, W1, b1, W2, b2), "A1", "A2")
            return require_array(result[index], name, (X, W1, b1, W2, b2))
        return call

    hint = ("Follow the formulas layer by layer: the weighted sums (the bias row is added to "
            "every row of the batch), then the layer's activation; return the pair (A1, A2).")
    cases_A1 = [
        Case("A1 for 4 samples, 2 inputs, 3 hidden units", small, _forward(*small)[0]),
        Case("A1 for 5 samples, 3 inputs, 4 hidden units", wide, _forward(*wide)[0]),
        Case("A1 for a single sample: still one row, shape (1, n_hidden)", one,
             _forward(*one)[0]),
        *[Case(f"A1 for {a[0].shape[0]} samples, {a[1].shape[1]} hidden units", a,
               _forward(*a)[0], hidden=True) for a in secret],
    ]
    cases_A2 = [
        Case("A2 for 4 samples and 1 output", small, _forward(*small)[1]),
        Case("A2 for 2 outputs per sample", wide, _forward(*wide)[1],
             hint="A2 has shape (n, n_outputs): here (5, 2)."),
        Case("huge inputs: the units saturate, A2 stays between 0 and 1 and is never NaN",
             huge, _forward(*huge)[1],
             hint="Use np.tanh and nnlib.sigmoid: both stay finite when the units saturate "
                  "(a sigmoid written with exp can overflow)."),
        *[Case(f"A2 for {a[0].shape[0]} samples, {a[3].shape[1]} outputs", a,
               _forward(*a)[1], hidden=True) for a in secret],
    ]
    _run_parts(PART_A, hidden, [
        ("A1", lambda: run_check(f"{PART_A} (A1)", part(0, "A1"), cases_A1, hint=hint,
                                 mistakes=_FORWARD_MISTAKES_A1, forbidden=_LIBRARY_NETWORK,
                                 hidden=hidden)),
        ("A2", lambda: run_check(f"{PART_A} (A2)", part(1, "A2"), cases_A2, hint=hint,
                                 mistakes=_FORWARD_MISTAKES_A2, forbidden=_LIBRARY_NETWORK,
                                 hidden=hidden))])


# --- (b) backward_tanh_sigmoid(X, Y, A1, A2, W2) -> (dW1, db1, dW2, db2) --------------------

_GRADIENTS = ["dW1", "db1", "dW2", "db2"]


def _backward_case(rng, n, n_in, h, k):
    X, W1, b1, W2, b2 = _forward_case(rng, n, n_in, h, k)
    A1, A2 = _forward(X, W1, b1, W2, b2)
    Y = rng.integers(0, 2, (n, k)).astype(float)
    return X, Y, A1, A2, W2


def _variant(index, delta2=None, slope=None, back=None, bias_sum=None):
    """A backward pass wrong in one place; returns its component ``index``."""
    def wrong(X, Y, A1, A2, W2):
        d2 = delta2(X, Y, A2) if delta2 else (A2 - Y) / len(X)
        d1 = (back(d2, W2) if back else d2 @ W2.T) * (slope(A1) if slope else 1 - A1 ** 2)
        total = bias_sum or (lambda d: d.sum(axis=0))
        return (X.T @ d1, total(d1), A1.T @ d2, total(d2))[index]
    return wrong


# Mistakes in δ2 (given in the exercise), then in what part (b) asks to derive.
_OUTPUT_ERROR_MISTAKES = [
    ("C is the MEAN over the n rows of the batch: δ2 = (A2 − Y) / n with n = len(X).",
     dict(delta2=lambda X, Y, A2: A2 - Y)),
    ("δ2 = ∂C/∂Z2 = (A2 − Y) / n: the prediction minus the target, not Y − A2.",
     dict(delta2=lambda X, Y, A2: (Y - A2) / len(X))),
    ("for a sigmoid output with the binary cross-entropy the factor σ'(Z2) cancels: use "
     "δ2 = (A2 − Y) / n as given, without multiplying by the sigmoid's slope.",
     dict(delta2=lambda X, Y, A2: (A2 - Y) * A2 * (1 - A2) / len(X))),
]
_HIDDEN_ERROR_MISTAKES = [
    ("the hidden units are tanh units: A1 * (1 - A1) is the slope of a sigmoid unit. "
     "Differentiate tanh and write the result with a = tanh(z).",
     dict(slope=lambda A1: A1 * (1 - A1))),
    ("δ1 needs the slope of the hidden units: after sending δ2 back through W2, multiply "
     "element by element by tanh'(Z1), written with A1.", dict(slope=lambda A1: 1.0)),
    ("1 - A1 is not the slope of tanh: differentiate tanh z = (e^z − e^−z)/(e^z + e^−z) and "
     "write the result with tanh z itself.", dict(slope=lambda A1: 1 - A1)),
    ("A1 is already tanh(Z1): write the slope with A1 as it is, do not apply tanh to A1 again.",
     dict(slope=lambda A1: 1 - np.tanh(A1) ** 2)),
    ("send δ2 back through the TRANSPOSE of W2, as in section 3.1: δ2 has one column per "
     "output unit, δ1 one per hidden unit.", dict(back=lambda d2, W2: d2 @ W2)),
]
_BIAS_MISTAKES = [
    ("a bias gradient adds up δ over the rows of the batch, it does not average it: δ "
     "already holds the 1/n of the mean cost.", dict(bias_sum=lambda d: d.mean(axis=0))),
]
_BACKWARD_HINTS = {
    "dW2": "a weight gradient is the layer's input, transposed, times the layer's error (as "
           "in section 3.1): shape (n_hidden, n_outputs), like W2.",
    "db2": "b2 is added to every row of Z2, so nudging it changes every row's weighted sum: "
           "its gradient collects δ2 from all the rows. Shape (n_outputs,).",
    "dW1": "δ1 is δ2 sent back through W2, times the slope of the tanh units written with A1; "
           "dW1 is the input X, transposed, times δ1: shape (n_inputs, n_hidden), like W1.",
    "db1": "b1 is added to every row of Z1: its gradient collects δ1 from all the rows. "
           "Shape (n_hidden,), like b1.",
}


def _backward_mistakes(index):
    groups = _OUTPUT_ERROR_MISTAKES + (_HIDDEN_ERROR_MISTAKES if index < 2 else []) \
        + (_BIAS_MISTAKES if index % 2 else [])
    return [(text, _variant(index, **change)) for text, change in groups]


def check_backward_tanh_sigmoid(backward_tanh_sigmoid, hidden=False):
    """Check ``backward_tanh_sigmoid(X, Y, A1, A2, W2)``: the gradients of the mean binary
    cross-entropy with respect to W1, b1, W2 and b2."""
    rng = np.random.default_rng(36)
    shapes = [("4 samples, 2 inputs, 3 hidden units, 1 output", (4, 2, 3, 1)),
              ("6 samples, 3 inputs, 4 hidden units, 2 outputs", (6, 3, 4, 2)),
              ("square W2 (3 hidden units, 3 outputs): the transpose matters", (5, 2, 3, 3)),
              ("a batch of one sample", (1, 3, 2, 1))]
    visible = [(d, _backward_case(rng, *s)) for d, s in shapes]
    secret = [(f"{s[0]} samples, {s[2]} hidden units, {s[3]} outputs", _backward_case(rng, *s))
              for s in [(9, 4, 5, 2), (3, 2, 4, 4)]]

    def part(index):
        @functools.wraps(backward_tanh_sigmoid)
        def call(X, Y, A1, A2, W2):
            result = backward_tanh_sigmoid(X, Y, A1, A2, W2)
            if not isinstance(result, (tuple, list)) or len(result) != 4:
                raise WrongResult(f"expected the four gradients (dW1, db1, dW2, db2), got "
                                  f"{type(result).__name__}",
                                  "return dW1, db1, dW2, db2 in this order.")
            return require_array(result[index], _GRADIENTS[index], (X, Y, A1, A2, W2))
        return call

    def checks(index):
        name = _GRADIENTS[index]
        cases = [Case(f"{name} for {d}", args, _backward(*args)[index]) for d, args in visible]
        cases += [Case(f"{name} for {d}", args, _backward(*args)[index], hidden=True)
                  for d, args in secret]
        return (name, functools.partial(run_check, f"{PART_B} ({name})", part(index), cases,
                                        hint=_BACKWARD_HINTS[name],
                                        mistakes=_backward_mistakes(index),
                                        forbidden=_LIBRARY_NETWORK, hidden=hidden))

    # the output layer first, as backpropagation goes
    _run_parts(PART_B, hidden, [checks(index) for index in (2, 3, 0, 1)])


# --- (c) train_two_layer(X, Y, W1, b1, W2, b2, learning_rate, epochs, batch_size) -----------

def _xor_blobs(n, seed):
    """n points around the corners (±1, ±1); class 1 where the signs differ; shuffled."""
    rng = np.random.default_rng(seed)
    corners = rng.choice([-1.0, 1.0], size=(n, 2))
    X = corners + rng.normal(0, 0.25, (n, 2))
    Y = (corners[:, :1] != corners[:, 1:]).astype(float)
    return X, Y


def _start(rng, n_in, h, k):
    return (rng.normal(0, 1 / np.sqrt(n_in), (n_in, h)), rng.normal(0, 0.1, h),
            rng.normal(0, 1 / np.sqrt(h), (h, k)), rng.normal(0, 0.1, k))


def _working(function, reference, args):
    """Does the learner's ``function`` give the reference's results on ``args``?"""
    try:
        with np.errstate(all="ignore"):
            got, want = function(*args), reference(*args)
        return len(got) == len(want) and all(
            np.shape(g) == np.shape(w) and np.allclose(g, w, rtol=1e-7, atol=1e-10)
            for g, w in zip(got, want))
    except Exception:
        return False


def _with_correct_parts(train):
    """Swap a broken forward/backward of parts (a) and (b), where ``train`` would call
    them, for correct ones: part (c) is graded on its own.  Returns (names, restore)."""
    namespace = getattr(inspect.unwrap(train), "__globals__", {})
    rng = np.random.default_rng(37)
    X, W1, b1, W2, b2 = _forward_case(rng, 3, 2, 3, 1)
    probes = {PART_A: (_forward, (X, W1, b1, W2, b2)),
              PART_B: (_backward, _backward_case(rng, 3, 2, 3, 1))}
    swapped = []
    for name, (reference, args) in probes.items():
        if name in namespace and not _working(namespace[name], reference, args):
            swapped.append((name, namespace[name]))
            namespace[name] = reference

    def restore():
        for name, value in swapped:
            namespace[name] = value
    return [name for name, _ in swapped], restore


_TRAIN_MISTAKES = {
    "full batch": "use mini-batches of batch_size rows, one update per batch: not one update "
                  "per epoch on all of X.",
    "last batch dropped": "do not drop the last, smaller batch: every row of X takes part in "
                          "every epoch.",
    "one batch per epoch": "an epoch goes through ALL the mini-batches of X, not only the "
                           "first.",
    "no bias updates": "update the biases too, with the same kind of step as the weights.",
    "ascent": "a gradient-descent step SUBTRACTS the learning rate times the gradient.",
    "divided by n again": "the gradients of part (b) already hold the 1/n of the mean: step "
                          "by learning_rate times the gradient, without dividing by the batch "
                          "size again.",
    "cost before the epoch": "record the cost AFTER each epoch's updates, on all of X "
                             "(costs[0] is the cost after epoch 1, not the starting cost).",
    "batch cost": "record the cost on the WHOLE training set X, Y after the epoch, not the cost "
                  "of the last mini-batch.",
}
_TRAIN_HINT = ("An epoch walks through X in consecutive mini-batches of batch_size rows (the "
               "last may be smaller); each batch gives one gradient-descent step on all four "
               "parameters, with parts (a) and (b); after the epoch, record the cost on all of "
               "X. Work on copies of the starting arrays.")


def _train_cases():
    """(cost cases, parameter cases, accuracy cases) of part (c)."""
    rng = np.random.default_rng(38)
    X11, Y11 = _xor_blobs(11, 1)
    X9, Y9 = _xor_blobs(9, 2)
    X80, Y80 = _xor_blobs(80, 3)
    X60, Y60 = _xor_blobs(60, 4)
    exact = [
        ("11 samples in mini-batches of 4 (the last one holds 3), 3 epochs, η = 0.5",
         (X11, Y11, *_start(rng, 2, 3, 1), 0.5, 3, 4), False),
        ("9 samples, 2 outputs per sample, batches of 3, 4 epochs, η = 1",
         (X9, np.hstack([Y9, 1 - Y9]), *_start(rng, 2, 4, 2), 1.0, 4, 3), False),
        ("11 samples in one batch of 11, 2 epochs, η = 2",
         (X11, Y11, *_start(rng, 2, 2, 1), 2.0, 2, 11), False),
        ("9 samples in batches of 2 (the last one holds 1), 5 epochs, η = 0.3",
         (X9, Y9, *_start(rng, 2, 5, 1), 0.3, 5, 2), True),
    ]
    learn = (X80, Y80, *_start(rng, 2, 6, 1), 1.0, 20, 10)
    learn_secret = (X60, Y60, *_start(rng, 2, 8, 1), 0.5, 30, 6)

    def falls(epochs):
        def ok(costs):
            return costs.shape == (epochs,) and bool(np.all(np.isfinite(costs))
                                                     and costs[-1] < 0.5 * costs[0])
        return ok

    costs = [Case(f"the cost per epoch: {d}", a, _train(*a)[1], hidden=h) for d, a, h in exact]
    costs += [
        Case("80 XOR blobs, 6 hidden units, 20 epochs in batches of 10: the cost falls to "
             "less than half of its value after epoch 1", learn, falls(20)),
        Case("60 XOR blobs, 8 hidden units, 30 epochs in batches of 6: the cost falls",
             learn_secret, falls(30), hidden=True)]
    params = [Case(f"the trained W1, b1, W2, b2 (flattened): {d}", a,
                   np.concatenate([p.ravel() for p in _train(*a)[0]]), hidden=h)
              for d, a, h in exact]
    accuracy = [
        Case("80 XOR blobs, 6 hidden units, 20 epochs: training accuracy at least 95 %",
             learn, lambda acc: acc >= 0.95),
        Case("60 XOR blobs, 8 hidden units, 30 epochs: training accuracy at least 95 %",
             learn_secret, lambda acc: acc >= 0.95, hidden=True)]
    return costs, params, accuracy


def _trained(result, args):
    """The learner's (W1, b1, W2, b2) and costs, checked for their form."""
    params, costs = _pair(result, "params", "costs")
    if not isinstance(params, (tuple, list)) or len(params) != 4:
        raise WrongResult(f"expected params = (W1, b1, W2, b2), got {type(params).__name__}",
                          "return (W1, b1, W2, b2), costs: the four trained arrays, then the "
                          "costs.")
    for name, got, start in zip(["W1", "b1", "W2", "b2"], params, args[2:6]):
        if np.shape(got) != start.shape:
            raise WrongResult(f"the trained {name} has shape {np.shape(got)}, the starting "
                              f"{name} {start.shape}",
                              "training changes the values of the parameters, never their "
                              "shapes.")
    return [require_array(p, n, args) for p, n in zip(params, ["W1", "b1", "W2", "b2"])], costs


def _costs_of(function):
    @functools.wraps(function)
    def call(*args):
        return require_array(_trained(function(*args), args)[1], "costs", args)
    return call


def _params_of(function):
    @functools.wraps(function)
    def call(*args):
        return np.concatenate([p.ravel() for p in _trained(function(*args), args)[0]])
    return call


def _accuracy_of(function):
    @functools.wraps(function)
    def call(*args):
        A2 = _forward(args[0], *_trained(function(*args), args)[0])[1]
        return float(np.mean((A2 > 0.5) == (args[1] > 0.5)))
    return call


def _wrong_loops(adapter):
    return [(hint, adapter(functools.partial(_train, mistake=name)))
            for name, hint in _TRAIN_MISTAKES.items()]


def check_train_two_layer(train_two_layer, hidden=False):
    """Check ``train_two_layer(X, Y, W1, b1, W2, b2, learning_rate, epochs, batch_size)``:
    consecutive mini-batches, one gradient step each, the cost on all of X after every
    epoch; the trained network classifies XOR blobs."""
    cost_cases, param_cases, accuracy_cases = _train_cases()
    common = dict(hint=_TRAIN_HINT, forbidden=_LIBRARY_NETWORK, hidden=hidden)
    parts = [
        ("cost per epoch", lambda: run_check(
            "train_two_layer (cost per epoch)", _costs_of(train_two_layer), cost_cases,
            mistakes=_wrong_loops(_costs_of), **common)),
        ("trained parameters", lambda: run_check(
            "train_two_layer (trained parameters)", _params_of(train_two_layer), param_cases,
            mistakes=_wrong_loops(_params_of), **common)),
        ("accuracy", lambda: run_check(
            "train_two_layer (accuracy)", _accuracy_of(train_two_layer), accuracy_cases,
            **common)),
    ]
    swapped, restore = _with_correct_parts(train_two_layer)
    try:
        passed = _run_parts("train_two_layer", hidden, parts)
    except ExerciseCheckFailed as failure:
        if swapped:
            raise ExerciseCheckFailed(f"{failure}\n   (This check ran with correct versions of "
                                      f"{' and '.join(swapped)}, since yours do not pass their "
                                      "checks yet.)") from None
        raise
    finally:
        restore()
    if swapped and passed:
        names = {PART_A: "part (a)", PART_B: "part (b)"}
        print(f"   Your training loop is right. It was checked with correct versions of "
              f"{' and '.join(swapped)}: yours ({', '.join(names[s] for s in swapped)}) do not "
              "pass their checks yet, so the loop does not train yet when you run it.")


# --- Exercise 4 (written): the reference answer behind the book's Answer -------------------

def first_rising_factors(X, y, seeds, factors=None, iterations=1500, margin=1e-9):
    """For each seed, the first factor of the update at which the loss of section 3.1's
    network rises at some step (None when it falls at every step for every factor).

    The network is Loy's (sigmoid units, no biases, Σ(ŷ − y)², weights drawn by
    ``np.random.rand`` after ``np.random.seed(seed)``), trained for ``iterations`` full-batch
    updates multiplied by each factor (1.0, 1.1, ..., 3.0 by default).  All runs go at once,
    their weights stacked along a first axis.  A verdict must be far from the edge: a step
    closer to 0 than ``margin`` before the answer is known raises ValueError, since round-off
    could then flip it.
    """
    factors = np.round(np.arange(1.0, 3.05, 0.1), 1) if factors is None else np.asarray(factors)
    seeds = list(seeds)
    W1, W2 = [], []
    for seed in seeds:
        rng = np.random.RandomState(seed)          # the stream of np.random.seed(seed)
        first, second = rng.rand(X.shape[1], 4), rng.rand(4, 1)
        W1 += [first] * len(factors)
        W2 += [second] * len(factors)
    W1, W2 = np.array(W1), np.array(W2)            # (runs, 3, 4), (runs, 4, 1)
    Y = y.reshape(-1, 1).astype(float)
    rate = np.tile(np.asarray(factors, dtype=float), len(seeds))[:, None, None]
    rose, unclear = np.zeros(len(rate), bool), np.zeros(len(rate), bool)
    previous = None
    for _ in range(iterations):
        A1 = sigmoid(X @ W1)
        output = sigmoid(A1 @ W2)
        loss = np.sum((output - Y) ** 2, axis=(1, 2))
        if previous is not None:
            step, live = loss - previous, ~rose
            unclear |= live & (np.abs(step) <= margin)
            rose |= live & (step > 0)
        previous = loss
        delta2 = 2 * (output - Y) * output * (1 - output)
        delta1 = (delta2 @ W2.transpose(0, 2, 1)) * A1 * (1 - A1)
        W2 = W2 - rate * (A1.transpose(0, 2, 1) @ delta2)
        W1 = W1 - rate * (X.T @ delta1)
    answers = {}
    for number, seed in enumerate(seeds):
        block = slice(number * len(factors), (number + 1) * len(factors))
        first = np.flatnonzero(rose[block])
        last = first[0] if len(first) else len(factors) - 1
        if unclear[block][:last + 1].any():
            raise ValueError(f"seed {seed}: a step of the loss is too close to 0 to call")
        answers[seed] = float(factors[first[0]]) if len(first) else None
    return answers
