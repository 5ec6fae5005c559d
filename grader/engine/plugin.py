"""The pytest plugin that grades: fixtures for checks, and a hook that records outcomes."""
from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from grader.engine.check import MARKER, CheckInfo, check_info
from grader.engine.options import GradingOptions
from grader.engine.outcome import classify
from grader.engine.pool import WorkerPool
from grader.engine.remote import Worker
from grader.results import CheckResult


class GradingPlugin:
    """Collects one CheckResult per check; holds the worker pool for the session."""

    def __init__(self, options: GradingOptions):
        self.options = options
        self.results: list[CheckResult] = []
        self.collection_errors: list[str] = []
        folders = {"student": options.submission}
        if options.solutions is not None:
            folders["reference"] = options.solutions
        self.pool = WorkerPool(folders, import_timeout_s=options.import_timeout_s)
        # start every worker now: their imports overlap with the grader's own start-up
        self.pool.prestart("student", list(options.exercises))
        if options.solutions is not None:
            self.pool.prestart("reference", list(options.exercises))

    def pytest_configure(self, config: pytest.Config) -> None:
        config.addinivalue_line("markers", f"{MARKER}(points, hidden, timeout_s): a graded check")

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        wanted = set(self.options.only)
        items[:] = [item for item in items if item.get_closest_marker(MARKER)
                    and (not wanted or check_info(item).exercise in wanted)]

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collection_errors.append(f"{report.nodeid}: {report.longreprtext[-800:]}")

    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        _seed_everything(self.options.seed)
        item.stash[_STARTED] = time.perf_counter()

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        report = yield
        if call.when == "call" or (call.when == "setup" and report.outcome != "passed"):
            self.results.append(self._result(item, call, report))
        return report

    def pytest_sessionfinish(self) -> None:
        self.pool.close()

    def _result(self, item: pytest.Item, call: pytest.CallInfo, report) -> CheckResult:
        info = check_info(item)
        elapsed = time.perf_counter() - item.stash.get(_STARTED, time.perf_counter())
        status, feedback, diagnosis = "passed", "", None
        if report.skipped:
            status, feedback = "skipped", str(call.excinfo.value) if call.excinfo else ""
        elif call.excinfo is not None:
            status, feedback, diagnosis = classify(call.excinfo.value)
        score = info.points if status == "passed" else 0.0
        return CheckResult(id=info.id, exercise=info.exercise, title=info.title, tier=info.tier,
                           status=status, score=score, max_score=info.points, feedback=feedback,
                           diagnosis=diagnosis, duration_s=round(elapsed, 4))

    # fixtures available to every check
    @pytest.fixture
    def student(self, request: pytest.FixtureRequest) -> Worker:
        """The submission's module for this check, in its own process."""
        return self._worker("student", request)

    @pytest.fixture
    def reference(self, request: pytest.FixtureRequest) -> Worker:
        """The reference solution's module, in its own process (hidden checks only)."""
        if self.options.solutions is None:
            pytest.skip("needs the reference solutions")
        return self._worker("reference", request)

    @pytest.fixture
    def submission_file(self, request: pytest.FixtureRequest) -> Path:
        """Path of the student's file for this check's exercise (for static checks)."""
        return self.options.submission / f"{check_info(request.node).exercise}.py"

    @pytest.fixture
    def device(self) -> str:
        return self.options.device

    def _worker(self, role: str, request: pytest.FixtureRequest) -> Worker:
        info: CheckInfo = check_info(request.node)
        timeout = info.timeout_s or self.options.timeout_s
        return self.pool.for_check(role, info.exercise, timeout)


_STARTED = pytest.StashKey[float]()


def _seed_everything(seed: int) -> None:
    """One seed for random, NumPy and (when loaded) torch, before every check."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    if "torch" in sys.modules:
        sys.modules["torch"].manual_seed(seed)

