"""nnlib: the small NumPy neural-network library built in *Neural Networks from Scratch*.

Everything a chapter builds by hand is kept here so that later chapters can
import it instead of repeating it:

* :mod:`nnlib.activations`: sigmoid, tanh, relu, linear, softmax, step and derivatives
* :mod:`nnlib.losses`: quadratic, sse, binary and softmax cross-entropy
* :mod:`nnlib.network`: :class:`Network`, dense layers, backpropagation (BP1–BP4)
* :mod:`nnlib.metrics`: accuracy, confusion matrix, most confident mistakes
* :mod:`nnlib.optimizers`: SGD, Momentum, Adam
* :mod:`nnlib.training`: the training loop, :class:`History`, divergence detection
* :mod:`nnlib.perceptron`: Rosenblatt's perceptron learning rule
* :mod:`nnlib.autodiff`: a tiny scalar reverse-mode autodiff (:class:`~nnlib.autodiff.Value`)
* :mod:`nnlib.gradcheck`: numerical gradients, :func:`grad_check`, :func:`compare`
* :mod:`nnlib.datasets`: toy data, 2-D sets, MNIST (shipped inside the package)
* :mod:`nnlib.plots`, :mod:`nnlib.widgets`, :mod:`nnlib.animation`: figures and dashboards
  (import them by name; ``import nnlib`` itself needs NumPy only)

Samples are rows everywhere: ``X`` has shape ``(n_samples, n_features)``.
"""

from . import activations, autodiff, losses, metrics, perceptron
from .activations import (get_activation, linear, linear_prime, relu, relu_prime, sigmoid,
                          sigmoid_prime, softmax, step, tanh, tanh_prime)
from .datasets import (letters, load_mnist, load_toy, logic_gate, make_circles, make_curve,
                       make_moons, make_separable, make_spirals, make_xor_blobs, noisy_letters,
                       truth_table, xor3)
from .gradcheck import compare, grad_check, numerical_gradient, relative_error
from .losses import get_loss
from .metrics import accuracy
from .network import Network
from .optimizers import SGD, Adam, Momentum, get_optimizer
from .perceptron import perceptron_train
from .training import History, TrainingDiverged, train
from .validation import one_hot

__version__ = "0.1.0"
