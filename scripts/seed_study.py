"""How often does the classic 784-100-10 sigmoid network stall?  Train it for many seeds.

Chapter 6 trains Nielsen's classic network once, for one seed.  Whether that run climbs to about
96-97 % or stays stuck on a digit depends on the seed and, because SGD at η = 3 is chaotic, on
the CPU's rounding too.  This script trains the same network exactly as the chapter does, for
several seeds, and writes one JSON file that chapter 6 loads (it never retrains it):

* the network: 784-100-10, sigmoid layers, quadratic cost, ``init="normal"`` (weights and biases
  from N(0, 1)), float32, ``seed=SEED``;
* the training: ``nncourse.studies.train_classic`` (``nnlib.SGD(3.0)``, mini-batches of 10
  over the 50 000 training images of ``load_mnist(validation_size=10000)``, the shuffling drawn
  from ``np.random.default_rng(SEED)``), 30 epochs;
* after every epoch: the test accuracy and each digit's recall on the test set.

A run *stalls* on digit d when, after the last epoch, fewer than ``--stuck-below`` (default 0.5)
of the test images of d are read correctly.  The file also records the machine
(``nncourse.machine.machine_info``: CPU model, cores, BLAS library and kernel, NumPy), the
thread count, the dates, the git commit and the command, because a different CPU can give a
different answer for the same seed.  Chapter 6 does not print them; ``--help`` does, for the
committed file.

Usage (about a minute per seed on a quiet machine)::

    python scripts/seed_study.py --seeds 0-9

The file is rewritten after every seed, so an interrupted study keeps the seeds it finished.
To use two cores, train two halves into two files and merge them (the merged file lists both
commands and each part's commit; it refuses parts made on different machines)::

    python scripts/seed_study.py --seeds 0-4 --out /tmp/part1.json &
    python scripts/seed_study.py --seeds 5-9 --out /tmp/part2.json
    python scripts/seed_study.py --merge /tmp/part1.json /tmp/part2.json
"""

import argparse
import datetime
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

import nnlib
from nncourse import studies
from nncourse.machine import machine_info

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "nncourse" / "data" / "seed_study" / "classic_784_100_10.json"


def parse_seeds(text):
    """'0-9' -> [0, ..., 9]; '0,3,5-7' -> [0, 3, 5, 6, 7]."""
    seeds = []
    for part in text.split(","):
        part = part.strip()
        if "-" in part:
            lo, hi = (int(x) for x in part.split("-"))
            seeds.extend(range(lo, hi + 1))
        elif part:
            seeds.append(int(part))
    if not seeds:
        raise argparse.ArgumentTypeError(f"no seeds in {text!r}")
    return seeds


def git_commit():
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "nnlib", "nncourse",
                                "scripts"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        return commit + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def provenance(path=DEFAULT_OUT):
    """Where the committed study comes from (shown by --help), or why that is unknown."""
    try:
        study = studies.load_seed_study(path)
    except (OSError, ValueError) as err:
        return f"No committed study to describe ({err})."
    machine = study["machine"]
    blas = machine["blas"][0] if machine.get("blas") else {}
    commands = "\n".join(f"  {c}" for c in study["command"].split(" ; "))
    return (f"The committed study ({len(study['runs'])} seeds) was trained on {machine['cpu']}, "
            f"{blas.get('internal_api', 'BLAS')} kernel {blas.get('architecture', '?')}, "
            f"{machine.get('threads', '?')} thread(s), NumPy {machine['numpy']}, finished "
            f"{study.get('finished', '?')[:10]}, with:\n{commands}\n{study.get('note', '')}")


def train_one(seed, data, epochs, stuck_below):
    """Train the chapter's classic network for one seed; the per-epoch record."""
    X_train, y_train, X_test, y_test = data
    network = nnlib.Network([784, 100, 10], ["sigmoid", "sigmoid"], loss="quadratic",
                            init="normal", seed=seed, dtype=np.float32)
    Y_train = nnlib.one_hot(y_train, 10, dtype=np.float32)
    start = time.perf_counter()
    accuracy, recall = studies.train_classic(network, X_train, Y_train, X_test, y_test, epochs,
                                             seed=seed)
    seconds = time.perf_counter() - start
    stuck = [d for d in range(10) if recall[-1][d] < stuck_below]
    ever_stuck = sorted({d for r in recall for d in range(10) if r[d] < stuck_below})
    return {
        "seed": seed,
        "test_accuracy": accuracy,
        "recall": recall,
        "final_accuracy": accuracy[-1],
        "best_accuracy": max(accuracy),
        "stalled": bool(stuck),
        "stuck_digits": stuck,
        "digits_stuck_at_some_epoch": ever_stuck,
        "seconds": round(seconds, 1),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=provenance(),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=parse_seeds, default=parse_seeds("0-9"),
                        help="seeds to train, e.g. 0-9 or 0,2,5-7 (default 0-9)")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--threads", type=int, default=1,
                        help="BLAS threads (default 1, as in chapter 6)")
    parser.add_argument("--stuck-below", type=float, default=0.5,
                        help="a digit is stuck when its final test recall is below this")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--merge", type=Path, nargs="+", metavar="PART",
                        help="merge result files made by this script into --out, and stop")
    args = parser.parse_args(argv)
    if args.merge:
        return merge(args.merge, args.out)

    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(args.threads)
    except ImportError:
        pass

    data = nnlib.load_mnist(validation_size=10000)
    data = (data.X_train, data.y_train, data.X_test, data.y_test)
    command = "python " + " ".join(shlex.quote(a) for a in
                                   [os.path.relpath(__file__, ROOT)] + list(sys.argv[1:]
                                                                             if argv is None
                                                                             else argv))
    result = {
        "description": "Nielsen's classic 784-100-10 sigmoid network (quadratic cost, "
                       "N(0, 1) weights and biases, SGD eta = 3, mini-batches of 10, "
                       "float32), trained as in chapter 6, one run per seed; test accuracy "
                       "and per-digit test recall after every epoch.",
        "published_accuracy": 0.9659,
        "stuck_below": args.stuck_below,
        "epochs": args.epochs,
        "machine": {**machine_info(), "threads": args.threads},
        "git_commit": git_commit(),
        "command": command,
        "started": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "runs": [],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    for seed in args.seeds:
        run = train_one(seed, data, args.epochs, args.stuck_below)
        result["runs"].append(run)
        result["finished"] = datetime.datetime.now(datetime.timezone.utc).isoformat(
            timespec="seconds")
        tmp = args.out.with_suffix(".tmp")
        tmp.write_text(json.dumps(result, indent=1) + "\n")
        tmp.replace(args.out)
        verdict = (f"stuck on digit(s) {', '.join(map(str, run['stuck_digits']))}"
                   if run["stalled"] else "no digit stuck")
        print(f"seed {seed}: final test accuracy {run['final_accuracy']:.2%}, {verdict} "
              f"({run['seconds']:.0f} s)", flush=True)
    return result


def merge(parts, out):
    """One results file from several made by this script on one machine and commit."""
    studies = [json.loads(Path(p).read_text()) for p in parts]
    first = studies[0]
    for key in ("machine", "epochs", "stuck_below"):
        if any(s[key] != first[key] for s in studies):
            raise SystemExit(f"the parts differ in {key!r}: they cannot be merged")
    runs = sorted((r for s in studies for r in s["runs"]), key=lambda r: r["seed"])
    if len({r["seed"] for r in runs}) != len(runs):
        raise SystemExit("a seed appears in two parts")
    merged = dict(first)
    merged["runs"] = runs
    merged["command"] = " ; ".join(s["command"] for s in studies)
    # Each part's commit (nnlib may have changed between parts started at different times).
    merged["git_commit"] = " ; ".join(f"seeds {','.join(str(r['seed']) for r in s['runs'])}: "
                                      f"{s['git_commit']}" for s in studies)
    merged["started"] = min(s["started"] for s in studies)
    merged["finished"] = max(s["finished"] for s in studies)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(merged, indent=1) + "\n")
    print(f"{out}: {len(runs)} runs from {len(parts)} parts")
    return merged


if __name__ == "__main__":
    main()
