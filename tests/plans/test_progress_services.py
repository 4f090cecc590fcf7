"""What the units report: status, note, links and files; locked once the report is submitted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ita_tracker.agencies.models import Membership
from ita_tracker.audit.models import AuditEvent
from ita_tracker.lib.errors import Refused
from ita_tracker.plans.models import Evidence, ProgressEntry
from ita_tracker.plans.services.progress import (
    add_evidence_file,
    remove_evidence_file,
    update_progress,
)
from ita_tracker.plans.services.rounds import change_round_state
from tests import samples
from tests.conftest import measure_of


@pytest.fixture
def entry(open_round, officer):
    """IIT 2's entry; the officer's membership covers its units (she may report on it)."""
    entry = ProgressEntry.objects.get(
        round=open_round, measure=measure_of(open_round.plan, "IIT", 2)
    )
    units = [r.unit for r in entry.measure.responsibilities.all()]
    Membership.objects.get(user=officer).units.add(*units)
    return entry


def test_it_stores_the_report_with_who_and_when_and_records_it(entry, officer):
    update_progress(
        entry,
        acting_user=officer,
        status="completed",
        note="ประชุมชี้แจงเมื่อ 5 ก.ค. 2566",
        urls=["https://www.thaphae.go.th/budget"],
    )
    entry.refresh_from_db()
    assert entry.status == "completed"
    assert entry.urls == ["https://www.thaphae.go.th/budget"]
    assert entry.updated_by == officer
    assert entry.has_update
    event = AuditEvent.objects.get(action="progress.updated")
    assert event.object_id == str(entry.pk)
    assert event.before["status"] == "in_progress"
    assert event.after["status"] == "completed"
    assert event.actor == officer


def test_it_refuses_changes_once_the_report_is_submitted(entry, coordinator, officer):
    change_round_state(entry.round, action="submit", acting_user=coordinator)
    entry.refresh_from_db()
    with pytest.raises(Refused):
        update_progress(entry, acting_user=officer, status="completed")
    with pytest.raises(Refused):
        add_evidence_file(
            entry, upload=SimpleUploadedFile("a.pdf", samples.PDF), acting_user=officer
        )
    assert ProgressEntry.objects.get(pk=entry.pk).status == "in_progress"
    assert not AuditEvent.objects.filter(action="progress.updated").exists()


def test_it_stores_a_file_privately_with_its_checksum(entry, officer):
    evidence = add_evidence_file(
        entry, upload=SimpleUploadedFile("รายงานการประชุม.pdf", samples.PDF), acting_user=officer
    )
    path = evidence.file.path
    assert path.startswith(str(settings.MEDIA_ROOT))
    assert not path.startswith(str(settings.STATIC_ROOT))
    assert Path(path).read_bytes() == samples.PDF
    assert evidence.original_name == "รายงานการประชุม.pdf"
    assert evidence.content_type == "application/pdf"
    assert evidence.sha256 == Evidence.digest(samples.PDF)
    entry.refresh_from_db()
    assert entry.has_update  # adding evidence counts as the unit's update
    event = AuditEvent.objects.get(action="evidence.added")
    assert event.after["file"] == "รายงานการประชุม.pdf"


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("ภาพกิจกรรม.pdf", samples.PNG, "mismatch"),
        ("page.html", samples.HTML, "not_allowed"),
        ("ใหญ่.pdf", samples.PDF + b"0" * (10 * 1024 * 1024), "too_large"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_it_refuses_a_wrong_file_and_stores_nothing(entry, officer, name, data, code):
    with pytest.raises(ValidationError) as caught:
        add_evidence_file(entry, upload=SimpleUploadedFile(name, data), acting_user=officer)
    assert caught.value.code == code
    assert not Evidence.objects.exists()
    stored = settings.MEDIA_ROOT / "evidence"
    assert not stored.exists() or not any(p.is_file() for p in stored.rglob("*"))
    assert not AuditEvent.objects.filter(action="evidence.added").exists()


def test_it_removes_a_file_from_disk_after_the_commit(
    entry, officer, django_capture_on_commit_callbacks
):
    evidence = add_evidence_file(
        entry, upload=SimpleUploadedFile("a.png", samples.PNG), acting_user=officer
    )
    path = evidence.file.path
    with django_capture_on_commit_callbacks(execute=True):
        remove_evidence_file(evidence, acting_user=officer)
    assert not Evidence.objects.exists()
    assert not os.path.exists(path)
    assert AuditEvent.objects.get(action="evidence.removed").before["file"] == "a.png"
