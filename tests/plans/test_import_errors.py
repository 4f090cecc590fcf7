"""A broken plan file is refused with a located Thai/English error and nothing is written."""

from __future__ import annotations

import pytest

from ita_tracker.agencies.models import Agency, OrgUnit, Signatory
from ita_tracker.audit.models import AuditEvent
from ita_tracker.cli import main
from ita_tracker.planfile.reader import PlanFileError, read_plan_file
from ita_tracker.plans.models import Measure, MeasurePlan
from ita_tracker.plans.planfile import importer
from ita_tracker.results.models import ItaResult
from tests.conftest import EXAMPLE

ORIGINAL = EXAMPLE.read_text(encoding="utf-8")


def _counts() -> dict[str, int]:
    return {
        "agencies": Agency.objects.count(),
        "units": OrgUnit.objects.count(),
        "signatories": Signatory.objects.count(),
        "plans": MeasurePlan.objects.count(),
        "measures": Measure.objects.count(),
        "results": ItaResult.objects.count(),
        "audit": AuditEvent.objects.filter(action__startswith="plan.").count(),
    }


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return text[:start].count("\n") + 1


def _import(tmp_path, text: str, capsys) -> tuple[int, str]:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    code = main(["import", str(path)])
    return code, capsys.readouterr().err


CASES = [
    pytest.param(
        ORIGINAL.replace("  - tool: EIT\n", "  - tool: XIT\n", 1),
        "  - tool: XIT",
        "measures[5].tool",
        "ค่าไม่อยู่ในรายการที่อนุญาต",
        "Input should be 'IIT', 'EIT' or 'OIT'",
        id="unknown tool",
    ),
    pytest.param(
        ORIGINAL.replace("      date: 2566-04-03", "      date: 2566-02-30"),
        "      date: 2566-02-30",
        "rounds[0].memo.date",
        "ไม่มีวันที่นี้ในปฏิทิน",
        "no such date in the calendar",
        id="impossible date",
    ),
    pytest.param(
        ORIGINAL.replace("      date: 2566-04-03", "      date: 3/4/2023"),
        "      date: 3/4/2023",
        "rounds[0].memo.date",
        "ปีต้องเป็นปีพุทธศักราช",
        "Buddhist-era year",
        id="Christian-era date",
    ),
    pytest.param(
        ORIGINAL.replace(
            "    follow_up: รายงานผลการประเมินต่อผู้บริหาร",
            "    follow_up: รายงานผลการประเมินต่อผู้บริหาร\n    folow_up: x",
        ),
        "    folow_up: x",
        "measures[3].folow_up",
        "มีช่องข้อมูลที่ไม่รู้จัก",
        "Extra inputs are not permitted",
        id="misspelt field",
    ),
    pytest.param(
        ORIGINAL.replace(
            "    responsible: [สำนักปลัดเทศบาล/งานแผนและงบประมาณ]",
            "    responsible: [สำนักปลัดเทศบาล/งานแผน]",
        ),
        "    responsible: [สำนักปลัดเทศบาล/งานแผน]",
        "measures[1].responsible",
        "ไม่มีส่วนราชการ «สำนักปลัดเทศบาล/งานแผน»",
        "unknown unit",
        id="unknown unit",
    ),
    pytest.param(
        ORIGINAL.replace("      OIT-1: {status: completed", "      OIT-9: {status: completed"),
        "      OIT-9:",
        "rounds[0].progress.OIT-9",
        "ไม่มีมาตรการชื่ออ้างอิง «OIT-9»",
        "no measure with key 'OIT-9'",
        id="unknown measure key",
    ),
    pytest.param(
        ORIGINAL.replace("      IIT-2: {status: in_progress}", "      IIT-2: {status: half_done}"),
        "      IIT-2: {status: half_done}",
        "rounds[0].progress.IIT-2.status",
        "ค่าไม่อยู่ในรายการที่อนุญาต",
        "Input should be",
        id="unknown status",
    ),
    pytest.param(
        ORIGINAL.replace("      IIT-3: {status: completed", "      IIT-2: {status: completed"),
        "      IIT-2: {status: completed",
        "IIT-2",
        "ชื่อช่องซ้ำ «IIT-2»",
        "duplicate key 'IIT-2'",
        id="duplicate YAML key",
    ),
    pytest.param(
        ORIGINAL.replace(
            "    period: {from: 2565-10, to: 2566-03}",
            "    period: {from: 2566-10, to: 2566-03}",
            1,
        ),
        "    period: {from: 2566-10, to: 2566-03}",
        "measures[0].period",
        "เดือนสิ้นสุดอยู่ก่อนเดือนเริ่ม",
        "the period ends before it starts",
        id="reversed period",
    ),
    pytest.param(
        ORIGINAL.replace("fiscal_year: 2566\n", "fiscal_year: 2599\n"),
        "fiscal_year: 2599",
        "fiscal_year",
        "ยังไม่มีกรอบการประเมินปีงบประมาณ 2599",
        "no ITA catalogue for fiscal year 2599",
        id="year without catalogue",
    ),
    pytest.param(
        ORIGINAL.replace("agency:\n  slug: thaphae", "agency:\n  slug: thaphae\n  units: [", 1),
        None,
        "",
        "อ่านไฟล์ YAML/JSON ไม่ได้",
        "not valid YAML/JSON",
        id="bad YAML",
    ),
]


@pytest.mark.parametrize(("text", "line_text", "path", "thai", "english"), CASES)
def test_it_locates_the_error_and_writes_nothing(
    db, tmp_path, capsys, text, line_text, path, thai, english
):
    before = _counts()
    code, err = _import(tmp_path, text, capsys)
    assert code == 2
    assert thai in err
    assert english in err
    assert path in err
    if line_text is not None:
        # The error names the file and the line where the problem is.
        assert f"broken.yaml:{_line_of(text, line_text)} " in err
    else:
        assert "broken.yaml:" in err
    assert _counts() == before


def test_it_refuses_a_duplicate_measure(db, tmp_path, capsys):
    block_start = ORIGINAL.index("  - tool: IIT\n    title: การเผยแพร่ประชาสัมพันธ์แผน")
    block_end = ORIGINAL.index("  - tool: IIT\n    title: >-\n      เปิดเผยข้อมูล")
    text = ORIGINAL[:block_end] + ORIGINAL[block_start:block_end] + ORIGINAL[block_end:]
    before = _counts()
    code, err = _import(tmp_path, text, capsys)
    assert code == 2
    assert "มาตรการซ้ำ" in err
    assert "duplicate measure (same tool and title)" in err
    assert "measures[2]" in err
    assert _counts() == before


def test_it_refuses_a_second_import_without_replace(plan_a, tmp_path, capsys):
    before = _counts()
    code, err = _import(tmp_path, ORIGINAL, capsys)
    assert code == 2
    assert "มีแผนปีงบประมาณ 2566 อยู่แล้ว" in err
    assert "--replace" in err
    assert _counts() == before


def test_it_rolls_back_everything_when_writing_fails_midway(db, monkeypatch, example_plan_file):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(
        importer, "write_plan_file_results", fail
    )  # fault injection after most writes
    before = _counts()
    with pytest.raises(RuntimeError):
        importer.import_plan(example_plan_file, acting_user=None)
    assert _counts() == before


def test_it_reports_every_problem_at_once(tmp_path):
    text = ORIGINAL.replace("  - tool: OIT\n", "  - tool: QIT\n").replace(
        "      date: 2566-04-03", "      date: yesterday"
    )
    path = tmp_path / "two.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanFileError) as info:
        read_plan_file(path)
    paths = [issue.path for issue in info.value.issues]
    assert "measures[9].tool" in paths
    assert "rounds[0].memo.date" in paths


def test_a_level_that_differs_from_the_rules_is_kept_as_written_not_refused(tmp_path, capsys, db):
    # Issue 12: agencies write the level in many ways; a difference is a warning on the result
    # page, never a refusal.
    code, _output = _import(
        tmp_path, ORIGINAL.replace("  level: C", "  level: (ผ่าน) ระดับ B"), capsys
    )

    assert code == 0
    result = ItaResult.objects.get(fiscal_year__be_year=2565)
    assert result.level_written == "(ผ่าน) ระดับ B"
    assert result.rating == "C"
    assert not result.level_reading().agrees


def test_a_unit_named_twice_for_one_measure_is_one_responsibility(db, example_plan_file):
    # Found by tests/test_fuzz_imports.py: the second one broke a unique constraint (a 500).
    data = example_plan_file.model_dump(mode="json", by_alias=True)
    first = data["measures"][0]["responsible"][0]
    data["measures"][0]["responsible"].append(first)
    plan = importer.import_plan(type(example_plan_file).model_validate(data), acting_user=None)
    measure = plan.measures.order_by("tool__order", "order").first()
    assert measure.responsibilities.count() == len(set(data["measures"][0]["responsible"]))
