"""Plots for reports, drawn with matplotlib from the result model only."""
from __future__ import annotations

from pathlib import Path

from grader.results import GradeResult


def length_sweep_png(result: GradeResult, path: Path) -> Path | None:
    """Accuracy against sequence length (the student's and the reference mean); None without data."""
    accuracies = result.data("accuracy_by_length")
    if not accuracies:
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    lengths = sorted(int(length) for length in accuracies)
    figure, axes = plt.subplots(figsize=(6, 3.6), dpi=100)
    axes.plot(lengths, [accuracies[str(n)] for n in lengths], "o-", label="this submission")
    reference = result.data("reference_mean_by_length") or {}
    if reference:
        axes.plot(lengths, [reference[str(n)] for n in lengths], "s--", alpha=0.7, label="reference (mean)")
    axes.axhline(0.5, color="grey", linestyle=":", label="chance")
    axes.set(xscale="log", xlabel="sequence length", ylabel="balanced accuracy", ylim=(0.3, 1.02),
             title="Vanilla RNN: remembering the first value")
    axes.set_xticks(lengths, [str(n) for n in lengths])
    axes.legend(loc="lower left")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
    return path
