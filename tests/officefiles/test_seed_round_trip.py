"""The proof: the system's own rendering of the seed memo, imported back, is the seed."""

from __future__ import annotations

from ita_tracker.docengine.render import render_document
from ita_tracker.officefiles import read_office_file
from ita_tracker.officefiles.build import build_plan
from ita_tracker.planfile.reader import read_plan_file
from tests.conftest import EXAMPLE

FIELDS = ("tool", "title", "methods", "responsible", "responsible_note", "period", "follow_up")


def _measures(plan, fields=FIELDS):
    return [{f: getattr(m, f) for f in fields} for m in plan.measures]


def test_it_reads_back_the_seed_report_it_rendered():
    example = read_plan_file(EXAMPLE)
    docx = render_document(example, round_index=0, fmt="docx")
    read = read_office_file("thaphae-2566-report.docx", docx)
    built = build_plan(read, agency=example.agency, fiscal_year=2566)

    assert _measures(built.plan) == _measures(example)
    assert built.plan.rounds[0].kind == example.rounds[0].kind
    assert built.plan.rounds[0].period == example.rounds[0].period
    assert built.plan.rounds[0].progress == example.rounds[0].progress
    assert built.new_units == []
    assert not any(built.flags), built.flags


def test_it_reads_back_the_measures_document_with_its_indicators():
    example = read_plan_file(EXAMPLE)
    docx = render_document(example, round_index=None, fmt="docx")
    built = build_plan(read_office_file("plan.docx", docx), agency=example.agency, fiscal_year=2566)
    assert _measures(built.plan, (*FIELDS, "indicators")) == _measures(
        example, (*FIELDS, "indicators")
    )
    assert built.plan.rounds == []


def test_it_carries_last_years_memo_into_the_next_year():
    example = read_plan_file(EXAMPLE)
    docx = render_document(example, round_index=0, fmt="docx")
    built = build_plan(read_office_file("r.docx", docx), agency=example.agency, fiscal_year=2567)
    assert [m.title for m in built.plan.measures] == [m.title for m in example.measures]
    assert all(m.carried_over for m in built.plan.measures)
    assert {(m.period.start.year, m.period.end.year) for m in built.plan.measures} == {
        (2023, 2024)  # ต.ค.๖๖ – มี.ค.๖๗
    }
    assert built.plan.rounds == []  # last year's statuses are not this year's
    assert "2566" in built.notes[0].th
