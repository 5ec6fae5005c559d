"""Bars for the training checks, from the reference's own spread over many seeds.

`rnn-grade calibrate` trains the reference once per seed and stores the balanced
accuracies in grader/data/calibration.json; grading reads the bars from there and
never recomputes them per student.
"""
from __future__ import annotations

import functools
import json
import statistics
from importlib import resources
from pathlib import Path
from typing import Callable

from grader import training
from grader.errors import GraderError

DATA_FILE = "calibration.json"
SCHEMA = 1
CALIBRATION_SEEDS = tuple(range(1000, 1100))
Z_ONE_PERCENT = 2.33  # one-sided 1% point of a normal: the reference fails below the bar <= 1%
MARGIN = 0.02


def lower_bar(scores: list[float]) -> float:
    """Below the empirical 1% quantile, the normal one and the worst run, minus a margin.

    Training accuracy has a long lower tail (a run now and then learns late), so the
    normal quantile alone would fail the reference too often.
    """
    mean, spread = statistics.fmean(scores), statistics.stdev(scores)
    empirical = sorted(scores)[int(0.01 * len(scores))]
    return round(min(mean - Z_ONE_PERCENT * spread, empirical, min(scores)) - MARGIN, 4)


def upper_bar(scores: list[float]) -> float:
    """Above the 99% quantiles (normal and empirical) and the best run, plus a margin."""
    mean, spread = statistics.fmean(scores), statistics.stdev(scores)
    return round(max(mean + Z_ONE_PERCENT * spread, max(scores)) + MARGIN, 4)


def summarise(scores: list[float], *, upper: bool = False) -> dict:
    entry = {"scores": [round(s, 4) for s in scores], "mean": round(statistics.fmean(scores), 4),
             "std": round(statistics.stdev(scores), 4), "bar": lower_bar(scores)}
    if upper:
        entry["upper_bar"] = upper_bar(scores)
    return entry


def calibrate(worker_for: Callable[[str], object], *, seeds=CALIBRATION_SEEDS, device: str = "cpu",
              progress: Callable[[str], None] = lambda message: None) -> dict:
    """Train the reference for every seed; return the data file's content."""
    results: dict[str, list] = {"ex04_sentiment": [], "ex05_baseline": []}
    sweep: dict[int, list[float]] = {length: [] for length in training.SWEEP_LENGTHS}
    for seed in seeds:
        progress(f"seed {seed}")
        results["ex04_sentiment"].append(
            training.score_classifier(worker_for("ex04_sentiment"), seed, device).balanced_accuracy)
        results["ex05_baseline"].append(
            training.score_baseline(worker_for("ex05_baseline"), seed, device).balanced_accuracy)
        for length, score in training.score_sweep(worker_for("ex06_length_sweep"), seed, device).items():
            sweep[length].append(score.balanced_accuracy)
    exercises = {name: summarise(scores) for name, scores in results.items()}
    exercises["ex06_length_sweep"] = {str(length): summarise(scores, upper=length == training.LONG_LENGTH)
                                      for length, scores in sweep.items()}
    return {"schema": SCHEMA, "budget_fingerprint": training.budget_fingerprint(),
            "seeds": list(seeds), "device": device, "exercises": exercises}


def load(path: Path | None = None) -> dict:
    """The stored bars (the packaged file is read once per process); treat as read-only."""
    return _read(path) if path is not None else _packaged()


@functools.lru_cache(maxsize=1)
def _packaged() -> dict:
    return _read(None)


def _read(path: Path | None) -> dict:
    """The file's data; a clear error when missing or made for other budgets."""
    try:
        text = path.read_text() if path else \
            resources.files("grader.data").joinpath(DATA_FILE).read_text()
        data = json.loads(text)
    except (OSError, ValueError) as exc:
        raise GraderError(f"calibration data could not be read ({exc}); "
                          "run `rnn-grade calibrate` with the reference solutions") from None
    if data.get("budget_fingerprint") != training.budget_fingerprint():
        raise GraderError("calibration data was made for other training budgets; "
                          "run `rnn-grade calibrate` again")
    return data


def bar(exercise: str, key: str | None = None, which: str = "bar") -> float:
    entry = load()["exercises"][exercise]
    return float((entry[key] if key else entry)[which])


def run(solutions: Path, *, device: str = "cpu", out: Path | None = None,
        seeds=CALIBRATION_SEEDS) -> Path:
    """Calibrate with the reference in `solutions` and write the data file."""
    import time

    from grader.engine.pool import WorkerPool

    target = out or Path(str(resources.files("grader.data").joinpath(DATA_FILE)))
    pool = WorkerPool({"reference": solutions})
    started = time.perf_counter()
    try:
        def worker_for(module: str):
            return pool.for_check("reference", module, timeout_s=3600)

        report = lambda message: print(f"[{time.perf_counter() - started:6.1f} s] calibrating: {message}",
                                       flush=True)
        data = calibrate(worker_for, seeds=seeds, device=device, progress=report)
    finally:
        pool.close()
    target.write_text(json.dumps(data, indent=2) + "\n")
    return target
