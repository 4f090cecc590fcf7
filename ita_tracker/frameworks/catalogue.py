"""Read and check the ITA catalogues in ``data/*.yaml``. No database access here.

``tools.yaml`` holds IIT/EIT/OIT; one file per fiscal year (``2566.yaml``) holds that year's
weights, indicators, rating rules and OIT items. :func:`read_catalogue` reads the whole set and
either returns it or raises :class:`CatalogueError` listing every problem with its file, line and
field, in Thai and English. The loader (``services.load_catalogues``) writes nothing until the
whole set has passed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from ita_tracker.lib import located_yaml
from ita_tracker.lib.located_yaml import PathKey, dotted, thai_error

DATA_DIR = Path(__file__).resolve().parent / "data"
TOOLS_FILE = "tools.yaml"
_YEAR_FILE = re.compile(r"^(\d{4})\.yaml$")

# Kept in step with the TextChoices in models.py (tests/frameworks/test_catalogue.py checks it);
# repeated here so this module can be used without Django set up.
ConfidenceCode = Literal["V", "C", "U"]
PeriodRuleCode = Literal[
    "current_fy",
    "previous_fy",
    "first_6_months_current_fy",
    "monthly_current_fy",
    "quarterly",
    "any",
]
ToolCode = Literal["IIT", "EIT", "OIT"]

OitCode = Annotated[str, StringConstraints(pattern=r"^O\d{1,3}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# A source is a URL, or "code id N" for the public GitHub files the reference cites by index id.
Source = Annotated[str, StringConstraints(pattern=r"^(https?://\S+|code id \d+)$")]
Score = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]
Weight = Annotated[Decimal, Field(ge=0, le=1, max_digits=4, decimal_places=2)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ToolSpec(_Spec):
    code: ToolCode
    name_th: Annotated[Text, StringConstraints(max_length=200)]
    name_en: Annotated[Text, StringConstraints(max_length=200)]
    order: Annotated[int, Field(ge=1)]


class ToolsFile(_Spec):
    tools: list[ToolSpec]


class ToolWeights(_Spec):
    IIT: Weight
    EIT: Weight
    OIT: Weight
    confidence: ConfidenceCode


class IndicatorSpec(_Spec):
    number: Annotated[int, Field(ge=1, le=99)]
    tool: ToolCode
    name_th: Annotated[Text, StringConstraints(max_length=200)]
    name_en: Annotated[str, StringConstraints(max_length=200)] = ""
    confidence: ConfidenceCode


class RatingRuleSpec(_Spec):
    order: Annotated[int, Field(ge=1)]
    label: Annotated[Text, StringConstraints(max_length=60)]
    label_en: Annotated[str, StringConstraints(max_length=60)] = ""
    min_total: Score
    min_each_tool: Score | None = None
    passes: bool
    confidence: ConfidenceCode


class LineageRef(_Spec):
    fy: Annotated[int, Field(ge=2500, le=2700)]
    code: OitCode


class SubIndicatorSpec(_Spec):
    code: Annotated[str, StringConstraints(pattern=r"^\d{1,2}\.\d{1,2}$")]
    name: Annotated[str, StringConstraints(max_length=200)] = ""


class OitItemSpec(_Spec):
    code: OitCode
    order: Annotated[int, Field(ge=1)]
    title_th: Annotated[Text, StringConstraints(max_length=500)]
    indicator: int | None = None
    sub_indicator: SubIndicatorSpec | None = None
    requirements: str = ""
    period_rule: PeriodRuleCode
    is_measures_item: bool = False
    is_progress_item: bool = False
    confidence: ConfidenceCode
    maps_from: list[LineageRef] = []
    sources: list[Source] = []


class YearFile(_Spec):
    be_year: Annotated[int, Field(ge=2500, le=2700)]
    starts: dt.date
    ends: dt.date
    catalogue_version: Annotated[Text, StringConstraints(max_length=60)]
    tool_weights: ToolWeights
    notes: str = ""
    indicators: list[IndicatorSpec]
    rating_rules: list[RatingRuleSpec]
    oit_items: list[OitItemSpec]

    def item(self, code: str) -> OitItemSpec | None:
        return next((i for i in self.oit_items if i.code == code), None)


@dataclass(frozen=True)
class Catalogue:
    tools: tuple[ToolSpec, ...]
    years: dict[int, YearFile]
    directory: Path


# --- errors -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Issue:
    file: str
    line: int | None
    path: str
    message_th: str
    message_en: str

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.path}" if self.path else ""
        return f"{where}{field}: {self.message_th} / {self.message_en}"


class CatalogueError(Exception):
    """The catalogue set cannot be loaded. ``issues`` lists every problem, located."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__(self.format())

    def format(self) -> str:
        head = "แคตตาล็อก ITA ไม่ถูกต้อง / invalid ITA catalogue"
        return "\n".join([head, *("  " + issue.format() for issue in self.issues)])


class _FileIssues:
    """Collects the issues of one file, locating each field path on its line."""

    def __init__(self, name: str, lines: dict[PathKey, int] | None = None) -> None:
        self.name = name
        self.lines = lines or {}
        self.issues: list[Issue] = []

    def add(self, path: PathKey, th: str, en: str) -> None:
        probe = path
        while probe and probe not in self.lines:
            probe = probe[:-1]
        self.issues.append(Issue(self.name, self.lines.get(probe), dotted(path), th, en))

    def add_validation(self, exc: ValidationError) -> None:
        for error in exc.errors(include_url=False):
            kind = error["type"]
            en = "field required" if kind == "missing" else error["msg"]
            th = thai_error(kind)
            self.add(tuple(error["loc"]), th, en)


_M = TypeVar("_M", bound=BaseModel)


def _read_file(path: Path, model: type[_M], issues: _FileIssues) -> _M | None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        issues.add((), "ไฟล์ต้องเป็นข้อความ UTF-8", "the file must be UTF-8 text")
        return None
    except OSError as exc:
        issues.add((), "เปิดไฟล์ไม่ได้", f"cannot open the file: {exc.strerror}")
        return None
    try:
        data, issues.lines = located_yaml.load(text, exact_decimals=True)
    except located_yaml.DuplicateKey as dup:
        issues.issues.append(
            Issue(
                issues.name, dup.line, dup.key, f"ชื่อช่องซ้ำ «{dup.key}»", f"duplicate key {dup.key!r}"
            )
        )
        return None
    except yaml.YAMLError as exc:
        line, problem = located_yaml.yaml_problem(exc)
        issues.issues.append(
            Issue(issues.name, line, "", "อ่านไฟล์ YAML ไม่ได้", f"not valid YAML: {problem}")
        )
        return None
    if not isinstance(data, dict):
        issues.add(
            (),
            "ไฟล์ต้องเป็นกลุ่มข้อมูล (mapping) ที่ระดับบนสุด",
            "the file must hold a mapping at the top level",
        )
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        issues.add_validation(exc)
        return None


# --- checks across fields and files -------------------------------------------------------------


def _duplicates(values: Iterable[Any]) -> set[Any]:
    return {value for value, n in Counter(values).items() if n > 1}


def _check_tools(tools: ToolsFile, issues: _FileIssues) -> None:
    for field in ("code", "order"):
        dup = _duplicates(getattr(t, field) for t in tools.tools)
        for index, tool in enumerate(tools.tools):
            if getattr(tool, field) in dup:
                value = getattr(tool, field)
                issues.add(
                    ("tools", index, field), f"ค่าซ้ำ «{value}»", f"duplicate {field} {value!r}"
                )


def fiscal_year_bounds(be_year: int) -> tuple[dt.date, dt.date]:
    """FY 2566 runs from 1 Oct 2022 to 30 Sep 2023 (Gregorian dates)."""
    ce_year = be_year - 543
    return dt.date(ce_year - 1, 10, 1), dt.date(ce_year, 9, 30)


def _check_year(year: YearFile, file_year: int, tool_codes: set[str], issues: _FileIssues) -> None:
    if year.be_year != file_year:
        issues.add(
            ("be_year",),
            f"ไม่ตรงกับชื่อไฟล์ ({file_year})",
            f"does not match the file name ({file_year})",
        )
    starts, ends = fiscal_year_bounds(year.be_year)
    for field, expected in (("starts", starts), ("ends", ends)):
        if getattr(year, field) != expected:
            issues.add(
                (field,),
                f"ต้องเป็น {expected.isoformat()} (วันที่แบบ ค.ศ.)",
                f"must be {expected.isoformat()} (a Gregorian date)",
            )
    weights = year.tool_weights
    weight_sum = weights.IIT + weights.EIT + weights.OIT
    if weight_sum != 1:
        issues.add(("tool_weights",), "น้ำหนักรวมต้องเท่ากับ 1", "the weights must add up to 1")

    dup_numbers = _duplicates(i.number for i in year.indicators)
    for index, indicator in enumerate(year.indicators):
        if indicator.number in dup_numbers:
            issues.add(
                ("indicators", index, "number"),
                f"ตัวชี้วัดซ้ำ «{indicator.number}»",
                f"duplicate indicator number {indicator.number}",
            )
    for index, indicator in enumerate(year.indicators):
        if indicator.tool not in tool_codes:
            issues.add(
                ("indicators", index, "tool"),
                f"ไม่มีเครื่องมือ «{indicator.tool}» ใน tools.yaml",
                f"no tool {indicator.tool!r} in tools.yaml",
            )

    for field in ("order", "label"):
        dup = _duplicates(getattr(r, field) for r in year.rating_rules)
        for index, rule in enumerate(year.rating_rules):
            if getattr(rule, field) in dup:
                value = getattr(rule, field)
                issues.add(
                    ("rating_rules", index, field),
                    f"ค่าซ้ำ «{value}»",
                    f"duplicate {field} {value!r}",
                )
    rules = sorted(year.rating_rules, key=lambda r: r.order)
    for earlier, later in itertools.pairwise(rules):
        if later.min_total > earlier.min_total:
            index = year.rating_rules.index(later)
            issues.add(
                ("rating_rules", index, "min_total"),
                "เกณฑ์ต้องเรียงจากคะแนนสูงไปต่ำตามลำดับ (order)",
                "rules must not rise in min_total as order increases",
            )
    if not rules or rules[-1].min_total != 0 or rules[-1].min_each_tool is not None:
        issues.add(
            ("rating_rules",),
            "เกณฑ์สุดท้ายต้องรับทุกคะแนน (min_total: 0)",
            "the last rule must catch every score (min_total: 0, no min_each_tool)",
        )

    numbers = {i.number for i in year.indicators}
    for field in ("code", "order"):
        dup = _duplicates(getattr(i, field) for i in year.oit_items)
        for index, item in enumerate(year.oit_items):
            if getattr(item, field) in dup:
                value = getattr(item, field)
                issues.add(
                    ("oit_items", index, field),
                    f"ค่าซ้ำในปีเดียวกัน «{value}»",
                    f"duplicate {field} {value!r} within the year",
                )
    for index, item in enumerate(year.oit_items):
        if item.indicator is not None and item.indicator not in numbers:
            issues.add(
                ("oit_items", index, "indicator"),
                f"ไม่มีตัวชี้วัดที่ {item.indicator} ในปีนี้",
                f"no indicator {item.indicator} in this year",
            )
        if item.is_measures_item and item.is_progress_item:
            issues.add(
                ("oit_items", index, "is_progress_item"),
                "รายการเดียวเป็นทั้งรายการมาตรการและรายการผลการดำเนินการไม่ได้",
                "an item cannot be both the measures item and the progress item",
            )
    for flag in ("is_measures_item", "is_progress_item"):
        flagged = [index for index, item in enumerate(year.oit_items) if getattr(item, flag)]
        for index in flagged[1:]:
            issues.add(
                ("oit_items", index, flag),
                "มีได้เพียงรายการเดียวต่อปี",
                "only one item per year may carry this flag",
            )


def _check_lineage(
    years: dict[int, YearFile], issues_by_year: dict[int, _FileIssues], unreadable: set[int]
) -> None:
    for be_year, year in years.items():
        for index, item in enumerate(year.oit_items):
            for ref_index, ref in enumerate(item.maps_from):
                target = years.get(ref.fy)
                if ref.fy in unreadable:
                    continue  # that file's own errors are reported already
                if ref.fy >= be_year:
                    issues_by_year[be_year].add(
                        ("oit_items", index, "maps_from", ref_index, "fy"),
                        "ต้องอ้างถึงปีก่อนหน้า",
                        "must point at an earlier year",
                    )
                elif target is None or target.item(ref.code) is None:
                    issues_by_year[be_year].add(
                        ("oit_items", index, "maps_from", ref_index),
                        f"ไม่มีรายการ {ref.code} ในแคตตาล็อกปี {ref.fy}",
                        f"no item {ref.code} in the {ref.fy} catalogue",
                    )


def read_catalogue(directory: Path | str | None = None) -> Catalogue:
    """Read ``tools.yaml`` and every ``NNNN.yaml`` in ``directory``; raise on any problem."""
    directory = Path(directory) if directory is not None else DATA_DIR
    all_issues: list[_FileIssues] = []

    tools_issues = _FileIssues(TOOLS_FILE)
    all_issues.append(tools_issues)
    tools = _read_file(directory / TOOLS_FILE, ToolsFile, tools_issues)
    if tools is not None:
        _check_tools(tools, tools_issues)
    tool_codes: set[str] = (
        {t.code for t in tools.tools} if tools is not None else {"IIT", "EIT", "OIT"}
    )

    year_paths = sorted(p for p in directory.glob("*.yaml") if _YEAR_FILE.match(p.name))
    if not year_paths:
        tools_issues.issues.append(
            Issue(
                str(directory),
                None,
                "",
                "ไม่พบไฟล์แคตตาล็อกรายปี",
                "no fiscal-year files (NNNN.yaml) found",
            )
        )
    years: dict[int, YearFile] = {}
    issues_by_year: dict[int, _FileIssues] = {}
    unreadable: set[int] = set()
    for path in year_paths:
        file_year = int(_YEAR_FILE.match(path.name).group(1))  # type: ignore[union-attr]
        file_issues = _FileIssues(path.name)
        all_issues.append(file_issues)
        year = _read_file(path, YearFile, file_issues)
        if year is None:
            unreadable.add(file_year)
            continue
        _check_year(year, file_year, tool_codes, file_issues)
        years[file_year] = year
        issues_by_year[file_year] = file_issues
    _check_lineage(years, issues_by_year, unreadable)

    problems = [issue for file_issues in all_issues for issue in file_issues.issues]
    if problems or tools is None:
        raise CatalogueError(problems)
    return Catalogue(
        tools=tuple(tools.tools), years=dict(sorted(years.items())), directory=directory
    )
