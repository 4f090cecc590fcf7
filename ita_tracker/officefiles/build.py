"""From what was read to a plan file: units matched, periods read, statuses into a round.

The result is validated by the plan-file schema (``ita_tracker.planfile``), exactly as a YAML
plan file would be; the database side imports it through the same importer.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ita_tracker.lib import thai_dates
from ita_tracker.lib.errors import LocatedProblem, Location
from ita_tracker.officefiles import text as tx
from ita_tracker.officefiles.errors import OfficeFileError
from ita_tracker.officefiles.model import Flag, ReadResult
from ita_tracker.officefiles.periods import parse_period
from ita_tracker.officefiles.units import UnitMatch, match_unit
from ita_tracker.planfile import schema
from ita_tracker.planfile.reader import PlanFileError, _issues_from_validation

# A coordinator's choice for a unit as written: "" keeps the proposal, NOTE writes the text as
# the measure's note, NEW_PREFIX + path makes a new unit, anything else is an existing path.
NOTE = "=note"
NEW_PREFIX = "+"


@dataclass
class Built:
    plan: schema.PlanFile
    matches: dict[str, UnitMatch]  # unit as written -> how it was matched
    new_units: list[str]  # unit paths the import would add to the agency
    flags: list[list[Flag]]  # per measure of ``plan.measures``
    where: list[Location]  # per measure: where it was read
    round_index: int | None  # the round the file's statuses went into
    notes: list[LocatedProblem] = field(default_factory=list)


def _round_period(read: ReadResult, kind: str, fiscal_year: int) -> tuple[dt.date, dt.date]:
    if read.round_period:
        try:
            return (
                thai_dates.parse_date(read.round_period[0]),
                thai_dates.parse_date(read.round_period[1]),
            )
        except ValueError:
            pass
    if kind == "six_month":
        return thai_dates.six_month_bounds(fiscal_year)
    return thai_dates.fiscal_year_bounds(fiscal_year)


def _add_unit(units: list[dict[str, Any]], path: str) -> None:
    name, _, section = path.partition("/")
    unit = next((u for u in units if u["name"] == name), None)
    if unit is None:
        unit = {"name": name, "sections": []}
        units.append(unit)
    if section and not any(s["name"] == section for s in unit.setdefault("sections", [])):
        unit["sections"].append({"name": section})


def _measure_id(tool: str, title: str) -> tuple[str, str]:
    return tool, tx.key(title)


def source_year(read: ReadResult) -> int | None:
    """The fiscal year the file is about: from its periods (the most common), else its text."""
    counts: dict[int, int] = {}
    for raw in read.measures:
        if not any(ch.isdigit() for ch in raw.period):
            continue
        _, end, sure = parse_period(raw.period, read.fiscal_year or 2500)
        if sure:
            year = thai_dates.fiscal_year_of(end)
            counts[year] = counts.get(year, 0) + 1
    if counts:
        return max(counts, key=lambda y: counts[y])
    return read.fiscal_year


def _shift(d: dt.date, years: int) -> dt.date:
    return d.replace(year=d.year + years)


def build_plan(
    read: ReadResult,
    *,
    agency: schema.Agency,
    fiscal_year: int,
    choices: dict[str, str] | None = None,
    base: schema.PlanFile | None = None,
) -> Built:
    """The plan file for ``agency`` and ``fiscal_year`` from ``read``.

    ``choices`` overrides unit matches (see NOTE and NEW_PREFIX). ``base`` is the agency's
    current plan of that year, if any: its title, texts and memos are kept, measures the file
    has no indicators for keep the base's, and its other rounds keep their statuses for the
    measures that are still there. The plan is a draft and the file's round open, unless only
    statuses changed (then the base's states are kept). Raises OfficeFileError when the
    result is not a valid plan.
    """
    choices = choices or {}
    notes = list(read.notes)
    from_year = source_year(read) or fiscal_year
    shift = fiscal_year - from_year if from_year < fiscal_year else 0
    has_status = read.has_status and not shift
    if shift:
        notes.append(
            LocatedProblem(
                f"ไฟล์นี้เป็นของปีงบประมาณ {from_year}: นำมาเป็นมาตรการต่อเนื่องของปี {fiscal_year} "
                f"เลื่อนระยะเวลาไป {shift} ปี และไม่นำสถานะของปีก่อนเข้ามา",
                f"the file is about fiscal year {from_year}: its measures are carried over into "
                f"{fiscal_year}, periods moved {shift} year(s) on, last year's statuses left out",
            )
        )
    elif from_year > fiscal_year:
        notes.append(
            LocatedProblem(
                f"ไฟล์นี้ดูเหมือนเป็นของปีงบประมาณ {from_year} แต่จะนำเข้าเป็นปี {fiscal_year}",
                f"the file seems to be about fiscal year {from_year} but is imported as "
                f"{fiscal_year}",
            )
        )
    units = [u.model_dump(mode="json", exclude_defaults=True) for u in agency.units]
    for unit in units:
        unit.setdefault("sections", [])
    known_paths = agency.unit_paths()
    matches: dict[str, UnitMatch] = {}
    new_units: list[str] = []
    base_measures: dict[tuple[str, str], schema.Measure] = {}
    base_keys: dict[tuple[str, str], str] = {}
    if base is not None:
        for key, measure in zip(base.assign_keys(), base.measures, strict=True):
            base_measures[_measure_id(measure.tool.value, measure.title)] = measure
            base_keys[_measure_id(measure.tool.value, measure.title)] = key

    measures: list[dict[str, Any]] = []
    flags: list[list[Flag]] = []
    wheres: list[Location] = []
    for raw in read.measures:
        item_flags = list(raw.flags)
        responsible: list[str] = []
        note_parts: list[str] = [raw.responsible_note] if raw.responsible_note else []
        for written in raw.responsible:
            match = matches.get(written) or match_unit(written, agency)
            matches[written] = match
            choice = choices.get(written, "")
            if choice == NOTE or (not choice and match.kind == "note"):
                # "ทุกส่วน ราชการ" as a hand-wrapped cell left it: mended by the dictionary.
                note_parts.append(tx.mend_split_words(written)[0])
                continue
            if choice.startswith(NEW_PREFIX):
                path = choice[len(NEW_PREFIX) :].strip().strip("/")
            elif choice:
                path = choice
            else:
                path = match.path
                if match.kind == "fuzzy":
                    item_flags.append(
                        Flag(
                            "responsible",
                            f"«{written}» อ่านเป็น «{path}» (ใกล้เคียง) โปรดยืนยัน",
                            f"{written!r} was read as {path!r} (close match): please confirm",
                            raw.where,
                        )
                    )
            if not path:
                continue
            if path not in known_paths:
                if path not in new_units:
                    new_units.append(path)
                    _add_unit(units, path)
                known_paths = known_paths | {path, path.partition("/")[0]}
                item_flags.append(
                    Flag(
                        "responsible",
                        f"«{path}» เป็นส่วนราชการใหม่ จะเพิ่มให้หน่วยงาน",
                        f"{path!r} is a new unit; it will be added to the agency",
                        raw.where,
                    )
                )
            if path not in responsible:
                responsible.append(path)
        start, end, sure = parse_period(raw.period, from_year)
        start, end = _shift(start, shift), _shift(end, shift)
        if not sure:
            item_flags.append(
                Flag(
                    "period",
                    f"อ่านระยะเวลา «{raw.period}» ไม่ออก ใช้ทั้งปีงบประมาณ"
                    if raw.period
                    else "ไม่มีระยะเวลาดำเนินการ ใช้ทั้งปีงบประมาณ",
                    f"cannot read the period {raw.period!r}; the whole fiscal year is used"
                    if raw.period
                    else "no period given; the whole fiscal year is used",
                    raw.where,
                )
            )
        previous = base_measures.get(_measure_id(raw.tool, raw.title))
        indicators = raw.indicators or (list(previous.indicators) if previous else [])
        measures.append(
            {
                "tool": raw.tool,
                "title": raw.title,
                "methods": raw.methods,
                "responsible": responsible,
                "responsible_note": ", ".join(note_parts),
                "period": {
                    "from": thai_dates.iso_be_month(start),
                    "to": thai_dates.iso_be_month(end),
                },
                "follow_up": raw.follow_up,
                "indicators": indicators,
                "carried_over": bool(shift)
                or raw.carried_over
                or bool(previous and previous.carried_over),
            }
        )
        flags.append(item_flags)
        wheres.append(raw.where)

    data: dict[str, Any] = {
        "agency": {**agency.model_dump(mode="json", by_alias=True), "units": units},
        "fiscal_year": fiscal_year,
        "measures": measures,
        "rounds": [],
    }
    if base is not None:
        kept = base.model_dump(
            mode="json", by_alias=True, include={"title", "background", "analysis", "memo"}
        )
        data.update({k: v for k, v in kept.items() if v is not None})

    # Measure keys of the new plan, by position within the tool (as the schema assigns them).
    counters: dict[str, int] = {}
    new_keys: dict[tuple[str, str], str] = {}
    keys: list[str] = []
    for item in measures:
        counters[item["tool"]] = counters.get(item["tool"], 0) + 1
        key = f"{item['tool']}-{counters[item['tool']]}"
        keys.append(key)
        new_keys.setdefault(_measure_id(item["tool"], item["title"]), key)

    round_index = None
    kind = read.round_kind or "six_month"
    base_round = base.round_by_kind(schema.RoundKind(kind)) if base is not None else None
    if base is not None:
        for round_ in base.rounds:
            if has_status and round_ is base_round:
                continue
            moved = {}
            old_keys = dict(zip(base.assign_keys(), base.measures, strict=True))
            for old_key, progress in round_.progress.items():
                old = old_keys.get(old_key)
                new_key = new_keys.get(_measure_id(old.tool.value, old.title)) if old else None
                if new_key:
                    moved[new_key] = progress.model_dump(mode="json", exclude_defaults=True)
            dumped = round_.model_dump(mode="json", by_alias=True, exclude_defaults=True)
            dumped["progress"] = moved
            data["rounds"].append(dumped)
    if has_status:
        if base_round is not None and not read.round_period:
            start, end = base_round.period.start, base_round.period.end
        else:
            start, end = _round_period(read, kind, fiscal_year)
        statuses: dict[str, dict[str, Any]] = {}
        for key, raw in zip(keys, read.measures, strict=True):
            entry: dict[str, Any] = {"status": raw.status or "not_started"}
            if raw.evidence:
                entry["evidence"] = raw.evidence
            if raw.note:
                entry["note"] = raw.note
            if raw.urls:
                entry["urls"] = raw.urls
            statuses[key] = entry
        round_data: dict[str, Any] = {
            "kind": kind,
            "period": {"from": thai_dates.iso_be(start), "to": thai_dates.iso_be(end)},
            "state": "open",
            "progress": statuses,
        }
        if base_round is not None:
            if base_round.label:
                round_data["label"] = base_round.label
            if base_round.memo is not None:
                round_data["memo"] = base_round.memo.model_dump(mode="json", by_alias=True)
        data["rounds"].append(round_data)
        data["rounds"].sort(key=lambda r: r["period"]["to"])
        round_index = next(i for i, r in enumerate(data["rounds"]) if r is round_data)

    try:
        plan = schema.PlanFile.model_validate(data)
    except ValidationError as exc:
        raise OfficeFileError(
            _located(exc, wheres, keys, _unit_rows(data, wheres)), read.source
        ) from None
    if base is not None and plan.measures == base.measures:
        # Only statuses came back (an Excel round trip): the plan stays as approved as it was,
        # and so does the round when its statuses did not change either.
        plan.state = base.state
        if round_index is not None and base_round is not None:
            imported = plan.rounds[round_index]
            if imported.progress == base_round.progress:
                imported.state = base_round.state
    return Built(plan, matches, new_units, flags, wheres, round_index, notes)


_PROGRESS_PATH = re.compile(r"^rounds\[\d+\]\.progress\.([^.\[]+)")


_UNIT_PATH = re.compile(r"^agency\.units\[(\d+)\](?:\.sections\[(\d+)\])?")


def _where_of(
    path: str, wheres: list[Location], keys: list[str], unit_rows: dict[str, Location]
) -> Location:
    """The place in the file of a plan-file path: a measure's row, also for its progress in a
    round (status, note, evidence links are on the measure's row) and for a unit the file
    brings in (the row of the first measure naming it)."""
    index = None
    if path.startswith("measures["):
        index = int(path[len("measures[") : path.index("]")])
    elif found := _PROGRESS_PATH.match(path):
        index = keys.index(found.group(1)) if found.group(1) in keys else None
    elif found := _UNIT_PATH.match(path):
        return unit_rows.get(found.group(0), Location())
    if index is not None and index < len(wheres):
        return wheres[index]
    return Location()


def _unit_rows(data: dict[str, Any], wheres: list[Location]) -> dict[str, Location]:
    """``agency.units[i]`` and ``agency.units[i].sections[j]`` → the row of the first measure
    that names the unit (or the section)."""
    paths: dict[str, str] = {}
    for i, unit in enumerate(data["agency"]["units"]):
        paths[unit["name"]] = f"agency.units[{i}]"
        for j, section in enumerate(unit.get("sections") or []):
            paths[f"{unit['name']}/{section['name']}"] = f"agency.units[{i}].sections[{j}]"
    rows: dict[str, Location] = {}
    for measure, where in zip(data["measures"], wheres, strict=False):
        for name in measure.get("responsible") or []:
            for part in (name.partition("/")[0], name):
                if part in paths:
                    rows.setdefault(paths[part], where)
    return rows


def _located(
    exc: ValidationError, wheres: list[Location], keys: list[str], unit_rows: dict[str, Location]
) -> list[LocatedProblem]:
    return [
        LocatedProblem(
            issue.message_th, issue.message_en, _where_of(issue.path, wheres, keys, unit_rows)
        )
        for issue in _issues_from_validation(exc, {})
    ]


def plan_error_problems(exc: PlanFileError, built: Built) -> list[LocatedProblem]:
    """Problems the database found (PlanFileError from the importer), placed in the file."""
    keys = built.plan.assign_keys()
    return [
        LocatedProblem(
            issue.message_th, issue.message_en, _where_of(issue.path, built.where, keys, {})
        )
        for issue in exc.issues
    ]
