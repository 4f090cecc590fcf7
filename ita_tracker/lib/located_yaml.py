"""YAML (and JSON) read with the line of every field, for errors users can find (no Django).

Used by the plan-file reader and the ITA catalogue reader: both refuse duplicate keys (PyYAML
silently keeps the last one), and both report pydantic errors in Thai and English with a line.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

PathKey = tuple[str | int, ...]


class DuplicateKey(Exception):
    """The same key twice in one mapping: the second would silently win."""

    def __init__(self, key: str, line: int) -> None:
        super().__init__(f"duplicate key {key!r} on line {line}")
        self.key = key
        self.line = line


# Bounded work for untrusted files (issue 10, finding 10): a 342-byte "billion laughs" of
# aliases grew without bound, 1,000 levels of nesting overflowed the stack, a list as a key
# raised TypeError, and 200,000 keys took 48 s.
MAX_DEPTH = 40  # a plan file needs 7
MAX_NODES = 20_000  # the example (10 measures) has 248; a 200-measure plan about 5,000


class LimitExceeded(yaml.MarkedYAMLError):
    """The file uses what plan files never need (aliases, deep nesting, lists as keys, a huge
    number of values); ``thai`` says it in Thai, ``problem`` in English."""

    def __init__(self, thai: str, english: str, mark: Any) -> None:
        super().__init__(problem=english, problem_mark=mark)
        self.thai = thai


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys, aliases, deep nesting, non-text keys and more
    than ``MAX_NODES`` values, before building anything from them."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise LimitExceeded(
                "ไฟล์แผนใช้การอ้างถึงซ้ำ (alias *ชื่อ) ไม่ได้ ให้เขียนค่าเต็ม",
                "aliases (*name) are not allowed in plan files; write the value out",
                self.peek_event().start_mark,
            )
        self._depth += 1
        self._nodes += 1
        try:
            if self._depth > MAX_DEPTH:
                raise LimitExceeded(
                    f"ข้อมูลซ้อนกันลึกเกิน {MAX_DEPTH} ชั้น",
                    f"nested more than {MAX_DEPTH} levels deep",
                    self.peek_event().start_mark,
                )
            if self._nodes > MAX_NODES:
                raise LimitExceeded(
                    f"ไฟล์มีค่าข้อมูลเกิน {MAX_NODES:,} ค่า",
                    f"more than {MAX_NODES:,} values in the file",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_mapping_node(self, anchor: Any) -> Any:
        node = super().compose_mapping_node(anchor)
        for key_node, _value in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise LimitExceeded(
                    "ชื่อช่องข้อมูลต้องเป็นข้อความ ไม่ใช่รายการหรือกลุ่มข้อมูล",
                    "a key must be text, not a list or a mapping",
                    key_node.start_mark,
                )
        return node


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise DuplicateKey(str(key), key_node.start_mark.line + 1)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _TextDatesLoader(_Loader):
    """Dates stay text: "2566-04-03" is a Buddhist-era date, not the year 2566 CE (ADR 0002)."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _DecimalLoader(_Loader):
    """Floats read exactly: ``0.30`` is ``Decimal("0.30")``."""


def _construct_decimal(loader: _DecimalLoader, node: yaml.ScalarNode) -> Decimal:
    return Decimal(str(loader.construct_scalar(node)).replace("_", ""))


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def load(
    text: str, *, dates_as_text: bool = False, exact_decimals: bool = False
) -> tuple[Any, dict[PathKey, int]]:
    """The data of ``text`` and the line of each field path (mapping keys: the key's line).

    Raises :class:`DuplicateKey` or ``yaml.YAMLError`` (with ``problem_mark``).
    """
    if dates_as_text and exact_decimals:
        raise ValueError("choose one loader variant")
    loader: type[_Loader] = _Loader
    if dates_as_text:
        loader = _TextDatesLoader
    elif exact_decimals:
        loader = _DecimalLoader
    root = yaml.compose(text, Loader=loader)
    data = yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader subclass
    return data, _line_map(root)


def _line_map(
    node: yaml.Node | None, path: PathKey = (), out: dict[PathKey, int] | None = None
) -> dict[PathKey, int]:
    out = {} if out is None else out
    if node is None:
        return out
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            # Numeric keys (indicator numbers) are reachable both as text and as int.
            for k in {key, int(key)} if str(key).isdigit() else {key}:
                out[(*path, k)] = key_node.start_mark.line + 1
                _line_map(value_node, (*path, k), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, (*path, index), out)
    return out


def nearest_line(lines: dict[PathKey, int], path: PathKey) -> int | None:
    """The line of ``path``, or of its nearest parent that is written in the file."""
    while path not in lines:
        if not path:
            return None
        path = path[:-1]
    return lines[path]


def dotted(path: PathKey) -> str:
    """``measures[3].tool``"""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def yaml_problem(exc: yaml.YAMLError, text: str | None = None) -> tuple[int | None, str]:
    """The line and the parser's description of a YAML syntax error. A character YAML does not
    accept (NUL, other control characters) is found before parsing, by its position in ``text``
    (found by the fuzz suite: it was refused with no line)."""
    if isinstance(exc, yaml.reader.ReaderError) and text is not None:
        line = text.count("\n", 0, exc.position) + 1
        return line, f"unacceptable character #x{exc.character:04x}: {exc.reason}"
    mark = getattr(exc, "problem_mark", None)
    return (mark.line + 1 if mark is not None else None), (
        getattr(exc, "problem", None) or str(exc)
    )


# pydantic error types in Thai (the English is pydantic's own message).
THAI_ERRORS = {
    "missing": "ขาดข้อมูลที่จำเป็น",
    "extra_forbidden": "มีช่องข้อมูลที่ไม่รู้จัก (สะกดผิดหรือไม่อยู่ในรูปแบบไฟล์)",
    "enum": "ค่าไม่อยู่ในรายการที่อนุญาต",
    "literal_error": "ค่าไม่อยู่ในรายการที่อนุญาต",
    "string_type": "ต้องเป็นข้อความ",
    "string_too_short": "ต้องไม่เว้นว่าง",
    "string_too_long": "ข้อความยาวเกินไป",
    "string_pattern_mismatch": "รูปแบบไม่ถูกต้อง",
    "int_parsing": "ต้องเป็นจำนวนเต็ม",
    "int_type": "ต้องเป็นจำนวนเต็ม",
    "int_from_float": "ต้องเป็นจำนวนเต็ม",
    "decimal_parsing": "ต้องเป็นตัวเลข",
    "decimal_type": "ต้องเป็นตัวเลข",
    "decimal_max_places": "ทศนิยมเกินกำหนด",
    "decimal_max_digits": "ตัวเลขยาวเกินไป",
    "greater_than_equal": "ค่าน้อยเกินไป",
    "less_than_equal": "ค่ามากเกินไป",
    "bool_parsing": "ต้องเป็น true หรือ false",
    "bool_type": "ต้องเป็น true หรือ false",
    "date_type": "ต้องเป็นวันที่ (YYYY-MM-DD)",
    "date_parsing": "ต้องเป็นวันที่ (YYYY-MM-DD)",
    "date_from_datetime_parsing": "ต้องเป็นวันที่ (YYYY-MM-DD)",
    "list_type": "ต้องเป็นรายการ (list)",
    "dict_type": "ต้องเป็นกลุ่มข้อมูล (mapping)",
    "model_type": "ต้องเป็นกลุ่มข้อมูล (mapping)",
    "model_attributes_type": "ต้องเป็นกลุ่มข้อมูล (mapping)",
}


def thai_error(kind: str) -> str:
    return THAI_ERRORS.get(kind, "ค่าไม่ถูกต้อง")
