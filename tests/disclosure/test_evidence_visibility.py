"""Officers mark each evidence file public or internal (internal by default), on the progress
card; the change is audited and, once the report is locked, only withdrawal is possible."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ita_tracker.audit.models import AuditEvent
from ita_tracker.disclosure.services import set_evidence_public
from ita_tracker.documents import approvals
from ita_tracker.lib.errors import Refused
from ita_tracker.plans.models import Evidence, ProgressEntry
from ita_tracker.plans.services.progress import add_evidence_file
from tests import samples
from tests.conftest import PASSWORD, measure_of


@pytest.fixture
def evidence(plan_a, open_round, coordinator):
    # IIT-3 is the PR section's measure (the officer's unit).
    entry = ProgressEntry.objects.get(round=open_round, measure=measure_of(plan_a, "IIT", 3))
    add_evidence_file(
        entry, upload=SimpleUploadedFile("ประกาศ.pdf", samples.PDF), acting_user=coordinator
    )
    return Evidence.objects.get(entry=entry)


def _url(evidence):
    return f"/a/thaphae/evidence/{evidence.pk}/visibility/"


def test_it_keeps_new_files_internal_and_shows_the_choice(client, evidence, officer):
    assert evidence.public is False
    client.login(username="officer", password=PASSWORD)
    page = client.get(f"/a/thaphae/progress/{evidence.entry_id}/").content.decode()
    assert "ภายใน" in page
    assert "เผยแพร่" in page


def test_it_lets_the_unit_officer_make_a_file_public_with_an_audit_row(client, evidence, officer):
    client.login(username="officer", password=PASSWORD)
    response = client.post(_url(evidence), {"public": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert Evidence.objects.get(pk=evidence.pk).public is True
    event = AuditEvent.objects.get(action="evidence.made_public")
    assert event.actor.username == "officer"
    assert event.after["evidence_id"] == evidence.pk
    client.post(_url(evidence), {"public": "0"})
    assert Evidence.objects.get(pk=evidence.pk).public is False
    assert AuditEvent.objects.filter(action="evidence.made_internal").count() == 1


def test_it_allows_only_withdrawal_once_the_report_is_submitted(
    client, evidence, officer, coordinator, chain_a, open_round, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        approvals.submit_round_report(open_round, acting_user=coordinator)
    with pytest.raises(Refused):
        set_evidence_public(evidence, public=True, acting_user=coordinator)
    client.login(username="officer", password=PASSWORD)
    client.post(_url(evidence), {"public": "1"})
    assert Evidence.objects.get(pk=evidence.pk).public is False
    Evidence.objects.filter(pk=evidence.pk).update(public=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(evidence), {"public": "0"})
    assert response.status_code == 302
    assert Evidence.objects.get(pk=evidence.pk).public is False
    # The year is published again in the background.
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(task_path__endswith="publish_year").exists()


def test_it_refuses_people_who_cannot_update_the_measure(client, evidence, viewer):
    client.login(username="viewer", password=PASSWORD)
    assert client.post(_url(evidence), {"public": "1"}).status_code == 403
    assert Evidence.objects.get(pk=evidence.pk).public is False


def test_it_is_404_for_another_agency(client, evidence, officer_b):
    client.login(username="officer-b", password=PASSWORD)
    assert client.post(_url(evidence), {"public": "1"}).status_code == 404
    assert (
        client.post(f"/a/agency-b/evidence/{evidence.pk}/visibility/", {"public": "1"}).status_code
        == 404
    )
    assert Evidence.objects.get(pk=evidence.pk).public is False
