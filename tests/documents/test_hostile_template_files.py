"""Hostile Word files are refused by the template check, located, before python-docx opens them
(zip bombs, XML entity bombs, huge parts); the upload page answers, never a 500."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ita_tracker.docengine.exporters.docx import builtin_template
from ita_tracker.docengine.lint import lint_template
from ita_tracker.documents.models import AgencyTemplate
from tests.conftest import PASSWORD
from tests.lib.test_safe_zip import BILLION_LAUGHS


def _with_member(name: str, data: bytes, *, replace: bool = True) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(builtin_template("progress_report")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info.filename))
        target.writestr(name, data)
    return out.getvalue()


def zip_bomb() -> bytes:
    """word/document.xml of 20 MB that compresses to ~20 kB."""
    xml = builtin_template_xml()
    padding = b" " * (20 * 1024 * 1024)
    return _with_member("word/document.xml", xml.replace(b"<w:body>", b"<w:body>" + padding, 1))


def builtin_template_xml() -> bytes:
    with zipfile.ZipFile(io.BytesIO(builtin_template("progress_report"))) as archive:
        return archive.read("word/document.xml")


HOSTILE = {
    "zip bomb": (zip_bomb, "word/document.xml"),
    "entity bomb": (lambda: _with_member("word/document.xml", BILLION_LAUGHS), "word/document.xml"),
    "huge customXml": (
        lambda: _with_member("customXml/item1.xml", b"<a>" + b"x" * (17 * 1024 * 1024) + b"</a>"),
        "customXml/item1.xml",
    ),
    "external entity in a header": (
        lambda: _with_member(
            "word/header1.xml",
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        ),
        "word/header1.xml",
    ),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_lint_refuses_a_hostile_file_naming_the_part(case: str) -> None:
    make, part = HOSTILE[case]
    issues = lint_template(make())
    assert [i.kind for i in issues] == ["docx"]
    assert issues[0].location == part
    assert issues[0].message_th.startswith("ไฟล์แม่แบบ")


@pytest.mark.parametrize("case", ["zip bomb", "entity bomb", "huge customXml"])
def test_the_upload_page_refuses_it_and_stores_nothing(client, coordinator, plan_a, case):
    client.login(username="coordinator", password=PASSWORD)
    make, part = HOSTILE[case]
    upload = SimpleUploadedFile("bad.docx", make(), content_type="application/octet-stream")
    response = client.post(
        f"/a/{plan_a.agency.slug}/documents/templates/", {"kind": "progress_report", "file": upload}
    )
    assert response.status_code == 422
    assert part in response.content.decode()
    assert AgencyTemplate.objects.count() == 0
