"""Setting up the chains of a new agency: an empty chain starts as a copy of another kind's
(nothing saved until the coordinator saves it), and with no chain anywhere the form offers
the usual three steps at once."""

from __future__ import annotations

import pytest

from ita_tracker.agencies.models import Agency, Membership, Role
from ita_tracker.documents import chains
from tests.conftest import PASSWORD


def test_an_empty_chain_starts_as_a_copy_of_another_kinds(client, agency_admin, chain_a):
    client.force_login(agency_admin)
    page = client.get("/a/thaphae/documents/chains/analysis_report/").content.decode()
    assert "คัดลอกมาจากลำดับการเสนอของ" in page
    assert 'value="ความเห็นปลัดเทศบาล"' in page
    agency = Agency.objects.get(slug="thaphae")
    assert chains.steps_of(agency, "analysis_report") == []  # nothing saved by looking
    steps = chains.steps_of(agency, "progress_report")
    data = {
        "step-TOTAL_FORMS": str(len(steps) + 1),
        "step-INITIAL_FORMS": str(len(steps)),
        "step-MIN_NUM_FORMS": "0",
        "step-MAX_NUM_FORMS": "10",
    }
    for i, step in enumerate(steps):
        data |= {
            f"step-{i}-heading": step.heading,
            f"step-{i}-position": step.position,
            f"step-{i}-holder": str(step.holder_id),
        }
    response = client.post("/a/thaphae/documents/chains/analysis_report/", data)
    assert response.status_code == 302
    saved = chains.steps_of(agency, "analysis_report")
    assert [(s.heading, s.holder_id) for s in saved] == [(s.heading, s.holder_id) for s in steps]


@pytest.mark.django_db
def test_a_new_agency_gets_three_empty_steps(client, django_user_model):
    agency = Agency.objects.create(name="เทศบาลตำบลทดลอง", slug="thadlong")
    user = django_user_model.objects.create_user(username="somsri", password=PASSWORD)
    Membership.objects.create(user=user, agency=agency, role=Role.AGENCY_ADMIN)
    client.force_login(user)
    page = client.get("/a/thadlong/documents/chains/progress_report/").content.decode()
    assert 'name="step-TOTAL_FORMS" value="3"' in page
    assert "คัดลอกมาจาก" not in page


@pytest.mark.django_db
def test_a_steps_position_defaults_to_its_holders_signatory(client, django_user_model):
    from ita_tracker.agencies.models import Signatory

    agency = Agency.objects.create(name="เทศบาลตำบลทดลอง", slug="thadlong")
    admin = django_user_model.objects.create_user(username="somsri", password=PASSWORD)
    Membership.objects.create(user=admin, agency=agency, role=Role.AGENCY_ADMIN)
    clerk = django_user_model.objects.create_user(username="palad", password=PASSWORD)
    signatory = Signatory.objects.create(
        agency=agency, name="นางสมหญิง ปลัด", position="ปลัดเทศบาลตำบลทดลอง"
    )
    held = Membership.objects.create(
        user=clerk, agency=agency, role=Role.APPROVER, signatory=signatory
    )
    unsigned = Membership.objects.get(user=admin, agency=agency)
    client.force_login(admin)

    def post(holder):
        return client.post(
            "/a/thadlong/documents/chains/progress_report/",
            {
                "step-TOTAL_FORMS": "3",
                "step-INITIAL_FORMS": "0",
                "step-MIN_NUM_FORMS": "0",
                "step-MAX_NUM_FORMS": "10",
                "step-0-heading": "ความเห็นปลัดเทศบาล",
                "step-0-position": "",
                "step-0-holder": str(holder.pk),
            },
        )

    refused = post(unsigned)  # no signatory: the position must be typed
    assert refused.status_code == 422
    assert chains.steps_of(agency, "progress_report") == []
    assert post(held).status_code == 302
    (step,) = chains.steps_of(agency, "progress_report")
    assert step.position == "ปลัดเทศบาลตำบลทดลอง"
