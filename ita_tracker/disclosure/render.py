"""Rendering the public site: released content (plain JSON) in, file bytes out. No ORM.

The same functions serve the published static files and the dynamic fallback views, so a page
read from disk and one rendered on request are the same bytes. Pages are Thai (rendered with
the Thai catalogue whatever the request's language: a published file has no language).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import SafeString, mark_safe

from ita_tracker.disclosure import paths
from ita_tracker.lib.bar_chart import bar_chart

PASS_MARK = Decimal(85)

CSV_COLUMNS = [
    "agency_slug",
    "agency_name",
    "fiscal_year",
    "section",
    "round",
    "round_title",
    "tool",
    "number",
    "key",
    "title",
    "responsible",
    "period",
    "status",
    "status_label",
    "note",
    "evidence",
    "links",
    "files",
    "approved_on",
    "page",
]


def _render(template: str, context: dict[str, Any]) -> bytes:
    with translation.override("th"):
        return render_to_string(template, context).encode("utf-8")


def _chart(result: dict[str, Any] | None) -> Any:
    if not result or not result["indicators"]:
        return None
    return bar_chart(
        [
            (
                str(i["number"]),
                Decimal(i["score"]) if i["score"] is not None else None,
                f"{i['number']}. {i['name']}",
                i["tool"],
            )
            for i in result["indicators"]
        ],
        threshold=PASS_MARK,
    )


def fragments(content: dict[str, Any]) -> dict[str, SafeString]:
    """The sections the year page and the OIT item pages share, rendered once per publication
    (a year's pages repeat them: rendering them once keeps publishing fast)."""

    def part(template: str, context: dict[str, Any]) -> SafeString:
        return mark_safe(render_to_string(template, context))  # noqa: S308 - our own templates

    documents = content["documents"]
    with translation.override("th"):
        return {
            "measures": part("disclosure/_measures.html", {"m": content["measures"]})
            if content["measures"]
            else SafeString(""),
            "rounds": part("disclosure/_rounds.html", {"rounds": content["rounds"]}),
            "documents": part("disclosure/_documents.html", {"documents": documents}),
            "documents_measures": part(
                "disclosure/_documents.html",
                {"documents": [d for d in documents if d["round"] is None]},
            ),
            "documents_progress": part(
                "disclosure/_documents.html",
                {"documents": [d for d in documents if d["round"] is not None]},
            ),
        }


def year_page(content: dict[str, Any], parts: dict[str, SafeString] | None = None) -> bytes:
    return _render(
        "disclosure/year.html",
        {
            "c": content,
            "chart": _chart(content["previous_result"]),
            "f": parts or fragments(content),
        },
    )


def oit_page(
    content: dict[str, Any],
    code: str,
    *,
    embed: bool = False,
    parts: dict[str, SafeString] | None = None,
) -> bytes | None:
    """The stable page of one OIT item (``embed``: the frameable page without the site's
    header, for an agency's own website)."""
    item = next((o for o in content["oit"] if o["code"] == code and o["held"]), None)
    if item is None:
        return None
    documents = [
        d for d in content["documents"] if (d["round"] is None) == (item["section"] == "measures")
    ]
    return _render(
        "disclosure/oit_embed.html" if embed else "disclosure/oit_item.html",
        {
            "c": content,
            "item": item,
            "documents": documents,
            "snippets": snippets(content, item, documents),
            "f": parts or fragments(content),
        },
    )


def snippets(
    content: dict[str, Any], item: dict[str, Any], documents: list[dict[str, Any]]
) -> dict[str, str]:
    """The copy-paste HTML an agency puts on its own website for one OIT item: a list of links,
    or an iframe of the embeddable page."""
    with translation.override("th"):
        links = render_to_string(
            "disclosure/snippet_links.html",
            {
                "c": content,
                "item": item,
                "documents": documents,
                "page": item["url"],
                "origin": paths.absolute(""),
            },
        ).strip()
        iframe = render_to_string(
            "disclosure/snippet_iframe.html", {"c": content, "item": item}
        ).strip()
    return {"links": links, "iframe": iframe}


def year_json(content: dict[str, Any]) -> bytes:
    # Compact: Python's C encoder serves only output without indentation (5x faster), and the
    # file is smaller.
    return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def csv_rows(content: dict[str, Any]) -> Iterable[list[Any]]:
    """One row per measure of the approved plan, then one per measure of each released round."""
    agency = content["agency"]
    origin = paths.absolute("")
    base = [agency["slug"], agency["name"], content["fiscal_year"]]
    page = origin + content["urls"]["page"]
    measures = content["measures"]
    if measures:
        for tool in measures["tools"]:
            for m in tool["measures"]:
                yield [
                    *base,
                    "measures",
                    "",
                    "",
                    tool["code"],
                    m["number"],
                    m["key"],
                    m["title"],
                    m["responsible"],
                    m["period"]["label"],
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    measures["approved"]["date"] or "",
                    page,
                ]
    for r in content["rounds"]:
        for tool in r["tools"]:
            for m in tool["measures"]:
                yield [
                    *base,
                    "progress",
                    r["number"],
                    r["title"],
                    tool["code"],
                    m["number"],
                    m["key"],
                    m["title"],
                    m["responsible"],
                    r["period"]["label"],
                    m["status"],
                    m["status_label"],
                    m["note"],
                    m["evidence"],
                    " ".join(m["urls"]),
                    " ".join(origin + f["url"] for f in m["files"]),
                    r["approved"]["date"] or "",
                    page,
                ]


def year_csv(content: dict[str, Any]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(content))
    # A byte-order mark, so that Excel opens the Thai text as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- agency and site -----------------------------------------------------------------------------


def summary(content: dict[str, Any], published_at: str) -> dict[str, Any]:
    """What the agency and site indexes say about one published year."""
    return {
        "fiscal_year": content["fiscal_year"],
        "fiscal_year_label": content["fiscal_year_label"],
        "url": content["urls"]["page"],
        "json": content["urls"]["json"],
        "csv": content["urls"]["csv"],
        "published_at": published_at,
        "measures": content["measures"]["count"] if content["measures"] else None,
        "rounds": [
            {"number": r["number"], "title": r["title"], "counts": r["counts"]}
            for r in content["rounds"]
        ],
        "documents": sum(len(d["versions"]) for d in content["documents"]),
    }


def agency_page(agency: dict[str, Any], years: list[dict[str, Any]]) -> bytes:
    return _render("disclosure/agency.html", {"agency": agency, "years": years})


def agency_feed(agency: dict[str, Any], contents: list[tuple[dict[str, Any], str]]) -> bytes:
    """Atom: one entry per issued document version and per approval recorded without one."""
    origin = paths.absolute("")
    feed = Atom1Feed(
        title=f"{agency['name']}: การเผยแพร่ข้อมูล ITA",
        link=origin + paths.agency_index(agency["slug"]),
        feed_url=origin + paths.agency_feed(agency["slug"]),
        description="",
        language="th",
        feed_guid=origin + paths.agency_index(agency["slug"]),
    )
    entries: list[tuple[str, dict[str, Any]]] = []
    for content, published_at in contents:
        page = origin + content["urls"]["page"]
        for doc in content["documents"]:
            for v in doc["versions"]:
                entries.append(
                    (
                        v["issued_at"],
                        {
                            "title": f"{v['title']} (ฉบับที่ {v['version']})",
                            "link": origin + v["pdf"]["url"],
                            "unique_id": origin + v["verify_url"],
                            "description": (
                                f"{doc['title']} ปีงบประมาณ พ.ศ. {content['fiscal_year_label']} "
                                f"ที่ {v['doc_number']} ลงวันที่ {v['document_date_label']} "
                                f"SHA-256 (PDF) {v['pdf']['sha256']}"
                            ),
                        },
                    )
                )
        sections = [("measures", None, content["measures"])] if content["measures"] else []
        sections += [("round", r["number"], r) for r in content["rounds"]]
        for kind, number, section in sections:
            approved = section["approved"]
            if approved["how"] != "recorded":
                continue
            title = (
                f"มาตรการส่งเสริมคุณธรรมและความโปร่งใส ปี {content['fiscal_year_label']}"
                if kind == "measures"
                else f"ผลการดำเนินการ{section['title']} ปี {content['fiscal_year_label']}"
            )
            anchor = "#measures" if kind == "measures" else f"#round-{number}"
            entries.append(
                (
                    approved["date"] or published_at,
                    {
                        "title": title,
                        "link": page + anchor,
                        "unique_id": f"{page}{anchor}/v{approved['version']}",
                        "description": title,
                    },
                )
            )
    entries.sort(key=lambda e: e[0], reverse=True)
    for when, entry in entries:
        moment = parse_datetime(when) if "T" in when else parse_datetime(when + "T00:00:00+07:00")
        feed.add_item(updateddate=moment, pubdate=moment, **entry)
    out = io.StringIO()
    feed.write(out, "utf-8")
    return out.getvalue().encode("utf-8")


def site_page(agencies: list[dict[str, Any]]) -> bytes:
    return _render("disclosure/site.html", {"agencies": agencies})


def site_json(agencies: list[dict[str, Any]], generated_at: str) -> bytes:
    origin = paths.absolute("")
    return json.dumps(
        {
            "format": "ita-tracker/public-site@1",
            "generated_at": generated_at,
            "site": origin,
            "agencies": agencies,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
