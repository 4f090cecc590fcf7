"""Imported text that the database would refuse is refused first, located: NUL and other control
characters, and texts longer than their column (issue 10, finding 7; PostgreSQL raised a 500
or a traceback, SQLite stored them silently)."""

from __future__ import annotations

import pytest
import yaml

from ita_tracker.planfile.reader import PlanFileError, dump_plan, read_plan_text
from ita_tracker.plans.models import MeasurePlan
from ita_tracker.plans.planfile.exporter import export_plan
from ita_tracker.plans.planfile.importer import import_plan

CASES = {
    "NUL in an evidence link": (
        lambda d: d["rounds"][0]["progress"]["IIT-1"].update(urls=["https://a.example/\x00x"]),
        "rounds[0].progress.IIT-1.urls[0]",
        "NUL",
    ),
    "NUL in a measure title": (
        lambda d: d["measures"][0].update(title="มาตรการ\x00"),
        "measures[0].title",
        "NUL",
    ),
    "control character in a note": (
        lambda d: d["rounds"][0]["progress"]["IIT-1"].update(note="ทำแล้ว\x1b[31m"),
        "rounds[0].progress.IIT-1.note",
        "U+001B",
    ),
    "memo.to over 300": (
        lambda d: d["rounds"][0]["memo"].update(to="ก" * 301),
        "rounds[0].memo.to",
        "300",
    ),
    "approver position over 300": (
        lambda d: d["rounds"][0]["memo"]["approvals"][0].update(position="ก" * 301),
        "rounds[0].memo.approvals[0].position",
        "300",
    ),
    "title over 300": (lambda d: d.update(title="ก" * 301), "title", "300"),
}


def _read_and_import(text: str) -> None:
    import_plan(read_plan_text(text, "x.yaml"), acting_user=None, replace=True)


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_it_refuses_with_the_field_and_writes_nothing(plan_a, case):
    change, path, words = CASES[case]
    data = export_plan(plan_a).model_dump(mode="json")
    change(data)
    before = MeasurePlan.objects.count()
    with pytest.raises(PlanFileError) as caught:
        _read_and_import(yaml.safe_dump(data, allow_unicode=True))
    message = caught.value.format()
    assert path in message
    assert words in message
    assert MeasurePlan.objects.count() == before


def test_tabs_and_line_breaks_are_text(plan_a):
    data = export_plan(plan_a).model_dump(mode="json")
    data["rounds"][0]["progress"]["IIT-1"]["note"] = "บรรทัดหนึ่ง\n\tบรรทัดสอง"
    plan = export_plan(plan_a).model_validate(data)
    import_plan(read_plan_text(dump_plan(plan), "x.yaml"), acting_user=None, replace=True)
