"""The progress bar's timer keeps ticking while a check blocks and pytest captures the terminal."""
from __future__ import annotations

import os
import time

from grader.report.progress import CheckProgress


def test_the_timer_keeps_ticking_while_the_terminals_descriptor_is_captured(tmp_path):
    screen = (tmp_path / "screen").open("w")
    progress = CheckProgress(screen, force_terminal=True)
    progress.start(3)
    progress.running("ex04_sentiment: learns_the_count_task")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, screen.fileno())  # what pytest's capture does to fd 2 while a check runs
    time.sleep(1.6)  # the check blocks; nothing calls the bar meanwhile
    progress.stop()
    os.close(devnull)
    drawn = (tmp_path / "screen").read_text()
    assert "ex04_sentiment: learns_the_count_task" in drawn and "0:00:01" in drawn


def test_stopping_closes_only_the_bars_own_copy_of_the_terminal(tmp_path):
    screen = (tmp_path / "screen").open("w")
    progress = CheckProgress(screen, force_terminal=True)
    progress.start(1)
    progress.stop()
    assert not screen.closed
    screen.write("still writable\n")
