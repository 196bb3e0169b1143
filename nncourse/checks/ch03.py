"""Self-checks for the exercises of chapter 3 (the two-layer network).

The notation of the book: samples are rows, ``Z^l = A^(l-1) W^l + b^l``,
``A^l = f(Z^l)``, capitals (``A1``, ``Z1``, ``A2``) for batch matrices, the cost C is the
mean over the n rows of the batch and δ^l = ∂C/∂Z^l.
"""

import functools
import inspect
import io
from contextlib import redirect_stdout

import numpy as np

from ._core import Case, ExerciseCheckFailed, WrongResult, require_array, run_check

__all__ = ["check_one_hot", "check_accuracy", "check_forward_tanh_sigmoid",
           "check_backward_tanh_sigmoid", "check_train_two_layer"]


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


# --- one_hot(labels, k) -------------------------------------------------------------------

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
    return run_check("one_hot", one_hot, cases,
                     hint="Start from np.zeros((len(labels), k)) and set "
                          "out[np.arange(len(labels)), labels] = 1.", mistakes=mistakes,
                     forbidden=("nnlib.one_hot", "nnlib.validation.one_hot"), hidden=hidden)


# --- accuracy(outputs, labels) --------------------------------------------------------------

def _reference_accuracy(outputs, labels):
    if outputs.shape[1] == 1:
        predicted = (outputs[:, 0] > 0.5).astype(int)
    else:
        predicted = outputs.argmax(axis=1)
    return float(np.mean(predicted == labels))


def _is_fraction(expected):
    def ok(result):
        try:
            value = float(result)
        except (TypeError, ValueError):
            return False
        return np.isclose(value, expected)
    return ok


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
         "The predicted class of a row is the column with the largest output: "
         "outputs.argmax(axis=1) (axis=1: along each row)."),
        ("4 classes, 2 of 3 right", outputs4, labels4,
         "Compare the arg-max of each row with its label and take the mean: a fraction "
         "between 0 and 1, not a count."),
        ("one sigmoid output per sample: class 1 when the output is above 0.5",
         outputs1, labels1,
         "With a single output column, arg-max is always 0; predict class 1 where "
         "outputs[:, 0] > 0.5 instead."),
        ("hidden: 40 samples, 5 classes", outputs40, labels40, ""),
        ("hidden: 9 sigmoid outputs", outputs9, labels9, ""),
    ]:
        expected = _reference_accuracy(outputs, labels)
        cases.append(Case(f"{description} (accuracy {expected:.3g})", (outputs, labels),
                          expected, hint=hint, scalar=True,
                          hidden=description.startswith("hidden")))
    def predicted(outputs):
        return (outputs[:, 0] > 0.5).astype(int) if outputs.shape[1] == 1 \
            else outputs.argmax(axis=1)
    mistakes = [
        ("accuracy is a fraction between 0 and 1: take the mean of (predicted == labels), "
         "not the count.", lambda o, l: float(np.sum(predicted(o) == l))),
        ("that is the error rate: accuracy is the fraction classified RIGHT.",
         lambda o, l: float(np.mean(predicted(o) != l))),
        ("with a single output column, arg-max is always 0; predict class 1 where "
         "outputs[:, 0] > 0.5 instead.", lambda o, l: float(np.mean(o.argmax(axis=1) == l))),
    ]
    return run_check("accuracy", accuracy, cases,
                     hint="Predicted classes: argmax along each row (or output > 0.5 for a "
                          "single column); accuracy = mean(predicted == labels).",
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
                    "nnlib.network.Network.gradients", "nnlib.network.Network.backprop",
                    "nnlib.network.Network.fit", "nnlib.training.train",
                    "nnlib.training.train_epoch", "nnlib.training.iterate_minibatches")


def _forward(X, W1, b1, W2, b2):
    A1 = np.tanh(X @ W1 + b1)
    return A1, _sigmoid(A1 @ W2 + b2)


def _backward(X, Y, A1, A2, W2):
    delta2 = (A2 - Y) / len(X)
    delta1 = (delta2 @ W2.T) * (1 - A1 ** 2)
    return X.T @ delta1, delta1.sum(axis=0), A1.T @ delta2, delta2.sum(axis=0)


def _bce(A2, Y):
    A2 = np.clip(A2, 1e-15, 1 - 1e-15)
    return -float(np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))) / len(A2)


def _train(X, Y, W1, b1, W2, b2, learning_rate, epochs, batch_size, mistake=None,
           forward=_forward, backward=_backward):
    """The reference loop; ``mistake`` names a typical wrong variant (for the hints)."""
    params = [p.copy() for p in (W1, b1, W2, b2)]
    step = len(X) if mistake == "full batch" else batch_size
    costs = []
    for _ in range(epochs):
        if mistake == "cost before the epoch":
            costs.append(_bce(forward(X, *params)[1], Y))
        starts = range(0, len(X), step)
        if mistake == "last batch dropped":
            starts = range(0, len(X) - step + 1, step)
        if mistake == "one batch per epoch":
            starts = [0]
        for start in starts:
            X_batch, Y_batch = X[start:start + step], Y[start:start + step]
            A1, A2 = forward(X_batch, *params)
            grads = backward(X_batch, Y_batch, A1, A2, params[2])
            if mistake == "no bias updates":
                grads = (grads[0], 0 * grads[1], grads[2], 0 * grads[3])
            sign = -1.0 if mistake == "ascent" else 1.0
            rate = learning_rate / len(X_batch) if mistake == "divided by n again" \
                else learning_rate
            params = [p - sign * rate * g for p, g in zip(params, grads)]
            if mistake == "batch cost":
                batch_cost = _bce(A2, Y_batch)
        if mistake == "batch cost":
            costs.append(batch_cost)
        elif mistake != "cost before the epoch":
            costs.append(_bce(forward(X, *params)[1], Y))
    return tuple(params), np.array(costs)


def _pair(result, first, second):
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        got = (f"a {type(result).__name__} of {len(result)} items"
               if isinstance(result, (tuple, list)) else f"a {type(result).__name__}")
        raise WrongResult(f"expected the pair ({first}, {second}), got {got}",
                          f"return both: return {first}, {second}.")
    return result


def _quietly(name, hidden, *parts):
    """Run the run_checks of one exercise's parts; print one ✅ line when all pass.

    Each part is (what, number of cases, thunk).  A failure raises as usual; when a part is
    not implemented yet its own ⏳ line is printed and the result is False.
    """
    total = 0
    for _, count, thunk in parts:
        out = io.StringIO()
        with redirect_stdout(out):
            passed = thunk()
        if not passed:
            print(out.getvalue(), end="")
            return False
        total += count
    print(f"✅ {name}{' (hidden tests)' if hidden else ''}: all {total} checks passed "
          f"({', '.join(what for what, _, _ in parts)}).")
    return True


def _count(cases, hidden):
    visible = [c for c in cases if not c.hidden]
    return len(([c for c in cases if c.hidden] or visible) if hidden else visible)


# --- (a) forward_tanh_sigmoid(X, W1, b1, W2, b2) -> (A1, A2) ------------------------------

def _forward_case(rng, n, n_in, h, k, scale=1.0):
    return (rng.normal(0, scale, (n, n_in)), rng.normal(0, 1, (n_in, h)),
            rng.normal(0, 1, h), rng.normal(0, 1, (h, k)), rng.normal(0, 1, k))


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

    hint = ("Z1 = X @ W1 + b1 and A1 = np.tanh(Z1), shape (n, n_hidden); "
            "Z2 = A1 @ W2 + b2 and A2 = sigmoid(Z2), shape (n, n_outputs). The bias rows are "
            "added to every row of the batch (broadcasting). Return the pair (A1, A2).")
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
             hint="Use np.tanh and nnlib.sigmoid (or 0.5 * (1 + np.tanh(0.5 * z))): both "
                  "give exactly ±1 or 0 and 1 when saturated."),
        *[Case(f"A2 for {a[0].shape[0]} samples, {a[3].shape[1]} outputs", a,
               _forward(*a)[1], hidden=True) for a in secret],
    ]
    mistakes_A1 = [
        ("the hidden units are tanh units here: A1 = np.tanh(X @ W1 + b1), not the sigmoid.",
         lambda X, W1, b1, W2, b2: _sigmoid(X @ W1 + b1)),
        ("add the bias row b1 to the weighted sums: A1 = np.tanh(X @ W1 + b1).",
         lambda X, W1, b1, W2, b2: np.tanh(X @ W1)),
        ("add b1 before the activation, inside the tanh: np.tanh(X @ W1 + b1).",
         lambda X, W1, b1, W2, b2: np.tanh(X @ W1) + b1),
        ("apply the tanh to the hidden layer's weighted sums Z1 = X @ W1 + b1.",
         lambda X, W1, b1, W2, b2: X @ W1 + b1),
    ]
    mistakes_A2 = [
        ("the output unit is a sigmoid: A2 = sigmoid(A1 @ W2 + b2), a probability.",
         lambda X, W1, b1, W2, b2: np.tanh(_forward(X, W1, b1, W2, b2)[0] @ W2 + b2)),
        ("squash the output with the sigmoid: A2 = sigmoid(A1 @ W2 + b2).",
         lambda X, W1, b1, W2, b2: _forward(X, W1, b1, W2, b2)[0] @ W2 + b2),
        ("add the output layer's bias b2: A2 = sigmoid(A1 @ W2 + b2).",
         lambda X, W1, b1, W2, b2: _sigmoid(_forward(X, W1, b1, W2, b2)[0] @ W2)),
        ("the output layer is fed the hidden activations A1 = tanh(Z1), not the weighted "
         "sums Z1.", lambda X, W1, b1, W2, b2: _sigmoid((X @ W1 + b1) @ W2 + b2)),
    ]
    return _quietly(
        PART_A, hidden,
        ("A1", _count(cases_A1, hidden),
         lambda: run_check(f"{PART_A} (A1)", part(0, "A1"), cases_A1, hint=hint,
                           mistakes=mistakes_A1, forbidden=_LIBRARY_NETWORK, hidden=hidden)),
        ("A2", _count(cases_A2, hidden),
         lambda: run_check(f"{PART_A} (A2)", part(1, "A2"), cases_A2, hint=hint,
                           mistakes=mistakes_A2, forbidden=_LIBRARY_NETWORK, hidden=hidden)))


# --- (b) backward_tanh_sigmoid(X, Y, A1, A2, W2) -> (dW1, db1, dW2, db2) --------------------

def _backward_case(rng, n, n_in, h, k):
    X, W1, b1, W2, b2 = _forward_case(rng, n, n_in, h, k)
    A1, A2 = _forward(X, W1, b1, W2, b2)
    Y = rng.integers(0, 2, (n, k)).astype(float)
    return X, Y, A1, A2, W2


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
    names = ["dW1", "db1", "dW2", "db2"]

    def part(index):
        @functools.wraps(backward_tanh_sigmoid)
        def call(X, Y, A1, A2, W2):
            result = backward_tanh_sigmoid(X, Y, A1, A2, W2)
            if not isinstance(result, (tuple, list)) or len(result) != 4:
                raise WrongResult(f"expected the four gradients (dW1, db1, dW2, db2), got "
                                  f"{type(result).__name__}",
                                  "return dW1, db1, dW2, db2 in this order.")
            return require_array(result[index], names[index], (X, Y, A1, A2, W2))
        return call

    def variant(index, delta2=None, slope=None, back=None, bias_sum=None):
        """A wrong backward pass, changed in one place; returns its component ``index``."""
        def wrong(X, Y, A1, A2, W2):
            d2 = delta2(X, Y, A2) if delta2 else (A2 - Y) / len(X)
            d1 = (back(d2, W2) if back else d2 @ W2.T) * (slope(A1) if slope else 1 - A1 ** 2)
            total = bias_sum or (lambda d: d.sum(axis=0))
            return (X.T @ d1, total(d1), A1.T @ d2, total(d2))[index]
        return wrong

    common = [
        ("C is the MEAN over the n rows of the batch: δ2 = (A2 − Y) / n with n = len(X).",
         dict(delta2=lambda X, Y, A2: A2 - Y)),
        ("δ2 = ∂C/∂Z2 = (A2 − Y) / n: the prediction minus the target, not Y − A2.",
         dict(delta2=lambda X, Y, A2: (Y - A2) / len(X))),
        ("for a sigmoid output with the binary cross-entropy the factor σ'(Z2) cancels: "
         "δ2 = (A2 − Y) / n, without * A2 * (1 - A2).",
         dict(delta2=lambda X, Y, A2: (A2 - Y) * A2 * (1 - A2) / len(X))),
    ]
    hidden_layer = [
        ("the hidden units are tanh units: tanh'(z) = 1 - a² with a = tanh(z), so multiply "
         "by 1 - A1**2, not by the sigmoid's A1 * (1 - A1).",
         dict(slope=lambda A1: A1 * (1 - A1))),
        ("multiply element-wise by tanh'(Z1) = 1 - A1**2, the slope of the hidden units.",
         dict(slope=lambda A1: 1.0)),
        ("tanh'(z) = 1 - a² with a = tanh(z): square A1, 1 - A1**2, not 1 - A1.",
         dict(slope=lambda A1: 1 - A1)),
        ("A1 is already tanh(Z1): multiply by 1 - A1**2, do not apply tanh to A1 again.",
         dict(slope=lambda A1: 1 - np.tanh(A1) ** 2)),
        ("send δ2 back through the TRANSPOSE of W2: δ1 = (δ2 @ W2.T) * (1 - A1**2).",
         dict(back=lambda d2, W2: d2 @ W2)),
    ]
    bias = [
        ("a bias gradient is the sum of δ over the rows of the batch: delta.sum(axis=0) "
         "(δ already holds the 1/n), not the mean.",
         dict(bias_sum=lambda d: d.mean(axis=0))),
    ]
    hints = {
        "dW2": "dW2 = A1.T @ delta2 with delta2 = (A2 - Y) / n: shape (n_hidden, n_outputs), "
               "like W2.",
        "db2": "db2 = delta2.sum(axis=0): one number per output unit, shape (n_outputs,).",
        "dW1": "dW1 = X.T @ delta1 with delta1 = (delta2 @ W2.T) * (1 - A1**2): shape "
               "(n_inputs, n_hidden), like W1.",
        "db1": "db1 = delta1.sum(axis=0): shape (n_hidden,), like b1.",
    }
    checks = []
    for index in (2, 3, 0, 1):                 # the output layer first, as backprop goes
        name = names[index]
        mistakes = [(text, variant(index, **change)) for text, change in common]
        if index < 2:
            mistakes += [(text, variant(index, **change)) for text, change in hidden_layer]
        if index % 2:
            mistakes += [(text, variant(index, **change)) for text, change in bias]
        reference = [r for r in (_backward(*args)[index] for _, args in visible)]
        cases = [Case(f"{name} for {d}", args, reference[i])
                 for i, (d, args) in enumerate(visible)]
        cases += [Case(f"{name} for {d}", args, _backward(*args)[index], hidden=True)
                  for d, args in secret]
        checks.append((name, _count(cases, hidden),
                       functools.partial(run_check, f"{PART_B} ({name})", part(index), cases,
                                         hint=hints[name], mistakes=mistakes,
                                         forbidden=_LIBRARY_NETWORK, hidden=hidden)))
    return _quietly(PART_B, hidden, *checks)


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


def check_train_two_layer(train_two_layer, hidden=False):
    """Check ``train_two_layer(X, Y, W1, b1, W2, b2, learning_rate, epochs, batch_size)``:
    consecutive mini-batches, one gradient step each, the cost on all of X after every
    epoch; the trained network classifies XOR blobs."""
    rng = np.random.default_rng(38)
    X11, Y11 = _xor_blobs(11, 1)
    X9, Y9 = _xor_blobs(9, 2)
    X80, Y80 = _xor_blobs(80, 3)
    X60, Y60 = _xor_blobs(60, 4)
    exact = [
        ("11 samples in mini-batches of 4 (the last one holds 3), 3 epochs, η = 0.5",
         (X11, Y11, *_start(rng, 2, 3, 1), 0.5, 3, 4)),
        ("9 samples, 2 outputs per sample, batches of 3, 4 epochs, η = 1",
         (X9, np.hstack([Y9, 1 - Y9]), *_start(rng, 2, 4, 2), 1.0, 4, 3)),
        ("11 samples in one batch of 11, 2 epochs, η = 2", (X11, Y11, *_start(rng, 2, 2, 1),
                                                          2.0, 2, 11)),
    ]
    secret = [
        ("9 samples in batches of 2 (the last one holds 1), 5 epochs, η = 0.3",
         (X9, Y9, *_start(rng, 2, 5, 1), 0.3, 5, 2)),
    ]
    learn = (X80, Y80, *_start(rng, 2, 6, 1), 1.0, 20, 10)
    learn_secret = (X60, Y60, *_start(rng, 2, 8, 1), 0.5, 30, 6)

    def outcome(result, args):
        params, costs = _pair(result, "params", "costs")
        if not isinstance(params, (tuple, list)) or len(params) != 4:
            raise WrongResult(f"expected params = (W1, b1, W2, b2), got "
                              f"{type(params).__name__}",
                              "return (W1, b1, W2, b2), costs: the four trained arrays, then "
                              "the costs.")
        for name, got, start in zip(["W1", "b1", "W2", "b2"], params, args[2:6]):
            if np.shape(got) != start.shape:
                raise WrongResult(f"the trained {name} has shape {np.shape(got)}, the "
                                  f"starting {name} {start.shape}",
                                  "training changes the values of the parameters, never "
                                  "their shapes.")
        return [require_array(p, n, args) for p, n in zip(params, ["W1", "b1", "W2", "b2"])], \
            costs

    def costs_of(function):
        @functools.wraps(function)
        def call(*args):
            return require_array(outcome(function(*args), args)[1], "costs", args)
        return call

    def params_of(function):
        @functools.wraps(function)
        def call(*args):
            return np.concatenate([p.ravel() for p in outcome(function(*args), args)[0]])
        return call

    def accuracy_of(function):
        @functools.wraps(function)
        def call(*args):
            params = outcome(function(*args), args)[0]
            A2 = _forward(args[0], *params)[1]
            return float(np.mean((A2 > 0.5) == (args[1] > 0.5)))
        return call

    def falls(epochs):
        def ok(costs):
            return costs.shape == (epochs,) and bool(np.all(np.isfinite(costs))
                                                     and costs[-1] < 0.5 * costs[0])
        return ok

    flat = lambda result: np.concatenate([p.ravel() for p in result[0]])
    cost_cases = [Case(f"the cost per epoch: {d}", a, _train(*a)[1]) for d, a in exact]
    cost_cases += [Case(f"the cost per epoch: {d}", a, _train(*a)[1], hidden=True)
                   for d, a in secret]
    cost_cases += [
        Case("80 XOR blobs, 6 hidden units, 20 epochs in batches of 10: the cost falls to "
             "less than half of its value after epoch 1", learn, falls(20)),
        Case("60 XOR blobs, 8 hidden units, 30 epochs in batches of 6: the cost falls",
             learn_secret, falls(30), hidden=True)]
    param_cases = [Case(f"the trained W1, b1, W2, b2 (flattened): {d}", a, flat(_train(*a)))
                   for d, a in exact]
    param_cases += [Case(f"the trained W1, b1, W2, b2 (flattened): {d}", a, flat(_train(*a)),
                         hidden=True) for d, a in secret]
    accuracy_cases = [
        Case("80 XOR blobs, 6 hidden units, 20 epochs: training accuracy at least 95 %",
             learn, lambda acc: acc >= 0.95),
        Case("60 XOR blobs, 8 hidden units, 30 epochs: training accuracy at least 95 %",
             learn_secret, lambda acc: acc >= 0.95, hidden=True)]
    variants = {
        "full batch": "use mini-batches of batch_size rows, X[start:start + batch_size], one "
                      "update per batch: not one update per epoch on all of X.",
        "last batch dropped": "do not drop the last, smaller batch: "
                              "range(0, len(X), batch_size) covers every row.",
        "one batch per epoch": "an epoch goes through ALL the mini-batches, "
                               "for start in range(0, len(X), batch_size).",
        "no bias updates": "update the biases too: b1 = b1 - learning_rate * db1 and "
                           "b2 = b2 - learning_rate * db2.",
        "ascent": "a gradient-descent step SUBTRACTS: W = W - learning_rate * dW.",
        "divided by n again": "the gradients of part (b) already hold the 1/n of the mean: "
                              "step by learning_rate * gradient, without dividing by the "
                              "batch size again.",
        "cost before the epoch": "record the cost AFTER each epoch's updates, on all of X "
                                 "(costs[0] is the cost after epoch 1, not the starting cost).",
        "batch cost": "record the cost on the WHOLE training set X, Y after the epoch, not "
                      "the cost of the last mini-batch.",
    }

    def wrong(name, adapter):
        return adapter(lambda *a: _train(*a, mistake=name))

    hint = ("for each epoch: for start in range(0, len(X), batch_size), take the rows "
            "start:start + batch_size, run part (a) and part (b) on them and subtract "
            "learning_rate times each gradient from its parameter; after the epoch, append the "
            "cost of all of X to costs. Start from copies of W1, b1, W2, b2.")
    swapped, restore = _with_correct_parts(train_two_layer)
    try:
        passed = _quietly(
            "train_two_layer", hidden,
            ("cost per epoch", _count(cost_cases, hidden),
             lambda: run_check("train_two_layer (cost per epoch)", costs_of(train_two_layer),
                               cost_cases, hint=hint,
                               mistakes=[(h, wrong(n, costs_of)) for n, h in variants.items()],
                               forbidden=_LIBRARY_NETWORK, hidden=hidden)),
            ("trained parameters", _count(param_cases, hidden),
             lambda: run_check("train_two_layer (trained parameters)",
                               params_of(train_two_layer), param_cases, hint=hint,
                               mistakes=[(h, wrong(n, params_of)) for n, h in variants.items()],
                               forbidden=_LIBRARY_NETWORK, hidden=hidden)),
            ("accuracy", _count(accuracy_cases, hidden),
             lambda: run_check("train_two_layer (accuracy)", accuracy_of(train_two_layer),
                               accuracy_cases, hint=hint, forbidden=_LIBRARY_NETWORK,
                               hidden=hidden)))
    except ExerciseCheckFailed as failure:
        if swapped:
            raise ExerciseCheckFailed(f"{failure}\n   (This check ran with correct versions of "
                                      f"{' and '.join(swapped)}, since yours do not pass their "
                                      "checks yet.)") from None
        raise
    finally:
        restore()
    if swapped and passed:
        parts = {PART_A: "part (a)", PART_B: "part (b)"}
        print(f"   Your training loop is right. It was checked with correct versions of "
              f"{' and '.join(swapped)}: yours ({', '.join(parts[s] for s in swapped)}) do not "
              "pass their checks yet, so the loop does not train yet when you run it.")
    return passed
