"""The analysis report: comments saved per indicator or per tool, DOCX (and PDF) from the same
engine with the trend chart as a picture; the measures document prints it as part 1."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document

from ita_tracker.docengine.render import render_analysis_report, render_document
from ita_tracker.planfile.reader import read_plan_file
from ita_tracker.results.models import ResultAnalysis
from tests.conftest import EXAMPLE
from tests.results.test_analysis_view import _results

ANALYSED = EXAMPLE.parent / "thaphae-2566-analysis.yaml"


def _text(docx: bytes) -> str:
    document = Document(io.BytesIO(docx))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _pictures(docx: bytes) -> list[str]:
    return [n for n in zipfile.ZipFile(io.BytesIO(docx)).namelist() if n.startswith("word/media/")]


def test_it_renders_the_report_table_and_the_chart_from_a_plan_file():
    plan = read_plan_file(ANALYSED)
    docx = render_analysis_report(plan, fmt="docx")
    text = _text(docx)
    assert "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ.๒๕๖๕" in text
    assert "ประเด็นที่ต้องแก้ไข/ปรับปรุง" in text
    assert "แนวทางการพัฒนา" in text
    assert "๑๐. การป้องกันการทุจริต" in text
    assert "ต่ำกว่าเกณฑ์ผ่าน ๘๕ คะแนน" in text  # an empty issues cell, worded from the scores
    assert "เพิ่มการกำกับติดตามให้ข้อมูลบนเว็บไซต์เป็นปัจจุบันทุกเดือน" in text
    assert len(_pictures(docx)) == 2  # the emblem and the trend chart


def test_the_table_can_be_merged_per_tool():
    plan = read_plan_file(ANALYSED)
    assert plan.result_analysis is not None
    merged = plan.model_copy(
        update={"result_analysis": plan.result_analysis.model_copy(update={"grouping": "tool"})}
    )
    text = _text(render_analysis_report(merged, fmt="docx"))
    assert "เครื่องมือ" in text
    assert "OIT การเปิดเผยข้อมูลสาธารณะ" in text
    assert "๑๐. การป้องกันการทุจริต" not in text


def test_the_measures_document_prints_the_analysis_as_part_1():
    text = _text(render_document(read_plan_file(ANALYSED), round_index=None, fmt="docx"))
    assert "ส่วนที่ ๑ การวิเคราะห์ผลการประเมิน" in text
    assert "แนวทางการพัฒนา" in text
    seed = _text(render_document(read_plan_file(EXAMPLE), round_index=None, fmt="docx"))
    assert "ส่วนที่ ๑" not in seed


def test_comments_are_saved_and_printed_and_the_report_downloads(
    client, coordinator, officer_b, plan_a
):
    _results(plan_a.agency)
    client.force_login(coordinator)
    page = client.get("/a/thaphae/results/2565/analysis/").content.decode()
    assert 'name="issues_10"' in page
    response = client.post(
        "/a/thaphae/results/2565/analysis/comments/",
        {
            "rows_grouping": "indicator",
            "grouping": "indicator",
            "issues_10": "ยังไม่มีแผนปฏิบัติการป้องกันการทุจริต",
            "development_10": "จัดทำแผนปฏิบัติการป้องกันการทุจริต",
            "include_in_plan": "on",
        },
    )
    assert response.status_code == 302
    stored = ResultAnalysis.objects.get(result__fiscal_year__be_year=2565)
    assert stored.comments["10"]["issues"] == "ยังไม่มีแผนปฏิบัติการป้องกันการทุจริต"
    download = client.get("/a/thaphae/documents/results/2565/analysis/report.docx")
    assert download.status_code == 200
    text = _text(b"".join(download.streaming_content))
    assert "ยังไม่มีแผนปฏิบัติการป้องกันการทุจริต" in text
    assert "จัดทำแผนปฏิบัติการป้องกันการทุจริต" in text
    client.force_login(officer_b)
    assert client.get("/a/thaphae/documents/results/2565/analysis/report.docx").status_code == 404
    assert (
        client.post("/a/thaphae/results/2565/analysis/comments/", {"issues_10": "x"}).status_code
        == 404
    )


@pytest.mark.soffice
def test_the_report_renders_to_pdf_with_thai_text():
    pdf = render_analysis_report(read_plan_file(ANALYSED), fmt="pdf")
    assert pdf.startswith(b"%PDF")


def test_the_render_command_makes_the_analysis_report(tmp_path):
    from ita_tracker.cli import main

    out = tmp_path / "analysis.docx"
    assert main(["render", str(ANALYSED), "--analysis", "-o", str(out)]) == 0
    assert "แนวทางการพัฒนา" in _text(out.read_bytes())
