"""Instructors can grade: the whole nbgrader exchange on the course notebooks, in temporary dirs.

The authored chapter notebooks in authored/ are nbgrader source notebooks (made with
``python -m nncourse.release --nbgrader-source notebooks``). With nbgrader's DEFAULT settings:

* ``generate_assignment`` works on all six chapters and gives the same student notebooks as
  ``python -m nncourse.release``;
* chapter 1 goes through release_assignment → fetch_assignment → submit (three students:
  the untouched release, the solutions, about half of the exercises, part of the multi-step
  one included) → collect → autograde →
  generate_feedback → export (CSV). The untouched release scores 0, the solutions full
  marks (after the instructor grades the written answer), half strictly in between; the
  feedback shows each failed test's message and hint;
* ``nbgrader validate`` fails a blank and a wrong notebook and passes the solved one.

Run time: 6 to 14 minutes (quiet to loaded 2-core machine): chapter 1 is executed six times, and
all six chapters go through generate_assignment.
"""

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "authored"
BIN = Path(sys.executable).parent
EXCHANGED = "01_neuron.ipynb"  # the chapter that goes through the whole exchange (a fast one)
STUDENTS = ("blank", "solved", "half")

pytestmark = pytest.mark.skipif(shutil.which("nbgrader", path=str(BIN)) is None,
                                reason="nbgrader is not installed")
sys.path.insert(0, str(REPO))
from nncourse.release import release_notebook, source_notebooks  # noqa: E402


def assignment_of(path):
    return f"ch{Path(path).name[:2]}"


def nbgrader(*args, cwd, user="instructor", check=True):
    env = dict(os.environ, PATH=os.pathsep.join([str(BIN), os.environ.get("PATH", "")]),
               USER=user, LOGNAME=user, LNAME=user, USERNAME=user,
               PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    env.pop("NBGRADER_EXECUTION", None)
    env.pop("NNLIB_GRADING", None)
    result = subprocess.run(["nbgrader", *args], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=600)
    if check:
        assert result.returncode == 0, f"nbgrader {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


def write_config(directory, course, exchange):
    (directory / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        "c.CourseDirectory.course_id = 'nnfs'\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        f"c.Exchange.root = {str(exchange)!r}\n")


def solve(student_nb, source_nb, right=None, wrong=None):
    """Put the source's answers into the solution cells of a student notebook.

    ``right``: the grade_ids of the coded exercises to answer correctly (default: all, and
    the written answers too); ``wrong``: {grade_id: code of a wrong answer}. Every other
    answer cell stays as released (unanswered).
    """
    sources = {c.metadata["nbgrader"]["grade_id"]: c for c in source_nb.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    wrong = wrong or {}
    for cell in student_nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("solution"):
            continue
        grade_id = meta["grade_id"]
        if cell.cell_type == "markdown":
            if right is None:
                cell.source = sources[grade_id].source
        elif grade_id in wrong:
            cell.source = wrong[grade_id]
        elif right is None or grade_id in right:
            cell.source = "\n".join(line for line in sources[grade_id].source.split("\n")
                                    if "SOLUTION" not in line)
    return student_nb


# The "half" student: exercises 1 and 2 right, 3 wrong (no bias), 4 unanswered; in the
# multi-step exercise 5, parts (a) and (b) right and (c) wrong (the output unit adds the
# hidden units without alternating signs: OR instead of parity); the written exercise 6
# unanswered. 4 right answers of 2 points: 8 of 16.
HALF_RIGHT = {"ch01_sigmoid", "ch01_relu_prime", "ch01_threshold_layer", "ch01_xor_params"}
HALF_WRONG = {
    "ch01_neuron": "def neuron(X, w, b):\n    return nnlib.sigmoid(X @ w)",
    "ch01_parity_params": ("def parity_params(k):\n"
                           "    return np.ones((k, k)), -np.arange(1, k + 1), np.ones((k, 1)), "
                           "np.array([-1])"),
}
HALF_SCORE = 8


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("grading")
    course, exchange = root / "course", root / "exchange"
    exchange.mkdir()
    for path in source_notebooks(NOTEBOOKS):
        (course / "source" / assignment_of(path)).mkdir(parents=True)
        shutil.copy(path, course / "source" / assignment_of(path) / path.name)
    write_config(course, course, exchange)
    return {"root": root, "course": course, "exchange": exchange}


@pytest.fixture(scope="module")
def exchanged(course):
    """The whole exchange for chapter 1; returns {student: (score, max_score)} and more."""
    c, root = course["course"], course["root"]
    name, assignment = EXCHANGED, assignment_of(EXCHANGED)
    nbgrader("generate_assignment", assignment, "--create", cwd=c)
    nbgrader("release_assignment", assignment, cwd=c)
    source = nbformat.read(c / "source" / assignment / name, as_version=4)
    fetched = {}
    for student in STUDENTS:
        home = root / "home" / student
        home.mkdir(parents=True)
        write_config(home, home, course["exchange"])
        nbgrader("fetch_assignment", assignment, cwd=home, user=student)
        path = home / assignment / name
        nb = nbformat.read(path, as_version=4)
        if student == "solved":
            solve(nb, source)
        elif student == "half":
            solve(nb, source, right=HALF_RIGHT, wrong=HALF_WRONG)
        nbformat.write(nb, path)
        fetched[student] = path
    validated = {student: nbgrader("validate", str(path), cwd=path.parent, user=student,
                                   check=False) for student, path in fetched.items()}
    for student in STUDENTS:
        nbgrader("submit", assignment, f"--student={student}", cwd=root / "home" / student,
                 user=student)
    nbgrader("collect", assignment, cwd=c)
    for student in STUDENTS:
        nbgrader("db", "student", "add", student, cwd=c)
    nbgrader("autograde", assignment, cwd=c)

    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{c / 'gradebook.db'}") as gradebook:
        auto = {s: (gradebook.find_submission(assignment, s).score,
                    gradebook.find_submission(assignment, s).max_score) for s in STUDENTS}
        needs_manual = gradebook.find_submission(assignment, "solved").needs_manual_grade
        # the instructor grades the written answer of the solved notebook: full points
        notebook = gradebook.find_submission_notebook(Path(name).stem, assignment, "solved")
        for grade in notebook.grades:
            if grade.auto_score is None:
                grade.manual_score = grade.max_score
        gradebook.db.commit()
        half = gradebook.find_submission_notebook(Path(name).stem, assignment, "half")
        half_grades = {grade.name: grade.score for grade in half.grades}
        total = {s: (gradebook.find_submission(assignment, s).score,
                     gradebook.find_submission(assignment, s).max_score) for s in STUDENTS}
    nbgrader("generate_feedback", assignment, cwd=c)
    nbgrader("export", f"--to={root / 'grades.csv'}", cwd=c)
    return {"auto": auto, "total": total, "needs_manual": needs_manual,
            "validated": validated, "course": c, "csv": root / "grades.csv",
            "half_grades": half_grades,
            "source": source}


def test_the_notebooks_are_nbgrader_source_notebooks():
    for path in source_notebooks(NOTEBOOKS):
        cells = nbformat.read(path, as_version=4).cells
        kinds = [c.metadata["nbgrader"] for c in cells if "nbgrader" in c.metadata]
        tests = [k for k in kinds if k["grade"] and not k["solution"]]
        answers = [k for k in kinds if k["solution"] and not k["grade"]]
        assert len(answers) >= 3 and len(tests) == len(answers), path.name
        assert all(k["locked"] and k["points"] > 0 for k in tests), path.name
        hidden = [c for c in cells if c.metadata.get("nbgrader", {}).get("grade")
                  and c.cell_type == "code" and "### BEGIN HIDDEN TESTS" in c.source]
        assert len(hidden) == len(tests), path.name


def test_generate_assignment_with_default_settings_on_every_chapter(course):
    c = course["course"]
    for path in source_notebooks(NOTEBOOKS):
        assignment = assignment_of(path)
        if assignment != assignment_of(EXCHANGED):
            nbgrader("generate_assignment", assignment, "--create", cwd=c)
        else:
            nbgrader("generate_assignment", assignment, "--create", "--force", cwd=c)
        theirs = nbformat.read(c / "release" / assignment / path.name, as_version=4)
        ours = release_notebook(nbformat.read(path, as_version=4), path.name)
        assert [cell.source for cell in theirs.cells] == [cell.source for cell in ours.cells]
        text = "\n".join(cell.source for cell in theirs.cells)
        assert "HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text
        assert "{admonition} Answer" not in text  # the written answers stay with the teacher


def test_scores_blank_zero_solved_full_half_in_between(exchanged):
    auto, total = exchanged["auto"], exchanged["total"]
    _, max_score = total["solved"]
    assert auto["blank"][0] == 0
    assert total["solved"][0] == max_score == 16  # 7 coded answers (15 points) + 1 written
    assert 0 < total["half"][0] < max_score
    assert exchanged["needs_manual"]  # the written answer waited for the instructor
    assert auto["solved"][0] == max_score - 1  # everything autograded; 1 point by hand
    assert auto["half"][0] == HALF_SCORE  # four right answers of 2 points each
    # the multi-step exercise gives partial credit: 4 of its 7 points for (a) and (b)
    grades = exchanged["half_grades"]
    assert (grades["ch01_threshold_layer_tests"], grades["ch01_xor_params_tests"],
            grades["ch01_parity_params_tests"]) == (2, 2, 0)
    print("scores:", {s: total[s] for s in STUDENTS})


def test_feedback_shows_each_failed_tests_message_and_hint(exchanged):
    feedback = exchanged["course"] / "feedback"
    half = (feedback / "half" / "ch01" / "01_neuron.html").read_text()
    assert "❌ neuron: check" in half and "Hint: the bias is missing" in half
    assert "⏳ nand_unit: not implemented yet" in half and "an unfinished exercise scores 0" in half
    assert "✅ xor_params (hidden tests)" in half
    assert "❌ parity_params: check" in half and "whether c is odd or even" in half
    solved = (feedback / "solved" / "ch01" / "01_neuron.html").read_text()
    assert "✅ sigmoid (hidden tests)" in solved and "❌" not in solved
    blank = (feedback / "blank" / "ch01" / "01_neuron.html").read_text()
    assert blank.count("⏳") >= 7  # every coded exercise, the three parts of exercise 5 too


def test_validate_fails_blank_and_wrong_and_passes_the_solution(exchanged):
    validated = exchanged["validated"]
    assert "Success! Your notebook passes all the tests." in validated["solved"].stdout
    for student in ("blank", "half"):
        out = validated[student].stdout
        assert "Success" not in out and "VALIDATION FAILED" in out, out


def test_gradebook_export_to_csv(exchanged):
    with open(exchanged["csv"], newline="") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)
                if row["assignment"] == assignment_of(EXCHANGED)}
    assert set(rows) == set(STUDENTS)
    assert float(rows["blank"]["score"]) == 0
    assert float(rows["solved"]["score"]) == float(rows["solved"]["max_score"])
