"""MNIST: finding and loading the handwritten digits.

A data loader in plain NumPy and the standard library, nothing hidden.  The whole
journey of the data is

    four .gz files  ->  gunzip  ->  SHA-256 check  ->  IDX parse  ->  float arrays

:mod:`nnlib.datasets.idx` reads and checks the files; this module finds them and turns
them into arrays.

MNIST, by Yann LeCun, Corinna Cortes and Christopher J. C. Burges, is released under
CC BY-SA 3.0.  It holds 60 000 training and 10 000 test images of handwritten digits,
each 28 x 28 grey levels (0 = background, 255 = ink).  The four files travel with the
package, in ``nnlib/datasets/data/mnist/`` with their licence, so nothing is downloaded.

Shapes returned by :func:`load_mnist` (samples are rows)::

    X_train (60000, 784) float in [0, 1]      y_train (60000,) int64
    X_test  (10000, 784) float in [0, 1]      y_test  (10000,) int64
    with one_hot=True the labels become (n, 10) arrays of 0.0 and 1.0.
"""

import functools
import os
from collections import namedtuple
from pathlib import Path

import numpy as np

from ..validation import check_float_dtype
from . import idx

#: The four files shipped inside the package (package data, found by any installation).
PACKAGE_DATA_DIR = Path(__file__).resolve().parent / "data" / "mnist"

MNIST = namedtuple("MNIST", ["X_train", "y_train", "X_test", "y_test"])
MNISTSplit = namedtuple("MNISTSplit", ["X_train", "y_train", "X_val", "y_val", "X_test", "y_test"])


class MNISTNotFoundError(FileNotFoundError):
    """The data files are missing where they were looked for."""


def _candidate_dirs(data_dir=None):
    """Directories to search, in order (see :func:`find_mnist_dir`)."""
    if data_dir is not None:
        return [Path(data_dir).expanduser()]
    dirs = [PACKAGE_DATA_DIR]
    if os.environ.get("NNLIB_DATA"):
        nnlib_data = Path(os.environ["NNLIB_DATA"]).expanduser()
        dirs += [nnlib_data, nnlib_data / "mnist"]
    return dirs


def find_mnist_dir(data_dir=None):
    """Return the first directory that holds all four MNIST files, or None.

    Search order: only ``data_dir`` if it is given; otherwise the files shipped in the
    package, then ``$NNLIB_DATA`` and ``$NNLIB_DATA/mnist``.
    """
    for directory in _candidate_dirs(data_dir):
        if not idx.missing_files(directory):
            return directory
    return None


def _not_found_message(searched):
    """Explain what was searched and how to put the files in place."""
    lines = ["MNIST data files not found. Directories searched, in order:"]
    for directory in searched:
        state = (f"missing: {', '.join(idx.missing_files(directory))}" if directory.is_dir()
                 else "does not exist")
        lines.append(f"  {directory}  ({state})")
    lines.append(f"To fix, put these four files into {searched[0]}:")
    lines += [f"  {name}" for name in idx.MNIST_FILES]
    lines.append("or set the environment variable NNLIB_DATA to a directory that holds them "
                 f"(they are at {idx.SOURCE_URL}; reinstalling nnlib also restores them).")
    return "\n".join(lines)


def _file_signature(directory: Path) -> tuple:
    """(name, size, mtime) of each file: changes when a file is replaced."""
    signature = []
    for name in idx.MNIST_FILES:
        stat = (directory / name).stat()
        signature.append((name, stat.st_size, stat.st_mtime_ns))
    return tuple(signature)


@functools.lru_cache(maxsize=2)
def _load_raw_cached(directory: Path, signature: tuple, checksums: tuple) -> tuple:
    """Decompress, verify and parse the four files once; the arrays are read-only.

    ``signature`` and ``checksums`` are only part of the cache key, so a
    replaced file or a different checksum table means a fresh, checked load.
    """
    arrays = []
    for name in idx.MNIST_FILES:
        path = directory / name
        data = idx.read_decompressed(path)  # decompress once ...
        idx.verify(data, path)  # ... hash those bytes ...
        arrays.append(idx.parse_idx(data, path, idx.MNIST_SHAPES[name]))  # ... and view them
    return tuple(arrays)


def _load_raw(directory: Path) -> tuple:
    """Verified uint8 arrays (train images, train labels, test images, test labels)."""
    directory = directory.resolve()
    return _load_raw_cached(directory, _file_signature(directory),
                            tuple(idx.MNIST_FILES.items()))


def clear_cache() -> None:
    """Forget the arrays that :func:`load_mnist` keeps between calls."""
    _load_raw_cached.cache_clear()


def _check_arguments(validation_size, dtype) -> np.dtype:
    """Validate :func:`load_mnist`'s arguments; return ``dtype`` as a NumPy dtype."""
    if isinstance(validation_size, bool) or not isinstance(validation_size, (int, np.integer)):
        raise TypeError(
            f"validation_size must be an int, got {type(validation_size).__name__} "
            f"({validation_size!r})"
        )
    if not 0 <= validation_size < 60_000:
        raise ValueError(
            f"validation_size must be in [0, 60000) (the number of training "
            f"images that become validation images), got {validation_size}"
        )
    return check_float_dtype(dtype)


def _images_to_rows(images: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """(n, 28, 28) uint8 -> (n, 784) of ``dtype`` in [0, 1], one multiply, one new array."""
    rows = images.reshape(len(images), -1)  # a view, no copy
    return np.multiply(rows, dtype.type(1 / 255), dtype=dtype)


def _labels(labels: np.ndarray, one_hot: bool, dtype: np.dtype) -> np.ndarray:
    """(n,) uint8 -> (n,) int64, or (n, 10) one-hot rows of ``dtype``."""
    if one_hot:
        return np.eye(10, dtype=dtype)[labels]
    return labels.astype(np.int64)


def _split_indices(n: int, validation_size: int, seed):
    """Indices (train, val) of the rows of an n-row training set.

    Without a seed the last ``validation_size`` rows are the validation set;
    with one, a seeded random choice (each part keeps the original order).
    """
    if seed is None:
        return slice(0, n - validation_size), slice(n - validation_size, n)
    rng = np.random.default_rng(seed)
    is_val = np.zeros(n, dtype=bool)
    is_val[rng.choice(n, size=validation_size, replace=False)] = True
    return ~is_val, is_val


def load_mnist(one_hot=False, validation_size=0, data_dir=None, dtype=np.float32, seed=None):
    """Load MNIST as rows of pixels scaled to [0, 1].

    Parameters
    ----------
    one_hot : bool
        Return labels as (n, 10) one-hot rows of ``dtype`` instead of (n,) int64.
    validation_size : int in [0, 60000)
        Move this many training images into a validation set: the last ones,
        or a random choice when ``seed`` is given.
    data_dir : str or Path, optional
        Look only here.  By default the places listed in :func:`find_mnist_dir`.
    dtype : np.float32 or np.float64
        Type of the images (and of one-hot labels).
    seed : int, optional
        Seed of the random validation split.

    Returns
    -------
    ``MNIST(X_train, y_train, X_test, y_test)``, or with ``validation_size > 0``
    ``MNISTSplit(X_train, y_train, X_val, y_val, X_test, y_test)``.
    ``X_*`` have shape (n, 784); ``y_*`` have shape (n,) or (n, 10).
    Every call returns fresh arrays that the caller may modify.

    Raises
    ------
    MNISTNotFoundError   files missing
    MNISTDataError       a file is present but corrupt
    """
    dtype = _check_arguments(validation_size, dtype)
    directory = find_mnist_dir(data_dir)
    if directory is None:
        raise MNISTNotFoundError(_not_found_message(_candidate_dirs(data_dir)))
    train_images, train_labels, test_images, test_labels = _load_raw(directory)

    def prepare(images, labels):  # uint8 -> (rows of dtype, labels); always new arrays
        return _images_to_rows(images, dtype), _labels(labels, one_hot, dtype)

    X_test, y_test = prepare(test_images, test_labels)
    if validation_size == 0:
        return MNIST(*prepare(train_images, train_labels), X_test, y_test)

    # Split the small uint8 arrays first, then convert each part.
    train, val = _split_indices(len(train_images), validation_size, seed)
    X_train, y_train = prepare(train_images[train], train_labels[train])
    X_val, y_val = prepare(train_images[val], train_labels[val])
    return MNISTSplit(X_train, y_train, X_val, y_val, X_test, y_test)
