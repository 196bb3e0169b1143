"""Chapter 6 (MNIST): wrong answers per coded exercise, each with the words of its hint."""

import numpy as np

from nncourse import checks

from wrong_answers_common import IN_PLACE, LIST, PARTIAL, SCALAR, in_place, as_list, partial


# --- right answers, as in the notebook ------------------------------------------------------

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


# --- the table -------------------------------------------------------------------------------

TABLE = {
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


# --- Exercise 5 (multi-step): keep the best epoch ----------------------------------------------

def stratified_split(y, fraction, seed):
    rng = np.random.default_rng(seed)
    val_parts = []
    for label in np.unique(y):
        rows = rng.permutation(np.flatnonzero(y == label))
        val_parts.append(rows[:round(fraction * len(rows))])
    val_idx = np.sort(np.concatenate(val_parts))
    return np.setdiff1d(np.arange(len(y)), val_idx), val_idx


def train_keep_best(network, X, y, X_val, y_val, epochs, learning_rate, batch_size=10, seed=0):
    best, best_accuracy, val_accuracies = None, -1.0, []
    for epoch in range(1, epochs + 1):
        network.fit(X, y, epochs=1, batch_size=batch_size, learning_rate=learning_rate,
                    seed=seed + epoch)
        accuracy = network.score(X_val, y_val)
        val_accuracies.append(accuracy)
        if accuracy > best_accuracy:
            best, best_accuracy = network.copy(), accuracy
    return best, val_accuracies


def train_early_stopping(network, X, y, X_val, y_val, max_epochs, patience, learning_rate,
                         batch_size=10, seed=0):
    best, best_epoch, val_accuracies = None, 0, []
    for epoch in range(1, max_epochs + 1):
        network.fit(X, y, epochs=1, batch_size=batch_size, learning_rate=learning_rate,
                    seed=seed + epoch)
        val_accuracies.append(network.score(X_val, y_val))
        if best is None or val_accuracies[-1] > val_accuracies[best_epoch - 1]:
            best, best_epoch = network.copy(), epoch
        elif epoch - best_epoch == patience:
            break
    return best, best_epoch, val_accuracies


# Wrong splits.

def _split_from(val_of):
    """A split whose validation rows are val_of(y, fraction, seed); training = the rest."""
    def split(y, fraction, seed):
        val_idx = np.asarray(val_of(y, fraction, seed))
        return np.setdiff1d(np.arange(len(y)), val_idx), val_idx
    return split


def _per_class(pick):
    return _split_from(lambda y, f, s: np.concatenate(
        [pick(np.flatnonzero(y == label), f, np.random.default_rng(s)) for label in np.unique(y)]))


split_not_stratified = _split_from(
    lambda y, f, s: np.random.default_rng(s).permutation(len(y))[:round(f * len(y))])
split_first_rows = _per_class(lambda rows, f, rng: rows[:round(f * len(rows))])
split_floor = _per_class(lambda rows, f, rng: rng.permutation(rows)[:int(f * len(rows))])
split_global_rng = _per_class(
    lambda rows, f, rng: np.random.permutation(rows)[:round(f * len(rows))])
split_seed_ignored = _split_from(lambda y, f, s: stratified_split(y, f, 0)[1])


def split_overlapping(y, fraction, seed):  # the validation rows stay in the training set
    return np.arange(len(y)), stratified_split(y, fraction, seed)[1]


def split_with_replacement(y, fraction, seed):
    rng = np.random.default_rng(seed)
    val_idx = np.concatenate([rng.choice(np.flatnonzero(y == label),
                                         round(fraction * np.sum(y == label)))
                              for label in np.unique(y)])
    return np.setdiff1d(np.arange(len(y)), val_idx), val_idx


def split_masks(y, fraction, seed):
    train_idx, val_idx = stratified_split(y, fraction, seed)
    mask = np.zeros(len(y), dtype=bool)
    mask[val_idx] = True
    return ~mask, mask


def split_lists(y, fraction, seed):
    return tuple(part.tolist() for part in stratified_split(y, fraction, seed))


def split_shuffles_y(y, fraction, seed):
    result = stratified_split(y, fraction, seed)
    np.random.default_rng(seed).shuffle(y)
    return result


# Wrong loops. Each is the right loop of (b) with one line changed.

def _keep_best_with(keep=lambda net: net.copy(), better=lambda a, b: a > b,
                    measure=lambda net, X, y, Xv, yv: net.score(Xv, yv),
                    seed_of=lambda seed, epoch: seed + epoch):
    def train(network, X, y, X_val, y_val, epochs, learning_rate, batch_size=10, seed=0):
        best, best_accuracy, val_accuracies = None, -1.0, []
        for epoch in range(1, epochs + 1):
            network.fit(X, y, epochs=1, batch_size=batch_size, learning_rate=learning_rate,
                        seed=seed_of(seed, epoch))
            accuracy = measure(network, X, y, X_val, y_val)
            val_accuracies.append(accuracy)
            if better(accuracy, best_accuracy):
                best, best_accuracy = keep(network), accuracy
        return best, val_accuracies
    return train


def keep_best_reference_dict(network, X, y, X_val, y_val, epochs, learning_rate,
                             batch_size=10, seed=0):
    best_params, best_accuracy, val_accuracies = None, -1.0, []
    for epoch in range(1, epochs + 1):
        network.fit(X, y, epochs=1, batch_size=batch_size, learning_rate=learning_rate,
                    seed=seed + epoch)
        val_accuracies.append(network.score(X_val, y_val))
        if val_accuracies[-1] > best_accuracy:
            best_params, best_accuracy = dict(network.params), val_accuracies[-1]  # shallow
    best = network.copy()
    best.set_params(**best_params)
    return best, val_accuracies


keep_best_reference = _keep_best_with(keep=lambda net: net)
keep_best_shared_arrays = _keep_best_with(keep=lambda net: _sharing(net))
keep_best_latest_tie = _keep_best_with(better=lambda a, b: a >= b)
keep_best_training_accuracy = _keep_best_with(measure=lambda net, X, y, Xv, yv: net.score(X, y))
keep_best_same_seed = _keep_best_with(seed_of=lambda seed, epoch: seed)
keep_best_from_zero = _keep_best_with(seed_of=lambda seed, epoch: seed + epoch - 1)


def _sharing(network):
    """A new network object whose parameter arrays are the trained network's own arrays."""
    clone = network.copy()
    clone.params = dict(network.params)
    return clone


def keep_best_all_epochs_at_once(network, X, y, X_val, y_val, epochs, learning_rate,
                                 batch_size=10, seed=0):
    network.fit(X, y, epochs=epochs, batch_size=batch_size, learning_rate=learning_rate,
                seed=seed + 1)
    return network.copy(), [network.score(X_val, y_val)]


# Wrong early stopping. Each is the right loop of (c) with one thing changed.

def _early_with(improved=lambda new, best: new > best, stop=lambda epoch, best, p: epoch - best == p,
                epoch_base=1):
    def train(network, X, y, X_val, y_val, max_epochs, patience, learning_rate, batch_size=10,
              seed=0):
        best, best_epoch, best_accuracy, val_accuracies = None, 0, -1.0, []
        for epoch in range(1, max_epochs + 1):
            network.fit(X, y, epochs=1, batch_size=batch_size, learning_rate=learning_rate,
                        seed=seed + epoch)
            val_accuracies.append(network.score(X_val, y_val))
            if improved(val_accuracies[-1], best_accuracy):
                best, best_epoch, best_accuracy = network.copy(), epoch, val_accuracies[-1]
            elif stop(epoch, best_epoch, patience):
                break
        return best, best_epoch - 1 + epoch_base, val_accuracies
    return train


early_tie_resets = _early_with(improved=lambda new, best: new >= best)
early_one_late = _early_with(stop=lambda epoch, best, p: epoch - best > p)
early_from_zero = _early_with(epoch_base=0)


def early_previous_epoch(network, X, y, X_val, y_val, max_epochs, patience, learning_rate,
                         batch_size=10, seed=0):
    """Counts epochs worse than the PREVIOUS epoch, not epochs without a new best."""
    best, best_epoch, val_accuracies, worse = None, 0, [], 0
    for epoch in range(1, max_epochs + 1):
        network.fit(X, y, epochs=1, batch_size=batch_size, learning_rate=learning_rate,
                    seed=seed + epoch)
        val_accuracies.append(network.score(X_val, y_val))
        if best is None or val_accuracies[-1] > val_accuracies[best_epoch - 1]:
            best, best_epoch = network.copy(), epoch
        worse = worse + 1 if len(val_accuracies) > 1 and val_accuracies[-1] < \
            val_accuracies[-2] else 0
        if worse == patience:
            break
    return best, best_epoch, val_accuracies


def early_no_stop(network, X, y, X_val, y_val, max_epochs, patience, learning_rate,
                  batch_size=10, seed=0):
    best, val_accuracies = train_keep_best(network, X, y, X_val, y_val, max_epochs,
                                           learning_rate, batch_size, seed)
    return best, int(np.argmax(val_accuracies)) + 1, val_accuracies


def early_reference(network, X, y, X_val, y_val, max_epochs, patience, learning_rate,
                    batch_size=10, seed=0):
    best, best_epoch, val_accuracies = train_early_stopping(
        network, X, y, X_val, y_val, max_epochs, patience, learning_rate, batch_size, seed)
    return network, best_epoch, val_accuracies


def early_float_epoch(network, X, y, X_val, y_val, max_epochs, patience, learning_rate,
                      batch_size=10, seed=0):
    best, best_epoch, val_accuracies = train_early_stopping(
        network, X, y, X_val, y_val, max_epochs, patience, learning_rate, batch_size, seed)
    return best, float(best_epoch), val_accuracies


TABLE.update({
    "stratified_split": (checks.check_stratified_split, stratified_split, [
        (split_not_stratified, "stratify"),
        (split_first_rows, "at random"),
        (split_floor, "nearest whole number"),
        (split_global_rng, "default_rng(seed)"),
        (split_seed_ignored, "use the seed argument"),
        (split_overlapping, "must leave the training set"),
        (split_with_replacement, "without replacement"),
        (split_masks, "boolean mask"),
        (split_lists, LIST),
        (split_shuffles_y, IN_PLACE),
        (partial(stratified_split), PARTIAL),
    ]),
    "train_keep_best": (checks.check_train_keep_best, train_keep_best, [
        (keep_best_reference, "copies, not references"),
        (keep_best_reference_dict, "copies, not references"),
        (keep_best_shared_arrays, "shares its"),
        (keep_best_latest_tie, "strictly higher"),
        (keep_best_training_accuracy, "validation data"),
        (keep_best_same_seed, "its own shuffling order"),
        (keep_best_from_zero, "counted from 1"),
        (keep_best_all_epochs_at_once, "one epoch per call"),
        (in_place(train_keep_best, 1), IN_PLACE),
        (partial(train_keep_best), PARTIAL),
    ]),
    "train_early_stopping": (checks.check_train_early_stopping, train_early_stopping, [
        (early_tie_resets, "a tie is not an improvement"),
        (early_one_late, "as soon as"),
        (early_previous_epoch, "since the last new best"),
        (early_no_stop, "as soon as"),
        (early_from_zero, "counted from 1"),
        (early_reference, "copies, not references"),
        (early_float_epoch, "whole number"),
        (in_place(train_early_stopping, 3), IN_PLACE),
        (partial(train_early_stopping), PARTIAL),
    ]),
})
