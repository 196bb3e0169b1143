"""What each audience installs (issue 18.2): a learner's JupyterLab has no instructor tools.

The README's quick start installs ``.[lab]``: JupyterLab with the MyST renderer. nbgrader (its
"Create Assignment" sidebar, its menu and Validate button) comes only with ``.[instructor]``,
the one documented step for instructors, and with ``.[dev]``. pip resolves each set here
without installing anything (``pip install --dry-run --report``); it reads the package index,
so the test needs the registries (CI has them).
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def resolved(extra, tmp_path):
    report = tmp_path / f"{extra}.json"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
         "--report", str(report), f".[{extra}]"],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"pip could not resolve .[{extra}]:\n{result.stderr[-2000:]}"
    return {item["metadata"]["name"].lower().replace("_", "-")
            for item in json.loads(report.read_text())["install"]}


@pytest.mark.parametrize("extra, has_nbgrader", [("lab", False), ("instructor", True)])
def test_learners_get_jupyterlab_and_instructors_get_nbgrader(extra, has_nbgrader, tmp_path):
    names = resolved(extra, tmp_path)
    assert {"nnlib", "jupyterlab", "jupyterlab-myst", "ipykernel"} <= names, sorted(names)
    assert ("nbgrader" in names) is has_nbgrader, (
        f".[{extra}] {'lacks' if has_nbgrader else 'pulls in'} nbgrader: "
        + ("instructors need it" if has_nbgrader else "a learner's JupyterLab would show "
           "nbgrader's instructor tools"))
