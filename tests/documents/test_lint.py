"""Lint of agency templates: every problem reported with where it is; refused when any."""

from __future__ import annotations

import pytest

from ita_tracker.docengine.exporters.docx import builtin_template
from ita_tracker.docengine.lint import (
    TemplateRejected,
    lint_template,
    sample_context,
    validate_template,
)
from tests.documents.helpers import edit_docx


def _report_with(old: str, new: str) -> bytes:
    return edit_docx(builtin_template("progress_report"), old, new)


@pytest.mark.parametrize("kind", ["progress_report", "measures_plan"])
def test_it_passes_the_built_in_templates(kind: str) -> None:
    assert lint_template(builtin_template(kind), kind) == []  # type: ignore[arg-type]


def test_it_reports_a_syntax_error_with_its_location() -> None:
    issues = lint_template(_report_with("{{ memo.subject }}", "{{ memo.subject "))
    assert len(issues) == 1
    issue = issues[0]
    assert issue.kind == "syntax"
    assert issue.line is not None
    assert "document body" in issue.location
    assert "เรื่อง{{ memo.subject" in issue.location  # the paragraph, as found in Word
    assert "syntax error" in issue.message_en
    assert "รูปแบบคำสั่ง" in issue.message_th


def test_it_reports_an_unclosed_block() -> None:
    issues = lint_template(_report_with("{%p endfor %}", "ปิดไม่ครบ"))
    assert [i.kind for i in issues] == ["syntax"]
    assert "endfor" in issues[0].message_en


def test_it_names_an_undefined_variable_and_where_it_is() -> None:
    issues = lint_template(_report_with("{{ memo.salutation }}", "{{ salutation }}"))
    assert [(i.kind, i.variable) for i in issues] == [("undefined", "salutation")]
    assert "«เรียน {{ salutation }}»" in issues[0].location


def test_it_names_an_unknown_field_in_a_branch_the_sample_never_takes() -> None:
    issues = lint_template(
        _report_with(
            "{{ m.follow_up }}", "{% if m.status == 'cancelled' %}{{ m.folow_up }}{% endif %}"
        )
    )
    assert [(i.kind, i.variable) for i in issues] == [("undefined", "m.folow_up")]
    assert "table 1, column 5" in issues[0].location
    assert "follow_up" in issues[0].message_en  # the fields that do exist


def test_it_checks_the_header_part_too() -> None:
    template = edit_docx(
        builtin_template("progress_report"),
        "{%p if thai_digits %}",
        "{%p if thai_digit %}",
        part="word/header1.xml",
    )
    issues = lint_template(template)
    assert [(i.variable, "page header" in i.location) for i in issues] == [("thai_digit", True)]


def test_it_reports_a_sandbox_breach() -> None:
    issues = lint_template(_report_with("{{ memo.subject }}", "{{ ''.__class__ }}"))
    assert [i.kind for i in issues] == ["security"]


def test_it_refuses_a_file_that_is_not_a_docx() -> None:
    issues = lint_template(b"%PDF-1.7 not a word file")
    assert [i.kind for i in issues] == ["docx"]


def test_it_refuses_an_upload_that_fails_lint() -> None:
    with pytest.raises(TemplateRejected) as caught:
        validate_template(_report_with("{{ memo.salutation }}", "{{ salutation }}"))
    assert len(caught.value.issues) == 1
    assert "salutation" in caught.value.message_en
    validate_template(builtin_template("progress_report"))  # a good one passes


def test_it_lints_against_the_documented_sample_context() -> None:
    context = sample_context("progress_report")
    assert context["memo"]["doc_number"] == "นศ ๕๓๓๐๑/๑๖๕"
    assert sample_context("measures_plan")["document"] == "measures_plan"
    # The measures have no status in the plan: the report's status columns (and the round, whose
    # results decide whether the results column is printed) do not lint there.
    issues = lint_template(builtin_template("progress_report"), "measures_plan")
    assert {i.variable for i in issues} == {"m.urls", "m.status", "m.evidence", "m.note", "round"}
    # Tables 2 and 3: the status table with and without the results column.
    status_issues = [i for i in issues if i.variable.startswith("m.")]
    assert all("table 2" in i.location or "table 3" in i.location for i in status_issues)
