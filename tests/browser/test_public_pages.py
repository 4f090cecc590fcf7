"""The public pages in Chromium: axe-core finds no serious or critical accessibility problem,
on a phone and on a desktop, and the page prints."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from ita_tracker.disclosure import publishing
from ita_tracker.documents.approvals import record_imported
from ita_tracker.planfile.reader import read_plan_file
from ita_tracker.plans.planfile.importer import import_plan
from tests.browser.axe import serious_violations
from tests.conftest import EXAMPLE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/thaphae/ita/2566/",
    "/thaphae/ita/2566/oit/O42/",
    "/thaphae/ita/2566/oit/O43/embed/",
    "/thaphae/ita/",
    "/ita/",
]


@pytest.fixture
def published(settings, tmp_path, transactional_db):
    settings.PUBLIC_ROOT = tmp_path / "public"
    call_command("load_frameworks", verbosity=0)  # transactional tests start from an empty DB
    plan_a = import_plan(read_plan_file(EXAMPLE), acting_user=None)
    record_imported(plan_a, acting_user=None)
    publishing.publish_year(plan_a.agency_id, 2566)
    publishing.write_site()


@pytest.fixture
def scanner(browser, live_server, published):
    contexts = []

    def make(width: int):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, base_url=live_server.url, bypass_csp=True
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", [375, 1200])
def test_it_has_no_serious_accessibility_violation(scanner, width):
    page = scanner(width)
    found = {}
    for path in PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        problems = serious_violations(page)
        if problems:
            found[path] = problems
    assert found == {}


def test_it_fits_a_phone_and_prints(scanner):
    page = scanner(375)
    page.goto("/thaphae/ita/2566/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.locator("html").get_attribute("lang") == "th"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
