"""Load on the one-server classroom kit: N students' servers running chapter 1 at once.

    sudo python benchmarks/classroom_load.py              # 10 students (the issue's figure)
    sudo python benchmarks/classroom_load.py --students 12

Starts the kit's JupyterHub (classroom/jupyterhub_config.py, through classroom/localhub.py:
temporary accounts, 127.0.0.1, random ports), then, as a class arriving for a lab would:

1. spawns every student's server through the hub's REST API, all at once;
2. each student follows chapter 1's nbgitpuller link (clone into their home);
3. every student runs the learner notebook notebooks/01_neuron.ipynb at the same time, in
   a kernel of their own server (cells sent one by one over the kernel's WebSocket, as Run
   All does; the exercises are unsolved, so their cells raise NotImplementedError, as for a
   student who has just opened the chapter).

Measures the time until all servers are up and until every notebook has finished, the hub's
memory (the hub process, and the proxy), and each student's memory (their server and its
kernel, peak while running; RSS and PSS, PSS sharing the libraries fairly between the
processes that map them), sampled every second. "Servers per GiB" is 1 GiB divided by the
mean peak PSS of one student's server with its kernel: what the kit holds per GiB of RAM on
top of the hub. Writes benchmarks/results/classroom.md. Everything it made is removed at the
end (accounts, homes, files, processes). Needs root (it makes accounts); run it on a quiet
machine, once.
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from classroom.localhub import LocalClassroom, missing  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "classroom.md"
NOTEBOOK = "nn-from-scratch/notebooks/01_neuron.ipynb"
MiB = 2 ** 20


def tree(pid):
    import psutil
    try:
        process = psutil.Process(pid)
        return [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def memory(processes):
    """(RSS, PSS) in bytes, summed over processes that still exist."""
    import psutil
    rss = pss = 0
    for process in processes:
        try:
            info = process.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss, pss


class Sampler(threading.Thread):
    """Peak memory of each watched process tree, sampled every ``every`` seconds."""

    def __init__(self, roots, every=1.0):
        super().__init__(daemon=True)
        self.roots, self.every = roots, every
        self.peak = {name: (0, 0) for name in roots}
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            for name, (pid, whole_tree) in self.roots.items():
                rss, pss = memory(tree(pid) if whole_tree else tree(pid)[:1])
                old = self.peak[name]
                self.peak[name] = (max(old[0], rss), max(old[1], pss))
            self.stop.wait(self.every)


def measure(n_students):
    import psutil
    room = LocalClassroom([f"s{i:02d}" for i in range(n_students)], instructor=None)
    out = {"students": n_students}
    try:
        room.start()
        out["hub_up"] = room.timings["hub_up"]
        hub = psutil.Process(room.hub.pid)
        proxy_pid = int((room.state / "jupyterhub-proxy.pid").read_text())
        out["hub_idle"] = memory([hub])
        out["spawn_all"] = room.spawn(*room.students)
        servers = {s: room.server_pid(s) for s in room.students}
        out["server_idle"] = {s: memory([psutil.Process(pid)]) for s, pid in servers.items()}

        link = subprocess.run(
            [sys.executable, str(REPO / "classroom" / "links.py"), "--hub", room.url,
             "--repo", room.repo_url], capture_output=True, text=True, check=True
        ).stdout.splitlines()[0].split("\t")[1]
        started = time.monotonic()
        pulls = {}

        def pull(student):
            pulls[student] = room.server(student).git_pull(link)["events"][-1].get("phase")
        threads = [threading.Thread(target=pull, args=(s,)) for s in room.students]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        out["pull_all"] = time.monotonic() - started
        out["pulled"] = sum(phase == "finished" for phase in pulls.values())

        roots = {s: (pid, True) for s, pid in servers.items()}
        roots["hub"] = (hub.pid, False)
        roots["proxy"] = (proxy_pid, False)
        sampler = Sampler(roots)
        sampler.start()
        load_before = os.getloadavg()[0]
        runs = {}

        def run_chapter(student):
            begun = time.monotonic()
            try:
                seconds, errors = room.server(student).run_notebook(NOTEBOOK)
                runs[student] = (seconds, errors, time.monotonic() - begun)
            except Exception as error:  # noqa: BLE001 (reported in the results)
                runs[student] = (None, repr(error), time.monotonic() - begun)
        started = time.monotonic()
        threads = [threading.Thread(target=run_chapter, args=(s,)) for s in room.students]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        out["all_finished"] = time.monotonic() - started
        sampler.stop.set()
        sampler.join()
        out["load_before"], out["load_after"] = load_before, os.getloadavg()[0]
        out["runs"] = runs
        out["peak"] = sampler.peak
    finally:
        out["leftovers"] = room.close()
    return out


def alone():
    """Chapter 1 run by one student alone, in the same kit (for the slow-down figure)."""
    room = LocalClassroom(["solo"], instructor=None)
    try:
        room.start()
        room.spawn(*room.students)
        student = room.students[0]
        link = subprocess.run(
            [sys.executable, str(REPO / "classroom" / "links.py"), "--hub", room.url,
             "--repo", room.repo_url], capture_output=True, text=True, check=True
        ).stdout.splitlines()[0].split("\t")[1]
        room.server(student).git_pull(link)
        begun = time.monotonic()
        room.server(student).run_notebook(NOTEBOOK)
        return time.monotonic() - begun
    finally:
        room.close()


def report(out, solo):
    import numpy
    students = [s for s in out["peak"] if s not in ("hub", "proxy")]
    peaks_pss = [out["peak"][s][1] / MiB for s in students]
    peaks_rss = [out["peak"][s][0] / MiB for s in students]
    idle = [v[1] / MiB for v in out["server_idle"].values()]
    per_server = statistics.mean(peaks_pss)
    runs = [r for r in out["runs"].values() if r[0] is not None]
    failed = [r for r in out["runs"].values() if r[0] is None]
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    lines = [
        f"Measured {now} on {cpu} ({os.cpu_count()} cores), Python "
        f"{platform.python_version()}, NumPy {numpy.__version__}, by "
        "`sudo python benchmarks/classroom_load.py` (the kit's hub, classroom/, on one "
        "machine; one BLAS thread per kernel, as the kit sets). Load average (1 min) "
        f"{out['load_before']:.1f} before the run and {out['load_after']:.1f} after it, "
        f"on {os.cpu_count()} cores.",
        "",
        f"**{out['students']} students' servers ran chapter 1 at the same time**: every "
        f"notebook finished {out['all_finished']:.0f} s after they all started "
        f"(one student alone: {solo:.0f} s, in the same kit just after; both from opening the "
        "notebook, its kernel's start included, to its last cell).",
        "",
        "| what | figure |",
        "|---|---|",
        f"| servers spawned through the REST API, all at once | {out['students']}, all up "
        f"after {out['spawn_all']:.0f} s |",
        f"| nbgitpuller link followed by every student at once | {out['pulled']} of "
        f"{out['students']} pulled in {out['pull_all']:.0f} s |",
        f"| chapter 1 run by every student at once (Run All) | all finished after "
        f"{out['all_finished']:.0f} s; each took {min(r[2] for r in runs):.0f} to "
        f"{max(r[2] for r in runs):.0f} s (its kernel's start included)"
        + (f"; {len(failed)} failed" if failed else "") + " |",
        f"| chapter 1 run by one student alone | {solo:.0f} s |",
        f"| hub (the JupyterHub process) | {out['peak']['hub'][0] / MiB:.0f} MiB RSS "
        f"({out['hub_idle'][0] / MiB:.0f} MiB before the servers started) |",
        f"| proxy (configurable-http-proxy) | {out['peak']['proxy'][0] / MiB:.0f} MiB RSS |",
        f"| one student's server, idle (no kernel) | {statistics.mean(idle):.0f} MiB PSS |",
        f"| one student's server with chapter 1's kernel, peak | {min(peaks_pss):.0f} to "
        f"{max(peaks_pss):.0f} MiB PSS (mean {per_server:.0f}); {min(peaks_rss):.0f} to "
        f"{max(peaks_rss):.0f} MiB RSS |",
        f"| **servers per GiB** (1 GiB / mean peak PSS) | **{1024 / per_server:.1f}** |",
        "",
        "What it means for the one-server kit: memory sets the class size, CPU sets how "
        "long a lab's Run All takes. A 2-core machine with 8 GiB holds about "
        f"{int(7 * 1024 / per_server)} students with chapter 1 open (7 GiB for servers, "
        "1 GiB for the system and the hub), but when they all run it at once each "
        f"waits about {out['all_finished'] / solo:.1f} times as long as alone. This is "
        "chapter 1; chapter 6 loads MNIST and trains, so its kernels need more memory and "
        "CPU (not measured here). Idle servers are stopped after an hour (the kit's idle "
        "culler), which frees their memory.",
    ]
    if out["leftovers"]:
        lines += ["", f"Left after the run (should be nothing): {out['leftovers']}"]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=10)
    parser.add_argument("--no-write", action="store_true", help="print, do not write results")
    args = parser.parse_args(argv)
    why = missing()
    if why:
        sys.exit(f"classroom_load: {why}")
    started = time.monotonic()
    out = measure(args.students)
    solo = alone()
    text = report(out, solo)
    print(text)
    print(f"(the benchmark took {time.monotonic() - started:.0f} s)")
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text)
        print(f"wrote {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
