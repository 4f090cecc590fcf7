"""What an import would change in the current plan, measure by measure."""

from __future__ import annotations

from ita_tracker.officefiles.diff import diff_plans
from ita_tracker.planfile.reader import read_plan_file
from ita_tracker.planfile.schema import PlanFile
from tests.conftest import EXAMPLE


def _changed(plan: PlanFile, edit) -> PlanFile:
    data = plan.model_dump(mode="json", by_alias=True)
    edit(data)
    return PlanFile.model_validate(data)


def test_it_names_added_changed_removed_and_unchanged_measures():
    old = read_plan_file(EXAMPLE)

    def edit(data):
        data["measures"][0]["methods"].append("รายงานผลต่อนายกเทศมนตรี")
        data["measures"][1]["title"] += " (ปรับปรุง)"  # reworded: still the same measure
        data["measures"][1]["follow_up"] = "รายงานทุกไตรมาส"
        data["rounds"][0]["progress"]["IIT-3"] = {"status": "in_progress"}
        del data["measures"][9]  # OIT-1 goes
        del data["rounds"][0]["progress"]["OIT-1"]
        data["measures"].append(
            {
                "tool": "OIT",
                "title": "เปิดเผยข้อมูลจัดซื้อจัดจ้าง",
                "period": {"from": "2565-10", "to": "2566-09"},
            }
        )

    new = _changed(old, edit)
    changes = {(c.kind, c.title): c.fields for c in diff_plans(old, new, new_round=0)}
    assert changes[("changed", old.measures[0].title)] == ["methods"]
    assert changes[("changed", new.measures[1].title)] == ["title", "follow_up"]
    assert changes[("changed", old.measures[2].title)] == ["status", "evidence"]
    assert changes[("added", "เปิดเผยข้อมูลจัดซื้อจัดจ้าง")] == []
    assert (("removed", old.measures[9].title)) in changes
    assert sum(1 for kind, _ in changes if kind == "same") == 6


def test_everything_is_new_without_a_current_plan():
    plan = read_plan_file(EXAMPLE)
    assert {c.kind for c in diff_plans(None, plan, new_round=0)} == {"added"}
