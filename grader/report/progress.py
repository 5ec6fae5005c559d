"""A live progress bar on the terminal while checks run (training checks take a while)."""
from __future__ import annotations

import sys
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn


class CheckProgress:
    """One bar over all checks; the description names the check that is running."""

    def __init__(self, file: TextIO | None = None):
        console = Console(file=file or sys.stderr)
        self._progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                  TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                                  console=console, transient=True)
        self._task = None

    @staticmethod
    def wanted(*, quiet: bool, stream: TextIO) -> bool:
        """Only for a person at a terminal: never with --quiet or when output is piped."""
        return not quiet and stream.isatty()

    def start(self, total: int) -> None:
        self._progress.start()
        self._task = self._progress.add_task("grading", total=total)

    def running(self, label: str) -> None:
        if self._task is not None:
            self._progress.update(self._task, description=label)

    def finished(self) -> None:
        if self._task is not None:
            self._progress.advance(self._task)

    def stop(self) -> None:
        self._progress.stop()
