"""The main pages fit a phone 380 px wide without sideways scrolling, and the keyboard focus
is visible."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from ita_tracker.agencies.models import Membership, OrgUnit, Role
from ita_tracker.planfile.reader import read_plan_file
from ita_tracker.plans.models import RoundKind
from ita_tracker.plans.planfile.importer import import_plan
from ita_tracker.plans.services.rounds import open_round
from tests.browser.conftest import log_in
from tests.conftest import EXAMPLE

PASSWORD = "correct horse battery staple"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tha_phae(django_user_model):
    call_command("load_frameworks", verbosity=0)
    plan = import_plan(read_plan_file(EXAMPLE), acting_user=None)
    round_ = open_round(plan, kind=RoundKind.TWELVE_MONTH, acting_user=None)
    user = django_user_model.objects.create_user(username="pr", password=PASSWORD)
    membership = Membership.objects.create(user=user, agency=plan.agency, role=Role.UNIT_OFFICER)
    membership.units.set(OrgUnit.objects.filter(agency=plan.agency, name="งานประชาสัมพันธ์"))
    coordinator = django_user_model.objects.create_user(username="co", password=PASSWORD)
    Membership.objects.create(user=coordinator, agency=plan.agency, role=Role.COORDINATOR)
    return round_


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_it_fits_a_phone(tha_phae, open_page):
    officer = open_page(width=380)
    log_in(officer, "pr", PASSWORD)
    officer.goto("/a/thaphae/my-measures/")
    assert officer.locator("article.progress-card").count() == 4
    assert _overflow(officer) <= 0
    coordinator = open_page(width=380)
    log_in(coordinator, "co", PASSWORD)
    for url in (
        "/a/thaphae/dashboard/2566/",
        "/a/thaphae/plans/2566/",
        f"/a/thaphae/plans/2566/rounds/{tha_phae.pk}/board/",
        "/a/thaphae/results/2565/",
    ):
        coordinator.goto(url)
        assert _overflow(coordinator) <= 0, url


def test_it_shows_where_the_keyboard_focus_is(tha_phae, open_page):
    page = open_page()
    log_in(page, "co", PASSWORD)
    page.goto("/a/thaphae/plans/2566/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; })()"
    )
    assert outline[0] != "none"
    assert outline[1] != "0px"
