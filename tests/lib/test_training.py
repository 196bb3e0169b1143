import numpy as np
import pytest

import nnlib
from nnlib import Network, TrainingDiverged
from nnlib.training import iterate_minibatches


def test_xor_learns_with_every_optimizer():
    X, y = nnlib.make_xor_blobs(200, seed=1)
    for opt, lr in [("sgd", 1.0), ("momentum", 0.3), ("adam", 0.05)]:
        net = Network([2, 8, 1], ["tanh", "sigmoid"], loss="binary_cross_entropy", seed=0)
        h = net.fit(X, y, epochs=200, batch_size=32, learning_rate=lr, optimizer=opt, seed=0)
        assert h.accuracy[-1] > 0.95, (opt, h)
        assert h.loss[-1] < h.loss[0]


def test_history_lengths_and_validation():
    X, y = nnlib.make_moons(200, seed=0)
    net = Network([2, 8, 1], ["tanh", "sigmoid"], loss="binary_cross_entropy", seed=0)
    h = net.fit(X[:150], y[:150], epochs=7, batch_size=20, learning_rate=0.5,
                validation_data=(X[150:], y[150:]))
    assert h.epochs == 7
    assert len(h.accuracy) == len(h.val_loss) == len(h.val_accuracy) == len(h.epoch_time) == 7
    assert "epochs=7" in repr(h)


def test_regression_history_has_no_accuracy():
    X, y = nnlib.make_curve(50, seed=0)
    net = Network([1, 16, 1], ["tanh", "linear"], seed=0)
    h = net.fit(X, y, epochs=300, batch_size=50, learning_rate=0.1, optimizer="adam")
    assert h.accuracy == [] and h.loss[-1] < 0.5 * h.loss[0]


def test_shuffling_is_seeded():
    X, y = nnlib.make_moons(100, seed=0)
    results = []
    for _ in range(2):
        net = Network([2, 5, 1], ["tanh", "sigmoid"], seed=0)
        results.append(net.fit(X, y, epochs=3, batch_size=10, seed=42).loss)
    assert results[0] == results[1]


def test_minibatches_cover_every_sample_once():
    X = np.arange(23).reshape(-1, 1).astype(float)
    seen = np.concatenate([xb[:, 0] for xb, _ in
                           iterate_minibatches(X, X, 5, np.random.default_rng(0))])
    assert sorted(seen) == list(range(23))


def test_callbacks_called_and_can_stop():
    X, y = nnlib.make_moons(60, seed=0)
    calls = []

    def cb(history, network):
        calls.append(history.epochs)
        return history.epochs == 3

    h = Network([2, 4, 1], ["tanh", "sigmoid"], seed=0).fit(X, y, epochs=10, callbacks=[cb])
    assert calls == [1, 2, 3] and h.stopped_early and h.epochs == 3


def test_divergence_raises_clear_message_and_restores_weights():
    X, y = nnlib.make_curve(50, seed=0)
    net = Network([1, 32, 1], ["relu", "linear"], seed=0)
    with pytest.raises(TrainingDiverged, match=r"learning rate 1e\+06.*smaller learning rate"):
        net.fit(X, y * 1000, epochs=50, batch_size=50, learning_rate=1e6)
    assert all(np.all(np.isfinite(p)) for p in net.params.values())


def test_divergence_stop_mode_returns_history():
    X, y = nnlib.make_curve(50, seed=0)
    net = Network([1, 32, 1], ["relu", "linear"], seed=0)
    h = net.fit(X, y * 1000, epochs=50, batch_size=50, learning_rate=1e6,
                on_divergence="stop")
    assert h.diverged and "1e+06" in h.message and "smaller" in h.message


def test_classic_single_neuron_tutorial():
    """The 4x3 truth table: 10 000 full-batch steps of w += Xᵀ(error ⊙ σ'(output))."""
    X, y = nnlib.truth_table()
    np.random.seed(1)
    w = 2 * np.random.random((3, 1)) - 1
    net = Network([3, 1], ["sigmoid"], loss="sse", bias=False)
    net.set_params(W1=w)
    net.fit(X, y, epochs=10000, batch_size=4, learning_rate=1.0, shuffle=False)
    prediction = net.forward(np.array([[1.0, 0.0, 0.0]]))[0, 0]
    assert prediction == pytest.approx(0.99993704, abs=1e-7)


def test_exploding_cross_entropy_counts_as_divergence():
    """Cross-entropy clips its outputs, so its loss stays finite while the weights
    explode; growing past ten times the starting loss is caught as divergence."""
    X, y = nnlib.make_spirals(150, seed=0)
    net = Network([2, 32, 3], ["relu", "softmax"], loss="cross_entropy", seed=0)
    h = net.fit(X, y, epochs=50, batch_size=150, learning_rate=1000.0, on_divergence="stop")
    assert h.diverged and "grew from" in h.message and "learning rate 1000" in h.message
    good = Network([2, 32, 3], ["relu", "softmax"], loss="cross_entropy", seed=0)
    assert not good.fit(X, y, epochs=50, batch_size=150, learning_rate=0.5).diverged
