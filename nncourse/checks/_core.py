"""The machinery behind every exercise self-check.

One check serves the self-learner and the grader.  It calls the learner's
function on cases and speaks plainly:

* every case passes: "✅ <exercise>: all N checks passed." and returns True;
* the function raises ``NotImplementedError`` on every case (the exercise is
  not started): "⏳ <exercise>: not implemented yet." and returns False, so a
  self-learner can run the whole notebook.  When grading, the same situation
  raises :class:`ExerciseNotDone` instead, so an unfinished exercise scores 0.
  Grading is on when nbgrader runs the notebook (``autograde``/``validate`` set
  ``NBGRADER_EXECUTION``), when ``NNLIB_GRADING=1``, or for ``hidden=True``
  (the hidden tests of the graded notebooks);
* a case fails: one message (which case, expected vs got, a hint for the
  mistake actually made) raised as :class:`ExerciseCheckFailed`.  IPython shows
  only that message (``_render_traceback_``), no traceback; when the learner's
  own code crashed, the message names the line of their code.

Stricter than comparing numbers: a check also fails an answer that changes its
inputs in place, returns a list instead of an array, a one-element array
instead of a number, a result of the wrong shape or of lower precision
(float32 from float64 inputs), raises ``NotImplementedError`` for only some
inputs, or calls nnlib's own version of the exercise (``forbidden``: those
nnlib functions raise while the check runs).

``mistakes`` lists known wrong answers ``(hint, wrong_function)``: when the
learner's result equals a wrong function's result, that mistake's hint is
shown, whatever case tripped first.
"""

import copy
import functools
import importlib
import importlib.util
import inspect
import os
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

_NNLIB_DIR = str(Path(importlib.util.find_spec("nnlib").origin).resolve().parent)
_COURSE_DIR = str(Path(__file__).resolve().parent.parent)
_NUMPY_DIR = str(Path(np.__file__).resolve().parent)


class ExerciseCheckFailed(AssertionError):
    """The learner's function gave a wrong answer (the message says which and why)."""

    def _render_traceback_(self):  # IPython: show the message, not a traceback
        return str(self).split("\n")


class ExerciseNotDone(ExerciseCheckFailed):
    """Raised instead of the ⏳ reminder when grading: the exercise is not done."""


class UsedLibraryVersion(Exception):
    """The learner's function called the nnlib function it is meant to replace."""


def grading(hidden=False):
    """True when an unfinished exercise must count as a failure."""
    return bool(hidden or os.environ.get("NBGRADER_EXECUTION")
                or os.environ.get("NNLIB_GRADING", "") not in ("", "0"))


@dataclass
class Case:
    """One test case.

    ``args`` are passed to the learner's function.  ``expected`` is the right
    result, or a function ``expected(result) -> bool`` for properties that are
    not a single value.  ``description`` says what the case is about in words.
    ``hidden`` cases run only in the hidden (graded) part of a check.
    ``integer`` requires an integer array (indices), ``scalar`` a single number
    (default: when ``expected`` is a number).
    """

    description: str
    args: tuple
    expected: Any
    hint: str = ""
    rtol: float = 1e-6
    atol: float = 1e-8
    hidden: bool = False
    integer: bool = False
    scalar: Any = None


class WrongResult(Exception):
    """Raised by a check's adapter around the learner's function for a malformed result."""

    def __init__(self, detail, hint="", structural=True):
        super().__init__(detail)
        self.detail, self.hint, self.structural = detail, hint, structural



def require_array(value, what, inputs=()):
    """Return ``value`` as a float64 array; raise WrongResult for a list or lost precision."""
    if isinstance(value, (list, tuple)):
        raise WrongResult(f"expected a NumPy array for {what}, got {_kind(value)}",
                          "return NumPy arrays, not Python lists: compute with NumPy "
                          "operations on whole arrays.")
    dtype = getattr(value, "dtype", None)
    if (dtype is not None and np.issubdtype(dtype, np.floating) and dtype.itemsize < 8
            and _float64_inputs(inputs)):
        raise WrongResult(f"{what} is {dtype} although the inputs are float64",
                          "do not convert to float32 (or float16): keep the inputs' dtype.")
    return np.asarray(value, dtype=np.float64)


def _short(value):
    text = np.array2string(np.asarray(value), precision=4, threshold=12, edgeitems=3) \
        if isinstance(value, (np.ndarray, list, tuple)) else repr(value)
    return text if len(text) < 300 else text[:297] + "..."


def _kind(value):
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    return f"a {type(value).__name__}"


def _shape_hint(got, want):
    if got.ndim == want.ndim + 1 and 1 in got.shape:
        return ("your result has an extra dimension of length 1: check keepdims=True, a column "
                "vector where a flat one is expected, or a reshape.")
    if got.ndim + 1 == want.ndim:
        return ("your result is missing a dimension: keep the batch 2-D (one row per sample), "
                "e.g. without indexing [0] or flattening.")
    if got.shape == want.shape[::-1]:
        return "your result is transposed: samples are rows."
    return ""


def _float64_inputs(args):
    return any(isinstance(a, np.ndarray) and a.dtype == np.float64 for a in args)


def _compare(result, case, args):
    """Raise WrongResult if ``result`` is not the expected one for ``case``."""
    expected = case.expected
    if callable(expected):
        try:
            ok = bool(expected(result))
        except Exception:  # a malformed result: the property cannot even be evaluated
            ok = False
        if not ok:
            raise WrongResult(f"got {_short(result)}, which lacks the property described",
                           structural=False)
        return
    scalar = case.scalar
    if scalar is None:
        scalar = np.ndim(expected) == 0 and not isinstance(expected, np.ndarray)
    if scalar:
        if isinstance(result, (list, tuple)) or (isinstance(result, np.ndarray)
                                                 and result.ndim > 0):
            raise WrongResult(f"expected a single number, got {_kind(result)}",
                           "return one number, not an array: np.sum(...) without axis gives "
                           "one; float(x) or x.item() turns a one-element array into a number.")
    else:
        if isinstance(result, (list, tuple)):
            raise WrongResult(f"expected a NumPy array, got {_kind(result)}",
                           "return a NumPy array, not a Python list or tuple: compute with "
                           "NumPy operations on whole arrays (or convert with np.array).")
        if np.ndim(expected) > 0 and not isinstance(result, np.ndarray):
            raise WrongResult(f"expected an array of shape {np.shape(expected)}, got "
                           f"{_kind(result)}: {_short(result)}",
                           "work on the whole array with NumPy operations and return an "
                           "array.", structural=False)
    try:
        got = np.asarray(result, dtype=np.float64)
    except (TypeError, ValueError):
        raise WrongResult(f"expected {_short(expected)}\n   got      {_short(result)} "
                       "(not a number or an array of numbers)") from None
    want = np.asarray(expected, dtype=np.float64)
    if got.shape != want.shape:
        raise WrongResult(f"expected shape {want.shape}, got shape {got.shape}",
                       _shape_hint(got, want), structural=False)
    if case.integer:
        if got.size and not np.issubdtype(np.asarray(result).dtype, np.integer):
            raise WrongResult(f"expected integers, got dtype {np.asarray(result).dtype}",
                           "indices are integers: np.flatnonzero, np.argsort and "
                           "np.array(..., dtype=int) give them.")
    res_dtype = getattr(result, "dtype", None)
    if (res_dtype is not None and np.issubdtype(res_dtype, np.floating)
            and res_dtype.itemsize < 8 and _float64_inputs(args)):
        raise WrongResult(f"the result is {res_dtype} although the inputs are float64",
                       "do not convert to float32 (or float16): it throws away half of the "
                       "digits. Keep the dtype of the inputs.")
    if not np.allclose(got, want, rtol=case.rtol, atol=case.atol, equal_nan=True):
        raise WrongResult(f"expected {_short(expected)}\n   got      {_short(result)}",
                       structural=False)


def _learner_line(err):
    """The last line of the learner's own code in the traceback of ``err``."""
    frames = [f for f in traceback.extract_tb(err.__traceback__)
              if not f.filename.startswith((_NNLIB_DIR, _COURSE_DIR, _NUMPY_DIR))
              and "site-packages" not in f.filename and not f.filename.startswith("<frozen")]
    if not frames:
        return ""
    frame = frames[-1]
    code = f": {frame.line.strip()}" if frame.line else ""
    return f"\n   in {frame.name}, line {frame.lineno} of your cell{code}"


def _changed(before, after):
    if isinstance(before, np.ndarray):
        return not (isinstance(after, np.ndarray) and before.shape == after.shape
                    and np.array_equal(before, after, equal_nan=True))
    if isinstance(before, list):
        try:
            return before != after
        except ValueError:
            return True
    return False


def _parameter_names(function, count):
    try:
        names = list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        names = []
    return names[:count] + [f"argument {i + 1}" for i in range(len(names), count)]


def _resolve(dotted):
    """(owner, attribute) for "package.module.name" or "package.module.Class.method"."""
    parts = dotted.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            owner = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for part in parts[split:-1]:
            owner = getattr(owner, part)
        return owner, parts[-1]
    raise ImportError(dotted)


def _blocker(name):
    def blocked(*args, **kwargs):
        raise UsedLibraryVersion(name)
    return blocked


@contextmanager
def _unavailable(forbidden, function):
    """Make the nnlib functions named in ``forbidden`` raise while the check runs,
    also where the learner's notebook bound them to a name of its own."""
    saved = []  # (namespace setter, name, original value)
    originals = {}
    for dotted in forbidden:
        try:
            owner, attribute = _resolve(dotted)
            original = inspect.getattr_static(owner, attribute)
        except (ImportError, AttributeError):  # not in this version of nnlib
            continue
        originals.setdefault(id(original), dotted)
        originals.setdefault(id(getattr(owner, attribute)), dotted)
        saved.append((functools.partial(setattr, owner), attribute, original))
        setattr(owner, attribute, _blocker(dotted))
    learner_globals = getattr(inspect.unwrap(function), "__globals__", {})
    for name, value in list(learner_globals.items()):
        if id(value) in originals and not name.startswith("__"):
            saved.append((learner_globals.__setitem__, name, value))
            learner_globals[name] = _blocker(originals[id(value)])
    try:
        yield originals
    finally:
        for setter, name, value in reversed(saved):
            setter(name, value)


def _same(a, b):
    try:
        a = np.asarray(a, dtype=np.float64)
        b = np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-9, atol=1e-12,
                                                   equal_nan=True))


def _quiet_call(function, args):
    try:
        with np.errstate(all="ignore"):
            return True, function(*copy.deepcopy(args))
    except Exception:
        return False, None


def _diagnose(function, result, case, cases, mistakes):
    """The hint of the known mistake the learner made, if any.

    A mistake is a candidate when its answer equals the learner's on the failing
    case (and is wrong there); among several candidates, the one that agrees with
    the learner's function on the most cases wins.
    """
    candidates = []
    for hint, wrong in mistakes:
        ok, wrong_result = _quiet_call(wrong, case.args)
        if ok and _same(result, wrong_result) and not (
                not callable(case.expected) and _same(wrong_result, case.expected)):
            candidates.append((hint, wrong))
    if len(candidates) <= 1:
        return candidates[0][0] if candidates else ""
    learner = [_quiet_call(function, other.args) for other in cases]

    def agreement(wrong):
        return sum(ok and _same(got, _quiet_call(wrong, other.args)[1])
                   for (ok, got), other in zip(learner, cases))
    return max(candidates, key=lambda candidate: agreement(candidate[1]))[0]


def run_check(name, function, cases, hint="", mistakes=(), forbidden=(), hidden=False):
    """Run ``function`` on the cases; print ✅ or ⏳; raise ExerciseCheckFailed on a mistake.

    Returns nothing (a notebook cell shows only the printed verdict): a wrong answer
    raises ExerciseCheckFailed, an unfinished one prints ⏳ (or raises ExerciseNotDone
    when grading; see the module docstring).
    ``hidden=True`` runs only the cases marked hidden, and grades strictly.
    """
    if not callable(function):
        raise TypeError(f"check for {name!r} needs your function itself, e.g. "
                        f"check_{name}({name}); got {function!r}.")
    visible = [case for case in cases if not case.hidden]
    cases = ([case for case in cases if case.hidden] or visible) if hidden else visible
    label = f"{name} (hidden tests)" if hidden else name
    not_implemented = []
    with _unavailable(forbidden, function) as originals:
        if id(inspect.unwrap(function)) in originals:
            _fail(label, 1, cases[0], f"this is {originals[id(inspect.unwrap(function))]} "
                  "itself", "write the function yourself: the exercise is to rebuild it.", "")
        for number, case in enumerate(cases, start=1):
            pristine = copy.deepcopy(case.args)
            args = copy.deepcopy(case.args)
            try:
                with np.errstate(all="ignore"):
                    result = function(*args)
            except NotImplementedError:
                not_implemented.append(number)
                continue
            except UsedLibraryVersion as err:
                _fail(label, number, case, f"your function called {err}, nnlib's own version "
                      "of this exercise",
                      f"write it yourself: {err} is unavailable while the check runs. Use "
                      "NumPy operations.", "")
            except ExerciseCheckFailed:
                raise
            except WrongResult as failure:
                _fail(label, number, case, failure.detail, failure.hint or case.hint, hint)
            except Exception as err:  # the learner's code crashed: say where, briefly
                _fail(label, number, case, f"your function raised {type(err).__name__}: "
                      f"{err}{_learner_line(err)}", case.hint, hint)
            names = _parameter_names(function, len(args))
            for arg_name, before, after in zip(names, pristine, args):
                if _changed(before, after):
                    _fail(label, number, case, f"your function changed its input "
                          f"`{arg_name}` in place",
                          f"do not modify the arguments (e.g. `{arg_name} += ...`, "
                          f"`{arg_name} *= ...`, `{arg_name}[...] = ...`): compute a new "
                          f"array, e.g. `new = {arg_name} + ...` or start from "
                          f"`{arg_name}.copy()`.", "")
            try:
                _compare(result, case, args)
            except WrongResult as failure:
                diagnosed = "" if failure.structural else \
                    _diagnose(function, result, case, cases, mistakes)
                _fail(label, number, case, failure.detail,
                      diagnosed or failure.hint or case.hint, hint)
    if not_implemented:
        if len(not_implemented) == len(cases):
            message = (f"⏳ {label}: not implemented yet. Replace `raise NotImplementedError()` "
                       "with your code, run that cell, then run this check again.")
            if grading(hidden):
                raise ExerciseNotDone(message + "\n   (Graded: an unfinished exercise scores 0.)")
            print(message)
            return
        number = not_implemented[0]
        _fail(label, number, cases[number - 1],
              "your function raised NotImplementedError for this case, although it "
              "answers others",
              "the exercise is only partly done: make it work for every input "
              "the docstring allows (any shape, any number of samples).", "")
    print(f"✅ {label}: all {len(cases)} checks passed." if len(cases) != 1 else
          f"✅ {label}: the check passed.")


def _fail(name, number, case, detail, case_hint, hint):
    lines = [f"❌ {name}: check {number} failed: {case.description}", f"   {detail}"]
    if case_hint or hint:
        lines.append(f"   Hint: {case_hint or hint}")
    raise ExerciseCheckFailed("\n".join(lines)) from None
