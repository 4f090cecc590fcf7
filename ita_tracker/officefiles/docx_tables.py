"""Word (.docx) tables as grids, read from the XML with python-docx's parser.

Merged cells are resolved on the grid (``w:gridSpan`` across, ``w:vMerge`` down) so every row
has one cell per grid column, and a merged cell keeps one identity (``span``). Hard line breaks
split lines; a hyperlink gives its target instead of its (often broken) text; a tick drawn with
a symbol font (``w:sym``, Wingdings ü) counts as ✓.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from ita_tracker.officefiles.errors import refuse
from ita_tracker.officefiles.grid import Cell, Grid

MAX_CELLS = 100_000  # in all tables: a bound on the work (5000 rows of 20 columns)

_W_P = qn("w:p")
_W_TBL = qn("w:tbl")
_W_TR = qn("w:tr")
_W_TC = qn("w:tc")
_W_T = qn("w:t")
_W_BR = qn("w:br")
_W_CR = qn("w:cr")
_W_TAB = qn("w:tab")
_W_SYM = qn("w:sym")
_W_HYPERLINK = qn("w:hyperlink")
_W_DEL = qn("w:del")
_W_TCPR = qn("w:tcPr")
_W_GRIDSPAN = qn("w:gridSpan")
_W_VMERGE = qn("w:vMerge")
_W_VAL = qn("w:val")
_W_CHAR = qn("w:char")
_R_ID = qn("r:id")
_SDT = qn("w:sdt")
_SDT_CONTENT = qn("w:sdtContent")
# Symbol-font code points drawn as a check mark: Wingdings ü/þ, Wingdings 2 P/R, Symbol √.
_TICK_SYMBOLS = {"F0FC", "F0FE", "00FC", "00FE", "F050", "F052", "F0D6", "00D6"}


class _Para:
    def __init__(self) -> None:
        self.lines: list[str] = [""]
        self.urls: list[str] = []
        self.ticked = False


def _walk(element: Any, para: _Para, links: dict[str, str]) -> None:
    for child in element:
        tag = child.tag
        if tag == _W_T:
            para.lines[-1] += child.text or ""
        elif tag in (_W_BR, _W_CR):
            para.lines.append("")
        elif tag == _W_TAB:
            para.lines[-1] += " "
        elif tag == _W_SYM:
            if (child.get(_W_CHAR) or "").upper() in _TICK_SYMBOLS:
                para.ticked = True
        elif tag == _W_DEL:
            continue
        elif tag == _W_HYPERLINK:
            target = links.get(child.get(_R_ID) or "", "")
            if target.lower().startswith(("http://", "https://")):
                para.urls.append(target)
            else:
                _walk(child, para, links)
        elif tag == _W_TBL:
            continue  # a table nested in a cell is not part of this cell's text
        else:
            _walk(child, para, links)


def _cell(tc: Any, span: int, links: dict[str, str]) -> Cell:
    cell = Cell(span=span)
    for p in tc.iter(_W_P):
        # Paragraphs of a nested table belong to that table.
        parent = p.getparent()
        if parent is not tc and parent.tag != _SDT_CONTENT:
            continue
        para = _Para()
        _walk(p, para, links)
        cell.lines.extend(para.lines)
        cell.urls.extend(para.urls)
        cell.ticked = cell.ticked or para.ticked
    while cell.lines and not cell.lines[-1].strip():
        cell.lines.pop()
    return cell


def _grid(
    tbl: Any, number: int, links: dict[str, str], before: list[str], budget: list[int]
) -> Grid:
    grid = Grid(name=number, before=before)
    above: list[Cell] = []
    next_span = number * 100000
    for row_index, tr in enumerate(tbl.iterchildren(_W_TR), start=1):
        row: list[Cell] = []
        for tc in tr.iterchildren(_W_TC):
            tc_pr = tc.find(_W_TCPR)
            span_count = 1
            merge = None
            if tc_pr is not None:
                grid_span = tc_pr.find(_W_GRIDSPAN)
                if grid_span is not None:
                    span_count = max(1, int(grid_span.get(_W_VAL) or 1))
                v_merge = tc_pr.find(_W_VMERGE)
                if v_merge is not None:
                    merge = v_merge.get(_W_VAL) or "continue"
            column = len(row)
            if merge == "continue" and column < len(above):
                cell = above[column]
            else:
                next_span += 1
                cell = _cell(tc, next_span, links)
            row.extend([cell] * span_count)
        budget[0] -= len(row)
        if budget[0] < 0:
            raise refuse(
                f"ตารางในไฟล์มีช่องรวมเกิน {MAX_CELLS:,} ช่อง",
                f"the file's tables have more than {MAX_CELLS:,} cells",
            )
        grid.rows.append(row)
        grid.row_numbers.append(row_index)
        above = row
    return grid


def _text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(_W_T))


def read_docx_tables(data: bytes) -> tuple[list[Grid], list[str]]:
    """The body's tables (in order, each with the paragraphs before it) and its paragraphs."""
    document = Document(io.BytesIO(data))
    links = {
        rel_id: rel.target_ref
        for rel_id, rel in document.part.rels.items()
        if rel.reltype == RT.HYPERLINK
    }
    grids: list[Grid] = []
    paragraphs: list[str] = []
    recent: list[str] = []
    budget = [MAX_CELLS]
    body = document.element.body

    def visit(container: Any) -> None:
        for child in container.iterchildren():
            if child.tag == _W_P:
                text = _text(child).strip()
                if text:
                    paragraphs.append(text)
                    recent.append(text)
                    del recent[:-3]
            elif child.tag == _W_TBL:
                grids.append(_grid(child, len(grids) + 1, links, list(recent), budget))
                recent.clear()
            elif child.tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    visit(content)

    visit(body)
    return grids, paragraphs
