"""Importing ITA results from a CSV/XLSX file: one agency's history, or the national list.

The accepted columns are documented in docs/results-import.md. The whole file is read and
checked first; any error refuses the whole file with the row and column of every problem, and
nothing is written. Warnings (a level that disagrees with the computed band, a total that
disagrees with the tool scores, a column that is not understood) never refuse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from ita_tracker.agencies.models import Agency
from ita_tracker.frameworks.levels import read_level
from ita_tracker.frameworks.models import FiscalYear
from ita_tracker.frameworks.rating import Rule, rate, weighted_total
from ita_tracker.lib.errors import LocatedProblem, Location, column_letter
from ita_tracker.lib.score_text import (
    SUM_TOLERANCE,
    ScoreTextError,
    looks_like_weighted_points,
    parse_score,
    parse_weighted_points,
    points_to_score,
)
from ita_tracker.lib.spreadsheets import SheetRefused
from ita_tracker.lib.thai_digits import to_arabic_digits
from ita_tracker.results.models import ResultSource
from ita_tracker.results.services import ResultData, WriteSummary, write_results
from ita_tracker.results.sheets import Sheet, read_sheet

MAX_REPORTED = 200
TOOLS = ("iit", "eit", "oit")


def _located(row: int | None, column: str, th: str, en: str) -> LocatedProblem:
    """A problem at ``row`` (as the sheet numbers it) and ``column`` ("D (IIT)", or "")."""
    return LocatedProblem(th, en, Location(row=row, column=column or None))


class ImportRefused(Exception):
    """The file was refused as a whole; ``problems`` says where and why."""

    def __init__(self, problems: list[LocatedProblem], total: int | None = None) -> None:
        self.problems = problems
        self.total = total if total is not None else len(problems)
        super().__init__("\n".join(p.line() for p in problems[:20]))


@dataclass
class ImportReport:
    results: list[tuple[Agency, ResultData]] = field(default_factory=list)
    warnings: list[LocatedProblem] = field(default_factory=list)
    skipped: list[LocatedProblem] = field(default_factory=list)
    written: WriteSummary | None = None
    dry_run: bool = False

    def line(self) -> str:
        years = sorted({d.fiscal_year for _, d in self.results})
        written = self.written
        done = (
            f"{written.created} created, {written.updated} updated"
            if written is not None
            else "nothing written (dry run)"
        )
        return (
            f"results: {len(self.results)} rows read for {', '.join(map(str, years)) or '-'}; "
            f"{done}; {len(self.warnings)} warnings; {len(self.skipped)} skipped"
        )


class _Problems:
    def __init__(self) -> None:
        self.errors: list[LocatedProblem] = []
        self.error_count = 0
        self.warnings: list[LocatedProblem] = []

    def error(self, row: int | None, column: str, th: str, en: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED:
            self.errors.append(_located(row, column, th, en))

    def warn(self, row: int | None, column: str, th: str, en: str) -> None:
        if len(self.warnings) < MAX_REPORTED:
            self.warnings.append(_located(row, column, th, en))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ImportRefused(self.errors, self.error_count)


# --- columns --------------------------------------------------------------------------------

_OIT = re.compile(r"^o\s*(\d{1,3})(?!\d)(.*)$")
_REASON = re.compile(r"เหตุผล|reason|หมายเหตุ|คำอธิบาย|note")
_INDICATOR = re.compile(r"^(?:ตัวชี้วัด(?:ที่)?|indicator|ind\.?|i)\s*(\d{1,2})(?!\d)")
_NUMBERED_NAME = re.compile(r"^(\d{1,2})\s*[.)]\s*\S")
_POINTS = re.compile(r"ถ่วง|weighted|points")
_EXACT: dict[str, str] = {
    "ปี": "year",
    "ปีงบประมาณ": "year",
    "ปีงบประมาณพ.ศ.": "year",
    "ปีพ.ศ.": "year",
    "พ.ศ.": "year",
    "ปีที่ประเมิน": "year",
    "ปีงบประมาณที่ประเมิน": "year",
    "year": "year",
    "fiscalyear": "year",
    "fiscal_year": "year",
    "คะแนน": "total",
    "คะแนนรวม": "total",
    "คะแนนที่ได้": "total",
    "ผลคะแนน": "total",
    "คะแนนita": "total",
    "ita": "total",
    "รวม": "total",
    "total": "total",
    "score": "total",
    "ระดับ": "level",
    "ระดับผลการประเมิน": "level",
    "ระดับคะแนน": "level",
    "ผลการประเมิน": "level",
    "level": "level",
    "rating": "level",
    "หมายเหตุ": "notes",
    "notes": "notes",
    "note": "notes",
    "slug": "agency_slug",
    "agency_slug": "agency_slug",
    "รหัสในระบบ": "agency_slug",
    "หน่วยงาน": "agency_name",
    "ชื่อหน่วยงาน": "agency_name",
    "ชื่อหน่วยงานภาครัฐ": "agency_name",
    "agency": "agency_name",
    "agencyname": "agency_name",
    "agency_name": "agency_name",
    "name": "agency_name",
    "จังหวัด": "province",
    "province": "province",
    "ตัวอย่าง": "example",
    "ข้อมูลตัวอย่าง": "example",
    "example": "example",
}
_IGNORED = {
    "ที่",
    "ลำดับ",
    "ลำดับที่",
    "no",
    "no.",
    "#",
    "ประเภท",
    "ประเภทหน่วยงาน",
    "กลุ่ม",
    "กลุ่มหน่วยงาน",
    "อำเภอ",
    "กระทรวง",
    "สังกัด",
    "type",
    "group",
    "district",
    "ministry",
}


def _header_text(value: Any) -> str:
    return "".join(to_arabic_digits(str(value or "")).lower().split())


def column_key(header: Any, indicator_names: dict[str, int]) -> tuple[str, Any] | None:
    """What a column holds, from its header; None when the header is not understood.

    Keys: ``year``, ``total``, ``iit``/``eit``/``oit`` (scores), ``iit_points`` … (weighted
    points), ``level``, ``notes``, ``agency_slug``, ``agency_name``, ``province``, ``ignore``,
    ``indicator`` (number), ``oit_item`` (code), ``oit_reason`` (code).
    """
    text = _header_text(header)
    if not text:
        return None
    if text in _IGNORED:
        return ("ignore", None)
    match = _OIT.match(text)
    if match and not text.startswith("oit"):
        code = f"O{int(match.group(1))}"
        return ("oit_reason", code) if _REASON.search(match.group(2)) else ("oit_item", code)
    if text in _EXACT:
        return (_EXACT[text], None)
    for tool in TOOLS:
        if tool in text:
            return (f"{tool}_points" if _POINTS.search(text) else tool, None)
    match = _INDICATOR.match(text) or _NUMBERED_NAME.match(text)
    if match and 1 <= int(match.group(1)) <= 20:
        return ("indicator", int(match.group(1)))
    for name, number in indicator_names.items():
        if name and name in text:
            return ("indicator", number)
    if "ปีงบประมาณ" in text:
        return ("year", None)
    if "คะแนนรวม" in text or "ita" in text:
        return ("total", None)
    if "ระดับ" in text:
        return ("level", None)
    return None


def _indicator_names() -> dict[str, int]:
    from ita_tracker.frameworks.models import Indicator

    names: dict[str, int] = {}
    for number, name in Indicator.objects.values_list("number", "name_th").distinct():
        names["".join(name.lower().split())] = number
    return names


_YEAR = re.compile(r"^(?:ปี(?:งบประมาณ)?)?\s*(?:พ\.?ศ\.?)?\s*(\d{4})$")


def parse_year(value: Any) -> int | None:
    """2565, ๒๕๖๕, "ปี 2565", "พ.ศ. 2565" → 2565; None when the cell is not a year at all."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "".join(to_arabic_digits(str(value if value is not None else "")).split())
    match = _YEAR.match(text)
    return int(match.group(1)) if match else None


_YES = {"มี", "ใช่", "1", "yes", "y", "true", "✓", "✔", "/", "ผ่าน", "has"}
_NO = {"ไม่มี", "ไม่ใช่", "0", "no", "n", "false", "✗", "✘", "x", "ไม่ผ่าน", "hasnot"}


def parse_has(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        value = str(int(value))
    text = "".join(to_arabic_digits(str(value or "")).lower().split())
    if text in ("", "-", "–"):
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(value)


# --- the layout: one row per year (or per agency), or one column per year ----------------------


@dataclass
class _Record:
    row: int
    cells: dict[tuple[str, Any], tuple[Any, str]] = field(
        default_factory=dict
    )  # key -> (value, column)


def _find_header(
    sheet: Sheet, names: dict[str, int]
) -> tuple[int, list[tuple[str, Any] | None], list[Any]] | None:
    for position, (_number, cells) in enumerate(sheet.rows[:20]):
        keys = [column_key(c, names) for c in cells]
        known = [k for k in keys if k is not None and k[0] != "ignore"]
        if len(known) >= 2:
            return position, keys, cells
    return None


def _year_columns(sheet: Sheet) -> tuple[int, dict[int, int]] | None:
    """A table with one column per year: the header row's position and {column index: year}."""
    for position, (_number, cells) in enumerate(sheet.rows[:20]):
        years = {i: parse_year(c) for i, c in enumerate(cells) if i > 0}
        found = {i: y for i, y in years.items() if y is not None and 2400 <= y <= 2700}
        if len(found) >= 2 and len(found) >= len([c for c in cells[1:] if c not in (None, "")]) - 1:
            return position, found
    return None


def _records(sheet: Sheet, problems: _Problems) -> list[_Record]:
    names = _indicator_names()
    transposed = _year_columns(sheet)
    header = _find_header(sheet, names)
    if transposed is not None and (header is None or transposed[0] <= header[0]):
        position, years = transposed
        by_column = {i: _Record(row=sheet.rows[position][0]) for i in years}
        for i, year in years.items():
            by_column[i].cells[("year", None)] = (year, column_letter(i + 1))
        for number, cells in sheet.rows[position + 1 :]:
            key = column_key(cells[0] if cells else None, names)
            if key is None:
                if cells and cells[0] not in (None, ""):
                    problems.warn(
                        number,
                        "A",
                        f"ไม่รู้จักหัวแถว «{cells[0]}» จึงไม่ได้นำเข้า",
                        f"row label {str(cells[0])!r} not understood; not imported",
                    )
                continue
            if key[0] == "ignore":
                continue
            for i in years:
                value = cells[i] if i < len(cells) else None
                # In this layout the cell's place is its row and the year's column.
                by_column[i].cells[key] = (value, f"{column_letter(i + 1)}")
                by_column[i].cells.setdefault(("_row", key), (number, ""))
        return list(by_column.values())
    if header is None:
        raise ImportRefused(
            [
                LocatedProblem(
                    "ไม่พบแถวหัวตาราง (เช่น ปีงบประมาณ, คะแนนรวม, IIT, EIT, OIT, ระดับ)",
                    "no header row found (e.g. year, total, IIT, EIT, OIT, level)",
                )
            ]
        )
    position, keys, titles = header
    header_row = sheet.rows[position][0]
    seen: dict[tuple[str, Any], int] = {}
    for index, key in enumerate(keys):
        title = titles[index]
        if key is None:
            if title not in (None, ""):
                problems.warn(
                    header_row,
                    f"{column_letter(index + 1)} ({title})",
                    "ไม่รู้จักคอลัมน์นี้ จึงไม่ได้นำเข้า",
                    "column not understood; not imported",
                )
            continue
        if key[0] != "ignore" and key in seen:
            problems.error(
                header_row,
                f"{column_letter(index + 1)} ({title})",
                f"คอลัมน์ซ้ำกับคอลัมน์ {column_letter(seen[key] + 1)}",
                f"the same column as column {column_letter(seen[key] + 1)}",
            )
        seen.setdefault(key, index)
    records = []
    for number, cells in sheet.rows[position + 1 :]:
        record = _Record(row=number)
        for index, key in enumerate(keys):
            if key is None or key[0] == "ignore":
                continue
            value = cells[index] if index < len(cells) else None
            record.cells[key] = (value, f"{column_letter(index + 1)} ({titles[index]})")
        if any(v not in (None, "") for k, (v, _c) in record.cells.items() if k[0] != "_row"):
            records.append(record)
    return records


def _where(record: _Record, key: tuple[str, Any]) -> tuple[int, str]:
    _value, column = record.cells.get(key, (None, ""))
    row = record.cells.get(("_row", key), (record.row, ""))[0]
    return int(row), column


# --- reading one record into a ResultData ---------------------------------------------------------


@dataclass(frozen=True)
class _Year:
    fiscal_year: FiscalYear
    rules: tuple[Rule, ...]
    labels: tuple[str, ...]
    indicators: frozenset[int]
    items: frozenset[str]
    weights: dict[str, Decimal]


def _years() -> dict[int, _Year]:
    years = {}
    for fy in FiscalYear.objects.prefetch_related("rating_rules", "indicators", "oit_items"):
        rules = tuple(
            Rule(r.label, r.min_total, r.min_each_tool, r.passes, r.label_en)
            for r in fy.rating_rules.all()
        )
        years[fy.be_year] = _Year(
            fiscal_year=fy,
            rules=rules,
            labels=tuple(r.label for r in rules),
            indicators=frozenset(i.number for i in fy.indicators.all()),
            items=frozenset(i.code for i in fy.oit_items.all()),
            weights={"IIT": fy.weight_iit, "EIT": fy.weight_eit, "OIT": fy.weight_oit},
        )
    return years


def _score(record: _Record, key: tuple[str, Any], problems: _Problems) -> Decimal | None:
    value = record.cells.get(key, (None, ""))[0]
    try:
        return parse_score(value)
    except ScoreTextError as exc:
        problems.error(*_where(record, key), exc.th, exc.en)
        return None


def _read_record(
    record: _Record, years: dict[int, _Year], problems: _Problems, default_year: int | None
) -> ResultData | None:
    errors_before = problems.error_count
    year_value = record.cells.get(("year", None), (None, ""))[0]
    year = parse_year(year_value) if year_value not in (None, "") else default_year
    if year is None:
        problems.error(
            *_where(record, ("year", None)),
            f"ไม่มีปีงบประมาณ หรืออ่านไม่ได้: «{year_value or ''}»",
            f"no fiscal year, or not a year: {year_value!r}",
        )
        return None
    if year < 2400:
        problems.error(
            *_where(record, ("year", None)),
            f"ปี {year} ไม่ใช่ปี พ.ศ. (อาจเป็นปี ค.ศ. ให้บวก 543)",
            f"{year} is not a Buddhist-era year (a Christian-era year? add 543)",
        )
        return None
    spec = years.get(year)
    if spec is None:
        problems.error(
            *_where(record, ("year", None)),
            f"ยังไม่มีกรอบการประเมินปีงบประมาณ {year} ในระบบ",
            f"no ITA catalogue for fiscal year {year}",
        )
        return None
    total_cell = record.cells.get(("total", None), (None, ""))[0]
    total: Decimal | None = None
    tools: dict[str, Decimal | None] = {}
    if looks_like_weighted_points(total_cell):
        try:
            points = parse_weighted_points(str(total_cell), spec.weights)
        except ScoreTextError as exc:
            problems.error(*_where(record, ("total", None)), exc.th, exc.en)
            return None
        total = points.total
        tools = {t.lower(): v for t, v in points.scores.items()}
    else:
        total = _score(record, ("total", None), problems)
    for tool in TOOLS:
        if tool in tools:
            continue
        if (f"{tool}_points", None) in record.cells:
            pts = _score(record, (f"{tool}_points", None), problems)
            if pts is not None:
                weight = spec.weights[tool.upper()]
                if pts > weight * 100:
                    problems.error(
                        *_where(record, (f"{tool}_points", None)),
                        f"คะแนนถ่วงน้ำหนักเกิน {weight * 100:.2f}",
                        f"weighted points above {weight * 100:.2f}",
                    )
                    continue
                tools[tool] = points_to_score(pts, weight)
                continue
        tools[tool] = _score(record, (tool, None), problems)
    if problems.error_count > errors_before:
        return None
    given = [tools.get(t) for t in TOOLS]
    if total is None and all(v is not None for v in given):
        iit, eit, oit = (v or Decimal(0) for v in given)
        total = weighted_total(
            iit, eit, oit, (spec.weights["IIT"], spec.weights["EIT"], spec.weights["OIT"])
        )
    if total is None:
        problems.error(
            *_where(record, ("total", None)),
            "ไม่มีคะแนนรวม",
            "no total score",
        )
        return None
    if all(v is not None for v in given):
        iit, eit, oit = (v or Decimal(0) for v in given)
        plain = iit + eit + oit
        weighted = weighted_total(
            iit, eit, oit, (spec.weights["IIT"], spec.weights["EIT"], spec.weights["OIT"])
        )
        if abs(plain - total) <= SUM_TOLERANCE and abs(weighted - total) > Decimal("0.05"):
            # The tool columns hold weighted points (they add up to the total): read them so.
            tools = {
                t: points_to_score(v or Decimal(0), spec.weights[t.upper()])
                for t, v in zip(TOOLS, (iit, eit, oit), strict=True)
            }
            problems.warn(
                record.row,
                "IIT/EIT/OIT",
                "คะแนน IIT EIT OIT รวมกันได้คะแนนรวม จึงอ่านเป็นคะแนนถ่วงน้ำหนัก",
                "IIT, EIT and OIT add up to the total, so they were read as weighted points",
            )
        elif abs(weighted - total) > Decimal("0.05"):
            problems.warn(
                *_where(record, ("total", None)),
                f"คะแนนรวม {total} ไม่ตรงกับที่คำนวณจากคะแนนเครื่องมือ ({weighted})",
                f"the total {total} differs from the tools' weighted sum ({weighted})",
            )
    indicators: dict[int, Decimal] = {}
    items: dict[str, tuple[bool, str]] = {}
    reasons: dict[str, str] = {}
    for key in record.cells:
        kind, arg = key
        if kind == "indicator":
            score = _score(record, key, problems)
            if score is None:
                continue
            if arg not in spec.indicators:
                problems.error(
                    *_where(record, key),
                    f"ไม่มีตัวชี้วัดที่ {arg} ในปีงบประมาณ {year}",
                    f"fiscal year {year} has no indicator {arg}",
                )
                continue
            indicators[arg] = score
        elif kind == "oit_item":
            value = record.cells[key][0]
            try:
                has = parse_has(value)
            except ValueError:
                problems.error(
                    *_where(record, key),
                    f"ต้องเป็น มี หรือ ไม่มี: «{value}»",
                    f"must be มี (has) or ไม่มี (has not): {value!r}",
                )
                continue
            if has is None:
                continue
            if arg not in spec.items:
                problems.error(
                    *_where(record, key),
                    f"ไม่มีรายการ {arg} ในรายการ OIT ปี {year}",
                    f"fiscal year {year} has no OIT item {arg}",
                )
                continue
            items[arg] = (has, "")
        elif kind == "oit_reason":
            value = record.cells[key][0]
            if value not in (None, ""):
                reasons[arg] = " ".join(str(value).split())
    for code, reason in reasons.items():
        if code in items:
            items[code] = (items[code][0], reason)
    if problems.error_count > errors_before:
        return None
    level = " ".join(str(record.cells.get(("level", None), ("", ""))[0] or "").split())
    if level:
        computed = rate(
            spec.rules,
            total,
            {"IIT": tools.get("iit"), "EIT": tools.get("eit"), "OIT": tools.get("oit")},
        )
        reading = read_level(level, spec.labels, computed.label if computed else None)
        if not reading.recognised:
            problems.warn(
                *_where(record, ("level", None)),
                f"ไม่รู้จักระดับ «{level}» (เก็บไว้ตามที่เขียน)",
                f"level {level!r} not recognised (kept as written)",
            )
        elif not reading.agrees:
            problems.warn(
                *_where(record, ("level", None)),
                f"ระดับ «{level}» ไม่ตรงกับระดับตามเกณฑ์ปี {year} «{reading.computed}» (เก็บไว้ตามที่เขียน)",
                f"level {level!r} differs from the {year} rules' {reading.computed!r} "
                "(kept as written)",
            )
    notes = str(record.cells.get(("notes", None), ("", ""))[0] or "").strip()
    try:
        example = bool(parse_has(record.cells.get(("example", None), (None, ""))[0]))
    except ValueError:
        problems.error(
            *_where(record, ("example", None)),
            "ต้องเป็น ใช่/ไม่ใช่ (1/0)",
            "must be yes or no (1/0)",
        )
        return None
    return ResultData(
        fiscal_year=year,
        total=total,
        iit=tools.get("iit"),
        eit=tools.get("eit"),
        oit=tools.get("oit"),
        level=level,
        indicators=indicators,
        oit_items=items,
        notes=notes,
        is_example=example,
    )


def _sheet(data: bytes, filename: str) -> Sheet:
    try:
        return read_sheet(data, filename)
    except SheetRefused as exc:
        raise ImportRefused([exc.problem]) from None


# --- one agency ---------------------------------------------------------------------------------


def read_agency_results(
    data: bytes, filename: str
) -> tuple[list[ResultData], list[LocatedProblem]]:
    """One agency's results (one row or one column per year). Raises ImportRefused."""
    problems = _Problems()
    sheet = _sheet(data, filename)
    records = _records(sheet, problems)
    years = _years()
    results: list[ResultData] = []
    seen: dict[int, int] = {}
    for record in records:
        result = _read_record(record, years, problems, None)
        if result is None:
            continue
        if result.fiscal_year in seen:
            problems.error(
                *_where(record, ("year", None)),
                f"ปี {result.fiscal_year} ซ้ำกับแถว {seen[result.fiscal_year]}",
                f"year {result.fiscal_year} again (also row {seen[result.fiscal_year]})",
            )
            continue
        seen[result.fiscal_year] = record.row
        results.append(result)
    if not results and not problems.errors:
        problems.error(None, "", "ไม่มีผลการประเมินในไฟล์", "no result in the file")
    problems.raise_if_any()
    return results, problems.warnings


def import_agency_results(
    *, agency: Agency, data: bytes, filename: str, acting_user: Any, dry_run: bool = False
) -> ImportReport:
    """Import one agency's results history from a CSV/XLSX file, all or nothing.

    Side effects: a ``result.imported`` audit row per year and a ``results.imported`` row.
    """
    results, warnings = read_agency_results(data, filename)
    report = ImportReport(
        results=[(agency, r) for r in results], warnings=warnings, dry_run=dry_run
    )
    return _write(report, acting_user=acting_user, source=ResultSource.FILE, filename=filename)


def _write(report: ImportReport, *, acting_user: Any, source: str, filename: str) -> ImportReport:
    """Write what was read, all or nothing, unless this is a dry run."""
    if not report.dry_run:
        with transaction.atomic():
            report.written = write_results(
                report.results, acting_user=acting_user, source=source, source_name=filename
            )
    return report


# --- the national list ----------------------------------------------------------------------------


def _norm_name(value: Any) -> str:
    return " ".join(str(value or "").split())


def _agency_index() -> tuple[
    dict[str, Agency], dict[tuple[str, str], list[Agency]], dict[str, list[Agency]]
]:
    by_slug: dict[str, Agency] = {}
    by_name_province: dict[tuple[str, str], list[Agency]] = {}
    by_name: dict[str, list[Agency]] = {}
    for agency in Agency.objects.only("pk", "slug", "name", "province"):
        by_slug[agency.slug] = agency
        name = _norm_name(agency.name)
        by_name_province.setdefault((name, _norm_name(agency.province)), []).append(agency)
        by_name.setdefault(name, []).append(agency)
    return by_slug, by_name_province, by_name


def read_national_results(
    data: bytes, filename: str, *, year: int | None = None, strict: bool = False
) -> ImportReport:
    """The national result list: one row per agency. Agencies are found by ``slug`` when the
    file has that column, else by name (and province when given). Rows of agencies that are not
    in this installation are skipped and listed (``strict``: refused). Raises ImportRefused."""
    problems = _Problems()
    sheet = _sheet(data, filename)
    records = _records(sheet, problems)
    if records and not any(k[0] in ("agency_slug", "agency_name") for k in records[0].cells):
        raise ImportRefused(
            [
                LocatedProblem(
                    "ไม่พบคอลัมน์หน่วยงาน (ชื่อหน่วยงาน หรือ slug)",
                    "no agency column (ชื่อหน่วยงาน / agency name, or slug)",
                )
            ]
        )
    years = _years()
    by_slug, by_name_province, by_name = _agency_index()
    report = ImportReport()
    seen: dict[tuple[int, int], int] = {}
    for record in records:
        slug = _norm_name(record.cells.get(("agency_slug", None), ("", ""))[0])
        name = _norm_name(record.cells.get(("agency_name", None), ("", ""))[0])
        province = _norm_name(record.cells.get(("province", None), ("", ""))[0])
        agency: Agency | None = None
        key = ("agency_slug", None) if slug else ("agency_name", None)
        if slug:
            agency = by_slug.get(slug)
        elif name:
            matches = (
                by_name_province.get((name, province), []) if province else by_name.get(name, [])
            )
            if len(matches) > 1:
                problems.error(
                    *_where(record, key),
                    f"มีหน่วยงานชื่อ «{name}» มากกว่าหนึ่งแห่ง (ใส่คอลัมน์จังหวัดหรือ slug)",
                    f"more than one agency is called {name!r} (add a province or slug column)",
                )
                continue
            agency = matches[0] if matches else None
        else:
            problems.error(*_where(record, key), "ไม่มีชื่อหน่วยงาน", "no agency name")
            continue
        result = _read_record(record, years, problems, year)
        if agency is None:
            who = slug or name
            if strict:
                problems.error(
                    *_where(record, key),
                    f"ไม่มีหน่วยงาน «{who}» ในระบบนี้",
                    f"no agency {who!r} in this installation",
                )
            elif len(report.skipped) < MAX_REPORTED:
                report.skipped.append(
                    _located(
                        *_where(record, key),
                        f"ไม่มีหน่วยงาน «{who}» ในระบบนี้ จึงข้ามไป",
                        f"no agency {who!r} in this installation; skipped",
                    )
                )
            continue
        if result is None:
            continue
        ident = (agency.pk, result.fiscal_year)
        if ident in seen:
            problems.error(
                *_where(record, key),
                f"หน่วยงานนี้ซ้ำกับแถว {seen[ident]} (ปี {result.fiscal_year})",
                f"the same agency as row {seen[ident]} (year {result.fiscal_year})",
            )
            continue
        seen[ident] = record.row
        report.results.append((agency, result))
    if not report.results and not problems.errors:
        problems.error(
            None,
            "",
            "ไม่มีผลการประเมินของหน่วยงานในระบบนี้ในไฟล์",
            "no result of an agency of this installation in the file",
        )
    problems.raise_if_any()
    report.warnings = problems.warnings
    return report


def import_national_results(
    *,
    data: bytes,
    filename: str,
    acting_user: Any,
    year: int | None = None,
    strict: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Import the national result list for every agency of the installation, all or nothing.

    Side effects: a ``result.imported`` audit row per agency and a ``results.imported`` row.
    """
    report = read_national_results(data, filename, year=year, strict=strict)
    report.dry_run = dry_run
    return _write(report, acting_user=acting_user, source=ResultSource.NATIONAL, filename=filename)


def problem_lines(problems: Iterable[LocatedProblem]) -> list[str]:
    return [p.line() for p in problems]
