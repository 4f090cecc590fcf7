"""What the units report in an open round: status, note, evidence links and files."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ita_tracker.agencies.access import authorize
from ita_tracker.audit.services import record
from ita_tracker.lib.errors import Refused
from ita_tracker.lib.states import InvalidTransition
from ita_tracker.plans.models import Evidence, ProgressEntry
from ita_tracker.plans.uploads import check_upload

PROGRESS_FIELDS = ["status", "note", "evidence_text", "urls"]
LOCKED = _("The round's report has been submitted: its progress can no longer change.")


def _state(entry: ProgressEntry) -> dict[str, Any]:
    return {
        "status": entry.status,
        "note": entry.note,
        "evidence_text": entry.evidence_text,
        "urls": list(entry.urls),
    }


def _agency(entry: ProgressEntry) -> Any:
    return entry.round.plan.agency


def _units(entry: ProgressEntry) -> set[int]:
    """The units answering for the entry's measure (a unit officer updates only theirs)."""
    return {r.unit_id for r in entry.measure.responsibilities.all()}


@transaction.atomic
def update_progress(
    entry: ProgressEntry,
    *,
    acting_user: Any,
    status: str | None = None,
    note: str | None = None,
    evidence_text: str | None = None,
    urls: list[str] | None = None,
) -> ProgressEntry:
    """Record a unit's report on one measure; fields left ``None`` keep their value.

    Saving without a change still counts as this round's update (the unit confirms the
    status). Refused once the round is locked.
    Side effects: a ``progress.updated`` audit row on the entry, with before and after.
    """
    authorize(acting_user, _agency(entry), "update_progress", responsible_unit_ids=_units(entry))
    before = _state(entry)
    try:
        entry.apply_update(
            status=entry.status if status is None else status,
            note=entry.note if note is None else note,
            evidence_text=entry.evidence_text if evidence_text is None else evidence_text,
            urls=entry.urls if urls is None else urls,
            user=acting_user,
        )
    except InvalidTransition:
        raise Refused(LOCKED) from None
    entry.save()
    record(
        acting_user=acting_user,
        action="progress.updated",
        obj=entry,
        agency=_agency(entry),
        before=before,
        after=_state(entry),
    )
    return entry


@transaction.atomic
def add_evidence_file(entry: ProgressEntry, *, upload: UploadedFile, acting_user: Any) -> Evidence:
    """Store an evidence file for the entry, privately under MEDIA_ROOT.

    The type is checked by content and the size against ``MAX_UPLOAD_BYTES``
    (``ValidationError`` otherwise, nothing stored). Adding a file counts as the unit's update.
    Side effects: the file on disk (removed again if the transaction fails) and an
    ``evidence.added`` audit row on the entry.
    """
    authorize(acting_user, _agency(entry), "update_progress", responsible_unit_ids=_units(entry))
    if entry.round.is_locked:
        raise Refused(LOCKED)
    checked = check_upload(upload)
    evidence = Evidence(
        entry=entry,
        original_name=checked.name,
        content_type=checked.kind.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    evidence.file.save(checked.name, ContentFile(checked.data), save=False)
    stored = evidence.file.name
    try:
        evidence.save()
        entry.apply_update(
            status=entry.status,
            note=entry.note,
            evidence_text=entry.evidence_text,
            urls=entry.urls,
            user=acting_user,
        )
        entry.save(update_fields=["updated_by", "updated_at"])
        record(
            acting_user=acting_user,
            action="evidence.added",
            obj=entry,
            agency=_agency(entry),
            after={
                "file": checked.name,
                "evidence_id": evidence.pk,
                "sha256": checked.sha256,
                "size": checked.size,
                "content_type": checked.kind.content_type,
            },
        )
    except BaseException:
        evidence.file.storage.delete(stored)
        raise
    # Should an outer transaction roll back later, the file stays behind as an orphan with no
    # row pointing at it: harmless, and never served (files are reached only through rows).
    return evidence


@transaction.atomic
def remove_evidence_file(evidence: Evidence, *, acting_user: Any) -> None:
    """Delete an evidence file (open rounds only). The file leaves the disk after the commit.

    Side effects: an ``evidence.removed`` audit row on the entry; the file deleted on commit.
    """
    authorize(
        acting_user,
        _agency(evidence.entry),
        "update_progress",
        responsible_unit_ids=_units(evidence.entry),
    )
    entry = evidence.entry
    if entry.round.is_locked:
        raise Refused(LOCKED)
    storage, name = evidence.file.storage, evidence.file.name
    record(
        acting_user=acting_user,
        action="evidence.removed",
        obj=entry,
        agency=_agency(entry),
        before={
            "file": evidence.original_name,
            "evidence_id": evidence.pk,
            "sha256": evidence.sha256,
        },
    )
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))
