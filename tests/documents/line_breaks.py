"""The broken-word check: does any line of a rendered PDF end inside a word?

Every line of the PDF's text layer (``pdftotext -raw``, which keeps LibreOffice's drawing order)
is found in the paragraph of the DOCX it came from, and the place where the line ends is checked
against that paragraph segmented with the same dictionary LibreOffice breaks with (PyThaiNLP's
word list plus the government word list, :mod:`ita_tracker.docengine.thai_words`). A line end is
*broken* when it falls strictly inside a dictionary word, inside a run of Latin letters or
digits, or inside a URL anywhere but after ``/`` or ``.``. Ends at a space, at the paragraph's
end or between two words are fine; ends inside a run the dictionary does not know (a surname) are
not counted, as there is no word to break.

A line that no paragraph contains (two table cells drawn on one baseline, which pdftotext joins
with a space) is split at its spaces into pieces that each come from a paragraph.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import cache

from lxml import etree

from ita_tracker.docengine.thai_words import word_list
from tests.documents.helpers import pdftotext

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
URL = re.compile(r"https?://\S+|www\.\S+")
LEADER = re.compile(r"\.{4,}")  # dotted tab leaders of the memo header
PAGE_NUMBER = re.compile(r"^-\s*[\d๐-๙]+\s*-$")
LATIN_OR_DIGITS = re.compile(r"[A-Za-z]{2,}|[0-9๐-๙]{2,}")


_UNKNOWN = 3  # the cost of a letter no dictionary word covers (a word costs 1)
THAI_RUN = re.compile("[\u0e01-\u0e4e]+")


@cache
def _words() -> frozenset[str]:
    return word_list()


@cache
def _longest() -> int:
    return max(len(word) for word in _words())


def docx_paragraphs(docx: bytes) -> list[str]:
    """The text of every paragraph of the body, headers and footers; tabs and line breaks as
    spaces (a line may end there)."""
    texts = []
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        names = [
            n
            for n in archive.namelist()
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)
        ]
        for name in names:
            root = etree.fromstring(archive.read(name))
            for paragraph in root.iter(f"{W}p"):
                parts = []
                for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
                    parts.append(node.text or "" if node.tag == f"{W}t" else " ")
                text = "".join(parts)
                if text.strip():
                    texts.append(text)
    return texts


@dataclass
class _Paragraph:
    text: str
    squashed: str
    index: list[int]  # squashed position -> position in text
    bad_ends: set[int] = field(default_factory=set)  # text positions a line must not end at


def _prepare(text: str) -> _Paragraph:
    squashed, index = [], []
    for position, char in enumerate(text):
        if not char.isspace():
            squashed.append(char)
            index.append(position)
    paragraph = _Paragraph(text, "".join(squashed), index)
    paragraph.bad_ends = _bad_ends(text)
    return paragraph


def _bad_ends(text: str) -> set[int]:
    """Positions inside ``text`` where a line end would break a word."""
    bad: set[int] = set()
    for match in THAI_RUN.finditer(text):
        bad.update(match.start() + b for b in _bad_thai_breaks(match.group()))
    for match in LATIN_OR_DIGITS.finditer(text):
        bad.update(range(match.start() + 1, match.end()))
    for match in URL.finditer(text):  # inside a URL only its own rule applies
        for position in range(match.start() + 1, match.end()):
            if text[position - 1] in "/.":
                bad.discard(position)
            else:
                bad.add(position)
    return bad


def _bad_thai_breaks(run: str) -> list[int]:
    """Breaks inside a Thai run that no fewest-words segmentation has.

    Segmentations are scored by number of dictionary words, a letter the dictionary does not
    cover costing more than any word. A break is fine when the best segmentation of the text
    before it plus the best of the text after it is as good as the best of the whole run: then
    it lies between two words of a best segmentation (``การปฏิบัติ|หน้าที่`` and
    ``การ|ปฏิบัติหน้าที่`` are equally good). Breaking a compound the dictionary knows
    (``ยก|ระดับ`` for ยกระดับ) costs a word more and is counted; so is a break that leaves
    letters no word covers (``ประชาสัมพัน|ธ์``). Breaks inside a run no word covers (a surname)
    cost nothing and are not counted.
    """
    words, longest = _words(), _longest()
    n = len(run)
    forward = [0] + [_UNKNOWN * n] * n
    for i in range(n):
        for j in range(i + 1, min(n, i + longest) + 1):
            step = 1 if run[i:j] in words else (_UNKNOWN * (j - i) if j == i + 1 else None)
            if step is not None and forward[i] + step < forward[j]:
                forward[j] = forward[i] + step
    backward = [_UNKNOWN * n] * n + [0]
    for i in range(n - 1, -1, -1):
        for j in range(i + 1, min(n, i + longest) + 1):
            step = 1 if run[i:j] in words else (_UNKNOWN * (j - i) if j == i + 1 else None)
            if step is not None and backward[j] + step < backward[i]:
                backward[i] = backward[j] + step
    return [b for b in range(1, n) if forward[b] + backward[b] > forward[n]]


@dataclass(frozen=True)
class BrokenLine:
    line: str
    paragraph: str
    at: int  # where in the paragraph the line ends

    def __str__(self) -> str:
        before = self.paragraph[max(0, self.at - 15) : self.at]
        return f"{before}|{self.paragraph[self.at : self.at + 15]}"


@dataclass
class LineReport:
    lines: int = 0
    broken: list[BrokenLine] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


def check_line_breaks(pdf: bytes, docx: bytes) -> LineReport:
    """Every PDF line end against the DOCX paragraph it comes from (see the module docstring)."""
    paragraphs = [_prepare(text) for text in docx_paragraphs(docx)]
    report = LineReport()
    for raw_line in pdftotext(pdf, "-raw").splitlines():
        line = LEADER.sub(" ", raw_line).strip()
        if not line or PAGE_NUMBER.match(line):
            continue
        report.lines += 1
        pieces = _pieces(line, paragraphs)
        if pieces is None:
            report.unmatched.append(raw_line)
            continue
        for piece in pieces:
            broken = _end_is_broken(piece, paragraphs)
            if broken is not None:
                report.broken.append(broken)
    return report


def _occurrences(squashed: str, paragraphs: list[_Paragraph]) -> list[tuple[_Paragraph, int]]:
    found = []
    for paragraph in paragraphs:
        start = paragraph.squashed.find(squashed)
        while start >= 0:
            found.append((paragraph, start + len(squashed)))
            start = paragraph.squashed.find(squashed, start + 1)
    return found


def _pieces(line: str, paragraphs: list[_Paragraph]) -> list[str] | None:
    """``line`` as one or more pieces (split at spaces) that paragraphs contain."""
    if _occurrences(re.sub(r"\s+", "", line), paragraphs):
        return [line]
    spaces = [m.start() for m in re.finditer(r"\s+", line)]
    for split in spaces:
        left, right = line[:split].strip(), line[split:].strip()
        if left and _occurrences(re.sub(r"\s+", "", left), paragraphs):
            rest = _pieces(right, paragraphs)
            if rest is not None:
                return [left, *rest]
    return None


def _end_is_broken(piece: str, paragraphs: list[_Paragraph]) -> BrokenLine | None:
    """A BrokenLine when every place the piece can come from ends it inside a word."""
    squashed = re.sub(r"\s+", "", piece)
    first_bad = None
    for paragraph, end in _occurrences(squashed, paragraphs):
        if end >= len(paragraph.squashed):
            return None
        at = paragraph.index[end - 1] + 1  # just after the line's last character
        if at not in paragraph.bad_ends:
            return None
        first_bad = first_bad or BrokenLine(piece, paragraph.text, at)
    return first_bad
