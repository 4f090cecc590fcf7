"""No Christian-era year reaches the screen: every main page, read as its visible text and
its input values, holds no 20xx year."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.core.files.uploadedfile import SimpleUploadedFile

from ita_tracker.lib.thai_digits import to_arabic_digits
from ita_tracker.plans.models import Evidence, ProgressEntry
from ita_tracker.plans.services.progress import add_evidence_file, update_progress
from tests import samples
from tests.conftest import measure_of

GREGORIAN = re.compile(r"(?<!\d)20\d{2}(?!\d)")


class _Visible(HTMLParser):
    """The text a person sees: text nodes (not scripts or styles), and the values, labels
    and titles of form fields."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        attributes = dict(attrs)
        if tag in ("input", "textarea", "option") and attributes.get("type") != "hidden":
            self.parts.append(attributes.get("value") or "")
        for name in ("placeholder", "title", "aria-label", "alt"):
            self.parts.append(attributes.get(name) or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _visible(html: str) -> str:
    """Read with Arabic digits, so that a year in Thai digits (an agency's setting) counts."""
    parser = _Visible()
    parser.feed(html)
    return to_arabic_digits(" ".join(parser.parts))


def test_it_shows_no_gregorian_year_on_the_main_pages(
    client, coordinator, officer, agency_admin, draft_plan, open_round
):
    plan = open_round.plan
    entry = ProgressEntry.objects.get(round=open_round, measure=measure_of(plan, "IIT", 3))
    update_progress(entry, acting_user=officer, status="completed", note="เสร็จแล้ว")
    add_evidence_file(entry, upload=SimpleUploadedFile("a.pdf", samples.PDF), acting_user=officer)
    measure = entry.measure
    pages = [
        "/",
        "/a/thaphae/dashboard/2566/",
        "/a/thaphae/plans/",
        "/a/thaphae/plans/2566/",
        f"/a/thaphae/plans/2566/measures/{measure.pk}/",
        f"/a/thaphae/plans/2566/measures/{measure.pk}/edit/",
        "/a/thaphae/plans/2566/rounds/new/",
        f"/a/thaphae/plans/2566/rounds/{open_round.pk}/",
        f"/a/thaphae/plans/2566/rounds/{open_round.pk}/board/",
        f"/a/thaphae/progress/{entry.pk}/",
        "/a/thaphae/results/",
        "/a/thaphae/results/2565/",
    ]
    client.force_login(coordinator)
    leaks = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found = GREGORIAN.findall(_visible(response.content.decode()))
        if found:
            leaks[url] = found
    client.force_login(officer)
    found = GREGORIAN.findall(_visible(client.get("/a/thaphae/my-measures/").content.decode()))
    if found:
        leaks["/a/thaphae/my-measures/"] = found
    client.force_login(agency_admin)
    for url in ("/a/thaphae/history/", "/a/thaphae/members/", "/a/thaphae/settings/"):
        found = GREGORIAN.findall(_visible(client.get(url).content.decode()))
        if found:
            leaks[url] = found
    assert Evidence.objects.exists()
    assert leaks == {}


def test_the_scan_would_see_a_leak():
    assert GREGORIAN.findall(_visible('<p>3 April 2023</p><input value="3/4/2023">')) == [
        "2023",
        "2023",
    ]
    assert GREGORIAN.findall(_visible("<p>ปี 2566, 70.33 คะแนน, 100%</p>")) == []
    assert GREGORIAN.findall(_visible("<p>๓ เมษายน ๒๐๒๓</p>")) == ["2023"]
