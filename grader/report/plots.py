"""Plots for reports, drawn with matplotlib from result models only (never from student code)."""
from __future__ import annotations

from pathlib import Path

from grader.results import GradeResult


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    return pyplot


def close(figure) -> None:
    _pyplot().close(figure)


def length_sweep_figure(result: GradeResult):
    """Accuracy against length: this submission and the reference mean; None without data."""
    accuracies = result.data("accuracy_by_length")
    if not accuracies:
        return None
    figure, axes = _pyplot().subplots(figsize=(6, 3.6), dpi=100)
    lengths = sorted(int(n) for n in accuracies)
    axes.plot(lengths, [accuracies[str(n)] for n in lengths], "o-", label="this submission")
    reference = result.data("reference_mean_by_length") or {}
    if reference:
        axes.plot(lengths, [reference[str(n)] for n in lengths], "s--", alpha=0.7, label="reference (mean)")
    _sweep_axes(axes, lengths)
    return figure


def class_sweep_figure(results: list[GradeResult]):
    curves = [r.data("accuracy_by_length") for r in results if r.data("accuracy_by_length")]
    if not curves:
        return None
    figure, axes = _pyplot().subplots(figsize=(6, 3.6), dpi=100)
    lengths = sorted(int(n) for n in curves[0])
    for curve in curves:
        axes.plot(lengths, [curve.get(str(n), float("nan")) for n in lengths], "-", alpha=0.4, color="C0")
    _sweep_axes(axes, lengths)
    return figure


def grad_norm_figure(results: list[GradeResult]):
    """|dL/dh_t| for every step t on one long sequence: the vanishing gradient, per submission."""
    profiles = [r.data("grad_norms_by_step") for r in results if r.data("grad_norms_by_step")]
    if not profiles:
        return None
    figure, axes = _pyplot().subplots(figsize=(6, 3.6), dpi=100)
    for profile in profiles:
        axes.semilogy(range(1, len(profile) + 1), profile, "-", alpha=0.5 if len(profiles) > 1 else 1.0)
    axes.set(xlabel="time step t", ylabel="|dL/dh_t| (log scale)", title="Training signal reaching each step")
    figure.tight_layout()
    return figure


def grad_norm_comparison_figure(result: GradeResult):
    """|dL/dh_t| per step from the submission's hidden_grad_norms next to autograd's; None without data."""
    compared = result.data("grad_norms_compared") or {}
    expected, got = _numbers(compared.get("expected")), _numbers(compared.get("got"))
    if not expected:
        return None
    figure, axes = _pyplot().subplots(figsize=(6, 3.6), dpi=100)
    axes.semilogy(range(1, len(expected) + 1), expected, "s--", label="expected (torch autograd)")
    if got:
        axes.semilogy(range(1, len(got) + 1), got, "o-", alpha=0.8, label="your hidden_grad_norms")
    axes.set(xlabel="time step t", ylabel="|dL/dh_t| (log scale)", title="Training signal reaching each step")
    axes.legend(loc="lower right")
    figure.tight_layout()
    return figure


def sampling_figure(result: GradeResult):
    """Draw frequencies of sample_with_temperature against softmax(logits / T), per T; None without data."""
    sampling = result.data("sampling") or {}
    temperatures = sorted(sampling, key=_temperature)
    if not temperatures:
        return None
    figure, all_axes = _pyplot().subplots(1, len(temperatures), figsize=(7, 2.8), dpi=100, squeeze=False)
    for axes, t in zip(all_axes[0], temperatures):
        expected, got = _numbers(sampling[t].get("expected")), _numbers(sampling[t].get("got"))
        index = range(len(expected))
        axes.bar([i - 0.2 for i in index], expected, width=0.4, label="softmax(logits / T)")
        axes.bar([i + 0.2 for i in range(len(got))], got, width=0.4, label="your draws")
        axes.set(title=f"T = {t}", xlabel="index", ylim=(0, 1))
    all_axes[0][0].set_ylabel("frequency")
    all_axes[0][0].legend(loc="upper right", fontsize="small")
    figure.tight_layout()
    return figure


def score_histogram(results: list[GradeResult]):
    if not results:
        return None
    figure, axes = _pyplot().subplots(figsize=(6, 3.2), dpi=100)
    axes.hist([r.score for r in results], bins=min(20, max(5, len(results))), color="C0", edgecolor="white")
    axes.set(xlabel="score", ylabel="submissions", title=f"Scores out of {max(r.max_score for r in results):g}")
    figure.tight_layout()
    return figure


def length_sweep_png(result: GradeResult, path: Path) -> Path | None:
    """Write the length-sweep plot beside a result file; None when there is nothing to plot."""
    figure = length_sweep_figure(result)
    if figure is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    close(figure)
    return path


def _numbers(values) -> list[float]:
    """Plain numbers to plot; anything else (None for NaN in saved JSON) becomes NaN."""
    if not isinstance(values, (list, tuple)):
        return []
    return [float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else float("nan") for v in values]


def _temperature(key: str) -> float:
    try:
        return float(key)
    except ValueError:
        return float("inf")


def _sweep_axes(axes, lengths: list[int]) -> None:
    axes.axhline(0.5, color="grey", linestyle=":", label="chance")
    axes.set(xscale="log", xlabel="sequence length", ylabel="balanced accuracy", ylim=(0.3, 1.02),
             title="Vanilla RNN: remembering the first value")
    axes.set_xticks(lengths, [str(n) for n in lengths])
    axes.legend(loc="lower left")
    axes.figure.tight_layout()
