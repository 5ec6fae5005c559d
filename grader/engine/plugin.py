"""The pytest plugin that grades: fixtures for checks, and a hook that records outcomes."""
from __future__ import annotations

import importlib
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
from grader.engine.reference_cache import ReferenceStore
from grader.engine.remote import Worker
from grader.results import CheckResult
from grader.sandbox import Sandbox


class GradingPlugin:
    """Collects one CheckResult per check; holds the worker pool for the session."""

    def __init__(self, options: GradingOptions, *, hidden_exercises: tuple[str, ...] = (),
                 progress=None):
        self.options, self.progress = options, progress
        self.results: list[CheckResult] = []
        self._memo = Memo()
        self._data: dict[str, dict] = {}
        self.collection_errors: list[str] = []
        self.sandbox = Sandbox(protect=options.solutions)
        self.sandbox.start()
        folders = {"student": self.sandbox.student_folder(options.submission)}
        if options.solutions is not None:
            folders["reference"] = options.solutions
        store = ReferenceStore(options.solutions, options.cache) \
            if options.solutions is not None and options.cache is not None else None
        self.pool = WorkerPool(folders, import_timeout_s=options.import_timeout_s, sandbox=self.sandbox,
                               labels={"student": str(options.submission)}, reference_store=store)
        if options.overlap:
            # start every worker now: their imports overlap with the grader's own start-up,
            # and long training is queued right behind the import
            self.pool.prestart("student", list(options.exercises))
            self.pool.prestart("reference", list(hidden_exercises))
            self._prefetch()

    def pytest_configure(self, config: pytest.Config) -> None:
        config.addinivalue_line("markers", f"{MARKER}(points, hidden, timeout_s): a graded check")

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        wanted = set(self.options.only)
        items[:] = [item for item in items if item.get_closest_marker(MARKER)
                    and (not wanted or check_info(item).exercise in wanted)]
        # exercises that train in the background go last, so the others run meanwhile
        items.sort(key=lambda item: hasattr(item.module, "prefetch"))

    def _prefetch(self) -> None:
        """Let check modules that train start it in their workers before anything else runs."""
        for exercise in self.options.exercises:
            module = importlib.import_module(f"grader.checks.{exercise}")
            if hasattr(module, "prefetch"):
                module.prefetch(self.pool.get("student", exercise), self._memo, self.options)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        if self.progress is not None:
            self.progress.start(len(session.items))

    def pytest_runtest_logstart(self, nodeid: str) -> None:
        if self.progress is not None:
            self.progress.running(nodeid.rsplit("/", 1)[-1].replace(".py::check_", ": "))

    def pytest_runtest_logfinish(self) -> None:
        if self.progress is not None:
            self.progress.finished()

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
        self.sandbox.stop()
        if self.progress is not None:
            self.progress.stop()

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
                           diagnosis=diagnosis, duration_s=round(elapsed, 4),
                           data=self._data.get(item.nodeid, {}))

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

    @pytest.fixture
    def training_seed(self) -> int:
        """Hidden when the solutions hold one, so held-out data cannot be looked up."""
        return self.options.training_seed

    @pytest.fixture
    def record_data(self, request: pytest.FixtureRequest) -> dict:
        """Plain data a check keeps for reports (accuracies per length, comparisons)."""
        return self._data.setdefault(request.node.nodeid, {})

    @pytest.fixture
    def memo(self) -> Memo:
        """Results shared between checks (one training run, several checks)."""
        return self._memo

    def _worker(self, role: str, request: pytest.FixtureRequest) -> Worker:
        info: CheckInfo = check_info(request.node)
        timeout = info.timeout_s or self.options.timeout_s
        return self.pool.for_check(role, info.exercise, timeout)


_STARTED = pytest.StashKey[float]()


class Memo:
    """Computes a value once per key; a failure is remembered and raised again, fresh."""

    def __init__(self):
        self._values: dict[str, tuple[bool, object]] = {}
        self._deferred: dict[str, object] = {}

    def defer(self, key: str, compute) -> None:
        """Remember how to finish a computation that was started ahead of time."""
        self._deferred[key] = compute

    def get(self, key: str, compute):
        compute = self._deferred.pop(key, compute)
        if key not in self._values:
            try:
                self._values[key] = (True, compute())
            except Exception as exc:  # re-raised below, for every check that needs it
                self._values[key] = (False, exc)
        ok, value = self._values[key]
        if ok:
            return value
        fresh = type(value)(*value.args)
        if hasattr(value, "diagnosis"):
            fresh.diagnosis = value.diagnosis
        raise fresh


def _seed_everything(seed: int) -> None:
    """One seed for random, NumPy and (when loaded) torch, before every check."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    if "torch" in sys.modules:
        sys.modules["torch"].manual_seed(seed)

