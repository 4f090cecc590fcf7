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


# -- digits -------------------------------------------------------------------------------------
# What the agency's digit setting governs on a screen (ADR 0012): the text a person reads.
# Text nodes, and the attributes shown or read out; not what a person types or copies (form
# field values, <textarea>), not code (<code>, <pre>, <kbd>, <samp>), not scripts or styles,
# not elements marked translate="no" (register numbers as issued). In that text, links, e-mail
# addresses and words in Latin letters (codes like O42, login names, SHA-256) are left out.
_NOT_READ = {"script", "style", "textarea", "code", "pre", "kbd", "samp"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
_READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "hx-confirm", "data-label")
_CODES = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+\.\w+|[A-Za-z0-9_][\w.+/-]*[A-Za-z][\w.+/-]*|[A-Za-z][\w.+/-]*"
)
ARABIC_NUMBER = re.compile(r"[0-9]+")
THAI_NUMBER = re.compile(r"[๐-๙]+")


class _Read(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._closed: list[str] = []  # elements whose content is not read, innermost last

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if self._closed:
            if tag == self._closed[-1] and tag not in _VOID:
                self._closed.append(tag)
            return
        self.parts += [attributes.get(name) or "" for name in _READ_ATTRIBUTES]
        if tag in _VOID:
            return
        if tag in _NOT_READ or attributes.get("translate") == "no":
            self._closed.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._closed:
            self.parts += [dict(attrs).get(name) or "" for name in _READ_ATTRIBUTES]

    def handle_endtag(self, tag: str) -> None:
        if self._closed and self._closed[-1] == tag:
            self._closed.pop()

    def handle_data(self, data: str) -> None:
        if not self._closed:
            self.parts.append(data)


def read_text(html: str) -> str:
    """The text the digit setting governs, codes and links left out (see above)."""
    parser = _Read()
    parser.feed(html)
    return _CODES.sub(" ", " ".join(" ".join(parser.parts).split()))
