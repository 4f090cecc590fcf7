"""The public pages of an agency-year: what a visitor sees, from the published files and from
the dynamic fallback alike (agency A's FY2566: plan and 6-month report recorded as approved)."""

from __future__ import annotations

import json
import shutil

from ita_tracker.disclosure.models import Publication
from tests.disclosure.helpers import body, text


def test_it_shows_the_approved_measures_progress_result_and_oit_index(client, published_a):
    response = client.get("/thaphae/ita/2566/")
    assert response.status_code == 200
    assert response.streaming  # a published file, not a view
    page = text(response)
    assert '<html lang="th">' in page
    assert "เทศบาลตำบลท่าแพ" in page
    # (a) the measures by tool, as approved
    assert "IIT · " in page
    assert "EIT · " in page
    assert "OIT · " in page
    assert "ประกาศนโยบายไม่รับของขวัญหรือของกำนัลจากการปฏิบัติหน้าที่ (No Gift Policy)" in page
    assert "ต.ค.๖๕ – มี.ค.๖๖" in page
    # (b) the 6-month round with a status per measure
    assert "รอบ ๖ เดือน" in page
    assert "ดำเนินการเสร็จเรียบร้อยแล้ว" in page
    assert "ตรวจสอบได้จากเว็บไซต์ของหน่วยงาน" in page
    # (c) last year's result as the plan states it
    assert "70.33" in page
    # (e) the OIT index: one row per item of the 2566 catalogue, O42/O43 held here
    assert page.count('<li id="oit-O') == 43
    assert "https://ita.example.go.th/thaphae/ita/2566/oit/O42/" in page
    assert "https://ita.example.go.th/thaphae/ita/2566/oit/O43/" in page
    assert "เทศบาลตำบลท่าแพได้จัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" in page
    # no script, no inline style (CSP: default-src 'none'; style-src 'self')
    assert "<script" not in page
    assert "style=" not in page
    assert "<style" not in page
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_it_gives_the_same_page_when_the_files_are_not_on_disk(client, published_a, public_root):
    published = body(client.get("/thaphae/ita/2566/"))
    shutil.rmtree(public_root)
    response = client.get("/thaphae/ita/2566/")
    assert response.status_code == 200
    assert not response.streaming  # the dynamic fallback
    assert response.content == published


def test_it_serves_gzip_to_clients_that_accept_it(client, published_a):
    response = client.get("/thaphae/ita/2566/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    import gzip

    assert "เทศบาลตำบลท่าแพ" in gzip.decompress(body(response)).decode()


def test_it_lets_only_the_embed_pages_be_framed(client, published_a):
    item = client.get("/thaphae/ita/2566/oit/O43/")
    assert item.status_code == 200
    assert item["X-Frame-Options"] == "DENY"
    page = text(item)
    assert "&lt;iframe src=&quot;https://ita.example.go.th/thaphae/ita/2566/oit/O43/embed/" in page
    assert "&lt;ul class=&quot;ita-evidence&quot;&gt;" in page
    embed = client.get("/thaphae/ita/2566/oit/O43/embed/")
    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "รอบ ๖ เดือน" in text(embed)
    shutil_free = client.get("/thaphae/ita/2566/oit/O1/")  # not held here: no page
    assert shutil_free.status_code == 404


def test_it_lists_the_years_of_an_agency_and_the_agencies_of_the_site(client, published_a):
    from ita_tracker.disclosure.publishing import write_site

    agency = text(client.get("/thaphae/ita/"))
    assert 'href="/thaphae/ita/2566/"' in agency
    write_site()
    site = client.get("/ita/")
    assert site.status_code == 200
    assert 'href="/thaphae/ita/"' in text(site)


def test_it_publishes_open_data_as_json_csv_and_atom(client, published_a):
    data = json.loads(body(client.get("/thaphae/ita/2566/data.json")))
    assert data["format"] == "ita-tracker/public-year@1"
    assert data["measures"]["count"] == 10
    assert [r["title"] for r in data["rounds"]] == ["รอบ ๖ เดือน"]
    assert data == Publication.objects.get(fiscal_year=2566).content
    csv_text = text(client.get("/thaphae/ita/2566/data.csv")).lstrip("\ufeff")
    header, *rows = csv_text.splitlines()
    assert header.startswith("agency_slug,agency_name,fiscal_year,section,round")
    assert sum(r.split(",")[3] == "measures" for r in rows) == 10
    assert sum(r.split(",")[3] == "progress" for r in rows) == 10
    feed = text(client.get("/thaphae/ita/feed.atom"))
    assert feed.startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed')
    assert "ผลการดำเนินการรอบ ๖ เดือน ปี ๒๕๖๖" in feed


def test_it_redirects_a_year_without_its_slash(client, published_a):
    response = client.get("/thaphae/ita/2566")
    assert response.status_code in (301, 302)
    assert response["Location"].endswith("2566/")
