"""The ``load_catalogues`` service: stale rows, referenced rows, audit and dry run."""

from __future__ import annotations

from decimal import Decimal

from ita_tracker.agencies.models import Agency
from ita_tracker.audit.models import AuditEvent
from ita_tracker.frameworks.models import FiscalYear, Indicator, OitItem, RatingRule, Tool
from ita_tracker.frameworks.services import load_catalogues
from ita_tracker.results.models import IndicatorScore, ItaResult


def test_it_deletes_an_oit_item_that_left_the_catalogue(db):
    fiscal_year = FiscalYear.objects.get(be_year=2566)
    OitItem.objects.create(fiscal_year=fiscal_year, code="O99", order=99, title_th="ไม่มีแล้ว")

    summary = load_catalogues()

    assert not OitItem.objects.filter(fiscal_year=fiscal_year, code="O99").exists()
    assert summary.oit_items.deleted == 1
    assert summary.line().startswith(
        "frameworks: 9 years, 0 OIT items created, 0 updated, 1 deleted"
    )


def test_it_deletes_a_rating_rule_that_left_the_catalogue(db):
    fiscal_year = FiscalYear.objects.get(be_year=2565)
    RatingRule.objects.create(fiscal_year=fiscal_year, order=8, label="G", min_total=0)

    summary = load_catalogues(years=[2565])

    assert summary.rating_rules.deleted == 1
    assert list(fiscal_year.rating_rules.values_list("label", flat=True)) == [
        "AA",
        "A",
        "B",
        "C",
        "D",
        "E",
        "F",
    ]


def test_it_keeps_a_referenced_indicator_and_reports_it(db):
    fiscal_year = FiscalYear.objects.get(be_year=2566)
    stale = Indicator.objects.create(
        fiscal_year=fiscal_year, number=11, tool=Tool.objects.get(code="OIT"), name_th="เก่า"
    )
    unreferenced = Indicator.objects.create(
        fiscal_year=fiscal_year, number=12, tool=Tool.objects.get(code="OIT"), name_th="เก่า"
    )
    agency = Agency.objects.create(name="เทศบาลทดสอบ", slug="test-agency")
    result = ItaResult.objects.create(agency=agency, fiscal_year=fiscal_year, total=Decimal("90"))
    IndicatorScore.objects.create(result=result, indicator=stale, score=Decimal("80"))

    summary = load_catalogues(years=[2566])

    assert Indicator.objects.filter(pk=stale.pk).exists()
    assert not Indicator.objects.filter(pk=unreferenced.pk).exists()
    assert summary.indicators.kept == 1
    assert summary.indicators.deleted == 1
    assert len(summary.kept) == 1
    assert "2566 indicator 11." in summary.kept[0]
    assert "kept because they are referenced" in summary.line()


def test_it_records_the_acting_user_in_the_audit_row(db, django_user_model):
    user = django_user_model.objects.create_user(username="catalogue-admin")
    item = OitItem.objects.get(fiscal_year__be_year=2568, code="O12")
    item.confidence = "U"
    item.save()

    load_catalogues(acting_user=user, years=[2568])

    event = AuditEvent.objects.filter(action="catalogue.loaded").order_by("-id").first()
    assert event is not None
    assert event.actor == user
    assert event.object_type == "frameworks.fiscalyear"
    assert event.after["oit_items"] == {"created": 0, "updated": 1, "deleted": 0, "kept": 0}


def test_it_reports_a_dry_run_and_rolls_it_back(db):
    OitItem.objects.filter(fiscal_year__be_year=2569, code="O25").delete()
    audit_rows = AuditEvent.objects.count()

    summary = load_catalogues(dry_run=True)

    assert summary.dry_run
    assert summary.oit_items.created == 1
    assert summary.line().endswith("(dry run)")
    assert not OitItem.objects.filter(fiscal_year__be_year=2569, code="O25").exists()
    assert AuditEvent.objects.count() == audit_rows


def test_it_moves_a_label_to_another_order_without_a_clash(db):
    fiscal_year = FiscalYear.objects.get(be_year=2565)
    aa = fiscal_year.rating_rules.get(label="AA")
    a = fiscal_year.rating_rules.get(label="A")
    aa.label, a.label = "tmp", "AA"
    aa.save()
    a.save()
    aa.label = "A"
    aa.save()

    load_catalogues(years=[2565])

    assert fiscal_year.rating_rules.get(order=1).label == "AA"
    assert fiscal_year.rating_rules.get(order=2).label == "A"
