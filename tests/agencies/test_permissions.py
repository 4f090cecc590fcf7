"""The permission predicates on Membership, asked without HTTP."""

from __future__ import annotations

from ita_tracker.agencies.models import Membership, OrgUnit


def _m(user):
    return Membership.objects.get(user=user)


def test_it_gives_each_role_its_rights(coordinator, officer, approver, viewer, agency_admin):
    rows = {
        "coordinator": _m(coordinator),
        "officer": _m(officer),
        "approver": _m(approver),
        "viewer": _m(viewer),
        "admin": _m(agency_admin),
    }
    table = {
        name: (m.can_edit_plan, m.can_run_rounds, m.can_approve, m.can_manage_agency)
        for name, m in rows.items()
    }
    assert table == {
        "coordinator": (True, True, False, False),
        "officer": (False, False, False, False),
        "approver": (False, False, True, False),
        "viewer": (False, False, False, False),
        "admin": (True, True, False, True),
    }


def test_it_lets_an_officer_update_only_measures_of_her_units(
    officer, coordinator, viewer, agency_a
):
    pr = OrgUnit.objects.get(agency=agency_a, name="งานประชาสัมพันธ์")
    admin = OrgUnit.objects.get(agency=agency_a, name="งานธุรการ")
    assert _m(officer).can_update_progress({pr.pk, admin.pk})
    assert not _m(officer).can_update_progress({admin.pk})
    assert not _m(officer).can_update_progress(set())
    assert _m(coordinator).can_update_progress(set())
    assert not _m(viewer).can_update_progress({pr.pk})


def test_it_counts_sections_under_a_division_as_the_divisions(django_user_model, agency_a):
    from ita_tracker.agencies.models import Role

    finance = OrgUnit.objects.get(agency=agency_a, name="กองคลัง")
    supplies = OrgUnit.objects.get(agency=agency_a, name="งานพัสดุ")
    user = django_user_model.objects.create_user(username="finance")
    membership = Membership.objects.create(user=user, agency=agency_a, role=Role.UNIT_OFFICER)
    membership.units.set([finance])
    assert membership.can_update_progress({supplies.pk})
