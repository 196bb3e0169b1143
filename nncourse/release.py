"""Make the student version of the chapter notebooks.

Workflow for instructors:

1. In a chapter notebook, write each exercise's reference solution between two
   marker lines, ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (code or
   markdown cells; each marker alone on its line, indented like the code).
   Tag cells that only make sense once the exercise is solved ``solution-only``.
2. ``python -m nncourse.release notebooks student`` writes the student notebooks:
   each solution region becomes ``# YOUR CODE HERE`` + ``raise
   NotImplementedError()`` (markdown: ``YOUR ANSWER HERE``), ``solution-only``
   cells are dropped, outputs are cleared.
3. ``python scripts/check_release.py student`` checks that the student
   notebooks still run while no exercise is solved.

The markers are nbgrader's, so ``nbgrader generate_assignment`` produces the
same stubs. The release stops with a ReleaseError naming the notebook, cell and
line on a malformed marker or if a solution line would reach the students.

The chapter notebooks are also nbgrader *source* notebooks
(:func:`make_nbgrader_source` adds the metadata; ``python -m nncourse.release
--nbgrader-source DIR`` converts the notebooks of DIR in place): each solution
cell is an autograded answer, the check cell after it a locked test cell with
points whose ``### BEGIN HIDDEN TESTS`` … ``### END HIDDEN TESTS`` part runs
the hidden cases, and each written answer (an ``Answer`` dropdown) is a
manually graded answer cell.  This release removes hidden tests and written
answers exactly as nbgrader does (a solution cell without markers becomes the
whole stub).
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
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
MARKER_TEXTS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
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
    kinds = {BEGIN_MARKER: "begin", END_MARKER: "end", BEGIN_HIDDEN: "begin hidden",
             END_HIDDEN: "end hidden"}
    if stripped in kinds:
        return kinds[stripped]
    if any(text in line for text in MARKER_TEXTS):
        raise ReleaseError(
            f"{location}: a solution marker must stand alone on its line "
            f"('{BEGIN_MARKER}', '{END_MARKER}', '{BEGIN_HIDDEN}', '{END_HIDDEN}'), "
            f"found {stripped!r}"
        )
    return None


def strip_cell(cell, location):
    """Replace the solution regions of one cell and remove its hidden tests.

    Returns (student source, lines of the removed solution bodies, number of regions).
    A solution cell (nbgrader metadata) without markers is a solution as a whole.
    """
    stub = CODE_STUB if cell.cell_type == "code" else TEXT_STUB
    student_lines = []
    body_lines = []
    regions = 0
    open_begin = None  # line number of the BEGIN marker of the region we are in
    open_hidden = None
    for number, line in enumerate(cell.source.split("\n"), start=1):
        kind = marker_kind(line, f"{location}, line {number}")
        if kind in ("begin", "begin hidden") and (open_begin or open_hidden) is not None:
            raise ReleaseError(
                f"{location}, line {number}: nested '{line.strip()}' (the region opened on "
                f"line {open_begin or open_hidden} is not closed yet)"
            )
        if kind == "begin":
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
        elif kind == "begin hidden":
            open_hidden = number
        elif kind == "end hidden":
            if open_hidden is None:
                raise ReleaseError(
                    f"{location}, line {number}: '{END_HIDDEN}' without a matching '{BEGIN_HIDDEN}'"
                )
            open_hidden = None
        elif open_begin is not None:
            body_lines.append(line)
        elif open_hidden is None:
            student_lines.append(line)
    if open_begin is not None:
        raise ReleaseError(
            f"{location}, line {open_begin}: '{BEGIN_MARKER}' without a matching '{END_MARKER}'"
        )
    if open_hidden is not None:
        raise ReleaseError(
            f"{location}, line {open_hidden}: '{BEGIN_HIDDEN}' without a matching '{END_HIDDEN}'"
        )
    if not regions and cell.metadata.get("nbgrader", {}).get("solution"):
        # the whole cell is the solution (a written answer): replaced as a whole, so nothing
        # of it can remain; its lines may quote the chapter, so they are not leak patterns
        return "\n".join(stub), [], 1
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
        cell.source = source  # hidden tests removed even where there is no solution
        if regions:
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


# --- nbgrader source notebooks ------------------------------------------------

CODE_POINTS = 2  # an autograded exercise: its visible and its hidden tests
TEXT_POINTS = 1  # a written answer, graded by hand
CHECK_CALL = re.compile(r"^(\s*)(check_\w+)\((.*)\)\s*$")
FENCE = re.compile(r"^(`{3,})\{admonition\}\s*Answer\b")


def _nbgrader(grade, solution, locked, grade_id, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return meta


def _chapter_prefix(name):
    match = re.match(r"(\d+)", Path(name).name)
    return f"ch{match.group(1)}" if match else re.sub(r"\W", "_", Path(name).stem)


def _split_answer(source):
    """(question, answer dropdown, text after it) of a markdown cell, or None."""
    lines = source.split("\n")
    for start, line in enumerate(lines):
        match = FENCE.match(line.strip())
        if match:
            fence = match.group(1)
            for end in range(start + 1, len(lines)):
                if lines[end].strip() == fence:
                    return ("\n".join(lines[:start]).rstrip(), "\n".join(lines[start:end + 1]),
                            "\n".join(lines[end + 1:]).strip())
    return None


def _set_id(new_cell, original, cell_id):
    """Give a new cell a deterministic id (or none, like the original cell)."""
    if "id" in original:
        new_cell["id"] = cell_id[:64]
    else:
        new_cell.pop("id", None)


def _with_hidden_tests(source):
    """The check cell's source followed by the same checks on the hidden cases."""
    hidden = []
    for line in source.split("\n"):
        match = CHECK_CALL.match(line)
        if match:
            indent, function, args = match.groups()
            hidden.append(f"{indent}{function}({args}, hidden=True)")
    if not hidden:
        return None
    return "\n".join([source.rstrip(), BEGIN_HIDDEN, *hidden, END_HIDDEN])


def _written_answers(cell, index, prefix, unique):
    """A markdown cell with Answer dropdowns, split into question and graded answer cells."""
    cells = []
    base = cell.get("id") or f"cell{index}"
    rest, piece, question_cell = cell.source, 0, cell
    while True:
        parts = _split_answer(rest)
        if parts is None:
            break
        question, answer, rest = parts
        heading = re.search(r"^#+\s*Exercise\s+(\d+)", question, re.M)
        grade_id = unique(f"{prefix}_exercise{heading.group(1)}_answer" if heading
                          else f"{prefix}_answer_{base}")
        question_cell.source = question
        if question or question_cell is cell:
            cells.append(question_cell)
        answer_cell = nbformat.v4.new_markdown_cell(answer)
        answer_cell.metadata["nbgrader"] = _nbgrader(True, True, False, grade_id, TEXT_POINTS)
        suffix = "" if piece == 0 else f"-{piece + 1}"
        _set_id(answer_cell, cell, f"{base}-answer{suffix}")
        cells.append(answer_cell)
        piece += 1
        question_cell = nbformat.v4.new_markdown_cell("")
        _set_id(question_cell, cell, f"{base}-after{suffix}")
    if rest:
        question_cell.source = rest
        cells.append(question_cell)
    return cells


def make_nbgrader_source(nb, name="notebook"):
    """Return (nbgrader source notebook, summary dict); ``nb`` is not modified.

    Deterministic and idempotent: a notebook that is already converted comes back
    unchanged.  Cells keep their ids; new answer cells get ``<id>-answer``.
    """
    nb = copy.deepcopy(nb)
    prefix = _chapter_prefix(name)
    cells = []
    summary = {"autograded": 0, "tests": 0, "written": 0}
    used_ids = set()

    def unique(grade_id):
        candidate, k = grade_id, 2
        while candidate in used_ids:
            candidate, k = f"{grade_id}_{k}", k + 1
        used_ids.add(candidate)
        return candidate

    previous_solution = None  # grade_id of the last solution cell, until its check cell
    for index, cell in enumerate(nb.cells):
        location = cell_location(name, index, cell)
        existing = cell.metadata.get("nbgrader")
        if existing:  # already converted: keep it as it is
            used_ids.add(existing.get("grade_id"))
            summary["autograded"] += bool(existing.get("solution") and cell.cell_type == "code")
            summary["tests"] += bool(existing.get("grade") and cell.cell_type == "code")
            summary["written"] += bool(existing.get("grade") and cell.cell_type == "markdown")
            previous_solution = existing["grade_id"] if existing.get("solution") and \
                cell.cell_type == "code" else None
            cells.append(cell)
            continue
        if cell.cell_type == "code" and any(
                marker_kind(line, location) == "begin" for line in cell.source.split("\n")):
            match = re.search(r"^\s*(?:def|class)\s+(\w+)", cell.source, re.M)
            grade_id = unique(f"{prefix}_{match.group(1) if match else cell.get('id', index)}")
            cell.metadata["nbgrader"] = _nbgrader(False, True, False, grade_id)
            summary["autograded"] += 1
            previous_solution = grade_id
            cells.append(cell)
            continue
        if cell.cell_type == "code" and previous_solution is not None:
            hidden = _with_hidden_tests(cell.source)
            if hidden is not None:
                cell.source = hidden
                cell.metadata["nbgrader"] = _nbgrader(True, False, True,
                                                      unique(f"{previous_solution}_tests"),
                                                      CODE_POINTS)
                summary["tests"] += 1
            previous_solution = None
            cells.append(cell)
            continue
        if cell.cell_type == "markdown" and _split_answer(cell.source) is not None:
            written = _written_answers(cell, index, prefix, unique)
            cells += written
            summary["written"] += sum("nbgrader" in c.metadata for c in written)
            continue
        cells.append(cell)
    nb.cells = cells
    return nb, summary


def convert_to_nbgrader_source(directory):
    """Convert every notebook of ``directory`` in place; return {name: summary}."""
    results = {}
    for path in source_notebooks(directory):
        nb = nbformat.read(path, as_version=4)
        converted, summary = make_nbgrader_source(nb, path.name)
        strip_notebook(converted, path.name)  # the release must still work (raises if not)
        if converted != nb:
            nbformat.write(converted, path, version=4)
        results[path.name] = summary
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m nncourse.release",
        description="Write student notebooks (solutions replaced by stubs) for every notebook in SRC_DIR.",
    )
    parser.add_argument("src", metavar="SRC_DIR", help="directory with the chapter notebooks (with solutions)")
    parser.add_argument("dest", metavar="DEST_DIR", nargs="?",
                        help="directory for the student notebooks (created, overwritten)")
    parser.add_argument("--nbgrader-source", action="store_true",
                        help="instead of a release: add nbgrader metadata, hidden tests and written-"
                        "answer cells to the notebooks of SRC_DIR, in place (idempotent)")
    args = parser.parse_args(argv)
    if args.nbgrader_source:
        try:
            results = convert_to_nbgrader_source(args.src)
        except ReleaseError as error:
            print(f"conversion failed: {error}", file=sys.stderr)
            return 1
        for name, summary in results.items():
            print(f"{name}: {summary['autograded']} autograded answer(s), {summary['tests']} "
                  f"test cell(s), {summary['written']} written answer(s)")
        return 0
    if args.dest is None:
        parser.error("DEST_DIR is required (or use --nbgrader-source)")
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
