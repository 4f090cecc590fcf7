"""Checking an uploaded evidence file before anything is stored.

The type is read from the content (``lib/file_types``); the name must agree with it, so a
PNG renamed ``.pdf`` is refused, as is anything not on the list (HTML, scripts, executables).
Errors are in the user's language only (ADR 0012).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext, gettext_noop

from ita_tracker.lib import file_types

TOO_LARGE = gettext_noop("The file is larger than %(limit)s MB. Make it smaller and try again.")
EMPTY = gettext_noop("The file is empty.")
NOT_ALLOWED = gettext_noop(
    "This kind of file cannot be used as evidence. Upload a PDF, an image (PNG, JPEG, GIF, "
    "WebP) or an Office file (Word, Excel, PowerPoint)."
)
NAME_MISMATCH = gettext_noop(
    "The file's name ends in %(extension)s but its content is %(kind)s. Save it again in the "
    "right format, or correct its name."
)


def bilingual(message: str, **params: Any) -> str:
    """The message in the user's language only (ADR 0012: one language per screen; the
    English stays in the logs of whoever reads them)."""
    return gettext(message) % params


@dataclass(frozen=True)
class CheckedUpload:
    kind: file_types.FileType
    data: bytes
    name: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


NOT_AN_IMAGE = gettext_noop("Upload a PNG, JPEG, GIF or WebP image.")


def check_upload(
    upload: UploadedFile,
    allowed: tuple[file_types.FileType, ...] = file_types.ALLOWED,
    not_allowed: str = NOT_ALLOWED,
) -> CheckedUpload:
    """The upload's bytes, true type and a safe name; ``ValidationError`` when refused."""
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise forms.ValidationError(
            bilingual(TOO_LARGE, limit=limit // (1024 * 1024)), code="too_large"
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise forms.ValidationError(
            bilingual(TOO_LARGE, limit=limit // (1024 * 1024)), code="too_large"
        )
    if not data:
        raise forms.ValidationError(bilingual(EMPTY), code="empty")
    kind = file_types.sniff(data)
    if kind is None or kind not in allowed:
        raise forms.ValidationError(bilingual(not_allowed), code="not_allowed")
    name = upload.name or "file"
    extension = file_types.extension_of(name)
    if extension and extension not in kind.extensions:
        raise forms.ValidationError(
            bilingual(NAME_MISMATCH, extension=extension, kind=kind.label), code="mismatch"
        )
    return CheckedUpload(
        kind=kind,
        data=data,
        name=file_types.safe_name(name, kind),
        sha256=hashlib.sha256(data).hexdigest(),
    )
