"""The pytest plugin that grades: fixtures for checks, and a hook that records outcomes."""
from __future__ import annotations

import contextlib
import random
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from grader.engine.check import MARKER, CheckInfo, check_info
from grader.engine.outcome import classify
from grader.engine.memo import Memo
from grader.engine.properties import pin_derandomized_seed
from grader.errors import StudentCodeError
from grader.sandbox.client import Worker
from grader.engine.session import GradingSession
from grader.results import CheckResult
from grader.variants import DEFAULT as DEFAULT_VARIANT, Variant


class GradingPlugin:
    """Collects one CheckResult per check; holds the worker pool for the session."""

    def __init__(self, session: GradingSession, *, progress=None, variant: Variant = DEFAULT_VARIANT):
        self.options, self.progress, self._variant = session.options, progress, variant
        self.pool, self._memo = session.pool, session.memo
        # the files as the workers imported them: a save during the grade changes neither
        self._imported_folder = session.imported_folder
        self.results: list[CheckResult] = []
        self._data: dict[str, dict] = {}
        self.collection_errors: list[str] = []

    def pytest_configure(self, config: pytest.Config) -> None:
        config.addinivalue_line("markers", f"{MARKER}(points, hidden, timeout_s): a graded check")

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        skipped = set(self.options.skip_checks)
        items[:] = [item for item in items if item.get_closest_marker(MARKER)  # files are chosen by --only
                    and check_info(item).id not in skipped]
        for item in items:
            pin_derandomized_seed(getattr(item, "function", None))
        # exercises that train in the background go last, so the others run meanwhile
        items.sort(key=lambda item: hasattr(item.module, "prefetch"))

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
        _seed_everything(self.options.seed, self.options.device)
        item.stash[_STARTED] = time.perf_counter()

    @pytest.hookimpl(wrapper=True)
    def pytest_pyfunc_call(self, pyfuncitem: pytest.Function):
        """Answers to requests sent ahead (RemoteObject.set) belong to this check, never the next."""
        worker, _ = pyfuncitem.stash.get(_PRINTED_FROM, (None, 0))
        try:
            result = yield
        except BaseException:
            if worker is not None:
                with contextlib.suppress(StudentCodeError):
                    worker.settle()
            raise
        if worker is not None:
            worker.settle()
        return result

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        report = yield
        if call.when == "call" or (call.when == "setup" and report.outcome != "passed"):
            self.results.append(self._result(item, call, report))
        return report

    def pytest_sessionfinish(self) -> None:
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
        printed = "" if status == "skipped" else _printed(item)
        return CheckResult(id=info.id, exercise=info.exercise, title=info.title, tier=info.tier,
                           status=status, score=score, max_score=info.points, feedback=feedback,
                           diagnosis=diagnosis, duration_s=round(elapsed, 4),
                           data=self._data.get(item.nodeid, {}), output=printed)

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
        """Path of the student's file for this check's exercise (for static checks), as imported."""
        return self._imported_folder / f"{check_info(request.node).exercise}.py"

    @pytest.fixture
    def device(self) -> str:
        return self.options.device

    @pytest.fixture
    def training_seed(self) -> int:
        """Hidden when the solutions hold one, so held-out data cannot be looked up."""
        return self.options.training_seed

    @pytest.fixture
    def variant(self) -> Variant:
        """The student's variant (quiz option order, hidden seeds); the kit's own without a student id."""
        return self._variant

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
        worker = self.pool.for_check(role, info.exercise, timeout)
        if role == "student":  # what it prints from now on belongs to this check
            request.node.stash[_PRINTED_FROM] = (worker, worker.output.mark())
        return worker


_STARTED = pytest.StashKey[float]()
_PRINTED_FROM = pytest.StashKey[tuple]()


def _printed(item: pytest.Item) -> str:
    """The end of what the student's code printed during this check."""
    worker, mark = item.stash.get(_PRINTED_FROM, (None, 0))
    return worker.output.tail(mark) if worker is not None else ""


def _seed_everything(seed: int, device: str) -> None:
    """One seed for random, NumPy and (when loaded) torch, before every check."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch = sys.modules.get("torch")
    if torch is not None and (device != "cpu" or torch.cuda.is_initialized()):
        torch.manual_seed(seed)  # every device's generator
    elif torch is not None:  # the CPU's alone: torch.manual_seed also queues a CUDA seeding, with a stack trace
        torch.random.default_generator.manual_seed(seed)

