"""The plan page, the board and my-measures cost the same number of queries for 10 measures
as for 100."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ita_tracker.agencies.models import Agency, Membership, OrgUnit, Role
from ita_tracker.frameworks.models import FiscalYear, Indicator, Tool
from ita_tracker.plans.models import Evidence, Measure, ProgressEntry, Responsibility
from ita_tracker.plans.services.plans import create_plan
from ita_tracker.plans.services.rounds import open_round


def _agency_with(n: int, user) -> tuple[Agency, int]:
    agency = Agency.objects.create(name=f"เทศบาล {n}", slug=f"q{n}")
    division = OrgUnit.objects.create(agency=agency, name="สำนักปลัดเทศบาล", short_name="สำนักปลัด")
    section = OrgUnit.objects.create(agency=agency, parent=division, name="งานประชาสัมพันธ์")
    finance = OrgUnit.objects.create(agency=agency, name="กองคลัง")
    membership = Membership.objects.create(user=user, agency=agency, role=Role.UNIT_OFFICER)
    membership.units.set([division])
    year = FiscalYear.objects.get(be_year=2566)
    plan = create_plan(agency=agency, fiscal_year=year, acting_user=None)
    plan.state = "approved"  # rounds open on approved plans
    plan.save(update_fields=["state"])
    tools = list(Tool.objects.order_by("order"))
    indicators = list(Indicator.objects.filter(fiscal_year=year))
    measures = Measure.objects.bulk_create(
        Measure(
            plan=plan,
            tool=tools[i % 3],
            order=i // 3 + 1,
            title=f"มาตรการที่ {i}",
            methods=["ขั้นตอนแรก", "ขั้นตอนที่สอง"],
            period_start=dt.date(2022, 10, 1),
            period_end=dt.date(2023, 3, 1),
            responsible_note="ทุกส่วนราชการ" if i % 2 else "",
        )
        for i in range(n)
    )
    Responsibility.objects.bulk_create(
        r
        for m in measures
        for r in (
            Responsibility(measure=m, unit=section, order=1),
            Responsibility(measure=m, unit=finance, order=2),
        )
    )
    through = Measure.indicators.through
    through.objects.bulk_create(
        through(measure_id=m.pk, indicator_id=indicators[i % len(indicators)].pk)
        for i, m in enumerate(measures)
    )
    round_ = open_round(plan, kind="six_month", acting_user=None)
    entries = list(ProgressEntry.objects.filter(round=round_))
    for i, entry in enumerate(entries):
        if i % 2:
            entry.status = "completed"
            entry.updated_by = user
            entry.updated_at = timezone.now()
            entry.urls = ["https://example.go.th/a"]
    ProgressEntry.objects.bulk_update(entries, ["status", "updated_by", "updated_at", "urls"])
    Evidence.objects.bulk_create(
        Evidence(
            entry=e,
            file="evidence/x",
            original_name="a.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
        )
        for e in entries[::3]
    )
    return agency, round_.pk


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "page",
    [
        "/a/{slug}/plans/2566/",
        "/a/{slug}/plans/2566/rounds/{round}/board/",
        "/a/{slug}/plans/2566/rounds/{round}/",
        "/a/{slug}/my-measures/",
        "/a/{slug}/dashboard/2566/",
    ],
)
def test_it_costs_the_same_queries_for_10_and_100_measures(client, django_user_model, page):
    user = django_user_model.objects.create_user(username="counter")
    small, small_round = _agency_with(10, user)
    large, large_round = _agency_with(100, user)
    client.force_login(user)
    client.get("/")  # warm the session and the content-type cache
    ten = _queries(client, page.format(slug=small.slug, round=small_round))
    hundred = _queries(client, page.format(slug=large.slug, round=large_round))
    print(f"{page}: {ten} queries with 10 measures, {hundred} with 100")
    assert ten == hundred
