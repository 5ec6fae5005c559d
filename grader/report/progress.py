"""A live progress bar on the terminal while checks run (training checks take a while).

While a check runs, pytest captures file descriptors 1 and 2, so a bar drawn on them would
freeze until the check ends. The bar draws on its own duplicate of the terminal's descriptor,
which no capture touches, from rich's refresh thread: its timer keeps ticking while a check
blocks."""
from __future__ import annotations

import io
import os
import sys
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

REFRESHES_PER_SECOND = 4


class CheckProgress:
    """One bar over all checks; the description names the check that is running."""

    def __init__(self, file: TextIO | None = None, *, force_terminal: bool | None = None):
        self._stream, self._owned = _own_copy(file or sys.stderr)
        console = Console(file=self._stream, force_terminal=force_terminal)
        self._progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                  TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                                  console=console, transient=True, auto_refresh=True,
                                  refresh_per_second=REFRESHES_PER_SECOND,
                                  redirect_stdout=False, redirect_stderr=False)
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
        if self._owned:
            self._stream.close()
            self._owned = False


def _own_copy(stream: TextIO) -> tuple[TextIO, bool]:
    """A duplicate of `stream`'s descriptor (and True), or `stream` itself when it has none."""
    try:
        fd = os.dup(stream.fileno())
    except (AttributeError, OSError, io.UnsupportedOperation):
        return stream, False
    return os.fdopen(fd, "w", encoding=getattr(stream, "encoding", None) or "utf-8", errors="replace"), True
