"""Print how long grading takes: public and official grades, worker start-up, the test suite.

Run from the repository root: `python benchmarks/benchmark.py [--repeat N] [--suite]`.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def grade_seconds(extra: list[str], repeat: int) -> list[float]:
    command = [sys.executable, "-m", "grader", "solutions", "--quiet", *extra]
    return [wall(command) for _ in range(repeat)]


def worker_start_seconds(module: str, repeat: int) -> list[float]:
    """Start a worker, import the module, answer one call, and kill it."""
    from grader.engine.remote import Worker

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        worker = Worker(ROOT / "solutions", module)
        worker.deadline = time.monotonic() + 60
        worker.get("__name__")
        worker.close()
        times.append(time.perf_counter() - started)
    return times


def report(label: str, times: list[float]) -> None:
    print(f"{label:<52} median {statistics.median(times):6.2f} s   "
          f"min {min(times):6.2f} s   max {max(times):6.2f} s   (n={len(times)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--suite", action="store_true", help="also time the full test suite")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    print(f"python {sys.version.split()[0]}, {args.repeat} runs each, wall-clock including interpreter start")
    report("public grade of ex01-ex03 (reference)", grade_seconds(["--public"], args.repeat))
    report("public + hidden grade of ex01-ex03 (reference)", grade_seconds([], args.repeat))
    report("worker start + import, NumPy module (ex03_bptt)", worker_start_seconds("ex03_bptt", args.repeat))
    report("worker start + import, torch module (ex02_torch_rnn)", worker_start_seconds("ex02_torch_rnn", args.repeat))
    if args.suite:
        report("test suite (python -m pytest)", [wall([sys.executable, "-m", "pytest", "-q"])])


if __name__ == "__main__":
    main()
