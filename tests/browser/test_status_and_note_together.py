"""An officer who picks a status and presses "save note and links" at once (before the
status's own save, 1.2 s after the change, has gone) keeps both: the note's save carries
the status chosen."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from ita_tracker.agencies.models import Membership, OrgUnit, Role
from ita_tracker.planfile.reader import read_plan_file
from ita_tracker.plans.models import ProgressEntry, RoundKind
from ita_tracker.plans.planfile.importer import import_plan
from ita_tracker.plans.services.rounds import open_round
from tests.browser.conftest import log_in
from tests.conftest import EXAMPLE, measure_of

PASSWORD = "correct horse battery staple"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def entry(django_user_model):
    call_command("load_frameworks", verbosity=0)
    plan = import_plan(read_plan_file(EXAMPLE), acting_user=None)
    round_ = open_round(plan, kind=RoundKind.TWELVE_MONTH, acting_user=None)
    user = django_user_model.objects.create_user(username="pr", password=PASSWORD)
    membership = Membership.objects.create(user=user, agency=plan.agency, role=Role.UNIT_OFFICER)
    membership.units.set(OrgUnit.objects.filter(agency=plan.agency, name="งานประชาสัมพันธ์"))
    return ProgressEntry.objects.get(round=round_, measure=measure_of(plan, "IIT", 3))


def test_the_note_save_keeps_the_status_just_chosen(entry, open_page):
    page = open_page(width=1366)
    log_in(page, "pr", PASSWORD)
    page.goto("/a/thaphae/my-measures/")
    page.wait_for_load_state("load")
    card = page.locator(f"#entry-{entry.pk}")
    before = entry.status
    wanted = "in_progress" if before != "in_progress" else "completed"
    label = {"in_progress": "อยู่ระหว่างดำเนินการ", "completed": "ดำเนินการเสร็จเรียบร้อยแล้ว"}
    card.get_by_label(label[wanted], exact=True).check()
    card.get_by_label("ผลการดำเนินงาน").fill("จัดทำหนังสือเวียนแล้ว")
    card.get_by_role("button", name="บันทึกผลการดำเนินงานและลิงก์").click()
    page.locator(f"#entry-{entry.pk}").get_by_text("บันทึกแล้ว").first.wait_for()
    page.wait_for_timeout(1500)  # past the status form's own delay: nothing else is sent
    entry.refresh_from_db()
    assert entry.note == "จัดทำหนังสือเวียนแล้ว"
    assert entry.status == wanted
    page.reload()
    assert page.locator(f"#entry-{entry.pk}").get_by_label(label[wanted], exact=True).is_checked()
