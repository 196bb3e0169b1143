"""Execute course notebooks in place, storing their outputs and widget state.

    python scripts/run_notebooks.py                       # every notebook in authored/
    python scripts/run_notebooks.py authored/03_*.ipynb  # just some

The committed outputs are what `pytest --nbval` compares against and what the
book shows, so re-run this after editing a notebook.  Widget state is saved
in the notebook (so sliders and their first figure appear in the static
book); the run stops at the first error.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
sys.path.insert(0, str(Path(__file__).resolve().parent))  # scripts/ may not be on the path
from notebook_client import execute_notebook  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def run(path, timeout=600):
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    execute_notebook(nb, path.parent, cell_timeout=timeout, store_widget_state=True)
    # The name JupyterLab itself writes, so a notebook does not open as modified.
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": "python3"}
    seconds = time.perf_counter() - start
    nbformat.write(nb, path)
    return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "authored").glob("[0-9]*.ipynb"))
    os.environ.setdefault("PYTHONHASHSEED", "0")
    # The same single BLAS thread as the tests (see conftest.py), so the stored
    # outputs are the ones that pytest --nbval reproduces.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = "1"
    total = 0.0
    for path in paths:
        seconds = run(path.resolve())
        total += seconds
        print(f"{path.name}: executed in {seconds:.1f} s")
    print(f"total: {total:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
