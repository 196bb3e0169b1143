"""Self-checks for the exercises of chapter 5 (backpropagation).

Conventions of the chapter: samples are rows, ``W^l`` has shape
``(n_(l−1), n_l)``, ``z^l = a^(l−1) W^l + b^l`` and δ^l = ∂C/∂z^l for the mean
cost C over the n rows of the batch, so every δ already carries the 1/n.
"""

import numpy as np

from ..activations import sigmoid, sigmoid_prime
from ._core import Case, run_check

__all__ = ["check_output_delta", "check_backprop_layer", "check_weight_gradient",
           "check_bias_gradient"]


def _rng(seed):
    return np.random.default_rng(seed)


# --- BP1 ----------------------------------------------------------------------------

def _bp1(a, y, z):
    return (a - y) / len(a) * sigmoid_prime(z)


def _bp1_case(description, n, k, seed, hint, scale=1.5):
    rng = _rng(seed)
    z = rng.normal(0.0, scale, (n, k))
    a = sigmoid(z)
    y = rng.uniform(0.0, 1.0, (n, k))
    return Case(description, (a, y, z), _bp1(a, y, z), hint=hint)


def check_output_delta(output_delta, hidden=False):
    """BP1 for the mean quadratic cost and a sigmoid output layer:
    δ^L = (a − y)/n ⊙ σ'(z)."""
    cases = [
        _bp1_case("one sample, one output", 1, 1, 0,
                  "BP1: δ = ∇_a C ⊙ σ'(z), with σ'(z) = σ(z)(1 − σ(z)) (not z(1 − z)); "
                  "for one sample ∇_a C = a − y (prediction minus target, not y − a)."),
        _bp1_case("one sample, three outputs", 1, 3, 1,
                  "Work element by element (⊙ is *, not a matrix product): "
                  "δ = (a − y) * σ'(z)."),
        _bp1_case("a batch of 4 samples with 2 outputs", 4, 2, 2,
                  "The cost is the MEAN over the n rows, C = 1/(2n) Σ ||a − y||², so "
                  "∇_a C = (a − y) / n with n = len(a), the number of samples."),
        _bp1_case("a saturated output (|z| large): σ'(z) is tiny", 3, 2, 3,
                  "Multiply by σ'(z) = a(1 − a): a saturated sigmoid passes almost no error "
                  "back.", scale=8.0),
        _bp1_case("hidden: a batch of 7 samples with 3 outputs", 7, 3, 40, ""),
        _bp1_case("hidden: a batch of 2 samples with 5 outputs", 2, 5, 41, ""),
    ]
    for case in cases[-2:]:
        case.hidden = True
    mistakes = [
        ("multiply by σ'(z) = σ(z)(1 − σ(z)): BP1 is δ = ∇_a C ⊙ σ'(z).",
         lambda a, y, z: (a - y) / len(a)),
        ("the cost is the MEAN over the n rows: ∇_a C = (a − y) / n with n = len(a).",
         lambda a, y, z: (a - y) * sigmoid_prime(z)),
        ("∇_a C = a − y, the prediction minus the target (not y − a).",
         lambda a, y, z: (y - a) / len(a) * sigmoid_prime(z)),
        ("σ'(z) = σ(z)(1 − σ(z)), not z(1 − z).",
         lambda a, y, z: (a - y) / len(a) * z * (1 - z)),
        ("σ' takes z: σ'(z) = a(1 − a) with a = σ(z); sigmoid_prime(a) applies σ twice.",
         lambda a, y, z: (a - y) / len(a) * sigmoid_prime(a)),
        ("divide by n, the number of samples (rows), len(a) = a.shape[0], not a.size.",
         lambda a, y, z: (a - y) / a.size * sigmoid_prime(z)),
    ]
    return run_check("output_delta", output_delta, cases, mistakes=mistakes, hidden=hidden)


# --- BP2 ----------------------------------------------------------------------------

def _bp2(delta_next, W_next, z):
    return (delta_next @ W_next.T) * sigmoid_prime(z)


def _bp2_case(description, n, n_l, n_next, seed, hint):
    rng = _rng(seed)
    delta_next = rng.normal(0.0, 0.1, (n, n_next))
    W_next = rng.normal(0.0, 1.0, (n_l, n_next))
    z = rng.normal(0.0, 1.5, (n, n_l))
    return Case(description, (delta_next, W_next, z), _bp2(delta_next, W_next, z), hint=hint)


def check_backprop_layer(backprop_layer, hidden=False):
    """BP2 for a sigmoid hidden layer: δ^l = (δ^(l+1) (W^(l+1))ᵀ) ⊙ σ'(z^l)."""
    transpose = ("W^(l+1) has shape (n_l, n_(l+1)) and δ^(l+1) has shape (n, n_(l+1)); "
                 "to carry the error back to layer l, multiply by the TRANSPOSE: "
                 "delta_next @ W_next.T, shape (n, n_l).")
    cases = [
        _bp2_case("one sample, 4 units feeding 2", 1, 4, 2, 0, transpose),
        _bp2_case("a batch of 3 samples, 5 units feeding 3", 3, 5, 3, 1, transpose),
        _bp2_case("square weights (3 units feeding 3): the transpose still matters", 4, 3, 3,
                  2, transpose),
        _bp2_case("the σ'(z^l) factor", 2, 3, 2, 3,
                  "After moving the error back through W, multiply element-wise by "
                  "σ'(z^l) = σ(z^l)(1 − σ(z^l)) of THIS layer's z (not σ(z), not z(1 − z))."),
        _bp2_case("hidden: 6 samples, 4 units feeding 4", 6, 4, 4, 42, ""),
        _bp2_case("hidden: 5 samples, 2 units feeding 3", 5, 2, 3, 43, ""),
    ]
    for case in cases[-2:]:
        case.hidden = True
    mistakes = [
        ("multiply by σ'(z^l) = σ(z^l)(1 − σ(z^l)), the SLOPE of the sigmoid, not by σ(z^l) "
         "itself.", lambda d, W, z: (d @ W.T) * sigmoid(z)),
        ("σ'(z^l) = σ(z^l)(1 − σ(z^l)), not z(1 − z): z is the weighted input, not the "
         "activation.", lambda d, W, z: (d @ W.T) * z * (1 - z)),
        ("σ' takes z: use sigmoid_prime(z), not sigmoid_prime(sigmoid(z)).",
         lambda d, W, z: (d @ W.T) * sigmoid_prime(sigmoid(z))),
        ("after moving the error back through W, multiply element-wise by σ'(z^l).",
         lambda d, W, z: d @ W.T),
        (transpose, lambda d, W, z: (d @ W) * sigmoid_prime(z)),
    ]
    return run_check("backprop_layer", backprop_layer, cases, mistakes=mistakes, hidden=hidden)


# --- BP4 ----------------------------------------------------------------------------

def _weight_case(description, n, n_prev, n_l, seed, hint):
    rng = _rng(seed)
    a_prev = rng.uniform(0.0, 1.0, (n, n_prev))
    delta = rng.normal(0.0, 0.1, (n, n_l))
    return Case(description, (a_prev, delta), a_prev.T @ delta, hint=hint)


def check_weight_gradient(weight_gradient, hidden=False):
    """BP4: ∂C/∂W^l = (a^(l−1))ᵀ δ^l, shape (n_(l−1), n_l) like W^l."""
    shape_hint = ("∂C/∂W^l has the shape of W^l, (n_(l−1), n_l). With samples as rows "
                  "that is a_prev.T @ delta: (n_(l−1), n) @ (n, n_l). delta.T @ a_prev is "
                  "its transpose.")
    cases = [
        _weight_case("one sample, 3 inputs to 2 units", 1, 3, 2, 0, shape_hint),
        _weight_case("a batch of 5 samples, 4 inputs to 3 units", 5, 4, 3, 1,
                     "Sum the contributions of all samples; the matrix product "
                     "a_prev.T @ delta does exactly that. Do not divide by n again: "
                     "δ already holds the 1/n of the mean cost."),
        _weight_case("square weights (3 to 3): a transposed answer has the right shape "
                     "but the wrong values", 4, 3, 3, 2, shape_hint),
        _weight_case("hidden: 8 samples, 5 inputs to 2 units", 8, 5, 2, 44, ""),
        _weight_case("hidden: 3 samples, 4 to 4 units", 3, 4, 4, 45, ""),
    ]
    for case in cases[-2:]:
        case.hidden = True
    mistakes = [
        (shape_hint, lambda a, d: d.T @ a),
        ("do not divide by n again: δ already holds the 1/n of the mean cost.",
         lambda a, d: a.T @ d / len(a)),
        ("sum the contributions of ALL samples (a_prev.T @ delta does), not just the first.",
         lambda a, d: np.outer(a[0], d[0])),
        ("∂C/∂W^l = (a^(l−1))ᵀ δ^l: a matrix product, not an element-wise one.",
         lambda a, d: a * d),
    ]
    return run_check("weight_gradient", weight_gradient, cases, mistakes=mistakes,
                     hidden=hidden)


# --- BP3 ----------------------------------------------------------------------------

def _bias_case(description, n, n_l, seed, hint):
    delta = _rng(seed).normal(0.0, 0.1, (n, n_l))
    return Case(description, (delta,), delta.sum(axis=0), hint=hint)


def check_bias_gradient(bias_gradient, hidden=False):
    """BP3: ∂C/∂b^l = Σ over the samples (rows) of δ^l, shape (n_l,)."""
    axis_hint = ("Sum over the samples, which are the ROWS: delta.sum(axis=0), a vector "
                 "with one entry per unit, shape (n_l,) like b^l.")
    cases = [
        _bias_case("one sample, 3 units", 1, 3, 0, axis_hint),
        _bias_case("a batch of 4 samples, 3 units", 4, 3, 1,
                   "Add up the rows, do not average them: δ already holds the 1/n of the "
                   "mean cost, so a mean would divide by n twice. " + axis_hint),
        _bias_case("as many samples as units (3 × 3): the wrong axis has the right shape",
                   3, 3, 2, axis_hint),
        _bias_case("hidden: 9 samples, 2 units", 9, 2, 46, ""),
        _bias_case("hidden: 4 samples, 4 units", 4, 4, 47, ""),
    ]
    for case in cases[-2:]:
        case.hidden = True
    mistakes = [
        ("add up the rows, do not average them: δ already holds the 1/n of the mean cost.",
         lambda d: d.mean(axis=0)),
        (axis_hint, lambda d: d.sum(axis=1)),
        ("sum over the samples only, keeping one entry per unit: delta.sum(axis=0), shape "
         "(n_l,).", lambda d: d.sum()),
        ("the bias gradient has the shape of b^l, (n_l,): drop keepdims=True.",
         lambda d: d.sum(axis=0, keepdims=True)),
        ("sum over ALL samples, not just the first row.", lambda d: d[0]),
    ]
    return run_check("bias_gradient", bias_gradient, cases, mistakes=mistakes, hidden=hidden)
