"""Thai screens show no English from the project or from Django, English screens no Thai
wording of the project; errors are in one language, not ``ไทย / English`` (ADR 0012)."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ita_tracker.agencies.models import Membership, OrgUnit, Role
from ita_tracker.plans.models import ProgressEntry
from tests.conftest import PASSWORD, measure_of
from tests.screens import english_words, visible_text

THAI = re.compile(r"[\u0e00-\u0e7f]")


def _english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


@pytest.fixture
def entry(open_round):
    return ProgressEntry.objects.get(
        round=open_round, measure=measure_of(open_round.plan, "IIT", 3)
    )


def test_it_refuses_a_bad_evidence_file_in_thai_only(client, officer, entry):
    client.force_login(officer)
    page = client.post(
        f"/a/thaphae/progress/{entry.pk}/files/",
        {f"f{entry.pk}-file": SimpleUploadedFile("page.html", b"<html><script>x</script></html>")},
        follow=True,
    ).content.decode()
    assert "ใช้ไฟล์ประเภทนี้เป็นหลักฐานไม่ได้" in page
    assert "This kind of file" not in page
    assert english_words(page, {"officer"}) == []


def test_it_refuses_a_bad_evidence_file_in_english_only(client, officer, entry):
    client.force_login(officer)
    _english(client)
    page = client.post(
        f"/a/thaphae/progress/{entry.pk}/files/",
        {f"f{entry.pk}-file": SimpleUploadedFile("page.html", b"<html><script>x</script></html>")},
        follow=True,
    ).content.decode()
    assert "This kind of file cannot be used as evidence" in page
    assert "ใช้ไฟล์ประเภทนี้เป็นหลักฐานไม่ได้" not in page


def test_it_explains_password_rules_in_thai(client, coordinator):
    client.force_login(coordinator)
    page = client.get("/accounts/password/change/").content.decode()
    assert english_words(page, {"coordinator"}) == []
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "password", "new_password2": "password"},
    )
    page = response.content.decode()
    assert "รหัสผ่านนี้เป็นรหัสผ่านที่คนใช้กันมาก" in page
    assert english_words(page, {"coordinator"}) == []


def test_it_shows_thai_dates_in_english_with_english_months_and_rounds(
    client, coordinator, open_round
):
    client.force_login(coordinator)
    _english(client)
    page = client.get(f"/a/thaphae/plans/2566/rounds/{open_round.pk}/board/").content.decode()
    text = visible_text(page)
    assert "12-month round" in text
    assert "รอบ ๑๒ เดือน" not in text
    assert "Fiscal year B.E. 2566" in text  # the breadcrumb
    assert not re.search(r"\b20[0-9][0-9]\b", text)  # still the Buddhist era
    dashboard = client.get("/a/thaphae/dashboard/2566/").content.decode()
    heading = visible_text(dashboard.split("<h1>", 1)[1].split("</h1>", 1)[0])
    assert heading == "Dashboard · fiscal year B.E. 2566"


def test_it_names_the_other_language_in_that_language(client, coordinator):
    client.force_login(coordinator)
    page = client.get("/a/thaphae/dashboard/2566/").content.decode()
    assert ">English</button>" in page
    assert "อังกฤษ" not in page
    _english(client)
    page = client.get("/a/thaphae/dashboard/2566/").content.decode()
    assert ">ภาษาไทย</button>" in page


def test_it_counts_one_measure_in_the_singular(client, coordinator, agency_a, open_round):
    # Every measure but one reported: "1 measure has no update yet".
    entries = list(ProgressEntry.objects.filter(round=open_round))
    for e in entries[1:]:
        e.updated_at = timezone.now()
    ProgressEntry.objects.bulk_update(entries[1:], ["updated_at"])
    client.force_login(coordinator)
    _english(client)
    page = visible_text(client.get("/a/thaphae/dashboard/2566/").content.decode())
    assert "1 measure has no update yet" in page
    assert "1 measures" not in page


def test_it_shows_the_admin_in_thai_with_buddhist_era_dates(client, site_admin):
    client.force_login(site_admin)
    page = client.get("/admin/frameworks/fiscalyear/").content.decode()
    text = visible_text(page)
    assert "การจัดการ Django" not in text
    assert "ITA Tracker" in text
    assert "2566" in text
    assert "ตุลาคม 2565" in text
    assert not re.search(r"\b20[0-9][0-9]\b", text)


def test_it_refuses_a_password_like_the_user_name(client, agency_admin):
    Membership.objects.filter(user=agency_admin).update(role=Role.AGENCY_ADMIN)
    client.force_login(agency_admin)
    unit = OrgUnit.objects.get(agency__slug="thaphae", name="งานประชาสัมพันธ์")
    for password in ("officer-pr", "Officer-pr2566"):
        response = client.post(
            "/a/thaphae/members/new/",
            {
                "username": "officer-pr",
                "password": password,
                "role": Role.UNIT_OFFICER,
                "units": [unit.pk],
            },
        )
        assert response.status_code == 200, password
        assert "รหัสผ่านคล้ายกับชื่อผู้ใช้ของบัญชีมากเกินไป" in response.content.decode()
    assert not Membership.objects.filter(user__username="officer-pr").exists()


def test_it_refuses_a_password_like_the_user_name_when_the_admin_sets_it(
    client, agency_admin, officer
):
    Membership.objects.filter(user=agency_admin).update(role=Role.AGENCY_ADMIN)
    client.force_login(agency_admin)
    member = Membership.objects.get(user=officer)
    response = client.post(f"/a/thaphae/members/{member.pk}/password/", {"password": "officer"})
    assert "รหัสผ่านคล้ายกับ" in response.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_it_shows_a_broken_templates_problems_in_one_language_without_jinja(client, coordinator):
    import io

    from docx import Document

    document = Document()
    document.add_paragraph("{{ memo.subjekt }} {% for x in %}")
    data = io.BytesIO()
    document.save(data)
    client.force_login(coordinator)
    page = client.post(
        "/a/thaphae/documents/templates/",
        {"kind": "progress_report", "file": SimpleUploadedFile("bad.docx", data.getvalue())},
    ).content.decode()
    problems = visible_text(page.split('class="card errors"', 1)[1].split("</section>", 1)[0])
    assert THAI.search(problems)
    assert "Jinja" not in problems
    assert " / " not in problems
