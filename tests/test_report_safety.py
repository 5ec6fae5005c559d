"""Every report stays valid and truthful whatever text a submission's code produced."""
from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from markdown_it import MarkdownIt

from grader.atomic import write_atomically
from grader.report import gradebook, gradescope, html, json_report, junit, markdown, terminal
from grader.report.safe_text import clean, clean_result
from grader.results import CheckResult, ExerciseResult, GradeResult

SCHEMA = Path(__file__).parent / "data" / "junit-10.xsd"
FORGED = "## rnn-grade: 100 / 100"
HOSTILE = ("nul\x00 esc\x1b bel\x07 \x1b[31mred\x1b[0m \x1b]0;window title\x07 del\x7f c1\x9b2J"
           f"\r{FORGED}\r\n{FORGED}\nTotal: 100 / 100\u2028# heading\u2029{FORGED}\x85{FORGED}"
           " lone\udc80 pair\ud83d\ude00 </script><script>alert(1)</script> ]]> <!-- | ` ``` "
           "\u202eevil\u202c \ufffe \\x00 [link](javascript:alert(1)) ![img](http://x/y.png)")


def hostile(name: str = "sub") -> GradeResult:
    """A result whose every student-reachable string carries the hostile text."""
    checks = (CheckResult(f"gradient[{HOSTILE}]", "ex03_bptt", f"title {HOSTILE}", "public", "failed", 0.0, 2.0,
                          f"feedback {HOSTILE}", f"diagnosis {HOSTILE}", 0.1,
                          data={"explanations": {"e01": HOSTILE, HOSTILE: "key"},
                                "grad_norms_by_step": [1.0, float("nan"), float("inf")]},
                          output=f"output {HOSTILE}"),
              CheckResult("from_scratch", "ex03_bptt", "NumPy only.", "public", "error", 0.0, 1.0, HOSTILE),
              CheckResult("answer[q01]", "ex07_quiz", "q01", "hidden", "failed", 0.0, 1.0, HOSTILE, HOSTILE,
                          data={"expected": HOSTILE}))
    return GradeResult(f"{name}/{HOSTILE}", "official", f"cpu {HOSTILE}", 7,
                       (ExerciseResult("ex03_bptt", checks[:2]), ExerciseResult("ex07_quiz", checks[2:])),
                       "0.1.0", 1.5, notes=(f"note {HOSTILE}",))


def assert_plain_unicode(text: str) -> None:
    """Writable as UTF-8, and no control code but newline (tab allowed)."""
    text.encode("utf-8")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\ufffe]", text)


def test_clean_replaces_lone_surrogates_and_keeps_real_characters():
    assert clean("a\udc80b\ud83d\ude00") == "a\ufffdb\U0001f600"


def test_clean_removes_ansi_sequences_and_shows_other_control_codes():
    assert clean("\x1b[1;31mred\x1b[0m \x1b]0;t\x07x \x00\x1b") == "red x \\x00\\x1b"


def test_clean_keeps_line_breaks_only_where_text_may_span_lines():
    assert clean("a\r\nb\rc\u2028d", multiline=True) == "a\nb\nc\nd"
    assert clean("a\r\nb\rc\nd") == "a b c d"


def test_cleaning_twice_changes_nothing_more():
    once = clean_result(hostile())
    assert clean_result(once) == once


@pytest.mark.parametrize("verbose", [False, True])
def test_terminal_report_has_no_escape_codes_and_no_forged_total(verbose):
    for audience in ("student", "instructor"):
        text = terminal.render(hostile(), width=100, audience=audience, verbose=verbose)
        assert_plain_unicode(text)
        lines = text.splitlines()
        totals = [i for i, line in enumerate(lines) if line.startswith("Total:")]
        assert lines[0].startswith("rnn-grade 0.1.0: sub/") and len(totals) == 1
        assert lines[totals[0]].startswith("Total: 0 / ")
        # after the total only the report's own "Next:" line, its wrapped lines indented
        assert lines[totals[0] + 1].startswith("Next:  ex03_bptt.py: ")
        assert all(line[:1] == " " for line in lines[totals[0] + 2:])
        # student text sits in a box or an indented column: no line of it starts at column 0
        boxed = ("", " ", "│", "┃", "┏", "┡", "└", "╭", "╰")
        starts = [line for line in lines[1:totals[0]] if line[:1] not in boxed]
        assert all(re.match(r"(note|ex0\d_\w+):", line) for line in starts), starts


def test_coloured_terminal_report_carries_only_the_reports_own_colours():
    text = terminal.render(hostile(), width=100, color=True, audience="instructor")
    assert_plain_unicode(re.sub(r"\x1b\[[0-9;]*m", "", text))
    assert "\x1b]" not in text and "\x1b[31mred" not in text


def test_markdown_summary_has_one_score_heading_and_no_student_markup():
    for audience in ("student", "instructor"):
        text = markdown.render(hostile(), audience=audience)
        assert_plain_unicode(text)
        tokens = MarkdownIt("commonmark").enable("table").parse(text)
        headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
        assert headings[0].startswith("rnn-grade: ") and headings[1:] == ["What to fix"]
        later_lines = [line for line in text.splitlines()[1:] if line != "### What to fix"]
        assert not [line for line in later_lines if re.match(r"\s*(#|rnn-grade|Total)", line)]
        kinds = {t.type for t in tokens} | {c.type for t in tokens for c in (t.children or [])}
        assert not kinds & {"html_block", "html_inline", "link_open", "image"}


def test_markdown_table_keeps_its_columns_when_ids_hold_pipes():
    text = markdown.render(hostile(), audience="instructor")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    rows = [t for t in tokens if t.type == "tr_open"]
    cells = [t for t in tokens if t.type in ("th_open", "td_open")]
    assert len(cells) == 3 * len(rows)


def test_junit_xml_parses_and_validates_against_jenkins_schema():
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(str(SCHEMA))
    for audience in ("student", "instructor"):
        data = junit.render(hostile(), audience=audience).encode("utf-8")
        root = ElementTree.fromstring(data)
        schema.validate(data.decode("utf-8").split("?>", 1)[1])
        assert not root.findall(".//testcase/properties")
        assert "\\x00" in next(root.iter("failure")).text


def test_gradescope_and_json_results_are_strict_json():
    def no_constants(name):
        raise ValueError(f"{name} is not JSON")

    for text in (gradescope.render(hostile()), gradescope.render(hostile(), audience="instructor"),
                 json_report.render(hostile())):
        assert_plain_unicode(text)
        data = json.loads(text, parse_constant=no_constants)
        json.dumps(data, ensure_ascii=False).encode("utf-8")  # no lone surrogate, even escaped


def test_json_result_reads_back_cleaned():
    result = json_report.from_dict(json.loads(json_report.render(hostile())))
    assert result.data("grad_norms_by_step") == [1.0, None, None]
    assert "\ufffd" in result.checks()[0].feedback and result.checks()[0].feedback.count("\n") == 6


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def parsed(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    collector.close()
    return collector


def test_student_page_shows_student_text_as_text():
    for audience in ("student", "instructor"):
        page = html.render_student(hostile(), title=f"Feedback for {HOSTILE}", audience=audience)
        assert_plain_unicode(page)
        collector = parsed(page)
        assert "script" not in collector.tags and "</script>" in "".join(collector.text)


def test_class_page_renders_with_one_hostile_student_among_others():
    ordinary = (ExerciseResult("ex03_bptt", (CheckResult("from_scratch", "ex03_bptt", "NumPy only.", "public",
                                                         "passed", 1.0, 1.0),)),)
    others = [(name, GradeResult(name, "official", "cpu", 7, ordinary, "0.1.0"), f"html/{name}.html")
              for name in ("adam", "zoe")]
    page = html.render_class([*others, (HOSTILE, hostile(), f"//evil/{HOSTILE}")])
    assert_plain_unicode(page)
    collector = parsed(page)
    assert "script" not in collector.tags
    assert 'href="html/adam.html"' in page and 'href="html/zoe.html"' in page
    assert 'href="//' not in page


def test_every_report_of_hostile_text_writes_as_utf8(tmp_path):
    rendered = {"junit.xml": junit.render(hostile()), "results.json": gradescope.render(hostile()),
                "result.json": json_report.render(hostile()), "page.html": html.render_student(hostile()),
                "summary.md": markdown.render(hostile()), "class.html": html.render_class([("s", hostile(), None)]),
                "gradebook.csv": gradebook.render([(HOSTILE, hostile())])}
    for name, text in rendered.items():
        write_atomically(tmp_path / name, text)
        assert (tmp_path / name).read_text(encoding="utf-8") == text


def test_gradebook_keeps_one_row_per_student_and_no_formulas():
    rows = list(csv.reader(io.StringIO(gradebook.render([(HOSTILE, hostile()), ("=1+1", hostile())]))))
    assert len(rows) == 3 and all(len(row) == len(rows[0]) for row in rows)
    assert [row[0][:1] for row in rows[1:]] == ["'", "n"]
