"""A broken catalogue is refused with its file and field named, and nothing is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ita_tracker.audit.models import AuditEvent
from ita_tracker.frameworks import catalogue as catalogue_module
from ita_tracker.frameworks.catalogue import DATA_DIR, CatalogueError
from ita_tracker.frameworks.models import FiscalYear, Indicator, OitItem, RatingRule, Tool
from ita_tracker.frameworks.services import load_catalogues


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count() for m in (Tool, FiscalYear, Indicator, OitItem, RatingRule, AuditEvent)
    )


def load_error(data_dir: Path) -> str:
    before = counts()
    OitItem.objects.filter(fiscal_year__be_year=2566, code="O1").update(title_th="เปลี่ยน")
    with pytest.raises(CatalogueError) as caught:
        load_catalogues(data_dir=data_dir)
    assert counts() == before
    assert OitItem.objects.get(fiscal_year__be_year=2566, code="O1").title_th == "เปลี่ยน"
    return str(caught.value)


def test_it_names_the_file_and_field_of_a_missing_title(db, data_dir):
    edit(
        data_dir / "2566.yaml",
        "    title_th: รายงานการกำกับติดตามการดำเนินงานและการใช้งบประมาณประจำปี รอบ 6 เดือน\n",
        "",
    )

    message = load_error(data_dir)

    assert "2566.yaml:" in message
    assert "oit_items[11].title_th" in message
    assert "field required" in message
    assert "ขาดข้อมูลที่จำเป็น" in message


def test_it_names_a_code_used_twice_in_one_year(db, data_dir):
    edit(data_dir / "2566.yaml", "  - code: O13\n", "  - code: O12\n")

    message = load_error(data_dir)

    assert "2566.yaml:" in message
    assert "oit_items[12].code" in message
    assert "duplicate code 'O12' within the year" in message


def test_it_names_a_lineage_reference_to_a_missing_item(db, data_dir):
    edit(data_dir / "2568.yaml", "{fy: 2566, code: O31}", "{fy: 2566, code: O99}")

    message = load_error(data_dir)

    assert "2568.yaml:" in message
    assert "maps_from[0]" in message
    assert "no item O99 in the 2566 catalogue" in message


def test_it_refuses_a_key_written_twice(db, data_dir):
    edit(data_dir / "2569.yaml", "be_year: 2569\n", "be_year: 2569\nbe_year: 2569\n")

    message = load_error(data_dir)

    assert "2569.yaml:" in message
    assert "duplicate key 'be_year'" in message


def test_it_refuses_a_buddhist_era_start_date(db, data_dir):
    edit(data_dir / "2565.yaml", "starts: 2021-10-01", "starts: 2564-10-01")

    message = load_error(data_dir)

    assert "2565.yaml:" in message
    assert " starts: " in message
    assert "must be 2021-10-01" in message


def test_it_reports_the_error_through_the_command(db, data_dir, monkeypatch):
    edit(data_dir / "tools.yaml", "    order: 3\n", "")
    monkeypatch.setattr(catalogue_module, "DATA_DIR", data_dir)

    with pytest.raises(CommandError) as caught:
        call_command("load_frameworks")

    assert "tools.yaml:" in str(caught.value)
    assert "tools[2].order" in str(caught.value)
