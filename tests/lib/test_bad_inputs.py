"""Every public entry point rejects bad input with a message that names the
problem and the fix (a table: call, expected error type, words it must say)."""

import numpy as np
import pytest

import nnlib
from nnlib import Network

X4 = np.zeros((4, 2))
y4 = np.array([0, 1, 1, 0])


def net(**kw):
    args = dict(layers=[2, 3, 1], activations=["sigmoid", "sigmoid"], seed=0)
    args.update(kw)
    return Network(**args)


def net3():
    return Network([2, 3, 3], ["relu", "softmax"], loss="cross_entropy", seed=0)


X_nan = X4.copy()
X_nan[1, 1] = np.nan

CASES = [
    # (id, callable, error type, regex the message must match)
    ("wrong feature count", lambda: net().fit(np.zeros((4, 3)), y4), ValueError,
     r"3 features per sample.*expects 2"),
    ("1-D X", lambda: net().predict(np.zeros(2)), ValueError, r"reshape\(1, -1\)"),
    ("3-D X", lambda: net().predict(np.zeros((2, 2, 2))), ValueError, r"Flatten"),
    ("empty X", lambda: net().fit(np.zeros((0, 2)), []), ValueError, r"empty"),
    ("NaN in X", lambda: net().fit(X_nan, y4), ValueError, r"NaN or infinite"),
    ("inf in y", lambda: net().fit(X4, np.array([0, 1, np.inf, 0])), ValueError, r"NaN or inf"),
    ("strings in X", lambda: net().fit([["a", "b"]] * 4, y4), TypeError, r"numbers"),
    ("ragged X", lambda: net().fit([[1, 2], [3]], [0, 1]), ValueError, r"same number"),
    ("X/y length mismatch", lambda: net().fit(X4, [0, 1, 1]), ValueError,
     r"4 samples but y has 3"),
    ("label out of range", lambda: net3().fit(np.zeros((3, 2)), [0, 1, 3]), ValueError,
     r"labels must lie in 0..2"),
    ("negative label", lambda: net3().fit(np.zeros((3, 2)), [0, -1, 2]), ValueError,
     r"labels must lie in 0..2"),
    ("fractional labels", lambda: net3().fit(np.zeros((3, 2)), [0, 1.5, 2]), ValueError,
     r"integer class labels"),
    ("string labels", lambda: net3().fit(np.zeros((3, 2)), ["a", "b", "c"]), TypeError,
     r"numbers"),
    ("targets with wrong columns", lambda: net3().fit(np.zeros((3, 2)), np.zeros((3, 2))),
     ValueError, r"2 columns but the network has 3 output"),
    ("unknown activation", lambda: net(activations=["sigmoid", "sigmod"]), ValueError,
     r"Unknown activation 'sigmod'. Valid names are: 'sigmoid'"),
    ("unknown loss", lambda: net(loss="hinge"), ValueError, r"Unknown loss 'hinge'"),
    ("unknown optimizer", lambda: net().fit(X4, y4, optimizer="rmsprop"), ValueError,
     r"Unknown optimizer 'rmsprop'.*'adam'"),
    ("unknown init", lambda: net(init="glorot"), ValueError, r"Unknown initialisation"),
    ("layers/activations mismatch", lambda: net(activations=["sigmoid"] * 3), ValueError,
     r"needs 2 activation name\(s\), but 3 were given"),
    ("layers too short", lambda: Network([3], []), ValueError, r"at least an input"),
    ("layer size zero", lambda: Network([3, 0, 1]), ValueError, r"layers\[1\].*>= 1"),
    ("layer size float", lambda: Network([3, 2.5, 1]), TypeError, r"layers\[1\]"),
    ("softmax hidden", lambda: Network([2, 3, 1], ["softmax", "sigmoid"]), ValueError,
     r"output layer only"),
    ("bad dtype", lambda: net(dtype=np.int32), ValueError, r"float32 or np.float64"),
    ("zero learning rate", lambda: net().fit(X4, y4, learning_rate=0), ValueError,
     r"learning_rate must be a positive number"),
    ("negative learning rate", lambda: net().fit(X4, y4, learning_rate=-0.1), ValueError,
     r"learning_rate must be a positive number"),
    ("NaN learning rate", lambda: net().fit(X4, y4, learning_rate=float("nan")), ValueError,
     r"learning_rate"),
    ("zero batch size", lambda: net().fit(X4, y4, batch_size=0), ValueError,
     r"batch_size must be a whole number >= 1"),
    ("float batch size", lambda: net().fit(X4, y4, batch_size=2.5), TypeError, r"batch_size"),
    ("zero epochs", lambda: net().fit(X4, y4, epochs=0), ValueError, r"epochs"),
    ("bad validation data", lambda: net().fit(X4, y4, validation_data=X4), ValueError,
     r"pair \(X_val, y_val\)"),
    ("validation features", lambda: net().fit(X4, y4, validation_data=(np.zeros((2, 5)), [0, 1])),
     ValueError, r"X_val has 5 features"),
    ("bad on_divergence", lambda: net().fit(X4, y4, on_divergence="ignore"), ValueError,
     r"'raise' or 'stop'"),
    ("score on regression", lambda: Network([2, 1], ["linear"]).score(X4, y4), ValueError,
     r"cost\(X, y\)"),
    ("grad_check wrong shape", lambda: nnlib.grad_check(net(), np.zeros((2, 5)), [0, 1]),
     ValueError, r"features"),
    ("activations None", lambda: Network([3, 4, 3], None), TypeError, r"list of names"),
    ("loss needs softmax output", lambda: Network([2, 3, 3], ["relu", "relu"], loss="cross_entropy"),
     ValueError, r"needs a 'softmax' output layer"),
    ("loss needs sigmoid output", lambda: Network([2, 1], ["linear"], loss="binary_cross_entropy"),
     ValueError, r"needs a 'sigmoid' output layer"),
    ("labels 0..2 for one sigmoid output",
     lambda: Network([2, 1], "sigmoid", loss="binary_cross_entropy").fit(np.zeros((3, 2)), [0, 1, 2]),
     ValueError, r"between 0 and 1"),
    ("labels -1/+1 for one sigmoid output", lambda: net().fit(X4, [-1, 1, 1, -1]), ValueError,
     r"between 0 and 1"),
    ("one_hot label out of range", lambda: nnlib.one_hot([0, 2], 2), ValueError,
     r"labels must lie in 0..1"),
    ("toy set unknown", lambda: nnlib.load_toy("swiss roll"), ValueError, r"'moons'"),
    ("gate unknown", lambda: nnlib.logic_gate("xnor"), ValueError, r"'and'"),
    ("noisy letters prob", lambda: nnlib.noisy_letters(3, flip_prob=1.5), ValueError,
     r"probability"),
]


@pytest.mark.parametrize("call,error,message", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_rejected_with_a_helpful_message(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_bad_input_never_changes_the_network():
    network = net()
    before = network.get_params()
    with pytest.raises(ValueError):
        network.fit(X_nan, y4)
    for key, value in before.items():
        np.testing.assert_array_equal(network.params[key], value)


@pytest.mark.parametrize("wrong, right", [("lr", "learning_rate"), ("eta", "learning_rate"),
                                          ("batchsize", "batch_size"), ("epoch", "epochs")])
def test_misspelt_training_option_suggests_the_right_name(wrong, right):
    with pytest.raises(TypeError, match=rf"'{wrong}'.*did you mean '{right}'"):
        net().fit(X4, y4, **{wrong: 0.1})
    with pytest.raises(TypeError, match=rf"'{wrong}'.*did you mean '{right}'"):
        nnlib.train(net(), X4, y4, **{wrong: 0.1})


@pytest.mark.parametrize("choose, what", [
    (nnlib.get_activation, "activation"), (nnlib.get_loss, "loss"),
    (nnlib.get_optimizer, "optimizer"), (nnlib.logic_gate, "gate"),
    (nnlib.load_toy, "toy data set"), (lambda name: net(init=name), "initialisation"),
])
def test_every_named_choice_is_looked_up_one_way(choose, what):
    """One helper (nnlib.validation.lookup) for every choice made by name: an unknown name
    lists the valid ones, a non-string says to give a name, case and spaces do not matter."""
    with pytest.raises(ValueError, match=f"Unknown {what} 'nope'. Valid names are: '"):
        choose("nope")
    with pytest.raises(TypeError, match="must be given by name"):
        choose(3)
    choose({"activation": " ReLU", "loss": "MSE", "optimizer": "Adam", "gate": "XOR",
            "toy data set": "Moons", "initialisation": "He "}[what])
