from __future__ import annotations

from decimal import Decimal

from ita_tracker.audit.models import AuditEvent
from ita_tracker.frameworks.models import FiscalYear
from ita_tracker.results.services import save_result


def test_it_stores_a_result_with_its_indicators_and_records_the_change(agency_b, coordinator_b):
    year = FiscalYear.objects.get(be_year=2567)
    result = save_result(
        agency=agency_b,
        fiscal_year=year,
        total=Decimal("90.50"),
        iit=Decimal("92"),
        eit=Decimal("84.00"),
        oit=Decimal("95"),
        indicator_scores={1: Decimal("90"), 9: Decimal("97.5")},
        acting_user=coordinator_b,
    )
    assert result.rating == "ผ่าน"  # EIT below 85: not "ผ่านดี" by the 2567 rules
    assert {s.indicator.number: s.score for s in result.indicator_scores.all()} == {
        1: Decimal("90.00"),
        9: Decimal("97.50"),
    }
    created = AuditEvent.objects.get(action="result.created", agency=agency_b)
    assert created.after["rating"] == "ผ่าน"
    save_result(
        agency=agency_b,
        fiscal_year=year,
        total=Decimal("90.50"),
        iit=Decimal("92"),
        eit=Decimal("86"),
        oit=Decimal("95"),
        indicator_scores={9: None},
        acting_user=coordinator_b,
    )
    result.refresh_from_db()
    assert result.rating == "ผ่านดี"
    assert list(result.indicator_scores.values_list("indicator__number", flat=True)) == [1]
    updated = AuditEvent.objects.get(action="result.updated", agency=agency_b)
    assert updated.before["eit"] == "84.00"
    assert updated.after["eit"] == "86"
