"""A form with errors shows a summary at the top of the page, rendered on the server (so it is
there without JavaScript), each error a link to its field, in the screen's language."""

from __future__ import annotations

import re

from ita_tracker.agencies.models import OrgUnit
from tests.screens import visible_text

THAI = re.compile(r"[\u0e00-\u0e7f]")


def _main(html: str) -> str:
    return html.split('<main id="main">', 1)[1].split("</main>", 1)[0]


def _summary(html: str) -> str:
    main = _main(html)
    match = re.match(r'\s*(<div class="error-summary".*?</div>)', main, re.DOTALL)
    assert match, "no error summary at the top of the page's main part"
    return match.group(1)


def test_it_summarises_the_errors_at_the_top_with_links_to_the_fields(
    client, agency_admin, agency_a
):
    client.force_login(agency_admin)
    response = client.post("/a/thaphae/units/new/", {"name": "", "order": "x"})
    assert response.status_code == 200
    page = response.content.decode()
    summary = _summary(page)  # first in <main>: above the heading and the form
    assert 'role="alert"' in summary
    assert "<h2" in summary
    assert "กรุณาแก้ไขรายการต่อไปนี้ก่อนบันทึก" in summary
    links = re.findall(r'<a href="#([^"]+)">([^<]*)</a>', summary)
    assert len(links) >= 2
    for anchor, _text in links:
        assert re.search(rf'<(input|select|textarea)[^>]* id="{re.escape(anchor)}"', page), anchor
    texts = [text for _anchor, text in links]
    assert any(t.startswith("ชื่อ") for t in texts)
    assert not any(re.search(r"[A-Za-z]{3,}", t) for t in texts)
    assert not OrgUnit.objects.filter(agency=agency_a, name="").exists()


def test_it_summarises_the_errors_in_english_when_chosen(client, agency_admin, agency_a):
    client.force_login(agency_admin)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.post("/a/thaphae/units/new/", {"name": "", "order": "1"}).content.decode()
    text = visible_text(_summary(page))
    assert text.startswith("Please correct these before saving:")
    assert "This field is required." in text
    assert not THAI.search(text)


def test_it_shows_no_summary_on_a_form_without_errors(client, agency_admin, agency_a):
    client.force_login(agency_admin)
    assert "error-summary" not in _main(client.get("/a/thaphae/units/new/").content.decode())
