"""The two builds of the book: with solutions for self-learners, without for a class.

``bash scripts/build_book.sh`` writes ``_build/html``: after each exercise its solution,
collapsed (a reader opens it on purpose), never a hidden test. ``bash scripts/build_book.sh
--no-solutions`` writes ``_build/class/html``: the same site with no solution, no hidden test
and no written answer anywhere. In both, no code cell on a page holds test or book plumbing
(assert, glue, thread pinning: those cells are removed), and a chapter's Binder and Colab
buttons open the learner notebook (notebooks/), never the authored one.

Without a built book these tests skip locally and fail under CI=true (CI builds both).
"""

import html
import os
import re
from pathlib import Path

import nbformat
import pytest

from nncourse.release import BEGIN_HIDDEN, BEGIN_MARKER, END_HIDDEN, END_MARKER, is_distinctive

ROOT = Path(__file__).resolve().parents[2]
AUTHORED = sorted((ROOT / "authored").glob("0*.ipynb"))
BOOKS = {"solutions": ROOT / "_build" / "html", "class": ROOT / "_build" / "class" / "html"}
IN_CI = os.environ.get("CI", "").strip().lower() == "true"
CODE_CELL = re.compile(r'<div class="cell_input[^"]*">(.*?)</div>\s*</div>', re.S)
PLUMBING = re.compile(r"^\s*assert\b|\bglue\(|threadpool|OPENBLAS", re.M)


def built(book):
    index = BOOKS[book] / "index.html"
    if not index.exists():
        message = f"{BOOKS[book]} is not built (bash scripts/build_book.sh" + \
            (" --no-solutions)" if book == "class" else ")")
        if IN_CI:
            pytest.fail(message + " (CI=true: CI must build it)", pytrace=False)
        pytest.skip(message)
    return BOOKS[book]


def page_text(book, path):
    """The page's HTML with tags removed and entities decoded, as a reader's text."""
    raw = (built(book) / "authored" / f"{path.stem}.html").read_text(encoding="utf-8")
    return raw, html.unescape(re.sub(r"<[^>]+>", "", raw))


def regions(nb):
    """(solution lines, hidden-test lines, written-answer lines) of an authored notebook."""
    solutions, hidden, written = [], [], []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.metadata.get("nbgrader", {}).get("solution"):
            written += [line.strip() for line in cell.source.split("\n")[1:-1]]
            continue
        target = None
        for line in cell.source.split("\n"):
            marker = line.strip()
            if marker in (BEGIN_MARKER, BEGIN_HIDDEN):
                target = solutions if marker == BEGIN_MARKER else hidden
            elif marker in (END_MARKER, END_HIDDEN):
                target = None
            elif target is not None:
                target.append(line.strip())
    keep = lambda lines: [line for line in lines if is_distinctive(line) and not line.startswith(":")]
    return keep(solutions), keep(hidden), keep(written)


def shown_elsewhere(nb, line):
    """True when the authored notebook shows ``line`` outside every solution (a quote)."""
    for cell in nb.cells:
        graded = cell.metadata.get("nbgrader", {})
        if not graded.get("solution") and BEGIN_MARKER not in cell.source and line in cell.source:
            return True
    return False


@pytest.mark.parametrize("path", AUTHORED, ids=lambda p: p.stem)
def test_the_book_shows_each_solution_collapsed_and_no_hidden_test(path):
    raw, text = page_text("solutions", path)
    solutions, hidden, _ = regions(nbformat.read(path, as_version=4))
    assert solutions, f"{path.name}: no solution found"
    missing = [line for line in solutions if line not in text]
    assert not missing, f"{path.name}: solution lines missing from the book: {missing[:3]}"
    assert raw.count("tag_hide-input") >= 3, f"{path.name}: solutions are not collapsed"
    for line in hidden:
        assert line not in text, f"{path.name}: hidden test {line!r} is on the page"
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS"):
        assert marker not in text


@pytest.mark.parametrize("path", AUTHORED, ids=lambda p: p.stem)
def test_the_class_book_has_no_solution_hidden_test_or_answer(path):
    nb = nbformat.read(path, as_version=4)
    solutions, hidden, written = regions(nb)
    _, text = page_text("class", path)
    assert "raise NotImplementedError()" in text, f"{path.name}: exercises are not stubs"
    leaked = [line for line in solutions + hidden if line in text]
    leaked += [line for line in written if line in text and not shown_elsewhere(nb, line)]
    assert not leaked, f"{path.name}: the class book shows {leaked[:3]}"


def test_no_page_of_the_class_book_holds_a_solution():
    site = built("class")
    notebooks = [nbformat.read(path, as_version=4) for path in AUTHORED]
    lines = set()
    for nb in notebooks:
        solutions, hidden, _ = regions(nb)
        # a line that some chapter shows outside its solutions ("for epoch in range(epochs):")
        # is the course's own code, not an answer
        lines.update(line for line in solutions + hidden
                     if not any(shown_elsewhere(other, line) for other in notebooks))
    for page in site.rglob("*.html"):
        text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
        if page.name == "instructors.html":
            continue  # explains the markers with its own sample exercise, not a chapter's
        found = [line for line in lines if line in text]
        assert not found, f"{page.relative_to(site)}: {found[:3]}"


@pytest.mark.parametrize("book", sorted(BOOKS))
@pytest.mark.parametrize("path", AUTHORED, ids=lambda p: p.stem)
def test_code_on_the_page_only_teaches_and_launches_the_learner_notebook(book, path):
    raw, _ = page_text(book, path)
    for cell in CODE_CELL.findall(raw):
        code = html.unescape(re.sub(r"<[^>]+>", "", cell))
        assert not PLUMBING.search(code), f"{path.name} ({book}): plumbing on the page:\n{code}"
    launches = re.findall(r'href="([^"]*(?:mybinder|colab)[^"]*)"', raw)
    assert launches, f"{path.name} ({book}): no launch buttons"
    for url in launches:
        assert "authored" not in url and f"notebooks/{path.name}" in url, url
