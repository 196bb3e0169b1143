"""The machine a result was measured on, recorded beside the result.

Training results and timings depend on the computer: another CPU, BLAS kernel or thread
count rounds differently (chapter 6, section 6.5) and runs at another speed.  So the seed
study (``scripts/seed_study.py``) and the benchmarks (``benchmarks/run.py``) store this
description in their results files.  Chapter 6 never prints it: a learner's page shows no
provenance of the authors' machine.
"""

import os
import platform
import time

import numpy as np

# The environment variables that change which BLAS code runs, or how many threads it uses.
BLAS_VARIABLES = ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OPENBLAS_L2_SIZE",
                  "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def cpu_model():
    """The CPU's model name (from /proc/cpuinfo on Linux), else what ``platform`` knows."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def blas_libraries():
    """NumPy's BLAS libraries as threadpoolctl sees them (API, version, kernel architecture,
    threads), without their file paths; an empty list without threadpoolctl."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return []
    return [{key: value for key, value in info.items() if key != "filepath"}
            for info in threadpool_info() if info.get("user_api") == "blas"]


def blas_threads():
    """The number of threads NumPy's BLAS uses now, or None when it cannot be asked."""
    libraries = blas_libraries()
    return libraries[0].get("num_threads") if libraries else None


def machine_info():
    """A dict describing this computer: CPU, cores, platform, Python, NumPy, the BLAS
    libraries and the environment variables that steer them, and the date (UTC)."""
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas": blas_libraries(),
        **{name: os.environ.get(name) for name in BLAS_VARIABLES},
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
