"""The admin pages for the catalogues open for a site admin, with their filters and search."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ita_tracker.frameworks.models import FiscalYear


@pytest.mark.parametrize("model", ["fiscalyear", "tool", "indicator", "oititem", "ratingrule"])
def test_it_lists_each_catalogue_table(client, site_admin, model):
    client.force_login(site_admin)

    response = client.get(reverse(f"admin:frameworks_{model}_changelist"))

    assert response.status_code == 200


def test_it_filters_oit_items_by_year_and_finds_them_by_title(client, site_admin):
    client.force_login(site_admin)
    fiscal_year = FiscalYear.objects.get(be_year=2569)

    response = client.get(
        reverse("admin:frameworks_oititem_changelist"),
        {"fiscal_year__id__exact": fiscal_year.pk, "q": "การนำผลการประเมิน ITA"},
    )

    assert response.status_code == 200
    assert list(response.context["cl"].result_list.values_list("code", flat=True)) == ["O25"]


def test_it_shows_a_fiscal_year_with_its_indicators_and_rating_rules(client, site_admin):
    client.force_login(site_admin)
    fiscal_year = FiscalYear.objects.get(be_year=2568)

    response = client.get(reverse("admin:frameworks_fiscalyear_change", args=[fiscal_year.pk]))

    assert response.status_code == 200
    assert "ผ่านดีเยี่ยม" in response.content.decode()
    assert "การปฏิบัติหน้าที่" in response.content.decode()


def test_it_keeps_anonymous_users_out(client):
    response = client.get(reverse("admin:frameworks_oititem_changelist"))

    assert response.status_code == 302
