"""``export`` then ``import --replace`` keeps the evidence files, or refuses and lists what
would go (issue 10, finding 8)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from ita_tracker.audit.models import AuditEvent
from ita_tracker.planfile.reader import PlanFileError, dump_plan, read_plan_text
from ita_tracker.plans.models import Evidence
from ita_tracker.plans.planfile.exporter import export_plan
from ita_tracker.plans.planfile.importer import import_plan
from ita_tracker.plans.services.progress import add_evidence_file
from tests import samples
from tests.conftest import measure_of


@pytest.fixture
def evidence(plan_a, open_round, officer):
    entry = open_round.entries.get(measure=measure_of(plan_a, "IIT", 3))
    row = add_evidence_file(
        entry, upload=SimpleUploadedFile("ภาพกิจกรรม.pdf", samples.PDF), acting_user=officer
    )
    row.refresh_from_db()
    return row


def test_the_round_trip_keeps_evidence_rows_and_files(plan_a, evidence):
    text = dump_plan(export_plan(plan_a))
    again = import_plan(read_plan_text(text, "exported.yaml"), acting_user=None, replace=True)
    kept = Evidence.objects.get(pk=evidence.pk)  # same id: links to it still work
    assert kept.entry.round.plan == again
    assert (kept.entry.measure.tool.code, kept.entry.measure.order) == ("IIT", 3)
    assert (kept.file.name, kept.sha256, kept.uploaded_at) == (
        evidence.file.name,
        evidence.sha256,
        evidence.uploaded_at,
    )
    assert kept.file.storage.exists(kept.file.name)
    assert AuditEvent.objects.get(action="evidence.carried_over").after["kept"] == 1


def _without_that_measure(plan_a, evidence) -> str:
    """The exported plan, with the evidence's measure replaced by a different one."""
    exported = export_plan(plan_a)
    data = exported.model_dump(mode="json")
    for measure in data["measures"]:
        if measure["title"] == evidence.entry.measure.title:
            measure["title"] = "มาตรการใหม่ที่มาแทน"
    return dump_plan(exported.model_validate(data))


def test_it_refuses_to_drop_evidence_of_a_measure_the_file_no_longer_has(plan_a, evidence):
    text = _without_that_measure(plan_a, evidence)
    with pytest.raises(PlanFileError) as caught:
        import_plan(read_plan_text(text, "edited.yaml"), acting_user=None, replace=True)
    assert "ภาพกิจกรรม.pdf" in caught.value.format()
    assert "--force" in caught.value.format()
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_with_force_it_drops_them_and_deletes_their_files(
    plan_a, evidence, django_capture_on_commit_callbacks
):
    text = _without_that_measure(plan_a, evidence)
    storage, name = evidence.file.storage, evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        import_plan(read_plan_text(text, "x.yaml"), acting_user=None, replace=True, force=True)
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert not storage.exists(name)  # no orphan file
    event = AuditEvent.objects.get(action="evidence.carried_over")
    assert event.after["deleted"][0].startswith("ภาพกิจกรรม.pdf")


def test_the_command_refuses_with_exit_code_2(plan_a, evidence, tmp_path):
    path = tmp_path / "edited.yaml"
    path.write_text(_without_that_measure(plan_a, evidence), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_plan", str(path), "--replace")
    assert caught.value.returncode == 2
    assert "ภาพกิจกรรม.pdf" in str(caught.value)
