"""Measures out of tables: the seed's layout and the variants agencies make of it.

A measures table has a header row (or two, when the status columns are grouped under one
merged heading) naming its columns: มาตรการ/แนวทาง, วิธีดำเนินการ, ผู้รับผิดชอบ, ระยะเวลา,
การติดตามประเมินผล, ตัวชี้วัด; a status table has ✓ columns (ยังไม่ดำเนินการ /
อยู่ระหว่างดำเนินการ / ดำเนินการเสร็จเรียบร้อยแล้ว) or one column of status words. The tool comes
from the header ("ยกระดับ IIT"), a heading row spanning the table, a tool column, the sheet's
name or the paragraph before the table. Header rows repeated inside a table are skipped; a row
without a number under a numbered one continues it (a row split across pages).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ita_tracker.lib.errors import LocatedProblem, Location
from ita_tracker.lib.thai_digits import to_arabic_digits
from ita_tracker.officefiles import text as tx
from ita_tracker.officefiles.errors import refuse
from ita_tracker.officefiles.grid import Cell, Grid
from ita_tracker.officefiles.model import RawMeasure, ReadResult

TICKS = "✓✔√☑✅🗸"
_TOOL_WORD = re.compile(r"(?<![A-Za-z])(IIT|EIT|OIT)(?![A-Za-z])", re.IGNORECASE)
_TOOL_NAMES = (
    ("ผู้มีส่วนได้ส่วนเสียภายใน", "IIT"),
    ("ผู้มีส่วนได้ส่วนเสียภายนอก", "EIT"),
    ("เปิดเผยข้อมูลสาธารณะ", "OIT"),
)
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
MAX_ROWS = 5000  # rows looked at in all tables together: a bound on time, whatever the file


def detect_tool(text: str) -> str | None:
    match = _TOOL_WORD.search(text)
    if match:
        return match.group(1).upper()
    squeezed = text.replace(" ", "")
    for words, tool in _TOOL_NAMES:
        if words in squeezed:
            return tool
    return None


def status_of(text: str) -> str | None:
    """The status a status word names: ดำเนินการแล้ว, อยู่ระหว่าง…, ยังไม่…, แล้วเสร็จ …"""
    squeezed = tx.key(text)
    if not squeezed:
        return None
    if "ยังไม่" in squeezed or squeezed in ("notstarted", "ไม่ได้ดำเนินการ"):
        return "not_started"
    if "ระหว่าง" in squeezed or "กำลัง" in squeezed or squeezed == "inprogress":
        return "in_progress"
    if "เสร็จ" in squeezed or "แล้ว" in squeezed or squeezed in ("completed", "done"):
        return "completed"
    return None


# Column roles, tried in this order on the header's text (spaces removed).
_ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("urls", ("ลิงก์", "ลิงค์", "url", "link")),
    ("evidence", ("ใต้เครื่องหมาย", "ข้อความใต้")),
    ("results", ("ผลการดำเนิน", "ผลการปฏิบัติ", "หลักฐาน")),
    ("tool", ("เครื่องมือ",)),
    ("carried_over", ("ต่อเนื่อง",)),
    ("indicators", ("ตัวชี้วัด",)),
    ("period", ("ระยะเวลา",)),
    ("follow_up", ("ติดตาม",)),
    ("responsible_note", ("รับผิดชอบอื่น",)),
    ("responsible", ("รับผิดชอบ",)),
    ("methods", ("วิธี", "ขั้นตอน", "กิจกรรม")),
    ("status", ("สถานะ",)),
    ("title", ("มาตรการ", "แนวทาง", "โครงการ")),
    ("number", ("ลำดับ",)),
)


def _role(header: str) -> str | None:
    squeezed = tx.key(header)
    if not squeezed:
        return None
    if squeezed in ("ที่", "no"):
        return "number"
    for role, words in _ROLES:
        if any(word in squeezed for word in words):
            return role
    return None


@dataclass
class _Layout:
    columns: dict[str, int] = field(default_factory=dict)
    ticks: list[tuple[int, str]] = field(default_factory=list)  # (column, status)
    tool: str | None = None
    header_keys: set[str] = field(default_factory=set)

    @property
    def is_measures(self) -> bool:
        has_body = any(r in self.columns for r in ("methods", "responsible", "period", "status"))
        return "title" in self.columns and (has_body or bool(self.ticks))

    @property
    def has_plan(self) -> bool:
        return any(r in self.columns for r in ("responsible", "period", "follow_up"))

    @property
    def has_status(self) -> bool:
        return bool(self.ticks) or "status" in self.columns


def _layout(header_rows: list[list[Cell]]) -> _Layout:
    layout = _Layout()
    width = max(len(r) for r in header_rows)
    for column in range(width):
        texts: list[str] = []
        for row in header_rows:
            if column < len(row):
                value = tx.join(tx.clean_lines(row[column].lines))
                if value and value not in texts:
                    texts.append(value)
        if not texts:
            continue
        # A status word under a merged "สถานะ" heading makes a tick column.
        tick_status = status_of(texts[-1]) if len(texts) > 1 or _role(texts[0]) is None else None
        if tick_status and _role(texts[-1]) in (None, "status"):
            layout.ticks.append((column, tick_status))
            continue
        role = _role(texts[0]) or (_role(texts[-1]) if len(texts) > 1 else None)
        if role and role not in layout.columns:
            layout.columns[role] = column
        for value in texts:
            tool = detect_tool(value)
            if tool and role == "title":
                layout.tool = tool
        layout.header_keys.update(tx.key(v) for v in texts)
    if layout.ticks:
        layout.columns.pop("status", None)
    return layout


def _looks_like_header(row: list[Cell]) -> bool:
    texts = [tx.clean(" ".join(c.lines)) for c in row if c.text.strip()]
    # Headers are short labels: a numbered title, a bullet or a long text is data.
    if any(len(t) > 80 or tx.is_item_start(t) for t in texts):
        return False
    roles = {_role(c.text) for c in row if c.text.strip()}
    roles.discard(None)
    statuses = [status_of(c.text) for c in row if c.text.strip() and _role(c.text) is None]
    return ("title" in roles and len(roles) >= 2) or (len([s for s in statuses if s]) >= 2)


def _is_heading_row(row: list[Cell]) -> str | None:
    """A row that is one merged cell across the table, or whose only text names a tool
    ("ยกระดับ EIT"): a heading. Returns its text."""
    spans = {c.span for c in row}
    texts = [c.text for c in row if c.text.strip()]
    if len(row) > 1 and len(spans) == 1 and 0 not in spans:
        return texts[0] if texts else ""
    if len(texts) == 1 and detect_tool(texts[0]):
        number, _ = tx.strip_number(tx.clean(texts[0]))
        if number is None:
            return texts[0]
    return None


def _tick(cell: Cell) -> tuple[bool, str]:
    """(ticked, the text under the tick without its parentheses)."""
    text = tx.join(tx.clean_lines(cell.lines))
    ticked = cell.ticked or any(t in text for t in TICKS)
    stripped = text
    for t in TICKS:
        stripped = stripped.replace(t, "")
    stripped = stripped.strip()
    if not ticked and stripped in ("/", "X", "x"):
        return True, ""
    if stripped in ("-", "–", "—"):
        stripped = ""
    stripped = re.sub(r"^\((.*)\)$", r"\1", stripped.strip(), flags=re.S).strip()
    return ticked, stripped


def _results(cell: Cell) -> tuple[str, list[str]]:
    note_lines: list[str] = []
    urls = list(cell.urls)
    for line in tx.clean_lines(cell.lines):
        found = _URL.findall(line)
        if found and _URL.sub("", line).strip() == "":
            urls.extend(u for u in found if u not in urls)
        else:
            note_lines.append(line)
    note = "\n".join(note_lines)
    return ("" if note in ("-", "–") else note), urls


def _indicators(text: str) -> list[int]:
    return sorted({int(n) for n in re.findall(r"\d+", to_arabic_digits(text)) if 1 <= int(n) <= 10})


@dataclass
class _Table:
    grid: Grid
    layout: _Layout
    measures: list[RawMeasure]


def _cell_text(row: list[Cell], above: list[Cell] | None, column: int | None) -> Cell:
    """The cell at ``column``, empty when it only continues a merged cell from the row above."""
    if column is None or column >= len(row):
        return Cell()
    cell = row[column]
    if above is not None and column < len(above) and cell.span and above[column].span == cell.span:
        return Cell()
    return cell


def _parse_grid(grid: Grid, tool_before: str | None, budget: list[int]) -> _Table | None:
    rows = grid.rows
    header_at = None
    heading_tool = None
    for index, row in enumerate(rows[:8]):
        heading = _is_heading_row(row)
        if heading is not None and not _looks_like_header(row):
            heading_tool = detect_tool(heading) or heading_tool
            continue
        if _looks_like_header(row):
            header_at = index
            break
    if header_at is None:
        return None
    header_rows = [rows[header_at]]
    end = header_at + 1
    while end < len(rows) and end < header_at + 3 and _is_header_continuation(rows[end]):
        header_rows.append(rows[end])
        end += 1
    layout = _layout(header_rows)
    if not layout.is_measures:
        return None
    name_tool = detect_tool(str(grid.name)) if isinstance(grid.name, str) else None
    tool = layout.tool or heading_tool or name_tool or tool_before
    cols = layout.columns
    measures: list[RawMeasure] = []
    current: RawMeasure | None = None
    numbered = False
    for index in range(end, len(rows)):
        budget[0] -= 1
        if budget[0] < 0:
            raise refuse(
                f"ไฟล์มีแถวในตารางเกิน {MAX_ROWS} แถว",
                f"the file has more than {MAX_ROWS} table rows",
                Location(grid.name, grid.row_numbers[index]),
            )
        row = rows[index]
        above = rows[index - 1] if index > 0 else None
        row_no = grid.row_numbers[index]
        if not any(c.text.strip() or c.ticked for c in row):
            continue
        if _looks_like_header(row):
            again = _layout([row])
            if again.tool:
                tool = again.tool
            current = None
            continue
        heading = _is_heading_row(row)
        if heading is not None:
            found = detect_tool(heading)
            if found:
                tool = found
                current = None
            continue
        title_cell = _cell_text(row, above, cols.get("title"))
        title_lines = tx.clean_lines(title_cell.lines)
        number, first = tx.strip_number(title_lines[0]) if title_lines else (None, "")
        if title_lines:
            title_lines[0] = first
        row_tool = tool
        if "tool" in cols:
            row_tool = detect_tool(_cell_text(row, above, cols["tool"]).text) or tool
        number_cell = _cell_text(row, above, cols.get("number"))
        if number is None and number_cell.text.strip():
            digits = re.findall(r"\d+", to_arabic_digits(number_cell.text))
            number = int(digits[0]) if digits else None
        continues = current is not None and (
            not title_lines or (number is None and numbered and "number" not in cols)
        )
        if continues:
            assert current is not None
            measure = current
            if title_lines:
                measure.title = tx.join([measure.title, *title_lines])
        else:
            if not title_lines:
                continue
            where = Location(grid.name, row_no)
            if row_tool is None:
                raise refuse(
                    "ไม่รู้ว่ามาตรการนี้อยู่ในเครื่องมือใด (IIT EIT หรือ OIT) "
                    "ให้ระบุในหัวตาราง เช่น «มาตรการ/แนวทาง ยกระดับ IIT» หรือเพิ่มคอลัมน์เครื่องมือ",
                    "cannot tell the tool (IIT, EIT or OIT) of this measure: name it in the "
                    "header, e.g. 'มาตรการ/แนวทาง ยกระดับ IIT', or add a tool column",
                    where,
                )
            measure = RawMeasure(tool=row_tool, title=tx.join(title_lines), number=number)
            measure.where = where
            numbered = number is not None
            measures.append(measure)
            current = measure
        # Under a title merged down from the row above, a row is a step of its own; under an
        # empty title it is the rest of a row that was split (mid-sentence) across pages.
        title_col = cols.get("title")
        merged_title = (
            continues
            and above is not None
            and title_col is not None
            and title_col < len(row)
            and row[title_col].span != 0
            and row[title_col].span == above[title_col].span
        )
        _fill(measure, row, above, layout, grid, row_no, continuing=continues and not merged_title)
    for measure in measures:
        if not measure.title:
            measure.flag("title", "ไม่มีชื่อมาตรการ", "the measure has no title")
        _mend_words(measure)
    return _Table(grid, layout, measures)


def _mend_words(measure: RawMeasure) -> None:
    """Spaces inside words taken out (``ทุกส่วน ราชการ``), each shown for confirmation."""

    def mend(field: str, text: str) -> str:
        fixed, places = tx.mend_split_words(text)
        if places:
            shown = ", ".join(f"«{place}»" for place in places)
            measure.flag(
                field,
                f"นำช่องว่างกลางคำออก: {shown}",
                f"spaces inside words were taken out: {shown}",
            )
        return fixed

    measure.title = mend("title", measure.title)
    measure.methods = [mend("methods", step) for step in measure.methods]
    measure.follow_up = mend("follow_up", measure.follow_up)
    measure.evidence = mend("status", measure.evidence)
    measure.note = "\n".join(mend("status", line) for line in measure.note.split("\n"))


def _is_header_continuation(row: list[Cell]) -> bool:
    statuses = [status_of(c.text) for c in row if c.text.strip()]
    return sum(1 for s in statuses if s) >= 2 and not any(
        tx.strip_number(tx.clean(c.text))[0] for c in row if c.text.strip()
    )


def _fill(
    measure: RawMeasure,
    row: list[Cell],
    above: list[Cell] | None,
    layout: _Layout,
    grid: Grid,
    row_no: int,
    *,
    continuing: bool,
) -> None:
    cols = layout.columns

    def cell(role: str) -> Cell:
        return _cell_text(row, above, cols.get(role))

    def where(role: str) -> Location:
        column = cols.get(role)
        return Location(grid.name, row_no, column + 1 if column is not None else None)

    methods = tx.split_items(cell("methods").lines)
    if methods:
        if (
            continuing
            and measure.methods
            and not tx.is_item_start(tx.clean_lines(cell("methods").lines)[0])
        ):
            measure.methods[-1] = tx.join([measure.methods[-1], methods[0]])
            methods = methods[1:]
        measure.methods.extend(methods)
    for line in tx.clean_lines(cell("responsible").lines):
        for piece in re.split(r"\s*[,،;]\s*", line):
            piece = tx.clean(tx.strip_item_mark(piece))
            if piece and piece not in ("-", "–"):
                measure.responsible.append(piece)
    note = tx.join(tx.clean_lines(cell("responsible_note").lines))
    if note:
        measure.responsible_note = tx.join([measure.responsible_note, note]).strip()
    period = tx.join(tx.clean_lines(cell("period").lines))
    if period:
        measure.period = f"{measure.period} {period}".strip() if continuing else period
    follow = tx.join(tx.clean_lines(cell("follow_up").lines))
    if follow:
        measure.follow_up = tx.join([measure.follow_up, follow])
    if "indicators" in cols:
        measure.indicators = sorted({*measure.indicators, *_indicators(cell("indicators").text)})
    if "carried_over" in cols:
        flag = tx.key(cell("carried_over").text)
        if flag:
            measure.carried_over = flag in ("ใช่", "ต่อเนื่อง", "yes", "y", "true", "1", "✓")
    if layout.ticks:
        ticked: list[tuple[str, str, int]] = []
        for column, status in layout.ticks:
            is_ticked, under = _tick(_cell_text(row, above, column))
            if is_ticked:
                ticked.append((status, under, column))
        if ticked:
            status, under, column = ticked[-1]
            measure.status = status
            if under:
                measure.evidence = under
            if len(ticked) > 1:
                measure.flag(
                    "status",
                    "มีเครื่องหมาย ✓ มากกว่าหนึ่งช่อง ใช้ช่องขวาสุด",
                    "more than one column is ticked; the rightmost was taken",
                    Location(grid.name, row_no, column + 1),
                )
        elif measure.status is None and not continuing:
            measure.status = "not_started"
            measure.flag(
                "status",
                "ไม่มีเครื่องหมาย ✓ ในช่องสถานะ ถือว่ายังไม่ดำเนินการ",
                "no status column is ticked; taken as not started",
                Location(grid.name, row_no),
            )
    elif "status" in cols:
        written = tx.join(tx.clean_lines(cell("status").lines))
        if written:
            found = status_of(written)
            rest = re.findall(r"\(([^)]*)\)", written)
            if rest:
                measure.evidence = tx.clean(" ".join(rest))
            if found:
                measure.status = found
            else:
                measure.status = "not_started"
                measure.flag(
                    "status",
                    f"อ่านสถานะ «{written}» ไม่ออก ถือว่ายังไม่ดำเนินการ",
                    f"cannot read the status {written!r}; taken as not started",
                    where("status"),
                )
        elif measure.status is None and not continuing:
            measure.status = "not_started"
            measure.flag(
                "status",
                "ช่องสถานะว่าง ถือว่ายังไม่ดำเนินการ",
                "the status is empty; taken as not started",
                where("status"),
            )
    evidence = tx.join(tx.clean_lines(cell("evidence").lines))
    if evidence:
        measure.evidence = evidence
    if "results" in cols:
        note, urls = _results(cell("results"))
        if note:
            measure.note = f"{measure.note}\n{note}".strip() if measure.note else note
        measure.urls.extend(u for u in urls if u not in measure.urls)
    if "urls" in cols:
        for line in tx.clean_lines(cell("urls").lines):
            for url in _URL.findall(line) or [line]:
                if url not in measure.urls:
                    measure.urls.append(url)


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, tx.key(a), tx.key(b), autojunk=False).ratio()


def _merge(plan: list[RawMeasure], status: list[RawMeasure]) -> list[RawMeasure]:
    """Statuses from the status table onto the measures of the plan table (same tool)."""
    used: set[int] = set()
    extra: list[RawMeasure] = []
    by_title: dict[str, list[int]] = {}
    for index, measure in enumerate(plan):
        by_title.setdefault(tx.key(measure.title), []).append(index)
    for item in status:
        match = next((i for i in by_title.get(tx.key(item.title), []) if i not in used), None)
        candidates = [i for i in range(len(plan)) if i not in used] if match is None else []
        if match is None and item.number is not None:
            by_number = [i for i in candidates if plan[i].number == item.number]
            if by_number:
                match = by_number[0]
        if match is None and candidates:
            best = max(candidates, key=lambda i: _similar(plan[i].title, item.title))
            if _similar(plan[best].title, item.title) >= 0.8:
                match = best
        if match is None:
            item.flag(
                "title",
                "มาตรการนี้มีในตารางสถานะเท่านั้น ไม่พบในตารางมาตรการ",
                "this measure is only in the status table, not in the measures table",
            )
            extra.append(item)
            continue
        used.add(match)
        target = plan[match]
        if tx.key(target.title) != tx.key(item.title):
            target.flag(
                "title",
                f"ตารางสถานะเขียนชื่อต่างไป: «{item.title}» (ใช้ชื่อจากตารางมาตรการ)",
                f"the status table words the title differently: {item.title!r} "
                "(the measures table's wording is kept)",
                item.where,
            )
        target.status = item.status
        target.evidence = item.evidence or target.evidence
        target.note = item.note or target.note
        target.urls = item.urls or target.urls
        target.flags.extend(f for f in item.flags if f.field != "title")
        if not target.methods:
            target.methods = item.methods
    for index, target in enumerate(plan):
        if index not in used and target.status is None:
            target.status = "not_started"
            target.flag(
                "status",
                "ไม่พบมาตรการนี้ในตารางสถานะ ถือว่ายังไม่ดำเนินการ",
                "this measure is not in the status table; taken as not started",
            )
    return plan + extra


_ROUND_12 = re.compile(r"รอบ\s*(?:12|๑๒)\s*เดือน")
_ROUND_6 = re.compile(r"รอบ\s*(?:6|๖)\s*เดือน")
_FISCAL = re.compile(r"ปีงบประมาณ\s*(?:พ\.ศ\.)?\s*([0-9๐-๙]{4})")


def read_grids(grids: list[Grid], paragraphs: list[str], *, source: str, kind: str) -> ReadResult:
    """Every measures table of a file, plan and status tables merged per tool."""
    result = ReadResult(source=source, kind=kind)
    plan_by_tool: dict[str, list[RawMeasure]] = {}
    status_by_tool: dict[str, list[RawMeasure]] = {}
    order: list[str] = []
    budget = [MAX_ROWS]
    tool_before: str | None = None
    seen_tables = 0
    for grid in grids:
        for line in grid.before[-3:]:
            tool_before = detect_tool(line) or tool_before
        table = _parse_grid(grid, tool_before, budget)
        if table is None:
            continue
        seen_tables += 1
        if table.measures:
            tool_before = table.measures[-1].tool
        if table.layout.has_status:
            result.has_status = True
        target = plan_by_tool if table.layout.has_plan or not table.layout.has_status else None
        for measure in table.measures:
            if measure.tool not in order:
                order.append(measure.tool)
            if target is not None:
                plan_by_tool.setdefault(measure.tool, []).append(measure)
            else:
                status_by_tool.setdefault(measure.tool, []).append(measure)
    if not seen_tables:
        raise refuse(
            "ไม่พบตารางมาตรการในไฟล์ (ต้องมีหัวตาราง เช่น «มาตรการ/แนวทาง» «วิธีดำเนินการ» "
            "«ผู้รับผิดชอบ» «ระยะเวลาดำเนินการ» หรือช่องสถานะ)",
            "no measures table found: a table needs a header row such as 'มาตรการ/แนวทาง', "
            "'วิธีดำเนินการ', 'ผู้รับผิดชอบ', 'ระยะเวลาดำเนินการ' or status columns",
            source=source,
        )
    for tool in sorted(order, key=lambda t: ("IIT", "EIT", "OIT").index(t)):
        plan = plan_by_tool.get(tool, [])
        status = status_by_tool.get(tool, [])
        result.measures.extend(_merge(plan, status) if plan and status else plan or status)
    if not result.measures:
        raise refuse(
            "ตารางมาตรการในไฟล์ไม่มีมาตรการ",
            "the measures tables of the file hold no measures",
            source=source,
        )
    head = " ".join(paragraphs[:60])
    if _ROUND_12.search(head):
        result.round_kind = "twelve_month"
    elif _ROUND_6.search(head):
        result.round_kind = "six_month"
    match = _FISCAL.search(head)
    if match:
        result.fiscal_year = int(to_arabic_digits(match.group(1)))
    return result


def problem(th: str, en: str, where: Location | None = None) -> LocatedProblem:
    return LocatedProblem(th, en, where or Location())
