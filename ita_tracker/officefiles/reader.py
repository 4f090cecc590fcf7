"""The front door: any supported Office file → :class:`ReadResult`, or OfficeFileError."""

from __future__ import annotations

from pathlib import PurePath

from ita_tracker.officefiles import limits
from ita_tracker.officefiles.errors import OfficeFileError, refuse
from ita_tracker.officefiles.model import ReadResult

EXTENSIONS = (".docx", ".xlsx", ".csv")


def read_office_file(name: str, data: bytes) -> ReadResult:
    """Read the measures (and statuses) of a Word, Excel or CSV file.

    The content decides, not the name: a ZIP holding ``word/`` is Word, ``xl/`` is Excel; text
    is CSV only when the name says ``.csv``. Raises OfficeFileError (nothing usable) with
    located problems; what is merely unsure is flagged on each measure instead.
    """
    source = PurePath(name).name
    limits.check_size(data, source)
    limits.check_not_ole2(data, source)
    if data.startswith(b"PK\x03\x04"):
        archive = limits.open_ooxml(data, source)
        names = archive.namelist()
        if any(n.startswith("word/") for n in names):
            from ita_tracker.officefiles.docx_tables import read_docx_tables
            from ita_tracker.officefiles.tables import read_grids

            try:
                grids, paragraphs = read_docx_tables(data)
            except OfficeFileError as exc:
                raise OfficeFileError(exc.problems, source) from None
            except Exception as exc:  # python-docx raises many kinds on a broken package
                raise refuse(
                    "เปิดไฟล์ Word ไม่ได้ ไฟล์อาจเสีย",
                    f"cannot open the Word file; it may be damaged ({type(exc).__name__})",
                    source=source,
                ) from None
            return read_grids(grids, paragraphs, source=source, kind="docx")
        if any(n.startswith("xl/") for n in names):
            from ita_tracker.officefiles.sheets import read_xlsx

            return read_xlsx(data, source)
    elif source.lower().endswith(".csv"):
        from ita_tracker.officefiles.sheets import read_csv

        return read_csv(data, source)
    raise refuse(
        "ไม่รู้จักรูปแบบไฟล์ รับไฟล์ Word (.docx) Excel (.xlsx) หรือ CSV",
        "unknown file type: a Word (.docx), Excel (.xlsx) or CSV file is needed",
        source=source,
    )
