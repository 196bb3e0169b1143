"""nnlib's modules import one way: data → maths → model → training → plots/widgets/checks.

Every ``import`` statement in nnlib/ (also those inside functions) is read with
``ast``; a module may import only from its own layer or from layers below, and
no two modules may import each other, directly or round a longer cycle.
The package's ``__init__`` (the facade that gathers everything) is left out.
"""

import ast
from pathlib import Path

import pytest

NNLIB = Path(__file__).resolve().parents[2] / "nnlib"

LAYERS = [
    ("data", {"validation", "datasets"}),
    ("maths", {"activations", "losses", "initializers", "metrics", "optimizers", "autodiff",
               "gradcheck"}),
    ("model", {"network", "perceptron"}),
    ("training", {"training"}),
    ("plots, widgets", {"plots", "widgets", "animation"}),
]
LEVEL = {name: level for level, (_, names) in enumerate(LAYERS) for name in names}

# The one import against the direction, each with its reason: Network.fit hands over to
# the training loop, which sits above the model (it builds networks for the toy dashboards),
# so fit imports it when it is called, inside the method; nothing is installed at import.
CALL_TIME_IMPORTS = {("network", "training"): "Network.fit"}


def _module_name(path):
    parts = path.relative_to(NNLIB).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__")


def _call_time_imports(tree, function):
    """Import nodes inside the method or function called ``function`` ("Class.method")."""
    *owner, name = function.split(".")
    scope = tree
    for part in owner:
        scope = next(n for n in scope.body if isinstance(n, ast.ClassDef) and n.name == part)
    target = next(n for n in scope.body if isinstance(n, ast.FunctionDef) and n.name == name)
    return {id(n) for n in ast.walk(target) if isinstance(n, (ast.Import, ast.ImportFrom))}


def _imports(path):
    """Top-level nnlib modules that ``path`` imports (first component after nnlib.), leaving
    out the call-time imports listed in CALL_TIME_IMPORTS."""
    name = _module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    tree = ast.parse(path.read_text(), str(path))
    skipped = set()
    for (source, _), function in CALL_TIME_IMPORTS.items():
        if name == source:
            skipped |= _call_time_imports(tree, function)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - (node.level - 1)] if node.level > 1 else package
                target = [*base, *(node.module.split(".") if node.module else [])]
                if target:
                    found.add(target[0])
                else:  # from . import x, y
                    found.update(alias.name for alias in node.names)
            elif node.module and node.module.split(".")[0] == "nnlib":
                rest = node.module.split(".")[1:]
                found.update(rest[:1] or [alias.name for alias in node.names])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "nnlib" and len(parts) > 1:
                    found.add(parts[1])
    top = name.split(".")[0]
    found.discard(top)
    return top, found


def _graph():
    graph = {}
    for path in sorted(NNLIB.rglob("*.py")):
        if path == NNLIB / "__init__.py":
            continue
        top, targets = _imports(path)
        graph.setdefault(top, set()).update(targets)
    return graph


def test_every_module_has_a_layer():
    unknown = sorted(set(_graph()) - set(LEVEL))
    assert not unknown, f"put these nnlib modules into a layer in {__file__}: {unknown}"


def test_imports_run_one_way():
    wrong = [(source, target) for source, targets in _graph().items()
             for target in targets
             if LEVEL.get(target, -1) > LEVEL.get(source, 99)]
    described = [f"{s} ({LAYERS[LEVEL[s]][0]}) imports {t} ({LAYERS[LEVEL[t]][0]})"
                 for s, t in wrong]
    assert not wrong, "imports against the direction:\n" + "\n".join(described)


def test_no_import_cycles():
    graph = _graph()
    state = {}

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                pytest.fail("import cycle: " + " → ".join([*path, node, nxt]))
            if nxt not in state:
                visit(nxt, [*path, node])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [])


def test_network_reaches_the_loop_only_when_fit_is_called():
    """No hook installed at import: network.py imports training only inside fit, and the
    loop calls the network's unchecked entries, not private names that no longer exist."""
    assert "training" not in _graph()["network"]
    network = (NNLIB / "network.py").read_text()
    assert "trainer" not in network and "from .training import train" in network
    source = (NNLIB / "training.py").read_text()
    assert "Network.trainer" not in source
    for gone in ("._backprop(", "._feedforward(", ".gradients(", ".output_layer("):
        assert gone not in source


def test_the_checker_sees_an_upward_import(tmp_path, monkeypatch):
    """The parser is not blind: an upward import written into a copy is reported."""
    fake = tmp_path / "nnlib"
    fake.mkdir()
    (fake / "__init__.py").write_text("")
    (fake / "losses.py").write_text("def f():\n    from .training import train\n")
    (fake / "training.py").write_text("from .losses import f\n")
    monkeypatch.setattr(__import__(__name__), "NNLIB", fake)
    graph = _graph()
    assert graph == {"losses": {"training"}, "training": {"losses"}}
    with pytest.raises(AssertionError, match="losses \\(maths\\) imports training"):
        test_imports_run_one_way()


def test_import_nnlib_needs_numpy_only():
    """``import nnlib`` loads no plotting, widget or notebook stack (a fresh interpreter:
    this test process has imported matplotlib long ago)."""
    import subprocess
    import sys

    heavy = ["matplotlib", "ipywidgets", "IPython", "nncourse", "nbformat"]
    code = ("import sys, nnlib; nnlib.Network([2, 1], 'sigmoid');"
            f"print([m for m in {heavy!r} if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=NNLIB.parent)
    assert result.stdout.strip() == "[]", result.stdout
