"""The agency's digit setting holds on its screens (issue 11, ADR 0012): Thai digits in every
number a person reads on a page of an agency set to Thai digits, Arabic digits for an agency
set to Arabic digits and on every English screen. What is checked is ``tests.screens.read_text``:
text nodes and the attributes shown or read out, not form fields, code, links or Latin codes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ita_tracker.documents.models import RegisterCounter
from ita_tracker.plans.models import ProgressEntry
from ita_tracker.plans.services.progress import add_evidence_file, update_progress
from tests import samples
from tests.conftest import measure_of
from tests.screens import ARABIC_NUMBER, THAI_NUMBER, read_text


@pytest.fixture
def pages(coordinator, officer, agency_admin, draft_plan, open_round):
    """(user, address) for the main pages of agency A, each role's own pages with it."""
    plan = open_round.plan
    entry = ProgressEntry.objects.get(round=open_round, measure=measure_of(plan, "IIT", 3))
    update_progress(entry, acting_user=officer, status="completed", note="เสร็จแล้ว 3 ครั้ง")
    add_evidence_file(entry, upload=SimpleUploadedFile("a.pdf", samples.PDF), acting_user=officer)
    measure = entry.measure
    coordinator_pages = [
        "/",
        "/a/thaphae/dashboard/2566/",
        "/a/thaphae/plans/",
        "/a/thaphae/plans/2566/",
        f"/a/thaphae/plans/2566/measures/{measure.pk}/",
        f"/a/thaphae/plans/2566/measures/{measure.pk}/edit/",
        "/a/thaphae/plans/new/",
        "/a/thaphae/plans/2566/rounds/new/",
        f"/a/thaphae/plans/2566/rounds/{open_round.pk}/",
        f"/a/thaphae/plans/2566/rounds/{open_round.pk}/board/",
        f"/a/thaphae/progress/{entry.pk}/",
        "/a/thaphae/results/",
        "/a/thaphae/results/2565/",
        "/accounts/password/change/",
    ]
    admin_pages = [
        "/a/thaphae/history/",
        "/a/thaphae/members/",
        "/a/thaphae/units/",
        "/a/thaphae/settings/",
        "/a/thaphae/documents/register/",
    ]
    return (
        [(coordinator, url) for url in coordinator_pages]
        + [(officer, "/a/thaphae/my-measures/")]
        + [(agency_admin, url) for url in admin_pages]
    )


def _board(client, pages):
    user, url = next((user, url) for user, url in pages if url.endswith("/board/"))
    client.force_login(user)
    return read_text(client.get(url).content.decode())


def _numbers(client, pages, pattern):
    found = {}
    for user, url in pages:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        numbers = pattern.findall(read_text(response.content.decode()))
        if numbers:
            found[url] = numbers
    return found


def test_it_writes_the_screens_of_a_thai_digit_agency_in_thai_digits(client, agency_a, pages):
    assert agency_a.thai_digits
    assert _numbers(client, pages, ARABIC_NUMBER) == {}
    board = _board(client, pages)
    assert "รอบ ๑๒ เดือน" in board
    assert "๒๕๖๖" in board


def test_it_writes_the_screens_of_an_arabic_digit_agency_in_arabic_digits(client, agency_a, pages):
    agency_a.thai_digits = False
    agency_a.save(update_fields=["thai_digits"])
    assert _numbers(client, pages, THAI_NUMBER) == {}
    board = _board(client, pages)
    assert "รอบ 12 เดือน" in board
    assert "2566" in board


def test_it_writes_english_screens_in_arabic_digits(client, agency_a, pages):
    assert agency_a.thai_digits
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert _numbers(client, pages, THAI_NUMBER) == {}


def test_it_keeps_addresses_and_typed_text_and_writes_date_boxes_in_the_setting(
    client, coordinator, draft_plan
):
    measure = measure_of(draft_plan, "IIT", 3)
    measure.title = "มาตรการที่ 3 ของปี 2566"  # typed by a person: kept in the box as typed
    measure.save(update_fields=["title"])
    client.force_login(coordinator)
    page = client.get(f"/a/thaphae/plans/2566/measures/{measure.pk}/edit/").content.decode()
    assert 'href="/a/thaphae/plans/2566/"' in page
    assert ">\nมาตรการที่ 3 ของปี 2566</textarea>" in page
    assert 'name="period_start" value="๑๐/๒๕๖๕"' in page  # a date the system wrote
    shown = client.get(f"/a/thaphae/plans/2566/measures/{measure.pk}/").content.decode()
    assert "มาตรการที่ ๓ ของปี ๒๕๖๖" in read_text(shown)  # the same text read, not typed


def test_it_accepts_thai_digits_in_a_number_and_keeps_what_was_typed(
    client, agency_admin, agency_a
):
    client.force_login(agency_admin)
    page = client.post("/a/thaphae/documents/register/", {"last_number": "๑๒๓๔๕๖๗"})
    assert 'value="๑๒๓๔๕๖๗"' in page.content.decode()  # refused (too big), shown as typed
    assert not RegisterCounter.objects.filter(agency=agency_a, last_number__gt=0).exists()
    response = client.post("/a/thaphae/documents/register/", {"last_number": "๑๒"}, follow=True)
    assert RegisterCounter.objects.get(agency=agency_a).last_number == 12
    assert "เลขล่าสุดที่ออกแล้ว: ๑๒" in read_text(response.content.decode())
