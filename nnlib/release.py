"""Make the student version of the chapter notebooks.

Workflow for instructors:

1. In a chapter notebook, write each exercise's reference solution between two
   marker lines, ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (code or
   markdown cells; each marker alone on its line, indented like the code).
   Tag cells that only make sense once the exercise is solved ``solution-only``.
2. ``python -m nnlib.release notebooks student`` writes the student notebooks:
   each solution region becomes ``# YOUR CODE HERE`` + ``raise
   NotImplementedError()`` (markdown: ``YOUR ANSWER HERE``), ``solution-only``
   cells are dropped, outputs are cleared.
3. ``python scripts/check_release.py student`` checks that the student
   notebooks still run while no exercise is solved.

The markers are nbgrader's, so ``nbgrader generate_assignment`` produces the
same stubs. The release stops with a ReleaseError naming the notebook, cell and
line on a malformed marker or if a solution line would reach the students.
"""

import argparse
import copy
import re
import sys
from pathlib import Path
from typing import NamedTuple

import nbformat

BEGIN_MARKER = "### BEGIN SOLUTION"
END_MARKER = "### END SOLUTION"
MARKER_TEXTS = ("BEGIN SOLUTION", "END SOLUTION")
CODE_STUB = ["# YOUR CODE HERE", "raise NotImplementedError()"]
TEXT_STUB = ["YOUR ANSWER HERE"]
SOLUTION_ONLY_TAG = "solution-only"
HIDE_INPUT_TAG = "hide-input"
# Solution lines shorter than this (non-space characters) are too common to
# count as a leak: ``return x``, ``pass``, ``)``, ...
MIN_LEAK_CHARS = 12


class ReleaseError(Exception):
    """A notebook cannot be released safely (bad markers or a leaked solution)."""


class Released(NamedTuple):
    name: str
    solutions: int  # solution regions replaced by a stub
    dropped: int  # solution-only cells removed


def cell_location(name, index, cell):
    """Describe a cell for error messages: ``ch01.ipynb, cell 3 (id 'a1b2')``."""
    location = f"{name}, cell {index}"
    if cell.get("id"):
        location += f" (id {cell['id']!r})"
    return location


def marker_kind(line, location):
    """Return "begin", "end" or None; reject markers sharing a line with other text."""
    stripped = line.strip()
    if stripped == BEGIN_MARKER:
        return "begin"
    if stripped == END_MARKER:
        return "end"
    if any(text in line for text in MARKER_TEXTS):
        raise ReleaseError(
            f"{location}: a solution marker must stand alone on its line "
            f"('{BEGIN_MARKER}' or '{END_MARKER}'), found {stripped!r}"
        )
    return None


def strip_cell(cell, location):
    """Replace the solution regions of one cell.

    Returns (student source, lines of the removed solution bodies, number of regions).
    """
    stub = CODE_STUB if cell.cell_type == "code" else TEXT_STUB
    student_lines = []
    body_lines = []
    regions = 0
    open_begin = None  # line number of the BEGIN marker of the region we are in
    for number, line in enumerate(cell.source.split("\n"), start=1):
        kind = marker_kind(line, f"{location}, line {number}")
        if kind == "begin":
            if open_begin is not None:
                raise ReleaseError(
                    f"{location}, line {number}: nested '{BEGIN_MARKER}' "
                    f"(the region opened on line {open_begin} has no '{END_MARKER}' yet)"
                )
            open_begin = number
            regions += 1
            indent = line[: len(line) - len(line.lstrip())]
            student_lines += [indent + stub_line for stub_line in stub]
        elif kind == "end":
            if open_begin is None:
                raise ReleaseError(
                    f"{location}, line {number}: '{END_MARKER}' without a matching '{BEGIN_MARKER}'"
                )
            open_begin = None
        elif open_begin is not None:
            body_lines.append(line)
        else:
            student_lines.append(line)
    if open_begin is not None:
        raise ReleaseError(
            f"{location}, line {open_begin}: '{BEGIN_MARKER}' without a matching '{END_MARKER}'"
        )
    return "\n".join(student_lines), body_lines, regions


def remove_tag(cell, tag):
    tags = [t for t in cell.metadata.get("tags", []) if t != tag]
    if tags:
        cell.metadata["tags"] = tags
    else:
        cell.metadata.pop("tags", None)


def is_distinctive(line):
    """True for a solution line long enough that seeing it elsewhere is a leak."""
    stripped = line.strip()
    if stripped in CODE_STUB or stripped in TEXT_STUB:
        return False
    return len("".join(stripped.split())) >= MIN_LEAK_CHARS and any(c.isalnum() for c in stripped)


def leak_pattern(solution_line):
    """Regex finding a solution line inside other text, not inside a longer identifier."""
    text = solution_line.strip()
    before = r"(?<!\w)" if re.match(r"\w", text[0]) else ""
    after = r"(?!\w)" if re.match(r"\w", text[-1]) else ""
    return re.compile(before + re.escape(text) + after)


def strings_in(value):
    """All strings inside a metadata value (dicts and lists are walked)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return []


def student_lines(student, locations, name):
    """Yield (location, line) for every line of text in the student notebook.

    Cells are named by their index in the original notebook; line numbers count
    lines of the released cell (after the stubs replaced the solutions).
    """
    for location, cell in zip(locations, student.cells):
        for number, line in enumerate(cell.source.split("\n"), start=1):
            yield f"{location}, released line {number}", line
        for text in strings_in(dict(cell.metadata)):
            for line in text.split("\n"):
                yield f"{location}, metadata", line
    for text in strings_in(dict(student.metadata)):
        for line in text.split("\n"):
            yield f"{name}, notebook metadata", line


def check_for_leaks(student, locations, solution_lines, name):
    """Raise ReleaseError if a marker or a distinctive solution line is still present."""
    patterns = {}  # solution line -> (pattern, where the solution was)
    for line, origin in solution_lines:
        if is_distinctive(line):
            patterns[line.strip()] = (leak_pattern(line), origin)
    for location, line in student_lines(student, locations, name):
        for text in MARKER_TEXTS:
            if text in line:
                raise ReleaseError(f"{location}: '{text}' is still in the student notebook")
        for solution_line, (pattern, origin) in patterns.items():
            if pattern.search(line):
                raise ReleaseError(
                    f"{location}: solution line {solution_line!r} (from the solution in "
                    f"{origin}) would be visible to students; rephrase one of them"
                )


def strip_notebook(nb, name="notebook"):
    """Return (student notebook, solutions stripped, cells dropped). ``nb`` is not modified."""
    student = copy.deepcopy(nb)
    kept_cells = []
    locations = []  # location (with the cell's index in ``nb``) of each kept cell
    solution_lines = []  # (line, location of the cell it came from)
    solutions = 0
    dropped = 0
    for index, cell in enumerate(student.cells):
        location = cell_location(name, index, cell)
        if SOLUTION_ONLY_TAG in cell.metadata.get("tags", []):
            dropped += 1
            continue
        source, body_lines, regions = strip_cell(cell, location)
        if regions:
            cell.source = source
            solutions += regions
            remove_tag(cell, HIDE_INPUT_TAG)
            solution_lines += [(line, location) for line in body_lines]
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        kept_cells.append(cell)
        locations.append(location)
    student.cells = kept_cells
    check_for_leaks(student, locations, solution_lines, name)
    return student, solutions, dropped


def release_notebook(nb, name="notebook"):
    """Return the student version of ``nb`` (a new notebook; ``nb`` is not modified)."""
    student, _, _ = strip_notebook(nb, name)
    return student


def source_notebooks(src):
    """The ``*.ipynb`` files directly in ``src``, without checkpoints."""
    paths = Path(src).glob("*.ipynb")
    return sorted(p for p in paths if not p.name.endswith("-checkpoint.ipynb"))


def make_release(src, dest):
    """Write the student version of every notebook in ``src`` to ``dest``.

    Every notebook is released before anything is written, so an error leaves
    ``dest`` untouched. Returns one ``Released`` summary per notebook.
    """
    src, dest = Path(src), Path(dest)
    if not src.is_dir():
        raise ReleaseError(f"{src} is not a directory")
    if dest.resolve() == src.resolve():
        raise ReleaseError(f"DEST must differ from SRC ({src}): the release would overwrite the solutions")
    released = []
    for path in source_notebooks(src):
        nb = nbformat.read(path, as_version=4)
        student, solutions, dropped = strip_notebook(nb, path.name)
        released.append((student, Released(path.name, solutions, dropped)))
    dest.mkdir(parents=True, exist_ok=True)
    for student, summary in released:
        nbformat.write(student, dest / summary.name, version=4)
    return [summary for _, summary in released]


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m nnlib.release",
        description="Write student notebooks (solutions replaced by stubs) for every notebook in SRC_DIR.",
    )
    parser.add_argument("src", metavar="SRC_DIR", help="directory with the chapter notebooks (with solutions)")
    parser.add_argument("dest", metavar="DEST_DIR", help="directory for the student notebooks (created, overwritten)")
    args = parser.parse_args(argv)
    try:
        summaries = make_release(args.src, args.dest)
    except ReleaseError as error:
        print(f"release failed: {error}", file=sys.stderr)
        return 1
    for summary in summaries:
        print(f"{summary.name}: {summary.solutions} solution(s) stripped, {summary.dropped} cell(s) dropped")
    if not summaries:
        print(f"warning: no notebooks found in {args.src}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
