"""The Django admin is no second write path (issue 10, finding 14): round state, progress,
memos and memberships cannot be changed there; what may be added there is audited."""

from __future__ import annotations

import pytest

from ita_tracker.agencies.models import Agency, Membership, Role
from ita_tracker.audit.models import AuditEvent
from ita_tracker.plans.models import ProgressEntry


@pytest.fixture
def admin_client(client, site_admin):
    client.force_login(site_admin)
    return client


def test_round_state_progress_and_memos_cannot_be_changed(admin_client, open_round):
    entry = open_round.entries.first()
    memo = open_round.plan.rounds.exclude(pk=open_round.pk).get().memo
    targets = [
        (f"/admin/plans/reportinground/{open_round.pk}/change/", {"state": "approved"}),
        (f"/admin/plans/progressentry/{entry.pk}/change/", {"status": "completed"}),
        (f"/admin/plans/memo/{memo.pk}/change/", {"number": "999"}),
        (f"/admin/plans/measureplan/{open_round.plan.pk}/change/", {"state": "draft"}),
    ]
    before = AuditEvent.objects.count()
    for url, data in targets:
        assert admin_client.get(url).status_code == 200  # still readable
        assert admin_client.post(url, data).status_code == 403, url
    for url in ("/admin/plans/reportinground/add/", f"/admin/plans/memo/{memo.pk}/delete/"):
        assert admin_client.get(url).status_code == 403
    open_round.refresh_from_db()
    assert open_round.state == "open"
    assert ProgressEntry.objects.get(pk=entry.pk).status == entry.status
    assert AuditEvent.objects.count() == before


def test_memberships_cannot_be_changed_but_adding_one_is_audited(
    admin_client, agency_a, coordinator, officer_b
):
    membership = Membership.objects.get(user=coordinator)
    url = f"/admin/agencies/membership/{membership.pk}/change/"
    assert admin_client.post(url, {"role": Role.AGENCY_ADMIN}).status_code == 403
    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR
    response = admin_client.post(
        "/admin/agencies/membership/add/",
        {"user": officer_b.pk, "agency": agency_a.pk, "role": Role.AGENCY_ADMIN, "units": []},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    added = Membership.objects.get(user=officer_b, agency=agency_a)
    event = AuditEvent.objects.get(action="member.added", object_id=str(added.pk))
    assert event.agency == agency_a


def test_an_agency_created_in_the_admin_is_audited(admin_client, db):
    response = admin_client.post(
        "/admin/agencies/agency/add/",
        {
            "name": "เทศบาลทดสอบ",
            "slug": "test-town",
            "type": Agency._meta.get_field("type").default,
            "numbering": Agency._meta.get_field("numbering").default,
            "thai_digits": "on",
            "units-TOTAL_FORMS": "0",
            "units-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    agency = Agency.objects.get(slug="test-town")
    assert AuditEvent.objects.filter(action="agency.created", object_id=str(agency.pk)).exists()
