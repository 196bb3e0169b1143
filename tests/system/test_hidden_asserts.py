"""The assertions moved out of sight still bite (issue 18.5).

A chapter's hidden cells (tag ``remove-cell``: removed from the book, collapsed in JupyterLab,
dropped from the learner notebooks) hold the asserts that keep the prose true. nbval runs them
with the rest of the notebook; this test shows that they are not decoration: it runs each
authored notebook in a kernel, and before every hidden cell that asserts, it gives the values
that the cell's assert statements read a wrong value, one name at a time (a number becomes
NaN, an array NaNs, a flag its negation, a text or a container empty), runs the cell, and
expects it to fail; then it restores the values and runs the cell as written.

Every hidden assert cell must fail for at least one wrong value. Names the cell assigns
before its asserts are computed there, so the cell is run with the wrong inputs instead: the
names it reads that already exist.
"""

import ast
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
AUTHORED = sorted((ROOT / "authored").glob("0*.ipynb"))

SPOIL = r'''
import numpy as __np
def __spoil(value):
    if isinstance(value, bool) or isinstance(value, __np.bool_):
        return not value
    if isinstance(value, (int, float, __np.number)):
        return float("nan")
    if isinstance(value, __np.ndarray):
        return __np.full(value.shape, __np.nan) if value.size else __np.ones(3)
    if isinstance(value, str):
        return ""
    if isinstance(value, (list, tuple, dict, set)):
        return type(value)()
    return None
'''


def asserted_names(code):
    """Names read by the cell's assert statements that the cell does not assign itself."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    assigned = {node.id for node in ast.walk(tree)
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
    read = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            read += [n.id for n in ast.walk(node) if isinstance(n, ast.Name)
                     and isinstance(n.ctx, ast.Load)]
    inputs = [n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)]
    names = [n for n in dict.fromkeys(read) if n not in assigned]
    return names or [n for n in dict.fromkeys(inputs) if n not in assigned]


def run(client, code):
    """Run code in the kernel; return the error name, or None when it ran cleanly."""
    errors = []

    def hook(message):
        if message["msg_type"] == "error":
            errors.append(message["content"]["ename"])

    reply = client.execute_interactive(code, timeout=900, output_hook=hook, store_history=False)
    if reply["content"]["status"] == "error":
        return reply["content"].get("ename") or (errors[0] if errors else "error")
    return None


@pytest.fixture
def kernel():
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(ROOT / "authored"))
    yield client
    client.stop_channels()
    manager.shutdown_kernel(now=True)


@pytest.mark.parametrize("path", AUTHORED, ids=lambda p: p.stem)
def test_every_hidden_assert_fails_on_a_wrong_value(path, kernel):
    nb = nbformat.read(path, as_version=4)
    assert run(kernel, "%matplotlib agg\n" + SPOIL) is None
    toothless, hidden_asserts = [], 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        hidden = "remove-cell" in cell.metadata.get("tags", [])
        if hidden and "assert" in cell.source:
            hidden_asserts += 1
            bites = False
            for name in asserted_names(cell.source):
                spoiled = run(kernel, f"__saved = {name}\n{name} = __spoil({name})")
                if spoiled is not None:  # not a variable here (a module, a builtin): skip it
                    continue
                bites = run(kernel, cell.source) is not None
                assert run(kernel, f"{name} = __saved") is None
                if bites:
                    break
            if not bites:
                toothless.append(index)
        error = run(kernel, cell.source)
        allowed = "raises-exception" in cell.metadata.get("tags", [])
        assert error is None or allowed, f"{path.name}, cell {index} failed as written: {error}"
    assert hidden_asserts, f"{path.name}: no hidden cell asserts anything"
    assert not toothless, (f"{path.name}: hidden cells {toothless} pass whatever values their "
                           "asserts read")
