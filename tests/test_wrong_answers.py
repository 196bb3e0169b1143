"""A table of wrong answers per coded exercise: every one fails, with the hint for its mistake.

For each exercise: the right answer (as in the notebook) passes, visible and hidden tests;
typical mistakes (the exercise's own, and the general ones: inputs changed in place, a list
instead of an array, float32 from float64 inputs, a one-element array for a number, a
partial implementation, nnlib's own version) fail with a message naming that mistake.
"""

import math

import numpy as np
import pytest

import nnlib
from nnlib.activations import sigmoid as _sigmoid
from nnlib.activations import sigmoid_prime as _sigmoid_prime
from nnlib.autodiff import Value
from nnlib import checks
from nnlib.checks import ExerciseCheckFailed

IN_PLACE = "in place"
LIST = "got a list"
FLOAT32 = "float32 although the inputs are float64"
PARTIAL = "although it answers others"
SCALAR = "expected a single number"
LIBRARY = "nnlib's own version"


# --- generic mistakes made from a right answer ----------------------------------------------

def in_place(right, index=0):
    """The right result, but the function scribbles on its argument ``index`` afterwards."""
    def wrong(*args):
        result = right(*[np.copy(a) if isinstance(a, np.ndarray) else a for a in args])
        args[index][...] = 0
        return result
    return wrong


def as_list(right):
    return lambda *args: np.asarray(right(*args)).tolist()


def as_float32(right):
    return lambda *args: np.asarray(right(*args)).astype(np.float32)


def as_one_element(right):
    return lambda *args: np.atleast_1d(right(*args))


def partial(right):
    """Answers the first case, raises NotImplementedError afterwards."""
    calls = []

    def wrong(*args):
        calls.append(1)
        if len(calls) > 1:
            raise NotImplementedError("the general case")
        return right(*args)
    return wrong


# --- right answers, as in the notebooks ----------------------------------------------------

def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def relu_prime(z):
    return np.where(z > 0, 1.0, 0.0)


def neuron(X, w, b):
    return sigmoid(X @ w + b)


def nand_unit(X):
    return (X @ np.array([-2, -2]) >= -3).astype(int)


def perceptron_update(w, b, x, y, lr):
    y_hat = 1 if np.dot(w, x) + b >= 0 else 0
    return w + lr * (y - y_hat) * x, b + lr * (y - y_hat)


def perceptron_in_place(w, b, x, y, lr):
    y_hat = 1 if np.dot(w, x) + b >= 0 else 0
    w += lr * (y - y_hat) * x
    return w, b + lr * (y - y_hat)


def predict_neuron(X, w):
    return sigmoid(X @ w)


def sse_loss(output, y):
    y = np.reshape(y, np.shape(output))
    return 0.5 * np.sum((output - y) ** 2)


def sigmoid_prime_from_output(a):
    return a * (1.0 - a)


def sigmoid_prime_in_place(a):
    a *= 1 - a
    return a


def forward_two_layer(X, W1, W2):
    a1 = sigmoid(X @ W1)
    return a1, sigmoid(a1 @ W2)


def hidden_delta(delta2, W2, a1):
    return (delta2 @ W2.T) * a1 * (1 - a1)


def one_hot(labels, k):
    targets = np.zeros((len(labels), k))
    targets[np.arange(len(labels)), labels] = 1.0
    return targets


def accuracy(outputs, labels):
    if outputs.shape[1] == 1:
        predicted = (outputs[:, 0] > 0.5).astype(int)
    else:
        predicted = np.argmax(outputs, axis=1)
    return np.mean(predicted == labels)


def central_difference(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2.0 * h)


def neuron_loss_grad(w, x, b, y):
    out = float(_sigmoid(w * x + b))
    dC_dz = (out - y) * out * (1.0 - out)
    return dC_dz * x, dC_dz


def gradient_descent(grad, start, lr, steps):
    current = np.asarray(start, dtype=float).copy()
    visited = [current]
    for _ in range(steps):
        current = current - lr * np.asarray(grad(current), dtype=float)
        visited.append(current)
    return np.stack(visited)


def gradient_descent_in_place(grad, start, lr, steps):
    current = start if isinstance(start, np.ndarray) else np.array(start, dtype=float)
    visited = [current.copy()]
    for _ in range(steps):
        current -= lr * grad(current)
        visited.append(current.copy())
    return np.stack(visited)


def tanh_node(v):
    t = math.tanh(v.data)
    return Value(t, parents=(v,), local_grads=(1.0 - t ** 2,), op="tanh")


def output_delta(a, y, z):
    return (a - y) / len(a) * _sigmoid_prime(z)


def backprop_layer(delta_next, W_next, z):
    return (delta_next @ W_next.T) * _sigmoid_prime(z)


def weight_gradient(a_prev, delta):
    return a_prev.T @ delta


def bias_gradient(delta):
    return delta.sum(axis=0)


def normalize_images(raw):
    return raw.reshape(len(raw), -1).astype(np.float32) / 255


def softmax_cross_entropy(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -log_p[np.arange(len(labels)), labels].mean()


def most_confident_mistakes(probs, labels, k):
    predicted = probs.argmax(axis=1)
    wrong = np.flatnonzero(predicted != labels)
    return wrong[np.argsort(-probs[wrong, predicted[wrong]], kind="stable")][:k]


def per_class_accuracy(y_true, y_pred, n_classes):
    result = np.full(n_classes, np.nan)
    for k in range(n_classes):
        mask = y_true == k
        if mask.any():
            result[k] = np.mean(y_pred[mask] == k)
    return result


# --- the table: exercise -> (check, right answer, [(wrong answer, words of its hint)]) ----------

TABLE = {
    "sigmoid": (checks.check_sigmoid, sigmoid, [
        (lambda z: 1 / (1 + np.exp(z)), "the exponent is −z"),
        (lambda z: 1 / (1 + np.exp(-z)), "overflow"),
        (lambda z: nnlib.sigmoid(z), LIBRARY),
        (in_place(sigmoid), IN_PLACE),
        (as_list(sigmoid), LIST),
        (as_float32(sigmoid), FLOAT32),
        (partial(sigmoid), PARTIAL),
    ]),
    "relu_prime": (checks.check_relu_prime, relu_prime, [
        (lambda z: np.maximum(0.0, z), "ReLU itself"),
        (lambda z: (z >= 0).astype(float), "use z > 0, not z >= 0"),
        (lambda z: (z < 0).astype(float), "reversed"),
        (lambda z: nnlib.relu_prime(z), LIBRARY),
        (in_place(relu_prime), IN_PLACE),
        (as_list(relu_prime), LIST),
        (partial(relu_prime), PARTIAL),
    ]),
    "neuron": (checks.check_neuron, neuron, [
        (lambda X, w, b: sigmoid(X @ w), "add the bias"),
        (lambda X, w, b: sigmoid(X @ w) + b, "not σ(X @ w) + b"),
        (lambda X, w, b: X @ w + b, "not the weighted input z"),
        (lambda X, w, b: sigmoid(X @ w + b)[:, None], "extra dimension"),
        (in_place(neuron), IN_PLACE),
        (as_list(neuron), LIST),
        (as_float32(neuron), FLOAT32),
        (partial(neuron), PARTIAL),
    ]),
    "nand_unit": (checks.check_nand_unit, nand_unit, [
        (lambda X: (X[:, 0] * X[:, 1]).astype(int), "that is AND"),
        (lambda X: np.maximum(X[:, 0], X[:, 1]), "that is OR"),
        (lambda X: 1 - np.maximum(X[:, 0], X[:, 1]), "that is NOR"),
        (lambda X: (1 - X[:, 0] * X[:, 1])[:, None], "not a column"),
        (lambda X: nnlib.logic_gate("nand")[1][:len(X)], LIBRARY),
        (in_place(nand_unit), IN_PLACE),
        (as_list(nand_unit), LIST),
        (partial(nand_unit), PARTIAL),
    ]),
    "perceptron_update": (checks.check_perceptron_update, perceptron_update, [
        (perceptron_in_place, IN_PLACE),
        (lambda w, b, x, y, lr: (list(perceptron_update(w, b, x, y, lr)[0]),
                                 perceptron_update(w, b, x, y, lr)[1]), LIST),
        (lambda w, b, x, y, lr: (perceptron_update(w, b, x, y, lr)[0].astype(np.float32),
                                 perceptron_update(w, b, x, y, lr)[1]), FLOAT32),
        (lambda w, b, x, y, lr: (perceptron_update(w, b, x, y, lr)[0],
                                 np.array([perceptron_update(w, b, x, y, lr)[1]])),
         "b_new must be a single number"),
        (lambda w, b, x, y, lr: perceptron_update(w, b, x, -y + 2 * (1 if np.dot(w, x) + b >= 0
                                                                     else 0), lr),
         "opposite sign"),
        (lambda w, b, x, y, lr: (perceptron_update(w, b, x, y, lr)[0], b), "update the bias"),
        (lambda w, b, x, y, lr: perceptron_update(w, b, x, y, 1.0), "learning rate lr"),
        (lambda w, b, x, y, lr: nnlib.perceptron_step(w, b, x, y, lr), LIBRARY),
        (partial(perceptron_update), PARTIAL),
    ]),
    "predict_neuron": (checks.check_predict_neuron, predict_neuron, [
        (lambda X, w: X @ w, "apply the sigmoid"),
        (lambda X, w: sigmoid(-(X @ w)), "the exponent is −z"),
        (lambda X, w: sigmoid(X @ w)[:, 0], "missing a dimension"),
        (in_place(predict_neuron), IN_PLACE),
        (as_list(predict_neuron), LIST),
        (as_float32(predict_neuron), FLOAT32),
        (partial(predict_neuron), PARTIAL),
    ]),
    "sse_loss": (checks.check_sse_loss, sse_loss, [
        (lambda o, y: 0.5 * np.mean((o - np.reshape(y, o.shape)) ** 2), "not the mean"),
        (lambda o, y: np.sum((o - np.reshape(y, o.shape)) ** 2), "halve the sum"),
        (lambda o, y: 0.5 * np.sum((o - y) ** 2), "broadcasts"),
        (lambda o, y: 0.5 * np.sum(o - np.reshape(y, o.shape)) ** 2, "square the errors"),
        (lambda o, y: nnlib.losses.sse(o, np.reshape(y, o.shape)), LIBRARY),
        (as_one_element(sse_loss), SCALAR),
        (lambda o, y: 0.5 * np.sum((o - np.reshape(y, o.shape)) ** 2, keepdims=True), SCALAR),
        (in_place(sse_loss), IN_PLACE),
        (partial(sse_loss), PARTIAL),
    ]),
    "sigmoid_prime_from_output": (checks.check_sigmoid_prime_from_output,
                                  sigmoid_prime_from_output, [
        (sigmoid_prime_in_place, IN_PLACE),
        (lambda a: sigmoid(a) * (1 - sigmoid(a)), "do not apply the sigmoid again"),
        (lambda a: a * (1 + a), "not (1 + a)"),
        (lambda a: a - (1 - a), "not the difference"),
        (lambda a: nnlib.sigmoid_prime(a), LIBRARY),
        (lambda a: np.atleast_1d(a * (1 - a)), SCALAR),
        (as_list(sigmoid_prime_from_output), "expected a"),
        (partial(sigmoid_prime_from_output), PARTIAL),
    ]),
    "forward_two_layer": (checks.check_forward_two_layer, forward_two_layer, [
        (lambda X, W1, W2: (X @ W1, sigmoid(sigmoid(X @ W1) @ W2)), "apply the sigmoid"),
        (lambda X, W1, W2: (sigmoid(X @ W1), sigmoid(X @ W1) @ W2), "squash the output"),
        (lambda X, W1, W2: (sigmoid(X @ W1), sigmoid(X @ W1 @ W2)), "not the weighted sums"),
        (lambda X, W1, W2: sigmoid(sigmoid(X @ W1) @ W2), "expected the pair"),
        (lambda X, W1, W2: tuple(r.tolist() for r in forward_two_layer(X, W1, W2)), LIST),
        (lambda X, W1, W2: tuple(r.astype(np.float32) for r in forward_two_layer(X, W1, W2)),
         FLOAT32),
        (in_place(forward_two_layer, 1), IN_PLACE),
        (partial(forward_two_layer), PARTIAL),
    ]),
    "hidden_delta": (checks.check_hidden_delta, hidden_delta, [
        (lambda d, W, a: (d @ W.T) * sigmoid(a) * (1 - sigmoid(a)), "do not apply the sigmoid"),
        (lambda d, W, a: d @ W.T, "multiply element-wise by σ'(z)"),
        (lambda d, W, a: (d @ W.T) * a, "not a1 itself"),
        (lambda d, W, a: (d @ W) * a * (1 - a) if W.shape[0] == W.shape[1] else
         (d @ W.T) * a * (1 - a), "TRANSPOSE"),
        (lambda d, W, a: d @ W.T * a * (1 - a) @ np.eye(a.shape[1]) + 0 * d.sum(), None),
        (in_place(hidden_delta, 2), IN_PLACE),
        (as_list(hidden_delta), LIST),
        (as_float32(hidden_delta), FLOAT32),
        (partial(hidden_delta), PARTIAL),
    ]),
    "one_hot": (checks.check_one_hot, one_hot, [
        (lambda labels, k: np.eye(labels.max() + 1)[labels], "not labels.max() + 1"),
        (lambda labels, k: np.eye(k)[labels].T, "one ROW per sample"),
        (lambda labels, k: np.eye(len(labels), k), "in column labels[i]"),
        (lambda labels, k: nnlib.one_hot(labels, k), LIBRARY),
        (as_list(one_hot), LIST),
        (in_place(one_hot), IN_PLACE),
        (partial(one_hot), PARTIAL),
    ]),
    "accuracy": (checks.check_accuracy, accuracy, [
        (lambda o, l: float(np.sum(o.argmax(axis=1) == l) if o.shape[1] > 1 else
                            np.sum((o[:, 0] > 0.5) == l)), "not the count"),
        (lambda o, l: 1 - accuracy(o, l), "error rate"),
        (lambda o, l: np.mean(o.argmax(axis=1) == l), "single output column"),
        (lambda o, l: nnlib.accuracy(l, o.argmax(axis=1)), LIBRARY),
        (as_one_element(accuracy), SCALAR),
        (in_place(accuracy), IN_PLACE),
        (partial(accuracy), PARTIAL),
    ]),
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
         "multiply by σ'(z)"),
        (lambda w, x, b, y: tuple(-g for g in neuron_loss_grad(w, x, b, y)), "opposite sign"),
        (lambda w, x, b, y: neuron_loss_grad(w, x, b, y)[::-1], "swap"),
        (lambda w, x, b, y: (np.array([neuron_loss_grad(w, x, b, y)[0]]),
                             neuron_loss_grad(w, x, b, y)[1]), "not a number"),
        (lambda w, x, b, y: neuron_loss_grad(w, x, b, y)[0], "expected the pair"),
        (lambda w, x, b, y: (lambda a: ((a - y) * a * (1 - a) * x, (a - y) * a * (1 - a)))(
            1 / (1 + math.exp(-(w * x + b)))), "raised OverflowError"),
        (partial(neuron_loss_grad), PARTIAL),
    ]),
    "gradient_descent": (checks.check_gradient_descent, gradient_descent, [
        (gradient_descent_in_place, IN_PLACE),
        (lambda g, s, lr, n: gradient_descent(g, s, -lr, n), "DOWNHILL"),
        (lambda g, s, lr, n: gradient_descent(g, s, lr, n)[1:], "starts with the starting"),
        (lambda g, s, lr, n: gradient_descent(g, s, lr, n)[:-1], "AFTER each step"),
        (lambda g, s, lr, n: [list(p) for p in gradient_descent(g, s, lr, n)], LIST),
        (lambda g, s, lr, n: gradient_descent(g, s, lr, n).astype(np.float32), FLOAT32),
        (partial(gradient_descent), PARTIAL),
    ]),
    "tanh_node": (checks.check_tanh_node, tanh_node, [
        (lambda v: Value(math.tanh(v.data), parents=(v,), local_grads=(1 - v.data ** 2,)),
         "at the OUTPUT"),
        (lambda v: Value(math.tanh(v.data), parents=(v,), local_grads=(math.tanh(v.data),)),
         "not t itself"),
        (lambda v: Value(math.tanh(v.data)), "parents=(v,)"),
        (lambda v: Value(math.tanh(v.data), parents=(v,),
                         local_grads=(1 + math.tanh(v.data) ** 2,)), "not 1 + t²"),
        (lambda v: v.tanh(), LIBRARY),
        (lambda v: math.tanh(v.data), "must return a Value"),
        (partial(tanh_node), PARTIAL),
    ]),
    "output_delta": (checks.check_output_delta, output_delta, [
        (lambda a, y, z: (a - y) / len(a), "multiply by σ'(z)"),
        (lambda a, y, z: (a - y) * _sigmoid_prime(z), "MEAN over the n rows"),
        (lambda a, y, z: (y - a) / len(a) * _sigmoid_prime(z), "not y − a"),
        (lambda a, y, z: (a - y) / len(a) * z * (1 - z), "not z(1 − z)"),
        (lambda a, y, z: (a - y) / len(a) * _sigmoid_prime(a), "applies σ twice"),
        (lambda a, y, z: (a - y) / a.size * _sigmoid_prime(z), "not a.size"),
        (in_place(output_delta), IN_PLACE),
        (as_list(output_delta), LIST),
        (as_float32(output_delta), FLOAT32),
        (partial(output_delta), PARTIAL),
    ]),
    "backprop_layer": (checks.check_backprop_layer, backprop_layer, [
        (lambda d, W, z: (d @ W.T) * _sigmoid(z), "SLOPE of the sigmoid"),   # the case
        (lambda d, W, z: (d @ W.T) * z * (1 - z), "not z(1 − z)"),
        (lambda d, W, z: (d @ W.T) * _sigmoid_prime(_sigmoid(z)), "not sigmoid_prime(sigmoid"),
        (lambda d, W, z: d @ W.T, "multiply element-wise by σ'(z^l)"),
        (lambda d, W, z: (d @ W) * _sigmoid_prime(z) if W.shape[0] == W.shape[1] else
         backprop_layer(d, W, z), "TRANSPOSE"),
        (in_place(backprop_layer, 2), IN_PLACE),
        (as_list(backprop_layer), LIST),
        (as_float32(backprop_layer), FLOAT32),
        (partial(backprop_layer), PARTIAL),
    ]),
    "weight_gradient": (checks.check_weight_gradient, weight_gradient, [
        (lambda a, d: d.T @ a, "its transpose"),
        (lambda a, d: a.T @ d / len(a), "do not divide by n again"),
        (lambda a, d: np.outer(a[0], d[0]), "not just the first"),
        (lambda a, d: (a.T @ d)[None], "extra dimension"),
        (in_place(weight_gradient, 1), IN_PLACE),
        (as_list(weight_gradient), LIST),
        (as_float32(weight_gradient), FLOAT32),
        (partial(weight_gradient), PARTIAL),
    ]),
    "bias_gradient": (checks.check_bias_gradient, bias_gradient, [
        (lambda d: d.mean(axis=0), "do not average"),
        (lambda d: d.sum(axis=1), "ROWS"),
        (lambda d: d.sum(), "keeping one entry per unit"),
        (lambda d: d.sum(axis=0, keepdims=True), "drop keepdims"),
        (lambda d: d[0], "not just the first row"),
        (in_place(bias_gradient), IN_PLACE),
        (as_list(bias_gradient), LIST),
        (as_float32(bias_gradient), FLOAT32),
        (partial(bias_gradient), PARTIAL),
    ]),
    "normalize_images": (checks.check_normalize_images, normalize_images, [
        (lambda raw: raw.reshape(len(raw), -1) / 256.0, "not 256"),
        (lambda raw: raw.transpose(0, 2, 1).reshape(len(raw), -1) / 255.0, "without transposing"),
        (lambda raw: raw.reshape(len(raw), -1).astype(float), "divide by 255"),
        (lambda raw: raw.reshape(len(raw), -1) // 255, "integer division"),
        (lambda raw: raw / 255.0, "ONE row of 784"),
        (in_place(normalize_images), IN_PLACE),
        (as_list(normalize_images), LIST),
        (partial(normalize_images), PARTIAL),
    ]),
    "softmax_cross_entropy": (checks.check_softmax_cross_entropy, softmax_cross_entropy, [
        (lambda z, l: -np.sum(np.log(np.exp(z) / np.exp(z).sum(axis=1, keepdims=True))
                              [np.arange(len(l)), l]), "not the sum"),
        (lambda z, l: -softmax_cross_entropy(z, l), "MINUS the mean"),
        (lambda z, l: -np.mean(np.log((np.exp(z) / np.exp(z).sum(axis=1, keepdims=True))
                                      [np.arange(len(l)), l])), "overflows"),
        (lambda z, l: softmax_cross_entropy(z, np.argmax(z, axis=1)), "TRUE class"),
        (lambda z, l: np.atleast_1d(softmax_cross_entropy(z, l)), SCALAR),
        (in_place(softmax_cross_entropy), IN_PLACE),
        (partial(softmax_cross_entropy), PARTIAL),
    ]),
    "most_confident_mistakes": (checks.check_most_confident_mistakes, most_confident_mistakes, [
        (lambda p, l, k: (lambda w: w[np.argsort(-p[w, l[w]], kind="stable")][:k])(
            np.flatnonzero(p.argmax(axis=1) != l)), "PREDICTED class"),
        (lambda p, l, k: (lambda w: w[np.argsort(p[w].max(axis=1), kind="stable")][:k])(
            np.flatnonzero(p.argmax(axis=1) != l)), "most confident FIRST"),
        (lambda p, l, k: np.argsort(-p.max(axis=1), kind="stable")[:k], "only rows whose"),
        (lambda p, l, k: most_confident_mistakes(p, l, k).astype(float), "expected integers"),
        (lambda p, l, k: list(most_confident_mistakes(p, l, k)), LIST),
        (in_place(most_confident_mistakes), IN_PLACE),
        (partial(most_confident_mistakes), PARTIAL),
    ]),
    "per_class_accuracy": (checks.check_per_class_accuracy, per_class_accuracy, [
        (lambda t, p, n: np.array([np.sum((t == k) & (p == k)) / np.sum(p == k)
                                   if (p == k).any() else np.nan for k in range(n)]),
         "not by how often k was predicted"),
        (lambda t, p, n: np.nan_to_num(per_class_accuracy(t, p, n)), "not 0"),
        (lambda t, p, n: float(np.mean(t == p)), "not the overall accuracy"),
        (lambda t, p, n: np.array([np.mean(p == k) if (t == k).any() else np.nan
                                   for k in range(n)]), "mixes in the other classes"),
        (lambda t, p, n: list(per_class_accuracy(t, p, n)), LIST),
        (in_place(per_class_accuracy, 1), IN_PLACE),
        (partial(per_class_accuracy), PARTIAL),
    ]),
}

WRONG = [(name, index) for name, (_, _, wrongs) in TABLE.items() for index in range(len(wrongs))]


@pytest.fixture(autouse=True)
def learner(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("NNLIB_GRADING", raising=False)


def test_every_exercise_has_at_least_five_wrong_answers():
    assert len(TABLE) == 24
    assert all(len(wrongs) >= 5 for _, _, wrongs in TABLE.values())


@pytest.mark.parametrize("name", TABLE)
def test_the_right_answer_passes_visible_and_hidden_tests(name, capsys):
    check, right, _ = TABLE[name]
    assert check(right) is True
    assert check(right, hidden=True) is True
    out = capsys.readouterr().out
    assert "✅" in out and "(hidden tests)" in out and "❌" not in out


@pytest.mark.parametrize("name, index", WRONG)
def test_a_wrong_answer_fails_with_the_hint_for_its_mistake(name, index):
    check, _, wrongs = TABLE[name]
    wrong, words = wrongs[index]
    if words is None:  # equivalent to the right answer: a control that must pass
        assert check(wrong) is True
        return
    if words == PARTIAL:
        wrong = wrongs[index][0]
    with pytest.raises(ExerciseCheckFailed) as info:
        check(wrong)
    message = str(info.value)
    assert message.startswith("❌"), message
    assert words in message, message


@pytest.mark.parametrize("name", TABLE)
def test_unfinished_is_a_reminder_for_learners_and_a_failure_for_graders(name, capsys,
                                                                       monkeypatch):
    check, _, _ = TABLE[name]

    def not_done(*args):
        raise NotImplementedError()
    assert check(not_done) is False
    assert "⏳" in capsys.readouterr().out
    with pytest.raises(checks.ExerciseNotDone):
        check(not_done, hidden=True)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with pytest.raises(checks.ExerciseNotDone):
        check(not_done)
