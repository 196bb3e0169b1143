"""The learner notebooks: what the README, Binder and Colab open.

    python -m nncourse.learner            # authored/*.ipynb -> notebooks/*.ipynb
    python -m nncourse.learner --check    # exit 1 if notebooks/ is not what it would write

Authors edit one notebook per chapter in ``authored/``: solutions between nbgrader's
markers, hidden tests, written answers, and *hidden cells* (tag ``remove-cell``) that glue
values for the book and assert what the prose claims.  A learner needs none of that, and
JupyterLab cannot render myst-nb's ``{glue:text}`` or ``{cite}`` roles.  From each authored
notebook this module writes the learner's notebook:

* every solution becomes a stub (``raise NotImplementedError()``), every written answer an
  empty answer cell, hidden tests are removed (the same stubs as ``nbgrader
  generate_assignment``; :mod:`nncourse.release` does the stripping and the leak check);
* hidden cells, ``book-only`` cells (a dashboard's precomputed pictures for the static book)
  and ``solution-only`` cells are dropped;
* the roles in the prose become text: a glued value becomes the value stored in the
  authored notebook, a citation ``Author (Year)`` (in a References section, the full
  reference), a glossary term its word, a link to a book page a relative link;
* every other cell keeps its stored outputs, so figures show before anything runs;
  exercise cells, their checks and every code cell after the first exercise start empty;
* figure code the book collapses (``hide-input``) is collapsed in JupyterLab too;
* each exercise's check cell is tagged ``raises-exception``: a wrong answer shows its ❌
  message and hint, and Run All goes on with the rest of the chapter.

The book is built from the authored notebooks; ``--class-book DIR`` writes the same
notebooks for the book without solutions (roles kept for Sphinx, hidden cells kept for
their glued values) that ``scripts/build_book.sh --no-solutions`` builds.
"""

import argparse
import ast
import copy
import re
import sys
from pathlib import Path

import nbformat

from .release import (HIDE_INPUT_TAG, SOLUTION_ONLY_TAG, ReleaseError, cell_location,
                      check_for_leaks, source_notebooks, strip_cell)

REPO = Path(__file__).resolve().parent.parent
HIDDEN_TAG = "remove-cell"
BOOK_ONLY_TAG = "book-only"   # e.g. a dashboard's precomputed pictures: the live one runs in JupyterLab
ANSWER_STUB = "*Your answer: double-click this cell and write it here.*"
ROLE = re.compile(r"\{(glue:text|glue|cite:t|cite:p|cite|term|doc)\}`([^`]*)`")
GLUE_MIME = "application/papermill.record/text/plain"
TEST_TAGS = ("nbval-ignore-output", "nbval-skip", "raises-exception", "nbval-raises-exception")


# --- the bibliography ---------------------------------------------------------------------

def read_bibliography(path):
    """``{key: {field: value}}`` from a BibTeX file (the simple form this book writes)."""
    entries = {}
    text = Path(path).read_text(encoding="utf-8")
    for match in re.finditer(r"@\w+\{([^,\s]+),(.*?)\n\}", text, re.S):
        fields = dict(re.findall(r"^\s*(\w+)\s*=\s*\{(.*)\},?\s*$", match.group(2), re.M))
        entries[match.group(1)] = {k.lower(): v.replace("{", "").replace("}", "")
                                   for k, v in fields.items()}
    return entries


def _surnames(entry):
    names = [name.strip() for name in entry.get("author", "").split(" and ") if name.strip()]
    surnames = [name.split(",")[0].strip() if "," in name else name.split()[-1] for name in names]
    if len(surnames) > 2:
        return f"{surnames[0]} et al."
    return " and ".join(surnames) or entry.get("title", "?")


def cite_text(keys, kind, bibliography, full=False):
    """How a citation reads in JupyterLab: ``Nielsen (2015)`` or ``(Nielsen, 2015)``."""
    parts = []
    for key in (k.strip() for k in keys.split(",")):
        if key not in bibliography:
            raise ReleaseError(f"citation {key!r} is not in book/references.bib")
        entry = bibliography[key]
        if full:
            where = entry.get("journal") or entry.get("booktitle") or entry.get("publisher") \
                or entry.get("howpublished", "")
            link = entry.get("url") or (f"https://doi.org/{entry['doi']}" if "doi" in entry else "")
            title = f"[*{entry['title']}*]({link})" if link else f"*{entry['title']}*"
            parts.append(f"{_surnames(entry)} ({entry.get('year', 'n.d.')}), {title}"
                         + (f", {where}" if where else ""))
        elif kind == "cite:t":
            parts.append(f"{_surnames(entry)} ({entry.get('year', 'n.d.')})")
        else:
            parts.append(f"{_surnames(entry)}, {entry.get('year', 'n.d.')}")
    joined = "; ".join(parts)
    return joined if full or kind == "cite:t" else f"({joined})"


# --- glued values ---------------------------------------------------------------------------

def glued_values(nb):
    """``{name: text}`` of every value the notebook glued (myst-nb's stored outputs)."""
    values = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook", {})
            if record.get("name") and GLUE_MIME in output.get("data", {}):
                text = output["data"][GLUE_MIME]
                try:
                    value = ast.literal_eval(text)
                except (ValueError, SyntaxError):
                    value = text
                values[record["name"]] = value
    return values


def render_roles(text, glued, bibliography, location):
    """The markdown with every MyST role replaced by the text a reader should see."""
    in_references = bool(re.match(r"\s*#+\s*References\b", text))

    def replace(match):
        role, content = match.groups()
        if role in ("glue:text", "glue"):
            name, _, spec = content.partition(":")
            if name not in glued:
                raise ReleaseError(f"{location}: the prose uses the glued value {name!r}, "
                                   "which no cell of the notebook glues")
            value = glued[name]
            return format(value, spec) if spec else str(value)
        if role.startswith("cite"):
            return cite_text(content, role, bibliography, full=in_references)
        if role == "term":
            return re.sub(r"\s*<[^>]*>$", "", content)
        target = content.strip().lstrip("/")
        label = Path(target).name.replace("_", " ").capitalize()
        return f"[{label}](../{target}.md)"

    return ROLE.sub(replace, text)


# --- one notebook -----------------------------------------------------------------------------

def _tags(cell):
    return cell.metadata.get("tags", [])


def _collapse(cell, outputs_too=False):
    jupyter = cell.metadata.setdefault("jupyter", {})
    jupyter["source_hidden"] = True
    if outputs_too:
        jupyter["outputs_hidden"] = True


def _tidy_metadata(cell, keep_tags=()):
    cell.metadata.pop("nbgrader", None)
    tags = [t for t in _tags(cell) if t not in TEST_TAGS and t not in keep_tags]
    if tags:
        cell.metadata["tags"] = tags
    else:
        cell.metadata.pop("tags", None)


def learner_notebook(nb, name, bibliography, for_book=False):
    """The learner's version of the authored notebook ``nb`` (``nb`` is not modified).

    ``for_book=True`` gives the notebook for the book without solutions instead: roles and
    hidden cells stay (Sphinx renders the roles and removes the hidden cells).
    Raises ReleaseError on a malformed marker, a leaked solution or an unknown glue name.
    """
    glued = glued_values(nb)
    nb = copy.deepcopy(nb)
    cells, locations, solution_lines = [], [], []
    in_exercises = False
    for index, cell in enumerate(nb.cells):
        location = cell_location(name, index, cell)
        tags = _tags(cell)
        if SOLUTION_ONLY_TAG in tags or (not for_book and (HIDDEN_TAG in tags or BOOK_ONLY_TAG in tags)):
            continue
        graded = cell.metadata.get("nbgrader", {})
        source, body_lines, regions = strip_cell(cell, location)
        if regions:
            solution_lines += [(line, location) for line in body_lines]
            in_exercises = in_exercises or cell.cell_type == "code"
            tags = [t for t in tags if t != HIDE_INPUT_TAG]
            cell.metadata["tags"] = tags
            if cell.cell_type == "markdown" and graded.get("solution"):
                source = ANSWER_STUB
        cell.source = source
        is_check = cell.cell_type == "code" and graded.get("grade") and not graded.get("solution")
        if cell.cell_type == "code":
            if in_exercises or graded:
                cell.outputs, cell.execution_count = [], None
            if not for_book and HIDE_INPUT_TAG in tags:
                _collapse(cell)
            if not for_book and "hide-cell" in tags:
                _collapse(cell, outputs_too=True)
        elif not for_book:
            cell.source = render_roles(cell.source, glued, bibliography, location)
        _tidy_metadata(cell, keep_tags=() if for_book else (HIDE_INPUT_TAG, "hide-cell"))
        if is_check and not for_book:
            cell.metadata["tags"] = cell.metadata.get("tags", []) + ["raises-exception"]
        cells.append(cell)
        locations.append(location)
    nb.cells = cells
    check_for_leaks(nb, locations, solution_lines, name)
    return nb


# --- the folders ---------------------------------------------------------------------------------

def as_text(nb):
    """The notebook as the JSON text it is stored as (so that a comparison is exact)."""
    return nbformat.writes(nb, version=4) + "\n"


def learner_notebooks(src, bibliography_path, for_book=False):
    """``{file name: notebook text}`` for every authored notebook in ``src``."""
    bibliography = read_bibliography(bibliography_path)
    written = {}
    for path in source_notebooks(src):
        nb = nbformat.read(path, as_version=4)
        written[path.name] = as_text(learner_notebook(nb, path.name, bibliography, for_book))
    return written


def stale_notebooks(written, dest):
    """Names in ``dest`` that differ from ``written``, are missing, or are left over."""
    dest = Path(dest)
    stale = [name for name, text in written.items()
             if not (dest / name).exists() or (dest / name).read_text(encoding="utf-8") != text]
    stale += [p.name for p in source_notebooks(dest) if p.name not in written]
    return sorted(stale)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m nncourse.learner", description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, default=REPO / "authored", help="authored notebooks")
    parser.add_argument("--dest", type=Path, default=REPO / "notebooks", help="learner notebooks")
    parser.add_argument("--bib", type=Path, default=REPO / "book" / "references.bib")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if DEST differs from what would be written")
    parser.add_argument("--class-book", type=Path, metavar="DIR",
                        help="write the notebooks for the book without solutions to DIR instead")
    args = parser.parse_args(argv)
    try:
        written = learner_notebooks(args.src, args.bib, for_book=args.class_book is not None)
    except ReleaseError as error:
        print(f"learner notebooks: {error}", file=sys.stderr)
        return 1
    dest = args.class_book or args.dest
    if args.check:
        stale = stale_notebooks(written, dest)
        if stale:
            print(f"{dest} is out of date ({', '.join(stale)}): run python -m nncourse.learner",
                  file=sys.stderr)
            return 1
        print(f"{dest}: all {len(written)} learner notebooks are up to date")
        return 0
    dest.mkdir(parents=True, exist_ok=True)
    for stale in source_notebooks(dest):
        if stale.name not in written:
            stale.unlink()
    for name, text in written.items():
        (dest / name).write_text(text, encoding="utf-8")
    print(f"{dest}: wrote {len(written)} notebook(s): {', '.join(written)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
