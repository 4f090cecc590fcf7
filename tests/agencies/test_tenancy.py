from __future__ import annotations

import pytest
from django.http import Http404

from ita_tracker.agencies.tenancy import get_scoped_or_404, resolve_agency, scoped
from ita_tracker.plans.models import Measure, MeasurePlan, ProgressEntry


def test_it_scopes_rows_to_the_agency(plan_a, agency_b):
    assert scoped(Measure, plan_a.agency).count() == 10
    assert scoped(Measure, agency_b).count() == 0
    assert scoped(ProgressEntry, agency_b).count() == 0


def test_it_answers_404_for_another_agencys_object(plan_a, agency_b):
    measure = Measure.objects.filter(plan=plan_a).first()
    assert get_scoped_or_404(Measure, plan_a.agency, pk=measure.pk) == measure
    with pytest.raises(Http404):
        get_scoped_or_404(Measure, agency_b, pk=measure.pk)
    with pytest.raises(Http404):
        get_scoped_or_404(MeasurePlan, agency_b, pk="not-a-number")


def test_it_refuses_a_model_without_an_agency_path(agency_b):
    from ita_tracker.frameworks.models import Tool

    with pytest.raises(TypeError):
        scoped(Tool, agency_b)


def test_it_resolves_only_the_users_agencies(
    coordinator, officer_b, site_admin, agency_a, agency_b
):
    assert resolve_agency(coordinator, agency_a.slug)[0] == agency_a
    with pytest.raises(Http404):
        resolve_agency(coordinator, agency_b.slug)
    with pytest.raises(Http404):
        resolve_agency(officer_b, agency_a.slug)
    agency, membership = resolve_agency(site_admin, agency_a.slug)
    assert agency == agency_a
    assert membership is None
    with pytest.raises(Http404):
        resolve_agency(coordinator, "no-such-agency")
