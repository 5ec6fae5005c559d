"""docs/contract_audit.md stays true: each promise's check exists, each has a broken case that
loses that check, and no check of the audited exercises holds no promise."""
from __future__ import annotations

import ast
import re

from conftest import ROOT
from check_table import all_check_points
from test_contract_promises import BROKEN
from test_mistake_catalogue import CASES, REPLACED

AUDIT = ROOT / "docs" / "contract_audit.md"
AUDITED = ("ex01_hidden_state", "ex02_torch_rnn", "ex03_bptt", "ex04_sentiment", "ex05_baseline",
           "ex06_length_sweep", "ex08_char_rnn")  # ex07, the quiz, is graded against its key
_ROW = re.compile(r"^\| (?P<promise>.+?) \| (?P<check>\S+) \| (?P<broken>\S+) \|$")


def promise_rows() -> list[dict[str, str]]:
    text = AUDIT.read_text(encoding="utf-8")
    table = text.split("## Promises", 1)[1].split("\n## ", 1)[0]
    return [match.groupdict() for line in table.splitlines() if (match := _ROW.match(line))
            and match["check"] != "check" and not set(match["check"]) <= {"-"}]


def lost_by(case: str) -> set[str]:
    """The checks (exercise::id) a broken case must lose."""
    if case in CASES:
        return {f"{CASES[case].exercise}::{c}" for c in CASES[case].must_lose}
    if case in REPLACED:
        file, _, check = REPLACED[case]
        return {f"{file.removesuffix('.py')}::{check}"}
    if case in BROKEN:
        return {f"{BROKEN[case].exercise}::{BROKEN[case].check_id}"}
    return set()


def defined_tests(path: str) -> set[str]:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def test_the_audit_table_has_a_row_for_every_broken_case_and_reads_cleanly():
    rows = promise_rows()
    assert len(rows) > 60
    named = {row["broken"] for row in rows}
    cases = set(CASES) | set(REPLACED) | set(BROKEN)
    assert cases <= named, f"broken cases with no row: {sorted(cases - named)}"


def test_every_promise_is_held_by_a_check_that_exists_and_a_broken_case_that_loses_it():
    points = all_check_points()
    for row in promise_rows():
        check, broken = row["check"], row["broken"]
        if check.startswith("tests/"):  # a promise of the grading engine, held by a test
            for reference in (check, broken):
                path, name = reference.split("::")
                assert name in defined_tests(path), f"{reference} (row {row['promise']!r}) does not exist"
            continue
        exercise, check_id = check.split("::")
        assert check_id in points[exercise], f"{check} (row {row['promise']!r}) is not a check"
        assert check in lost_by(broken), f"{broken} does not lose {check} (row {row['promise']!r})"


def test_every_check_of_the_audited_exercises_holds_a_promise():
    held = {row["check"] for row in promise_rows()}
    points = all_check_points()
    unheld = [f"{exercise}::{check}" for exercise in AUDITED for check in points[exercise]
              if f"{exercise}::{check}" not in held]
    assert not unheld, f"checks with no promise in docs/contract_audit.md: {unheld}"
