"""Why a service refused to act (no Django imports). Views show ``message`` and change nothing."""

from __future__ import annotations

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
