"""Print how long grading takes, what training costs, and the calibrated bars.

Run from the repository root: `python benchmarks/benchmark.py [--repeat N] [--suite] [--training]
[--batch]`, or `--watch` alone for the latency of `rnn-grade --watch`.
Wall-clock times include interpreter start; each figure is a median over N runs.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUICK = ["--only", "ex01", "--only", "ex02", "--only", "ex03"]
TRAINING = ["--only", "ex04", "--only", "ex05", "--only", "ex06"]


def wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def grade(extra: list[str]) -> tuple[float, dict]:
    """Wall time of one `rnn-grade solutions` run, and its JSON result."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "result.json"
        seconds = wall([sys.executable, "-m", "grader", "solutions", "--quiet", "--json", str(out), *extra])
        return seconds, json.loads(out.read_text())


def worker_start_seconds(module: str, repeat: int) -> list[float]:
    """Start a worker, import the module, answer one request, and kill it."""
    from grader.sandbox.client import Worker

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        worker = Worker(ROOT / "solutions", module)
        worker.deadline = time.monotonic() + 60
        worker.get("__name__")
        worker.close()
        times.append(time.perf_counter() - started)
    return times


def in_process_training_seconds() -> float:
    """The reference's own training for the grader's calls, run directly (no grader at all)."""
    code = f"""
import sys, time, torch
sys.path.insert(0, {str(ROOT / 'solutions')!r})
torch.set_num_threads(1)
from grader import training
from grader.engine.options import PUBLIC_TRAINING_SEED as seed
import ex04_sentiment as ex04, ex05_baseline as ex05, ex06_length_sweep as ex06
runs = [(ex04.build_rnn_classifier, {{}}, training.count_data(seed), training.COUNT_BUDGET),
        (ex05.build_mlp_baseline, {{"seq_len": 20}}, training.count_data(seed), training.COUNT_BUDGET)]
runs += [(ex06.build_sweep_model, {{"hidden_size": 64}}, training.sweep_data(seed, n), training.SWEEP_BUDGET)
         for n in training.SWEEP_LENGTHS]
started = time.perf_counter()
for build, kwargs, (X, y, X_test, _), budget in runs:
    torch.manual_seed(seed)
    model = build(**kwargs)
    ex04.train_classifier(model, X, y, epochs=budget["epochs"], lr=budget["lr"],
                          batch_size=budget["batch_size"], seed=seed)
    ex04.predict(model, X_test)
print(time.perf_counter() - started)
"""
    env = dict(os.environ, OMP_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def report(label: str, times: list[float]) -> None:
    print(f"{label:<58} median {statistics.median(times):6.2f} s   min {min(times):6.2f} s   "
          f"max {max(times):6.2f} s   (n={len(times)})")


def training_report(repeat: int) -> None:
    runs = [grade(["--public", *TRAINING]) for _ in range(repeat)]
    walls = [seconds for seconds, _ in runs]
    inside = [sum(c["data"].get("training_seconds", 0) for e in r["exercises"].values() for c in e["checks"])
              for _, r in runs]
    direct = in_process_training_seconds()
    report("grade of ex04-ex06 (reference, training included)", walls)
    report("  of which student-side training, timed in the worker", inside)
    print(f"  the same training run directly, without the grader        {direct:6.2f} s")
    print(f"  ratio grade / direct training: {statistics.median(walls) / direct:.2f} (bar: 1.15, and <= 60 s)")
    print_bars()


def print_bars() -> None:
    from grader import calibration

    data = calibration.load()
    print(f"calibrated bars ({len(data['seeds'])} reference runs per entry, balanced accuracy):")
    for name, entry in data["exercises"].items():
        rows = entry.items() if "mean" not in entry else [("", entry)]
        for key, row in rows:
            label = f"{name} length {key}" if key else name
            upper = f"   upper bar {row['upper_bar']:.3f}" if "upper_bar" in row else ""
            print(f"  {label:<28} mean {row['mean']:.3f}  sd {row['std']:.3f}  min {min(row['scores']):.3f}  "
                  f"bar {row['bar']:.3f}{upper}")


def batch_report() -> None:
    """A class of 20 (references, stubs, broken files) on the quick exercises, 1 and 2 workers."""
    import shutil

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for i in range(20):
            source = ROOT / ("grader/stubs" if i % 3 == 1 else "solutions")
            shutil.copytree(source, root / "class" / f"s{i:02d}",
                            ignore=shutil.ignore_patterns("hidden_checks", "__pycache__"))
        # warm the reference cache once, as the first graded student of a class does
        wall([sys.executable, "-m", "grader", str(root / "class" / "s00"), "--quiet", *QUICK, "--only", "ex07"])
        times = {}
        for workers in (1, 2):
            command = [sys.executable, "-m", "grader", "batch", str(root / "class"), "--out",
                       str(root / f"out{workers}"), "--workers", str(workers), "--quiet",
                       *QUICK, "--only", "ex07"]
            times[workers] = wall(command)
        print(f"class of 20, quick exercises, official: 1 worker {times[1]:.1f} s, 2 workers {times[2]:.1f} s, "
              f"ratio {times[2] / times[1]:.2f} (bar: 0.55)")


def sandbox_report(repeat: int) -> None:
    """Worker start (import ex03_bptt, one call, kill) inside bubblewrap against without it."""
    from grader.sandbox.client import Worker
    from grader.sandbox.isolation import Sandbox

    launches, probes, sandboxes = {"plain": None}, {}, []
    for layer in ("bubblewrap", "landlock"):
        os.environ["RNN_GRADE_SANDBOX"] = layer
        sandbox = Sandbox(secrets=[ROOT / "solutions", ROOT / ".git"], kit_roots=[ROOT], required=False)
        started = time.perf_counter()
        sandbox.start()
        probes[layer] = time.perf_counter() - started
        sandboxes.append(sandbox)
        if sandbox.layer == layer:
            launches[layer] = sandbox.student_launch(ROOT / "solutions")
    os.environ.pop("RNN_GRADE_SANDBOX")
    timings = {kind: [] for kind in launches}
    for _ in range(repeat):
        for kind, launch in launches.items():
            started = time.perf_counter()
            worker = Worker(ROOT / "solutions", "ex03_bptt", launch=launch)
            worker.deadline = time.monotonic() + 60
            worker.get("__name__")
            worker.close()
            timings[kind].append(time.perf_counter() - started)
    for sandbox in sandboxes:
        sandbox.stop()
    for kind, times in timings.items():
        report(f"worker start, import, one call, kill: {kind}", times)
        if kind != "plain":
            overhead = statistics.median(times) - statistics.median(timings["plain"])
            print(f"  {kind} overhead per worker: {overhead * 1000:.1f} ms (bar: 20 ms); "
                  f"probe once per run: {probes[kind] * 1000:.0f} ms")


def watch_report(repeat: int) -> None:
    """`rnn-grade --watch ex03_bptt.py`: from saving a correct file to its score printed."""
    from grader.watch import QUIET_MS

    # this machine's speed right now, to read the rest by: shared cloud cores vary from hour to hour
    report("yardstick: python -c 'import torch'", [wall([sys.executable, "-c", "import torch"])
                                                    for _ in range(repeat)])
    for mode, extra in (("public", ["--public"]), ("official", [])):
        latencies, grades = watch_latencies(extra, repeat)
        report(f"--watch, {mode}: save ex03_bptt.py -> score printed", latencies)
        report("  of which the grade (sandbox, fresh worker, checks)", grades)
        print(f"  the rest (noticing the save, {QUIET_MS} ms quiet wait, printing): "
              f"{(statistics.median(latencies) - statistics.median(grades)) * 1000:.0f} ms; bar: 0.5 s in all")
    for phase, times in grade_phases(repeat).items():
        if phase == "worker answers":
            print(f"  worker answers read per grade: {statistics.median(times):.0f}")
        else:
            report(f"  one warm public grade of ex03, {phase}", times)


def watch_latencies(extra: list[str], repeat: int) -> tuple[list[float], list[float]]:
    source = (ROOT / "solutions" / "ex03_bptt.py").read_text()
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "ex03_bptt.py"
        target.write_text(source)
        proc = subprocess.Popen([sys.executable, "-m", "grader", "--watch", str(target), *extra], cwd=folder,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        latencies, grades = [], []
        try:
            next_summary(proc)  # the grade at start: warms what stays warm
            for i in range(repeat):
                time.sleep(1.0)  # a person saves every few seconds; the last grade's workers are gone by then
                started = time.perf_counter()
                target.write_text(f"{source}\n# saved {i}\n")
                line = next_summary(proc)
                latencies.append(time.perf_counter() - started)
                grades.append(float(line.rsplit(" in ", 1)[1].split(" s;")[0]))
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=60)
    return latencies, grades


def next_summary(proc: subprocess.Popen) -> str:
    for line in proc.stdout:
        if "watching for the next save" in line:
            return line
    raise RuntimeError(f"rnn-grade --watch ended (exit {proc.wait()}) before printing a score")


def grade_phases(repeat: int) -> dict[str, list[float]]:
    """Where one warm grade's time goes, as in --watch (sandbox verified once, the sandbox and worker
    started ahead, stopped after the score is shown), summed per grade."""
    import pytest

    from grader.engine import run
    from grader.engine.options import GradingOptions
    from grader.engine.session import GradingSession, Standby
    from grader.sandbox.client import Worker
    from grader.sandbox.isolation import Sandbox
    from grader.watch import warm_up

    timed = [(Sandbox, "start", "sandbox start (verdict reused)"), (GradingSession, "__enter__",
             "session start (the copy, the worker's begin)"), (pytest, "main", "pytest (collection, checks)"),
             (Worker, "wait_ready", "  of which waiting for the fresh worker's import"),
             (Worker, "_receive", "  of which waiting for worker answers (import included)"),
             (GradingSession, "__exit__", "session end (after the score is shown)")]
    calls: dict[str, list[float]] = {phase: [] for _, _, phase in timed}
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in timed]
    for owner, name, phase in timed:
        setattr(owner, name, _timing(getattr(owner, name), calls[phase]))
    phases: dict[str, list[float]] = {"in all": [], **{phase: [] for phase in calls}, "worker answers": []}
    try:
        options = warm_up(GradingOptions(submission=ROOT / "solutions", solutions=None, only=("ex03",)))
        run.grade(options)  # the first grade in a process pays imports once
        for _ in range(repeat):
            standby = Standby(options)  # as --watch does right after a grade is shown
            time.sleep(0.5)
            for values in calls.values():
                values.clear()
            started = time.perf_counter()
            with contextlib.ExitStack() as closing:
                run.grade_started(options, standby=standby, closing=closing)
                phases["in all"].append(time.perf_counter() - started)
            for phase, values in calls.items():
                phases[phase].append(sum(values))
            phases["worker answers"].append(len(calls["  of which waiting for worker answers (import included)"]))
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
    return phases


def _timing(function, into: list[float]):
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            into.append(time.perf_counter() - started)
    return timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--suite", action="store_true", help="also time the full test suite")
    parser.add_argument("--training", action="store_true", help="also time the training exercises")
    parser.add_argument("--batch", action="store_true", help="also time a class of 20")
    parser.add_argument("--watch", action="store_true", help="time --watch alone: a save to its score printed")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    if args.watch:
        return watch_report(args.repeat)
    report("public grade of ex01-ex03 (reference)", [grade(["--public", *QUICK])[0] for _ in range(args.repeat)])
    report("public + hidden grade of ex01-ex03 (reference)", [grade(QUICK)[0] for _ in range(args.repeat)])
    report("worker start + import, NumPy module (ex03_bptt)", worker_start_seconds("ex03_bptt", args.repeat))
    report("worker start + import, torch module (ex02_torch_rnn)",
           worker_start_seconds("ex02_torch_rnn", args.repeat))
    sandbox_report(max(args.repeat, 9))
    if args.training:
        training_report(max(1, args.repeat // 2))
    if args.batch:
        batch_report()
    if args.suite:
        report("test suite (python -m pytest)", [wall([sys.executable, "-m", "pytest", "-q"])])


if __name__ == "__main__":
    main()
