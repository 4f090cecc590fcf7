"""Why a service refused to act, and where an imported file is wrong (no Django imports).

Views show ``message`` (or a problem in the user's language) and change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class Refused(Exception):
    """A request that breaks a rule of the domain (plan not editable, round locked …)."""

    def __init__(self, message: Any) -> None:
        self.message = message
        super().__init__(str(message))


class InputRefused(ValueError):
    """Untrusted input (an upload, an imported file) refused before any work is done on it.

    ``location`` names where the problem is in words the uploader can find (a member of a ZIP,
    a line of a file, a field); the messages are Thai first, then English, like the document
    engine's errors. Subclasses say which kind of input it was.
    """

    def __init__(self, message_th: str, message_en: str, *, location: str = "") -> None:
        self.message_th = message_th
        self.message_en = message_en
        self.location = location
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.message_th} / {self.message_en}"


class UnsafeArchive(InputRefused):
    """A ZIP (DOCX, XLSX …) that is damaged or would cost too much to open: too many members,
    too large once uncompressed, compressed suspiciously well, encrypted, or XML with a DTD."""


class NotAnArchive(UnsafeArchive):
    """The file is not a ZIP at all (so not a DOCX/XLSX either)."""


def column_letter(number: int) -> str:
    """A sheet's column as Excel names it: 1 → A, 26 → Z, 27 → AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Location:
    """Where a problem is in an imported table file, in the words the uploader finds it by.

    ``table`` is a Word table's number (1-based) or a sheet's name; ``row`` the row number as the
    file shows it. ``column`` is a number (a Word table's column; a sheet's column, shown as
    Excel's letter) or a label already written out, such as ``"D (IIT)"``. Every part may be
    missing: a problem with the whole file has no location.
    """

    table: int | str | None = None
    row: int | None = None
    column: int | str | None = None

    def th(self) -> str:
        return " ".join(th for th, _en in self._parts())

    def en(self) -> str:
        return ", ".join(en for _th, en in self._parts())

    def _parts(self) -> list[tuple[str, str]]:
        parts = []
        if isinstance(self.table, int):
            parts.append((f"ตารางที่ {self.table}", f"table {self.table}"))
        elif self.table:
            parts.append((f"แผ่นงาน «{self.table}»", f"sheet {self.table!r}"))
        if self.row is not None:
            parts.append((f"แถว {self.row}", f"row {self.row}"))
        if self.column not in (None, ""):
            column = self._column()
            parts.append((f"คอลัมน์ {column}", f"column {column}"))
        return parts

    def _column(self) -> str:
        if isinstance(self.column, int) and isinstance(self.table, str):
            return column_letter(self.column)  # a sheet: as Excel shows it
        return str(self.column)

    def as_dict(self) -> dict[str, int | str | None]:
        return {"table": self.table, "row": self.row, "column": self.column}


@dataclass(frozen=True)
class LocatedProblem:
    """One problem found in an imported file: the message in Thai and English, and where.

    Screens show one language (ADR 0012): ``format("th")`` or ``format("en")``. The command line
    and the logs keep both: ``format()`` (Thai, then English) or ``line()``.
    """

    th: str
    en: str
    where: Location = Location()

    def format(self, lang: str = "both") -> str:
        """``"<where>: <message>"`` in Thai (``"th"``), English (``"en"``) or both."""
        place_th, place_en = self.where.th(), self.where.en()
        th = f"{place_th}: {self.th}" if place_th else self.th
        en = f"{place_en}: {self.en}" if place_en else self.en
        if lang == "th":
            return th
        if lang == "en":
            return en
        return f"{th} / {en}"

    def line(self) -> str:
        """One log line: the place in English (so that it can be searched for), then the
        message in Thai and English."""
        where = self.where.en()
        return f"{where}: {self.th} / {self.en}" if where else f"{self.th} / {self.en}"

    def as_dict(self) -> dict[str, object]:
        return {"th": self.th, "en": self.en, "where": self.where.as_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LocatedProblem:
        return cls(data["th"], data["en"], Location(**data.get("where") or {}))
