"""Build the built-in DOCX templates and the sample contexts (run after changing this file).

    python -m ita_tracker.docengine.build_templates

writes ``templates_docx/progress_report.docx``, ``templates_docx/measures_plan.docx``,
``templates_docx/emblem-placeholder.png`` and ``sample_context/*.json`` (the contexts of
``examples/thaphae-2566.yaml`` that agency templates are linted against). The outputs are
committed; a test checks that they are what this script makes.

The templates are written as raw OOXML on python-docx's package, because python-docx's API
never sets the complex-script slots Thai text uses (thai-documents.md P1-P3): every run names
TH SarabunPSK in all four rFonts slots and carries sz/szCs, b/bCs and ``lang bidi="th-TH"``;
tables carry both tcW and tblGrid; header rows are marked tblHeader. Jinja tags are docxtpl's:
``{%p %}`` paragraph tags, ``{%tr %}`` row tags, ``{{ }}`` inside runs. The layout follows the
memo rules of thai-documents.md Part A (references in the comments below: "A7" = row 7).
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates_docx"
SAMPLE_DIR = HERE / "sample_context"
EXAMPLE_PLAN = HERE.parent.parent / "examples" / "thaphae-2566.yaml"
# The seed with Tha Phae's results history and an analysis (example figures): the sample of the
# measures document (with its part 1) and of the analysis report.
EXAMPLE_ANALYSIS = HERE.parent.parent / "examples" / "thaphae-2566-analysis.yaml"

SARABUN = "TH SarabunPSK"  # A11; on the server an alias of Laksaman PSK
DIGITS_FONT = "TH SarabunIT๙"  # the page-number run (P6)
SYMBOL_FONT = "Segoe UI Symbol"  # the check mark's own run (P2)

TEXT_WIDTH = 16.0  # cm: A4 21 cm - left 3 cm - right 2 cm (A8)
SIGNATURE_INDENT = 8.0  # cm: signature blocks are centred in the right half (A21)
PARAGRAPH_INDENT = 2.5  # cm: first-line indent of body paragraphs (A13)
HEADER_SHADE = "F2F2F2"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def twips(cm: float) -> int:
    return round(cm * 1440 / 2.54)


# -- runs and paragraphs --------------------------------------------------------------------
def rpr(*, bold: bool = False, size: float = 16, font: str = SARABUN) -> str:
    half = round(size * 2)
    bold_xml = "<w:b/><w:bCs/>" if bold else ""
    font = escape(font, {'"': "&quot;"})
    return (
        f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
        f'{bold_xml}<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
        f'<w:lang w:val="en-US" w:bidi="th-TH"/></w:rPr>'
    )


def run(text: str, *, bold: bool = False, size: float = 16, font: str = SARABUN) -> str:
    return (
        f"<w:r>{rpr(bold=bold, size=size, font=font)}"
        f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
    )


def tab(*, size: float = 16) -> str:
    return f"<w:r>{rpr(size=size)}<w:tab/></w:r>"


def page_field(font: str) -> str:
    """A PAGE field whose runs all use ``font``."""
    props = rpr(font=font)
    return (
        f'<w:r>{props}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{props}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{props}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{props}<w:t>2</w:t></w:r>"
        f'<w:r>{props}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def para(
    *runs: str,
    align: str | None = None,
    first: float | None = None,
    left: float | None = None,
    hanging: float | None = None,
    before: float = 0,
    after: float = 0,
    tabs: Iterable[tuple[str, float, str | None]] = (),
    keep_next: bool = False,
    keep_lines: bool = False,
    page_break_before: bool = False,
    size: float = 16,
    bold_mark: bool = False,
    line_exact: float | None = None,
) -> str:
    """A paragraph. ``tabs``: (alignment, position in cm, leader or None). Sizes in points."""
    ppr = []
    if keep_next:
        ppr.append("<w:keepNext/>")
    if keep_lines:
        ppr.append("<w:keepLines/>")
    if page_break_before:
        ppr.append("<w:pageBreakBefore/>")
    tab_list = list(tabs)
    if tab_list:
        items = "".join(
            f'<w:tab w:val="{kind}"'
            + (f' w:leader="{leader}"' if leader else "")
            + f' w:pos="{twips(pos)}"/>'
            for kind, pos, leader in tab_list
        )
        ppr.append(f"<w:tabs>{items}</w:tabs>")
    line = (
        f'w:line="{round(line_exact * 20)}" w:lineRule="exact"'
        if line_exact
        else 'w:line="240" w:lineRule="auto"'
    )
    ppr.append(f'<w:spacing w:before="{round(before * 20)}" w:after="{round(after * 20)}" {line}/>')
    ind = []
    if left is not None:
        ind.append(f'w:left="{twips(left)}"')
    if first is not None:
        ind.append(f'w:firstLine="{twips(first)}"')
    if hanging is not None:
        ind.append(f'w:hanging="{twips(hanging)}"')
    if ind:
        ppr.append(f"<w:ind {' '.join(ind)}/>")
    if align:
        ppr.append(f'<w:jc w:val="{align}"/>')
    ppr.append(rpr(size=size, bold=bold_mark))
    return f"<w:p><w:pPr>{''.join(ppr)}</w:pPr>{''.join(runs)}</w:p>"


def tag(text: str) -> str:
    """A paragraph holding only a docxtpl ``{%p … %}`` tag; docxtpl removes the paragraph."""
    return para(run(text))


def body_para(text: str, **kwargs: Any) -> str:
    """A body paragraph: first-line indent 2.5 cm, Thai distributed (A13)."""
    return para(run(text), first=PARAGRAPH_INDENT, align="thaiDistribute", **kwargs)


def section_heading(text: str) -> str:
    return para(
        run(text, bold=True), first=PARAGRAPH_INDENT, before=6, keep_next=True, bold_mark=True
    )


# -- tables ---------------------------------------------------------------------------------
def cell(
    width: float,
    *paragraphs: str,
    span: int = 1,
    vmerge: str | None = None,
    shade: str | None = None,
    valign: str = "top",
) -> str:
    tcpr = [f'<w:tcW w:w="{twips(width)}" w:type="dxa"/>']
    if span > 1:
        tcpr.append(f'<w:gridSpan w:val="{span}"/>')
    if vmerge == "restart":
        tcpr.append('<w:vMerge w:val="restart"/>')
    elif vmerge == "continue":
        tcpr.append("<w:vMerge/>")
    if shade:
        tcpr.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>')
    tcpr.append(f'<w:vAlign w:val="{valign}"/>')
    body = "".join(paragraphs) or para()
    return f"<w:tc><w:tcPr>{''.join(tcpr)}</w:tcPr>{body}</w:tc>"


def row(*cells: str, header: bool = False, cant_split: bool = False) -> str:
    # tblHeader: the row repeats at the top of every page the table runs onto (P3).
    trpr = "<w:cantSplit/>" if header or cant_split else ""
    trpr += "<w:tblHeader/>" if header else ""
    return (
        f"<w:tr><w:trPr>{trpr}</w:trPr>{''.join(cells)}</w:tr>"
        if trpr
        else (f"<w:tr>{''.join(cells)}</w:tr>")
    )


def tag_row(text: str, widths: list[float]) -> str:
    """A row holding only a docxtpl ``{%tr … %}`` tag; docxtpl removes the row."""
    return row(cell(widths[0], para(run(text)), span=len(widths)))


def table(widths: list[float], *rows: str) -> str:
    # Word reads tcW, LibreOffice reads tblGrid: both are set (P3). Fixed layout keeps them.
    total = twips(sum(widths))
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid = "".join(f'<w:gridCol w:w="{twips(w)}"/>' for w in widths)
    return (
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{total}" w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/>'
        f"<w:tblBorders>{borders}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
        "</w:tblCellMar>"
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def head_cell(width: float, text: str, **kwargs: Any) -> str:
    return cell(
        width,
        # keepNext: a header row never stays alone at the foot of a page.
        para(run(text, bold=True), align="center", bold_mark=True, keep_next=True),
        shade=HEADER_SHADE,
        valign="center",
        **kwargs,
    )


def methods_paragraphs(var: str = "m") -> list[str]:
    return [
        tag(f"{{%p for step in {var}.methods %}}"),
        para(run("- {{ step }}")),
        tag("{%p endfor %}"),
    ]


# -- memo pieces ----------------------------------------------------------------------------
def memo_header() -> list[str]:
    """Emblem, บันทึกข้อความ and the four header lines with dotted leaders (A3-A7, A15-A19)."""
    dots_to_end = ("right", TEXT_WIDTH, "dot")
    return [
        # The emblem is an inline picture 1.5 cm high at the top-left margin (A4, A5); the
        # heading is centred on the text width by a centre tab (A6).
        para(
            run("{{ emblem }}"),
            tab(),
            run("บันทึกข้อความ", bold=True, size=29),
            tabs=[("center", TEXT_WIDTH / 2, None)],
            after=3,
        ),
        para(
            run("ส่วนราชการ", bold=True, size=20),
            run(" {{ memo.department }}"),
            tab(),
            tabs=[dots_to_end],
        ),
        # ที่ and วันที่ share one line; วันที่ starts at the middle of the line (A7).
        para(
            run("ที่", bold=True, size=20),
            run(" {{ memo.doc_number }}"),
            tab(),
            run("วันที่", bold=True, size=20),
            run(" {{ memo.date }}"),
            tab(),
            tabs=[("left", TEXT_WIDTH / 2, "dot"), dots_to_end],
        ),
        # A long subject wraps under its own first word, not under the label.
        para(
            run("เรื่อง", bold=True, size=20),
            tab(),
            run("{{ memo.subject }}"),
            tab(),
            tabs=[("left", 1.25, None), dots_to_end],
            left=1.25,
            hanging=1.25,
        ),
        para(run("เรียน"), run(" {{ memo.salutation }}"), before=6),
    ]


BLANK_NAME = "(" + "." * 40 + ")"


def signature(person: str, *, blank_lines: int = 2) -> list[str]:
    """Space to sign, the name in parentheses (a dotted blank while nobody is named) and the
    position, centred in the right half (A21). ``person`` names a context value with ``name``
    and ``position``."""
    name_line = (
        f"{{% if {person}.name %}}({{{{ {person}.name }}}}){{% else %}}{BLANK_NAME}{{% endif %}}"
    )
    return [
        *(para(keep_next=True) for _ in range(blank_lines)),
        para(run(name_line), align="center", left=SIGNATURE_INDENT, keep_next=True),
        para(run(f"{{{{ {person}.position }}}}"), align="center", left=SIGNATURE_INDENT),
    ]


def drafter_block() -> list[str]:
    # Always printed: a memo without a named drafter still needs a place to sign by hand.
    return signature("memo.drafter")


def approval_blocks() -> list[str]:
    """One block per approver: heading with dots, the comment or a dotted line, signature (A22)."""
    dots_to_end = ("right", TEXT_WIDTH, "dot")
    return [
        tag("{%p for a in memo.approvals %}"),
        para(run("{{ a.heading }}"), tab(), tabs=[dots_to_end], before=6, keep_next=True),
        tag("{%p if a.comment %}"),
        para(run("{{ a.comment }}"), first=PARAGRAPH_INDENT, keep_next=True),
        tag("{%p else %}"),
        para(tab(), tabs=[dots_to_end], keep_next=True),
        tag("{%p endif %}"),
        # The block holds together (keep with next down to the position); blocks do not chain
        # to each other, so a long approval chain may run over a page.
        *signature("a", blank_lines=1),  # below the comment lines: less space needed
        tag("{%p if a.acting %}"),
        para(run("{{ a.acting }}"), align="center", left=SIGNATURE_INDENT),
        tag("{%p endif %}"),
        tag("{%p if a.signed_on %}"),
        para(run("{{ a.signed_on }}"), align="center", left=SIGNATURE_INDENT),
        tag("{%p endif %}"),
        tag("{%p endfor %}"),
    ]


def spacer() -> str:
    """A small gap after a table (and the paragraph that keeps two tables from merging)."""
    return para(size=8)


# -- the plan table (เรื่องเดิม) and the status table (ข้อเท็จจริง) ------------------------
PLAN_WIDTHS = [3.8, 4.8, 2.7, 2.0, 2.7]
STATUS_WIDTHS = [3.8, 5.5, 2.0, 2.0, 2.7]
PLAN_DOC_WIDTHS = [3.2, 4.3, 2.7, 1.9, 2.4, 1.5]


def tool_heading_text() -> str:
    return "มาตรการ/แนวทาง ยกระดับ {{ tool.code }}"


def per_tool_table(
    widths: list[float], header_rows: list[str], cells: list[str], *, cant_split: bool = False
) -> list[str]:
    """One table per tool (grouped as in the seed memo): the header rows, repeated on every page
    the table runs onto, then one row per measure."""
    return [
        tag("{%p for tool in tools %}"),
        table(
            widths,
            *header_rows,
            tag_row("{%tr for m in tool.measures %}", widths),
            row(*cells, cant_split=cant_split),
            tag_row("{%tr endfor %}", widths),
        ),
        spacer(),
        tag("{%p endfor %}"),
    ]


def head_row(widths: list[float], titles: list[str]) -> str:
    return row(*(head_cell(w, t) for w, t in zip(widths, titles, strict=True)), header=True)


def measure_cells(widths: list[float]) -> list[str]:
    """มาตรการ, วิธีดำเนินการ, ผู้รับผิดชอบ, ระยะเวลา, การติดตามประเมินผล."""
    w = widths
    return [
        cell(w[0], para(run("{{ m.number }}. {{ m.title }}"))),
        cell(w[1], *methods_paragraphs()),
        cell(w[2], para(run("{{ m.responsible_text }}"))),
        cell(w[3], para(run("{{ m.period }}"), align="center")),
        cell(w[4], para(run("{{ m.follow_up }}"))),
    ]


def plan_table() -> list[str]:
    w = PLAN_WIDTHS
    titles = [tool_heading_text(), "วิธีดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ",
              "การติดตามประเมินผล"]  # fmt: skip
    # A measure row moves to the next page whole rather than leave a line or two behind
    # (LibreOffice ignores widow control inside a row it splits); a row taller than a page
    # still breaks.
    return per_tool_table(w, [head_row(w, titles)], measure_cells(w), cant_split=True)


def tick_cell(width: float, status: str) -> str:
    """✓ in its own run with a symbol font (P2), "-" otherwise; the evidence note below it."""
    return cell(
        width,
        para(
            run(f"{{% if m.status == '{status}' %}}"),
            run("✓", font=SYMBOL_FONT),
            run("{% else %}-{% endif %}"),
            align="center",
            keep_next=True,  # the mark and its note stay on one page
        ),
        tag(f"{{%p if m.status == '{status}' and m.evidence %}}"),
        para(run("({{ m.evidence }})"), align="center", keep_lines=True),
        tag("{%p endif %}"),
    )


RESULTS_WIDTHS = [3.2, 3.7, 2.0, 2.0, 2.0, 3.1]


def results_cell(width: float) -> str:
    """The officers' result text (ผลการดำเนินงาน) and the evidence links, one per line (the DOCX
    exporter makes them hyperlinks that wrap only after "/" or ".")."""
    return cell(
        width,
        tag("{%p if m.note %}"),
        para(run("{{ m.note }}")),
        tag("{%p endif %}"),
        tag("{%p for url in m.urls %}"),
        para(run("{{ url }}", size=14)),
        tag("{%p endfor %}"),
    )


def status_table(*, results: bool) -> list[str]:
    """The status table: a ✓ under the measure's status with the evidence note below it, and
    with ``results`` a last column for the officers' result texts and evidence links (the
    12-month report; the seed's 6-month report has none)."""
    w = RESULTS_WIDTHS if results else STATUS_WIDTHS
    status_width = sum(w[2:5])
    top = [
        head_cell(w[0], tool_heading_text(), vmerge="restart"),
        head_cell(w[1], "ขั้นตอนหรือวิธีการปฏิบัติ", vmerge="restart"),
        head_cell(status_width, "สถานะดำเนินงาน", span=3),
    ]
    second = [
        cell(w[0], para(), vmerge="continue", shade=HEADER_SHADE),
        cell(w[1], para(), vmerge="continue", shade=HEADER_SHADE),
        head_cell(w[2], "ยังไม่ดำเนินการ"),
        head_cell(w[3], "อยู่ระหว่างดำเนินการ"),
        head_cell(w[4], "ดำเนินการเสร็จเรียบร้อยแล้ว"),
    ]
    if results:
        top.append(head_cell(w[5], "ผลการดำเนินงาน / หลักฐาน", vmerge="restart"))
        second.append(cell(w[5], para(), vmerge="continue", shade=HEADER_SHADE))
    headers = [row(*top, header=True), row(*second, header=True)]
    cells = [
        cell(w[0], para(run("{{ m.number }}. {{ m.title }}"))),
        cell(w[1], *methods_paragraphs()),
        tick_cell(w[2], "not_started"),
        tick_cell(w[3], "in_progress"),
        tick_cell(w[4], "completed"),
    ]
    if results:
        cells.append(results_cell(w[5]))
    # A measure's status row stays whole: LibreOffice ignores widow control when it splits a
    # row, and would part the ✓ from its evidence note.
    return per_tool_table(w, headers, cells, cant_split=True)


def progress_report_body() -> list[str]:
    return [
        *memo_header(),
        section_heading("เรื่องเดิม"),
        body_para("{{ memo.background }}"),
        spacer(),
        *plan_table(),
        section_heading("ข้อเท็จจริง"),
        body_para("{{ memo.facts }}"),
        para(
            run("ผลการดำเนินการตามมาตรการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", bold=True),
            align="center",
            before=6,
            keep_next=True,
            bold_mark=True,
        ),
        para(
            run("ของ{{ agency.name_with_place }}", bold=True),
            align="center",
            after=6,
            keep_next=True,
            bold_mark=True,
        ),
        tag("{%p if round.has_results %}"),
        *status_table(results=True),
        tag("{%p else %}"),
        *status_table(results=False),
        tag("{%p endif %}"),
        section_heading("ข้อพิจารณา"),
        # The closing paragraph stays on the page of the drafter's signature.
        body_para("{{ memo.considerations }}", keep_next=True),
        *drafter_block(),
        *approval_blocks(),
    ]


# -- the measures plan (O42) ----------------------------------------------------------------
def scores_table() -> list[str]:
    w = [12.0, 4.0]
    return [
        table(
            w,
            row(head_cell(w[0], "ผลการประเมิน"), head_cell(w[1], "คะแนน"), header=True),
            tag_row("{%tr for s in previous_result.scores %}", w),
            row(
                cell(w[0], para(run("{{ s.label }}"))),
                cell(w[1], para(run("{{ s.score }}"), align="center")),
            ),
            tag_row("{%tr endfor %}", w),
        ),
        spacer(),
    ]


def measures_table() -> list[str]:
    w = PLAN_DOC_WIDTHS
    titles = [tool_heading_text(), "ขั้นตอนหรือวิธีการปฏิบัติ", "ผู้รับผิดชอบ", "ระยะเวลา",
              "การติดตามประเมินผล", "ตัวชี้วัด"]  # fmt: skip
    cells = [
        *measure_cells(w),
        cell(w[5], para(run("{{ m.indicators_text }}"), align="center")),
    ]
    # Each approved measure reads whole on one page.
    return per_tool_table(w, [head_row(w, titles)], cells, cant_split=True)


def measures_plan_body() -> list[str]:
    return [
        # The cover memo asking the head of the agency to approve the measures.
        *memo_header(),
        section_heading("เรื่องเดิม"),
        body_para("{{ memo.background }}"),
        section_heading("ข้อเท็จจริง"),
        body_para("{{ memo.facts }}"),
        section_heading("ข้อพิจารณา"),
        body_para("{{ memo.considerations }}", keep_next=True),
        *drafter_block(),
        *approval_blocks(),
        # The attachment: the measures document itself.
        para(
            run("{{ plan_title }}", bold=True, size=20),
            align="center",
            page_break_before=True,
            bold_mark=True,
            size=20,
        ),
        para(
            run("ของ{{ agency.name_with_place }}", bold=True, size=20),
            align="center",
            bold_mark=True,
            size=20,
        ),
        para(
            run("ประจำปีงบประมาณ พ.ศ.{{ fiscal_year }}", bold=True, size=20),
            align="center",
            after=6,
            bold_mark=True,
            size=20,
        ),
        tag("{%p if analysis_table.present and analysis_table.include_in_plan %}"),
        para(
            run(
                "ส่วนที่ ๑ การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
                "ประจำปีงบประมาณ พ.ศ.{{ analysis_table.fiscal_year }}",
                bold=True,
            ),
            before=6,
            after=3,
            keep_next=True,
            bold_mark=True,
        ),
        body_para(
            "ผลการประเมินของ{{ agency.name }} ประจำปีงบประมาณ พ.ศ.{{ previous_result.fiscal_year }} "
            "มีคะแนนรวม {{ previous_result.total }} คะแนน"
            "{% if previous_result.level %} อยู่ในระดับ {{ previous_result.level }}{% endif %}",
            after=6,
        ),
        *analysis_table("analysis_table"),
        *trend_chart_paragraphs("แผนภูมิแนวโน้มคะแนนรวมและคะแนนรายเครื่องมือ"),
        tag("{%p elif previous_result.present %}"),
        para(
            run(
                "การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
                "ประจำปีงบประมาณ พ.ศ.{{ previous_result.fiscal_year }}",
                bold=True,
            ),
            before=6,
            after=3,
            keep_next=True,
            bold_mark=True,
        ),
        body_para(
            "ผลการประเมินของ{{ agency.name }} ประจำปีงบประมาณ พ.ศ.{{ previous_result.fiscal_year }} "
            "มีคะแนนรวม {{ previous_result.total }} คะแนน"
            "{% if previous_result.level %} อยู่ในระดับ {{ previous_result.level }}{% endif %}",
            after=6,
        ),
        *scores_table(),
        tag("{%p endif %}"),
        tag("{%p if analysis %}"),
        body_para("{{ analysis }}", after=6),
        tag("{%p endif %}"),
        para(
            run("มาตรการและแนวทางการดำเนินการ", bold=True),
            before=6,
            after=3,
            keep_next=True,
            bold_mark=True,
        ),
        *measures_table(),
    ]


# -- the analysis of last year's result (the analysis report; part 1 of the measures document) --
ANALYSIS_WIDTHS = [3.9, 1.9, 5.1, 5.1]


def analysis_table(var: str) -> list[str]:
    """indicator (or tool) | score | ประเด็นที่ต้องแก้ไข/ปรับปรุง | แนวทางการพัฒนา."""
    w = ANALYSIS_WIDTHS
    first = f"{{% if {var}.grouping == 'tool' %}}เครื่องมือ{{% else %}}ตัวชี้วัด{{% endif %}}"
    return [
        table(
            w,
            row(
                head_cell(w[0], first),
                head_cell(w[1], "คะแนน"),
                head_cell(w[2], "ประเด็นที่ต้องแก้ไข/ปรับปรุง"),
                head_cell(w[3], "แนวทางการพัฒนา"),
                header=True,
            ),
            tag_row(f"{{%tr for r in {var}.rows %}}", w),
            row(
                cell(w[0], para(run("{{ r.label }}"))),
                cell(
                    w[1],
                    para(run("{{ r.score }}"), align="center"),
                    para(run("{{ r.change }}"), align="center", size=14),
                ),
                cell(w[2], para(run("{{ r.issues }}"))),
                cell(w[3], para(run("{{ r.development }}"))),
                cant_split=True,
            ),
            tag_row("{%tr endfor %}", w),
        ),
        spacer(),
    ]


def trend_chart_paragraphs(caption: str) -> list[str]:
    return [
        para(run("{{ trend_chart }}"), align="center", keep_next=True, before=6),
        para(run(caption, size=14), align="center", after=6, size=14),
    ]


def analysis_report_body() -> list[str]:
    return [
        *memo_header(),
        section_heading("เรื่องเดิม"),
        body_para("{{ memo.background }}"),
        section_heading("ข้อเท็จจริง"),
        body_para("{{ memo.facts }}", after=6),
        *analysis_table("table"),
        *trend_chart_paragraphs("แผนภูมิแนวโน้มคะแนนรวมและคะแนนรายเครื่องมือ"),
        section_heading("ข้อพิจารณา"),
        body_para("{{ memo.considerations }}", keep_next=True),
        *drafter_block(),
        *approval_blocks(),
    ]


# -- the package ----------------------------------------------------------------------------
def _body_elements(xml_paragraphs: list[str]) -> list[object]:
    root = parse_xml(f"<w:body {nsdecls('w')}>{''.join(xml_paragraphs)}</w:body>")
    return list(root)


def _setup_styles(doc: DocxDocument) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    new_defaults = parse_xml(
        f"<w:docDefaults {nsdecls('w')}><w:rPrDefault>{rpr()}</w:rPrDefault>"
        # widowControl: Word's default for Normal; keeps a cell's short note from splitting
        # one line over a page break.
        "<w:pPrDefault><w:pPr><w:widowControl/>"
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    styles.replace(defaults, new_defaults)
    normal = doc.styles["Normal"].element
    for child in list(normal):
        if child.tag in (qn("w:rPr"), qn("w:pPr")):
            normal.remove(child)
    normal.append(
        parse_xml(
            f'<w:pPr {nsdecls("w")}><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        )
    )
    normal.append(parse_xml(rpr().replace("<w:rPr>", f"<w:rPr {nsdecls('w')}>", 1)))


def _setup_settings(doc: DocxDocument) -> None:
    settings = doc.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:bidi"), "th-TH")
        lang.attrib.pop(qn("w:eastAsia"), None)
    rsids = settings.find(qn("w:rsids"))
    if rsids is not None:  # python-docx's template leftovers
        settings.remove(rsids)


def _setup_section(doc: DocxDocument) -> None:
    section = doc.sections[0]
    sect = section._sectPr
    for child in list(sect):
        sect.remove(child)
    # A4, left 3 cm, right 2 cm (A8); top 1.5 cm so the emblem sits 1.5 cm below the edge (A5);
    # bottom 2 cm (A9). From page 2 the page number sits in the header at 1 cm, and pushes the
    # body down below it.
    sect.append(parse_xml(f'<w:pgSz {nsdecls("w")} w:w="11906" w:h="16838"/>'))
    sect.append(
        parse_xml(
            f'<w:pgMar {nsdecls("w")} w:top="{twips(1.5)}" w:right="{twips(2)}" '
            f'w:bottom="{twips(2)}" w:left="{twips(3)}" w:header="{twips(1.0)}" '
            f'w:footer="{twips(1.0)}" w:gutter="0"/>'
        )
    )
    # Word honours thaiNumbers; the exporter switches it to decimal when the agency writes
    # Arabic digits. LibreOffice ignores it, hence the digit font in the header (P6).
    sect.append(parse_xml(f'<w:pgNumType {nsdecls("w")} w:fmt="thaiNumbers"/>'))
    sect.append(parse_xml(f'<w:cols {nsdecls("w")} w:space="720"/>'))
    sect.append(parse_xml(f"<w:titlePg {nsdecls('w')}/>"))  # no page number on page 1 (A14)
    sect.append(parse_xml(f'<w:docGrid {nsdecls("w")} w:linePitch="360"/>'))
    section.header.is_linked_to_previous = False
    header = section.header._element
    for child in list(header):
        header.remove(child)
    for element in _body_elements(
        [
            tag("{%p if thai_digits %}"),
            para(run("- "), page_field(DIGITS_FONT), run(" -"), align="center", after=6),
            tag("{%p else %}"),
            para(run("- "), page_field(SARABUN), run(" -"), align="center", after=6),
            tag("{%p endif %}"),
        ]
    ):
        header.append(element)
    first = section.first_page_header
    first.is_linked_to_previous = False
    first_el = first._element
    for child in list(first_el):
        first_el.remove(child)
    # A tiny empty paragraph: an empty first-page header must not push page 1's body down.
    first_el.append(_body_elements([para(size=1, line_exact=1)])[0])
    footer = section.footer  # an empty footer part keeps Word and LibreOffice in agreement
    footer.is_linked_to_previous = False


def build(kind: str) -> bytes:
    body_parts = {
        "progress_report": progress_report_body,
        "measures_plan": measures_plan_body,
        "analysis_report": analysis_report_body,
    }
    doc = Document()
    _setup_styles(doc)
    _setup_settings(doc)
    body = doc.element.body
    sect = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not sect:
            body.remove(child)
    for element in _body_elements(body_parts[kind]()):
        sect.addprevious(element)
    _setup_section(doc)
    core = doc.core_properties
    core.author = "ITA Tracker"
    core.title = {
        "progress_report": "รายงานผลการดำเนินการตามมาตรการ",
        "measures_plan": "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        "analysis_report": "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส",
    }[kind]
    core.comments = "Built by ita_tracker/docengine/build_templates.py"
    core.revision = 1
    # Fixed timestamps keep the committed file byte-stable between builds.
    import datetime as dt

    stamp = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    core.created = stamp
    core.modified = stamp
    core.last_printed = stamp
    _drop_unused_parts(doc)
    out = io.BytesIO()
    doc.save(out)
    return _normalise_zip(out.getvalue())


def _drop_unused_parts(doc: DocxDocument) -> None:
    """python-docx's default template ships a thumbnail; a Word template has no use for it."""
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel_id]


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the zip with fixed member dates so rebuilding gives identical bytes."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def placeholder_emblem() -> bytes:
    """A neutral grey seal (never the Garuda: the official artwork comes from the agency)."""
    from PIL import Image, ImageDraw

    size = 600
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    grey = (128, 128, 128, 255)
    light = (200, 200, 200, 255)
    draw.ellipse((20, 20, size - 20, size - 20), outline=grey, width=24)
    draw.ellipse((80, 80, size - 80, size - 80), outline=light, width=10)
    centre = size // 2
    for radius, colour in ((150, light), (70, grey)):
        draw.regular_polygon((centre, centre, radius), 8, rotation=22.5, outline=colour, width=10)
    image = image.resize((180, 180), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def sample_contexts() -> dict[str, dict[str, object]]:
    from ita_tracker.docengine.analysis_context import analysis_report_context
    from ita_tracker.docengine.context import measures_plan_context, progress_report_context
    from ita_tracker.planfile.reader import read_plan_file

    plan = read_plan_file(EXAMPLE_PLAN)
    analysed = read_plan_file(EXAMPLE_ANALYSIS)
    return {
        "progress_report": dict(progress_report_context(plan, 0)),
        "measures_plan": dict(measures_plan_context(analysed)),
        "analysis_report": dict(analysis_report_context(analysed)),
    }


def sample_json(context: dict[str, object]) -> str:
    return json.dumps(context, ensure_ascii=False, indent=2) + "\n"


def outputs() -> dict[Path, bytes]:
    files = {
        TEMPLATES_DIR / "progress_report.docx": build("progress_report"),
        TEMPLATES_DIR / "measures_plan.docx": build("measures_plan"),
        TEMPLATES_DIR / "analysis_report.docx": build("analysis_report"),
        TEMPLATES_DIR / "emblem-placeholder.png": placeholder_emblem(),
    }
    for kind, context in sample_contexts().items():
        files[SAMPLE_DIR / f"{kind}.json"] = sample_json(context).encode()
    return files


def main() -> int:
    for path, data in outputs().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(HERE.parent.parent)} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
