"""Per-student variants: option orders and seeds from HMAC(course secret, student id)."""
from __future__ import annotations

import hashlib
import json
import re

import pytest

from conftest import SOLUTIONS
from grader import quiz_stub, variants
from grader.errors import UsageError
from grader.quiz_bank import BY_ID, QUESTIONS
from grader.report import gradebook, json_report
from grader.results import CheckResult, ExerciseResult, GradeResult
from grader.sandbox.launch import worker_env

SECRET = b"a course secret of some length"
IDS = [f"student{n:02d}" for n in range(20)]


def _key() -> dict[str, str]:
    text = (SOLUTIONS / "ex07_quiz.py").read_text()
    return dict(re.findall(r'"(q\d\d)": "([a-d])"', text))


KEY = _key()


def shown_options(stub: str) -> dict[str, dict[str, str]]:
    """What a student reads in a rendered stub: question id -> letter -> option text."""
    shown: dict[str, dict[str, str]] = {}
    for block in stub.split("\n# q")[1:]:
        qid = "q" + block[:2]
        options = re.findall(r"^#   ([a-d])\) (.*(?:\n#      .*)*)", block, flags=re.M)
        shown[qid] = {letter: " ".join(part.strip("# ") for part in text.split("\n")) for letter, text in options}
    return shown


def answers_read_from_the_edition(variant: variants.Variant) -> dict[str, str]:
    """A student who knows every answer finds the right option's text in their own stub."""
    shown = shown_options(quiz_stub.render(variant.option_order, variant=variant.fingerprint))
    right = {q.id: q.options[q.letters.index(KEY[q.id])] for q in QUESTIONS}
    return {qid: next(letter for letter, text in options.items() if text == right[qid])
            for qid, options in shown.items()}


def test_a_student_who_answers_their_own_edition_right_gets_every_question_for_twenty_ids():
    for student_id in IDS:
        variant = variants.for_student(student_id, SECRET)
        answers = answers_read_from_the_edition(variant)
        assert set(answers) == set(BY_ID)
        assert {qid: variant.to_bank_letter(BY_ID[qid], letter) for qid, letter in answers.items()} == KEY


def test_two_students_have_different_keys_and_the_same_student_always_the_same():
    keys = [tuple(answers_read_from_the_edition(variants.for_student(i, SECRET)).values()) for i in IDS]
    assert len(set(keys)) == len(IDS)
    assert answers_read_from_the_edition(variants.for_student(IDS[0], SECRET)) == dict(zip(sorted(BY_ID), keys[0]))


def test_untouched_answers_stay_unanswered_and_a_wrong_letter_stays_wrong():
    variant = variants.for_student("ann", SECRET)
    question = BY_ID["q01"]
    assert variant.to_bank_letter(question, None) is None
    assert variant.to_bank_letter(question, "z") == "z"
    wrong = [letter for letter in question.letters if variant.to_bank_letter(question, letter) != KEY["q01"]]
    assert len(wrong) == 3


def test_without_a_student_id_the_order_letters_and_seeds_are_the_kits_own():
    variant = variants.resolve(None, SOLUTIONS)
    assert not variant.personal and variant.fingerprint == ""
    assert all(variant.option_order(q) == tuple(range(len(q.options))) for q in QUESTIONS)
    assert variant.seed("training", 424242) == 424242 and variant.seeds("ex01", (1, 2)) == (1, 2)
    assert quiz_stub.render(variant.option_order) == (SOLUTIONS.parent / "exercises" / "ex07_quiz.py").read_text()


def test_public_grading_ignores_the_student_id_and_needs_no_secret(monkeypatch):
    monkeypatch.delenv(variants.SECRET_ENV, raising=False)
    assert variants.resolve("ann", None) == variants.DEFAULT


def test_seeds_differ_per_student_and_label_and_fit_in_63_bits():
    ann, bob = variants.for_student("ann", SECRET), variants.for_student("bob", SECRET)
    seeds = {ann.seed("training", 424242), bob.seed("training", 424242), ann.seed("ex01", 424242)}
    assert len(seeds) == 3 and all(0 <= seed < 2**63 for seed in seeds)
    assert ann.seed("training", 424242) == variants.for_student("ann", SECRET).seed("training", 424242)


def test_a_student_id_names_the_same_student_whatever_its_case_and_outer_spaces():
    assert variants.for_student(" Ann", SECRET) == variants.for_student("ann", SECRET)
    assert variants.for_student("ann", SECRET) != variants.for_student("anne", SECRET)


def test_the_variant_depends_on_the_secret_not_on_a_plain_hash_of_the_id():
    ann = variants.for_student("ann", SECRET)
    assert ann.key != hashlib.sha256(b"ann").digest()
    assert ann.fingerprint != variants.for_student("ann", SECRET + b"!").fingerprint
    assert len(ann.fingerprint) == 10 and ann.fingerprint not in repr(ann)


def test_the_secret_comes_from_the_environment_before_the_solutions_file(monkeypatch, tmp_path):
    (tmp_path / variants.SECRET_FILE).write_text("from the file, long enough\n")
    monkeypatch.delenv(variants.SECRET_ENV, raising=False)
    assert variants.read_secret(tmp_path) == b"from the file, long enough"
    monkeypatch.setenv(variants.SECRET_ENV, "from the environment, long")
    assert variants.read_secret(tmp_path) == b"from the environment, long"


def test_a_missing_or_short_secret_is_a_usage_error_that_says_how_to_set_one(monkeypatch, tmp_path):
    monkeypatch.delenv(variants.SECRET_ENV, raising=False)
    with pytest.raises(UsageError, match="RNN_GRADE_COURSE_SECRET.*course_secret"):
        variants.resolve("ann", tmp_path)
    monkeypatch.setenv(variants.SECRET_ENV, "short")
    with pytest.raises(UsageError, match="at least 16"):
        variants.resolve("ann", tmp_path)


@pytest.mark.parametrize("bad", ["", "   ", "two\nlines", "x" * 201])
def test_a_student_id_that_is_not_one_printable_line_is_refused(bad):
    with pytest.raises(UsageError, match="student id"):
        variants.for_student(bad, SECRET)


def test_the_course_secret_never_reaches_a_worker_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(variants.SECRET_ENV, "the secret value itself, long")
    env = worker_env(str(tmp_path))
    assert variants.SECRET_ENV not in env
    assert not [name for name, value in env.items() if "the secret value" in value]


def _result(variant: str) -> GradeResult:
    check = CheckResult("answer[q01]", "ex07_quiz", "q01", "hidden", "passed", 1.0, 1.0)
    return GradeResult("s", "official", "cpu", 1, (ExerciseResult("ex07_quiz", (check,)),), "0.1", variant=variant)


def test_the_gradebook_names_each_students_variant_only_when_there_are_variants():
    rows = gradebook.render([("ann", _result("0a1b2c3d4e")), ("bob", _result("9f8e7d6c5b"))],
                            not_graded={"cy": "no files"}).splitlines()
    assert rows[0].endswith(",note,variant")
    assert rows[1].endswith(",0a1b2c3d4e") and rows[2].endswith(",9f8e7d6c5b") and rows[3].endswith("no files,")
    assert gradebook.render([("ann", _result(""))]).splitlines()[0].endswith(",status,note")


def test_the_json_result_keeps_the_variant_and_reads_it_back():
    data = json_report.to_dict(_result("0a1b2c3d4e"))
    assert data["variant"] == "0a1b2c3d4e"
    assert json_report.from_dict(data).variant == "0a1b2c3d4e"
    assert "variant" not in json_report.to_dict(_result(""))


def test_a_students_release_shows_their_order_and_holds_no_secret(monkeypatch, tmp_path):
    from grader.release import build_student_release

    monkeypatch.setenv(variants.SECRET_ENV, SECRET.decode())
    release = build_student_release(tmp_path / "ann", student_id="ann")
    variant = variants.for_student("ann", SECRET)
    stub = (release / "exercises" / "ex07_quiz.py").read_text()
    assert stub == quiz_stub.render(variant.option_order, variant=variant.fingerprint)
    assert variant.fingerprint in stub and stub != quiz_stub.render()
    assert not [p for p in release.rglob("*") if p.is_file() and SECRET in p.read_bytes()]


def test_a_students_release_without_a_secret_is_refused(monkeypatch, tmp_path):
    from grader.release import build_student_release

    monkeypatch.delenv(variants.SECRET_ENV, raising=False)
    if (SOLUTIONS / variants.SECRET_FILE).exists():
        pytest.skip("this kit has its own course secret")
    with pytest.raises(UsageError, match="course secret"):
        build_student_release(tmp_path / "ann", student_id="ann")
    assert not (tmp_path / "ann").exists()


def test_a_student_id_without_a_course_secret_is_a_usage_error_with_exit_2(monkeypatch, capsys):
    from grader.cli import main

    monkeypatch.delenv(variants.SECRET_ENV, raising=False)
    if (SOLUTIONS / variants.SECRET_FILE).exists():
        pytest.skip("this kit has its own course secret")
    assert main([str(SOLUTIONS), "--solutions", str(SOLUTIONS), "--student-id", "ann", "--only", "ex07"]) == 2
    assert "RNN_GRADE_COURSE_SECRET" in capsys.readouterr().err


def test_a_batch_names_each_student_by_its_submission_only_when_a_secret_is_set(monkeypatch, tmp_path):
    from grader import batch
    from grader.cli import _variants_by_name

    submission = batch.Submission("ann", tmp_path)
    assert batch.student_id_args(submission, True) == ["--student-id", "ann"]
    assert batch.student_id_args(submission, False) == []
    args = type("Args", (), {"public": False, "solutions": SOLUTIONS})()
    monkeypatch.setenv(variants.SECRET_ENV, SECRET.decode())
    assert _variants_by_name(args)
    args.public = True
    assert not _variants_by_name(args)


def test_a_personal_edition_names_its_variant_and_the_kits_stub_none():
    variant = variants.for_student("ann", SECRET)
    assert quiz_stub.edition_of(quiz_stub.render(variant.option_order, variant=variant.fingerprint)) == \
        variant.fingerprint
    assert quiz_stub.edition_of(quiz_stub.render()) is None


def test_rnn_grade_release_takes_a_student_id(monkeypatch, tmp_path, capsys):
    from grader.cli import main

    monkeypatch.setenv(variants.SECRET_ENV, SECRET.decode())
    assert main(["release", "--student-id", "ann", str(tmp_path / "ann")]) == 0
    assert variants.for_student("ann", SECRET).fingerprint in (tmp_path / "ann" / "exercises" / "ex07_quiz.py").read_text()
    monkeypatch.setenv(variants.SECRET_ENV, "short")
    assert main(["release", "--student-id", "bob", str(tmp_path / "bob")]) == 2
    assert "at least 16" in capsys.readouterr().err


def test_the_hidden_training_seeds_are_too_wide_to_find_from_what_student_code_sees():
    """Student code sees student_seed(seed), a one-way hash: trying every 32-bit seed must not find it."""
    kit = json.loads((SOLUTIONS / "hidden_seeds.json").read_text())["training"]
    students = [variants.for_student(f"student{i}", SECRET).seed("training", kit) for i in range(20)]
    assert kit >= 2**56 and max(students) >= 2**56 and all(0 <= seed < 2**63 for seed in students)
