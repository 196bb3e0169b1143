"""Benchmarks of nnlib, all measured in ONE run on one machine.

    python benchmarks/run.py            # everything (about 10 minutes on a quiet 2-core machine)
    python benchmarks/run.py --quick    # fewer images, repeats and epochs, no notebooks (a smoke run)
    python benchmarks/run.py --only modern limit   # some sections; the others are kept

Writes ``benchmarks/results/latest.json``, ``latest.md`` (included by the book's
Performance page) and ``latest.png``.  Speed is reported as ratios against
baselines timed in the same run, because these machines are noisy.  Each section
prints how long it took, and the results record it.

1. The classic MNIST model (784-100-10 sigmoid, quadratic cost, batch 10,
   η = 3.0): seconds per epoch of the classic per-example loop
   (benchmarks/classic.py) and of nnlib in float64 and float32.
2. The floor: the same epoch's matrix products alone, per batch size.
3. Accuracy against wall time for nnlib's best recipe (15 epochs; 5 with --quick).
4. PyTorch on the CPU, when installed: same model, same thread count, with
   ``torch.set_flush_denormal(True)`` (sigmoid outputs near 0 produce subnormal
   floats, which are slow on x86 unless flushed to zero).
5. The modern recipe (784-512-256-10 ReLU + softmax, cross-entropy, Adam, float32)
   against PyTorch's default ``Adam`` and ``Adam(fused=True)``, interleaved in the
   same process, and against the same epoch's matrix products alone.
6. The limit: one optimiser step (nnlib's Adam, its square root and division alone,
   one plain pass, PyTorch's Adam steps) against one batch's matrix products.
   The step does not shrink with the batch, so at small batches it bounds how
   close to the floor an epoch can get.
7. Peak memory of MNIST training and the time to load MNIST.
8. The course: seconds per notebook under pytest --nbval, widget latency.

The load average (``os.getloadavg``) is recorded next to each section: on a shared
machine it says how much the timings could be disturbed.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import nnlib  # noqa: E402
from classic import ClassicNetwork, as_column_pairs  # noqa: E402
from nncourse.machine import blas_threads, machine_info  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
SECTIONS = ("classic", "floor", "accuracy", "torch", "modern", "limit", "memory", "widgets",
            "notebooks")
BATCH_SIZES = (10, 64, 128, 256)


# --- 1. the classic model -----------------------------------------------------------------

def classic_model(dtype):
    return nnlib.Network([784, 100, 10], "sigmoid", loss="quadratic", init="normal",
                         dtype=dtype, seed=0)


def nnlib_epoch_seconds(X, y, dtype, batch_size, repeats):
    """Best of ``repeats`` epochs of SGD (the gradient steps only, as History records)."""
    net = classic_model(dtype)
    X = X.astype(dtype)
    times = []
    for r in range(repeats):
        history = net.fit(X, y, epochs=1, batch_size=batch_size, learning_rate=3.0, seed=r)
        times.append(history.epoch_time[0])
    return min(times)


def bench_classic(data, repeats):
    X, y = data.X_train, data.y_train
    pairs = as_column_pairs(X, nnlib.one_hot(y, 10))
    classic = ClassicNetwork([784, 100, 10], seed=0)
    start = time.perf_counter()
    classic.sgd_epoch(pairs, 10, 3.0, np.random.default_rng(0))
    baseline = time.perf_counter() - start
    f64 = nnlib_epoch_seconds(X, y, np.float64, 10, repeats)
    f32 = nnlib_epoch_seconds(X, y, np.float32, 10, repeats)
    return {"classic_loop_s": baseline, "nnlib_float64_s": f64, "nnlib_float32_s": f32,
            "speedup_float64": baseline / f64, "speedup_float32": baseline / f32,
            "n_train": len(X)}


# --- 2. the floor: matrix products alone ----------------------------------------------------

def gemm_epoch_seconds(X, batch_size, dtype, repeats):
    """Time of one epoch's forward and backward matrix products, nothing else."""
    rng = np.random.default_rng(0)
    X = X.astype(dtype)
    W1 = rng.standard_normal((784, 100)).astype(dtype)
    W2 = rng.standard_normal((100, 10)).astype(dtype)
    A1 = rng.standard_normal((batch_size, 100)).astype(dtype)
    D2 = rng.standard_normal((batch_size, 10)).astype(dtype)
    D1 = rng.standard_normal((batch_size, 100)).astype(dtype)
    n = len(X) - len(X) % batch_size
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        for k in range(0, n, batch_size):
            Xb = X[k:k + batch_size]
            Xb @ W1          # forward, layer 1
            A1 @ W2          # forward, layer 2
            A1.T @ D2        # BP4, layer 2
            D2 @ W2.T        # BP2
            Xb.T @ D1        # BP4, layer 1
        best = min(best, time.perf_counter() - start)
    return best * len(X) / n


def bench_floor(data, repeats):
    rows = []
    for batch_size in BATCH_SIZES:
        floor = gemm_epoch_seconds(data.X_train, batch_size, np.float32, repeats)
        ours = nnlib_epoch_seconds(data.X_train, data.y_train, np.float32, batch_size, repeats)
        rows.append({"batch_size": batch_size, "gemm_floor_s": floor, "nnlib_s": ours,
                     "ratio": ours / floor})
    return rows


# --- 3. accuracy against wall time ----------------------------------------------------------

BEST_RECIPE = dict(layers=[784, 512, 256, 10], activations=["relu", "relu", "softmax"],
                   loss="cross_entropy", init="he", dtype=np.float32, seed=0)
BEST_FIT = dict(batch_size=128, learning_rate=1e-3, optimizer="adam")
BEST_SCHEDULE = {4: 3e-4, 7: 1e-4}  # Adam's learning rate from that epoch on


def bench_accuracy(data, epochs):
    net = nnlib.Network(**BEST_RECIPE)
    adam = nnlib.Adam(BEST_FIT["learning_rate"])
    clock, points = 0.0, []
    for epoch in range(1, epochs + 1):
        adam.learning_rate = BEST_SCHEDULE.get(epoch, adam.learning_rate)
        history = net.fit(data.X_train, data.y_train, epochs=1, seed=epoch,
                          batch_size=BEST_FIT["batch_size"], optimizer=adam)
        clock += history.epoch_time[0]
        points.append({"epoch": epoch, "train_seconds": clock,
                       "test_accuracy": net.score(data.X_test, data.y_test)})
    def first(level):
        return next((p for p in points if p["test_accuracy"] >= level), {})
    return {"recipe": {**{k: v for k, v in BEST_RECIPE.items() if k != "dtype"},
                       "dtype": "float32", **BEST_FIT, "schedule": BEST_SCHEDULE},
            "epochs": epochs, "points": points,
            "seconds_to_98.0": first(0.980).get("train_seconds"),
            "epoch_to_98.0": first(0.980).get("epoch"),
            "seconds_to_98.5": first(0.985).get("train_seconds"),
            "epoch_to_98.5": first(0.985).get("epoch"),
            "best_accuracy": max(p["test_accuracy"] for p in points)}


# --- 4. PyTorch -------------------------------------------------------------------------------

def torch_epoch_seconds(torch, X, Y, batch_size, repeats):
    model = torch.nn.Sequential(torch.nn.Linear(784, 100), torch.nn.Sigmoid(),
                                torch.nn.Linear(100, 10), torch.nn.Sigmoid())
    optimizer = torch.optim.SGD(model.parameters(), lr=3.0)
    n = len(X)
    best = np.inf
    for r in range(repeats):
        generator = torch.Generator().manual_seed(r)
        start = time.perf_counter()
        order = torch.randperm(n, generator=generator)
        for k in range(0, n, batch_size):
            idx = order[k:k + batch_size]
            xb, yb = X[idx], Y[idx]
            optimizer.zero_grad()
            loss = 0.5 * ((model(xb) - yb) ** 2).sum() / len(xb)  # the quadratic cost
            loss.backward()
            optimizer.step()
        best = min(best, time.perf_counter() - start)
    return best


def bench_torch(data, repeats):
    try:
        import torch
    except ImportError:
        return {"available": False}
    threads = blas_threads() or os.cpu_count()
    torch.set_num_threads(threads)
    torch.set_flush_denormal(True)  # a fair peer: no slow subnormal arithmetic
    X = torch.from_numpy(data.X_train)
    Y = torch.from_numpy(nnlib.one_hot(data.y_train, 10, np.float32))
    rows = []
    for batch_size in BATCH_SIZES:
        theirs = torch_epoch_seconds(torch, X, Y, batch_size, repeats)
        ours = nnlib_epoch_seconds(data.X_train, data.y_train, np.float32, batch_size, repeats)
        rows.append({"batch_size": batch_size, "torch_s": theirs, "nnlib_s": ours,
                     "ratio_nnlib_over_torch": ours / theirs})
    return {"available": True, "version": torch.__version__, "threads": threads,
            "flush_denormal": True, "rows": rows}


# --- 5. the modern recipe against PyTorch's Adam -----------------------------------------------

MODERN = dict(layers=[784, 512, 256, 10], activations=["relu", "relu", "softmax"],
              loss="cross_entropy", init="he", dtype=np.float32, seed=0)


def modern_nnlib_epoch(X, y, batch_size, seed):
    net = nnlib.Network(**MODERN)
    history = net.fit(X, y, epochs=1, batch_size=batch_size, optimizer=nnlib.Adam(1e-3),
                      seed=seed)
    return history.epoch_time[0]


def modern_torch_epoch(torch, X, y, batch_size, fused, seed):
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(),
                                torch.nn.Linear(512, 256), torch.nn.ReLU(),
                                torch.nn.Linear(256, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, fused=fused)
    n = len(X)
    start = time.perf_counter()
    order = torch.randperm(n)
    for k in range(0, n, batch_size):
        idx = order[k:k + batch_size]
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(X[idx]), y[idx])
        loss.backward()
        optimizer.step()
    return time.perf_counter() - start


def modern_gemm_epoch(X, batch_size):
    """The modern recipe's forward and backward matrix products alone, for one epoch."""
    rng = np.random.default_rng(0)
    sizes = MODERN["layers"]
    Ws = [rng.standard_normal((a, b)).astype(np.float32) for a, b in zip(sizes[:-1], sizes[1:])]
    As = [np.ones((batch_size, k), np.float32) for k in sizes[1:]]
    n = len(X) - len(X) % batch_size
    start = time.perf_counter()
    for k in range(0, n, batch_size):
        inputs = [X[k:k + batch_size], *As[:-1]]
        for A, W in zip(inputs, Ws):
            A @ W                                    # forward
        for l in range(len(Ws) - 1, -1, -1):
            inputs[l].T @ As[l]                      # BP4
            if l > 0:
                As[l] @ Ws[l].T                      # BP2
    return (time.perf_counter() - start) * len(X) / n


def bench_modern(data, repeats, n_images):
    try:
        import torch
    except ImportError:
        return {"available": False}
    threads = blas_threads() or os.cpu_count()
    torch.set_num_threads(threads)
    torch.set_flush_denormal(True)
    rows = []
    for batch_size in BATCH_SIZES:
        n = n_images[batch_size]
        X, y = data.X_train[:n], data.y_train[:n]
        Xt, yt = torch.from_numpy(X), torch.from_numpy(y.astype(np.int64))
        times = {"nnlib": [], "torch": [], "torch_fused": [], "gemm": []}
        load = [os.getloadavg()[0]]
        for r in range(repeats):       # interleaved, so that load changes hit all alike
            times["nnlib"].append(modern_nnlib_epoch(X, y, batch_size, r))
            times["torch"].append(modern_torch_epoch(torch, Xt, yt, batch_size, False, r))
            times["torch_fused"].append(modern_torch_epoch(torch, Xt, yt, batch_size, True, r))
            times["gemm"].append(modern_gemm_epoch(X, batch_size))
        load.append(os.getloadavg()[0])
        best = {k: min(v) for k, v in times.items()}
        rows.append({"batch_size": batch_size, "n_images": n,
                     **{f"{k}_s": v for k, v in best.items()},
                     "ratio_vs_torch": best["nnlib"] / best["torch"],
                     "ratio_vs_fused": best["nnlib"] / best["torch_fused"],
                     "ratio_vs_gemm": best["nnlib"] / best["gemm"],
                     "load_average": load})
    return {"available": True, "version": torch.__version__, "threads": threads,
            "repeats": repeats, "rows": rows}


# --- 6. the limit: one optimiser step against one batch's matrix products ----------------------

def _best_seconds(fn, repeats, calls):
    """Best of ``repeats`` timings of ``calls`` back-to-back calls, per call."""
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def bench_limit(data, repeats):
    """Why nnlib cannot get within 1.4× of the floor at small batches.

    Every mini-batch ends with one optimiser step over all 535 818 parameters of
    the modern recipe, whatever the batch size.  This times, interleaved: the
    floor's matrix products for one batch (the GEMM floor divided by the number of
    batches), nnlib's Adam step, the two operations no Adam step can avoid (one
    square root and one division per parameter, each one NumPy pass), one plain
    in-place pass (``m += g``, the cheapest element-wise pass), and PyTorch's
    default and fused Adam steps on parameters of the same shapes.
    """
    rng = np.random.default_rng(0)
    net = nnlib.Network(**MODERN)
    params = net.params
    grads = {k: (1e-3 * rng.standard_normal(p.shape)).astype(np.float32)
             for k, p in params.items()}
    adam = nnlib.Adam(1e-3)
    n_params = net.n_params
    m, v, s = (np.abs(rng.standard_normal(n_params)).astype(np.float32) for _ in range(3))
    g = rng.standard_normal(n_params).astype(np.float32)

    def sqrt_divide():
        np.sqrt(v, out=s)
        np.divide(m, s, out=s)

    steps = {"nnlib_adam": lambda: adam.step(params, grads), "sqrt_divide": sqrt_divide,
             "one_pass": lambda: np.add(m, g, out=m)}
    torch_version = None
    try:
        import torch
        torch.set_num_threads(blas_threads() or os.cpu_count())
        torch_version = torch.__version__
        for fused in (False, True):
            tensors = [torch.nn.Parameter(torch.from_numpy(p.copy())) for p in params.values()]
            for t, grad in zip(tensors, grads.values()):
                t.grad = torch.from_numpy(grad.copy())
            optimizer = torch.optim.Adam(tensors, lr=1e-3, fused=fused)
            steps["torch_fused_adam" if fused else "torch_adam"] = optimizer.step
    except ImportError:
        pass
    for step in steps.values():
        step()                                      # first call: state allocated
    X = data.X_train
    times = {name: [] for name in steps}
    floor = {b: [] for b in BATCH_SIZES if b >= 64}
    for _ in range(repeats):                        # interleaved, so load hits all alike
        for name, step in steps.items():
            times[name].append(_best_seconds(step, 3, 20))
        for b in floor:
            n = 40 * b                              # 40 batches
            floor[b].append(modern_gemm_epoch(X[:n], b) / 40)
    best = {name: min(t) for name, t in times.items()}
    rows = []
    for b, t in floor.items():
        per_batch = min(t)
        rows.append({"batch_size": b, "gemm_per_batch_s": per_batch,
                     **{f"{name}_over_gemm": best[name] / per_batch for name in best}})
    return {"n_params": n_params, "torch_version": torch_version,
            **{f"{name}_s": value for name, value in best.items()}, "rows": rows}


# --- 7. memory and loading ---------------------------------------------------------------------

MEMORY_SCRIPT = """
import time, numpy as np
t = time.perf_counter()
import nnlib
data = nnlib.load_mnist()
load = time.perf_counter() - t
net = nnlib.Network([784, 512, 256, 10], ["relu", "relu", "softmax"], loss="cross_entropy",
                    dtype=np.float32, seed=0)
net.fit(data.X_train, data.y_train, epochs=1, batch_size=128, learning_rate=1e-3,
        optimizer="adam", validation_data=(data.X_test, data.y_test))
# VmHWM: this process's peak resident memory (ru_maxrss would also count the parent's
# memory at fork time, since Linux keeps it across exec).
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status")
               if line.startswith("VmHWM"))
print(load, peak_kb)
"""


def bench_memory():
    out = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT], capture_output=True,
                         text=True, check=True, cwd=ROOT).stdout.split()
    return {"load_mnist_cold_s": float(out[0]), "peak_rss_mb": int(out[1]) / 1024}


# --- 8. the course ------------------------------------------------------------------------------

def bench_notebooks():
    rows = []
    for path in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "pytest", str(path), "-q"],
                                cwd=ROOT, capture_output=True, text=True)
        rows.append({"notebook": path.name, "seconds": time.perf_counter() - start,
                     "passed": result.returncode == 0})
    return {"rows": rows, "total_s": sum(r["seconds"] for r in rows)}


def bench_widgets(data):
    import matplotlib
    matplotlib.use("Agg")
    from nnlib import widgets
    toy = widgets.training_dashboard()
    toy_times = []
    for name, value in [("hidden", 16), ("learning_rate", 2.0), ("dataset", "circles"),
                        ("dataset", "spirals"), ("activation", "relu"), ("hidden", 32),
                        ("learning_rate", 0.05), ("dataset", "xor")]:
        toy.controls[name].value = value
        toy_times.append(toy.last_seconds)
    mnist = widgets.mnist_dashboard(data.X_train[:10000], data.y_train[:10000],
                                    data.X_test[:2000], data.y_test[:2000])
    mnist_times = []
    for name, value in [("hidden", 128), ("learning_rate", 0.3), ("hidden", 256),
                        ("learning_rate", 0.03)]:
        mnist.controls[name].value = value
        mnist_times.append(mnist.last_seconds)
    return {"toy_mean_s": float(np.mean(toy_times)), "toy_max_s": float(np.max(toy_times)),
            "mnist_mean_s": float(np.mean(mnist_times)),
            "mnist_max_s": float(np.max(mnist_times))}


# --- report -------------------------------------------------------------------------------------

def _load(r, name):
    when = r.get("measured", {}).get(name)
    text = f"Measured {when}" if when else ""
    if when and r.get("mode", {}).get(name) == "quick":
        text += " (quick mode: `--quick`)"
    seconds = r.get("section_seconds", {}).get(name)
    if when:
        text += f"; the section took {seconds:.0f} s." if seconds is not None else "."
    la = r.get("load_average", {}).get(name)
    if la:
        text += (f" Load average (1 min) {la['before'][0]:.1f} before and "
                 f"{la['after'][0]:.1f} after this section, on {r['machine']['cores']} cores.")
    return text.strip()


def markdown(r):
    """The report: a header on the machine, then one section per measurement present."""
    sections = (_md_classic, _md_floor, _md_accuracy, _md_torch, _md_modern, _md_limit,
                _md_memory, _md_course)
    lines = _md_header(r)
    for section in sections:
        lines += section(r)
    return "\n".join(lines)


def _md_header(r):
    m = r["machine"]
    threads = next((lib.get("num_threads") for lib in m.get("blas") or []
                    if isinstance(lib, dict) and lib.get("user_api") == "blas"), None)
    header = (
        f"Measured {m['date']} on {m['cpu']} ({m['cores']} cores), Python {m['python']}, "
        f"NumPy {m['numpy']}, BLAS threads {threads}, "
        f"OPENBLAS_CORETYPE={m['OPENBLAS_CORETYPE']}, OPENBLAS_L2_SIZE={m['OPENBLAS_L2_SIZE']}. "
        "Reproduce with `python benchmarks/run.py`. Every ratio compares timings taken in "
        "the same run (best of the repeats); the load average says how busy the machine was.")
    if r.get("run_seconds"):
        header += f" The whole run took {r['run_seconds'] / 60:.1f} minutes."
    return [header, ""]


def _md_classic(r):
    c = r.get("classic")
    if not c:
        return []
    return [
        "## 1. The classic MNIST model (784-100-10 sigmoid, quadratic cost, batch 10, η = 3.0)",
        "",
        f"One epoch over {c['n_train']} images (gradient steps only). {_load(r, 'classic')}",
        "",
        "| implementation | s / epoch | speed-up vs classic loop |",
        "|---|---|---|",
        f"| classic per-example loop (float64) | {c['classic_loop_s']:.2f} | 1.0× |",
        f"| nnlib, float64 | {c['nnlib_float64_s']:.2f} | {c['speedup_float64']:.1f}× |",
        f"| nnlib, float32 | {c['nnlib_float32_s']:.2f} | {c['speedup_float32']:.1f}× |",
        "",
    ]


def _md_floor(r):
    if not r.get("floor"):
        return []
    lines = [
        "## 2. The floor: the classic epoch's matrix products alone (float32, SGD)",
        "",
        f"The same model at several batch sizes; \"GEMMs only\" runs the epoch's forward "
        f"and backward matrix products and nothing else. {_load(r, 'floor')}",
        "",
        "| batch | GEMMs only (s) | nnlib (s) | nnlib / GEMMs |",
        "|---|---|---|---|",
    ]
    lines += [f"| {row['batch_size']} | {row['gemm_floor_s']:.3f} | {row['nnlib_s']:.3f} "
              f"| {row['ratio']:.2f}× |" for row in r["floor"]]
    return lines + [""]


def _md_accuracy(r):
    a = r.get("accuracy")
    if not a:
        return []
    epochs = a.get("epochs", len(a["points"]))
    quick = " (quick mode)" if r.get("mode", {}).get("accuracy") == "quick" else ""

    def reached(level):
        t, epoch = a[f"seconds_to_{level}"], a.get(f"epoch_to_{level}")
        if t is None:
            return f"- {level} % test accuracy: not reached in {epochs} epochs{quick}"
        after = f" (epoch {epoch})" if epoch else ""
        return f"- {level} % test accuracy after {t:.1f} s of training{after}"
    lines = [
        "## 3. Accuracy against training time (nnlib's best recipe)",
        "",
        f"Recipe: {a['recipe']}. {_load(r, 'accuracy')}",
        "",
        reached("98.0"),
        reached("98.5"),
        f"- best test accuracy in {epochs} epochs{quick}: {a['best_accuracy']:.2%}",
        "",
        "| epoch | training time (s) | test accuracy |",
        "|---|---|---|",
    ]
    lines += [f"| {p['epoch']} | {p['train_seconds']:.1f} | {p['test_accuracy']:.2%} |"
              for p in a["points"]]
    return lines + [""]


def _md_torch(r):
    t = r.get("torch")
    if not t:
        return []
    lines = ["## 4. PyTorch on the CPU: the classic model (same model, same thread count)", ""]
    if t["available"]:
        lines += [f"PyTorch {t['version']}, {t['threads']} thread(s), float32, "
                  "`torch.set_flush_denormal(True)` (subnormal floats flushed to zero, "
                  f"so that PyTorch is not slowed by them). {_load(r, 'torch')}", "",
                  "| batch | PyTorch (s/epoch) | nnlib (s/epoch) | nnlib / PyTorch |",
                  "|---|---|---|---|"]
        lines += [f"| {row['batch_size']} | {row['torch_s']:.3f} | {row['nnlib_s']:.3f} | "
                  f"{row['ratio_nnlib_over_torch']:.2f}× |" for row in t["rows"]]
    else:
        lines.append("PyTorch is not installed (it is optional): `pip install torch==2.13.0`.")
    return lines + [""]


def _md_modern(r):
    mo = r.get("modern")
    if not mo:
        return []
    lines = ["## 5. PyTorch on the CPU: the modern recipe", ""]
    if not mo["available"]:
        return lines + ["PyTorch is not installed (it is optional).", ""]
    lines += [
        f"784-512-256-10, ReLU + softmax, cross-entropy, Adam (η = 0.001), float32, "
        f"PyTorch {mo['version']}, {mo['threads']} thread(s) for both. Seconds per "
        f"epoch, best of {mo['repeats']} interleaved repeats; the GEMM column is the "
        f"same epoch's matrix products alone (in NumPy). {_load(r, 'modern')}",
        "",
        "| batch | images | nnlib | PyTorch `Adam` | PyTorch `Adam(fused=True)` | GEMMs only "
        "| nnlib / `Adam` | nnlib / fused | nnlib / GEMMs | load average |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [f"| {row['batch_size']} | {row['n_images']} | {row['nnlib_s']:.2f} | "
              f"{row['torch_s']:.2f} | {row['torch_fused_s']:.2f} | {row['gemm_s']:.2f} | "
              f"{row['ratio_vs_torch']:.2f}× | {row['ratio_vs_fused']:.2f}× | "
              f"{row['ratio_vs_gemm']:.2f}× | "
              f"{row['load_average'][0]:.1f}–{row['load_average'][1]:.1f} |"
              for row in mo["rows"]]
    return lines + [""]


def _md_limit(r):
    li = r.get("limit")
    if not li:
        return []
    names = [("nnlib_adam", "nnlib `Adam.step`"),
             ("sqrt_divide", "its square root and division alone"),
             ("one_pass", "one in-place pass `m += g`"),
             ("torch_adam", "PyTorch `Adam.step`"),
             ("torch_fused_adam", "PyTorch `Adam(fused=True).step`")]
    names = [(k, label) for k, label in names if f"{k}_s" in li]
    lines = [
        "## 6. What an optimiser step costs next to one batch's matrix products",
        "",
        f"Every mini-batch ends with one Adam step over all {li['n_params']:,} parameters "
        "of the modern recipe (float32), whatever the batch size, while the matrix "
        "products grow with the batch. Milliseconds per step, and as a multiple of one "
        "batch's matrix products (those of section 5's GEMM column, timed here over 40 "
        "batches). With everything else free, an epoch would still take 1 + that "
        "multiple times its matrix products: the last row. NumPy runs element-wise "
        "operations on one thread, and on this CPU its square root and division are "
        "its slowest passes. "
        f"{_load(r, 'limit')}",
        "",
        "| step | ms | " + " | ".join(f"× batch {row['batch_size']}" for row in li["rows"])
        + " |",
        "|---|---|" + "---|" * len(li["rows"]),
    ]
    lines += [f"| {label} | {1e3 * li[f'{k}_s']:.2f} | "
              + " | ".join(f"{row[f'{k}_over_gemm']:.2f}×" for row in li["rows"]) + " |"
              for k, label in names]
    return lines + [
        "| one batch's matrix products | | "
        + " | ".join(f"{1e3 * row['gemm_per_batch_s']:.2f} ms" for row in li["rows"]) + " |",
        "| least possible nnlib / GEMMs (1 + nnlib's step) | | "
        + " | ".join(f"{1 + row['nnlib_adam_over_gemm']:.2f}×" for row in li["rows"]) + " |",
        ""]


def _md_memory(r):
    mem = r.get("memory")
    if not mem:
        return []
    return ["## 7. Memory and loading", "", _load(r, "memory"), "",
            f"- load_mnist() in a fresh process: {mem['load_mnist_cold_s']:.2f} s",
            f"- peak memory of MNIST training (best recipe, one epoch): "
            f"{mem['peak_rss_mb']:.0f} MB", ""]


def _md_course(r):
    nb, w = r.get("notebooks"), r.get("widgets")
    lines = ["## 8. The course", ""] if nb or w else []
    if nb:
        lines += ["| notebook | seconds under pytest --nbval | passed |", "|---|---|---|"]
        lines += [f"| {row['notebook']} | {row['seconds']:.1f} | "
                  f"{'yes' if row['passed'] else '**no**'} |" for row in nb["rows"]]
        lines += [f"| **total** | **{nb['total_s']:.1f}** | |", ""]
    if w:
        lines += [f"- widget latency on the 2-D toy sets (slider change → retrain + redraw): "
                  f"mean {w['toy_mean_s']:.2f} s, max {w['toy_max_s']:.2f} s",
                  f"- widget latency on the MNIST subset (10 000 images): mean "
                  f"{w['mnist_mean_s']:.2f} s, max {w['mnist_max_s']:.2f} s", ""]
    return lines


def plot(r, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    if "classic" not in r or "accuracy" not in r:
        return
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
    c = r["classic"]
    names = ["classic loop", "nnlib float64", "nnlib float32"]
    values = [c["classic_loop_s"], c["nnlib_float64_s"], c["nnlib_float32_s"]]
    ax1.bar(names, values, color=["grey", "C0", "C1"], label="seconds per epoch")
    ax1.set_ylabel("seconds per epoch")
    ax1.set_title("784-100-10 sigmoid, batch 10")
    ax1.legend()
    points = r["accuracy"]["points"]
    ax2.plot([p["train_seconds"] for p in points], [100 * p["test_accuracy"] for p in points],
             "o-", label="nnlib best recipe")
    ax2.axhline(98.0, color="grey", linestyle="--", label="98.0 %")
    ax2.axhline(98.5, color="grey", linestyle=":", label="98.5 %")
    ax2.set_xlabel("training time (s)")
    ax2.set_ylabel("test accuracy (%)")
    ax2.set_title("Accuracy against wall time")
    ax2.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)


def main(argv=None):
    parser = argparse.ArgumentParser(description="nnlib benchmarks (one run, one machine)")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, skip notebooks")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--only", nargs="+", metavar="SECTION", choices=SECTIONS,
                        help="run only these sections and keep the others from the last "
                             f"results in --out ({' '.join(SECTIONS)})")
    args = parser.parse_args(argv)
    run_start = time.perf_counter()
    repeats = 1 if args.quick else 3
    data = nnlib.load_mnist()
    # batch 10 is slow in every implementation: 15 000 images make its epoch (seconds per
    # 15 000 images, said so in the table); --quick uses 6 000 images everywhere
    modern_images = ({b: 6000 for b in BATCH_SIZES} if args.quick else
                     {b: 15000 if b == 10 else len(data.X_train) for b in BATCH_SIZES})
    # 5 epochs: the learning rate first drops at epoch 4, where 98 % is usually reached
    accuracy_epochs = 5 if args.quick else 15
    results = {"machine": machine_info()}
    if args.only and (args.out / "latest.json").exists():
        results = {**json.loads((args.out / "latest.json").read_text()), **results}
    steps = [("classic", lambda: bench_classic(data, repeats)),
             ("floor", lambda: bench_floor(data, repeats)),
             ("accuracy", lambda: bench_accuracy(data, accuracy_epochs)),
             ("torch", lambda: bench_torch(data, repeats)),
             ("modern", lambda: bench_modern(data, 2 if args.quick else 3, modern_images)),
             ("limit", lambda: bench_limit(data, 3 if args.quick else 7)),
             ("memory", bench_memory),
             ("widgets", lambda: bench_widgets(data))]
    if not args.quick:
        steps.append(("notebooks", bench_notebooks))
    if args.only:
        steps = [(name, step) for name, step in steps if name in args.only]
    for name, step in steps:
        start = time.perf_counter()
        load_before = os.getloadavg()
        results[name] = step()
        seconds = time.perf_counter() - start
        results.setdefault("load_average", {})[name] = {"before": load_before,
                                                       "after": os.getloadavg()}
        results.setdefault("measured", {})[name] = machine_info()["date"]
        results.setdefault("section_seconds", {})[name] = seconds
        results.setdefault("mode", {})[name] = "quick" if args.quick else "full"
        print(json.dumps(results[name], default=str)[:2000], flush=True)
        print(f"[{name}] done in {seconds:.1f} s, load average {os.getloadavg()[0]:.1f}",
              flush=True)
    if args.only:
        results.pop("run_seconds", None)  # the sections kept come from another run
    else:
        results["run_seconds"] = time.perf_counter() - run_start
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.json").write_text(json.dumps(results, indent=2, default=str))
    (args.out / "latest.md").write_text(markdown(results))
    plot(results, args.out / "latest.png")
    print(markdown(results))
    print(f"[all] {len(steps)} section(s) in {(time.perf_counter() - run_start) / 60:.1f} min",
          flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
