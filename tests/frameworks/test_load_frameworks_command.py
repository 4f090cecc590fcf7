"""The ``load_frameworks`` command: loads every year, is re-runnable, has a dry run."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ita_tracker.audit.models import AuditEvent
from ita_tracker.frameworks.catalogue import read_catalogue
from ita_tracker.frameworks.models import FiscalYear, Indicator, OitItem, RatingRule, Tool


@pytest.fixture
def empty_catalogues(db: None) -> None:
    """The session loads the catalogues once; start these tests from an empty reference set."""
    OitItem.objects.all().delete()
    RatingRule.objects.all().delete()
    Indicator.objects.all().delete()
    FiscalYear.objects.all().delete()
    Tool.objects.all().delete()


def run(*args: str) -> str:
    out = StringIO()
    call_command("load_frameworks", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def catalogue_audit_rows(model: str = "fiscalyear") -> int:
    return AuditEvent.objects.filter(
        action="catalogue.loaded", object_type=f"frameworks.{model}"
    ).count()


def snapshot() -> list[tuple]:
    rows: list[tuple] = []
    for model in (Tool, FiscalYear, Indicator, OitItem, RatingRule):
        rows += [(model.__name__, *row) for row in model.objects.order_by("pk").values_list()]
    return rows


def test_it_loads_every_year_and_prints_one_summary_line(empty_catalogues):
    catalogue = read_catalogue()
    items = sum(len(year.oit_items) for year in catalogue.years.values())

    output = run()

    assert output.splitlines() == [output]
    assert output.startswith(
        f"frameworks: 9 years, {items} OIT items created, 0 updated, 0 deleted"
    )
    assert Tool.objects.count() == 3


def test_it_stores_as_many_rows_per_year_as_the_yaml_holds(empty_catalogues):
    run()

    for be_year, spec in read_catalogue().years.items():
        fiscal_year = FiscalYear.objects.get(be_year=be_year)
        assert fiscal_year.oit_items.count() == len(spec.oit_items)
        assert fiscal_year.indicators.count() == len(spec.indicators) == 10
        assert fiscal_year.rating_rules.count() == len(spec.rating_rules)
        assert set(fiscal_year.oit_items.values_list("code", flat=True)) == {
            item.code for item in spec.oit_items
        }


def test_it_creates_and_updates_nothing_on_the_second_run(empty_catalogues):
    run()
    before = snapshot()

    output = run()

    assert (
        output == "frameworks: 9 years, 0 OIT items created, 0 updated, 0 deleted; nothing changed"
    )
    assert snapshot() == before


def test_it_writes_one_audit_row_per_fiscal_year_only_when_something_changed(empty_catalogues):
    start = catalogue_audit_rows()

    run()
    assert catalogue_audit_rows() == start + 9
    event = AuditEvent.objects.filter(
        action="catalogue.loaded", object_repr__contains="2566"
    ).first()
    assert event is not None
    assert event.after["oit_items"]["created"] == 43
    assert event.actor_label == "system"

    run()
    assert catalogue_audit_rows() == start + 9


def test_it_writes_nothing_in_a_dry_run(empty_catalogues):
    audit_rows = AuditEvent.objects.count()

    output = run("--dry-run")

    assert output.endswith("(dry run)")
    assert "0 OIT items created" not in output
    assert FiscalYear.objects.count() == 0
    assert OitItem.objects.count() == 0
    assert Tool.objects.count() == 0
    assert AuditEvent.objects.count() == audit_rows


def test_it_loads_only_the_years_asked_for(empty_catalogues):
    output = run("--year", "2566", "--year", "2568")

    assert output.startswith("frameworks: 2 years, 69 OIT items created")
    assert list(FiscalYear.objects.order_by("be_year").values_list("be_year", flat=True)) == [
        2566,
        2568,
    ]


def test_it_refuses_a_year_without_a_catalogue_file(empty_catalogues):
    with pytest.raises(CommandError, match="2570"):
        run("--year", "2570")
    assert FiscalYear.objects.count() == 0


def test_it_puts_back_a_row_edited_in_the_database(db):
    item = OitItem.objects.get(fiscal_year__be_year=2566, code="O42")
    item.title_th = "แก้ไขด้วยมือ"
    item.save()
    start = catalogue_audit_rows()

    output = run()

    assert output.startswith("frameworks: 9 years, 0 OIT items created, 1 updated, 0 deleted")
    item.refresh_from_db()
    assert item.title_th == "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    assert catalogue_audit_rows() == start + 1
