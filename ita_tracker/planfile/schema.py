"""Plan file format, version 1.

Documented in ``docs/plan-file.md``; JSON Schema in ``docs/plan-file.schema.json``.

No Django imports: ``ita-tracker render`` reads plan files without a database.
Dates are Buddhist-era (``2566-04-03`` or ``3/4/2566``); months are ``2565-10``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from ita_tracker.lib import document_text, text_input, thai_dates
from ita_tracker.lib.reserved_slugs import is_reserved

# Version 2 (issue 12) adds the results history, OIT items and the analysis comments; files of
# version 1 are read as they are (every new field is optional).
FORMAT: Literal["ita-tracker/plan@2"] = "ita-tracker/plan@2"
FORMATS = ("ita-tracker/plan@1", "ita-tracker/plan@2")


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return thai_dates.parse_date(str(value))


def _parse_month(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value.replace(day=1)
    return thai_dates.parse_month(str(value))


BEDate = Annotated[
    dt.date,
    BeforeValidator(_parse_date),
    PlainSerializer(thai_dates.iso_be, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "description": "Buddhist-era date: 2566-04-03, 3/4/2566 or ๓/๔/๒๕๖๖",
            "examples": ["2566-04-03"],
        }
    ),
]
BEMonth = Annotated[
    dt.date,
    BeforeValidator(_parse_month),
    PlainSerializer(thai_dates.iso_be_month, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "description": "Buddhist-era month: 2565-10, 10/2565 or ต.ค.65",
            "examples": ["2565-10"],
        }
    ),
]


def _strip(value: str) -> str:
    """Surrounding spaces and invisible characters (zero-width space…) dropped; control
    characters refused (a NUL byte is refused by PostgreSQL: issue 10, finding 7), and so are
    characters no document can print (emoji…), so a memo never loses them silently."""
    value = text_input.check_text(document_text.strip_invisible(value).strip())
    bad = document_text.unprintable(value)
    if bad:
        chars = document_text.describe(bad)
        raise ValueError(
            f"มีอักขระที่พิมพ์ในเอกสารไม่ได้ {chars} ให้ลบหรือเขียนเป็นคำแทน / "
            f"contains characters the documents cannot print: {chars}; remove them or use words"
        )
    return value


Text = Annotated[str, AfterValidator(_strip)]
NonEmpty = Annotated[str, AfterValidator(_strip), Field(min_length=1)]
# Texts stored in a column of that many characters (the database refuses longer ones).
Text60 = Annotated[Text, Field(max_length=60)]
Text100 = Annotated[Text, Field(max_length=100)]
Text200 = Annotated[Text, Field(max_length=200)]
Text300 = Annotated[Text, Field(max_length=300)]
Text500 = Annotated[Text, Field(max_length=500)]
NonEmpty200 = Annotated[NonEmpty, Field(max_length=200)]
NonEmpty300 = Annotated[NonEmpty, Field(max_length=300)]
# A progress note ("what was done"): the web form's limit too.
NOTE_MAX_LENGTH = 5000
Score = Annotated[
    Decimal,
    Field(ge=0, le=100, max_digits=5, decimal_places=2),
    PlainSerializer(float, return_type=float, when_used="json"),
]


def _check_url(value: str) -> str:
    value = text_input.check_text(document_text.strip_invisible(value).strip())
    if not value.lower().startswith(("http://", "https://")) or " " in value:
        raise ValueError(
            f"ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https:// / a link must start with http(s)://: {value!r}"
        )
    return value


Url = Annotated[str, AfterValidator(_check_url)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ToolCode(StrEnum):
    IIT = "IIT"
    EIT = "EIT"
    OIT = "OIT"


TOOL_ORDER = {ToolCode.IIT: 1, ToolCode.EIT: 2, ToolCode.OIT: 3}


class AgencyType(StrEnum):
    SUBDISTRICT_MUNICIPALITY = "subdistrict_municipality"
    TOWN_MUNICIPALITY = "town_municipality"
    CITY_MUNICIPALITY = "city_municipality"
    SAO = "sao"
    PAO = "pao"
    DEPARTMENT = "department"
    HOSPITAL = "hospital"
    SCHOOL = "school"
    POLICE = "police"
    UNIVERSITY = "university"
    OTHER = "other"


class Section(Strict):
    """A section (งาน) inside a division."""

    name: NonEmpty200
    short_name: Text100 = ""
    phone: Text60 = ""


class Unit(Strict):
    """A division (ส่วนราชการ) and its sections."""

    name: NonEmpty200
    short_name: Text100 = ""
    phone: Text60 = ""
    sections: list[Section] = []

    @model_validator(mode="after")
    def _unique_sections(self) -> Unit:
        seen: set[str] = set()
        for section in self.sections:
            if section.name in seen:
                raise ValueError(
                    f"งานชื่อซ้ำ «{section.name}» / duplicate section name {section.name!r}"
                )
            seen.add(section.name)
        return self


class Agency(Strict):
    slug: Annotated[str, Field(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$")]
    name: NonEmpty200
    short_name: Text100 = ""
    type: AgencyType = AgencyType.OTHER
    province: Text100 = ""
    district: Text100 = ""
    address: Text = ""
    phone: Text60 = ""
    doc_prefix: Text60 = Field("", description="เลขที่หนังสือออกส่วนหน้า เช่น นศ ๕๓๓๐๑")
    website: Text200 = ""
    head_position: Text200 = Field("", description="ตำแหน่งหัวหน้าหน่วยงาน (ผู้รับบันทึก)")
    thai_digits: bool = True
    units: list[Unit] = []

    @field_validator("slug")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if is_reserved(value):
            raise ValueError(
                f"ชื่อ «{value}» สงวนไว้สำหรับที่อยู่เว็บของระบบ เลือกชื่ออื่น / "
                f"{value!r} is reserved for the site's own addresses: choose another"
            )
        return value

    @model_validator(mode="after")
    def _unique_units(self) -> Agency:
        seen: set[str] = set()
        for unit in self.units:
            if unit.name in seen:
                raise ValueError(f"ส่วนราชการชื่อซ้ำ «{unit.name}» / duplicate unit {unit.name!r}")
            seen.add(unit.name)
        return self

    def unit_paths(self) -> set[str]:
        paths: set[str] = set()
        for unit in self.units:
            paths.add(unit.name)
            paths.update(f"{unit.name}/{s.name}" for s in unit.sections)
        return paths


class OitAnswer(Strict):
    """Whether the assessors found an OIT item (มี/ไม่มี) and the reason given."""

    has: bool
    reason: Text = ""


OitCode = Annotated[str, Field(pattern=r"^O\d{1,3}$")]


class PreviousResult(Strict):
    """Last year's published ITA result (ผลการประเมินปีที่ผ่านมา)."""

    fiscal_year: Annotated[int, Field(ge=2400, le=2700)]
    total: Score
    iit: Score | None = None
    eit: Score | None = None
    oit: Score | None = None
    level: Text = Field("", description="ระดับตามที่ประกาศ เช่น C หรือ ผ่านดี")
    indicators: dict[Annotated[int, Field(ge=1, le=10)], Score] = {}
    oit_items: dict[OitCode, OitAnswer] = Field({}, description="รายการ OIT: มี/ไม่มี และเหตุผล")
    example: bool = Field(False, description="คะแนนเป็นตัวอย่าง ไม่ใช่ผลที่ประกาศ")
    notes: Text = ""


class AnalysisComment(Strict):
    issues: Text = Field("", description="ประเด็นที่ต้องแก้ไข/ปรับปรุง")
    development: Text = Field("", description="แนวทางการพัฒนา")


class ResultAnalysis(Strict):
    """The coordinator's analysis of one assessed year's result (analysis report, O42 part 1)."""

    fiscal_year: Annotated[int, Field(ge=2400, le=2700)]
    grouping: Literal["indicator", "tool"] = Field(
        "indicator", description="หนึ่งความเห็นต่อตัวชี้วัด หรือรวมตามเครื่องมือ"
    )
    comments: dict[Annotated[str, Field(pattern=r"^(10|[1-9]|IIT|EIT|OIT)$")], AnalysisComment] = (
        Field({}, description="ตามตัวชี้วัด (1–10) หรือเครื่องมือ (IIT, EIT, OIT)")
    )
    include_in_plan: bool = Field(True, description="พิมพ์เป็นส่วนที่ 1 ของเอกสารมาตรการ")
    memo: Memo | None = Field(
        None,
        description="บันทึกข้อความของรายงานการวิเคราะห์ (เลขที่ วันที่ ผู้จัดทำ ความเห็นผู้บังคับบัญชา)",
    )


class Period(Strict):
    start: BEMonth = Field(alias="from")
    end: BEMonth = Field(alias="to")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("เดือนสิ้นสุดอยู่ก่อนเดือนเริ่ม / the period ends before it starts")
        return self


class DatePeriod(Strict):
    start: BEDate = Field(alias="from")
    end: BEDate = Field(alias="to")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _ordered(self) -> DatePeriod:
        if self.end < self.start:
            raise ValueError("วันสิ้นสุดอยู่ก่อนวันเริ่ม / the period ends before it starts")
        return self


class Measure(Strict):
    key: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")] | None = Field(
        None, description="ชื่ออ้างอิงในไฟล์ (ค่าเริ่มต้น IIT-1, IIT-2 …)"
    )
    tool: ToolCode
    title: NonEmpty
    methods: list[NonEmpty] = Field([], description="วิธีดำเนินการ ตามลำดับ")
    responsible: list[NonEmpty] = Field(
        [], description="ส่วนราชการ/งาน ผู้รับผิดชอบ เช่น สำนักปลัดเทศบาล/งานธุรการ"
    )
    responsible_note: Text300 = Field("", description="ผู้รับผิดชอบอื่น เช่น ทุกส่วนราชการ")
    period: Period
    follow_up: Annotated[Text, Field(max_length=2000)] = Field("", description="การติดตามประเมินผล")
    indicators: list[Annotated[int, Field(ge=1, le=10)]] = []
    carried_over: bool = False


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class Progress(Strict):
    status: Status = Status.NOT_STARTED
    note: Annotated[Text, Field(max_length=NOTE_MAX_LENGTH)] = Field("", description="สิ่งที่ดำเนินการ")
    evidence: Text500 = Field(
        "", description="ข้อความใต้เครื่องหมาย ✓ เช่น ตรวจสอบได้จากเว็บไซต์ของหน่วยงาน"
    )
    urls: list[Url] = []


class Person(Strict):
    name: NonEmpty200 = Field(description="ชื่อพร้อมคำนำหน้า")
    position: NonEmpty300


class Approval(Strict):
    heading: NonEmpty200 = Field(description="หัวข้อความเห็น เช่น ความเห็นปลัดเทศบาล")
    name: NonEmpty200 = Field(description="ชื่อพร้อมคำนำหน้า")
    position: NonEmpty300
    acting: Text300 = Field(
        "",
        description="บรรทัดรักษาราชการแทน/ปฏิบัติหน้าที่แทน เช่น รักษาราชการแทนปลัดเทศบาลตำบลท่าแพ",
    )
    comment: Text = ""
    signed_on: BEDate | None = None


class Memo(Strict):
    """The header, text and signers of a บันทึกข้อความ. Empty fields get derived wording."""

    department: Text300 = Field("", description="ส่วนราชการ")
    number: Text60 = Field("", description="เลขทะเบียนส่ง (ส่วนหลัง / ของ ที่)")
    date: BEDate | None = None
    subject: Text500 = Field("", description="เรื่อง")
    to: Text300 = Field("", description="เรียน")
    facts: Text = Field("", description="ข้อเท็จจริง")
    considerations: Text = Field("", description="ข้อพิจารณา")
    drafter: Person | None = None
    approvals: list[Approval] = []


class RoundKind(StrEnum):
    SIX_MONTH = "six_month"
    TWELVE_MONTH = "twelve_month"
    OTHER = "other"


class RoundState(StrEnum):
    OPEN = "open"
    SUBMITTED = "submitted"
    APPROVED = "approved"


class Round(Strict):
    kind: RoundKind
    label: Text200 = ""
    period: DatePeriod
    state: RoundState = RoundState.OPEN
    progress: dict[str, Progress] = Field({}, description="สถานะต่อมาตรการ ตามชื่ออ้างอิง")
    memo: Memo | None = None


class PlanState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"


class PlanFile(Strict):
    """One agency's integrity measures for one fiscal year, with rounds and memos."""

    format: Literal["ita-tracker/plan@1", "ita-tracker/plan@2"] = FORMAT
    agency: Agency
    fiscal_year: Annotated[int, Field(ge=2400, le=2700, description="ปีงบประมาณ พ.ศ.")]
    title: Text300 = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    state: PlanState = PlanState.DRAFT
    background: Text = Field("", description="เรื่องเดิม")
    analysis: Text = Field("", description="การวิเคราะห์ผลการประเมินปีที่ผ่านมา")
    previous_result: PreviousResult | None = None
    results: list[PreviousResult] = Field(
        [], description="ผลการประเมินปีก่อนหน้านั้น (ประวัติ) นอกจาก previous_result"
    )
    result_analysis: ResultAnalysis | None = None
    measures: list[Measure] = []
    rounds: list[Round] = []
    memo: Memo | None = Field(None, description="บันทึกเสนอมาตรการ (O42)")

    # Line of each field path in the source text, set by the reader for located errors.
    _lines: dict[tuple[str | int, ...], int] = PrivateAttr(default_factory=dict)

    def line_of(self, *path: str | int) -> int | None:
        """The source line of ``path`` (or of its nearest written parent), when known."""
        key = tuple(path)
        while True:
            if key in self._lines:
                return self._lines[key]
            if not key:
                return None
            key = key[:-1]

    @model_validator(mode="after")
    def _check_references(self) -> PlanFile:
        problems: list[str] = []
        keys = self.assign_keys()
        seen_keys: dict[str, int] = {}
        seen_titles: dict[tuple[str, str], int] = {}
        paths = self.agency.unit_paths()
        for index, (measure, key) in enumerate(zip(self.measures, keys, strict=True)):
            if key in seen_keys:
                problems.append(
                    f"measures[{index}]: ชื่ออ้างอิงมาตรการซ้ำ «{key}» (ซ้ำกับลำดับที่ "
                    f"{seen_keys[key] + 1}) / duplicate measure key {key!r}"
                )
            seen_keys.setdefault(key, index)
            title_key = (measure.tool.value, " ".join(measure.title.split()))
            if title_key in seen_titles:
                problems.append(
                    f"measures[{index}]: มาตรการซ้ำ (เครื่องมือและชื่อเดียวกับลำดับที่ "
                    f"{seen_titles[title_key] + 1}) / duplicate measure (same tool and title)"
                )
            seen_titles.setdefault(title_key, index)
            for unit in measure.responsible:
                if unit not in paths:
                    problems.append(
                        f"measures[{index}].responsible: ไม่มีส่วนราชการ «{unit}» ใน agency.units"
                        f" / unknown unit {unit!r} (not in agency.units)"
                    )
        seen_rounds: set[tuple[str, dt.date, dt.date]] = set()
        for r_index, round_ in enumerate(self.rounds):
            ident = (round_.kind.value, round_.period.start, round_.period.end)
            if ident in seen_rounds:
                problems.append(
                    f"rounds[{r_index}]: รอบรายงานซ้ำ / duplicate round (same kind and period)"
                )
            seen_rounds.add(ident)
            for key in round_.progress:
                if key not in seen_keys:
                    problems.append(
                        f"rounds[{r_index}].progress.{key}: ไม่มีมาตรการชื่ออ้างอิง «{key}» / "
                        f"no measure with key {key!r}"
                    )
        years = [r.fiscal_year for r in self.results]
        if self.previous_result is not None:
            years.append(self.previous_result.fiscal_year)
        for index, result in enumerate(self.results):
            if years.count(result.fiscal_year) > 1:
                problems.append(
                    f"results[{index}].fiscal_year: ผลการประเมินปี {result.fiscal_year} ซ้ำ / "
                    f"the result of {result.fiscal_year} is given twice"
                )
        if self.result_analysis is not None and self.result_analysis.fiscal_year not in years:
            problems.append(
                f"result_analysis.fiscal_year: ไม่มีผลการประเมินปี {self.result_analysis.fiscal_year}"
                f" ในไฟล์ / no result of {self.result_analysis.fiscal_year} in the file"
            )
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def result_of(self, year: int) -> PreviousResult | None:
        """The result of ``year``: ``previous_result`` or one of ``results``."""
        every = [*([self.previous_result] if self.previous_result else []), *self.results]
        return next((r for r in every if r.fiscal_year == year), None)

    def assign_keys(self) -> list[str]:
        """Each measure's key: its own, or ``<TOOL>-<n>`` by its place among the tool's measures."""
        counters: dict[ToolCode, int] = {}
        keys = []
        for measure in self.measures:
            counters[measure.tool] = counters.get(measure.tool, 0) + 1
            keys.append(measure.key or f"{measure.tool.value}-{counters[measure.tool]}")
        return keys

    def measures_by_tool(self) -> dict[ToolCode, list[tuple[str, Measure]]]:
        grouped: dict[ToolCode, list[tuple[str, Measure]]] = {t: [] for t in TOOL_ORDER}
        for key, measure in zip(self.assign_keys(), self.measures, strict=True):
            grouped[measure.tool].append((key, measure))
        return grouped

    def round_by_kind(self, kind: RoundKind) -> Round | None:
        return next((r for r in self.rounds if r.kind == kind), None)


def json_schema_text() -> str:
    """The published JSON Schema of the plan file (docs/plan-file.schema.json)."""
    import json

    schema = PlanFile.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/ita-tracker/ita-tracker/docs/plan-file.schema.json"
    schema["title"] = "ITA Tracker plan file (format ita-tracker/plan@2; plan@1 is read too)"
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
