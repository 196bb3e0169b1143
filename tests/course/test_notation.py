"""One notation and one structure in every chapter (issue 12).

The notation is the one on the book's notation page (book/notation.md): the
cost is C (L is the number of the last layer), a batch has n samples and the
training set N, batch matrices are capitals (Z^l, A^l) and one sample's row
vectors bold lower case, sigma' is a function of z. This test reads the six
chapter notebooks (their markdown and the comments of their code cells) and
fails on the retired symbols:

* the loss written L or \\mathcal{L} ("$L = ...", "L(w)", "\\partial L", "the loss L");
  L as the last layer's index (A^L, W^L, delta^L, "$L = 3$ layers") is fine;
* m as the batch size ("mini-batches of $m = 10$", "\\frac{\\eta}{m}", "1/m");
* lower-case z^l / a^l (z^{l}, a^{l-1}, z^L, a^1, ...) for batch matrices: write
  Z^l, A^l for a batch, bold \\mathbf{z}^l for one sample; a single unit's
  entry z^l_j / a^l_k is fine;
* Nielsen's per-sample functions y(x), a(x), and x as the sample index
  (\\sum_x, z_{xk}): the sample index is i;
* sigma'(a) (write sigma'(z) = a(1 - a) with a = sigma(z));
* the transpose written ^\\mathsf{T}, ^T or 𝖳 (one symbol: ^\\top, ⊤);
* a bold per-sample delta (\\mathbf{\\delta}, \\boldsymbol{\\delta}): the error is delta^l, a
  batch matrix like Z^l;
* a bold vector made a column ("a column $\\mathbf w$", "$\\mathbf{w}$ ($3\\times 1$)"): bold is one
  sample's row; a column is a matrix (W of shape (k, 1));
* the softmax output named \\hat{y}_k (it is A^L, row by row).

The last four rules also read the glossary and the notation page (book/*.md).

And the structure every chapter shares:

* the first cell is the chapter's title markdown, "# Chapter N: ..." (the Colab
  set-up cell comes after it), and it is the only H1;
* sections are numbered "## N.1 Title", "## N.2 ...", in order;
* the chapter ends with "## Summary", "## Exercises", "## References", in that
  order, the references citing with {cite} and no {bibliography} directive.

Every failure names the chapter, the cell (index and id) and the text.
"""

import io
import json
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "authored").glob("0[1-6]_*.ipynb"))
ENDING = ["Summary", "Exercises", "References"]


def test_six_chapters():
    assert [p.stem[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04", "05", "06"], NOTEBOOKS


# ---------------------------------------------------------------- reading cells

def load(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def where(path, index, cell):
    return f"{path.stem}, cell {index} (id {cell.get('id', '?')}, {cell['cell_type']})"


FENCE = re.compile(r"^(```|~~~)")


def strip_code(markdown):
    """Markdown without fenced code blocks and inline code spans (they hold code)."""
    lines, inside = [], None
    for line in markdown.splitlines():
        marker = FENCE.match(line.lstrip())
        if marker:
            fence = line.lstrip()[:3]
            # a MyST directive ("```{note}") is prose, not code: keep its lines
            if inside is None and not re.match(r"^(```|~~~)\s*\{", line.lstrip()):
                inside = fence
                continue
            if inside == fence:
                inside = None
                continue
        if inside is None:
            lines.append(line)
    text = "\n".join(lines)
    return re.sub(r"``[^`]+``|`[^`\n]+`", " ", text)


def headings(markdown):
    """(level, text) of the headings of a markdown cell, fenced code excluded."""
    out, inside = [], False
    for line in markdown.splitlines():
        if FENCE.match(line.lstrip()):
            inside = not inside
            continue
        m = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if m and not inside:
            out.append((len(m.group(1)), m.group(2)))
    return out


def comments(code):
    """The comments of a code cell (IPython magics and shell lines ignored)."""
    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                     for line in code.splitlines())
    try:
        return [tok.string for tok in tokenize.generate_tokens(io.StringIO(code).readline)
                if tok.type == tokenize.COMMENT]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return re.findall(r"#[^\n]*", code)


# ------------------------------------------------------------- retired symbols

NOT_A_NAME = r"(?<![A-Za-z0-9\\{_^])"     # not the tail of a longer name / sub- or superscript
LAYER_SUP = (r"\^\s*(?:\{\s*\(?\s*(?:[lL](?:\s*[-+]\s*1)?|\d)\s*\)?\s*\}"
             r"|\(\s*\d\s*\)|[lL]\b|\d\b)")   # ^l, ^{l-1}, ^L, ^1, ^{(2)}
UNIT_SUB = r"_\s*(?:\{\s*[jk]\s*\}|[jk]\b)"   # z^l_j: one unit of one sample, a number

RETIRED_MATH = [
    ("the loss written \\mathcal{L}", re.compile(r"\\mathcal\s*\{?\s*L\b|ℒ")),
    ("the loss written L (write C; L is the last layer)",
     re.compile(NOT_A_NAME + r"L\s*=\s*(?![\s\d.,$]*(?:\$|\b(?:layers?|and)\b))"
                r"|" + NOT_A_NAME + r"L\s*\(\s*[^)]"
                r"|\\partial\s*L\b(?!\s*[_^])|∂\s*L\b(?![_^])"
                r"|\b[Ll]oss(?:es)?,?\s+\$?\s*L\s*\$?(?![A-Za-z^_])"
                r"|\b[Ll]oss\s*\(\s*\$\s*L\s*\$\s*\)")),
    ("m as the batch size (write n; N is the training set)",
     re.compile(r"\bbatch(?:es)?(?:\s+size)?(?:\s+of)?\s*(?:size\s*)?\$\s*m\b"
                r"|\$\s*m\s*=\s*\d+\s*\$\s*(?:images|samples|examples|digits|points)"
                r"|\\frac\s*\{\s*1\s*\}\s*\{\s*m\s*\}|\\frac\s*\{\s*\\eta\s*\}\s*\{\s*m\s*\}"
                r"|\\tfrac\s*\{\s*1\s*\}\s*\{\s*m\s*\}|(?:\b1|\\eta|η)\s*/\s*m\b"
                r"|\$m\$\s+(?:samples|examples|images|inputs)\b"
                r"|\bsize\s+\$m\$|\bm\s+samples\b")),
    ("lower-case z^l / a^l for a batch (write Z^l, A^l; bold \\mathbf{z}^l for one sample)",
     re.compile(r"(?<![A-Za-z\\])(?<!\\mathbf\{)[za]\s*" + LAYER_SUP + r"(?!\s*" + UNIT_SUB + r")")),
    ("x as the sample index (the sample index is i: \\sum_i, A^L_{ik})",
     re.compile(r"\\sum_\s*\{?\s*x\b(?!\s*\\in\s*\\mathbb)|_\s*\{\s*x\s*[jk]\s*\}")),
    ("y(x) / a(x), per-sample functions (write the rows \\mathbf{y}_i, \\mathbf{a}^L_i)",
     re.compile(r"(?<![A-Za-z\\])[ya]\s*\(\s*(?:\\mathbf\s*\{\s*x\s*\}|\\boldsymbol\s*\{\s*x\s*\}|x)\s*\)")),
    ("σ′(a) (σ′ is a function of z: write σ′(z) = a(1 − a) with a = σ(z))",
     re.compile(r"(?:\\sigma|σ)\s*(?:'|′|\^\s*\{?\s*\\prime\s*\}?)\s*(?:\\!|\\left|\\big)?\s*"
                r"\(\s*(?:\\mathbf\s*\{\s*)?[aA]\b")),
]

# One symbol for each idea, in the chapters and on the book's glossary and notation pages.
RETIRED_EVERYWHERE = [
    ("the transpose written \\mathsf{T} / ^T (write ^\\top)",
     re.compile(r"\\mathsf\s*\{?\s*T\b|𝖳|\^\s*\{?\s*T\b(?![A-Za-z])")),
    ("a bold per-sample δ (write δ^l, as for Z^l)",
     re.compile(r"\\(?:mathbf|boldsymbol|bm)\s*\{?\s*\\delta|𝛅|𝜹")),
    ("a bold vector made a column (bold is one sample's row; a column is a matrix)",
     re.compile(r"\bcolumns?\s+\$\s*\\mathbf"
                r"|\\mathbf\s*\{?\s*[a-z]\s*\}?\s*\$?\s*\(\s*\$?\s*\d+\s*\\times\s*1\s*\$?\s*\)")),
    ("the softmax output named \\hat{y}_k (it is A^L)",
     re.compile(r"\\hat\s*\{?\s*y\s*\}?\s*_\s*\{?\s*k\b")),
]
RETIRED_MATH += RETIRED_EVERYWHERE
BOOK_PAGES = [ROOT / "book" / "glossary.md", ROOT / "book" / "notation.md"]

RETIRED_COMMENT = [
    ("the loss written \\mathcal{L}", re.compile(r"\\mathcal\s*\{?\s*L\b|ℒ")),
    ("the loss written L (write C)",
     re.compile(r"\b[Ll]oss(?:es)?,?\s+L\b(?![A-Za-z^_])|∂\s*L\b(?![_^])|\bdL\s*/\s*d")),
    ("m as the batch size (write n)",
     re.compile(r"\bbatch(?:es)?(?:\s+size)?(?:\s+of)?\s+m\b|\bm\s+samples\b|\b1\s*/\s*m\b")),
    ("y(x) / a(x), per-sample functions", re.compile(r"(?<![A-Za-z_.])[ya]\(x\)")),
    ("σ′(a) (σ′ is a function of z)", re.compile(r"(?:σ|sigma)\s*(?:'|′|_prime)\s*\(\s*a\b")),
]

MATH_NAMES_IN_CODE = [
    ("m as the batch size in code (write n)",
     re.compile(r"^\s*m\s*=\s*(?:len\s*\(|[A-Za-z_][A-Za-z_0-9]*\.shape\s*\[\s*0\s*\])", re.M)),
]


def excerpt(text, match, width=40):
    start, end = max(0, match.start() - width), min(len(text), match.end() + width)
    return " ".join(text[start:end].split())


def retired_hits(path):
    hits = []
    for index, cell in enumerate(load(path)):
        src = source(cell)
        if cell["cell_type"] == "markdown":
            texts, rules = [strip_code(src)], RETIRED_MATH
        elif cell["cell_type"] == "code":
            texts, rules = comments(src), RETIRED_COMMENT
            for what, rx in MATH_NAMES_IN_CODE:
                for m in rx.finditer(src):
                    hits.append(f"{where(path, index, cell)}: {what}: «{excerpt(src, m)}»")
        else:
            continue
        for text in texts:
            for what, rx in rules:
                for m in rx.finditer(text):
                    hits.append(f"{where(path, index, cell)}: {what}: «{excerpt(text, m)}»")
    return hits


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_retired_symbols(path):
    hits = retired_hits(path)
    assert not hits, (f"{path.stem} uses symbols the notation page retired "
                      f"(book/notation.md):\n  " + "\n  ".join(hits))


@pytest.mark.parametrize("page", BOOK_PAGES, ids=lambda p: p.name)
def test_book_pages_use_the_same_symbols(page):
    text = strip_code(page.read_text(encoding="utf-8"))
    hits = [f"{page.name}: {what}: «{excerpt(text, m)}»"
            for what, rx in RETIRED_EVERYWHERE for m in rx.finditer(text)]
    assert not hits, "\n  ".join(["retired symbols on a book page:"] + hits)


# ------------------------------------------------------------------- structure

def chapter_number(path):
    return int(path.stem[:2])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_first_cell_is_the_title(path):
    cells = load(path)
    n = chapter_number(path)
    first = cells[0]
    first_line = source(first).lstrip().splitlines()[0] if source(first).strip() else ""
    assert first["cell_type"] == "markdown" and re.match(rf"# Chapter {n}: \S", first_line), (
        f"{where(path, 0, first)}: the first cell must be the title markdown "
        f"'# Chapter {n}: ...' (the Colab set-up cell comes after it), found "
        f"«{source(first)[:80]!s}»")
    others = [f"{where(path, i, c)}: «# {text}»"
              for i, c in enumerate(cells) if c["cell_type"] == "markdown"
              for level, text in headings(source(c)) if level == 1 and i != 0]
    assert not others, f"{path.stem}: only the title is an H1:\n  " + "\n  ".join(others)


def h2s(path):
    return [(i, c, text) for i, c in enumerate(load(path)) if c["cell_type"] == "markdown"
            for level, text in headings(source(c)) if level == 2]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_sections_numbered_chapter_dot_section(path):
    n = chapter_number(path)
    problems, expected = [], 1
    for i, cell, text in h2s(path):
        if text in ENDING:
            continue
        m = re.match(r"(\d+)\.(\d+) \S", text)
        if not m:
            problems.append(f"{where(path, i, cell)}: «## {text}» is not numbered "
                            f"'## {n}.{expected} Title'")
            continue
        if (int(m.group(1)), int(m.group(2))) != (n, expected):
            problems.append(f"{where(path, i, cell)}: «## {text}» should be "
                            f"'## {n}.{expected} ...'")
        expected = int(m.group(2)) + 1
    assert not problems, f"{path.stem}: section numbering:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_chapter_ends_summary_exercises_references(path):
    sections = h2s(path)
    names = [text for _, _, text in sections]
    tail = [text for _, _, text in sections[-3:]]
    listing = ", ".join(f"cell {i}: ## {text}" for i, _, text in sections[-5:])
    assert tail == ENDING and all(names.count(e) == 1 for e in ENDING), (
        f"{path.stem}: the chapter must end with '## Summary', '## Exercises', "
        f"'## References', in that order, once each; its last H2 headings are: {listing}")

    cells = load(path)
    misplaced = [f"{where(path, i, c)}: «{'#' * level} {text}»"
                 for i, c in enumerate(cells) if c["cell_type"] == "markdown"
                 for level, text in headings(source(c))
                 if level > 2 and text in ENDING]
    assert not misplaced, (f"{path.stem}: Summary/Exercises/References are H2 sections, "
                           f"not sub-sections:\n  " + "\n  ".join(misplaced))

    # the references: a list citing with {cite}, and no {bibliography} in a chapter
    start = sections[-1][0]
    refs = source(cells[start]).split("## References", 1)[-1]
    refs += "".join(source(c) for c in cells[start + 1:] if c["cell_type"] == "markdown")
    assert re.search(r"\{cite(?::[a-z]+)?\}`[^`]+`", refs), (
        f"{where(path, start, cells[start])}: the References section cites nothing with "
        f"{{cite}}: «{refs.strip()[:120]}»")
    bib = [where(path, i, c) for i, c in enumerate(cells)
           if c["cell_type"] == "markdown" and "{bibliography}" in source(c)]
    assert not bib, f"{path.stem}: no {{bibliography}} directive in a chapter: {bib}"


# ------------------------------------------------------- the test can fail

def test_the_rules_catch_what_they_should(tmp_path):
    """Each rule fires on a retired form and stays quiet on the kept ones."""
    def fires(text):
        return [what for what, rx in RETIRED_MATH if rx.search(strip_code(text))]

    for bad in [r"$L = \frac{1}{2}\sum_i (y_i - \hat y_i)^2$", r"$\mathcal{L}(w)$",
                r"$-\partial L/\partial w$", "the loss $L$ falls",
                r"mini-batches of $m = 10$ images", r"$\frac{\eta}{m}\sum_x$",
                r"$z^l = a^{l-1} W^l + b^l$", r"$\delta^L = \nabla_{a^L} C$",
                r"$z^{l+1}_{xk}$", r"$\sum_x \lVert a - y \rVert$", r"$A^L_{xk}$", r"$a^1 = \sigma(XW^1)$", r"$(a^{1})^T$", r"$\lVert y(x) - a(x) \rVert$",
                r"$\sigma'(a)$ is shorthand", r"$\sigma'(a^1)$", "σ′(a)",
                r"$\delta^l (W^{l+1})^{\mathsf{T}}$", r"$X^T Y$", "the transpose 𝖳",
                r"$\boldsymbol{\delta}^L_i = \mathbf{a}^L_i - \mathbf{y}_i$",
                r"$\mathbf{\delta}^{L}_i$",
                r"put the weights in a column $\mathbf w$ ($3\times 1$)",
                r"the weights $\mathbf{w}$ ($3 \times 1$)",
                r"$\hat{y}_k = e^{z_k} / \sum_j e^{z_j}$"]:
        assert fires(bad), f"no rule caught «{bad}»"
    for good in [r"$Z^{l} = A^{l-1} W^{l} + \mathbf{b}^{l}$", r"$\delta^{L} = (A^{L} - Y)/n$",
                 r"$\mathbf{z}^{l} = \mathbf{a}^{l-1} W^{l} + \mathbf{b}^{l}$",
                 r"$\delta^L_i = \mathbf{a}^L_i - \mathbf{y}_i$", r"$W^L$, layers $l = 0..L$",
                 r"a network with $L = 3$ layers", r"$\sigma'(z) = a(1 - a)$ with $a = \sigma(z)$",
                 r"$z^l_j$, unit $j$", r"$m = \max_i z_i$", r"$\hat{m}_t$ in Adam",
                 r"$\sigma(x)$, $f(x)$", "`a(x)` in code", r"$C = \frac{1}{n}\sum_i C_i$",
                 r"$X^\top \delta$", r"$(W^{l+1})^{\top}$", r"$\delta^L_i$",
                 r"$\hat y = 1$ when the sum is positive", r"$\hat{Y} = A^{L}$",
                 r"the weights $W$ ($3\times 1$), a column", r"$T = 10$ steps"]:
        assert not fires(good), f"«{good}» was flagged: {fires(good)}"

    notebook = {"cells": [
        {"cell_type": "code", "id": "colab", "metadata": {}, "source": "# set-up", "outputs": []},
        {"cell_type": "markdown", "id": "title", "metadata": {}, "source": "# Chapter 7: X"},
        {"cell_type": "markdown", "id": "s1", "metadata": {}, "source": "## 1. Start"},
        {"cell_type": "markdown", "id": "end", "metadata": {},
         "source": "## Summary\n## References\n## Exercises"},
    ]}
    path = tmp_path / "07_x.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    for check in (test_first_cell_is_the_title, test_sections_numbered_chapter_dot_section,
                  test_chapter_ends_summary_exercises_references):
        with pytest.raises(AssertionError, match=r"07_x[\s\S]*cell \d"):
            check(path)
