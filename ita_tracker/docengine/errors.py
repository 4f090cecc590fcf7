"""Typed errors of the document engine. Messages are Thai first, then English."""

from __future__ import annotations


class DocumentError(Exception):
    """A document could not be produced."""

    def __init__(self, message_th: str, message_en: str) -> None:
        self.message_th = message_th
        self.message_en = message_en
        super().__init__(f"{message_th} / {message_en}")


class TemplateError(DocumentError):
    """A DOCX template cannot be rendered: Jinja syntax, an undefined variable, a sandbox breach.

    ``location`` says where, in words a template author can find in Word: the part (document
    body, header, footer), the paragraph number and a snippet of its text, and whether it is in
    a table cell. ``line`` is the line of the Jinja source (one line per paragraph).
    """

    def __init__(
        self,
        message_th: str,
        message_en: str,
        *,
        location: str = "",
        line: int | None = None,
        snippet: str = "",
        variable: str = "",
    ) -> None:
        super().__init__(message_th, message_en)
        self.location = location
        self.line = line
        self.snippet = snippet
        self.variable = variable

    def __str__(self) -> str:
        where = f" [{self.location}]" if self.location else ""
        return f"{self.message_th} / {self.message_en}{where}"


class TemplateSecurityError(TemplateError):
    """Template code tried to reach something the sandbox forbids (Python internals)."""


class ConversionError(DocumentError):
    """LibreOffice is missing, hung, or failed to turn the DOCX into a PDF."""
