"""Tests of nnlib.datasets.mnist and .idx: the real files (shipped in the package),
crafted bad files, and where the files are looked for.  Nothing is ever downloaded."""

import gzip
import hashlib
import shutil
import struct
import time
from pathlib import Path

import numpy as np
import pytest

from nnlib.datasets import idx, mnist
from nnlib.datasets import (
    MNIST_FILES,
    MNISTDataError,
    MNISTNotFoundError,
    find_mnist_dir,
    load_mnist,
    read_idx,
)

TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]


# ---------------------------------------------------------------------------
# Helpers and fixtures
# ---------------------------------------------------------------------------


def idx_bytes(array, magic=None):
    """The IDX encoding of a uint8 array of 1 or 3 dimensions."""
    array = np.asarray(array, dtype=np.uint8)
    if magic is None:
        magic = 0x803 if array.ndim == 3 else 0x801
    return struct.pack(f">I{array.ndim}I", magic, *array.shape) + array.tobytes()


def write_gz(path, data: bytes):
    path.write_bytes(gzip.compress(data))
    return path


@pytest.fixture(scope="module")
def real_dir():
    directory = find_mnist_dir()
    if directory is None:
        pytest.fail(
            "the real MNIST files are needed: put them in nnlib/datasets/data/mnist/ "
            "(see its README.md) or set NNLIB_DATA"
        )
    return directory


@pytest.fixture(scope="module")
def data(real_dir):
    mnist.clear_cache()
    start = time.perf_counter()
    result = load_mnist(data_dir=real_dir)
    print(f"\ncold load_mnist: {time.perf_counter() - start:.3f} s")
    start = time.perf_counter()
    load_mnist(data_dir=real_dir)
    print(f"warm load_mnist: {time.perf_counter() - start:.3f} s")
    return result


@pytest.fixture
def corrupted_gz(real_dir, tmp_path_factory):
    """A copy of t10k-labels with one decompressed byte flipped, re-gzipped."""
    name = "t10k-labels-idx1-ubyte.gz"
    data = bytearray(gzip.decompress((real_dir / name).read_bytes()))
    data[100] ^= 0xFF
    directory = tmp_path_factory.mktemp("corrupt")
    return write_gz(directory / name, bytes(data))


def copy_real(real_dir, target, names=tuple(MNIST_FILES)):
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(real_dir / name, target / name)
    return target


# ---------------------------------------------------------------------------
# The real files
# ---------------------------------------------------------------------------


def test_shapes_and_dtypes(data):
    assert isinstance(data, mnist.MNIST)
    assert data.X_train.shape == (60000, 784) and data.X_train.dtype == np.float32
    assert data.X_test.shape == (10000, 784) and data.X_test.dtype == np.float32
    assert data.y_train.shape == (60000,) and data.y_train.dtype == np.int64
    assert data.y_test.shape == (10000,) and data.y_test.dtype == np.int64


def test_range_and_mean(data):
    for X in (data.X_train, data.X_test):
        assert X.min() == 0.0 and X.max() == 1.0
    assert data.X_train.mean(dtype=np.float64) == pytest.approx(0.1307, abs=1e-4)
    assert data.X_train.mean(dtype=np.float64) * 255 == pytest.approx(33.318, abs=1e-3)


def test_first_labels_and_counts(data):
    assert data.y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert data.y_test[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert np.bincount(data.y_train).tolist() == TRAIN_COUNTS
    assert np.bincount(data.y_test).sum() == 10000


def test_float64_matches_float32(data, real_dir):
    d64 = load_mnist(data_dir=real_dir, dtype=np.float64)
    assert d64.X_train.dtype == np.float64 and d64.X_test.dtype == np.float64
    np.testing.assert_allclose(d64.X_test, data.X_test, atol=1e-7)
    assert d64.X_train.max() == 1.0


def test_one_hot(data, real_dir):
    d = load_mnist(data_dir=real_dir, one_hot=True)
    assert d.y_train.shape == (60000, 10) and d.y_train.dtype == np.float32
    assert d.y_test.shape == (10000, 10)
    assert np.all(d.y_train.sum(axis=1) == 1)
    np.testing.assert_array_equal(d.y_train.argmax(axis=1), data.y_train)
    d64 = load_mnist(data_dir=real_dir, one_hot=True, dtype="float64")
    assert d64.y_test.dtype == np.float64


def test_validation_split_is_the_last_rows(data, real_dir):
    d = load_mnist(data_dir=real_dir, validation_size=5000)
    assert isinstance(d, mnist.MNISTSplit)
    assert d.X_train.shape == (55000, 784) and d.y_train.shape == (55000,)
    assert d.X_val.shape == (5000, 784) and d.y_val.shape == (5000,)
    assert d.X_test.shape == (10000, 784)
    np.testing.assert_array_equal(d.X_train, data.X_train[:55000])
    np.testing.assert_array_equal(d.X_val, data.X_train[55000:])
    np.testing.assert_array_equal(d.y_val, data.y_train[55000:])


def test_seeded_validation_split(data, real_dir):
    a = load_mnist(data_dir=real_dir, validation_size=1000, seed=0)
    b = load_mnist(data_dir=real_dir, validation_size=1000, seed=0)
    c = load_mnist(data_dir=real_dir, validation_size=1000, seed=1)
    assert a.X_train.shape == (59000, 784) and a.X_val.shape == (1000, 784)
    np.testing.assert_array_equal(a.X_val, b.X_val)
    assert not np.array_equal(a.y_val, c.y_val)
    assert not np.array_equal(a.y_val, data.y_train[-1000:])
    # disjoint parts that together are exactly the training set
    train, val = mnist._split_indices(60000, 1000, seed=0)
    assert val.sum() == 1000 and not np.any(train & val) and np.all(train | val)
    np.testing.assert_array_equal(a.X_val, data.X_train[val])
    np.testing.assert_array_equal(a.y_train, data.y_train[train])
    np.testing.assert_array_equal(
        np.bincount(a.y_train, minlength=10) + np.bincount(a.y_val, minlength=10), TRAIN_COUNTS
    )


def test_callers_cannot_corrupt_the_cache(real_dir):
    first = load_mnist(data_dir=real_dir)
    assert first.X_train.flags.writeable
    first.X_train[:] = 7.0
    first.y_train[:] = 3
    second = load_mnist(data_dir=real_dir)
    assert second.X_train.max() == 1.0
    assert second.y_train[:3].tolist() == [5, 0, 4]
    raw = mnist._load_raw(real_dir)
    assert not any(a.flags.writeable for a in raw)
    with pytest.raises(ValueError):
        raw[1][0] = 9


def test_read_idx_real_file(real_dir):
    labels = read_idx(real_dir / "t10k-labels-idx1-ubyte.gz")
    assert labels.shape == (10000,) and labels.dtype == np.uint8
    assert labels[:3].tolist() == [7, 2, 1]


@pytest.mark.parametrize("bad", [-1, 60000, 70000, 1.5, "10", True, None], ids=repr)
def test_bad_validation_size(bad, real_dir):
    with pytest.raises((ValueError, TypeError), match="validation_size"):
        load_mnist(data_dir=real_dir, validation_size=bad)


@pytest.mark.parametrize("bad", [np.int32, np.float16, "uint8", "not a dtype"])
def test_bad_dtype(bad, real_dir):
    with pytest.raises(ValueError, match="dtype"):
        load_mnist(data_dir=real_dir, dtype=bad)


# ---------------------------------------------------------------------------
# Crafted bad files
# ---------------------------------------------------------------------------

GOOD_IMAGES = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)


def test_read_idx_crafted_good_files(tmp_path):
    images = read_idx(write_gz(tmp_path / "im.gz", idx_bytes(GOOD_IMAGES)))
    np.testing.assert_array_equal(images, GOOD_IMAGES)
    plain = tmp_path / "labels-plain"
    plain.write_bytes(idx_bytes([3, 1, 4]))
    assert read_idx(plain).tolist() == [3, 1, 4]
    empty = read_idx(write_gz(tmp_path / "empty.gz", idx_bytes(np.zeros((0, 28, 28)))))
    assert empty.shape == (0, 28, 28)


BAD_FILES = {
    "wrong magic": (gzip.compress(idx_bytes(GOOD_IMAGES, magic=0x802)), "magic"),
    "truncated data": (gzip.compress(idx_bytes(GOOD_IMAGES)[:-1]), "truncated"),
    "trailing bytes": (gzip.compress(idx_bytes(GOOD_IMAGES) + b"\0\0"), "trailing"),
    "truncated header": (gzip.compress(idx_bytes(GOOD_IMAGES)[:10]), "header"),
    "empty": (b"", "too short"),
    "garbage": (b"<html>404 Not Found</html>", "magic"),
    "truncated gzip stream": (gzip.compress(idx_bytes(GOOD_IMAGES))[:-12], "gzip"),
    "corrupt gzip data": (
        gzip.compress(idx_bytes(GOOD_IMAGES))[:12] + b"\xff" * 30,
        "gzip",
    ),
    "bad gzip crc": (
        gzip.compress(idx_bytes(GOOD_IMAGES))[:-8] + b"\0\0\0\0" + struct.pack("<I", 40),
        "gzip",
    ),
    "dims disagree with data": (
        gzip.compress(struct.pack(">IIII", 0x803, 2, 28, 28) + bytes(2 * 5 * 5)),
        "truncated",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_raises_data_error_naming_the_file(case, tmp_path):
    content, expected = BAD_FILES[case]
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(content)
    with pytest.raises(MNISTDataError, match=expected) as info:
        read_idx(path)
    message = str(info.value)
    assert str(path) in message
    assert "reinstall nnlib" in message  # and says how to fix it
    assert isinstance(info.value, ValueError)


def test_wrong_dims_against_expected_shape(tmp_path):
    path = write_gz(tmp_path / "t10k-images-idx3-ubyte.gz", idx_bytes(GOOD_IMAGES))
    with pytest.raises(MNISTDataError, match=r"shape \(2, 3, 4\)") as info:
        read_idx(path, expected_shape=(10000, 28, 28))
    assert str(path) in str(info.value)


def test_load_rejects_wrong_dims_even_with_matching_checksums(tmp_path, monkeypatch):
    """Crafted tiny files whose checksums are made 'right': the shape check still bites."""
    contents = {
        "train-images-idx3-ubyte.gz": idx_bytes(np.zeros((2, 5, 5))),
        "train-labels-idx1-ubyte.gz": idx_bytes([1, 2]),
        "t10k-images-idx3-ubyte.gz": idx_bytes(np.zeros((1, 5, 5))),
        "t10k-labels-idx1-ubyte.gz": idx_bytes([3]),
    }
    table = {}
    for name, raw in contents.items():
        write_gz(tmp_path / name, raw)
        table[name] = (hashlib.sha256(raw).hexdigest(), len(raw))
    monkeypatch.setattr(idx, "MNIST_FILES", table)
    with pytest.raises(MNISTDataError, match="expected") as info:
        load_mnist(data_dir=tmp_path)
    assert "train-images-idx3-ubyte.gz" in str(info.value)


def test_corrupted_real_file_fails_the_checksum(real_dir, corrupted_gz):
    directory = corrupted_gz.parent
    copy_real(real_dir, directory, [n for n in MNIST_FILES if n != corrupted_gz.name])
    # the corrupted file still parses: only the checksum can catch it
    assert read_idx(corrupted_gz).shape == (10000,)
    with pytest.raises(MNISTDataError, match="SHA-256") as info:
        load_mnist(data_dir=directory)
    message = str(info.value)
    assert str(corrupted_gz) in message and "reinstall nnlib" in message


def test_wrong_size_file_is_rejected(real_dir, tmp_path):
    copy_real(real_dir, tmp_path)
    write_gz(tmp_path / "t10k-labels-idx1-ubyte.gz", idx_bytes(np.zeros(9999)))
    with pytest.raises(MNISTDataError, match="t10k-labels-idx1-ubyte.gz"):
        load_mnist(data_dir=tmp_path)


# ---------------------------------------------------------------------------
# Finding the files
# ---------------------------------------------------------------------------


def touch_all(directory):
    directory.mkdir(parents=True, exist_ok=True)
    for name in MNIST_FILES:
        (directory / name).touch()
    return directory


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """The package's data directory and NNLIB_DATA inside tmp_path."""
    monkeypatch.setattr(mnist, "PACKAGE_DATA_DIR", tmp_path / "package" / "data" / "mnist")
    monkeypatch.setenv("NNLIB_DATA", str(tmp_path / "nnlib_data"))
    return tmp_path


def test_package_dir_comes_first(real_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("NNLIB_DATA", str(touch_all(tmp_path / "env")))
    assert find_mnist_dir() == mnist.PACKAGE_DATA_DIR == real_dir


def test_search_order(isolated, monkeypatch):
    assert find_mnist_dir() is None
    touch_all(isolated / "nnlib_data" / "mnist")
    assert find_mnist_dir() == isolated / "nnlib_data" / "mnist"
    touch_all(isolated / "nnlib_data")
    assert find_mnist_dir() == isolated / "nnlib_data"
    touch_all(mnist.PACKAGE_DATA_DIR)
    assert find_mnist_dir() == mnist.PACKAGE_DATA_DIR
    # an explicit data_dir is the only place looked at
    assert find_mnist_dir(isolated / "elsewhere") is None
    assert find_mnist_dir(isolated / "nnlib_data") == isolated / "nnlib_data"


def test_incomplete_dir_does_not_count(isolated):
    directory = touch_all(isolated / "nnlib_data")
    (directory / "t10k-labels-idx1-ubyte.gz").unlink()
    assert find_mnist_dir() is None


def test_missing_files_are_explained(isolated, monkeypatch):
    (isolated / "nnlib_data").mkdir()
    (isolated / "nnlib_data" / "train-images-idx3-ubyte.gz").touch()
    with pytest.raises(MNISTNotFoundError) as info:
        load_mnist()
    message = str(info.value)
    for directory in [mnist.PACKAGE_DATA_DIR, isolated / "nnlib_data",
                      isolated / "nnlib_data" / "mnist"]:
        assert str(directory) in message
    for name in MNIST_FILES:
        assert name in message
    assert "NNLIB_DATA" in message and "missing: train-labels" in message
    assert isinstance(info.value, FileNotFoundError)
    monkeypatch.delenv("NNLIB_DATA")
    with pytest.raises(MNISTNotFoundError, match="does not exist"):
        load_mnist()


def test_missing_explicit_dir_lists_only_it(isolated):
    with pytest.raises(MNISTNotFoundError) as info:
        load_mnist(data_dir=isolated / "mine")
    message = str(info.value)
    assert str(isolated / "mine") in message
    assert str(isolated / "nnlib_data") not in message
