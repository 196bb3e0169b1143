"""Every chapter's exercises: labelled, worth what they say, one multi-step problem, not copyable.

Issue 11, point 5. In each notebook's "## Exercises" section:
- every exercise heading is followed by "**★★ · about 15 min · 2 points**", and the points are
  the sum of the nbgrader points of that exercise's graded cells;
- at least one exercise is "(multi-step)": parts (a), (b), ..., at least two autograded test
  cells, at least 5 points, ★★ or more;
- no line of a solution can be copied from a cell the student notebook keeps: each solution
  line is compared, with every name replaced by a placeholder (so renaming the variables of
  the chapter's worked code does not hide a copy), against every line of the student release.
"""

import difflib
import io
import keyword
import re
import tokenize
from pathlib import Path

import pytest

import nbformat

from nncourse.release import BEGIN_MARKER, END_MARKER, release_notebook

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "authored").glob("0*.ipynb"))
HEADING = re.compile(r"^### Exercise (\d+)\b(.*)$")
LABEL = re.compile(r"^\*\*(★{1,3}) · about (\d+) min · (\d+) points?\*\*$")
FENCED = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)
SHORT = 7   # lines like "v . T @ v" or "v . sigmoid ( v )" are idioms, not answers
LONG = 12   # a line this long is an answer by itself, not a common idiom
LOOP_HEADERS = ("for", "while")


def load(path):
    return nbformat.read(path, as_version=4)


def source(cell):
    return cell["source"]


def grader(cell):
    return cell["metadata"].get("nbgrader", {})


def exercises(nb):
    """[(number, rest of the heading, label line, [cells of the exercise])], in order.

    The "## Exercises" section runs from that heading to the next "## " heading; an exercise
    from its "### Exercise k" line to the next one. Headings may sit inside a markdown cell.
    """
    found, in_section = [], False
    for cell in nb["cells"]:
        lines = source(cell).splitlines() if cell["cell_type"] == "markdown" else []
        for number, line in enumerate(lines):
            if line.startswith("## "):
                in_section = line.startswith("## Exercises")
                if not in_section and found:
                    return found
            match = HEADING.match(line) if in_section else None
            if match:
                rest = [later for later in lines[number + 1:] if later.strip()]
                found.append((int(match.group(1)), match.group(2), rest[0] if rest else "", []))
        if found and (in_section or not lines):
            found[-1][3].append(cell)
    return found


def points(cells):
    return sum(grader(c).get("points", 0) for c in cells if grader(c).get("grade"))


def autograded_tests(cells):
    return [c for c in cells if grader(c).get("grade") and not grader(c).get("solution")]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_exercise_shows_difficulty_time_and_its_points(path):
    found = exercises(load(path))
    assert found, f"{path.name}: no '### Exercise k' under '## Exercises'"
    assert [number for number, *_ in found] == list(range(1, len(found) + 1)), path.name
    for number, _, label, cells in found:
        match = LABEL.match(label)
        assert match, (f"{path.name} exercise {number}: the line after the heading must read "
                       f"like '**★★ · about 15 min · 2 points**', not {label!r}")
        assert int(match.group(3)) == points(cells) > 0, (
            f"{path.name} exercise {number}: says {match.group(3)} points, its graded cells "
            f"give {points(cells)}")
        if match.group(3) == "1":
            assert label.endswith("1 point**"), f"{path.name} exercise {number}: '1 point'"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_chapter_has_a_multi_step_problem_worth_more(path):
    found = exercises(load(path))
    multi = [(number, label, cells) for number, rest, label, cells in found
             if "(multi-step)" in rest]
    assert multi, f"{path.name}: no '### Exercise k (multi-step): ...'"
    single = max((points(cells) for _, rest, _, cells in found if "(multi-step)" not in rest),
                 default=0)
    for number, label, cells in multi:
        text = "\n".join(source(c) for c in cells if c["cell_type"] == "markdown")
        assert "**(a)**" in text and "**(b)**" in text, f"{path.name} exercise {number}: parts"
        assert len(autograded_tests(cells)) >= 2, f"{path.name} exercise {number}: graded parts"
        assert points(cells) >= 5 and points(cells) > single, f"{path.name} exercise {number}"
        assert len(LABEL.match(label).group(1)) >= 2, f"{path.name} exercise {number}: ★★+"


# --- answers that could be copied from the student notebook -------------------------------

def logical_lines(code):
    """Normalised token lists, one per logical line, with the line number each starts on.

    Comments and layout are dropped; every name is replaced by "v" except keywords and
    attribute names after a dot (np.where stays "v . where", but self.W1 is "v"); strings
    become "s".
    """
    lines, current, start, previous = [], [], None, None
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []
    for token in without_self(tokens):
        if token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
            if current:
                lines.append((start, current))
            current, start = [], None
            continue
        if token.type in (tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT):
            continue
        if start is None:
            start = token.start[0]
        if token.type == tokenize.NAME and not keyword.iskeyword(token.string) and previous != ".":
            current.append("v")
        elif token.type == tokenize.STRING:
            current.append("s")
        else:
            current.append(token.string)
        previous = token.string
    return [(start, collapse_subscripts(tokens)) for start, tokens in lines]


def without_self(tokens):
    """self.W1 reads as the name W1: a method's lines copied without "self." are a copy."""
    kept = []
    for token in tokens:
        if token.string == "." and kept and kept[-1].string == "self":
            kept.pop()
        else:
            kept.append(token)
    return kept


def collapse_subscripts(tokens):
    """v [ v + 1 ] -> v: a dict or list entry of the worked code (W[l]) is a name like W."""
    simple = {"v", "+", "-", ","}
    out = []
    for token in tokens:
        out.append(token)
        if token == "]" and "[" in out:
            start = len(out) - 1 - out[::-1].index("[")
            inside = out[start + 1:-1]
            if start > 0 and out[start - 1] in ("v", "]", ")") and inside and all(
                    t in simple or t.isdigit() for t in inside):
                del out[start:]
    return out


def expression(tokens):
    """The part of a line worth comparing: without 'return' or an assignment's target."""
    if tokens[:1] == ["return"]:
        return tokens[1:]
    for op in ("=", "+=", "-=", "*=", "/=", "@="):
        if op in tokens and all(t in ("v", ",", "(", ")", "[", "]", ".") or t.isidentifier()
                                for t in tokens[:tokens.index(op)]):
            return tokens[tokens.index(op) + 1:]
    return tokens


def solution_lines(cell):
    """Normalised expressions of the lines between the solution markers of a code cell."""
    text = source(cell)
    marks = [i + 1 for i, line in enumerate(text.splitlines()) if line.strip() in
             (BEGIN_MARKER, END_MARKER)]
    inside = list(zip(marks[::2], marks[1::2]))
    return [(n, expression(tokens)) for n, tokens in logical_lines(text)
            if any(begin < n < end for begin, end in inside)]


def student_code(nb):
    """Every piece of code the student notebook shows: code cells and fenced blocks in prose."""
    for index, cell in enumerate(release_notebook(nb).cells):
        text = source(cell)
        if cell["cell_type"] == "code":
            yield index, text
        else:
            for block in FENCED.findall(text):
                yield index, block


def contains(haystack, needle):
    return any(haystack[i:i + len(needle)] == needle for i in range(len(haystack) - len(needle) + 1))


def copies(nb):
    """Solutions the student notebook already shows: a long line of one, or most of one.

    A solution is a copy when one of its lines of at least LONG tokens appears in a cell the
    student keeps, or when the lines that appear hold more than half of its tokens. Not counted:
    lines of fewer than SHORT tokens, such as "v . sigmoid ( v )", and loop headers ("for v in
    v ( v , v ) :" is an idiom); not compared with: the student's def lines (a call such as
    "epoch(X, y, W, b, lr)" has the shape of its definition).
    """
    shown = [(index, tokens) for index, code in student_code(nb)
             for _, tokens in logical_lines(code) if tokens[0] not in ("def", "class")]
    found = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code" or not grader(cell).get("solution"):
            continue
        lines = [(n, tokens) for n, tokens in solution_lines(cell)
                 if len(tokens) >= SHORT and tokens[0] not in LOOP_HEADERS]
        seen = {n: index for n, tokens in lines for index, other in shown
                if contains(other, tokens)}
        total = sum(len(tokens) for _, tokens in lines)
        copied = sum(len(tokens) for n, tokens in lines if n in seen)
        if copied and (copied > total / 2 or any(len(t) >= LONG for n, t in lines if n in seen)):
            where = ", ".join(f"line {n} in student cell {index}" for n, index in seen.items())
            found.append(f"{grader(cell)['grade_id']}: {copied} of its {total} tokens are "
                         f"shown ({where})")
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_answer_can_be_copied_from_the_student_notebook(path):
    assert not copies(load(path)), "\n".join(copies(load(path)))


def solutions(path):
    """{grade_id: the normalised tokens of its solution, lines joined by ';'} of a chapter."""
    return {grader(cell)["grade_id"]: [t for _, tokens in solution_lines(cell) for t in tokens + [";"]]
            for cell in load(path)["cells"]
            if cell["cell_type"] == "code" and grader(cell).get("solution")}


REPEAT = 0.85     # this share of a later solution, in runs of REPEAT_RUN tokens, is a repeat
REPEAT_RUN = 6


def repeated_share(later, earlier):
    """How much of ``later`` (tokens) stands in ``earlier`` in runs of at least REPEAT_RUN."""
    matcher = difflib.SequenceMatcher(None, later, earlier, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks() if b.size >= REPEAT_RUN) / len(later)


def repeats(paths):
    """Exercises whose solution is an earlier chapter's solution again, names changed."""
    found, earlier = [], {}
    for path in paths:
        current = solutions(path)
        for name, tokens in current.items():
            if len(tokens) < 10:
                continue
            for old_name, old_tokens in earlier.items():
                share = repeated_share(tokens, old_tokens)
                if share >= REPEAT:
                    found.append(f"{name} repeats {old_name} ({share:.0%} of its tokens)")
        earlier.update(current)
    return found


def test_no_exercise_repeats_an_earlier_chapters_exercise():
    assert not repeats(NOTEBOOKS), "\n".join(repeats(NOTEBOOKS))


def test_the_repeat_detector_sees_a_renamed_repeat(tmp_path):
    def chapter(number, body):
        cell = {"cell_type": "code", "outputs": [], "execution_count": None,
                "source": f"def f{number}(u):\n    ### BEGIN SOLUTION\n{body}    ### END SOLUTION\n",
                "metadata": {"nbgrader": {"solution": True, "grade": False, "locked": False,
                                          "grade_id": f"ch{number}_f", "schema_version": 3,
                                          "task": False}}}
        path = tmp_path / f"0{number}_x.ipynb"
        nbformat.write(nbformat.from_dict({"cells": [cell], "metadata": {}, "nbformat": 4,
                                           "nbformat_minor": 5}), path)
        return path
    stable = ("    e = np.exp(-np.abs(z))\n"
              "    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))\n")
    first = chapter(1, stable.replace("z", "u"))
    renamed = chapter(2, "    s = X @ w + b\n" + stable.replace("z", "s"))
    assert repeats([first, renamed]) and repeats([first, renamed])[0].startswith("ch2_f repeats ch1_f")
    other = chapter(3, "    return (u - u.mean(axis=0)) / u.std(axis=0)\n")
    assert repeats([first, other]) == []


def test_the_copy_detector_sees_a_renamed_copy():
    def code_cell(text, **nbgrader):
        return {"cell_type": "code", "source": text, "outputs": [], "execution_count": None,
                "metadata": {"nbgrader": nbgrader} if nbgrader else {}}
    worked = code_cell("d2 = (A2 - Y) * A2 * (1 - A2)  # the output error\n")
    answer = code_cell("def output_delta(A, Y):\n    ### BEGIN SOLUTION\n"
                       "    return (A - Y) * A * (1 - A)\n    ### END SOLUTION\n",
                       solution=True, grade=False, grade_id="x", locked=False,
                       schema_version=3, task=False)
    nb = nbformat.from_dict({"cells": [worked, answer], "metadata": {}, "nbformat": 4,
                             "nbformat_minor": 5})
    assert copies(nb) and copies(nb)[0].startswith("x: 13 of its 13 tokens")
    nb.cells[0].source = "d2 = (A2 - Y) * (1 - A2)\n"
    assert copies(nb) == []
    nb.cells[0].source = "class Net:\n    def out(self):\n        return (self.A - self.Y) * self.A * (1 - self.A)\n"
    assert copies(nb), "a method's line is a copy once self. is deleted"


def test_the_instructors_page_states_each_chapters_points():
    """book/instructors.md's table: exercises, the multi-step problem and the points per chapter."""
    page = (Path(__file__).resolve().parents[2] / "book" / "instructors.md").read_text()
    rows = {int(m.group(1)): m.group(2).split(" | ")
            for m in re.finditer(r"^\| ([1-6]) [^|]+ \| (.*) \|$", page, re.M)}
    assert sorted(rows) == list(range(1, len(NOTEBOOKS) + 1))
    for path in NOTEBOOKS:
        found = exercises(load(path))
        cells = [cell for *_, group in found for cell in group]
        graded = [grader(c) for c in cells if grader(c).get("grade")]
        auto = sum(g["points"] for g in graded if not g.get("solution"))
        by_hand = sum(g["points"] for g in graded if g.get("solution"))
        number, rest, label, _ = next(e for e in found if "(multi-step)" in e[1])
        stars, _, worth = LABEL.match(label).groups()
        title = rest.split(":", 1)[1].strip()
        want = [str(len(found)), f"{number}: {title} ({stars}, {worth} points)", str(auto),
                str(by_hand), str(auto + by_hand)]
        assert rows[int(path.stem[:2])] == want, path.name
