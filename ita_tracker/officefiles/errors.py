"""An Office file that cannot be imported at all, with every problem located (table or sheet,
row, column) by :class:`~ita_tracker.lib.errors.LocatedProblem`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ita_tracker.lib.errors import LocatedProblem, Location
from ita_tracker.lib.spreadsheets import SheetRefused


class OfficeFileError(Exception):
    """A file that cannot be imported at all. Nothing was read from it; nothing is written."""

    def __init__(self, problems: list[LocatedProblem], source: str = "") -> None:
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


def refuse(th: str, en: str, where: Location | None = None, source: str = "") -> OfficeFileError:
    return OfficeFileError([LocatedProblem(th, en, where or Location())], source)


@contextmanager
def refusing(source: str) -> Iterator[None]:
    """Turn what ``lib.spreadsheets`` refuses into an :class:`OfficeFileError` naming the file."""
    try:
        yield
    except SheetRefused as exc:
        raise OfficeFileError([exc.problem], source) from None
