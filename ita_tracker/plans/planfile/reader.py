"""Read a plan file (YAML or JSON) into a :class:`PlanFile`, or fail with located errors.

Every problem carries the line and the field path, in Thai and English. Nothing here touches
the database: an invalid file is refused before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ita_tracker.plans.planfile.schema import PlanFile

PathKey = tuple[str | int, ...]


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


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text (they are Buddhist-era) and refuses duplicate keys."""


# Remove the timestamp resolver: "2566-04-03" must stay a string, not become year 2566 CE.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int) -> None:
        self.key = key
        self.line = line


def _construct_mapping(
    loader: _Loader, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise _DuplicateKey(str(key), key_node.start_mark.line + 1)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _line_map(
    node: yaml.Node | None, path: PathKey = (), out: dict[PathKey, int] | None = None
) -> dict[PathKey, int]:
    """Map each field path to the line where its value (or, for mapping keys, its key) starts."""
    out = {} if out is None else out
    if node is None:
        return out
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            # A key's line is where the user wrote the key; numeric keys stay reachable as ints.
            for k in {key, int(key)} if str(key).isdigit() else {key}:
                out[(*path, k)] = key_node.start_mark.line + 1
                _line_map(value_node, (*path, k), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, (*path, index), out)
    return out


def _nearest_line(lines: dict[PathKey, int], path: PathKey) -> int | None:
    while path not in lines:
        if not path:
            return None
        path = path[:-1]
    return lines[path]


def _dotted(path: PathKey) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


_PATH_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _parse_dotted(text: str) -> PathKey:
    parts: list[str | int] = []
    for name, index in _PATH_TOKEN.findall(text):
        parts.append(int(index) if index else name)
    return tuple(parts)


_THAI = {
    "missing": "ขาดข้อมูลที่จำเป็น",
    "extra_forbidden": "มีช่องข้อมูลที่ไม่รู้จัก (สะกดผิดหรือไม่อยู่ในรูปแบบไฟล์)",
    "enum": "ค่าไม่อยู่ในรายการที่อนุญาต",
    "literal_error": "ค่าไม่อยู่ในรายการที่อนุญาต",
    "string_type": "ต้องเป็นข้อความ",
    "string_too_short": "ต้องไม่เว้นว่าง",
    "string_pattern_mismatch": "รูปแบบไม่ถูกต้อง",
    "int_parsing": "ต้องเป็นจำนวนเต็ม",
    "int_type": "ต้องเป็นจำนวนเต็ม",
    "int_from_float": "ต้องเป็นจำนวนเต็ม",
    "decimal_parsing": "ต้องเป็นตัวเลข",
    "decimal_type": "ต้องเป็นตัวเลข",
    "decimal_max_places": "ทศนิยมได้ไม่เกิน ๒ ตำแหน่ง",
    "greater_than_equal": "ค่าน้อยเกินไป",
    "less_than_equal": "ค่ามากเกินไป",
    "bool_parsing": "ต้องเป็น true หรือ false",
    "bool_type": "ต้องเป็น true หรือ false",
    "list_type": "ต้องเป็นรายการ (list)",
    "dict_type": "ต้องเป็นกลุ่มข้อมูล (mapping)",
    "model_type": "ต้องเป็นกลุ่มข้อมูล (mapping)",
    "model_attributes_type": "ต้องเป็นกลุ่มข้อมูล (mapping)",
}


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
                issues.append(Issue(_nearest_line(lines, sub_path), _dotted(sub_path), th, en))
            continue
        en = error["msg"]
        if kind == "missing":
            en = "field required"
        th = _THAI.get(kind, "ค่าไม่ถูกต้อง")
        if kind in ("enum", "literal_error") and "expected" in error.get("ctx", {}):
            th = f"{th}: {error['ctx']['expected']}"
        issues.append(Issue(_nearest_line(lines, loc), _dotted(loc), th, en))
    return issues


def read_plan_text(text: str, source: str = "") -> PlanFile:
    """Parse and validate plan-file text; raise :class:`PlanFileError` with every problem."""
    try:
        root = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except _DuplicateKey as dup:
        raise PlanFileError(
            [Issue(dup.line, dup.key, f"ชื่อช่องซ้ำ «{dup.key}»", f"duplicate key {dup.key!r}")],
            source,
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
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
    lines = _line_map(root)
    try:
        plan = PlanFile.model_validate(data)
    except ValidationError as exc:
        raise PlanFileError(_issues_from_validation(exc, lines), source) from None
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
