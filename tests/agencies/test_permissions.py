"""The role table of ``Access`` (agencies/access.py), asked without HTTP, and the services that
ask it: a service called directly by a role the table does not name refuses."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from ita_tracker.agencies.access import Access
from ita_tracker.agencies.models import Membership, OrgUnit, Role
from ita_tracker.audit.models import AuditEvent
from ita_tracker.plans.models import Evidence, ProgressEntry, RoundKind
from ita_tracker.plans.services.plans import update_plan
from ita_tracker.plans.services.progress import add_evidence_file, update_progress
from ita_tracker.plans.services.rounds import open_round
from tests import samples
from tests.conftest import measure_of


def _a(user, agency):
    return Access.of(user, agency)


def test_it_gives_each_role_its_rights(
    coordinator, officer, approver, viewer, agency_admin, site_admin, agency_a
):
    rows = {
        "coordinator": coordinator,
        "officer": officer,
        "approver": approver,
        "viewer": viewer,
        "admin": agency_admin,
        "site admin": site_admin,
    }
    actions = ("read", "edit_plan", "run_rounds", "manage_agency", "update_progress")
    table = {
        name: tuple(_a(user, agency_a).may(action) for action in actions)
        for name, user in rows.items()
    }
    assert table == {
        "coordinator": (True, True, True, False, True),
        "officer": (True, False, False, False, True),
        "approver": (True, False, False, False, False),
        "viewer": (True, False, False, False, False),
        "admin": (True, True, True, True, True),
        "site admin": (True, False, False, False, False),
    }


def test_it_knows_no_action_it_does_not_name(coordinator, agency_a):
    with pytest.raises(KeyError):
        _a(coordinator, agency_a).may("edit_everything")


def test_it_lets_an_officer_update_only_measures_of_her_units(
    officer, coordinator, viewer, agency_a
):
    pr = OrgUnit.objects.get(agency=agency_a, name="งานประชาสัมพันธ์")
    admin = OrgUnit.objects.get(agency=agency_a, name="งานธุรการ")
    assert _a(officer, agency_a).can_update_progress({pr.pk, admin.pk})
    assert not _a(officer, agency_a).can_update_progress({admin.pk})
    assert not _a(officer, agency_a).can_update_progress(set())
    assert _a(coordinator, agency_a).can_update_progress(set())
    assert not _a(viewer, agency_a).can_update_progress({pr.pk})


def test_it_counts_sections_under_a_division_as_the_divisions(django_user_model, agency_a):
    finance = OrgUnit.objects.get(agency=agency_a, name="กองคลัง")
    supplies = OrgUnit.objects.get(agency=agency_a, name="งานพัสดุ")
    user = django_user_model.objects.create_user(username="finance")
    membership = Membership.objects.create(user=user, agency=agency_a, role=Role.UNIT_OFFICER)
    membership.units.set([finance])
    assert _a(user, agency_a).can_update_progress({supplies.pk})


# --- services ask the same table: one write path, whoever calls it -------------------------


def test_a_viewer_calling_the_plan_service_directly_is_refused_and_nothing_changes(plan_a, viewer):
    title = plan_a.title
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        update_plan(plan_a, acting_user=viewer, title="แผนที่ผู้อ่านแก้")
    plan_a.refresh_from_db()
    assert plan_a.title == title
    assert AuditEvent.objects.count() == events


def test_an_officer_cannot_open_a_round_through_the_service(plan_a, officer):
    with pytest.raises(PermissionDenied):
        open_round(plan_a, kind=RoundKind.TWELVE_MONTH, acting_user=officer)
    assert not plan_a.rounds.filter(kind=RoundKind.TWELVE_MONTH).exists()


def test_an_officer_cannot_report_on_another_units_measure_through_the_service(
    plan_a, open_round, officer
):
    mine = OrgUnit.objects.get(agency=plan_a.agency, name="งานประชาสัมพันธ์")
    other = next(
        e
        for e in ProgressEntry.objects.filter(round=open_round).select_related("measure")
        if mine.pk not in {r.unit_id for r in e.measure.responsibilities.all()}
    )
    with pytest.raises(PermissionDenied):
        update_progress(other, acting_user=officer, note="ไม่ใช่งานของฉัน")
    with pytest.raises(PermissionDenied):
        add_evidence_file(
            other, upload=SimpleUploadedFile("a.pdf", samples.PDF), acting_user=officer
        )
    other.refresh_from_db()
    assert other.note != "ไม่ใช่งานของฉัน"
    assert not Evidence.objects.filter(entry=other).exists()


def test_another_agencys_member_is_refused_by_the_service(plan_a, open_round, officer_b):
    entry = open_round.entries.get(measure=measure_of(plan_a, "IIT", 1))
    with pytest.raises(PermissionDenied):
        update_progress(entry, acting_user=officer_b, note="จากหน่วยงานอื่น")


def test_a_site_admin_without_membership_changes_nothing_through_a_service(plan_a, site_admin):
    with pytest.raises(PermissionDenied):
        update_plan(plan_a, acting_user=site_admin, title="แก้โดยผู้ดูแลระบบ")
