"""The four MNIST files and their IDX format: reading, decompressing, verifying.

Each file is a tiny big-endian header followed by raw ``uint8`` bytes::

    images:  0x00000803  count  rows  cols  | count*rows*cols pixel bytes
    labels:  0x00000801  count              | count label bytes (0..9)

(every header field is a 4-byte unsigned integer).  The files are gzipped; their
decompressed bytes must have the size and SHA-256 checksum listed in MNIST_FILES.
"""

import gzip
import hashlib
import struct
import zlib
from pathlib import Path

import numpy as np

#: file name -> (SHA-256 of the *decompressed* bytes, decompressed size in bytes)
MNIST_FILES = {
    "train-images-idx3-ubyte.gz": (
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", 47_040_016),
    "train-labels-idx1-ubyte.gz": (
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", 60_008),
    "t10k-images-idx3-ubyte.gz": (
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", 7_840_016),
    "t10k-labels-idx1-ubyte.gz": (
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", 10_008),
}
#: The shape each file must have once parsed.
MNIST_SHAPES = {
    "train-images-idx3-ubyte.gz": (60_000, 28, 28),
    "train-labels-idx1-ubyte.gz": (60_000,),
    "t10k-images-idx3-ubyte.gz": (10_000, 28, 28),
    "t10k-labels-idx1-ubyte.gz": (10_000,),
}
#: Where the four files can be fetched by hand under their usual names.
SOURCE_URL = "https://ossci-datasets.s3.amazonaws.com/mnist/"
IDX_IMAGES_MAGIC = 0x00000803  # uint8 data, 3 dimensions
IDX_LABELS_MAGIC = 0x00000801  # uint8 data, 1 dimension
_IDX_NDIM = {IDX_IMAGES_MAGIC: 3, IDX_LABELS_MAGIC: 1}
_GZIP_MAGIC = b"\x1f\x8b"


class MNISTDataError(ValueError):
    """A data file exists but its contents are wrong (corrupt, truncated, ...).

    Attributes: ``path`` (the file) and ``problem`` (what is wrong with it).
    """

    def __init__(self, message, path=None, problem=None):
        super().__init__(message)
        self.path = path
        self.problem = problem


def data_error(path, problem):
    """An :class:`MNISTDataError` that names the file, the problem and the fix."""
    path = Path(path)
    message = (f"{path}: {problem}.\nFix: reinstall nnlib, or replace {path} by a fresh copy "
               f"from {SOURCE_URL}{path.name}")
    return MNISTDataError(message, path=path, problem=problem)


def missing_files(directory):
    """Names from :data:`MNIST_FILES` that are not files in ``directory``."""
    return [name for name in MNIST_FILES if not (Path(directory) / name).is_file()]


def read_decompressed(path):
    """The IDX bytes of ``path``, gunzipped if the file starts with the gzip magic 1f 8b
    (otherwise it is taken to be a plain, already decompressed IDX file)."""
    path = Path(path)
    raw = path.read_bytes()
    if not raw.startswith(_GZIP_MAGIC):
        return raw
    try:
        return gzip.decompress(raw)
    except EOFError:
        raise data_error(path, "the gzip stream ends early (the file is truncated)") from None
    except (gzip.BadGzipFile, zlib.error) as exc:  # bad header, bad CRC, bad deflate data
        raise data_error(path, f"the gzip data is corrupt ({exc})") from None


def parse_idx(data, path, expected_shape=None):
    """The IDX bytes ``data`` (read from ``path``) as a read-only uint8 array, shape
    ``(count, rows, cols)`` for images and ``(count,)`` for labels: a view, no copy."""
    if len(data) < 4:
        raise data_error(path, f"only {len(data)} bytes, too short for an IDX header")
    (magic,) = struct.unpack_from(">I", data, 0)
    if magic not in _IDX_NDIM:
        raise data_error(path, f"wrong magic number 0x{magic:08x} (expected "
                               f"0x{IDX_IMAGES_MAGIC:08x} for images or 0x{IDX_LABELS_MAGIC:08x} "
                               "for labels); this is not an MNIST IDX file")
    ndim = _IDX_NDIM[magic]
    header_size = 4 + 4 * ndim
    if len(data) < header_size:
        raise data_error(path, f"the IDX header is truncated ({len(data)} of {header_size} "
                               "bytes)")
    shape = struct.unpack_from(f">{ndim}I", data, 4)
    n_expected = int(np.prod(shape, dtype=np.int64))
    n_actual = len(data) - header_size
    if n_actual < n_expected:
        raise data_error(path, f"truncated: the header promises shape {shape} = {n_expected} "
                               f"bytes of data but only {n_actual} are present")
    if n_actual > n_expected:
        raise data_error(path, f"{n_actual - n_expected} unexpected trailing bytes after the "
                               f"{n_expected} data bytes of shape {shape}")
    if expected_shape is not None and tuple(shape) != tuple(expected_shape):
        raise data_error(path, f"has shape {shape} but {tuple(expected_shape)} was expected")
    return np.frombuffer(data, dtype=np.uint8, offset=header_size).reshape(shape)


def read_idx(path, expected_shape=None):
    """Read one IDX file (gzipped or plain) into a uint8 array.

    ``expected_shape``, if given, must equal the shape in the header.  Returns shape
    ``(count, rows, cols)`` for an image file or ``(count,)`` for a label file.  Raises
    :class:`MNISTDataError` (not gzip/IDX, wrong magic, truncated, trailing bytes, wrong
    shape) or FileNotFoundError.
    """
    return parse_idx(read_decompressed(path), path, expected_shape)


def verify(data, path):
    """Check size and SHA-256 of the decompressed bytes against :data:`MNIST_FILES`."""
    path = Path(path)
    sha256, size = MNIST_FILES[path.name]
    if len(data) != size:
        raise data_error(path, f"decompresses to {len(data)} bytes, expected {size} (wrong or "
                               "damaged file)")
    actual = hashlib.sha256(data).hexdigest()
    if actual != sha256:
        raise data_error(path, f"SHA-256 checksum mismatch of the decompressed data: got "
                               f"{actual}, expected {sha256} (the file is corrupt)")
