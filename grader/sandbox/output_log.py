"""What a worker printed: its stdout and stderr go to one file, never to the grader's channel.

The grader reads it with `pread`, which leaves the file offset alone: the worker writes through
the same open file, and moving the offset under it would make it overwrite its own output.
"""
from __future__ import annotations

import os
import tempfile

TAIL_LINES = 20
TAIL_CHARS = 2000
_CHUNK = 1 << 20


class OutputLog:
    """A worker's stdout and stderr; `mark()` before a call, `tail(mark)` after it."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # handed to the worker as stdout and stderr

    def mark(self) -> int:
        """The current end of the output, to read what comes after it."""
        try:
            return os.fstat(self.file.fileno()).st_size
        except (OSError, ValueError):  # closed: the worker is gone
            return 0

    def read(self, start: int, size: int) -> bytes:
        try:
            return os.pread(self.file.fileno(), size, start)
        except (OSError, ValueError):
            return b""

    def lines(self, since: int = 0) -> int:
        """Lines printed after `since` (a last line without a newline counts)."""
        end, count, last = self.mark(), 0, b"\n"
        for start in range(since, end, _CHUNK):
            chunk = self.read(start, min(_CHUNK, end - start))
            count, last = count + chunk.count(b"\n"), chunk[-1:] or last
        return count + (last != b"\n")

    def tail(self, since: int = 0, *, max_lines: int = TAIL_LINES, max_chars: int = TAIL_CHARS) -> str:
        """The last lines printed after `since`, with a first line saying how many were left out."""
        end = self.mark()
        start = max(since, end - 4 * max_chars)
        text = self.read(start, end - start).decode("utf-8", "replace")
        kept = text.splitlines()[-max_lines:]
        while len(kept) > 1 and sum(len(line) + 1 for line in kept) > max_chars:
            kept = kept[1:]
        kept = [line[-max_chars:] for line in kept]
        left_out = self.lines(since) - len(kept)
        return "\n".join([f"[... {left_out} earlier lines left out]"] * (left_out > 0) + kept)

    def close(self) -> None:
        self.file.close()
