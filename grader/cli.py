"""`rnn-grade`: a thin layer over grader.engine.run; catches only the grader's own errors."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from grader.engine.options import DEFAULT_SEED, DEFAULT_TIMEOUT_S, GradingOptions
from grader.errors import GraderError, UsageError

EXIT_OK, EXIT_LOW_SCORE, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rnn-grade", description="Grade RNN exercise files.")
    parser.add_argument("submission", nargs="?", default="exercises",
                        help="folder of exercise files (default: exercises/)")
    parser.add_argument("--only", action="append", default=[], metavar="EXERCISE",
                        help="grade only this exercise (ex03 or ex03_bptt); repeatable")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    parser.add_argument("--public", action="store_true", help="public checks only")
    parser.add_argument("--solutions", type=Path, help="reference solutions (default: ./solutions)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the JSON result here")
    parser.add_argument("--quiet", action="store_true", help="print only the total")
    parser.add_argument("--fail-under", type=float, metavar="SCORE",
                        help="exit 1 when the score is below SCORE")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, metavar="SECONDS",
                        help="time limit per check (default %(default)s)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["calibrate"]:
        return calibrate_main(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        options = resolve_options(args)
        from grader.engine.run import grade  # heavy imports only once the input is valid
        from grader.report.progress import CheckProgress

        progress = CheckProgress() if CheckProgress.wanted(quiet=args.quiet, stream=sys.stderr) else None
        result = grade(options, progress=progress)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"rnn-grade: UsageError: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except GraderError as exc:
        print(f"rnn-grade: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    _write_outputs(args, result)
    if args.fail_under is not None and result.score < args.fail_under:
        print(f"Score {result.score:g} is below --fail-under {args.fail_under:g}", file=sys.stderr)
        return EXIT_LOW_SCORE
    return EXIT_OK


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


def resolve_options(args: argparse.Namespace) -> GradingOptions:
    """Check the command line against the file system; raise UsageError with a next step."""
    from grader.exercises import resolve_exercise

    submission = Path(args.submission)
    if not submission.is_dir():
        raise UsageError(f"submission folder {str(submission)!r} does not exist; "
                         "pass the folder that holds your exercise files")
    if args.timeout <= 0:
        raise UsageError(f"--timeout must be positive, got {args.timeout}")
    return GradingOptions(submission=submission.resolve(), solutions=_solutions(args),
                          device=args.device, only=tuple(resolve_exercise(name) for name in args.only),
                          timeout_s=args.timeout, seed=args.seed)


def _solutions(args: argparse.Namespace) -> Path | None:
    if args.public:
        return None
    if args.solutions is not None:
        if not args.solutions.is_dir():
            raise UsageError(f"--solutions folder {str(args.solutions)!r} does not exist")
        return args.solutions.resolve()
    default = Path("solutions")
    return default.resolve() if default.is_dir() else None


def _write_outputs(args: argparse.Namespace, result) -> None:
    from grader.report import json_report, plots, terminal

    if args.json is not None:
        plot = plots.length_sweep_png(result, args.json.with_name(args.json.stem + "_length_sweep.png"))
        if plot is not None:
            result = replace(result, artifacts={**result.artifacts, "length_sweep_plot": str(plot)})
        write_atomically(args.json, json_report.render(result))
    if args.quiet:
        print(f"{result.score:g}/{result.max_score:g}")
    else:
        print(terminal.render(result, width=_width(), color=sys.stdout.isatty()), end="")


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp") as handle:
        handle.write(text)
    os.replace(handle.name, path)


def _width() -> int:
    try:
        return min(os.get_terminal_size().columns, 120)
    except OSError:
        return 100
