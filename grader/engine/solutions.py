"""Where the reference solutions are found: one rule for the command line and for notebooks."""
from __future__ import annotations

import os
from pathlib import Path

from grader.engine.options import HIDDEN_CHECKS_FOLDER
from grader.errors import UsageError


def find_solutions(chosen: Path | str | None = None, *, public: bool = False) -> Path | None:
    """`chosen`, else $RNN_GRADE_SOLUTIONS, else the kit's own solutions/; never the current folder,
    so a grade is the same wherever it is asked for. None: public checks only."""
    if public:
        return None
    chosen = chosen or os.environ.get("RNN_GRADE_SOLUTIONS")
    if chosen:
        if not Path(chosen).is_dir():
            raise UsageError(f"--solutions folder {str(chosen)!r} does not exist")
        return Path(chosen).resolve()
    from grader.sandbox.launch import PACKAGE_ROOT

    kit = PACKAGE_ROOT / "solutions"
    return kit if (kit / HIDDEN_CHECKS_FOLDER).is_dir() else None
