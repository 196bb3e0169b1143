"""A table of wrong answers per coded exercise: every one fails, with the hint for its mistake.

For each exercise: the right answer (as in the notebook) passes, visible and hidden tests;
typical mistakes (the exercise's own, and the general ones: inputs changed in place, a list
instead of an array, float32 from float64 inputs, a one-element array for a number, a
partial implementation, nnlib's own version) fail with a message naming that mistake.
The tables live one per chapter in tests/wrong_answers_chNN.py.
"""

import json
import re
from pathlib import Path

import pytest

from nncourse import checks
from nncourse.checks import ExerciseCheckFailed
from wrong_answers_common import PARTIAL
import wrong_answers_ch01
import wrong_answers_ch02
import wrong_answers_ch03
import wrong_answers_ch04
import wrong_answers_ch05
import wrong_answers_ch06

CHAPTERS = (wrong_answers_ch01, wrong_answers_ch02, wrong_answers_ch03, wrong_answers_ch04,
            wrong_answers_ch05, wrong_answers_ch06)
TABLE = {name: entry for chapter in CHAPTERS for name, entry in chapter.TABLE.items()}
NOTEBOOKS = Path(__file__).resolve().parents[2] / "authored"
CHECK_CALL = re.compile(r"^(check_\w+)\(", re.M)


def graded_checks():
    """The check function of every autograded test cell in the notebooks."""
    names = []
    for path in sorted(NOTEBOOKS.glob("0*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            grader = cell["metadata"].get("nbgrader", {})
            if grader.get("grade") and not grader.get("solution"):
                names += CHECK_CALL.findall("".join(cell["source"]))
    return sorted(set(names))


WRONG = [(name, index) for name, (_, _, wrongs) in TABLE.items() for index in range(len(wrongs))]


@pytest.fixture(autouse=True)
def learner(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("NNLIB_GRADING", raising=False)


def test_every_graded_exercise_has_a_table_of_at_least_five_wrong_answers():
    checked = sorted(check.__name__ for check, _, _ in TABLE.values())
    assert graded_checks() and checked == graded_checks()
    short = [name for name, (_, _, wrongs) in TABLE.items()
             if len([w for w in wrongs if w[1] is not None]) < 5]
    assert not short, f"fewer than 5 wrong answers: {short}"


@pytest.mark.parametrize("name", TABLE)
def test_the_right_answer_passes_visible_and_hidden_tests(name, capsys):
    check, right, _ = TABLE[name]
    assert check(right) is None  # a check cell shows its printed verdict, no Out: value
    check(right, hidden=True)
    out = capsys.readouterr().out
    assert "✅" in out and "(hidden tests)" in out and "❌" not in out


@pytest.mark.parametrize("name, index", WRONG)
def test_a_wrong_answer_fails_with_the_hint_for_its_mistake(name, index):
    check, _, wrongs = TABLE[name]
    wrong, words = wrongs[index]
    if words is None:  # equivalent to the right answer: a control that must pass
        check(wrong)  # raises ExerciseCheckFailed if the check rejects it
        return
    if words == PARTIAL:
        wrong = wrongs[index][0]
    with pytest.raises(ExerciseCheckFailed) as info:
        check(wrong)
    message = str(info.value)
    assert message.startswith("❌"), message
    assert words in message, message


@pytest.mark.parametrize("name", TABLE)
def test_unfinished_is_a_reminder_for_learners_and_a_failure_for_graders(name, capsys,
                                                                       monkeypatch):
    check, _, _ = TABLE[name]

    def not_done(*args, **kwargs):
        raise NotImplementedError()
    assert check(not_done) is None
    assert "⏳" in capsys.readouterr().out
    with pytest.raises(checks.ExerciseNotDone):
        check(not_done, hidden=True)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with pytest.raises(checks.ExerciseNotDone):
        check(not_done)
