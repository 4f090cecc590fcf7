"""The DOCX of the seed: its content, its structure, and what Word needs for Thai text."""

from __future__ import annotations

import io
import os
import re
import zipfile

import pytest
from lxml import etree
from PIL import Image

from ita_tracker.docengine.errors import DocumentError, TemplateError
from ita_tracker.docengine.exporters.docx import builtin_template, render_docx
from ita_tracker.docengine.render import document_context, render_document
from ita_tracker.planfile.schema import PlanFile, Status
from tests.documents.helpers import (
    REPO,
    W,
    docx_part,
    docx_part_names,
    edit_docx,
    paragraph_texts,
    plan_from,
    tables,
    text_of,
)

GOLDEN = REPO / "tests" / "documents" / "golden"
THAI_DIGIT = re.compile("[๐-๙]")
SEED_PEOPLE = [
    ("นางสาวกมลทิพย์ วัจนะพันธ์", "นักจัดการงานทั่วไปชำนาญการ"),
    ("นางสายฝน ยกชู", "หัวหน้าสำนักปลัดเทศบาล"),
    ("นางภาวดี สุปรียสุนทร", "ปลัดเทศบาลตำบลท่าแพ"),
    ("นายจรัญ เจียจิราพัถนันท์", "นายกเทศมนตรีตำบลท่าแพ"),
]
STATUS_COLUMN = {Status.NOT_STARTED: 0, Status.IN_PROGRESS: 1, Status.COMPLETED: 2}


def _status_tables(docx: bytes) -> list[list[list[str]]]:
    return [t for t in tables(docx) if "สถานะดำเนินงาน" in t[0]]


def _plan_tables(docx: bytes) -> list[list[list[str]]]:
    return [t for t in tables(docx) if "วิธีดำเนินการ" in t[0]]


def test_it_prints_every_measure_in_the_plan_table(plan: PlanFile, seed_docx: bytes) -> None:
    context = document_context(plan, 0)
    rows = [row for table in _plan_tables(seed_docx) for row in table[1:]]
    expected = [m for tool in context["tools"] for m in tool["measures"]]
    assert len(rows) == len(expected) == 10
    for row, measure in zip(rows, expected, strict=True):
        assert row[0] == f"{measure['number']}. {measure['title']}"
        assert row[1] == "\n".join(f"- {step}" for step in measure["methods"])
        assert row[2] == measure["responsible_text"]
        assert row[3] == measure["period"] == "ต.ค.๖๕ – มี.ค.๖๖"
        assert row[4] == measure["follow_up"]


def test_it_groups_the_tables_by_tool_with_a_heading_row(seed_docx: bytes) -> None:
    for group in (_plan_tables(seed_docx), _status_tables(seed_docx)):
        assert [t[0][0] for t in group] == [
            "มาตรการ/แนวทาง ยกระดับ IIT",
            "มาตรการ/แนวทาง ยกระดับ EIT",
            "มาตรการ/แนวทาง ยกระดับ OIT",
        ]
    assert _plan_tables(seed_docx)[0][0][1:] == [
        "วิธีดำเนินการ",
        "ผู้รับผิดชอบ",
        "ระยะเวลาดำเนินการ",
        "การติดตามประเมินผล",
    ]
    assert _status_tables(seed_docx)[0][1][2:] == [
        "ยังไม่ดำเนินการ",
        "อยู่ระหว่างดำเนินการ",
        "ดำเนินการเสร็จเรียบร้อยแล้ว",
    ]


def test_it_ticks_the_right_status_column_of_every_measure(
    plan: PlanFile, seed_docx: bytes
) -> None:
    by_title = {
        m.title: plan.rounds[0].progress[k]
        for k, m in zip(plan.assign_keys(), plan.measures, strict=True)
    }
    rows = [row for table in _status_tables(seed_docx) for row in table[2:]]
    assert len(rows) == 10
    for row in rows:
        title = row[0].split(". ", 1)[1]
        progress = by_title[title]
        marks = [cell.split("\n")[0] for cell in row[2:]]
        expected = ["-", "-", "-"]
        expected[STATUS_COLUMN[progress.status]] = "✓"
        assert marks == expected, title
        ticked = row[2 + STATUS_COLUMN[progress.status]]
        note = f"\n({progress.evidence})" if progress.evidence else ""
        assert ticked == "✓" + note
    assert sum(row[4].startswith("✓") for row in rows) == 8
    assert sum(row[3].startswith("✓") for row in rows) == 2


def test_it_puts_the_check_mark_in_its_own_run_with_a_symbol_font(seed_docx: bytes) -> None:
    ticks = [r for r in docx_part(seed_docx).iter(f"{W}r") if text_of(r) == "✓"]
    assert len(ticks) == 10
    for tick in ticks:
        fonts = tick.find(f"{W}rPr/{W}rFonts")
        assert fonts is not None
        assert fonts.get(f"{W}cs") == "Segoe UI Symbol"


def test_it_prints_the_header_block_names_and_comment(seed_docx: bytes) -> None:
    texts = paragraph_texts(seed_docx)
    joined = "\n".join(texts)
    assert "ส่วนราชการ สำนักปลัดเทศบาล เทศบาลตำบลท่าแพ โทร ๐๗๕-๗๖๕๒๖๗" in texts
    assert "ที่ นศ ๕๓๓๐๑/๑๖๕วันที่ ๓ เมษายน ๒๕๖๖" in texts
    assert "เรียน นายกเทศมนตรีตำบลท่าแพ" in texts
    assert "บันทึกข้อความ" in texts
    assert "มีคะแนนเท่ากับ ๗๐.๓๓ คะแนน อยู่ระดับ C" in joined
    for name, position in SEED_PEOPLE:
        assert f"({name})" in texts
        assert position in texts
    for heading in ("ความเห็นผู้อำนวยการกอง", "ความเห็นปลัดเทศบาล", "ความเห็นนายกเทศมนตรี"):
        assert heading in texts
    assert "ทราบ" in texts
    assert "ของเทศบาลตำบลท่าแพ อำเภอเมืองนครศรีธรรมราช จังหวัดนครศรีธรรมราช" in texts
    assert "{{" not in joined
    assert "{%" not in joined


def test_it_marks_header_rows_to_repeat_and_sets_both_table_widths(seed_docx: bytes) -> None:
    body = docx_part(seed_docx)
    all_tables = list(body.iter(f"{W}tbl"))
    assert len(all_tables) == 6
    for table in all_tables:
        first_row = table.find(f"{W}tr")
        assert first_row.find(f"{W}trPr/{W}tblHeader") is not None
        grid = [int(c.get(f"{W}w")) for c in table.iter(f"{W}gridCol")]
        width = int(table.find(f"{W}tblPr/{W}tblW").get(f"{W}w"))
        assert abs(sum(grid) - width) <= len(grid)
        assert abs(width - 9071) <= 5  # 16 cm: the text width between 3 cm and 2 cm margins
        for cell in table.iter(f"{W}tc"):
            assert cell.find(f"{W}tcPr/{W}tcW") is not None


def test_it_sets_the_complex_script_properties_on_every_run(seed_docx: bytes) -> None:
    """P1: Thai text reads w:cs, w:szCs, w:bCs and w:lang/@w:bidi; Word must find them."""
    body = docx_part(seed_docx)
    runs = [r for r in body.iter(f"{W}r") if text_of(r).strip()]
    assert len(runs) > 150
    for run in runs:
        props = run.find(f"{W}rPr")
        assert props is not None, text_of(run)
        fonts = props.find(f"{W}rFonts")
        slots = {fonts.get(f"{W}{slot}") for slot in ("ascii", "hAnsi", "eastAsia", "cs")}
        assert len(slots) == 1
        assert slots <= {"TH SarabunPSK", "Segoe UI Symbol"}
        assert props.find(f"{W}sz").get(f"{W}val") == props.find(f"{W}szCs").get(f"{W}val")
        assert props.find(f"{W}lang").get(f"{W}bidi") == "th-TH"
        if props.find(f"{W}b") is not None:
            assert props.find(f"{W}bCs") is not None
    styles = docx_part(seed_docx, "word/styles.xml")
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert default.find(f"{W}lang").get(f"{W}bidi") == "th-TH"
    assert default.find(f"{W}rFonts").get(f"{W}cs") == "TH SarabunPSK"


def test_it_lays_out_a4_with_the_official_margins_and_sizes(seed_docx: bytes) -> None:
    body = docx_part(seed_docx)
    sect = body.find(f"{W}body/{W}sectPr")
    size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    assert margins.get(f"{W}left") == "1701"  # 3 cm
    assert margins.get(f"{W}right") == "1134"  # 2 cm
    assert sect.find(f"{W}titlePg") is not None  # no page number on page 1
    heading = next(r for r in body.iter(f"{W}r") if text_of(r) == "บันทึกข้อความ")
    assert heading.find(f"{W}rPr/{W}szCs").get(f"{W}val") == "58"  # 29 pt
    assert heading.find(f"{W}rPr/{W}bCs") is not None
    for label in ("ส่วนราชการ", "ที่", "วันที่", "เรื่อง"):
        run = next(r for r in body.iter(f"{W}r") if text_of(r) == label)
        assert run.find(f"{W}rPr/{W}szCs").get(f"{W}val") == "40"  # 20 pt
    for label in ("ส่วนราชการ", "เรื่อง"):
        paragraph = next(p for p in body.iter(f"{W}p") if text_of(p).startswith(label))
        tab = paragraph.find(f"{W}pPr/{W}tabs/{W}tab[@{W}leader='dot']")
        assert tab is not None, label


def test_it_numbers_pages_in_the_agencys_digits(plan: PlanFile, seed_docx: bytes) -> None:
    header = next(
        n
        for n in docx_part_names(seed_docx)
        if re.match(r"word/header\d\.xml", n)
        and "PAGE" in etree.tostring(docx_part(seed_docx, n)).decode()
    )
    fonts = {f.get(f"{W}cs") for f in docx_part(seed_docx, header).iter(f"{W}rFonts")}
    assert "TH SarabunIT๙" in fonts  # draws the page number in Thai digits (P6)
    number_format = docx_part(seed_docx).find(f"{W}body/{W}sectPr/{W}pgNumType")
    assert number_format.get(f"{W}fmt") == "thaiNumbers"

    plan.agency.thai_digits = False
    arabic = render_document(plan, round_index=0, fmt="docx")
    fonts = {f.get(f"{W}cs") for f in docx_part(arabic, header).iter(f"{W}rFonts")}
    assert "TH SarabunIT๙" not in fonts
    number_format = docx_part(arabic).find(f"{W}body/{W}sectPr/{W}pgNumType")
    assert number_format.get(f"{W}fmt") == "decimal"


def test_it_writes_arabic_digits_but_keeps_urls_when_thai_digits_are_off(
    example_text: str,
) -> None:
    text = example_text.replace("thai_digits: true", "thai_digits: false").replace(
        "IIT-2: {status: in_progress}",
        "IIT-2: {status: in_progress, urls: ['https://thaphae.go.th/news/2566/123']}",
    )
    docx = render_document(plan_from(text), round_index=0, fmt="docx")
    joined = "\n".join(paragraph_texts(docx))
    assert not THAI_DIGIT.search(joined)
    assert "ที่ นศ 53301/165วันที่ 3 เมษายน 2566" in joined
    assert "70.33" in joined
    # Shown without the scheme in the narrow results column; the link keeps the whole address.
    assert "thaphae.go.th/news/2566/123" in joined
    assert 'Target="https://thaphae.go.th/news/2566/123"' in _rels(docx)

    thai = render_document(
        plan_from(text.replace("thai_digits: false", "thai_digits: true")),
        round_index=0,
        fmt="docx",
    )
    joined = "\n".join(paragraph_texts(thai))
    assert "thaphae.go.th/news/2566/123" in joined  # URL digits stay Arabic
    assert 'Target="https://thaphae.go.th/news/2566/123"' in _rels(thai)
    assert "๗๐.๓๓" in joined


def _rels(docx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.read("word/_rels/document.xml.rels").decode()


def _normalised(element: etree._Element) -> str:
    """Stable XML of a fragment: drawings (random ids) replaced by a marker."""
    element = etree.fromstring(etree.tostring(element))
    for drawing in element.iter(f"{W}drawing"):
        parent = drawing.getparent()
        parent.replace(drawing, etree.Element(f"{W}drawing-placeholder"))
    etree.indent(element, space="  ")
    return etree.tostring(element, encoding="unicode")


@pytest.mark.parametrize("name", ["header_block", "status_row"])
def test_it_matches_the_golden_xml(seed_docx: bytes, name: str) -> None:
    """Exact XML of the memo header (emblem to เรียน) and of one status row (IIT-2, in
    progress). Regenerate with ITA_UPDATE_GOLDEN=1 after an intended template change."""
    body = docx_part(seed_docx).find(f"{W}body")
    if name == "header_block":
        fragment = etree.Element(f"{W}body", nsmap=body.nsmap)
        for paragraph in list(body)[:5]:
            fragment.append(etree.fromstring(etree.tostring(paragraph)))
    else:
        fragment = next(
            row
            for row in body.iter(f"{W}tr")
            if text_of(row).startswith("๒. การเผยแพร่") and "✓" in text_of(row)
        )
    actual = _normalised(fragment)
    path = GOLDEN / f"{name}.xml"
    if os.environ.get("ITA_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual + "\n", encoding="utf-8")
    assert actual + "\n" == path.read_text(encoding="utf-8")


def test_it_follows_a_changed_template_cell(plan: PlanFile) -> None:
    template = edit_docx(builtin_template("progress_report"), ">วิธีดำเนินการ<", ">ขั้นตอนการดำเนินงาน<")
    docx = render_document(plan, round_index=0, fmt="docx", template=template)
    headers = [t[0][1] for t in _plan_tables(docx) or tables(docx)[:3]]
    assert headers == ["ขั้นตอนการดำเนินงาน"] * 3


def test_it_prints_the_agency_emblem_at_1_5_cm_high(plan: PlanFile) -> None:
    picture = io.BytesIO()
    Image.new("RGB", (400, 200), "navy").save(picture, "PNG")
    docx = render_document(plan, round_index=0, fmt="docx", emblem=picture.getvalue())
    extent = next(
        docx_part(docx).iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
        )
    )
    assert int(extent.get("cy")) == 540000  # 1.5 cm in EMU
    assert int(extent.get("cx")) == 1080000  # aspect ratio kept
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert any(archive.read(n) == picture.getvalue() for n in media)


def test_it_refuses_an_emblem_that_is_not_a_picture(plan: PlanFile) -> None:
    with pytest.raises(DocumentError, match="emblem"):
        render_document(plan, round_index=0, fmt="docx", emblem=b"not a picture")


def test_it_keeps_cells_valid_when_a_loop_is_empty(example_text: str) -> None:
    text = example_text.replace(
        "    methods:\n      - ประชุมหัวหน้าส่วนราชการ เพื่อพิจารณากำหนดเกณฑ์การประเมินบุคลากร\n"
        "      - ประชุมชี้แจง ทำความเข้าใจ พร้อมรับฟังความคิดเห็น จากบุคลากรในสังกัด\n"
        "      - ประเมินผลการปฏิบัติงานให้สอดคล้องกับความรับผิดชอบและคุณภาพของผลงาน\n",
        "",
    )
    docx = render_document(plan_from(text), round_index=0, fmt="docx")
    for cell in docx_part(docx).iter(f"{W}tc"):
        assert cell.find(f"{W}p") is not None


def test_it_escapes_xml_in_values(example_text: str) -> None:
    text = example_text.replace(
        "title: กำหนดเกณฑ์การประเมินบุคลากรตามผลการปฏิบัติงาน",
        "title: 'เกณฑ์ <b>ประเมิน</b> & \"ผล\"'",
    )
    docx = render_document(plan_from(text), round_index=0, fmt="docx")
    assert '๔. เกณฑ์ <b>ประเมิน</b> & "ผล"' in paragraph_texts(docx)


def test_it_makes_one_paragraph_per_line_of_a_text(plan: PlanFile) -> None:
    context = document_context(plan, 0)
    context["memo"]["facts"] = "ย่อหน้าหนึ่ง\nย่อหน้าสอง"
    docx = render_docx(builtin_template("progress_report"), context)
    texts = paragraph_texts(docx)
    first, second = texts.index("ย่อหน้าหนึ่ง"), texts.index("ย่อหน้าสอง")
    assert second == first + 1
    paragraphs = list(docx_part(docx).iter(f"{W}p"))
    for index in (first, second):
        indent = paragraphs[index].find(f"{W}pPr/{W}ind")
        assert indent.get(f"{W}firstLine") == "1417"  # 2.5 cm, same formatting on both
        assert paragraphs[index].find(f"{W}pPr/{W}jc").get(f"{W}val") == "thaiDistribute"


def test_it_refuses_a_file_that_is_not_a_docx(plan: PlanFile) -> None:
    with pytest.raises(TemplateError, match="not a valid Word"):
        render_document(plan, round_index=0, fmt="docx", template=b"PK not really")


def test_it_refuses_an_unknown_format_or_round(plan: PlanFile) -> None:
    with pytest.raises(DocumentError, match="unknown format"):
        render_document(plan, round_index=0, fmt="odt")  # type: ignore[arg-type]
    with pytest.raises(DocumentError, match="no round 3"):
        render_document(plan, round_index=2, fmt="docx")


def test_it_renders_the_measures_plan_with_every_measure(plan: PlanFile) -> None:
    docx = render_document(plan, round_index=None, fmt="docx")
    texts = paragraph_texts(docx)
    joined = "\n".join(texts)
    assert "เรื่องขออนุมัติมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ.๒๕๖๖" in texts
    assert "(" + "." * 40 + ")" in texts  # the head's block, to sign by hand
    measure_tables = [t for t in tables(docx) if "ตัวชี้วัด" in t[0]]
    assert len(measure_tables) == 3
    rows = [row for t in measure_tables for row in t[1:]]
    for row, measure in zip(rows, plan.measures, strict=True):
        assert row[0].endswith(measure.title)
        assert row[5] == ", ".join(
            str(i).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) for i in measure.indicators
        )
    assert "คะแนนรวม" in joined
    assert "๗๐.๓๓" in joined


def test_it_renders_the_twelve_month_report(example_text: str) -> None:
    text = example_text + (
        "  - kind: twelve_month\n"
        "    period: {from: 2565-10-01, to: 2566-09-30}\n"
        "    progress:\n"
        + "".join(
            f"      {key}: {{status: completed, evidence: ตรวจสอบได้จากรายงานประจำปี}}\n"
            for key in ("IIT-1", "IIT-2", "IIT-3", "IIT-4", "IIT-5", "EIT-1", "EIT-2", "EIT-3")
        )
        + "      EIT-4: {status: in_progress}\n"
    )
    docx = render_document(plan_from(text), round_index=1, fmt="docx")
    texts = paragraph_texts(docx)
    assert any(
        t.endswith("รอบ ๑๒ เดือน (๑ ตุลาคม ๒๕๖๕ - ๓๐ กันยายน ๒๕๖๖)") and t.startswith("เรื่อง")
        for t in texts
    )
    rows = [row for table in _status_tables(docx) for row in table[2:]]
    marks = [[cell.split("\n")[0] for cell in row[2:]] for row in rows]
    assert marks.count(["-", "-", "✓"]) == 8
    assert marks.count(["-", "✓", "-"]) == 1
    assert marks.count(["✓", "-", "-"]) == 1  # OIT-1 has no entry in this round
    assert sum("(ตรวจสอบได้จากรายงานประจำปี)" in row[4] for row in rows) == 8
