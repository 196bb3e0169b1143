"""The machinery behind every exercise self-check.

A check calls the learner's function on hidden cases and compares the result
with the expected one.  It speaks plainly:

* all cases pass: "✅ <exercise>: all N checks passed.";
* the function still raises ``NotImplementedError`` (the exercise is not
  done yet): a friendly reminder, no traceback, nothing raised;
* a case fails: which case, expected vs got, and a hint; then it raises
  :class:`ExerciseCheckFailed`, so that a wrong reference solution makes
  the solution notebook fail under ``pytest --nbval``.
"""

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np


class ExerciseCheckFailed(AssertionError):
    """The learner's function gave a wrong answer on one of the cases."""


@dataclass
class Case:
    """One hidden test case.

    ``args`` are passed to the learner's function.  ``expected`` is the right
    result, or a function ``expected(result) -> bool`` for properties that are
    not a single value.  ``description`` says what the case is about in words.
    """

    description: str
    args: tuple
    expected: Any
    hint: str = ""
    rtol: float = 1e-6
    atol: float = 1e-8


def _short(value):
    text = np.array2string(np.asarray(value), precision=4, threshold=12, edgeitems=3) \
        if isinstance(value, (np.ndarray, list, tuple)) else repr(value)
    return text if len(text) < 300 else text[:297] + "..."


def _matches(result, expected, case):
    if callable(expected):
        return bool(expected(result)), "a result with the property described"
    try:
        got = np.asarray(result, dtype=np.float64)
        want = np.asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return result == expected, _short(expected)
    if got.shape != want.shape:
        return False, f"shape {want.shape} (got shape {got.shape})"
    ok = bool(np.allclose(got, want, rtol=case.rtol, atol=case.atol, equal_nan=False))
    return ok, _short(expected)


def run_check(name, function, cases, hint=""):
    """Run ``function`` on every case; print a verdict; raise on a wrong answer.

    Returns True when every case passes and False when the exercise is not
    implemented yet.
    """
    if not callable(function):
        raise TypeError(f"check for {name!r} needs your function itself, e.g. "
                        f"check_{name}({name}); got {function!r}.")
    for number, case in enumerate(cases, start=1):
        args = tuple(np.copy(a) if isinstance(a, np.ndarray) else a for a in case.args)
        try:
            with np.errstate(all="ignore"):
                result = function(*args)
        except NotImplementedError:
            print(f"⏳ {name}: not implemented yet. Replace `raise NotImplementedError()` "
                  "with your code, run that cell, then run this check again.")
            return False
        except Exception as err:  # the learner's code crashed: say where, briefly
            _fail(name, number, case, f"your function raised {type(err).__name__}: {err}",
                  hint)
        ok, wanted = _matches(result, case.expected, case)
        if not ok:
            _fail(name, number, case, f"expected {wanted}\n   got      {_short(result)}", hint)
    print(f"✅ {name}: all {len(cases)} checks passed.")
    return True


def _fail(name, number, case, detail, hint):
    lines = [f"❌ {name}: check {number} failed: {case.description}", f"   {detail}"]
    if case.hint or hint:
        lines.append(f"   Hint: {case.hint or hint}")
    message = "\n".join(lines)
    print(message)
    raise ExerciseCheckFailed(message) from None


CheckFunction = Callable[[Callable], bool]
