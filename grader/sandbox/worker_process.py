"""A worker process and its channels: two pipes, a socket for "where is it", a log of its output.

It is started before it is told what to import, so that `rnn-grade --watch` can start the next
grade's workers while the student edits; until told, it runs only the grader's own code.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
from pathlib import Path

from grader.sandbox.launch import Launch, trusted_launch
from grader.sandbox.output_log import OutputLog


class WorkerProcess:
    """A worker process that waits for the module it will import (the `Worker` tells it)."""

    def __init__(self, submission: Path, launch: Launch | None = None):
        self.submission, self.launch = Path(submission), launch  # launch None: the grader's own worker
        self.output = OutputLog()  # the worker's stdout and stderr: never the grader's channel
        req_read, self.req_write = os.pipe()
        self.resp_read, resp_write = os.pipe()
        self.where, where_end = socket.socketpair()
        self.owned_folder = None if launch is not None else (launch := trusted_launch(self.submission)).cwd
        command = launch.command("grader.sandbox.worker", "--submission", launch.submission,
                                 "--requests", str(req_read), "--responses", str(resp_write),
                                 "--where", str(where_end.fileno()))
        self.wrapped = bool(launch.prefix)
        self.process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=self.output.file, stderr=self.output.file,
            pass_fds=(req_read, resp_write, where_end.fileno()), start_new_session=True, cwd=launch.cwd,
            env=launch.env, preexec_fn=launch.preexec_fn)
        os.close(req_read)
        os.close(resp_write)
        where_end.close()

    def kill(self) -> None:
        """Kill the whole process group (in bubblewrap: the whole sandbox) and all it spawned."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def close(self) -> None:
        """Kill it, reap it, and close its channels and log."""
        self.kill()
        self.process.wait()
        for fd in (self.req_write, self.resp_read):
            try:
                os.close(fd)
            except OSError:
                pass
        self.output.close()
        self.where.close()
        if self.owned_folder is not None:
            shutil.rmtree(self.owned_folder, ignore_errors=True)
