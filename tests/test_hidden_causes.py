"""Hidden checks on the first screen: counted with what blocks them, never shown by their own text."""
from __future__ import annotations

from grader.report import terminal
from grader.report.notes import brief_notes
from grader.report.root_causes import exercise_status, next_step, root_causes
from grader.results import CheckResult, ExerciseResult, GradeResult

SECRET = "HIDDENINPUT 5501"
BUBBLEWRAP = ("student code ran in bubblewrap (own user, PID, network, IPC and mount namespaces; loopback "
              "only), verified from inside before any student code: user 65534 with no capabilities, the "
              "grader's ports unreachable; limits: memory 8 GiB")
GROUP = ("processes and memory were capped for the submission as a whole by a control group, and every "
         "process in it was killed when grading ended")
UNSANDBOXED = "UNSANDBOXED: student code ran with the grader's own rights (--unsandboxed)"


def check(check_id: str, feedback: str, *, tier: str = "public", status: str = "error",
          exercise: str = "ex01_hidden_state") -> CheckResult:
    return CheckResult(check_id, exercise, f"{check_id} title.", tier, status, 0.0, 1.0, feedback)


def stub(name: str, line: int, module: str = "ex01_hidden_state") -> str:
    return (f"{module}.py: {name} is not implemented yet (raises NotImplementedError): TODO: {name}: write it "
            f"({module}.py, line {line}, in {name.split('.')[-1]}).")


def graded(*checks: CheckResult, notes: tuple[str, ...] = ()) -> GradeResult:
    exercises: dict[str, list[CheckResult]] = {}
    for one in checks:
        exercises.setdefault(one.exercise, []).append(one)
    return GradeResult("sub", "official", "cpu", 7, tuple(ExerciseResult(name, tuple(found))
                                                          for name, found in exercises.items()), "0.1.0",
                       notes=notes)


def flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


def test_hidden_checks_failing_for_their_own_reasons_are_one_counted_line_per_exercise():
    view = graded(check("public_ok", "", status="passed"),
                  *(check(f"secret_{i}", f"{SECRET}: wrong", tier="hidden", status="failed") for i in range(3)),
                  check("other", f"{SECRET} again", tier="hidden", status="failed", exercise="ex02_torch_rnn"))
    text = flat(terminal.render(view, width=100))
    assert "ex01_hidden_state.py 3 hidden checks failed" in text and "ex02_torch_rnn.py 1 hidden check failed" in text
    assert text.count("Hidden checks show their feedback once grades are published") == 1
    assert SECRET not in text and "secret_" not in text


def test_only_hidden_checks_failing_names_them_as_the_next_step_by_count():
    view = graded(check("public_ok", "", status="passed"), check("secret", SECRET, tier="hidden", status="failed"))
    assert next_step(view, "student") == ("ex01_hidden_state.py: 1 hidden check failed: try your functions on "
                                          "inputs of your own")
    assert exercise_status(view.exercises[0], "student") == "1 failing"


def test_a_hidden_check_blocked_by_a_stub_is_counted_with_it_but_gives_no_line_of_its_own():
    view = graded(check("step", stub("rnn_step", 28)), check("whole", stub("run_rnn", 37), tier="hidden"))
    [cause] = root_causes(view, "student")
    assert [(s.name, s.line, len(s.checks)) for s in cause.stubs] == [("rnn_step", 28, 1), ("run_rnn", None, 1)]
    assert "rnn_step (line 28, 1 check) -> run_rnn (1 check, 1 hidden)" in flat(terminal.render(view, width=100))
    assert exercise_status(view.exercises[0], "student") == "not started"


def test_a_hidden_check_naming_a_stub_outside_the_contract_is_counted_only_as_hidden():
    forged = stub(f"leak_{SECRET.split()[1]}", 5501)
    view = graded(check("step", stub("rnn_step", 28)), check("whole", forged, tier="hidden"))
    text = terminal.render(view, width=100)
    assert "5501" not in text and "1 hidden check failed" in flat(text)
    assert "leak_5501" in terminal.render(view, width=100, audience="instructor")


def test_a_hidden_check_of_a_missing_file_joins_that_cause_and_shows_the_public_message():
    missing = "ex05_baseline.py is missing from sub."
    view = graded(check("a", missing, exercise="ex05_baseline"), check("b", missing, tier="hidden",
                                                                       exercise="ex05_baseline"))
    [cause] = root_causes(view, "student")
    assert cause.kind == "missing" and cause.detail == missing and len(cause.checks) == 2
    assert "Checks with this cause (2): a title; 1 hidden check" in flat(terminal.render(view, width=100))


def test_an_instructor_sees_a_hidden_checks_own_feedback_as_its_own_cause():
    view = graded(check("step", stub("rnn_step", 28)), check("secret", SECRET, tier="hidden", status="failed"))
    kinds = [(cause.kind, cause.detail) for cause in root_causes(view, "instructor")]
    assert kinds == [("not_implemented", stub("rnn_step", 28)), ("message", SECRET)]
    assert SECRET in terminal.render(view, width=100, audience="instructor")


def test_the_sandbox_notes_are_one_sentence_on_a_students_first_screen():
    assert brief_notes((BUBBLEWRAP, GROUP)) == (
        "student code ran in bubblewrap, verified before it ran; a control group capped all its processes "
        "(-v shows the details)",)


def test_a_warning_note_is_never_shortened_and_comes_first():
    assert brief_notes((BUBBLEWRAP, UNSANDBOXED)) == (
        UNSANDBOXED, "student code ran in bubblewrap, verified before it ran (-v shows the details)")


def test_verbose_and_the_instructor_keep_every_word_of_the_notes():
    view = graded(check("ok", "", status="passed"), notes=(BUBBLEWRAP, GROUP))
    short = flat(terminal.render(view, width=100))
    assert "user 65534" not in short and "-v shows the details" in short
    for text in (terminal.render(view, width=100, verbose=True),
                 terminal.render(view, width=100, audience="instructor")):
        assert "user 65534" in flat(text) and "every process in it was killed" in flat(text)


def test_checks_blocked_by_another_file_are_one_cause_that_names_that_file_and_counts_hidden_ones():
    blocked = ("blocked: ex04_sentiment.py is missing from the submission, so ex04_sentiment.train_classifier "
               "cannot run.")
    view = graded(check("a", blocked, exercise="ex05_baseline"), check("b", blocked, exercise="ex05_baseline"),
                  check("c", blocked, tier="hidden", exercise="ex05_baseline"))
    [cause] = root_causes(view, "student")
    assert (cause.kind, len(cause.checks)) == ("blocked", 3)
    assert cause.headline == "blocked: ex04_sentiment.py is missing from the submission"
    assert "ex05_baseline.py is missing" not in terminal.render(view, width=100)
    assert "(3): a title; b title; 1 hidden check" in flat(terminal.render(view, width=100))
