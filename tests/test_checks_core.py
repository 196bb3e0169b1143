import numpy as np
import pytest

from nnlib.checks import Case, ExerciseCheckFailed, run_check

CASES = [Case("doubles a number", (2.0,), 4.0),
         Case("works on arrays", (np.array([1.0, -1.0]),), np.array([2.0, -2.0]),
              hint="use element-wise operations")]


def test_pass(capsys):
    assert run_check("double", lambda x: 2 * x, CASES) is True
    assert "✅ double: all 2 checks passed" in capsys.readouterr().out


def test_not_implemented_is_a_reminder_not_an_error(capsys):
    def double(x):
        raise NotImplementedError()
    assert run_check("double", double, CASES) is False
    assert "not implemented yet" in capsys.readouterr().out


def test_wrong_answer_says_which_case_and_raises(capsys):
    with pytest.raises(ExerciseCheckFailed, match="check 2 failed: works on arrays"):
        run_check("double", lambda x: 2 * x if np.isscalar(x) else x, CASES)
    out = capsys.readouterr().out
    assert "expected" in out and "got" in out and "Hint: use element-wise" in out


def test_shape_mismatch_and_crash_are_reported():
    with pytest.raises(ExerciseCheckFailed, match="shape"):
        run_check("double", lambda x: np.atleast_2d(2 * x), CASES[1:])
    with pytest.raises(ExerciseCheckFailed, match="raised ZeroDivisionError"):
        run_check("double", lambda x: 1 / 0, CASES)


def test_property_cases_and_not_callable():
    cases = [Case("is positive", (3,), lambda r: r > 0)]
    assert run_check("f", lambda x: x, cases)
    with pytest.raises(ExerciseCheckFailed):
        run_check("f", lambda x: -x, cases)
    with pytest.raises(TypeError, match="your function itself"):
        run_check("f", 3, cases)


def test_learner_cannot_mutate_hidden_inputs():
    data = np.array([1.0, 2.0])
    cases = [Case("a", (data,), np.array([0.0, 0.0]))]

    def mutate(x):
        x[:] = 0
        return x
    run_check("mutate", mutate, cases)
    np.testing.assert_array_equal(data, [1.0, 2.0])
