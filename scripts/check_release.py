"""Check that the student notebooks run while no exercise is solved.

Usage: python scripts/check_release.py STUDENT_DIR [--cwd DIR] [--min-exercises N]

Every ``*.ipynb`` in STUDENT_DIR (made by ``python -m nncourse.release``) is
executed with nbclient (kernel python3, errors allowed) in the directory of the
original notebooks, so relative paths to data files work. A notebook passes when

* every code cell before the first exercise stub runs without error,
* after that, the only errors are unfinished exercises: ``NotImplementedError``
  from an exercise's stub, or ``ExerciseNotDone`` from its check when grading is
  on (``NNLIB_GRADING=1`` or under nbgrader); anything else, e.g. a NameError or
  a failed check (``ExerciseCheckFailed``), means the chapter uses an exercise's
  result at top level or a check is wrong, which breaks the chapter for students,
* it has at least ``--min-exercises`` exercises (code cells with a stub).

Exit status 0 if every notebook passes, 1 otherwise.
"""

import argparse
import sys
import time
from pathlib import Path

import nbformat
sys.path.insert(0, str(Path(__file__).resolve().parent))  # scripts/ may not be on the path
from notebook_client import execute_notebook  # noqa: E402

from nncourse.release import cell_location

REPO = Path(__file__).resolve().parent.parent
STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
UNFINISHED = ("NotImplementedError", "ExerciseNotDone")  # the errors an unsolved exercise may raise


def is_exercise(cell):
    """True for a code cell holding the stub that ``nncourse.release`` puts in place of a solution."""
    if cell.cell_type != "code":
        return False
    lines = [line.strip() for line in cell.source.split("\n")]
    return any((first, second) == STUB for first, second in zip(lines, lines[1:]))


def count_exercises(nb):
    return sum(is_exercise(cell) for cell in nb.cells)


def find_problems(nb, name):
    """Return a message for every error output of an executed notebook that is not allowed."""
    problems = []
    after_first_exercise = False
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        after_first_exercise = after_first_exercise or is_exercise(cell)
        for output in cell.get("outputs", []):
            if output.output_type != "error":
                continue
            location = cell_location(name, index, cell)
            error = f"{output.ename}: {output.evalue}"
            if not after_first_exercise:
                problems.append(f"{location} failed before the first exercise: {error}")
            elif output.ename not in UNFINISHED:
                problems.append(
                    f"{location} raised {error}\n"
                    "    The chapter depends on an exercise's result at top level, so it breaks for "
                    "students who have not solved the exercise yet. Use the result only inside the "
                    "exercise's check, or move that code into a cell tagged 'solution-only'."
                )
    return problems


def count_errors(nb, ename):
    return sum(
        output.output_type == "error" and output.ename == ename
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    )


def count_cells_run(nb):
    return sum(cell.cell_type == "code" and cell.get("execution_count") is not None for cell in nb.cells)


def execute(nb, cwd, timeout):
    """Run ``nb`` in place with errors allowed."""
    execute_notebook(nb, cwd, cell_timeout=timeout, allow_errors=True)


def check_notebook(path, cwd, min_exercises, timeout):
    """Execute one student notebook; print its summary and return the list of problems."""
    nb = nbformat.read(path, as_version=4)
    exercises = count_exercises(nb)
    problems = []
    if exercises < min_exercises:
        problems.append(
            f"{path.name} has {exercises} exercise(s) ('# YOUR CODE HERE' stubs); the course requires "
            f"at least {min_exercises}. Is this the student version made by 'python -m nncourse.release'?"
        )
    start = time.perf_counter()
    try:
        execute(nb, cwd, timeout)
    except Exception as error:  # timeout, dead kernel, kernel failing to start, ...
        problems.append(f"{path.name} could not be executed: {type(error).__name__}: {error}")
    else:
        problems += find_problems(nb, path.name)
    seconds = time.perf_counter() - start
    status = "FAILED" if problems else "ok"
    print(
        f"{path.name}: {status}, {count_cells_run(nb)} cells run, {exercises} exercises, "
        f"{count_errors(nb, 'NotImplementedError')} NotImplementedError, "
        f"{count_errors(nb, 'ExerciseNotDone')} ExerciseNotDone, {seconds:.1f} s"
    )
    for problem in problems:
        print(f"  - {problem}")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("student_dir", metavar="STUDENT_DIR", type=Path)
    parser.add_argument(
        "--cwd",
        type=Path,
        default=REPO / "authored",
        help="working directory for the kernels (default: the repo's authored/ dir; "
        "if it does not exist, each notebook's own directory)",
    )
    parser.add_argument("--min-exercises", type=int, default=3, help="exercises required per notebook (default 3)")
    parser.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell (default 300)")
    args = parser.parse_args(argv)

    paths = sorted(p for p in args.student_dir.glob("*.ipynb") if not p.name.endswith("-checkpoint.ipynb"))
    if not paths:
        print(f"no notebooks found in {args.student_dir}", file=sys.stderr)
        return 1
    failed = []
    for path in paths:
        cwd = args.cwd if args.cwd.is_dir() else path.parent
        if check_notebook(path, cwd, args.min_exercises, args.timeout):
            failed.append(path.name)
    if failed:
        print(f"{len(failed)} of {len(paths)} notebook(s) failed: {', '.join(failed)}")
        return 1
    print(f"all {len(paths)} notebook(s) ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
