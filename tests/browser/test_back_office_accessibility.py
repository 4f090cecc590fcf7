"""The back office in Chromium, for every role, at desktop (1366×768) and phone (390×844) size:
axe-core finds no serious or critical accessibility problem on any page the role uses; errors
are summarised at the top of a form with focus on the summary; focus stays on the status
choice after an htmx save. Moderate findings are listed in docs/accessibility.md."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from ita_tracker.agencies.models import Membership, OrgUnit, Role, Signatory
from ita_tracker.documents.approvals import submit_round_report
from ita_tracker.documents.chains import StepSpec, set_chain
from ita_tracker.frameworks.models import FiscalYear
from ita_tracker.planfile.reader import read_plan_file
from ita_tracker.plans.models import Measure, ProgressEntry, RoundKind
from ita_tracker.plans.planfile.importer import import_plan
from ita_tracker.plans.services.plans import clone_plan
from ita_tracker.plans.services.rounds import open_round
from tests.browser.axe import serious_violations
from tests.browser.conftest import log_in
from tests.conftest import EXAMPLE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}


@pytest.fixture
def world(django_user_model) -> dict[str, Any]:
    call_command("load_frameworks", verbosity=0)  # transactional tests start from an empty DB
    plan = import_plan(read_plan_file(EXAMPLE), acting_user=None)
    agency = plan.agency
    users = {}
    for username, role in [
        ("co", Role.COORDINATOR),
        ("pr", Role.UNIT_OFFICER),
        ("head", Role.APPROVER),
        ("boss", Role.AGENCY_ADMIN),
        ("reader", Role.VIEWER),
    ]:
        user = django_user_model.objects.create_user(
            username=username, password=PASSWORD, first_name="สมใจ", last_name=username
        )
        membership = Membership.objects.create(user=user, agency=agency, role=role)
        if role == Role.UNIT_OFFICER:
            membership.units.set(OrgUnit.objects.filter(agency=agency, name="งานประชาสัมพันธ์"))
        users[username] = user
    head = Membership.objects.get(user=users["head"])
    head.signatory, _ = Signatory.objects.get_or_create(
        agency=agency, name="นางสายฝน ยกชู", position="หัวหน้าสำนักปลัดเทศบาล"
    )
    head.save()
    for kind in ("progress_report", "measures_plan"):
        set_chain(
            agency=agency,
            kind=kind,
            steps=[StepSpec(heading="ความเห็น", position="หัวหน้าสำนักปลัดเทศบาล", holder=head)],
            acting_user=None,
        )
    twelve = open_round(plan, kind=RoundKind.TWELVE_MONTH, acting_user=None)
    # A draft of the next year: its measures have the move buttons and the edit links.
    clone_plan(plan, fiscal_year=FiscalYear.objects.get(be_year=2567), acting_user=None)
    measure = Measure.objects.filter(plan=plan).order_by("tool__order", "order").first()
    entry = ProgressEntry.objects.get(
        round=twelve,
        measure__responsibilities__unit__name="งานประชาสัมพันธ์",
        measure__order=3,
        measure__tool__code="IIT",
    )
    unit = OrgUnit.objects.filter(agency=agency).first()
    signatory = Signatory.objects.filter(agency=agency).first()
    member = Membership.objects.get(user=users["pr"])
    a = "/a/thaphae"
    common = [f"{a}/dashboard/2566/", f"{a}/plans/", f"{a}/plans/2566/"]
    pages = {
        "co": [
            *common,
            f"{a}/plans/new/",
            f"{a}/plans/2567/",
            f"{a}/plans/2567/edit/",
            f"{a}/plans/2567/measures/new/",
            f"{a}/plans/2566/measures/{measure.pk}/",
            f"{a}/plans/2566/rounds/{twelve.pk}/",
            f"{a}/plans/2566/rounds/{twelve.pk}/board/",
            f"{a}/progress/{entry.pk}/",
            f"{a}/results/",
            f"{a}/documents/templates/",
            f"{a}/documents/chains/",
            f"{a}/documents/chains/progress_report/",
            "/accounts/password/change/",
        ],
        "pr": [f"{a}/dashboard/2566/", f"{a}/my-measures/", f"{a}/progress/{entry.pk}/"],
        "boss": [
            f"{a}/members/",
            f"{a}/members/new/",
            f"{a}/members/{member.pk}/",
            f"{a}/units/",
            f"{a}/units/{unit.pk}/",
            f"{a}/signatories/",
            f"{a}/signatories/{signatory.pk}/" if signatory else f"{a}/signatories/new/",
            f"{a}/settings/",
            f"{a}/history/",
            f"{a}/documents/signing/",
            f"{a}/documents/register/",
        ],
        "reader": [*common, f"{a}/plans/2566/rounds/{twelve.pk}/board/"],
    }

    def approver_pages() -> list[str]:
        """Submitted last, as it locks the round the other roles work in."""
        submission = submit_round_report(twelve, acting_user=users["co"])
        return [
            f"{a}/documents/inbox/",
            f"{a}/documents/submissions/{submission.pk}/",
            f"{a}/plans/2566/rounds/{twelve.pk}/",
        ]

    return {"pages": pages, "approver_pages": approver_pages, "entry": entry}


@pytest.mark.parametrize("size", list(SIZES))
def test_it_has_no_serious_accessibility_violation_for_any_role(browser, live_server, world, size):
    width, height = SIZES[size]
    found: dict[str, list[str]] = {}
    roles = [*world["pages"].items(), ("head", world["approver_pages"])]
    for username, paths in roles:
        if callable(paths):
            paths = paths()
        context = browser.new_context(
            viewport={"width": width, "height": height}, base_url=live_server.url
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        try:
            log_in(page, username, PASSWORD)
            for path in paths:
                response = page.goto(path)
                assert response is not None
                assert response.status == 200, (username, path, response.status)
                problems = serious_violations(page, experimental=True)
                if problems:
                    found[f"{username} {path}"] = problems
        finally:
            context.close()
    assert found == {}


def test_it_summarises_form_errors_at_the_top_and_moves_focus_there(browser, live_server, world):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, base_url=live_server.url)
    page = context.new_page()
    try:
        log_in(page, "boss", PASSWORD)
        page.goto("/a/thaphae/units/new/")
        page.get_by_role("button", name="บันทึก").click()
        page.wait_for_selector(".error-summary")
        focused = page.evaluate("document.activeElement.className")
        assert "error-summary" in focused
        summary = page.locator(".error-summary")
        assert summary.locator("a").count() >= 1
        assert "ชื่อ" in summary.inner_text()
    finally:
        context.close()


def test_it_keeps_focus_on_the_status_choice_after_saving(browser, live_server, world):
    entry = world["entry"]
    context = browser.new_context(viewport={"width": 1366, "height": 768}, base_url=live_server.url)
    page = context.new_page()
    try:
        log_in(page, "pr", PASSWORD)
        page.goto(f"/a/thaphae/progress/{entry.pk}/")
        radio = page.locator(f"#entry-{entry.pk}-status input[type=radio]").first
        radio.focus()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")  # two presses inside the pause: one save
        with page.expect_response(lambda r: "/status/" in r.url):
            pass
        page.wait_for_timeout(300)
        tag = page.evaluate("document.activeElement.tagName + ':' + document.activeElement.type")
        assert tag == "INPUT:radio"
    finally:
        context.close()
    entry.refresh_from_db()
    assert entry.has_update
