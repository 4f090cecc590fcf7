"""Excel (.xlsx) and CSV: a plan's measures in the agencies' own table layout, and back.

Export: one sheet per tool (IIT, EIT, OIT) with Thai headers, BE periods and dates as text,
drop-down lists for the status and the units, a frozen header row and A4 landscape printing;
a sheet ``ข้อมูล`` names the agency, the year and the round. CSV: one table with a tool column,
UTF-8 with a BOM so that Excel opens the Thai text correctly.

Import: ``lib/spreadsheets.py`` opens the file (the same checks and refusals as the results
import); every sheet (or the CSV) becomes a grid that ``tables.read_grids`` reads exactly as it
reads Word tables, so an agency's own sheet works when its headers look like the seed's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from ita_tracker.lib import spreadsheets, thai_dates
from ita_tracker.lib.errors import LocatedProblem
from ita_tracker.officefiles import limits
from ita_tracker.officefiles.errors import refusing
from ita_tracker.officefiles.grid import Cell, Grid
from ita_tracker.officefiles.model import ReadResult
from ita_tracker.officefiles.tables import MAX_ROWS, read_grids
from ita_tracker.planfile.schema import PlanFile, Round, RoundKind, Status

STATUS_LABELS = {
    Status.NOT_STARTED: "ยังไม่ดำเนินการ",
    Status.IN_PROGRESS: "อยู่ระหว่างดำเนินการ",
    Status.COMPLETED: "ดำเนินการเสร็จเรียบร้อยแล้ว",
}
ROUND_LABELS = {RoundKind.SIX_MONTH: "รอบ 6 เดือน", RoundKind.TWELVE_MONTH: "รอบ 12 เดือน"}
INFO_SHEET = "ข้อมูล"
LISTS_SHEET = "lists"
FONT = "TH SarabunPSK"

# (role, header, width in characters)
PLAN_COLUMNS = (
    ("number", "ที่", 5),
    ("title", "มาตรการ/แนวทาง", 40),
    ("methods", "วิธีดำเนินการ", 55),
    ("responsible", "ผู้รับผิดชอบ", 30),
    ("responsible_note", "ผู้รับผิดชอบอื่น", 18),
    ("period", "ระยะเวลาดำเนินการ", 18),
    ("follow_up", "การติดตามประเมินผล", 28),
    ("indicators", "ตัวชี้วัด", 9),
    ("carried_over", "ต่อเนื่องจากปีก่อน", 10),
)
ROUND_COLUMNS = (
    ("status", "สถานะ", 22),
    ("evidence", "ข้อความใต้เครื่องหมาย ✓", 28),
    ("note", "ผลการดำเนินงาน", 35),
    ("urls", "ลิงก์หลักฐาน", 30),
)


def _round_label(round_: Round) -> str:
    return round_.label or ROUND_LABELS.get(round_.kind, "")


def _rows(plan: PlanFile, round_index: int | None, *, with_tool: bool) -> list[dict[str, Any]]:
    round_ = plan.rounds[round_index] if round_index is not None else None
    rows = []
    for tool, entries in plan.measures_by_tool().items():
        for number, (key, measure) in enumerate(entries, start=1):
            row: dict[str, Any] = {
                "tool": tool.value,
                "number": number,
                "title": measure.title,
                "methods": "\n".join(f"- {step}" for step in measure.methods),
                "responsible": "\n".join(measure.responsible),
                "responsible_note": measure.responsible_note,
                "period": thai_dates.format_month_range(
                    measure.period.start, measure.period.end, thai_digits=False
                ),
                "follow_up": measure.follow_up,
                "indicators": ", ".join(str(i) for i in measure.indicators),
                "carried_over": "ใช่" if measure.carried_over else "",
            }
            if round_ is not None:
                progress = round_.progress.get(key)
                status = progress.status if progress else Status.NOT_STARTED
                row.update(
                    {
                        "status": STATUS_LABELS[status],
                        "evidence": progress.evidence if progress else "",
                        "note": progress.note if progress else "",
                        "urls": "\n".join(progress.urls) if progress else "",
                    }
                )
            rows.append(row)
    del with_tool
    return rows


def _columns(round_index: int | None) -> tuple[tuple[str, str, int], ...]:
    return PLAN_COLUMNS + (ROUND_COLUMNS if round_index is not None else ())


def _status_header(plan: PlanFile, round_index: int | None) -> str:
    if round_index is None:
        return ""
    label = _round_label(plan.rounds[round_index])
    return f"สถานะ ({label})" if label else "สถานะ"


def write_xlsx(plan: PlanFile, *, round_index: int | None = None) -> bytes:
    """The plan (and the statuses of ``plan.rounds[round_index]``) as an Excel workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    workbook.remove(workbook.active)
    columns = _columns(round_index)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_font = Font(name=FONT, size=14, bold=True)
    body_font = Font(name=FONT, size=14)
    wrap = Alignment(wrap_text=True, vertical="top")
    fill = PatternFill("solid", fgColor="DDEBF7")

    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    statuses = list(STATUS_LABELS.values())
    for index, label in enumerate(statuses, start=1):
        lists.cell(row=index, column=1, value=label)
    unit_paths = sorted(plan.agency.unit_paths(), key=_unit_order(plan))
    for index, path in enumerate(unit_paths, start=1):
        lists.cell(row=index, column=2, value=path)

    rows = _rows(plan, round_index, with_tool=False)
    for tool in ("IIT", "EIT", "OIT"):
        sheet = workbook.create_sheet(tool)
        for col, (role, header, width) in enumerate(columns, start=1):
            if role == "title":
                header = f"มาตรการ/แนวทาง ยกระดับ {tool}"
            elif role == "status":
                header = _status_header(plan, round_index)
            cell = sheet.cell(row=1, column=col, value=header)
            cell.font, cell.alignment, cell.fill, cell.border = head_font, wrap, fill, border
            sheet.column_dimensions[get_column_letter(col)].width = width
        tool_rows = [r for r in rows if r["tool"] == tool]
        for r_index, row in enumerate(tool_rows, start=2):
            for col, (role, _, _) in enumerate(columns, start=1):
                value = row[role]
                cell = sheet.cell(row=r_index, column=col, value=value if value != "" else None)
                cell.font, cell.alignment, cell.border = body_font, wrap, border
                if role != "number":
                    cell.number_format = "@"  # text: BE dates and "1, 2" stay as typed
        last = max(len(tool_rows) + 1, 2) + 200  # room for measures added in Excel
        roles = [role for role, _, _ in columns]
        if "status" in roles:
            letter = get_column_letter(roles.index("status") + 1)
            status_list = DataValidation(
                type="list",
                formula1=f"={LISTS_SHEET}!$A$1:$A${len(statuses)}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="สถานะ",
                error="เลือกจากรายการ: " + " / ".join(statuses),
            )
            sheet.add_data_validation(status_list)
            status_list.add(f"{letter}2:{letter}{last}")
        if unit_paths:
            letter = get_column_letter(roles.index("responsible") + 1)
            # A drop-down to help; several units (one per line) are still allowed.
            unit_list = DataValidation(
                type="list",
                formula1=f"={LISTS_SHEET}!$B$1:$B${len(unit_paths)}",
                allow_blank=True,
                showErrorMessage=False,
            )
            sheet.add_data_validation(unit_list)
            unit_list.add(f"{letter}2:{letter}{last}")
        sheet.freeze_panes = "C2"
        sheet.print_title_rows = "1:1"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.gridLines = False

    info = workbook.create_sheet(INFO_SHEET)
    info_rows: list[tuple[str, ...]] = [
        ("หน่วยงาน", plan.agency.name, plan.agency.slug),
        ("ปีงบประมาณ", str(plan.fiscal_year)),
    ]
    if round_index is not None:
        round_ = plan.rounds[round_index]
        info_rows.append(("รอบรายงาน", _round_label(round_), round_.kind.value))
        info_rows.append(
            (
                "ช่วงเวลารายงาน",
                thai_dates.format_date(round_.period.start, "short", thai_digits=False),
                thai_dates.format_date(round_.period.end, "short", thai_digits=False),
            )
        )
    for r_index, values in enumerate(info_rows, start=1):
        for col, value in enumerate(values, start=1):
            cell = info.cell(row=r_index, column=col, value=value)
            cell.number_format = "@"
            cell.font = head_font if col == 1 else body_font
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 40
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _unit_order(plan: PlanFile) -> Any:
    order = {}
    for u_index, unit in enumerate(plan.agency.units):
        order[unit.name] = (u_index, -1)
        for s_index, section in enumerate(unit.sections):
            order[f"{unit.name}/{section.name}"] = (u_index, s_index)
    return lambda path: order.get(path, (999, 0))


def write_csv(plan: PlanFile, *, round_index: int | None = None) -> bytes:
    """One table, a tool column first; UTF-8 with BOM (Excel reads Thai correctly then)."""
    columns = (("tool", "เครื่องมือ", 0), *_columns(round_index))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    headers = []
    for role, header, _ in columns:
        headers.append(_status_header(plan, round_index) if role == "status" else header)
    writer.writerow(headers)
    for row in _rows(plan, round_index, with_tool=True):
        writer.writerow([row[role] for role, _, _ in columns])
    return buffer.getvalue().encode("utf-8-sig")


# --- reading -------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ใช่" if value else ""
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        # Excel turned a typed date into a Christian-era serial date: write it back in BE.
        return f"{day.day}/{day.month}/{thai_dates.be_year(day)}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _cell(value: Any, span: int = 0, url: str = "") -> Cell:
    text = _text(value).replace("\r\n", "\n")
    return Cell(lines=text.split("\n") if text else [], urls=[url] if url else [], span=span)


def read_xlsx(data: bytes, source: str) -> ReadResult:
    # The package was checked by ``limits.open_ooxml``; merged cells and hyperlinks need the
    # full (not read-only) workbook.
    with refusing(source):
        workbook = spreadsheets.load_workbook(data, read_only=False)
    grids: list[Grid] = []
    heads: list[str] = []
    slug = ""
    fiscal_year = None
    round_kind = ""
    round_period = None
    budget = MAX_ROWS
    cut: list[LocatedProblem] = []
    for sheet in workbook.worksheets:
        if sheet.title == LISTS_SHEET or sheet.sheet_state != "visible":
            continue
        if sheet.title == INFO_SHEET:
            for row in sheet.iter_rows(max_row=20, max_col=3, values_only=True):
                label, *rest = (_text(v).strip() for v in row)
                if label == "หน่วยงาน" and len(rest) > 1:
                    slug = rest[1]
                elif label == "ปีงบประมาณ" and rest and rest[0].isdigit():
                    fiscal_year = int(rest[0])
                elif (
                    label == "รอบรายงาน"
                    and len(rest) > 1
                    and rest[1] in {k.value for k in RoundKind}
                ):
                    round_kind = rest[1]
                elif label == "ช่วงเวลารายงาน" and len(rest) > 1 and rest[0] and rest[1]:
                    round_period = (rest[0], rest[1])
            continue
        # Sheets formatted down to row 1,048,576 are common: read up to the bound and say so.
        height = min(sheet.max_row, budget)
        width = min(sheet.max_column, 40)
        budget -= height
        if sheet.max_row > height:
            cut.append(
                LocatedProblem(
                    f"อ่านแผ่นงาน «{sheet.title}» ถึงแถว {height} เท่านั้น "
                    f"(รวมทั้งไฟล์ไม่เกิน {MAX_ROWS} แถว)",
                    f"sheet {sheet.title!r} was read down to row {height} only "
                    f"(at most {MAX_ROWS} rows in all)",
                )
            )
        merged: dict[tuple[int, int], tuple[int, int]] = {}
        for span in list(sheet.merged_cells.ranges)[:MAX_ROWS]:
            # Clipped to what is read: a range over a whole sheet costs nothing.
            for r in range(span.min_row, min(span.max_row, height) + 1):
                for c in range(span.min_col, min(span.max_col, width) + 1):
                    merged[(r, c)] = (span.min_row, span.min_col)
        grid = Grid(name=sheet.title)
        made: dict[tuple[int, int], Cell] = {}
        for r_index, row in enumerate(
            sheet.iter_rows(min_row=1, max_row=height, max_col=width), start=1
        ):
            cells: list[Cell] = []
            for c_index, xl_cell in enumerate(row, start=1):
                top = merged.get((r_index, c_index))
                if top is not None and top != (r_index, c_index) and top in made:
                    cells.append(made[top])
                    continue
                link = xl_cell.hyperlink.target if xl_cell.hyperlink is not None else ""
                span = r_index * 1000 + c_index if top is not None else 0
                cell = _cell(xl_cell.value, span, link or "")
                made[(r_index, c_index)] = cell
                cells.append(cell)
            grid.rows.append(cells)
            grid.row_numbers.append(r_index)
            if r_index <= 3:
                heads.extend(c.text for c in cells if c.text)
        grids.append(grid)
    result = read_grids(grids, heads, source=source, kind="xlsx")
    result.agency_slug = slug
    result.fiscal_year = fiscal_year or result.fiscal_year
    result.round_kind = round_kind or result.round_kind
    result.round_period = round_period
    result.notes.extend(cut)
    return result


def read_csv(data: bytes, source: str) -> ReadResult:
    limits.check_size(data, source)
    grid = Grid(name=source)
    heads: list[str] = []
    with refusing(source):
        text = spreadsheets.decode_csv(data)
        for r_index, values in spreadsheets.csv_rows(text, max_rows=MAX_ROWS, max_columns=40):
            cells = [_cell(v) for v in values]
            grid.rows.append(cells)
            grid.row_numbers.append(r_index)
            if r_index <= 3:
                heads.extend(c.text for c in cells if c.text)
    width = max((len(r) for r in grid.rows), default=0)
    for row in grid.rows:
        row.extend(Cell() for _ in range(width - len(row)))
    return read_grids([grid], heads, source=source, kind="csv")
