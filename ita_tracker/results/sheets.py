"""Reading a result file (CSV or XLSX) into numbered rows of cells. No ORM here.

``lib/spreadsheets.py`` opens the file, with the same checks and refusals as the plan import
from Office files: size, an old or password-protected Excel file, for an XLSX the checks of
``lib/safe_zip.py`` (a zip bomb is refused before it is opened), CSV in UTF-8 or Thai Windows'
cp874. Only the first worksheet of an XLSX is read, with the values Excel last computed (not the
formulas); empty rows and trailing empty cells are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ita_tracker.lib import spreadsheets

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000


@dataclass(frozen=True)
class Sheet:
    name: str
    # (row number as the spreadsheet shows it, cells left to right); empty rows left out
    rows: list[tuple[int, list[Any]]]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _trimmed(cells: list[Any]) -> list[Any]:
    while cells and _blank(cells[-1]):
        cells.pop()
    return cells


def _xlsx_rows(data: bytes) -> list[tuple[int, list[Any]]]:
    spreadsheets.open_package(data)
    book = spreadsheets.load_workbook(data, read_only=True)
    try:
        rows = []
        for number, values in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                raise spreadsheets.SheetRefused(
                    f"ไฟล์มีแถวเกิน {MAX_ROWS:,} แถว", f"the file has more than {MAX_ROWS:,} rows"
                )
            rows.append((number, list(values)))
        return rows
    finally:
        book.close()


def read_sheet(data: bytes, filename: str) -> Sheet:
    """The rows of a CSV or XLSX file (told apart by content, not by name). Raises
    :class:`~ita_tracker.lib.spreadsheets.SheetRefused`."""
    spreadsheets.check_size(data, MAX_BYTES)
    spreadsheets.check_not_ole2(data, save_as=(".xlsx หรือ .csv", ".xlsx or .csv"))
    if data.startswith(b"PK\x03\x04"):
        numbered = _xlsx_rows(data)
    else:
        text = spreadsheets.decode_csv(data)
        numbered = [(n, list(c)) for n, c in spreadsheets.csv_rows(text, max_rows=MAX_ROWS)]
    rows = [(number, cells) for number, cells in numbered if _trimmed(cells)]
    if not rows:
        raise spreadsheets.SheetRefused("ไฟล์ว่างเปล่า", "the file is empty")
    return Sheet(filename, rows)
