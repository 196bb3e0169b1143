"""The benchmark's report (benchmarks/run.py): every section it measured is printed as
facts, without "met"/"missed", an accuracy level that was not reached says in how many
epochs, and the limit section's lower bound is 1 + the optimiser step's share."""

import re
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import run  # noqa: E402

MACHINE = {"date": "2026-12-02 01:00 UTC", "cpu": "test CPU", "cores": 2, "python": "3",
           "numpy": np.__version__, "OPENBLAS_CORETYPE": None, "OPENBLAS_L2_SIZE": None}


def results(mode):
    points = [{"epoch": e, "train_seconds": 3.0 * e, "test_accuracy": a}
              for e, a in enumerate([0.971, 0.975, 0.976, 0.982, 0.981], start=1)]
    limit_row = {"gemm_per_batch_s": 0.0025, "nnlib_adam_over_gemm": 0.96,
                 "sqrt_divide_over_gemm": 0.22, "one_pass_over_gemm": 0.07}
    sections = {
        "classic": {"classic_loop_s": 17.0, "nnlib_float64_s": 2.9, "nnlib_float32_s": 2.1,
                    "speedup_float64": 5.9, "speedup_float32": 8.1, "n_train": 60000},
        "floor": [{"batch_size": 64, "gemm_floor_s": 0.37, "nnlib_s": 0.66, "ratio": 1.78}],
        "accuracy": {"recipe": {}, "epochs": 5, "points": points,
                     "seconds_to_98.0": 12.0, "epoch_to_98.0": 4,
                     "seconds_to_98.5": None, "epoch_to_98.5": None, "best_accuracy": 0.982},
        "torch": {"available": False},
        "modern": {"available": False},
        "limit": {"n_params": 535818, "nnlib_adam_s": 0.0024, "sqrt_divide_s": 0.00055,
                  "one_pass_s": 0.00018, "rows": [{"batch_size": 64, **limit_row}]},
        "memory": {"load_mnist_cold_s": 1.3, "peak_rss_mb": 450.0},
        "notebooks": {"rows": [{"notebook": "01_neuron.ipynb", "seconds": 7.0,
                                "passed": True}], "total_s": 7.0},
    }
    return {"machine": MACHINE, **sections, "run_seconds": 600.0,
            "measured": {name: MACHINE["date"] for name in sections},
            "section_seconds": {name: 10.0 for name in sections},
            "mode": {name: mode for name in sections}}


@pytest.mark.parametrize("mode", ["quick", "full"])
def test_report_prints_every_section_as_facts(mode):
    md = run.markdown(results(mode))
    for heading in ["## 1.", "## 2.", "## 3.", "## 4.", "## 5.", "## 6.", "## 7.", "## 8."]:
        assert heading in md
    assert not re.search(r"\b(met|missed|target)\b", md, re.IGNORECASE)
    assert "98.0 % test accuracy after 12.0 s of training (epoch 4)" in md
    quick = " (quick mode)" if mode == "quick" else ""
    assert f"98.5 % test accuracy: not reached in 5 epochs{quick}\n" in md
    assert "the section took 10 s" in md and "The whole run took 10.0 minutes" in md
    assert "| least possible nnlib / GEMMs (1 + nnlib's step) | | 1.96× |" in md
    assert "| nnlib `Adam.step` | 2.40 | 0.96× |" in md


def test_limit_section_measures_the_step_against_one_batch():
    data = type("Data", (), {"X_train": np.ones((40 * 256, 784), np.float32)})
    r = run.bench_limit(data, repeats=1)
    assert r["n_params"] == 784 * 512 + 512 + 512 * 256 + 256 + 256 * 10 + 10
    assert [row["batch_size"] for row in r["rows"]] == [64, 128, 256]
    for row in r["rows"]:
        assert row["nnlib_adam_over_gemm"] == pytest.approx(
            r["nnlib_adam_s"] / row["gemm_per_batch_s"])
    for name in ("nnlib_adam", "sqrt_divide", "one_pass"):
        assert 0 < r[f"{name}_s"] < 1      # seconds per step (timings are not compared here)
    md = run.markdown({"machine": MACHINE, "limit": r})
    assert md.count("least possible nnlib / GEMMs") == 1
