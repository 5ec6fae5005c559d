"""The kit's own JSON result (stable: scripts depend on these fields)."""
from __future__ import annotations

import json
from dataclasses import asdict

from grader.report.safe_text import clean_result, finite
from grader.results import CheckResult, ExerciseResult, GradeResult

SCHEMA_VERSION = 1


def to_dict(result: GradeResult) -> dict:
    """score, max_score, exercises -> {name: {score, max_score, checks: [...]}} and context.

    Everything, hidden checks included, with student text cleaned (`safe_text`) and NaN or
    infinite numbers as null, so that the file is strict JSON and always writable as UTF-8."""
    result = clean_result(result)
    return finite({
        "schema_version": SCHEMA_VERSION,
        "score": result.score,
        "max_score": result.max_score,
        "mode": result.mode,
        "device": result.device,
        "seed": result.seed,
        "submission": result.submission,
        "grader_version": result.grader_version,
        "duration_s": result.duration_s,
        "notes": list(result.notes),
        "artifacts": dict(result.artifacts),
        "exercises": {exercise.name: _exercise(exercise) for exercise in result.exercises},
        **({"variant": result.variant} if result.variant else {}),
    })


def render(result: GradeResult) -> str:
    return json.dumps(to_dict(result), indent=2, allow_nan=False) + "\n"


def _exercise(exercise: ExerciseResult) -> dict:
    checks = [{key: value for key, value in asdict(check).items() if key != "exercise"}
              for check in exercise.checks]
    return {"score": exercise.score, "max_score": exercise.max_score, "checks": checks}


def from_dict(data: dict) -> GradeResult:
    """Read back a result written by `render` (for class reports built from saved results)."""
    exercises = tuple(
        ExerciseResult(name, tuple(CheckResult(exercise=name, **check) for check in entry["checks"]))
        for name, entry in data["exercises"].items())
    return GradeResult(submission=data["submission"], mode=data["mode"], device=data["device"],
                       seed=data["seed"], exercises=exercises, grader_version=data["grader_version"],
                       duration_s=data.get("duration_s", 0.0), notes=tuple(data.get("notes", ())),
                       artifacts=dict(data.get("artifacts", {})), variant=str(data.get("variant", "")))
