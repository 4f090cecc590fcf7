"""Small Word files with one oddity each, built with python-docx in memory."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

PLAN_HEADER = ["มาตรการ/แนวทาง", "วิธีดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "การติดตามประเมินผล"]
WINGDINGS_TICK = "\x00wingdings-tick"  # a cell value: draw a Wingdings ✓ (w:sym), no character


def _fill(cell, value: str) -> None:
    """Cell text; ``\\n`` is a new paragraph, ``\\v`` a hard line break inside one."""
    cell.text = ""
    paragraphs = value.split("\n")
    first = cell.paragraphs[0]
    for index, text in enumerate(paragraphs):
        paragraph = first if index == 0 else cell.add_paragraph()
        if text == WINGDINGS_TICK:
            run = paragraph.add_run()
            sym = OxmlElement("w:sym")
            sym.set(qn("w:font"), "Wingdings")
            sym.set(qn("w:char"), "F0FC")
            run._r.append(sym)
            continue
        pieces = text.split("\v")
        for p_index, piece in enumerate(pieces):
            run = paragraph.add_run(piece)
            if p_index < len(pieces) - 1:
                run.add_break()


def docx_bytes(
    tables: Sequence[Sequence[Sequence[str]]],
    *,
    before: Sequence[str] = (),
    merges: Sequence[tuple[int, int, int, int, int]] = (),
    paragraphs_between: Sequence[str] = (),
) -> bytes:
    """A document with ``before`` paragraphs, then each table (rows of cell texts).

    ``merges``: (table, row1, col1, row2, col2) cells merged after filling; the merged cell
    keeps the text of its first cell. ``paragraphs_between[i]`` is written before table i+1.
    """
    document = Document()
    for text in before:
        document.add_paragraph(text)
    made = []
    for index, rows in enumerate(tables):
        if index and index - 1 < len(paragraphs_between):
            document.add_paragraph(paragraphs_between[index - 1])
        width = max(len(r) for r in rows)
        table = document.add_table(rows=len(rows), cols=width)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                _fill(table.cell(r, c), value)
        made.append(table)
    for t, r1, c1, r2, c2 in merges:
        table = made[t]
        keep = table.cell(r1, c1).text
        merged = table.cell(r1, c1).merge(table.cell(r2, c2))
        _fill(merged, keep)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
