"""Tests for nncourse/release.py (student notebooks) and scripts/check_release.py."""

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from nncourse.release import ReleaseError, make_release, release_notebook, strip_notebook  # noqa: E402

STUB = "# YOUR CODE HERE\nraise NotImplementedError()"


def load_check_release():
    spec = importlib.util.spec_from_file_location("check_release", REPO / "scripts" / "check_release.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def notebook(*cells):
    nb = new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def exercise_cell(name="double", body="return 2 * x + offset_value", **kwargs):
    source = f"def {name}(x, offset_value=0):\n    ### BEGIN SOLUTION\n    {body}\n    ### END SOLUTION"
    return new_code_cell(source, metadata={"tags": ["hide-input"]}, **kwargs)


def run(args, cwd=REPO):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


# --- release_notebook -------------------------------------------------------


def test_nested_markers_keep_indentation():
    source = (
        "for size in (1, 2):\n"
        "    class Layer:\n"
        "        def forward(self, x):\n"
        "            ### BEGIN SOLUTION\n"
        "            out = x * size  # scaled\n"
        "            return out\n"
        "            ### END SOLUTION\n"
        "    layer = Layer()"
    )
    student = release_notebook(notebook(new_code_cell(source)))
    assert student.cells[0].source == (
        "for size in (1, 2):\n"
        "    class Layer:\n"
        "        def forward(self, x):\n"
        "            # YOUR CODE HERE\n"
        "            raise NotImplementedError()\n"
        "    layer = Layer()"
    )


def test_several_regions_in_one_cell():
    source = (
        "def relu(x):\n    ### BEGIN SOLUTION\n    return np.maximum(0.0, x)\n    ### END SOLUTION\n"
        "\n"
        "def relu_grad(x):\n    ### BEGIN SOLUTION\n    return (x > 0).astype(float)\n    ### END SOLUTION\n"
        "### BEGIN SOLUTION\ntop_level_result = relu(3.0)\n### END SOLUTION"
    )
    student, solutions, dropped = strip_notebook(notebook(new_code_cell(source)))
    assert (solutions, dropped) == (3, 0)
    assert student.cells[0].source == (
        "def relu(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n"
        "\n"
        "def relu_grad(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n"
        "# YOUR CODE HERE\nraise NotImplementedError()"
    )


def test_markdown_region_becomes_answer_stub():
    cell = new_markdown_cell("**Why?**\n\n### BEGIN SOLUTION\nBecause the gradient vanishes.\n### END SOLUTION\n\nNext.")
    student = release_notebook(notebook(cell))
    assert student.cells[0].source == "**Why?**\n\nYOUR ANSWER HERE\n\nNext."


def test_hide_input_tag_removed_only_where_a_solution_was_stripped():
    plain = new_code_cell("import numpy as np", metadata={"tags": ["hide-input"]})
    exercise = exercise_cell()
    exercise.metadata["tags"].append("keep-me")
    student = release_notebook(notebook(plain, exercise))
    assert student.cells[0].metadata["tags"] == ["hide-input"]
    assert student.cells[1].metadata["tags"] == ["keep-me"]
    assert "tags" not in release_notebook(notebook(exercise_cell())).cells[0].metadata


def test_missing_end_names_notebook_cell_and_line():
    cell = new_code_cell("def f(x):\n    ### BEGIN SOLUTION\n    return x + 1000")
    with pytest.raises(ReleaseError) as info:
        release_notebook(notebook(new_markdown_cell("intro"), cell), name="ch01.ipynb")
    message = str(info.value)
    assert "ch01.ipynb" in message
    assert f"cell 1 (id {cell.id!r})" in message
    assert "line 2" in message
    assert "without a matching" in message


def test_end_without_begin():
    cell = new_code_cell("x = 1\n### END SOLUTION")
    with pytest.raises(ReleaseError, match=r"ch\.ipynb, cell 0 .*line 2: '### END SOLUTION' without"):
        release_notebook(notebook(cell), name="ch.ipynb")


def test_nested_begin():
    cell = new_code_cell("### BEGIN SOLUTION\na = 1\n### BEGIN SOLUTION\nb = 2\n### END SOLUTION")
    with pytest.raises(ReleaseError, match="line 3: nested"):
        release_notebook(notebook(cell))


@pytest.mark.parametrize("line", ["x = 1  ### BEGIN SOLUTION", "# BEGIN SOLUTION", "`### END SOLUTION`"])
def test_marker_sharing_a_line_is_rejected(line):
    with pytest.raises(ReleaseError, match="line 2: a solution marker must stand alone"):
        release_notebook(notebook(new_code_cell(f"y = 0\n{line}\nz = 1")))


def test_solution_only_cell_dropped_and_ids_kept():
    cells = [
        new_markdown_cell("intro"),
        exercise_cell(),
        new_code_cell("print(double(3))", metadata={"tags": ["solution-only"]}),
        new_code_cell("check(double)"),
    ]
    nb = notebook(*cells)
    student, solutions, dropped = strip_notebook(nb)
    assert (solutions, dropped) == (1, 1)
    assert [c.id for c in student.cells] == [cells[0].id, cells[1].id, cells[3].id]
    assert len(nb.cells) == 4, "the input notebook must not be modified"


def test_outputs_cleared_and_metadata_kept():
    cell = exercise_cell(execution_count=7, outputs=[new_output("stream", name="stdout", text="42\n")])
    other = new_code_cell("1 + 1", execution_count=8, outputs=[new_output("execute_result", {"text/plain": "2"})])
    nb = notebook(cell, other)
    nb.metadata["title"] = "Chapter 1"
    student = release_notebook(nb)
    for released in student.cells:
        assert released.outputs == []
        assert released.execution_count is None
    assert student.metadata == nb.metadata
    assert nb.cells[0].outputs, "the input notebook must not be modified"


def test_notebook_without_exercises_is_copied_with_outputs_cleared():
    nb = notebook(
        new_markdown_cell("# Just prose"),
        new_code_cell("print('hi')", execution_count=1, outputs=[new_output("stream", name="stdout", text="hi\n")]),
    )
    student, solutions, dropped = strip_notebook(nb)
    assert (solutions, dropped) == (0, 0)
    assert [c.source for c in student.cells] == [c.source for c in nb.cells]
    assert student.cells[1].outputs == [] and student.cells[1].execution_count is None


def test_release_is_idempotent(tmp_path):
    nb = notebook(
        new_markdown_cell("Explain.\n### BEGIN SOLUTION\nA long prose answer here.\n### END SOLUTION"),
        exercise_cell(),
        new_code_cell("demo = double(2)", metadata={"tags": ["solution-only"]}),
    )
    once = release_notebook(nb)
    assert release_notebook(once) == once

    src, first, second = tmp_path / "src", tmp_path / "first", tmp_path / "second"
    src.mkdir()
    nbformat.write(nb, src / "ch.ipynb")
    make_release(src, first)
    make_release(first, second)
    assert (first / "ch.ipynb").read_text() == (second / "ch.ipynb").read_text()


def test_solution_line_repeated_in_another_cell_is_a_leak():
    nb = notebook(exercise_cell(), new_markdown_cell("Hint: write `return 2 * x + offset_value`."))
    with pytest.raises(ReleaseError, match=r"cell 1 .*released line 1: solution line 'return 2 \* x \+ offset_value'"):
        release_notebook(nb, name="ch.ipynb")


def test_leak_in_same_cell_outside_region_and_in_metadata():
    source = "def f(x):\n    ### BEGIN SOLUTION\n    return np.tanh(x) ** 2\n    ### END SOLUTION\n# return np.tanh(x) ** 2"
    with pytest.raises(ReleaseError, match="released line 4: solution line"):
        release_notebook(notebook(new_code_cell(source)))
    cell = exercise_cell()
    cell.metadata["note"] = {"answer": ["return 2 * x + offset_value"]}
    with pytest.raises(ReleaseError, match="metadata: solution line"):
        release_notebook(notebook(cell))


def test_short_common_lines_and_longer_identifiers_are_not_leaks():
    source = "def f(x):\n    ### BEGIN SOLUTION\n    y = x.T @ delta\n    return y\n    ### END SOLUTION"
    nb = notebook(
        new_code_cell(source),
        new_code_cell("return y\n"),  # too short to be a leak
        new_code_cell("weights_grad = x.T @ delta_out"),  # contains the line only inside longer names
    )
    assert release_notebook(nb).cells[0].source == f"def f(x):\n    {STUB.replace(chr(10), chr(10) + '    ')}"


# --- make_release / CLI -----------------------------------------------------


def write_course(src):
    src.mkdir()
    nbformat.write(notebook(exercise_cell(), new_code_cell("x = 1", metadata={"tags": ["solution-only"]})), src / "a.ipynb")
    nbformat.write(notebook(new_markdown_cell("no exercises")), src / "b.ipynb")
    nbformat.write(notebook(exercise_cell()), src / "old-checkpoint.ipynb")
    (src / "sub").mkdir()
    nbformat.write(notebook(exercise_cell()), src / "sub" / "nested.ipynb")


def test_cli_writes_student_notebooks(tmp_path):
    write_course(tmp_path / "src")
    result = run([sys.executable, "-m", "nncourse.release", str(tmp_path / "src"), str(tmp_path / "out" / "student")])
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "a.ipynb: 1 solution(s) stripped, 1 cell(s) dropped",
        "b.ipynb: 0 solution(s) stripped, 0 cell(s) dropped",
    ]
    assert sorted(p.name for p in (tmp_path / "out" / "student").iterdir()) == ["a.ipynb", "b.ipynb"]
    student = nbformat.read(tmp_path / "out" / "student" / "a.ipynb", as_version=4)
    assert student.nbformat == 4 and len(student.cells) == 1
    assert "raise NotImplementedError()" in student.cells[0].source


def test_cli_fails_loudly_and_writes_nothing(tmp_path):
    src = tmp_path / "src"
    write_course(src)
    nbformat.write(notebook(new_code_cell("### BEGIN SOLUTION\nx = 1")), src / "c.ipynb")
    result = run([sys.executable, "-m", "nncourse.release", str(src), str(tmp_path / "student")])
    assert result.returncode == 1
    assert "c.ipynb, cell 0" in result.stderr and "line 1" in result.stderr
    assert not (tmp_path / "student").exists()


def test_release_refuses_to_overwrite_the_sources(tmp_path):
    write_course(tmp_path / "src")
    with pytest.raises(ReleaseError, match="DEST must differ"):
        make_release(tmp_path / "src", tmp_path / "src" / ".." / "src")


# --- nbgrader compatibility -------------------------------------------------


@pytest.mark.skipif(shutil.which("nbgrader") is None, reason="nbgrader is not installed")
def test_nbgrader_generate_assignment_gives_the_same_stubs(tmp_path):
    nb = notebook(
        new_markdown_cell("# Chapter"),
        new_code_cell(
            "class Net:\n    def forward(self, x):\n        ### BEGIN SOLUTION\n        return x @ self.weights\n"
            "        ### END SOLUTION\n\n    def backward(self, g):\n        ### BEGIN SOLUTION\n"
            "        return g @ self.weights.T\n        ### END SOLUTION",
            metadata={"tags": ["hide-input"]},
        ),
        new_markdown_cell("Why?\n\n### BEGIN SOLUTION\nBecause it is linear.\n### END SOLUTION"),
        new_code_cell("check(Net)"),
    )
    course = tmp_path / "course"
    (course / "source" / "ps1").mkdir(parents=True)
    nbformat.write(nb, course / "source" / "ps1" / "chapter.ipynb")
    result = run(
        [
            "nbgrader", "generate_assignment", "ps1", "--no-db", "--force",
            "--ClearSolutions.enforce_metadata=False", f"--CourseDirectory.root={course}",
        ],
        cwd=course,
    )
    assert result.returncode == 0, result.stderr
    graded = nbformat.read(course / "release" / "ps1" / "chapter.ipynb", as_version=4)
    assert "        # YOUR CODE HERE\n        raise NotImplementedError()" in graded.cells[1].source
    ours = release_notebook(nb)
    assert [c.source for c in ours.cells] == [c.source for c in graded.cells]


# --- scripts/check_release.py -----------------------------------------------


def test_find_problems_on_executed_notebooks():
    check_release = load_check_release()

    def error(ename):
        return new_output("error", ename=ename, evalue="boom", traceback=[])

    nb = notebook(
        new_code_cell("import missing", outputs=[error("ModuleNotFoundError")]),
        new_code_cell(f"def f(x):\n    {STUB.replace(chr(10), chr(10) + '    ')}"),
        new_code_cell("y = f(1)", outputs=[error("NotImplementedError")]),
        new_code_cell("print(y)", outputs=[error("NameError")]),
    )
    problems = check_release.find_problems(nb, "ch.ipynb")
    assert len(problems) == 2
    assert "cell 0" in problems[0] and "before the first exercise" in problems[0]
    assert "cell 3" in problems[1] and "exercise's result at top level" in problems[1]
    assert check_release.count_exercises(nb) == 1
    abstract = notebook(new_code_cell("class Base:\n    def f(self):\n        raise NotImplementedError()"))
    assert check_release.count_exercises(abstract) == 0


def make_student_dir(tmp_path, name, extra_cells):
    """Release a tiny chapter with three exercises (plus ``extra_cells``) into tmp_path/name/student."""
    cells = [new_code_cell("import math")]
    for i in range(3):
        cells += [exercise_cell(f"ex{i}", f"return math.sqrt(x) + {i} * offset_value"), new_code_cell(f"ex{i}(4.0)")]
    src = tmp_path / name / "src"
    src.mkdir(parents=True)
    nbformat.write(notebook(*cells, *extra_cells), src / f"{name}.ipynb")
    make_release(src, tmp_path / name / "student")
    return tmp_path / name / "student"


def test_check_release_accepts_only_not_implemented_errors(tmp_path):
    student = make_student_dir(tmp_path, "good", [new_code_cell("print('done')")])
    result = run([sys.executable, "scripts/check_release.py", str(student), "--cwd", str(tmp_path)])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "good.ipynb: ok, 8 cells run, 3 exercises, 3 NotImplementedError" in result.stdout


def test_check_release_rejects_top_level_use_of_an_exercise(tmp_path):
    extra = [new_code_cell("root = ex0(9.0)"), new_code_cell("print(root + 1)")]
    student = make_student_dir(tmp_path, "bad", extra)
    result = run([sys.executable, "scripts/check_release.py", str(student), "--cwd", str(tmp_path), "--min-exercises", "4"])
    assert result.returncode == 1
    assert "bad.ipynb: FAILED" in result.stdout
    assert "NameError" in result.stdout and "exercise's result at top level" in result.stdout
    assert "has 3 exercise(s)" in result.stdout and "at least 4" in result.stdout


def checked_chapter(tmp_path, name, extra_cells):
    """A released chapter whose exercises are checked by nnlib's real checks."""
    cells = [new_code_cell("import numpy as np\nfrom nncourse.checks import check_relu_prime, "
                           "check_sigmoid")]
    cells += [new_code_cell("def relu_prime(delta):\n    ### BEGIN SOLUTION\n"
                            "    return np.where(delta > 0, 1.0, 0.0)\n    ### END SOLUTION"),
              new_code_cell("check_relu_prime(relu_prime)"),
              new_code_cell("def sigmoid(z):\n    ### BEGIN SOLUTION\n"
                            "    return np.exp(-np.logaddexp(0, -z))\n    ### END SOLUTION"),
              new_code_cell("check_sigmoid(sigmoid)")]
    src = tmp_path / name / "src"
    src.mkdir(parents=True)
    nbformat.write(notebook(*cells, *extra_cells), src / f"{name}.ipynb")
    make_release(src, tmp_path / name / "student")
    return tmp_path / name / "student"


@pytest.mark.parametrize("grading", ["0", "1"])
def test_check_release_accepts_unfinished_exercises_with_the_real_checks(tmp_path, grading):
    """Learners get the ⏳ reminder, graders an ExerciseNotDone error: both mean "unfinished"."""
    student = checked_chapter(tmp_path, "checked", [new_code_cell("print('rest of the chapter')")])
    env = dict(os.environ, NNLIB_GRADING=grading,
               PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    result = subprocess.run([sys.executable, "scripts/check_release.py", str(student), "--cwd",
                             str(tmp_path), "--min-exercises", "2"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    errors = "0 NotImplementedError, 2 ExerciseNotDone" if grading == "1" else \
        "0 NotImplementedError, 0 ExerciseNotDone"
    assert f"checked.ipynb: ok, 6 cells run, 2 exercises, {errors}" in result.stdout


def test_check_release_catches_top_level_use_with_the_real_checks(tmp_path):
    extra = [new_code_cell("db = relu_prime(np.ones((2, 3)))"), new_code_cell("print(db.shape)")]
    student = checked_chapter(tmp_path, "uses", extra)
    env = dict(os.environ, NNLIB_GRADING="1",
               PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    result = subprocess.run([sys.executable, "scripts/check_release.py", str(student), "--cwd",
                             str(tmp_path), "--min-exercises", "2"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 1
    assert "uses.ipynb: FAILED" in result.stdout and "NameError" in result.stdout


# --- nbgrader source notebooks ----------------------------------------------

from nncourse.release import convert_to_nbgrader_source, make_nbgrader_source  # noqa: E402


def course_chapter():
    return notebook(
        new_code_cell("import numpy as np\nfrom nncourse.checks import check_relu_prime"),
        new_code_cell("def relu_prime(delta):\n    ### BEGIN SOLUTION\n    return np.where(delta > 0, 1.0, 0.0)\n"
                      "    ### END SOLUTION", metadata={"tags": ["hide-input"]}),
        new_code_cell("check_relu_prime(relu_prime)"),
        new_markdown_cell("### Exercise 2 (thinking): why a sum?\n\nExplain.\n\n```{admonition} Answer\n"
                          ":class: dropdown\nBecause the 1/n is already inside delta.\n```\n\n## References\n\n- x"),
    )


def test_converter_marks_answers_tests_and_written_answers():
    source, summary = make_nbgrader_source(course_chapter(), "05_backpropagation.ipynb")
    assert summary == {"autograded": 1, "tests": 1, "written": 1}
    solution, test, question, answer, after = source.cells[1:]
    assert solution.metadata.nbgrader == {"grade": False, "grade_id": "ch05_relu_prime", "locked": False,
                                          "schema_version": 3, "solution": True, "task": False}
    assert test.metadata.nbgrader["grade"] and test.metadata.nbgrader["locked"]
    assert test.metadata.nbgrader["points"] == 2 and test.metadata.nbgrader["grade_id"] == "ch05_relu_prime_tests"
    assert test.source == ("check_relu_prime(relu_prime)\n### BEGIN HIDDEN TESTS\n"
                           "check_relu_prime(relu_prime, hidden=True)\n### END HIDDEN TESTS")
    assert question.source == "### Exercise 2 (thinking): why a sum?\n\nExplain."
    assert answer.source.startswith("```{admonition} Answer") and answer.source.endswith("```")
    assert answer.metadata.nbgrader["solution"] and answer.metadata.nbgrader["grade"]
    assert answer.metadata.nbgrader["points"] == 1 and answer.id == question.id + "-answer"
    assert after.source == "## References\n\n- x"
    again, _ = make_nbgrader_source(source, "05_backpropagation.ipynb")
    assert again == source  # idempotent


def test_release_of_a_source_notebook_removes_hidden_tests_and_written_answers():
    source, _ = make_nbgrader_source(course_chapter(), "05_backpropagation.ipynb")
    student = release_notebook(source)
    assert student.cells[2].source == "check_relu_prime(relu_prime)"
    assert student.cells[4].source == "YOUR ANSWER HERE"
    text = "\n".join(c.source for c in student.cells)
    assert "HIDDEN" not in text and "1/n is already" not in text and "sum(axis=0)" not in text


def test_convert_directory_in_place_is_idempotent(tmp_path):
    nbformat.write(course_chapter(), tmp_path / "05_backpropagation.ipynb")
    convert_to_nbgrader_source(tmp_path)
    first = (tmp_path / "05_backpropagation.ipynb").read_bytes()
    convert_to_nbgrader_source(tmp_path)
    assert (tmp_path / "05_backpropagation.ipynb").read_bytes() == first


@pytest.mark.skipif(shutil.which("nbgrader", path=str(Path(sys.executable).parent)) is None,
                    reason="nbgrader is not installed")
def test_nbgrader_default_settings_accept_a_converted_notebook(tmp_path):
    source, _ = make_nbgrader_source(course_chapter(), "05_backpropagation.ipynb")
    course = tmp_path / "course"
    (course / "source" / "ch05").mkdir(parents=True)
    nbformat.write(source, course / "source" / "ch05" / "05_backpropagation.ipynb")
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]))
    result = subprocess.run(["nbgrader", "generate_assignment", "ch05", "--create", f"--CourseDirectory.root={course}"],
                            cwd=course, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    graded = nbformat.read(course / "release" / "ch05" / "05_backpropagation.ipynb", as_version=4)
    assert [c.source for c in graded.cells] == [c.source for c in release_notebook(source).cells]
