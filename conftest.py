"""Settings for every test run, including the notebook kernels that nbval starts.

The kernels inherit this process's environment.  By default they use one BLAS
thread, the setting the stored outputs were made with (scripts/run_notebooks.py).
The notebooks must pass with any other setting too, since a learner's machine
rounds differently: a variable set on the command line wins
(`OPENBLAS_NUM_THREADS=2 pytest notebooks`, which CI runs as a second pass).
"""

import os

for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(name, "1")


def pytest_collection_modifyitems(config, items):
    """Mark the slow tiers and keep together what must run on one xdist worker.

    Slow: every notebook under nbval and everything in tests/system/. With ``--dist
    loadgroup`` (pyproject.toml) tests are spread one by one over the workers, except groups:
    a notebook's cells (nbval runs them in order, in one kernel) and the tests of a module
    that share a module-scoped fixture (a JupyterLab server, a built book, an nbgrader
    exchange), which run on one worker so that the fixture is set up once.
    """
    import pytest

    for item in items:
        path = str(item.path).replace(os.sep, "/")
        if path.endswith(".ipynb") or "/tests/system/" in path:
            item.add_marker(pytest.mark.slow)
        if path.endswith(".ipynb") or _shares_a_module_fixture(item):
            item.add_marker(pytest.mark.xdist_group(name=path))


def _shares_a_module_fixture(item):
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(definition.scope in ("module", "package", "session")
               and definition.baseid  # the project's own fixtures, not pytest's or plugins'
               for definitions in info.name2fixturedefs.values() for definition in definitions)
