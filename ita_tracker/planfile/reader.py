"""Read a plan file (YAML or JSON) into a :class:`PlanFile`, or fail with located errors.

Every problem carries the line and the field path, in Thai and English. Nothing here touches
the database: an invalid file is refused before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from ita_tracker.lib import located_yaml
from ita_tracker.lib.located_yaml import PathKey, dotted, nearest_line
from ita_tracker.planfile.schema import PlanFile


@dataclass(frozen=True)
class Issue:
    line: int | None
    path: str
    message_th: str
    message_en: str

    def format(self, source: str = "") -> str:
        where = f"{source}:{self.line}" if self.line else source or "-"
        field = f" {self.path}" if self.path else ""
        if self.message_th == self.message_en:
            return f"{where}{field}: {self.message_th}"
        return f"{where}{field}: {self.message_th} / {self.message_en}"


class PlanFileError(Exception):
    """A plan file that cannot be used. ``issues`` lists every problem found, located."""

    def __init__(self, issues: list[Issue], source: str = "") -> None:
        self.issues = issues
        self.source = source
        super().__init__(self.format())

    def format(self) -> str:
        head = f"ไฟล์แผนไม่ถูกต้อง / invalid plan file: {self.source or '-'}"
        return "\n".join([head, *("  " + issue.format(self.source) for issue in self.issues)])


# A real plan file is tens of kilobytes; anything this big is refused before it is parsed.
MAX_TEXT_CHARS = 1_000_000
MAX_ISSUES = 200  # reported; the rest are counted

_PATH_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _parse_dotted(text: str) -> PathKey:
    parts: list[str | int] = []
    for name, index in _PATH_TOKEN.findall(text):
        parts.append(int(index) if index else name)
    return tuple(parts)


def _split_bilingual(message: str) -> tuple[str, str]:
    """Our own validators already write ``Thai / English``; keep both halves."""
    if " / " in message:
        th, en = message.split(" / ", 1)
        return th, en
    return message, message


def _issues_from_validation(exc: ValidationError, lines: dict[PathKey, int]) -> list[Issue]:
    issues: list[Issue] = []
    for error in exc.errors(include_url=False):
        loc: PathKey = tuple(error["loc"])
        kind = error["type"]
        if kind == "value_error":
            message = str(error.get("ctx", {}).get("error", error["msg"]))
            for row in message.splitlines():
                match = re.match(r"^([\w\[\].\-]+): (.*)$", row)
                sub_path = loc
                text = row
                if match and ("[" in match.group(1) or "." in match.group(1)):
                    sub_path = (*loc, *_parse_dotted(match.group(1)))
                    text = match.group(2)
                th, en = _split_bilingual(text)
                issues.append(Issue(nearest_line(lines, sub_path), dotted(sub_path), th, en))
            continue
        en = error["msg"]
        if kind == "missing":
            en = "field required"
        th = located_yaml.thai_error(kind)
        if kind in ("enum", "literal_error") and "expected" in error.get("ctx", {}):
            th = f"{th}: {error['ctx']['expected']}"
        issues.append(Issue(nearest_line(lines, loc), dotted(loc), th, en))
    return issues


def read_plan_text(text: str, source: str = "") -> PlanFile:
    """Parse and validate plan-file text; raise :class:`PlanFileError` with every problem."""
    if len(text) > MAX_TEXT_CHARS:
        raise PlanFileError(
            [
                Issue(
                    None,
                    "",
                    f"ไฟล์แผนยาวเกิน {MAX_TEXT_CHARS:,} ตัวอักษร",
                    f"the plan file is longer than {MAX_TEXT_CHARS:,} characters",
                )
            ],
            source,
        )
    try:
        data, lines = located_yaml.load(text, dates_as_text=True)
    except located_yaml.DuplicateKey as dup:
        raise PlanFileError(
            [Issue(dup.line, dup.key, f"ชื่อช่องซ้ำ «{dup.key}»", f"duplicate key {dup.key!r}")],
            source,
        ) from None
    except located_yaml.LimitExceeded as exc:
        line, problem = located_yaml.yaml_problem(exc)
        raise PlanFileError([Issue(line, "", exc.thai, problem)], source) from None
    except yaml.YAMLError as exc:
        line, problem = located_yaml.yaml_problem(exc, text)
        raise PlanFileError(
            [Issue(line, "", "อ่านไฟล์ YAML/JSON ไม่ได้", f"not valid YAML/JSON: {problem}")],
            source,
        ) from None
    if not isinstance(data, dict):
        raise PlanFileError(
            [
                Issue(
                    1,
                    "",
                    "ไฟล์ต้องเป็นกลุ่มข้อมูล (mapping) ที่ระดับบนสุด",
                    "the file must hold a mapping at the top level",
                )
            ],
            source,
        )
    try:
        plan = PlanFile.model_validate(data)
    except ValidationError as exc:
        issues = _issues_from_validation(exc, lines)
        if len(issues) > MAX_ISSUES:
            more = len(issues) - MAX_ISSUES
            issues = [
                *issues[:MAX_ISSUES],
                Issue(None, "", f"และปัญหาอื่นอีก {more} รายการ", f"and {more} more problem(s)"),
            ]
        raise PlanFileError(issues, source) from None
    plan._lines = lines
    return plan


def read_plan_file(path: str | Path) -> PlanFile:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PlanFileError(
            [Issue(None, "", "ไฟล์ต้องเป็นข้อความ UTF-8", "the file must be UTF-8 text")], str(path)
        ) from None
    except OSError as exc:
        raise PlanFileError(
            [Issue(None, "", "เปิดไฟล์ไม่ได้", f"cannot open the file: {exc.strerror}")], str(path)
        ) from None
    return read_plan_text(text, str(path))


def dump_plan(plan: PlanFile) -> str:
    """The plan as YAML, in the field order of the schema, Thai text kept literal."""
    data = {"format": plan.format}
    data.update(plan.model_dump(mode="json", by_alias=True, exclude_defaults=True))
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str_presenter)
