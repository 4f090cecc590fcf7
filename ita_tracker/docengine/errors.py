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


class SigningError(DocumentError):
    """A PDF could not be signed, or a key or certificate cannot be used to sign.

    ``field`` names the input a user can correct: ``"file"`` (the PKCS#12 file or the
    certificate in it), ``"password"``, or ``""`` for the installation's configuration.
    """

    field = ""


class NotPkcs12Error(SigningError):
    """The data is not a PKCS#12 (.p12/.pfx) file, or it holds no key or no certificate."""

    field = "file"


class CertificatePasswordError(SigningError):
    """The PKCS#12 file is fine but the password does not open it."""

    field = "password"


class CertificateValidityError(SigningError):
    """The certificate is outside its validity period at the time it would be used."""

    field = "file"


class CertificateExpiredError(CertificateValidityError):
    """The certificate's ``not_after`` has passed."""


class CertificateNotYetValidError(CertificateValidityError):
    """The certificate's ``not_before`` is still to come."""


class KeyMismatchError(SigningError):
    """The private key does not belong to the certificate."""

    field = "file"


class KeyUsageError(SigningError):
    """The certificate's key usage does not allow digital signatures."""

    field = "file"


class TokenError(SigningError):
    """The PKCS#11 module, token, PIN, key or certificate cannot be used."""
