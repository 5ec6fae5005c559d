"""Which device training runs on: `auto` becomes `cuda` or `cpu` once, when the options are made."""
from __future__ import annotations

from pathlib import Path

from grader.errors import UsageError

DEVICES = ("auto", "cpu", "cuda")


def gpu_driver_present() -> bool:
    """An NVIDIA (or WSL / ROCm) GPU driver is visible; without one torch cannot see a GPU."""
    return any(Path(path).exists() for path in ("/proc/driver/nvidia/version", "/dev/nvidia0",
                                                "/dev/nvidiactl", "/dev/dxg", "/dev/kfd"))


def resolve_device(requested: str) -> str:
    """'auto' picks CUDA when torch sees a GPU; asking for a missing GPU is a usage error."""
    if requested == "cpu" or (requested == "auto" and not gpu_driver_present()):
        return "cpu"  # no driver, no CUDA: no need to import torch just to ask
    import torch

    if torch.cuda.is_available():
        return "cuda"
    if requested == "cuda":
        raise UsageError("--device cuda was asked for but no CUDA GPU is available; "
                         "use --device auto or --device cpu")
    return "cpu"
