"""`rnn-grade`: a thin layer over grader.engine.run; catches only the grader's own errors."""
from __future__ import annotations

import argparse
import enum
import os
import sys
from dataclasses import replace
from functools import partial
from pathlib import Path

from grader.atomic import write_atomically
from grader.engine.options import DEFAULT_BUDGET_S, DEFAULT_SEED, DEFAULT_TIMEOUT_S, GradingOptions
from grader.engine.sources import find_solutions, submission_target
from grader.errors import GraderError, UsageError
from grader.sandbox.isolation import SandboxUnavailable

class ExitCode(enum.IntEnum):
    """What `rnn-grade` exits with (named as pytest names its own)."""

    OK = 0  # graded, whatever the score
    LOW_SCORE = 1  # graded, below --fail-under
    USAGE_ERROR = 2  # the command line asked for something impossible
    INTERNAL_ERROR = 3  # the grader itself failed; nothing was graded
    NO_SANDBOX = 4  # official grading refused: student code could not be isolated


EXIT_OK, EXIT_LOW_SCORE, EXIT_USAGE = ExitCode.OK, ExitCode.LOW_SCORE, ExitCode.USAGE_ERROR


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rnn-grade", description="Grade RNN exercise files.")
    parser.add_argument("submission", nargs="?", default="exercises",
                        help="folder of exercise files (default: exercises/), or one exercise file "
                             "(ex03_bptt.py grades ex03 alone)")
    parser.add_argument("--only", action="append", default=[], metavar="EXERCISE",
                        help="grade only this exercise (ex03 or ex03_bptt); repeatable")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    parser.add_argument("--public", action="store_true", help="public checks only")
    parser.add_argument("--solutions", type=Path, help="reference solutions (default: $RNN_GRADE_SOLUTIONS, "
                                                       "else the kit's own solutions/ when present)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the JSON result here")
    parser.add_argument("--junit", type=Path, metavar="PATH", help="write JUnit XML here")
    parser.add_argument("--gradescope", type=Path, metavar="PATH", help="write Gradescope results.json here")
    parser.add_argument("--html", type=Path, metavar="PATH", help="write a self-contained feedback page here")
    parser.add_argument("--markdown", type=Path, metavar="PATH",
                        help="append a Markdown summary here (e.g. $GITHUB_STEP_SUMMARY)")
    parser.add_argument("--quiet", action="store_true", help="print only the total")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="every check's row and feedback (default: a summary and one panel per cause)")
    parser.add_argument("--audience", choices=("student", "instructor"), default="student",
                        help="who reads the reports: a student sees hidden checks only as passed or "
                             "failed, an instructor sees everything (default %(default)s; --json "
                             "always holds everything)")
    parser.add_argument("--fail-under", type=float, metavar="SCORE",
                        help="exit 1 when the score is below SCORE")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, metavar="SECONDS",
                        help="time limit per check (default %(default)s)")
    parser.add_argument("--budget", type=float, default=DEFAULT_BUDGET_S, metavar="SECONDS",
                        help="total time for all of the submission's code (default %(default)s)")
    parser.add_argument("--unsandboxed", action="store_true",
                        help="official grading without isolating student code (every report says so)")
    parser.add_argument("--sequential", action="store_true",
                        help="use one core: start workers when first needed and train in turn "
                             "(batch grading parallelises across submissions instead)")
    parser.add_argument("--no-cache", action="store_true",
                        help="ask the reference every question again (default: remember its answers)")
    parser.add_argument("--student-id", metavar="ID",
                        help="official grading with this student's variant: quiz option order and hidden "
                             "seeds from the course secret (see README, Per-student variants)")
    parser.add_argument("--watch", action="store_true",
                        help="grade an exercise again each time its file is saved (Ctrl-C stops)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    commands = {"calibrate": calibrate_main, "batch": batch_main, "release": release_main,
                "gradescope-bundle": bundle_main}
    if argv[:1] and argv[0] in commands:
        return commands[argv[0]](argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        options = resolve_options(args)
        if args.watch:
            from grader.watch import watch

            render = (lambda result: "") if args.quiet else partial(_render, args)  # quiet: the summary line
            return watch(options, headline=_headline(args), render=render, summary=partial(_summary, args))
        from grader.engine.run import grade  # heavy imports only once the input is valid
        from grader.report.progress import CheckProgress

        progress = CheckProgress() if CheckProgress.wanted(quiet=args.quiet, stream=sys.stderr) else None
        result = grade(options, progress=progress)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"rnn-grade: {exc}", file=sys.stderr)
        return ExitCode.USAGE_ERROR
    except SandboxUnavailable as exc:
        print(f"rnn-grade: no grade: {exc}", file=sys.stderr)
        return ExitCode.NO_SANDBOX
    except GraderError as exc:
        print(f"rnn-grade: {exc}", file=sys.stderr)
        return ExitCode.INTERNAL_ERROR
    try:
        _write_outputs(args, result)
    except OSError as exc:
        print(f"rnn-grade: could not write a report: {exc}", file=sys.stderr)
        return ExitCode.USAGE_ERROR
    if args.fail_under is not None and result.score < args.fail_under:
        print(f"Score {result.score:g} is below --fail-under {args.fail_under:g}", file=sys.stderr)
        return ExitCode.LOW_SCORE
    return ExitCode.OK


def calibrate_main(argv: list[str]) -> int:
    """`rnn-grade calibrate`: measure the reference's spread and store the training bars."""
    parser = argparse.ArgumentParser(prog="rnn-grade calibrate", description=calibrate_main.__doc__)
    parser.add_argument("--solutions", type=Path, default=Path("solutions"))
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument("--out", type=Path, help="write here instead of the package's data file")
    args = parser.parse_args(argv)
    if not args.solutions.is_dir():
        print(f"rnn-grade calibrate: UsageError: no solutions folder at {str(args.solutions)!r}",
              file=sys.stderr)
        return EXIT_USAGE
    from grader import calibration

    path = calibration.run(args.solutions.resolve(), device=args.device, out=args.out)
    print(f"calibration written to {path}")
    return EXIT_OK


def release_main(argv: list[str]) -> int:
    """`rnn-grade release [--student-id ID] OUT_DIR`: write the student edition (no solutions, hidden
    checks or key); with a student id, its quiz shows that student's option order."""
    from grader.release import build_student_release

    return _build_command("release", release_main.__doc__, argv, build_student_release,
                          "student release written to {}", student_id=True)


def bundle_main(argv: list[str]) -> int:
    """`rnn-grade gradescope-bundle OUT.zip`: the autograder zip for Gradescope."""
    from grader.release import build_gradescope_bundle

    return _build_command("gradescope-bundle", bundle_main.__doc__, argv, build_gradescope_bundle,
                          "Gradescope autograder written to {}")


def _build_command(name: str, doc: str | None, argv: list[str], build, done: str, *,
                   student_id: bool = False) -> int:
    parser = argparse.ArgumentParser(prog=f"rnn-grade {name}", description=doc)
    parser.add_argument("out", type=Path)
    if student_id:
        parser.add_argument("--student-id", metavar="ID", help="this student's edition (needs the course secret)")
    args = parser.parse_args(argv)
    try:
        print(done.format(build(args.out, **({"student_id": args.student_id} if student_id else {}))))
    except UsageError as exc:
        print(f"rnn-grade {name}: UsageError: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def batch_main(argv: list[str]) -> int:
    """`rnn-grade batch`: grade every submission of a class in parallel, then write the reports."""
    parser = argparse.ArgumentParser(prog="rnn-grade batch", description=batch_main.__doc__)
    parser.add_argument("submissions", type=Path, help="a folder of submission folders or .zip files")
    parser.add_argument("--out", type=Path, required=True, help="results folder (created; reused to resume)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="grade on this Dask scheduler (tcp://host:8786) instead of local processes")
    parser.add_argument("--public", action="store_true")
    parser.add_argument("--solutions", type=Path)
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="cpu")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S)
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--gradebook-format", choices=("kit", "canvas"), default="kit",
                        help="gradebook.csv as the kit's own CSV (default) or as Canvas's gradebook import")
    parser.add_argument("--roster", type=Path, metavar="CSV",
                        help="with canvas: the course roster (Student, ID, SIS User ID, SIS Login ID, "
                             "Section; Canvas's gradebook export will do); each submission is named by its "
                             "student's SIS Login ID, or else by the ID column")
    parser.add_argument("--canvas-assignment", metavar="TITLE",
                        help="with canvas: the assignment column (default 'RNN basics', a new assignment; "
                             "an existing one as Canvas exports it, 'Title (assignment id)')")
    args = parser.parse_args(argv)
    from grader import batch
    from grader.report import class_reports
    from grader.report.progress import CheckProgress

    try:
        submissions = batch.discover(args.submissions)
        grade_args = _batch_grade_args(args)
        if (args.gradebook_format == "canvas") != (args.roster is not None):
            raise UsageError("--gradebook-format canvas and --roster ROSTER.csv go together")
        canvas, left_out = (None, []) if args.roster is None else class_reports.canvas_gradebook(
            args.roster, [s.name for s in submissions], assignment=args.canvas_assignment)
    except UsageError as exc:
        print(f"rnn-grade batch: UsageError: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if left_out:
        print(f"rnn-grade batch: warning: no roster row for {left_out}: graded, but not in the Canvas "
              "gradebook (name a submission by its student's SIS Login ID or ID)", file=sys.stderr)
    progress = CheckProgress() if CheckProgress.wanted(quiet=args.quiet, stream=sys.stderr) else None
    done_before = len(submissions) - len(batch.pending(submissions, args.out))
    try:
        outcomes = batch.grade_class(submissions, args.out, grade_args, workers=max(1, args.workers),
                                     progress=progress, scheduler=args.scheduler,
                                     by_name=_variants_by_name(args))
    except UsageError as exc:
        print(f"rnn-grade batch: UsageError: {exc}", file=sys.stderr)
        return EXIT_USAGE
    written = class_reports.write_reports(args.out, [s.name for s in submissions], canvas=canvas)
    failed = [o for o in outcomes if not o.ok]
    print(f"{len(submissions)} submissions: {done_before} already graded, {len(outcomes) - len(failed)} "
          f"graded now, {len(failed)} could not be graded (see {args.out / 'errors'})")
    print(f"gradebook: {written['gradebook']}\nclass page: {written['class_page']}")
    return EXIT_OK


def _batch_grade_args(args: argparse.Namespace) -> list[str]:
    grade_args = ["--device", args.device, "--timeout", str(args.timeout), "--sequential"]
    solutions = _solutions(args)  # the same rule as grading one submission
    grade_args += ["--public"] if solutions is None else ["--solutions", str(solutions)]
    for name in args.only:
        grade_args += ["--only", name]
    return grade_args


def _variants_by_name(args: argparse.Namespace) -> bool:
    """Official batches with a course secret grade each submission as its folder's student id."""
    from grader import variants

    solutions = _solutions(args)
    return solutions is not None and variants.read_secret(solutions) is not None


def resolve_options(args: argparse.Namespace) -> GradingOptions:
    """Check the command line against the file system; raise UsageError with a next step."""
    from grader.engine.reference_cache import default_folder

    reports = (args.json, args.junit, args.gradescope, args.html, args.markdown)
    for path in reports:
        _check_writable(path)
    if args.watch and (any(reports) or args.fail_under is not None):
        raise UsageError("--watch prints each grade here; report files and --fail-under are for one grade, "
                         "so run without --watch for those")
    folder, only = submission_target(args.submission, tuple(args.only))
    return GradingOptions(submission=folder, solutions=_solutions(args), device=args.device,
                          only=only, timeout_s=args.timeout, budget_s=args.budget,
                          unsandboxed=args.unsandboxed, seed=args.seed, overlap=not args.sequential,
                          cache=None if args.no_cache else default_folder(), student_id=args.student_id)


def _check_writable(path: Path | None) -> None:
    """An output path must be creatable: its nearest existing ancestor is a folder."""
    if path is None:
        return
    existing = next(p for p in [path.parent, *path.parent.parents] if p.exists())
    if not existing.is_dir() or (path.exists() and path.is_dir()):
        raise UsageError(f"cannot write {str(path)!r}: {str(existing if not existing.is_dir() else path)!r} "
                         f"is {'a file' if not existing.is_dir() else 'a folder'}; choose another path")


def _solutions(args: argparse.Namespace) -> Path | None:
    """--solutions, else $RNN_GRADE_SOLUTIONS, else the kit's own solutions/: never the current folder."""
    return find_solutions(args.solutions, public=args.public).path


def _headline(args: argparse.Namespace) -> str:
    """The report's first line: the mode and why (`public: the public checks ...`)."""
    return find_solutions(args.solutions, public=args.public).describe()


def _write_outputs(args: argparse.Namespace, result) -> None:
    from grader.report import gradescope, html, json_report, junit, markdown, plots

    if args.json is not None:
        plot = plots.length_sweep_png(result, args.json.with_name(args.json.stem + "_length_sweep.png"))
        if plot is not None:
            result = replace(result, artifacts={**result.artifacts, "length_sweep_plot": str(plot)})
        write_atomically(args.json, json_report.render(result))
    audience = args.audience
    for path, renderer in ((args.junit, junit.render), (args.gradescope, gradescope.render),
                           (args.html, html.render_student)):
        if path is not None:
            write_atomically(path, renderer(result, audience=audience))
    if args.markdown is not None:
        with open(args.markdown, "a", encoding="utf-8") as summary:
            summary.write(markdown.render(result, audience=audience))
    if args.quiet:
        print(_summary(args, result).split(": ", 1)[1])
    else:
        print(_headline(args))
        print(_render(args, result), end="")


def _summary(args: argparse.Namespace, result) -> str:
    """`ex03_bptt: 18/18`: the exercises and their total, hidden points shown only to instructors."""
    from grader.report.audience import tally

    names = ", ".join(exercise.name for exercise in result.exercises)
    return f"{names}: {tally(result.checks(), args.audience).describe().replace(' / ', '/')}"


def _render(args: argparse.Namespace, result) -> str:
    from grader.report import terminal

    return terminal.render(result, width=_width(), color=sys.stdout.isatty(), audience=args.audience,
                           verbose=args.verbose)


def _width() -> int:
    try:
        return min(os.get_terminal_size().columns, 120)
    except OSError:
        return 100
