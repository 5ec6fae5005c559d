"""Grade the reference officially as N students, each answering the quiz on their own edition.

Run from the repository root: `python benchmarks/variants_full_marks.py [--students 20] [--only ex04 ...]`.
Every student trains on their own hidden seed, so this shows whether the calibrated bars hold
for seeds other than the kit's. It prints one line per student and a count of full marks.
"""
from __future__ import annotations

import argparse
import os
import runpy
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
SECRET = "a course secret used only by this benchmark"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--only", action="append", default=[], metavar="EXERCISE")
    args = parser.parse_args()
    os.environ["RNN_GRADE_COURSE_SECRET"] = SECRET
    sys.path.insert(0, str(ROOT))
    from grader import quiz_stub, variants
    from grader.engine.options import GradingOptions
    from grader.engine.run import grade

    key = runpy.run_path(str(SOLUTIONS / "ex07_quiz.py"))["ANSWERS"]
    full = 0
    for i in range(args.students):
        student = f"student{i:02d}"
        variant = variants.for_student(student, SECRET.encode())
        with tempfile.TemporaryDirectory() as folder:
            for path in SOLUTIONS.glob("ex*.py"):
                shutil.copy(path, folder)
            (Path(folder) / "ex07_quiz.py").write_text(quiz_stub.render_answered(variant, key))
            started = time.perf_counter()
            result = grade(GradingOptions(submission=Path(folder), solutions=SOLUTIONS, student_id=student,
                                          only=tuple(args.only), overlap=False))
        lost = [c.id for c in result.checks() if c.status not in ("passed", "skipped")]
        full += not lost
        print(f"{student} variant {result.variant}: {result.score:g}/{result.max_score:g} "
              f"in {time.perf_counter() - started:.1f} s" + (f"; lost {lost}" if lost else ""), flush=True)
    print(f"full marks: {full} of {args.students} students")
    return 0 if full == args.students else 1


if __name__ == "__main__":
    sys.exit(main())
