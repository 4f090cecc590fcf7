"""Who may open which back-office page: every GET view against every persona, the expected
answer read from the role table of ``Access`` (agencies/access.py), the one place that decides.

Each row names the action its view requires (``agency_view(require=…)``, checked against the
view itself); a persona whose role the table names for it gets 200, the others 403 (a site
administrator without a membership: reading only). Every agency page declares an action the
table knows. The officer of agency B gets 404 for every page of agency A, and 404 as well when
she puts agency A's ids under her own agency's address (forged ids). The POST actions are
checked per view in tests/plans and tests/agencies, and per service in
tests/agencies/test_permissions.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import get_resolver, resolve, reverse

from ita_tracker.agencies.access import ACTIONS, SITE_ADMIN_ACTIONS
from ita_tracker.agencies.models import Membership, OrgUnit, Role, Signatory
from ita_tracker.plans.models import Evidence, Measure, ProgressEntry
from ita_tracker.plans.services.progress import add_evidence_file
from tests import samples

ROLES = {
    "coordinator": Role.COORDINATOR,
    "officer": Role.UNIT_OFFICER,
    "approver": Role.APPROVER,
    "viewer": Role.VIEWER,
    "agency_admin": Role.AGENCY_ADMIN,
    "site_admin": None,
}
PERSONAS = list(ROLES)


def expected(action: str) -> dict[str, int]:
    """The answer each persona should get, from the table alone."""
    return {
        persona: 200
        if (action in SITE_ADMIN_ACTIONS if role is None else role in ACTIONS[action])
        else 403
        for persona, role in ROLES.items()
    }


VIEWS: list[tuple[str, tuple[str, ...], str]] = [
    ("plans:dashboard", ("year",), "read"),
    ("plans:plan_list", (), "read"),
    ("plans:plan_detail", ("year",), "read"),
    ("plans:measure_detail", ("year", "measure_id"), "read"),
    ("plans:round_detail", ("year", "round_id"), "read"),
    ("plans:round_board", ("year", "round_id"), "read"),
    ("plans:progress_entry", ("entry_id",), "read"),
    ("plans:evidence_download", ("evidence_id",), "read"),
    ("plans:my_measures", (), "read"),
    ("results:result_list", (), "read"),
    ("results:result_edit", ("result_year",), "read"),
    ("results:result_import", (), "edit_plan"),
    ("results:result_analysis", ("result_year",), "read"),
    ("plans:plan_new", (), "edit_plan"),
    ("plans:office_import", (), "edit_plan"),
    ("plans:plan_export", ("year",), "read"),
    ("plans:plan_edit", ("year",), "edit_plan"),
    ("plans:measure_new", ("year",), "edit_plan"),
    ("plans:measure_edit", ("year", "measure_id"), "edit_plan"),
    ("plans:measure_delete", ("year", "measure_id"), "edit_plan"),
    ("plans:round_new", ("year",), "run_rounds"),
    ("agencies:member_list", (), "manage_agency"),
    ("agencies:member_new", (), "manage_agency"),
    ("agencies:member_edit", ("member_id",), "manage_agency"),
    ("agencies:member_password", ("member_id",), "manage_agency"),
    ("agencies:member_remove", ("member_id",), "manage_agency"),
    ("agencies:unit_list", (), "manage_agency"),
    ("agencies:unit_new", (), "manage_agency"),
    ("agencies:unit_edit", ("unit_id",), "manage_agency"),
    ("agencies:unit_delete", ("unit_id",), "manage_agency"),
    ("agencies:signatory_list", (), "manage_agency"),
    ("agencies:signatory_new", (), "manage_agency"),
    ("agencies:signatory_edit", ("signatory_id",), "manage_agency"),
    ("agencies:signatory_delete", ("signatory_id",), "manage_agency"),
    ("agencies:settings", (), "manage_agency"),
    ("agencies:audit_log", (), "manage_agency"),
    ("documents:signing_certificate", (), "manage_signing"),
    ("documents:inbox", (), "read"),
    ("documents:submission", ("submission_id",), "read"),
    ("documents:submit_round", ("round_id",), "run_rounds"),
    ("documents:submit_plan", ("year",), "edit_plan"),
    ("documents:submit_analysis", ("result_year",), "edit_plan"),
    ("documents:submission", ("analysis_submission_id",), "read"),
    ("documents:submission_preview", ("analysis_submission_id", "docx"), "read"),
    ("documents:chain_list", (), "manage_chains"),
    ("documents:chain_edit", ("kind",), "manage_chains"),
    ("documents:chain_edit", ("analysis_kind",), "manage_chains"),
    ("documents:register", (), "manage_agency"),
]


@pytest.fixture
def world(
    draft_plan,
    open_round,
    coordinator,
    officer,
    approver,
    viewer,
    agency_admin,
    site_admin,
    officer_b,
    chain_a,
    analysis_chain,
    analysed,
) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ita_tracker.documents.approvals import submit_analysis, submit_round_report

    entry = ProgressEntry.objects.filter(round=open_round).first()
    add_evidence_file(entry, upload=SimpleUploadedFile("a.pdf", samples.PDF), acting_user=None)
    agency = draft_plan.agency
    return {
        "users": {
            "coordinator": coordinator,
            "officer": officer,
            "approver": approver,
            "viewer": viewer,
            "agency_admin": agency_admin,
            "site_admin": site_admin,
            "officer_b": officer_b,
        },
        "ids": {
            "year": draft_plan.fiscal_year.be_year,
            "result_year": draft_plan.fiscal_year.be_year - 1,
            "measure_id": Measure.objects.filter(plan=draft_plan).first().pk,
            "round_id": open_round.pk,
            "entry_id": entry.pk,
            "evidence_id": Evidence.objects.get().pk,
            "member_id": Membership.objects.get(agency=agency, user=officer).pk,
            "unit_id": OrgUnit.objects.filter(agency=agency, name="กองช่าง").get().pk,
            "signatory_id": Signatory.objects.filter(agency=agency).first().pk,
            "submission_id": submit_round_report(open_round, acting_user=coordinator).pk,
            "kind": "progress_report",
            "analysis_kind": "analysis_report",
            "analysis_submission_id": submit_analysis(
                agency, draft_plan.fiscal_year.be_year - 1, acting_user=coordinator
            ).pk,
            "docx": "docx",
        },
    }


def _url(name: str, slug: str, keys: tuple[str, ...], ids: dict[str, Any]) -> str:
    kwargs: dict[str, Any] = {"agency_slug": slug}
    names = {
        "result_year": "year",
        "analysis_submission_id": "submission_id",
        "analysis_kind": "kind",
        "docx": "fmt",
    }
    for key in keys:
        kwargs[names.get(key, key)] = ids[key]
    return reverse(name, kwargs=kwargs)


IDS = [f"{v[0]}[{','.join(v[1])}]" for v in VIEWS]


@pytest.mark.parametrize(("name", "keys", "action"), VIEWS, ids=IDS)
def test_it_lets_in_exactly_the_roles_the_page_is_for(client, world, name, keys, action):
    url = _url(name, "thaphae", keys, world["ids"])
    assert resolve(url).func.required_action == action  # type: ignore[attr-defined]
    got = {}
    for persona in PERSONAS:
        client.force_login(world["users"][persona])
        got[persona] = client.get(url).status_code
    assert got == expected(action)


def _agency_urls() -> list[tuple[str, Any]]:
    """(name, view) of every back-office URL under /a/<agency_slug>/ (the public site aside)."""
    found = []

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                inner = pattern.namespace or ""
                name = f"{namespace}:{inner}".strip(":") if inner else namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), name)
            elif "agency_slug" in prefix + str(pattern.pattern) and namespace != "public":
                found.append((f"{namespace}:{pattern.name}", pattern.callback))

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_agency_page_declares_an_action_of_the_table():
    urls = _agency_urls()
    assert len(urls) > 50
    undeclared = [name for name, view in urls if not hasattr(view, "required_action")]
    assert undeclared == []
    assert {view.required_action for _, view in urls} <= set(ACTIONS)


@pytest.fixture
def admin_b(django_user_model, agency_b, officer_b):
    """Agency B's administrator, with a plan of the same year as agency A's."""
    from ita_tracker.frameworks.models import FiscalYear
    from ita_tracker.plans.services.plans import create_plan

    user = django_user_model.objects.create_user(username="admin-b")
    Membership.objects.create(user=user, agency=agency_b, role=Role.AGENCY_ADMIN)
    create_plan(agency=agency_b, fiscal_year=FiscalYear.objects.get(be_year=2566), acting_user=None)
    return user


@pytest.mark.parametrize(("name", "keys", "action"), VIEWS, ids=IDS)
def test_it_answers_404_to_another_agency_even_with_forged_ids(
    client, world, admin_b, name, keys, action
):
    for user in (world["users"]["officer_b"], admin_b):
        client.force_login(user)
        assert client.get(_url(name, "thaphae", keys, world["ids"])).status_code == 404
    if any(key.endswith("_id") for key in keys):
        # Agency A's ids under agency B's own address, asked by B's administrator (who passes
        # every role check there): the objects are still not hers.
        assert client.get(_url(name, "agency-b", keys, world["ids"])).status_code == 404


def test_it_hides_an_agency_that_does_not_exist(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/a/no-such-agency/").status_code == 404
