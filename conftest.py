"""Settings for every test run, including the notebook kernels that nbval starts.

The kernels inherit this process's environment.  One BLAS thread everywhere
makes the notebooks' numbers reproducible: a float32 matrix product summed by
two threads rounds differently from one summed by one, and over many epochs of
training such differences grow into visibly different accuracies.
(scripts/run_notebooks.py, which stores the outputs, uses the same setting.)
"""

import os

for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[name] = "1"
