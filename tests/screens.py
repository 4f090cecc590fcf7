"""What a screen shows a person: its visible text, and the English words left in a Thai page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Words a Thai screen legitimately shows in Latin letters: names of things and formats.
ALLOWED = {
    "ita",
    "tracker",
    "iit",
    "eit",
    "oit",
    "pdf",
    "docx",
    "xlsx",
    "csv",
    "json",
    "atom",
    "mb",
    "kb",
    "word",
    "excel",
    "powerpoint",
    "office",
    "png",
    "jpeg",
    "jpg",
    "gif",
    "webp",
    "english",
    "caps",
    "lock",
    "https",
    "http",
    "www",
    "sha",
    "qr",
    "url",
    "html",
    "nacc",
    "itas",
    "id",
    "pades",
    "pkcs",
    "p12",
    "pfx",
    "e-saraban",
    "aa",
    "bb",
    "cc",
    "javascript",
    "email",
    "e-mail",
}
_SKIP = {"script", "style", "code", "pre", "textarea", "option", "title"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_words(html: str, also_allowed: set[str] = frozenset()) -> list[str]:
    """Latin words of three letters or more in the visible text, less names of things, user
    names, e-mail addresses and links."""
    text = visible_text(html)
    text = re.sub(r"\S+@\S+|https?://\S+|\S+\.(?:pdf|docx|png|jpg|xlsx|csv)\b", " ", text)
    words = re.findall(r"[A-Za-z][A-Za-z'’-]{2,}", text)
    allowed = ALLOWED | {w.lower() for w in also_allowed}
    return [w for w in words if w.lower() not in allowed and not w.isupper()]
