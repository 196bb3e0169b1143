"""nnlib against PyTorch's autograd and optimisers (float64), when PyTorch is installed.

* scalar expression graphs through :class:`nnlib.autodiff.Value` and torch tensors:
  the same values and the same gradients;
* gradients of nnlib networks (BP1–BP4) and of the same network written in torch, for
  every hidden activation × (output, loss) pair, including saturated outputs;
* SGD, momentum and Adam steps against ``torch.optim``, with and without a
  learning-rate schedule.  Momentum differs under a schedule, by design: see
  :class:`nnlib.Momentum` and ``test_momentum_under_a_schedule_differs_as_documented``.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import nnlib  # noqa: E402
from nnlib.autodiff import Value  # noqa: E402

F64 = torch.float64


# --- 1. scalar graphs: Value against torch autograd -------------------------------------------

GRAPHS = {
    "polynomial": lambda a, b, tanh, exp, log, sig, relu: a * a * b + 3 * b - a / 2,
    "quotients and powers": lambda a, b, tanh, exp, log, sig, relu: (a ** 3 - 2 / b) / (1 + b ** 2),
    "neuron": lambda a, b, tanh, exp, log, sig, relu: tanh(a * 0.7 + b * -1.3 + 0.2),
    "shared subexpression": lambda a, b, tanh, exp, log, sig, relu: (
        exp(a * b + b) * (a * b + b)),
    "log of sigmoid": lambda a, b, tanh, exp, log, sig, relu: log(sig(a - b)) + relu(a + b),
    "relu chain": lambda a, b, tanh, exp, log, sig, relu: relu(relu(a) - b) * relu(-b) - relu(a * -1),
    "saturating sigmoid": lambda a, b, tanh, exp, log, sig, relu: sig(40 * a) + sig(-40 * b),
    "deep mix": lambda a, b, tanh, exp, log, sig, relu: sum(
        (tanh(a * k + b) * sig(b - k) for k in range(1, 6)), start=a * 0) ** 2,
}

VALUE_OPS = dict(tanh=lambda x: x.tanh(), exp=lambda x: x.exp(), log=lambda x: x.log(),
                 sig=lambda x: x.sigmoid(), relu=lambda x: x.relu())
TORCH_OPS = dict(tanh=torch.tanh, exp=torch.exp, log=torch.log, sig=torch.sigmoid,
                 relu=torch.relu)


@pytest.mark.parametrize("name", GRAPHS)
@pytest.mark.parametrize("a0, b0", [(0.8, -0.45), (-1.7, 0.3), (2.2, 1.1)])
def test_scalar_graph_matches_torch_autograd(name, a0, b0):
    f = GRAPHS[name]
    a, b = Value(a0), Value(b0)
    out = f(a, b, **VALUE_OPS)
    out.backward()
    ta = torch.tensor(a0, dtype=F64, requires_grad=True)
    tb = torch.tensor(b0, dtype=F64, requires_grad=True)
    tout = f(ta, tb, **TORCH_OPS)
    tout.backward()
    assert out.data == pytest.approx(tout.item(), rel=1e-12, abs=1e-300)
    assert a.grad == pytest.approx(ta.grad.item(), rel=1e-10, abs=1e-14)
    assert b.grad == pytest.approx(tb.grad.item(), rel=1e-10, abs=1e-14)


def test_sigmoid_far_out_matches_torch():
    for z in (-700.0, -40.0, -17.0, 17.0, 40.0):
        v = Value(z)
        s = v.sigmoid()
        s.backward()
        t = torch.tensor(z, dtype=F64, requires_grad=True)
        ts = torch.sigmoid(t)
        ts.backward()
        assert s.data == pytest.approx(ts.item(), rel=1e-14)
        assert v.grad == pytest.approx(t.grad.item(), rel=1e-12)


# --- 2. network gradients: BP1–BP4 against torch autograd -------------------------------------

HIDDEN = ["sigmoid", "tanh", "relu", "linear"]
OUTPUT_LOSS = [("sigmoid", "quadratic", 2), ("linear", "quadratic", 2), ("tanh", "sse", 2),
               ("sigmoid", "binary_cross_entropy", 1), ("sigmoid", "binary_cross_entropy", 3),
               ("softmax", "cross_entropy", 4)]
TORCH_ACT = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
             "linear": lambda z: z, "softmax": lambda z: torch.softmax(z, dim=1)}


def torch_cost(loss, Z, A, Y):
    """nnlib's losses written with torch's own functions (means over the n samples)."""
    n = len(Z)
    if loss == "quadratic":
        return 0.5 * ((A - Y) ** 2).sum() / n
    if loss == "sse":
        return 0.5 * ((A - Y) ** 2).sum()
    if loss == "binary_cross_entropy":
        return torch.nn.functional.binary_cross_entropy_with_logits(Z, Y, reduction="sum") / n
    if loss == "cross_entropy":
        return torch.nn.functional.cross_entropy(Z, Y.argmax(dim=1), reduction="mean")
    raise ValueError(loss)


def torch_gradients(net, X, Y, loss):
    params = {k: torch.tensor(v, requires_grad=True) for k, v in net.params.items()}
    A = torch.tensor(X)
    Z = None
    for l, f in enumerate(net.activations, start=1):
        Z = A @ params[f"W{l}"] + params[f"b{l}"]
        A = TORCH_ACT[f.name](Z)
    cost = torch_cost(loss, Z, A, torch.tensor(Y))
    cost.backward()
    return cost.item(), {k: p.grad.numpy() for k, p in params.items()}


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output, loss, n_out", OUTPUT_LOSS)
@pytest.mark.parametrize("scale", [1.0, 30.0], ids=["moderate", "saturated"])
def test_network_gradients_match_torch(hidden, output, loss, n_out, scale):
    rng = np.random.default_rng(7)
    net = nnlib.Network([3, 5, 4, n_out], [hidden, hidden, output], loss=loss, seed=3)
    net.set_params(**{k: v * (scale if k.startswith("W") else 1.0)
                      for k, v in net.params.items()})
    X = rng.normal(size=(6, 3))
    if output == "softmax":
        Y = np.eye(n_out)[rng.integers(0, n_out, 6)]
    elif output == "sigmoid":
        Y = rng.integers(0, 2, (6, n_out)).astype(float)
    else:
        Y = rng.normal(size=(6, n_out))
    ours = net.backprop(X, Y)
    cost, theirs = torch_gradients(net, X, Y, loss)
    assert net.cost(X, Y) == pytest.approx(cost, rel=1e-12)
    for key in net.params:
        np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-9,
                                   atol=1e-12 * max(1.0, np.abs(theirs[key]).max()),
                                   err_msg=f"{hidden}/{output}/{loss}: {key}")


def test_saturated_cross_entropy_values_match_torch():
    Z = np.array([[0.0, 100.0], [-800.0, 800.0], [3.0, -2.0]])
    Y = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    expected = torch.nn.functional.cross_entropy(torch.tensor(Z), torch.tensor([0, 0, 1])).item()
    assert nnlib.losses.cross_entropy_from_logits(Z, Y) == pytest.approx(expected, rel=1e-14)
    z = np.array([[100.0], [-100.0], [-800.0], [0.5]])
    y = np.array([[0.0], [1.0], [0.0], [1.0]])
    expected = torch.nn.functional.binary_cross_entropy_with_logits(
        torch.tensor(z), torch.tensor(y)).item()
    assert nnlib.losses.binary_cross_entropy_from_logits(z, y) == pytest.approx(expected,
                                                                                rel=1e-14)


# --- 3. optimisers against torch.optim --------------------------------------------------------

def _gradient_stream(seed=0, steps=30, shape=(4, 3), scale=1.0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape), [scale * rng.standard_normal(shape) for _ in range(steps)]


def _run_nnlib(optimizer, theta0, gradients, schedule):
    params = {"W1": theta0.copy()}
    for t, g in enumerate(gradients):
        optimizer.learning_rate = schedule(t)
        optimizer.step(params, {"W1": g})
    return params["W1"]


def _run_torch(make, theta0, gradients, schedule):
    p = torch.nn.Parameter(torch.tensor(theta0))
    optimizer = make([p])
    for t, g in enumerate(gradients):
        for group in optimizer.param_groups:
            group["lr"] = schedule(t)
        p.grad = torch.tensor(g)
        optimizer.step()
    return p.detach().numpy()


SCHEDULES = {"constant": lambda t: 0.01, "stepped": lambda t: 0.05 if t < 10 else (
    0.01 if t < 20 else 0.002)}


@pytest.mark.parametrize("schedule", SCHEDULES)
def test_sgd_matches_torch(schedule):
    theta0, gradients = _gradient_stream()
    ours = _run_nnlib(nnlib.SGD(0.01), theta0, gradients, SCHEDULES[schedule])
    theirs = _run_torch(lambda p: torch.optim.SGD(p, lr=0.01), theta0, gradients,
                        SCHEDULES[schedule])
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-14)


@pytest.mark.parametrize("schedule", SCHEDULES)
@pytest.mark.parametrize("scale", [1.0, 1e-4, 1e-8])
def test_adam_matches_torch(schedule, scale):
    theta0, gradients = _gradient_stream(scale=scale)
    ours = _run_nnlib(nnlib.Adam(0.01), theta0, gradients, SCHEDULES[schedule])
    theirs = _run_torch(lambda p: torch.optim.Adam(p, lr=0.01), theta0, gradients,
                        SCHEDULES[schedule])
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-12)


@pytest.mark.parametrize("fused", [False, True], ids=["default", "fused"])
def test_adam_matches_torch_float32(fused):
    theta0, gradients = _gradient_stream(scale=1e-3)
    theta0 = theta0.astype(np.float32)
    gradients = [g.astype(np.float32) for g in gradients]
    ours = _run_nnlib(nnlib.Adam(0.01), theta0, gradients, SCHEDULES["constant"])
    theirs = _run_torch(lambda p: torch.optim.Adam(p, lr=0.01, fused=fused), theta0, gradients,
                        SCHEDULES["constant"])
    assert ours.dtype == np.float32
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-5)


def test_momentum_with_a_constant_rate_matches_torch():
    theta0, gradients = _gradient_stream()
    ours = _run_nnlib(nnlib.Momentum(0.01, beta=0.9), theta0, gradients, SCHEDULES["constant"])
    theirs = _run_torch(lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9), theta0, gradients,
                        SCHEDULES["constant"])
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-13)


def test_momentum_under_a_schedule_differs_as_documented():
    """nnlib: v_t = Σ_s β^(t−s) (−η_s g_s) (each gradient scaled by the rate of its own step);
    PyTorch: the step is −η_t Σ_s β^(t−s) g_s (the whole sum scaled by today's rate)."""
    theta0, gradients = _gradient_stream()
    schedule = SCHEDULES["stepped"]
    ours = _run_nnlib(nnlib.Momentum(0.01, beta=0.9), theta0, gradients, schedule)
    theirs = _run_torch(lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9), theta0, gradients,
                        schedule)
    ours_by_hand, theirs_by_hand = theta0.copy(), theta0.copy()
    for t in range(len(gradients)):
        ours_by_hand += sum(0.9 ** (t - s) * -schedule(s) * gradients[s] for s in range(t + 1))
        theirs_by_hand -= schedule(t) * sum(0.9 ** (t - s) * gradients[s] for s in range(t + 1))
    np.testing.assert_allclose(ours, ours_by_hand, rtol=0, atol=1e-12)
    np.testing.assert_allclose(theirs, theirs_by_hand, rtol=0, atol=1e-12)
    assert np.abs(ours - theirs).max() > 1e-3   # the conventions really differ here


def test_the_two_step_example_of_the_docstring():
    ours = _run_nnlib(nnlib.Momentum(0.1, beta=0.9), np.zeros(1), [np.ones(1)] * 2,
                      lambda t: (0.1, 0.01)[t])
    theirs = _run_torch(lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9), np.zeros(1),
                        [np.ones(1)] * 2, lambda t: (0.1, 0.01)[t])
    assert ours[0] == pytest.approx(-0.2, abs=1e-15)
    assert theirs[0] == pytest.approx(-0.119, abs=1e-15)
