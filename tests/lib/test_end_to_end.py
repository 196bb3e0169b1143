"""A small network learns real digits inside the test."""

import numpy as np

import nnlib


def test_small_network_reads_digits():
    data = nnlib.load_mnist()
    X, y = data.X_train[:5000], data.y_train[:5000]
    net = nnlib.Network([784, 64, 10], ["relu", "softmax"], loss="cross_entropy",
                        dtype=np.float32, seed=0)
    history = net.fit(X, y, epochs=8, batch_size=32, learning_rate=0.002, optimizer="adam",
                      validation_data=(data.X_test[:2000], data.y_test[:2000]), seed=0)
    accuracy = net.score(data.X_test, data.y_test)
    print(f"test accuracy after {history.epochs} epochs on 5000 images: {accuracy:.2%}")
    assert accuracy > 0.90
    assert history.val_accuracy[-1] > 0.90


def test_classic_sigmoid_network_one_epoch_learns():
    """784-100-10 sigmoid, quadratic cost, batch 10, η = 3.0 (the classic recipe; with
    N(0, 1/n_in) weights, since N(0, 1) often saturates in the first epoch)."""
    data = nnlib.load_mnist()
    net = nnlib.Network([784, 100, 10], "sigmoid", loss="quadratic", init="scaled_normal",
                        dtype=np.float32, seed=0)
    net.fit(data.X_train[:10000], data.y_train[:10000], epochs=1, batch_size=10,
            learning_rate=3.0, seed=0)
    assert net.score(data.X_test[:2000], data.y_test[:2000]) > 0.80
