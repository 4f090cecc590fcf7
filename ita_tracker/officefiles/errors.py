"""Problems found in an Office file, located (table or sheet, row, column), in Thai and English."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Where:
    """A place in the file. ``table`` is 1-based (Word tables) or a sheet name (Excel/CSV)."""

    table: int | str | None = None
    row: int | None = None
    column: int | None = None

    def th(self) -> str:
        parts = []
        if isinstance(self.table, int):
            parts.append(f"ตารางที่ {self.table}")
        elif self.table:
            parts.append(f"แผ่นงาน «{self.table}»")
        if self.row is not None:
            parts.append(f"แถว {self.row}")
        if self.column is not None:
            parts.append(f"คอลัมน์ {_column_name(self.column, self.table)}")
        return " ".join(parts)

    def en(self) -> str:
        parts = []
        if isinstance(self.table, int):
            parts.append(f"table {self.table}")
        elif self.table:
            parts.append(f"sheet {self.table!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {_column_name(self.column, self.table)}")
        return ", ".join(parts)

    def as_dict(self) -> dict[str, int | str | None]:
        return {"table": self.table, "row": self.row, "column": self.column}


def _column_name(column: int, table: int | str | None) -> str:
    """Word tables count columns; sheets name them with letters, as Excel shows them."""
    if not isinstance(table, str):
        return str(column)
    name = ""
    n = column
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name


@dataclass(frozen=True)
class Problem:
    th: str
    en: str
    where: Where = Where()

    def format(self, lang: str = "both") -> str:
        place_th, place_en = self.where.th(), self.where.en()
        th = f"{place_th}: {self.th}" if place_th else self.th
        en = f"{place_en}: {self.en}" if place_en else self.en
        if lang == "th":
            return th
        if lang == "en":
            return en
        return f"{th} / {en}"

    def as_dict(self) -> dict[str, object]:
        return {"th": self.th, "en": self.en, "where": self.where.as_dict()}

    @classmethod
    def from_dict(cls, data: dict) -> Problem:
        return cls(data["th"], data["en"], Where(**data.get("where") or {}))


class OfficeFileError(Exception):
    """A file that cannot be imported at all. Nothing was read from it; nothing is written."""

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        self.problems = problems
        self.source = source
        super().__init__(self.format())

    def format(self, lang: str = "both") -> str:
        head = {
            "th": "นำเข้าไฟล์ไม่ได้",
            "en": "cannot import the file",
        }.get(lang, "นำเข้าไฟล์ไม่ได้ / cannot import the file")
        head += f": {self.source or '-'}"
        return "\n".join([head, *("  " + p.format(lang) for p in self.problems)])


def refuse(th: str, en: str, where: Where | None = None, source: str = "") -> OfficeFileError:
    return OfficeFileError([Problem(th, en, where or Where())], source)
