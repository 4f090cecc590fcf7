from __future__ import annotations

import pytest

from ita_tracker.audit.models import AuditEvent
from ita_tracker.audit.services import record, snapshot


def test_it_records_the_import_in_the_same_transaction(plan_a):
    event = AuditEvent.objects.get(action="plan.imported")
    assert event.object_id == str(plan_a.pk)
    assert event.agency == plan_a.agency
    assert event.after["measures"] == 10
    assert event.actor_label == "system"


def test_it_refuses_to_change_or_delete_events(plan_a):
    event = AuditEvent.objects.filter(action="plan.imported").first()
    event.action = "something.else"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(action="x")
    assert AuditEvent.objects.filter(action="plan.imported").exists()


def test_it_names_the_acting_user_and_the_changes(plan_a, coordinator):
    before = snapshot(plan_a, ["title", "state"])
    plan_a.title = "มาตรการใหม่"
    event = record(
        acting_user=coordinator,
        action="plan.updated",
        obj=plan_a,
        agency=plan_a.agency,
        before=before,
        after=snapshot(plan_a, ["title", "state"]),
    )
    assert event.actor == coordinator
    assert event.actor_label == "coordinator"
    assert event.changes() == [("title", before["title"], "มาตรการใหม่")]
    assert (
        next(iter(AuditEvent.objects.for_object(plan_a).values_list("action", flat=True)))
        == "plan.updated"
    )


def test_it_records_agency_details_changed_by_an_import(plan_a, example_plan_file):
    from ita_tracker.plans.planfile.importer import import_plan

    assert AuditEvent.objects.filter(action="agency.created", agency=plan_a.agency).exists()
    changed = example_plan_file.model_copy(deep=True)
    changed.agency.doc_prefix = "นศ ๙๙๙๙๙"
    import_plan(changed, acting_user=None, replace=True)
    event = AuditEvent.objects.get(action="agency.updated", agency=plan_a.agency)
    assert event.changes() == [("doc_prefix", "นศ ๕๓๓๐๑", "นศ ๙๙๙๙๙")]
    # Importing the same details again writes no agency row.
    import_plan(changed, acting_user=None, replace=True)
    assert AuditEvent.objects.filter(action="agency.updated", agency=plan_a.agency).count() == 1
