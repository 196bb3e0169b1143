"""The learner notebooks (notebooks/) and the cells a learner reads (issue 18).

* notebooks/ is exactly what ``python -m nncourse.learner`` writes from authored/ now;
* no line of a solution region and no hidden-test block of an authored notebook appears in a
  learner notebook; exercises are stubs, written answers empty, no nbgrader metadata;
* the prose reads in JupyterLab: no MyST role, no glue key, no "⚠" is left in any markdown
  cell, and every glued value the prose uses is stored in the authored notebook;
* cells that only teach: no visible code cell (authored or learner) holds an assert, a glue
  call, thread pinning, provenance printing or an output with a path of the authors' machine;
  hidden cells (tag remove-cell) are collapsed in JupyterLab;
* figures show before anything runs: the learner notebook keeps the stored outputs of every
  cell before the exercises; exercise cells and their checks start empty.
"""

import json
import re
from pathlib import Path

import nbformat
import pytest

from nncourse import learner
from nncourse.release import BEGIN_HIDDEN, BEGIN_MARKER, END_HIDDEN, END_MARKER, is_distinctive

ROOT = Path(__file__).resolve().parents[2]
AUTHORED = sorted((ROOT / "authored").glob("0*.ipynb"))
LEARNER = ROOT / "notebooks"
BIB = ROOT / "book" / "references.bib"

# What a visible code cell must not hold: test plumbing, book plumbing, machine plumbing.
PLUMBING = {
    "an assert": re.compile(r"^\s*assert\b", re.M),
    "a glue call": re.compile(r"\bglue\("),
    "thread pinning": re.compile(r"threadpool|OPENBLAS|OMP_NUM_THREADS|MKL_NUM_THREADS"),
    "environment plumbing": re.compile(r"os\.environ"),
    "provenance printing": re.compile(r"\bplatform\.|show_config|cpuinfo|sys\.version"),
    "a temporary path": re.compile(r"/tmp/"),
    "nbval plumbing": re.compile(r"nbval|PYTEST_CURRENT_TEST"),
}
MACHINE_PATH = re.compile(r"/(?:tmp|root|home|work|usr|opt)/[\w.-]+/")
RAW_PROSE = re.compile(r"\{[a-z]+(?::[a-z]+)?\}`|⚠|\bch\d_[a-z0-9_]+\b")


def load(path):
    return nbformat.read(path, as_version=4)


def tags(cell):
    return cell.metadata.get("tags", [])


def visible_code(nb):
    return [(i, c) for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and learner.HIDDEN_TAG not in tags(c)]


def solution_regions(nb):
    """Every line inside a solution region or a hidden-test block, with where it was."""
    found = []
    for index, cell in enumerate(nb.cells):
        inside = False
        for line in cell.source.split("\n"):
            if line.strip() in (BEGIN_MARKER, BEGIN_HIDDEN):
                inside = True
            elif line.strip() in (END_MARKER, END_HIDDEN):
                inside = False
            elif inside:
                found.append((line.strip(), index))
        if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "markdown":
            found += [(line.strip(), index) for line in cell.source.split("\n")]
    return found


@pytest.fixture(scope="module")
def written():
    return learner.learner_notebooks(ROOT / "authored", BIB)


def test_learner_notebooks_are_what_the_command_writes_now(written):
    stale = learner.stale_notebooks(written, LEARNER)
    assert not stale, (f"notebooks/ is out of date for {stale}: run `python -m nncourse.learner` "
                       "and commit notebooks/")
    assert sorted(written) == [p.name for p in AUTHORED]


def test_the_staleness_check_can_fail(written, tmp_path):
    for name, text in written.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert learner.stale_notebooks(written, tmp_path) == []
    name = sorted(written)[0]
    nb = json.loads(written[name])
    nb["cells"][0]["source"] = "# an edit made by hand"
    (tmp_path / name).write_text(json.dumps(nb), encoding="utf-8")
    assert learner.stale_notebooks(written, tmp_path) == [name]


@pytest.mark.parametrize("path", AUTHORED, ids=lambda p: p.stem)
def test_no_solution_or_hidden_test_reaches_the_learner(path):
    authored, learner_nb = load(path), load(LEARNER / path.name)
    regions = [(line, index) for line, index in solution_regions(authored) if is_distinctive(line)]
    assert regions, f"{path.name}: no solution found to compare (did the markers change?)"
    text = "\n".join(c.source for c in learner_nb.cells)
    # A written answer may quote the chapter's own code: a line that the authored notebook
    # shows outside every solution is not a leak.
    answers = {index for index, c in enumerate(authored.cells) if c.metadata.get("nbgrader", {})
               .get("solution")}
    shown = "\n".join(c.source for i, c in enumerate(authored.cells) if i not in answers)
    leaked = [f"cell {index}: {line!r}" for line, index in regions
              if line in text and not (authored.cells[index].cell_type == "markdown"
                                       and line in shown)]
    assert not leaked, f"{path.name}: solution lines in the learner notebook: {leaked[:5]}"
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS"):
        assert marker not in text
    assert not [c for c in learner_nb.cells if "nbgrader" in c.metadata]
    stubs = [c for c in learner_nb.cells
             if c.cell_type == "code" and "raise NotImplementedError()" in c.source]
    assert len(stubs) >= 3, f"{path.name}: expected the exercises as stubs"
    for stub in stubs:
        assert stub.outputs == [] and stub.execution_count is None
    checks = [c for c in learner_nb.cells if c.cell_type == "code" and "check_" in c.source
              and "raises-exception" in tags(c)]
    assert len(checks) >= len(stubs), (f"{path.name}: every check cell lets Run All go on "
                                       "past a wrong answer (tag raises-exception)")


@pytest.mark.parametrize("path", AUTHORED, ids=lambda p: p.stem)
def test_prose_reads_in_jupyterlab(path):
    learner_nb = load(LEARNER / path.name)
    for index, cell in enumerate(learner_nb.cells):
        if cell.cell_type == "markdown":
            raw = RAW_PROSE.findall(cell.source)
            assert not raw, f"{path.name}, learner cell {index}: unrendered {raw} in the prose"


def test_roles_render_as_text():
    bibliography = learner.read_bibliography(BIB)
    glued = {"ch9_acc": "97.5%", "ch9_x": 0.123456}
    text = ("It reads {glue:text}`ch9_acc` ({glue:text}`ch9_x:.2f`); see {cite:t}`nielsen2015neural` "
            "and {cite:p}`kingma2015adam`, a {term}`learning rate`, the {doc}`/book/notation`.")
    assert learner.render_roles(text, glued, bibliography, "here") == (
        "It reads 97.5% (0.12); see Nielsen (2015) and (Kingma and Ba, 2015), a learning "
        "rate, the [Notation](../book/notation.md).")
    references = learner.render_roles("## References\n\n- {cite:t}`nielsen2015neural`: ch. 1",
                                      glued, bibliography, "here")
    assert "*Neural Networks and Deep Learning*" in references and "Nielsen (2015)" in references
    with pytest.raises(learner.ReleaseError, match="ch9_missing"):
        learner.render_roles("{glue:text}`ch9_missing`", glued, bibliography, "here")
    with pytest.raises(learner.ReleaseError, match="nobody2020"):
        learner.render_roles("{cite:t}`nobody2020`", glued, bibliography, "here")


@pytest.mark.parametrize("path", AUTHORED, ids=lambda p: p.stem)
def test_visible_cells_only_teach(path):
    for label, nb in (("authored", load(path)), ("learner", load(LEARNER / path.name))):
        for index, cell in visible_code(nb):
            found = [what for what, pattern in PLUMBING.items() if pattern.search(cell.source)]
            assert not found, (f"{path.name} ({label}), cell {index}: a visible code cell holds "
                               f"{', '.join(found)}; move it to a hidden cell (tag remove-cell)")
            for output in cell.get("outputs", []):
                text = output.get("text", "") + str(output.get("data", {}).get("text/plain", ""))
                assert not MACHINE_PATH.search(text), (
                    f"{path.name} ({label}), cell {index}: an output shows a path of the "
                    f"authors' machine: {MACHINE_PATH.search(text).group(0)}")
    for index, cell in enumerate(load(path).cells):
        if learner.HIDDEN_TAG in tags(cell):
            assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, (
                f"{path.name}, cell {index}: a hidden cell must also be collapsed in JupyterLab "
                '(metadata "jupyter": {"source_hidden": true})')


@pytest.mark.parametrize("path", AUTHORED, ids=lambda p: p.stem)
def test_figures_show_before_anything_runs(path):
    learner_nb = load(LEARNER / path.name)
    first_exercise = next(i for i, c in enumerate(learner_nb.cells)
                          if c.cell_type == "code" and "raise NotImplementedError()" in c.source)
    before = [c for c in learner_nb.cells[:first_exercise] if c.cell_type == "code"]
    assert before and all(c.execution_count is not None for c in before)
    images = sum("image/png" in o.get("data", {}) for c in before for o in c.outputs)
    assert images >= 1, f"{path.name}: no stored figure before the exercises"
    for cell in learner_nb.cells:
        if "hide-input" in tags(cell):
            assert cell.metadata.get("jupyter", {}).get("source_hidden") is True


@pytest.mark.parametrize("path", AUTHORED, ids=lambda p: p.stem)
def test_ignored_outputs_stay_under_a_quarter(path):
    code = visible_code(load(path))
    ignored = [i for i, c in code if "nbval-ignore-output" in tags(c)]
    assert len(ignored) < len(code) / 4, (
        f"{path.name}: {len(ignored)} of {len(code)} visible code cells ignore their output "
        f"(cells {ignored}); make outputs CPU-robust and assert in a hidden cell instead")
