"""The check machinery: one clean message, strict comparisons, grading mode."""

import numpy as np
import pytest

import nnlib
from nncourse.checks import Case, ExerciseCheckFailed, ExerciseNotDone, grading, run_check

CASES = [Case("doubles a number", (2.0,), 4.0),
         Case("works on arrays", (np.array([1.0, -1.0]),), np.array([2.0, -2.0]),
              hint="use element-wise operations"),
         Case("a hidden batch", (np.array([[3.0], [4.0]]),), np.array([[6.0], [8.0]]),
              hidden=True)]


def double(x):
    return 2 * x


def not_done(x):
    raise NotImplementedError()


@pytest.fixture
def learner(monkeypatch):
    """Not grading, whatever the environment of the test run."""
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("NNLIB_GRADING", raising=False)


def test_pass_runs_the_visible_cases_then_the_hidden_ones(capsys, learner):
    run_check("double", double, CASES)
    assert "✅ double: all 2 checks passed" in capsys.readouterr().out
    run_check("double", double, CASES, hidden=True)
    assert "✅ double (hidden tests): the check passed." in capsys.readouterr().out


def test_not_implemented_is_a_reminder_for_learners(capsys, learner):
    assert run_check("double", not_done, CASES) is None
    assert "⏳ double: not implemented yet" in capsys.readouterr().out


@pytest.mark.parametrize("variable, value", [("NBGRADER_EXECUTION", "autograde"),
                                             ("NBGRADER_EXECUTION", "validate"),
                                             ("NNLIB_GRADING", "1")])
def test_not_implemented_fails_when_grading(monkeypatch, variable, value, learner):
    monkeypatch.setenv(variable, value)
    assert grading()
    with pytest.raises(ExerciseNotDone, match="⏳ double: not implemented yet"):
        run_check("double", not_done, CASES)


def test_hidden_tests_always_grade(learner):
    assert not grading()
    with pytest.raises(ExerciseNotDone):
        run_check("double", not_done, CASES, hidden=True)


def test_partial_implementation_is_a_failure_not_a_reminder(learner):
    def partial(x):
        if np.ndim(x):
            raise NotImplementedError("arrays later")
        return 2 * x
    with pytest.raises(ExerciseCheckFailed, match="(?s)check 2 failed.*NotImplementedError for this"
                                                  " case, although it answers others"):
        run_check("double", partial, CASES)


def test_wrong_answer_is_one_message_with_its_hint():
    with pytest.raises(ExerciseCheckFailed, match="check 2 failed: works on arrays") as info:
        run_check("double", lambda x: 2 * x if np.isscalar(x) else x, CASES)
    message = str(info.value)
    assert "expected" in message and "got" in message and "Hint: use element-wise" in message
    # IPython shows exactly this message instead of a traceback
    assert info.value._render_traceback_() == message.split("\n")


def test_a_crash_names_the_line_of_the_learners_code():
    def crashes(x):
        y = x + 1
        return y / undefined_name  # noqa: F821
    with pytest.raises(ExerciseCheckFailed) as info:
        run_check("double", crashes, CASES)
    message = str(info.value)
    assert "raised NameError" in message
    assert "in crashes, line" in message and "return y / undefined_name" in message


@pytest.mark.parametrize("wrong, message", [
    (lambda x: list(2 * x) if np.ndim(x) else 2 * x, "expected a NumPy array, got a list"),
    (lambda x: np.atleast_1d(2 * x), "expected a single number, got an array of shape"),
    (lambda x: (2 * x).astype(np.float32) if np.ndim(x) else 2 * x, "float32 although"),
    (lambda x: (2 * x)[None] if np.ndim(x) else 2 * x, "extra dimension"),
])
def test_strict_types_dtypes_and_shapes(wrong, message):
    with pytest.raises(ExerciseCheckFailed, match=message):
        run_check("double", wrong, CASES)


def test_inputs_changed_in_place_fail_and_the_cases_stay_intact():
    data = np.array([1.0, 2.0])
    cases = [Case("a", (data,), np.array([2.0, 4.0]))]

    def doubles_in_place(x):
        x *= 2
        return x
    with pytest.raises(ExerciseCheckFailed, match="changed its input `x` in place"):
        run_check("double", doubles_in_place, cases)
    np.testing.assert_array_equal(data, [1.0, 2.0])


def test_the_library_version_is_unavailable_during_the_check():
    cases = [Case("σ(0)", (np.array([0.0]),), np.array([0.5]))]
    forbidden = ("nnlib.sigmoid", "nnlib.activations.sigmoid")
    original = nnlib.sigmoid
    with pytest.raises(ExerciseCheckFailed, match="called nnlib.sigmoid"):
        run_check("sigmoid", lambda z: nnlib.sigmoid(z), cases, forbidden=forbidden)
    with pytest.raises(ExerciseCheckFailed, match="is nnlib.sigmoid itself"):
        run_check("sigmoid", nnlib.sigmoid, cases, forbidden=forbidden)
    assert nnlib.sigmoid is original and nnlib.activations.sigmoid is original
    run_check("sigmoid", lambda z: 1 / (1 + np.exp(-z)), cases, forbidden=forbidden)


def test_a_known_mistake_gets_its_own_hint_whichever_case_trips():
    mistakes = [("you tripled instead of doubling", lambda x: 3 * x)]
    with pytest.raises(ExerciseCheckFailed, match="(?s)check 1 failed.*Hint: you tripled"):
        run_check("double", lambda x: 3 * x, CASES, hint="generic", mistakes=mistakes)
    with pytest.raises(ExerciseCheckFailed, match="Hint: generic"):
        run_check("double", lambda x: 4 * x, CASES, hint="generic", mistakes=mistakes)


def test_property_cases_and_not_callable():
    cases = [Case("is positive", (3,), lambda r: r > 0)]
    run_check("f", lambda x: x, cases)
    with pytest.raises(ExerciseCheckFailed):
        run_check("f", lambda x: -x, cases)
    with pytest.raises(TypeError, match="your function itself"):
        run_check("f", 3, cases)
