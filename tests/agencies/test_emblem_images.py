"""Bad emblem pictures are refused on upload and never make documents fail with a 500
(issue 10, finding 4)."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ita_tracker.agencies.models import Agency
from ita_tracker.lib import images
from tests.agencies.test_settings_view import _form
from tests.samples import picture

_WHOLE_PNG = picture("PNG", size=(400, 300))
TRUNCATED_PNG = _WHOLE_PNG[: len(_WHOLE_PNG) // 2]
FAKE_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x42" * 500
BAD = {"truncated PNG": TRUNCATED_PNG, "fake JPEG": FAKE_JPEG}
NAMES = {TRUNCATED_PNG: "ตรา.png", FAKE_JPEG: "ตรา.jpg"}


def _settings_form(agency, **extra):
    return _form(agency, thai_digits="on", **extra)


@pytest.mark.parametrize("data", list(BAD.values()), ids=list(BAD))
def test_the_library_refuses_a_damaged_picture(data: bytes) -> None:
    with pytest.raises(images.BadImage):
        images.emblem_png(data)


def test_the_library_turns_webp_into_png_and_keeps_what_word_shows() -> None:
    png = images.emblem_png(picture("WEBP"))
    assert Image.open(io.BytesIO(png)).format == "PNG"
    for fmt in ("PNG", "JPEG", "GIF"):
        data = picture(fmt)
        assert images.emblem_png(data) == data
    large = images.emblem_png(picture("PNG", size=(3000, 1500)))
    assert Image.open(io.BytesIO(large)).size == (1200, 600)


def test_the_library_refuses_a_decompression_bomb() -> None:
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, format="PNG")  # 100 Mpx in a few kB
    with pytest.raises(images.BadImage, match="too large"):
        images.emblem_png(out.getvalue())


@pytest.mark.parametrize("data", list(BAD.values()), ids=list(BAD))
def test_the_settings_page_refuses_a_damaged_picture(client, agency_admin, agency_a, data):
    client.force_login(agency_admin)
    response = client.post(
        "/a/thaphae/settings/",
        _settings_form(agency_a, emblem_file=SimpleUploadedFile(NAMES[data], data)),
    )
    assert response.status_code == 200
    assert "ใช้เป็นตราสัญลักษณ์ไม่ได้" in response.content.decode()
    assert not Agency.objects.get(pk=agency_a.pk).emblem


def test_a_webp_emblem_is_stored_as_png_and_documents_work(client, agency_admin, plan_a):
    client.force_login(agency_admin)
    client.post(
        "/a/thaphae/settings/",
        _settings_form(plan_a.agency, emblem_file=SimpleUploadedFile("ตรา.webp", picture("WEBP"))),
    )
    agency = Agency.objects.get(pk=plan_a.agency.pk)
    assert agency.emblem.name.endswith(".png")
    response = client.get(f"/a/thaphae/documents/plans/{plan_a.fiscal_year.be_year}/document.docx")
    assert response.status_code == 200


@pytest.mark.parametrize("data", list(BAD.values()), ids=list(BAD))
def test_a_bad_emblem_already_stored_gives_a_clear_answer_not_a_500(
    client, agency_admin, plan_a, data
):
    agency = plan_a.agency
    agency.emblem.save("old.png", ContentFile(data))  # stored before uploads were decoded
    client.force_login(agency_admin)
    response = client.get(f"/a/thaphae/documents/plans/{plan_a.fiscal_year.be_year}/document.docx")
    assert response.status_code == 422
    assert "ตราสัญลักษณ์ใช้ไม่ได้" in response.content.decode()
