"""Who may open which back-office page: every GET view against every persona.

READ pages: every member of agency A and the site admin; EDIT pages: coordinator and agency
admin (others 403); MANAGE pages: agency admin only. The officer of agency B gets 404 for every
page of agency A, and 404 as well when she puts agency A's ids under her own agency's address
(forged ids). The POST actions are checked per view in tests/plans and tests/agencies.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ita_tracker.agencies.models import Membership, OrgUnit, Role, Signatory
from ita_tracker.plans.models import Evidence, Measure, ProgressEntry
from ita_tracker.plans.services.progress import add_evidence_file
from tests import samples

PERSONAS = ["coordinator", "officer", "approver", "viewer", "agency_admin", "site_admin"]
READ = dict.fromkeys(PERSONAS, 200)
EDIT = {**dict.fromkeys(PERSONAS, 403), "coordinator": 200, "agency_admin": 200}
MANAGE = {**dict.fromkeys(PERSONAS, 403), "agency_admin": 200}

VIEWS: list[tuple[str, tuple[str, ...], dict[str, int]]] = [
    ("plans:dashboard", ("year",), READ),
    ("plans:plan_list", (), READ),
    ("plans:plan_detail", ("year",), READ),
    ("plans:measure_detail", ("year", "measure_id"), READ),
    ("plans:round_detail", ("year", "round_id"), READ),
    ("plans:round_board", ("year", "round_id"), READ),
    ("plans:progress_entry", ("entry_id",), READ),
    ("plans:evidence_download", ("evidence_id",), READ),
    ("plans:my_measures", (), READ),
    ("results:result_list", (), READ),
    ("results:result_edit", ("result_year",), READ),
    ("results:result_import", (), EDIT),
    ("results:result_analysis", ("result_year",), READ),
    ("plans:plan_new", (), EDIT),
    ("plans:office_import", (), EDIT),
    ("plans:plan_export", ("year",), READ),
    ("plans:plan_edit", ("year",), EDIT),
    ("plans:measure_new", ("year",), EDIT),
    ("plans:measure_edit", ("year", "measure_id"), EDIT),
    ("plans:measure_delete", ("year", "measure_id"), EDIT),
    ("plans:round_new", ("year",), EDIT),
    ("agencies:member_list", (), MANAGE),
    ("agencies:member_new", (), MANAGE),
    ("agencies:member_edit", ("member_id",), MANAGE),
    ("agencies:member_password", ("member_id",), MANAGE),
    ("agencies:member_remove", ("member_id",), MANAGE),
    ("agencies:unit_list", (), MANAGE),
    ("agencies:unit_new", (), MANAGE),
    ("agencies:unit_edit", ("unit_id",), MANAGE),
    ("agencies:unit_delete", ("unit_id",), MANAGE),
    ("agencies:signatory_list", (), MANAGE),
    ("agencies:signatory_new", (), MANAGE),
    ("agencies:signatory_edit", ("signatory_id",), MANAGE),
    ("agencies:signatory_delete", ("signatory_id",), MANAGE),
    ("agencies:settings", (), MANAGE),
    ("agencies:audit_log", (), MANAGE),
    ("documents:signing_certificate", (), MANAGE),
    ("documents:inbox", (), READ),
    ("documents:submission", ("submission_id",), READ),
    ("documents:submit_round", ("round_id",), EDIT),
    ("documents:submit_plan", ("year",), EDIT),
    ("documents:submit_analysis", ("result_year",), EDIT),
    ("documents:submission", ("analysis_submission_id",), READ),
    ("documents:submission_preview", ("analysis_submission_id", "docx"), READ),
    ("documents:chain_list", (), EDIT),
    ("documents:chain_edit", ("kind",), EDIT),
    ("documents:chain_edit", ("analysis_kind",), EDIT),
    ("documents:register", (), MANAGE),
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


@pytest.mark.parametrize(("name", "keys", "rule"), VIEWS, ids=IDS)
def test_it_lets_in_exactly_the_roles_the_page_is_for(client, world, name, keys, rule):
    url = _url(name, "thaphae", keys, world["ids"])
    got = {}
    for persona in PERSONAS:
        client.force_login(world["users"][persona])
        got[persona] = client.get(url).status_code
    assert got == rule


@pytest.fixture
def admin_b(django_user_model, agency_b, officer_b):
    """Agency B's administrator, with a plan of the same year as agency A's."""
    from ita_tracker.frameworks.models import FiscalYear
    from ita_tracker.plans.services.plans import create_plan

    user = django_user_model.objects.create_user(username="admin-b")
    Membership.objects.create(user=user, agency=agency_b, role=Role.AGENCY_ADMIN)
    create_plan(agency=agency_b, fiscal_year=FiscalYear.objects.get(be_year=2566), acting_user=None)
    return user


@pytest.mark.parametrize(("name", "keys", "rule"), VIEWS, ids=IDS)
def test_it_answers_404_to_another_agency_even_with_forged_ids(
    client, world, admin_b, name, keys, rule
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
