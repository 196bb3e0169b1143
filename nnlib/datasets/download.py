"""Downloading the MNIST files: each one from the first mirror whose copy passes the
SHA-256 check, through a temporary file renamed into place only after that check."""

import http.client
import os
import sys
import tempfile
import urllib.request
from pathlib import Path

from . import idx


class MNISTNotFoundError(FileNotFoundError):
    """The data files are missing and could not be downloaded."""


def not_found_message(searched, reasons=()):
    """Explain what was searched (and tried), and how to put the files in place."""
    lines = ["MNIST data files not found. Directories searched, in order:"]
    for directory in searched:
        if directory.is_dir():
            lines.append(f"  {directory}  (missing: {', '.join(idx.missing_files(directory))})")
        else:
            lines.append(f"  {directory}  (does not exist)")
    if reasons:
        lines += ["Download failed:", *(f"  {reason}" for reason in reasons)]
    lines.append(f"To fix, put these four files into {searched[0]}:")
    lines += [f"  {name}" for name in idx.MNIST_FILES]
    lines.append("or set the environment variable NNLIB_DATA to a directory that holds them. "
                 f"They can be downloaded by hand from {idx.MIRRORS[0]} (or {idx.MIRRORS[-1]}).")
    return "\n".join(lines)


def _show_progress(name, done, total):
    """Overwrite one status line on stderr: name, MB done / total, percent."""
    if total:
        text = f"{name}: {done / 1e6:.2f} / {total / 1e6:.2f} MB ({100 * done / total:3.0f}%)"
    else:
        text = f"{name}: {done / 1e6:.2f} MB"
    sys.stderr.write("\r" + text)
    sys.stderr.flush()


def _fetch(url, out, name, progress, timeout):
    """Stream ``url`` into the open binary file ``out``.  The progress line is redrawn only
    when the whole percent (or, size unknown, the whole megabyte) changes."""
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


def _download_one(name, target_dir, mirrors, progress, timeout):
    """Download and verify one file into ``target_dir``; return why each mirror failed
    (an empty list: success).  Until verified the file is a hidden ``.part`` file, which is
    deleted whatever happens."""
    reasons = []
    for base in mirrors:
        url = base.rstrip("/") + "/" + name
        fd, tmp_name = tempfile.mkstemp(dir=target_dir, prefix=f".{name}.", suffix=".part")
        tmp_path = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                _fetch(url, out, name, progress, timeout)
            idx.verify(idx.read_decompressed(tmp_path), tmp_path.with_name(name))
            tmp_path.chmod(0o644)  # mkstemp makes it private
            os.replace(tmp_path, target_dir / name)
            return []
        except idx.MNISTDataError as exc:
            reasons.append(f"{url}: {exc.problem}")
        except (OSError, http.client.HTTPException, ValueError) as exc:  # URLError: OSError
            reasons.append(f"{url}: {exc}")
        finally:
            tmp_path.unlink(missing_ok=True)
    return reasons


def download_missing(target_dir, mirrors, progress=True, timeout=30.0):
    """Download each file missing from ``target_dir``; return the reasons of a failure."""
    target_dir = Path(target_dir).expanduser()
    target_dir.mkdir(parents=True, exist_ok=True)
    for name in idx.missing_files(target_dir):
        reasons = _download_one(name, target_dir, mirrors, progress, timeout)
        if reasons:
            return reasons
    return []


def download_mnist(target_dir, mirrors=None, progress=True, timeout=30.0):
    """Download the MNIST files that are missing from ``target_dir`` (created if needed).

    ``mirrors``: base URLs to which the file name is appended (default
    :data:`nnlib.datasets.idx.MIRRORS`); ``progress``: show a progress line on stderr;
    ``timeout``: seconds allowed for each network operation.  Returns the directory, or
    raises :class:`MNISTNotFoundError` that gives each mirror's reason when every mirror
    failed for some file.
    """
    target_dir = Path(target_dir).expanduser()
    reasons = download_missing(target_dir, mirrors or idx.MIRRORS, progress, timeout)
    if reasons:
        raise MNISTNotFoundError(not_found_message([target_dir], reasons))
    return target_dir
