"""A slow PDF conversion ends with the converter's own message before gunicorn kills the worker
(issue 10, finding 5: the converter waited 120 s, gunicorn 30 s)."""

from __future__ import annotations

import pytest

from ita_tracker import gunicorn_conf
from ita_tracker.docengine import sandbox
from ita_tracker.docengine.errors import ConversionError
from ita_tracker.docengine.exporters import pdf
from ita_tracker.docengine.exporters.docx import builtin_template


def test_the_converter_gives_up_before_gunicorn_does() -> None:
    assert gunicorn_conf.timeout >= pdf.DEFAULT_TIMEOUT + sandbox.RENDER_SECONDS + 10
    assert pdf.SofficeConverter().timeout == pdf.DEFAULT_TIMEOUT
    assert pdf.UnoserverConverter().timeout == pdf.DEFAULT_TIMEOUT


@pytest.mark.soffice
def test_a_conversion_over_its_time_says_so_in_thai_and_english() -> None:
    converter = pdf.SofficeConverter(timeout=0.01)
    with pytest.raises(ConversionError) as caught:
        converter.convert(builtin_template("progress_report"))
    assert "ไม่ตอบสนองภายใน" in caught.value.message_th
    assert "did not finish within" in caught.value.message_en
