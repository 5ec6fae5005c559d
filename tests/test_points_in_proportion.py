"""Points follow the harm: each catalogued mistake costs a stated share of its exercise, and the
README's table of shares is the one computed from the checks' points."""
from __future__ import annotations

from conftest import ROOT
from check_table import all_check_points
from test_contract_promises import BROKEN
from test_mistake_catalogue import CASES, REPLACED

MIN_SHARE = 0.07  # a mistake the lessons name costs at least this share of its exercise
SOFTMAX_SHARE = 0.30  # ... and softmax before CrossEntropyLoss, wherever it sits, at least this
HYGIENE = {"unseeded_randomness"}  # a broken seed changes no result: one point, not a share
FROM_SCRATCH = {"from_scratch", "gradient[Wxh]", "gradient[Whh]", "gradient[bh]", "gradient[h0]",
                "gradient[output_layer]", "backward_scales_with_d_output", "hidden_grad_norms",
                "gradient_fades_over_a_long_sequence"}  # an autograd import takes all of these


def mistake_costs() -> dict[str, tuple[str, float]]:
    """{case: (exercise, share of the exercise's points that its must-lose checks carry)}."""
    points = all_check_points()
    lost = {name: (case.exercise, case.must_lose) for name, case in CASES.items()}
    lost |= {name: (file.removesuffix(".py"), {check}) for name, (file, _, check) in REPLACED.items()}
    lost |= {name: (case.exercise, {case.check_id}) for name, case in BROKEN.items()
             if case.diagnosis}
    lost["uses_autograd"] = ("ex03_bptt", FROM_SCRATCH)
    return {name: (exercise, sum(points[exercise][c] for c in checks) / sum(points[exercise].values()))
            for name, (exercise, checks) in lost.items()}


def diagnosis_of(name: str) -> str:
    case = CASES.get(name) or BROKEN.get(name)
    return (getattr(case, "diagnosis", None) or name).split("[")[0]


def points_table() -> list[str]:
    """The README's rows: exercise, its points, and what each named mistake costs there."""
    points, costs = all_check_points(), mistake_costs()
    rows = []
    for exercise, checks in points.items():
        shares: dict[str, list[float]] = {}
        for name, (ex, share) in costs.items():
            if ex == exercise:
                shares.setdefault(diagnosis_of(name), []).append(round(100 * share))
        named = sorted(shares.items(), key=lambda item: (-max(item[1]), item[0]))
        text = ", ".join(f"{mistake} {_range(values)}%" for mistake, values in named) or "no catalogued mistake"
        rows.append(f"| `{exercise}` | {sum(checks.values()):g} | {text} |")
    return rows


def _range(values: list[int]) -> str:
    return f"{min(values)}" if min(values) == max(values) else f"{min(values)}-{max(values)}"


def test_every_catalogued_mistake_costs_a_meaningful_share_of_its_exercise():
    for name, (exercise, share) in mistake_costs().items():
        if diagnosis_of(name) in HYGIENE:
            continue
        assert share >= MIN_SHARE, f"{name} costs {share:.0%} of {exercise}"


def test_softmax_before_the_loss_costs_about_a_third_of_ex04_wherever_it_is():
    costs = mistake_costs()
    softmax = [name for name, (exercise, _) in costs.items()
               if diagnosis_of(name) == "softmax_before_loss" and exercise == "ex04_sentiment"]
    assert {"softmax_before_loss", "softmax_in_model"} <= set(softmax)
    assert all(SOFTMAX_SHARE <= costs[name][1] <= 0.5 for name in softmax), {n: costs[n] for n in softmax}


def test_the_readme_states_the_points_and_shares_the_checks_give():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [row for row in points_table() if row not in readme]
    assert not missing, "README.md's points table is out of date; its rows should be:\n" + "\n".join(points_table())
