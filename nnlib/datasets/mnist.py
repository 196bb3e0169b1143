"""MNIST: finding, downloading, checking and reading the handwritten digits.

This is the appendix version of a data loader: plain NumPy and the standard
library, nothing hidden.  The whole journey of the data is

    four .gz files  ->  gunzip  ->  SHA-256 check  ->  IDX parse  ->  float arrays

and every step has its own small function below.

The data set
------------
MNIST, by Yann LeCun, Corinna Cortes and Christopher J. C. Burges, is released
under CC BY-SA 3.0.  It holds 60 000 training and 10 000 test images of
handwritten digits, each 28 x 28 grey levels (0 = background, 255 = ink).

The IDX format
--------------
Each file is a tiny big-endian header followed by raw ``uint8`` bytes::

    images:  0x00000803  count  rows  cols  | count*rows*cols pixel bytes
    labels:  0x00000801  count              | count label bytes (0..9)

(every header field is a 4-byte unsigned integer).

Shapes returned by :func:`load_mnist` (samples are rows)::

    X_train (60000, 784) float in [0, 1]      y_train (60000,) int64
    X_test  (10000, 784) float in [0, 1]      y_test  (10000,) int64
    with one_hot=True the labels become (n, 10) arrays of 0.0 and 1.0.

Example::

    >>> from nnlib.datasets import load_mnist
    >>> X_train, y_train, X_test, y_test = load_mnist()
    >>> X_train.shape, y_train[:5]
    ((60000, 784), array([5, 0, 4, 1, 9]))
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import http.client
import os
import struct
import sys
import tempfile
import urllib.request
import zlib
from collections import namedtuple
from pathlib import Path

import numpy as np

__all__ = [
    "MNIST",
    "MNISTSplit",
    "MNISTDataError",
    "MNISTNotFoundError",
    "MNIST_FILES",
    "MIRRORS",
    "read_idx",
    "find_mnist_dir",
    "download_mnist",
    "load_mnist",
    "clear_cache",
]

# ---------------------------------------------------------------------------
# Facts about the four files
# ---------------------------------------------------------------------------

#: file name -> (SHA-256 of the *decompressed* bytes, decompressed size in bytes)
MNIST_FILES = {
    "train-images-idx3-ubyte.gz": (
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        47_040_016,
    ),
    "train-labels-idx1-ubyte.gz": (
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        60_008,
    ),
    "t10k-images-idx3-ubyte.gz": (
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        7_840_016,
    ),
    "t10k-labels-idx1-ubyte.gz": (
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
        10_008,
    ),
}

#: The shape each file must have once parsed.
MNIST_SHAPES = {
    "train-images-idx3-ubyte.gz": (60_000, 28, 28),
    "train-labels-idx1-ubyte.gz": (60_000,),
    "t10k-images-idx3-ubyte.gz": (10_000, 28, 28),
    "t10k-labels-idx1-ubyte.gz": (10_000,),
}

#: Base URLs that serve the four files under their usual names, tried in order.
MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

#: ``data/mnist`` next to the ``nnlib`` package in a checkout of the book.
REPO_DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "mnist"

IDX_IMAGES_MAGIC = 0x00000803  # uint8 data, 3 dimensions
IDX_LABELS_MAGIC = 0x00000801  # uint8 data, 1 dimension
_IDX_NDIM = {IDX_IMAGES_MAGIC: 3, IDX_LABELS_MAGIC: 1}
_GZIP_MAGIC = b"\x1f\x8b"

MNIST = namedtuple("MNIST", ["X_train", "y_train", "X_test", "y_test"])
MNISTSplit = namedtuple(
    "MNISTSplit", ["X_train", "y_train", "X_val", "y_val", "X_test", "y_test"]
)


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


class MNISTDataError(ValueError):
    """A data file exists but its contents are wrong (corrupt, truncated, ...).

    Attributes: ``path`` (the file) and ``problem`` (what is wrong with it).
    """

    def __init__(self, message, path=None, problem=None):
        super().__init__(message)
        self.path = path
        self.problem = problem


class MNISTNotFoundError(FileNotFoundError):
    """The data files are missing and could not be downloaded."""


def _data_error(path, problem: str) -> MNISTDataError:
    """Build an :class:`MNISTDataError` that names the file, the problem and the fix."""
    path = Path(path)
    message = (
        f"{path}: {problem}.\n"
        f"Fix: delete {path} so that it is downloaded again, or copy a fresh "
        f"copy from {MIRRORS[0]}{path.name}"
    )
    return MNISTDataError(message, path=path, problem=problem)


# ---------------------------------------------------------------------------
# Reading: bytes on disk -> decompressed bytes -> uint8 array
# ---------------------------------------------------------------------------


def _read_decompressed(path) -> bytes:
    """Return the IDX bytes of ``path``, gunzipping them if the file is gzipped.

    A file is treated as gzip when it starts with the gzip magic ``1f 8b``;
    otherwise it is taken to be a plain (already decompressed) IDX file.
    """
    path = Path(path)
    raw = path.read_bytes()
    if not raw.startswith(_GZIP_MAGIC):
        return raw
    try:
        return gzip.decompress(raw)
    except EOFError:
        raise _data_error(path, "the gzip stream ends early (the file is truncated)") from None
    except (gzip.BadGzipFile, zlib.error) as exc:  # bad header, bad CRC, bad deflate data
        raise _data_error(path, f"the gzip data is corrupt ({exc})") from None


def _parse_idx(data: bytes, path, expected_shape=None) -> np.ndarray:
    """Parse the IDX bytes ``data`` (read from ``path``) into a read-only uint8 array.

    Returns shape ``(count, rows, cols)`` for images, ``(count,)`` for labels.
    No bytes are copied: the array is a view of ``data``.
    """
    if len(data) < 4:
        raise _data_error(path, f"only {len(data)} bytes, too short for an IDX header")
    (magic,) = struct.unpack_from(">I", data, 0)
    if magic not in _IDX_NDIM:
        raise _data_error(
            path,
            f"wrong magic number 0x{magic:08x} (expected 0x{IDX_IMAGES_MAGIC:08x} "
            f"for images or 0x{IDX_LABELS_MAGIC:08x} for labels); "
            "this is not an MNIST IDX file",
        )
    ndim = _IDX_NDIM[magic]
    header_size = 4 + 4 * ndim
    if len(data) < header_size:
        raise _data_error(path, f"the IDX header is truncated ({len(data)} of {header_size} bytes)")
    shape = struct.unpack_from(f">{ndim}I", data, 4)

    n_expected = 1
    for dim in shape:
        n_expected *= dim
    n_actual = len(data) - header_size
    if n_actual < n_expected:
        raise _data_error(
            path,
            f"truncated: the header promises shape {shape} = {n_expected} bytes "
            f"of data but only {n_actual} are present",
        )
    if n_actual > n_expected:
        raise _data_error(
            path,
            f"{n_actual - n_expected} unexpected trailing bytes after the "
            f"{n_expected} data bytes of shape {shape}",
        )
    if expected_shape is not None and tuple(shape) != tuple(expected_shape):
        raise _data_error(path, f"has shape {shape} but {tuple(expected_shape)} was expected")

    return np.frombuffer(data, dtype=np.uint8, offset=header_size).reshape(shape)


def read_idx(path, expected_shape=None) -> np.ndarray:
    """Read one IDX file (gzipped or plain) into a uint8 array.

    Parameters
    ----------
    path : str or Path
    expected_shape : tuple, optional
        If given, the shape in the header must equal it.

    Returns
    -------
    ndarray of uint8, shape ``(count, rows, cols)`` for an image file or
    ``(count,)`` for a label file.

    Raises
    ------
    MNISTDataError
        Not gzip/IDX, wrong magic, truncated, trailing bytes or wrong shape.
    FileNotFoundError
        ``path`` does not exist.
    """
    return _parse_idx(_read_decompressed(path), path, expected_shape)


def _verify(data: bytes, path) -> None:
    """Check size and SHA-256 of the decompressed bytes against :data:`MNIST_FILES`."""
    path = Path(path)
    sha256, size = MNIST_FILES[path.name]
    if len(data) != size:
        raise _data_error(
            path, f"decompresses to {len(data)} bytes, expected {size} (wrong or damaged file)"
        )
    actual = hashlib.sha256(data).hexdigest()
    if actual != sha256:
        raise _data_error(
            path,
            f"SHA-256 checksum mismatch of the decompressed data: got {actual}, "
            f"expected {sha256} (the file is corrupt)",
        )


# ---------------------------------------------------------------------------
# Finding the files
# ---------------------------------------------------------------------------


def _cache_dir() -> Path:
    """The per-user download directory: ``$XDG_CACHE_HOME/nnlib/mnist`` or ``~/.cache/nnlib/mnist``."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "nnlib" / "mnist"


def _candidate_dirs(data_dir=None) -> list[Path]:
    """Directories to search, in order (see :func:`find_mnist_dir`)."""
    if data_dir is not None:
        return [Path(data_dir).expanduser()]
    dirs = [REPO_DATA_DIR]
    nnlib_data = os.environ.get("NNLIB_DATA")
    if nnlib_data:
        dirs += [Path(nnlib_data).expanduser(), Path(nnlib_data).expanduser() / "mnist"]
    dirs.append(_cache_dir())
    return dirs


def _missing_files(directory: Path) -> list[str]:
    """Names from :data:`MNIST_FILES` that are not files in ``directory``."""
    return [name for name in MNIST_FILES if not (directory / name).is_file()]


def find_mnist_dir(data_dir=None) -> Path | None:
    """Return the first directory that holds all four MNIST files, or None.

    Search order: only ``data_dir`` if it is given; otherwise the book's
    ``data/mnist/``, then ``$NNLIB_DATA`` and ``$NNLIB_DATA/mnist``, then the
    user cache (``$XDG_CACHE_HOME/nnlib/mnist`` or ``~/.cache/nnlib/mnist``).
    """
    for directory in _candidate_dirs(data_dir):
        if not _missing_files(directory):
            return directory
    return None


def _not_found_message(searched, reasons=()) -> str:
    """Explain what was searched (and tried), and how to put the files in place."""
    lines = ["MNIST data files not found. Directories searched, in order:"]
    for directory in searched:
        if directory.is_dir():
            lines.append(f"  {directory}  (missing: {', '.join(_missing_files(directory))})")
        else:
            lines.append(f"  {directory}  (does not exist)")
    if reasons:
        lines.append("Download failed:")
        lines += [f"  {reason}" for reason in reasons]
    lines.append(f"To fix, put these four files into {searched[0]}:")
    lines += [f"  {name}" for name in MNIST_FILES]
    lines.append(
        "or set the environment variable NNLIB_DATA to a directory that holds them. "
        f"They can be downloaded by hand from {MIRRORS[0]} (or {MIRRORS[-1]})."
    )
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Downloading
# ---------------------------------------------------------------------------


def _show_progress(name: str, done: int, total: int | None) -> None:
    """Overwrite one status line on stderr: name, MB done / total, percent."""
    if total:
        text = f"{name}: {done / 1e6:.2f} / {total / 1e6:.2f} MB ({100 * done / total:3.0f}%)"
    else:
        text = f"{name}: {done / 1e6:.2f} MB"
    sys.stderr.write("\r" + text)
    sys.stderr.flush()


def _fetch(url: str, out, name: str, progress: bool, timeout: float) -> None:
    """Stream ``url`` into the open binary file ``out``, showing progress if asked.

    The progress line is redrawn only when the whole percent (or, if the size
    is unknown, the whole megabyte) changes: at most about a hundred updates.
    """
    shown = None
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            done = 0
            while chunk := response.read(1 << 16):
                out.write(chunk)
                done += len(chunk)
                step = 100 * done // total if total else done // 1_000_000
                if progress and step != shown:
                    _show_progress(name, done, total)
                    shown = step
    finally:
        if shown is not None:
            sys.stderr.write("\n")


def _download_one(name: str, target_dir: Path, mirrors, progress: bool, timeout: float) -> list[str]:
    """Download and verify one file into ``target_dir``; return why each mirror failed.

    An empty list means success.  The file appears under its real name only
    once its checksum is verified; until then it is a hidden ``.part`` file,
    which is deleted whatever happens.
    """
    reasons = []
    for base in mirrors:
        url = base.rstrip("/") + "/" + name
        fd, tmp_name = tempfile.mkstemp(dir=target_dir, prefix=f".{name}.", suffix=".part")
        tmp_path = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                _fetch(url, out, name, progress, timeout)
            _verify(_read_decompressed(tmp_path), tmp_path.with_name(name))
            tmp_path.chmod(0o644)  # mkstemp makes it private
            os.replace(tmp_path, target_dir / name)
            return []
        except MNISTDataError as exc:
            reasons.append(f"{url}: {exc.problem}")
        except (OSError, http.client.HTTPException, ValueError) as exc:  # URLError is an OSError
            reasons.append(f"{url}: {exc}")
        finally:
            tmp_path.unlink(missing_ok=True)
    return reasons


def _download_missing(target_dir: Path, mirrors, progress: bool, timeout: float) -> list[str]:
    """Download each file missing from ``target_dir``; return the reasons of a failure."""
    target_dir.mkdir(parents=True, exist_ok=True)
    for name in _missing_files(target_dir):
        reasons = _download_one(name, target_dir, mirrors, progress, timeout)
        if reasons:
            return reasons
    return []


def download_mnist(target_dir, mirrors=MIRRORS, progress=True, timeout=30.0) -> Path:
    """Download the MNIST files that are missing from ``target_dir``.

    Each missing file is fetched from each mirror in turn until one copy
    passes the SHA-256 check; it is written to a temporary file in
    ``target_dir`` and renamed into place only after that check.

    Parameters
    ----------
    target_dir : str or Path      created if needed
    mirrors : sequence of str     base URLs; the file name is appended
    progress : bool               show a progress line on stderr
    timeout : float               seconds allowed for each network operation

    Returns
    -------
    Path of ``target_dir``.

    Raises
    ------
    MNISTNotFoundError
        Every mirror failed for some file; the message gives each reason.
    """
    target_dir = Path(target_dir).expanduser()
    reasons = _download_missing(target_dir, mirrors, progress, timeout)
    if reasons:
        raise MNISTNotFoundError(_not_found_message([target_dir], reasons))
    return target_dir


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def _file_signature(directory: Path) -> tuple:
    """(name, size, mtime) of each file: changes when a file is replaced."""
    signature = []
    for name in MNIST_FILES:
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
    for name in MNIST_FILES:
        path = directory / name
        data = _read_decompressed(path)  # decompress once ...
        _verify(data, path)  # ... hash those bytes ...
        arrays.append(_parse_idx(data, path, MNIST_SHAPES[name]))  # ... and view them
    return tuple(arrays)


def _load_raw(directory: Path) -> tuple:
    """Verified uint8 arrays (train images, train labels, test images, test labels)."""
    directory = directory.resolve()
    return _load_raw_cached(directory, _file_signature(directory), tuple(MNIST_FILES.items()))


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
    try:
        as_dtype = np.dtype(dtype)
    except (TypeError, ValueError):
        as_dtype = np.dtype(np.int8)  # not understood: reported just below
    if as_dtype.type not in (np.float32, np.float64):
        raise ValueError(f"dtype must be np.float32 or np.float64, got {dtype!r}")
    return as_dtype


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


def _locate_or_download(data_dir, download: bool) -> Path:
    """The directory to load from, downloading into it first if allowed and needed."""
    directory = find_mnist_dir(data_dir)
    if directory is not None:
        return directory
    searched = _candidate_dirs(data_dir)
    if not download:
        raise MNISTNotFoundError(_not_found_message(searched))
    target = searched[0] if data_dir is not None else _cache_dir()
    print(f"MNIST not found; downloading it into {target}", file=sys.stderr)
    reasons = _download_missing(target, MIRRORS, progress=True, timeout=30.0)
    if reasons:
        raise MNISTNotFoundError(_not_found_message(searched, reasons))
    return target


def load_mnist(
    one_hot=False, validation_size=0, data_dir=None, download=True, dtype=np.float32, seed=None
):
    """Load MNIST as rows of pixels scaled to [0, 1].

    Parameters
    ----------
    one_hot : bool
        Return labels as (n, 10) one-hot rows of ``dtype`` instead of (n,) int64.
    validation_size : int in [0, 60000)
        Move this many training images into a validation set: the last ones,
        or a random choice when ``seed`` is given.
    data_dir : str or Path, optional
        Look only here (and download here when missing).  By default the
        places listed in :func:`find_mnist_dir` are searched and a download
        goes into the user cache directory.
    download : bool
        Download the files when they cannot be found.
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
    MNISTNotFoundError   files missing and not downloadable
    MNISTDataError       a file is present but corrupt
    """
    dtype = _check_arguments(validation_size, dtype)
    directory = _locate_or_download(data_dir, download)
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
