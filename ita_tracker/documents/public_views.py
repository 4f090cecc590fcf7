"""The public verification page: is this file (or code, or SHA-256) an issued document?

No login. It tells only what an issued document's own PDF already says (agency, subject,
number, date, version, whether a later version corrects it) and never anything about drafts.
"""

from __future__ import annotations

import hashlib
import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ita_tracker.docengine.signing import SignatureReport, validate_signed_pdf
from ita_tracker.documents.forms import VerifyForm
from ita_tracker.documents.models import IssuedDocument
from ita_tracker.documents.signing_service import known_certificates

_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")
MAX_VERIFY_BYTES = 30 * 1024 * 1024


def _lookup(query: str) -> IssuedDocument | None:
    query = query.strip()
    qs = IssuedDocument.objects.select_related("agency", "superseded_by", "supersedes")
    if _SHA256.match(query):
        digest = query.lower()
        return qs.filter(pdf_sha256=digest).first() or qs.filter(docx_sha256=digest).first()
    return qs.filter(code=query.upper()).first()


def _result(
    request: HttpRequest,
    form: VerifyForm,
    issued: IssuedDocument | None,
    asked: str,
    signature: SignatureReport | None = None,
) -> HttpResponse:
    return render(
        request,
        "documents/verify.html",
        {
            "form": form,
            "issued": issued,
            "asked": asked,
            "checked": True,
            "signature": signature,
        },
        status=200 if issued else 404,
    )


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        if upload is not None:
            if upload.size and upload.size > MAX_VERIFY_BYTES:
                form.add_error("file", _("The file is too large to be an issued document."))
                return render(request, "documents/verify.html", {"form": form}, status=413)
            data = b"".join(upload.chunks())
            asked = hashlib.sha256(data).hexdigest()
            # The digital signature, checked against every certificate agencies signed with:
            # what a PDF reader would say of the file, beside the register's answer.
            signature = (
                validate_signed_pdf(data, trust_roots=known_certificates())
                if data.startswith(b"%PDF")
                else None
            )
            return _result(request, form, _lookup(asked), asked, signature)
        return _result(
            request, form, _lookup(form.cleaned_data["query"]), form.cleaned_data["query"]
        )
    return render(request, "documents/verify.html", {"form": form})


@require_GET
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    """The address in the QR code of an issued PDF."""
    return _result(request, VerifyForm(initial={"query": code}), _lookup(code), code)
