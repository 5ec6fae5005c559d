"""Resource limits for a process that runs student code (applied between fork and exec)."""
from __future__ import annotations

import resource
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = 8 * 1024**3
    cpu_seconds: int = 1800
    processes: int = 1024
    file_bytes: int = 256 * 1024**2
    tmp_bytes: int = 64 * 1024**2  # the sandbox's private /tmp

    def apply(self) -> None:
        """Runs in the child between fork and exec; everything it starts inherits them."""
        for kind, value in ((resource.RLIMIT_AS, self.memory_bytes), (resource.RLIMIT_CPU, self.cpu_seconds),
                            (resource.RLIMIT_NPROC, self.processes), (resource.RLIMIT_FSIZE, self.file_bytes),
                            (resource.RLIMIT_CORE, 0)):
            resource.setrlimit(kind, (value, value))

    def describe(self, *, capped_tmp: bool = True) -> str:
        tmp = f"/tmp {self.tmp_bytes / 1024**2:g} MiB" if capped_tmp else "its private folder not capped"
        return (f"memory {self.memory_bytes / 1024**3:g} GiB, CPU {self.cpu_seconds} s, "
                f"{self.processes} processes, files {self.file_bytes / 1024**2:g} MiB, {tmp}")
