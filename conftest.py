"""Settings for every test run, including the notebook kernels that nbval starts.

The kernels inherit this process's environment.  By default they use one BLAS
thread, the setting the stored outputs were made with (scripts/run_notebooks.py).
The notebooks must pass with any other setting too, since a learner's machine
rounds differently: a variable set on the command line wins
(`OPENBLAS_NUM_THREADS=2 pytest authored`, which CI runs as a second pass).
"""

import os

import pytest

for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(name, "1")


def pytest_collection_modifyitems(config, items):
    """Mark the slow tiers: every notebook under nbval and everything in tests/system/.

    (pyproject.toml runs the tests on both cores with ``--dist loadscope``: a notebook's cells
    stay on one worker, in order, as nbval needs, and so do the tests of one module, which
    share its servers and builds. nbval's cells do not take xdist's group markers, so
    ``loadgroup`` cannot keep a notebook together.)
    """
    for item in items:
        path = str(item.path).replace(os.sep, "/")
        if path.endswith(".ipynb") or "/tests/system/" in path:
            item.add_marker(pytest.mark.slow)
