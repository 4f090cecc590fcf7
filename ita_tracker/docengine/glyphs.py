"""Characters the documents' font cannot draw, found before LibreOffice draws a box or drops
them. Text from the data is set in TH SarabunPSK (Laksaman PSK on the server); for anything
else LibreOffice falls back on another font, and that was seen to fail: 😀 drawn by DejaVu Sans
but lost from the text layer (outside the BMP), ☺ (which DejaVu Sans has) drawn as a box, 👍
overprinting the next word. So data text may hold only what Laksaman draws. (The ✓ of the
status table is template text in its own symbol-font run, thai-documents.md P2.)"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from fontTools.ttLib import TTFont

from ita_tracker.docengine import fonts
from ita_tracker.docengine.errors import DocumentError
from ita_tracker.lib import document_text

# Names of the context's fields as the author of the data knows them.
FIELDS = {
    "title": ("ชื่อมาตรการ", "title"),
    "methods": ("วิธีดำเนินการ", "method steps"),
    "responsible_text": ("ผู้รับผิดชอบ", "responsible"),
    "follow_up": ("การติดตามประเมินผล", "follow-up"),
    "note": ("ผลการดำเนินงาน", "result"),
    "evidence": ("หลักฐาน", "evidence note"),
    "urls": ("ลิงก์หลักฐาน", "evidence links"),
}


@cache
def drawable() -> frozenset[int]:
    """Code points Laksaman (hence Laksaman PSK, regular and bold alike) has a glyph for."""
    path = fonts.TLWG_DIR / fonts.SOURCES["Regular"]
    if not path.is_file():
        return frozenset()
    return frozenset(TTFont(str(path), lazy=True).getBestCmap())


def missing_glyphs(text: str) -> list[str]:
    """Characters of ``text`` (each once) no document font can draw; whitespace never counts."""
    points = drawable()
    if not points:  # fonts not installed: nothing to check against
        return document_text.unprintable(text)
    found: list[str] = []
    for ch in text:
        if not ch.isspace() and ord(ch) not in points and ch not in found:
            found.append(ch)
    return found


def _texts(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))


def _location(context: dict[str, Any], path: tuple[Any, ...]) -> tuple[str, str]:
    if len(path) >= 5 and path[0] == "tools" and path[2] == "measures":
        measure = context["tools"][path[1]]["measures"][path[3]]
        th, en = FIELDS.get(path[4], (path[4], path[4]))
        return f"มาตรการ {measure['key']} ({th})", f"measure {measure['key']} ({en})"
    dotted = ".".join(str(p) for p in path)
    return dotted, dotted


def check_context(context: dict[str, Any]) -> None:
    """Raise DocumentError naming the first text (where it is, which characters) the fonts
    cannot draw: an emoji would come out as a box spilling into the next column, or vanish."""
    for path, text in _texts(context):
        missing = missing_glyphs(text)
        if missing:
            where_th, where_en = _location(context, path)
            chars = document_text.describe(missing)
            raise DocumentError(
                f"{where_th} มีอักขระที่ฟอนต์ของเอกสารไม่มี {chars} จึงพิมพ์ไม่ได้ ให้ลบหรือเขียนเป็นคำแทน",
                f"{where_en} contains characters the documents' fonts cannot draw: {chars}; "
                "remove them or use words",
            )
