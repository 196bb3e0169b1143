"""A feed-forward network of dense layers, trained by backpropagation.

Notation (chapter 5 derives all of it).  Samples are rows; a batch has n
samples.  For layer l = 1 … L:

    Z^l = A^(l−1) W^l + b^l        A^l = f_l(Z^l)        A^0 = X

with ``W^l`` of shape ``(n_(l−1), n_l)``, ``b^l`` of shape ``(n_l,)`` and
``Z^l``, ``A^l`` of shape ``(n, n_l)``.  Backpropagation computes
δ^l = ∂C/∂Z^l for a whole mini-batch with four equations:

    BP1  δ^L = ∇_A C ⊙ f_L'(Z^L)                 (output error)
    BP2  δ^l = (δ^(l+1) (W^(l+1))⊤) ⊙ f_l'(Z^l)  (error moves back a layer)
    BP3  ∂C/∂b^l = Σ_samples δ^l                  (bias gradient)
    BP4  ∂C/∂W^l = (A^(l−1))⊤ δ^l                 (weight gradient)

Parameters live in one dictionary, ``params``, keyed ``"W1", "b1", "W2", …``;
gradients come back in a dictionary with the same keys.

Checked and unchecked entries: :meth:`Network.feedforward`, :meth:`Network.backprop`
and :meth:`Network.cost` check their inputs and hand them to ``_forward_pass``,
``_backward_pass`` and ``_cost``, which the training loop (:mod:`nnlib.training`)
calls directly on arrays it has checked once.  :meth:`Network.fit` imports that loop
when it is called.
"""

import numpy as np

from .activations import get_activation
from .initializers import check_init, default_init, init_weights
from .losses import get_loss
from .metrics import accuracy_from_outputs
from .metrics import labels_from_outputs as _labels_from_outputs
from .validation import check_float_dtype, check_positive_int, check_targets, check_X

CLASSIFIER_OUTPUTS = ("sigmoid", "softmax", "step")


class Network:
    """A fully connected feed-forward neural network.

    Parameters
    ----------
    layers : list of int
        Units per layer, input first: ``[2, 10, 1]`` has 2 inputs, one hidden
        layer of 10 units and 1 output.
    activations : list of str, or str
        One activation per weight layer (``len(layers) - 1`` names), e.g.
        ``["relu", "softmax"]``; a single name is used for every layer.
    loss : str
        ``"quadratic"`` (alias ``"mse"``), ``"sse"``, ``"binary_cross_entropy"``
        or ``"cross_entropy"``.
    init : str, optional
        ``"uniform"``, ``"normal"``, ``"scaled_normal"``, ``"xavier"`` or
        ``"he"``.  By default He for ReLU layers and Xavier otherwise.
    seed : int, optional
        Seed for the initial weights; the same seed gives the same network.
    dtype : np.float64 or np.float32
        Precision of the parameters and of every computation.
    bias : bool
        Whether layers have biases (the classic tutorials use none, and add a
        constant input column instead).

    Examples
    --------
    >>> net = Network(layers=[2, 10, 1], activations=["sigmoid", "sigmoid"], seed=0)
    >>> history = net.fit(X, y, epochs=100, learning_rate=1.0)   # doctest: +SKIP
    >>> net.predict(X)                                          # doctest: +SKIP
    """

    def __init__(self, layers, activations="sigmoid", loss="quadratic", init=None,
                 seed=None, dtype=np.float64, bias=True):
        self.sizes = _check_layers(layers)
        n_weight_layers = len(self.sizes) - 1
        if isinstance(activations, str):
            activations = [activations] * n_weight_layers
        if activations is None or not hasattr(activations, "__iter__"):
            raise TypeError(f"activations must be a list of names such as ['relu', 'softmax'] "
                            f"(or one name for every layer); got {activations!r}.")
        activations = list(activations)
        if len(activations) != n_weight_layers:
            raise ValueError(
                f"layers={self.sizes} describes {n_weight_layers} weight layer(s), so it "
                f"needs {n_weight_layers} activation name(s), but {len(activations)} were "
                f"given: {activations}. Give one activation per layer after the input."
            )
        self.activations = [get_activation(a) for a in activations]
        if any(a.name == "softmax" for a in self.activations[:-1]):
            raise ValueError("softmax is for the output layer only; use relu, tanh or "
                             "sigmoid for hidden layers.")
        self.loss = get_loss(loss)
        paired = self.loss.paired_activation
        if paired and self.activations[-1].name != paired:
            raise ValueError(
                f"loss {self.loss.name!r} needs a {paired!r} output layer (its outputs must be "
                f"probabilities), but the last activation is {self.activations[-1].name!r}. "
                f"Use {paired!r} as the last activation, or loss='quadratic'."
            )
        self.dtype = check_float_dtype(dtype).type
        self.bias = bool(bias)
        self.init = None if init is None else check_init(init)
        self.seed = seed
        rng = np.random.default_rng(seed)
        self.params = {}
        for l, (n_in, n_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:]), start=1):
            scheme = init or default_init(self.activations[l - 1].name)
            W, b = init_weights(n_in, n_out, scheme, rng, self.dtype)
            self.params[f"W{l}"] = W
            if self.bias:
                self.params[f"b{l}"] = b

    # --- shape facts ----------------------------------------------------------

    @property
    def n_inputs(self):
        return self.sizes[0]

    @property
    def n_outputs(self):
        return self.sizes[-1]

    @property
    def n_layers(self):
        """Number of weight layers (the input layer has no weights)."""
        return len(self.sizes) - 1

    @property
    def n_params(self):
        return int(sum(p.size for p in self.params.values()))

    @property
    def is_classifier(self):
        return self.activations[-1].name in CLASSIFIER_OUTPUTS

    def __repr__(self):
        acts = [a.name for a in self.activations]
        return (f"Network(layers={self.sizes}, activations={acts}, "
                f"loss={self.loss.name!r}, dtype={np.dtype(self.dtype).name})")

    # --- forward ----------------------------------------------------------------

    def feedforward(self, X):
        """Every layer's values for X, as the book indexes them.

        X: (n_samples, n_inputs).  Returns ``(Z, A)``, two lists of length L + 1:
        ``Z[l]`` is Z^l and ``A[l]`` is A^l for l = 1 … L, ``Z[0]`` is None (the
        input layer has no weighted input) and ``A[0]`` is X itself.  ``A[-1]`` is
        the output, shape (n_samples, n_outputs).
        """
        return self._forward_pass(check_X(X, self.n_inputs, dtype=self.dtype))

    def forward(self, X):
        """The network's output A^L for X: (n_samples, n_inputs) -> (n_samples, n_outputs)."""
        return self.feedforward(X)[1][-1]

    def _forward_pass(self, X, keep_z=True):
        """The forward pass on X, already checked: lists Z and A as :meth:`feedforward`.

        With ``keep_z=False`` (what the training step uses) a layer whose f' can be
        read off its output writes A^l over Z^l and leaves ``Z[l]`` None.
        """
        Z, A = [None], [X]
        for l, f in enumerate(self.activations, start=1):
            z = A[l - 1] @ self.params[f"W{l}"]
            if self.bias:
                z += self.params[f"b{l}"]
            if keep_z or f.times_prime is None:
                Z.append(z)
                A.append(f(z))
            else:
                Z.append(None)
                A.append(f.in_place(z) if f.in_place is not None else f(z))
        return Z, A

    def predict(self, X):
        """Predictions for X.

        For a classifier (sigmoid, softmax or step output) the predicted class
        labels, shape (n_samples,): the arg-max of the outputs, or output > 0.5
        for a single output unit.  For a regression network (linear, tanh or
        relu output) the outputs themselves, shape (n_samples, n_outputs).
        """
        A = self.forward(X)
        if not self.is_classifier:
            return A
        return _labels_from_outputs(A)

    # --- cost and accuracy ---------------------------------------------------------

    def cost(self, X, y):
        """The cost C on data X (n_samples, n_inputs) with targets y."""
        return self._cost(*self._check_data(X, y))

    def _cost(self, X, Y):
        Z, A = self._forward_pass(X)
        return self.loss.cost(Z[-1], A[-1], Y)

    def score(self, X, y):
        """Accuracy: the fraction of samples whose predicted class is right.

        y: class labels (n_samples,), or one-hot / 0-1 targets
        (n_samples, n_outputs).
        """
        if not self.is_classifier:
            raise ValueError(
                f"score() measures classification accuracy, but this network's output "
                f"activation is {self.activations[-1].name!r} (a regression network). "
                "Use cost(X, y) instead."
            )
        X, Y = self._check_data(X, y)
        return accuracy_from_outputs(self._forward_pass(X)[1][-1], Y)

    def _check_data(self, X, y):
        X = check_X(X, self.n_inputs, dtype=self.dtype)
        return X, self.check_targets(y, len(X))

    def check_targets(self, y, n_samples, name="y"):
        """Targets y as a (n_samples, n_outputs) array in the network's dtype.

        Accepts class labels (n_samples,) or targets (n_samples, n_outputs); see
        :func:`nnlib.validation.check_targets`.  A sigmoid or softmax output can
        only produce values between 0 and 1, so targets outside that range are an
        error rather than something to train towards forever.
        """
        Y = check_targets(y, n_samples, self.n_outputs, name=name, dtype=self.dtype)
        output = self.activations[-1].name
        if output in ("sigmoid", "softmax") and (Y.min() < 0 or Y.max() > 1):
            raise ValueError(
                f"{name} holds values from {Y.min():g} to {Y.max():g}, but a {output!r} output "
                f"can only produce values between 0 and 1. Give 0/1 labels (or class labels "
                f"0..{max(self.n_outputs - 1, 1)}), or use a 'linear' output for other targets."
            )
        return Y

    # --- backpropagation ----------------------------------------------------------

    def backprop(self, X, y):
        """Gradients of the cost on the batch (X, y) by the equations BP1–BP4.

        X: (n_samples, n_inputs); y: targets as for :meth:`fit`.  Returns a
        dict with the same keys and shapes as ``params``.
        """
        return self._backward_pass(*self._check_data(X, y))

    def _backward_pass(self, X, Y):
        """:meth:`backprop` on a batch already checked (the training loop's entry)."""
        Z, A = self._forward_pass(X, keep_z=False)
        L, grads = self.n_layers, {}
        if self.loss.paired_activation == self.activations[-1].name:
            # sigmoid + binary cross-entropy, softmax + cross-entropy: δ^L = (A^L − Y) / n
            delta = np.subtract(A[L], Y)                                     # BP1
            if self.loss.mean_over_samples:
                delta *= 1.0 / len(X)
        else:
            delta = self._times_f_prime(L, Z, A, self.loss.gradient(A[L], Y))  # BP1
        for l in range(L, 0, -1):
            grads[f"W{l}"] = A[l - 1].T @ delta                              # BP4
            if self.bias:
                grads[f"b{l}"] = delta.sum(axis=0)                           # BP3
            if l > 1:
                back = delta @ self.params[f"W{l}"].T
                delta = self._times_f_prime(l - 1, Z, A, back)               # BP2
        return grads

    def _times_f_prime(self, l, Z, A, grad):
        """grad ⊙ f_l'(Z^l), from A^l alone when Z[l] was not kept (in place)."""
        f = self.activations[l - 1]
        if Z[l] is None:
            return f.times_prime(A[l], grad)
        return f.backward(Z[l], A[l], grad)

    # --- training -------------------------------------------------------------------

    def fit(self, X, y, epochs=10, batch_size=32, learning_rate=0.1, optimizer="sgd",
            **kwargs):
        """Train with mini-batch gradient descent; returns a :class:`History`.

        See :func:`nnlib.training.train` for every option (validation data,
        callbacks, shuffling seed, what to do on divergence).
        """
        from .training import train  # the loop sits above the model: imported when used
        return train(self, X, y, epochs=epochs, batch_size=batch_size,
                     learning_rate=learning_rate, optimizer=optimizer, **kwargs)

    # --- parameters -------------------------------------------------------------------

    def get_params(self):
        """A copy of every parameter array, keyed "W1", "b1", …"""
        return {k: v.copy() for k, v in self.params.items()}

    def set_params(self, **arrays):
        """Replace parameters by name, e.g. ``net.set_params(W1=W)``.

        Each array must have the shape of the one it replaces; it is copied and
        cast to the network's dtype.
        """
        for key, value in arrays.items():
            if key not in self.params:
                raise KeyError(f"Unknown parameter {key!r}; this network has "
                               f"{sorted(self.params)}.")
            value = np.asarray(value)
            if value.shape != self.params[key].shape:
                raise ValueError(f"{key} must have shape {self.params[key].shape}, "
                                 f"got {value.shape}.")
            if not np.all(np.isfinite(value)):
                raise ValueError(f"{key} contains NaN or infinite values.")
            self.params[key] = value.astype(self.dtype, copy=True)

    def copy(self, dtype=None):
        """An independent copy, optionally in another precision."""
        clone = object.__new__(Network)
        clone.__dict__.update(self.__dict__)
        clone.dtype = check_float_dtype(dtype).type if dtype is not None else self.dtype
        clone.params = {k: v.astype(clone.dtype, copy=True) for k, v in self.params.items()}
        return clone


# --- helpers ------------------------------------------------------------------------

def _check_layers(layers):
    try:
        sizes = list(layers)
    except TypeError:
        raise TypeError(f"layers must be a list of layer sizes such as [2, 10, 1], "
                        f"got {layers!r}.") from None
    if len(sizes) < 2:
        raise ValueError(f"layers must list at least an input and an output size, "
                         f"e.g. [2, 1]; got {sizes}.")
    return [check_positive_int(n, f"layers[{i}]") for i, n in enumerate(sizes)]
