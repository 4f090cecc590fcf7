"""Bounds on what an imported file may cost to open: size, ZIP members, expansion, XML entities.

A .docx/.xlsx is a ZIP of XML parts. Before python-docx or openpyxl open one, it goes through
``lib.spreadsheets.open_package`` (``lib.safe_zip``): a zip bomb (a small file that inflates to
gigabytes) is refused from its directory, and an XML part declaring entities (the "billion
laughs") before it is expanded. The results import goes through the same checks.
"""

from __future__ import annotations

import zipfile

from ita_tracker.lib import spreadsheets
from ita_tracker.officefiles.errors import refusing

MAX_FILE_BYTES = 10 * 1024 * 1024  # an agency's memo or sheet is well under 1 MB
# An XML part python-docx or openpyxl would parse: a 200-measure memo's is under 1 MB.
MAX_XML_PART = 16 * 1024 * 1024


def check_size(data: bytes, source: str) -> None:
    with refusing(source):
        spreadsheets.check_size(data, MAX_FILE_BYTES)


def check_not_ole2(data: bytes, source: str) -> None:
    """Encrypted Office files and Word/Excel 97-2003 files are OLE2 compound files."""
    with refusing(source):
        spreadsheets.check_not_ole2(data, save_as=(".docx หรือ .xlsx", ".docx or .xlsx"))


def open_ooxml(data: bytes, source: str) -> zipfile.ZipFile:
    """The file as a ZIP, checked by ``lib.safe_zip`` (member count, sizes, expansion ratio,
    encryption) with every XML part parsed once without DTDs or entities."""
    with refusing(source):
        return spreadsheets.open_package(data, max_xml_part=MAX_XML_PART)
