"""The Django admin in Thai: its page texts and its JavaScript catalogue (calendar, clock,
the two-box chooser), where Django's own Thai catalogues leave many in English (issue 11)."""

from __future__ import annotations

import json
import re

from tests.screens import english_words


def _js_catalogue(client) -> dict:
    script = client.get("/admin/jsi18n/").content.decode()
    return json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.DOTALL).group(1))


def test_it_filters_the_admin_navigation_in_thai(client, site_admin):
    client.force_login(site_admin)
    page = client.get("/admin/frameworks/fiscalyear/").content.decode()
    assert 'placeholder="พิมพ์เพื่อกรองรายการ…"' in page
    assert "Start typing to filter" not in page
    assert "Skip to main content" not in page
    assert english_words(page, {"site-admin", "Django"}) == []


def test_it_serves_the_admin_javascript_strings_in_thai(client, site_admin):
    client.force_login(site_admin)
    catalogue = _js_catalogue(client)
    assert catalogue["Choose all %s"] == "เลือก%sทั้งหมด"
    assert catalogue["Today"] == "วันนี้"
    assert catalogue["abbrev. month October\x04Oct"] == "ต.ค."
    assert catalogue["abbrev. day Sunday\x04Sun"] == "อา."
    assert catalogue["%(sel)s of %(cnt)s selected"] == ["เลือกแล้ว %(sel)s จาก %(cnt)s รายการ"]
    left_english = [
        key
        for key, value in catalogue.items()
        if re.search(r"[A-Za-z]{3,}", re.sub(r"%\(\w+\)s", "", str(value)))
    ]
    assert left_english == []


def test_it_serves_the_admin_javascript_strings_in_english_when_chosen(client, site_admin):
    client.force_login(site_admin)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    script = client.get("/admin/jsi18n/").content.decode()
    assert not re.search(r"\\u0e[0-7][0-9a-f]", script)  # no Thai letter, escaped or not
    assert not re.search(r"[\u0e00-\u0e7f]", script)


def test_the_user_pages_speak_thai(client, site_admin, coordinator):
    """Adding an agency's first account (the site administrator's step for a new agency) and
    changing one: no English left from django.contrib.auth's incomplete Thai catalogue."""
    client.force_login(site_admin)
    added = client.get("/admin/auth/user/add/").content.decode()
    assert "การเข้าสู่ระบบด้วยรหัสผ่าน" in added
    assert english_words(added, {"site-admin", "Django"}) == []
    changed = client.get(f"/admin/auth/user/{coordinator.pk}/change/").content.decode()
    for english in ("Required. 150", "Raw passwords", "The groups this user", "Reset password"):
        assert english not in changed
