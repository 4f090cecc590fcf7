"""Cleaning the text of cells typed in Word or Excel by Thai users.

What agencies' files contain, beside the words: sara am typed as nikhahit + sara aa
(U+0E4D U+0E32), invisible characters, non-breaking spaces, spaces typed inside a word (before a
vowel or tone mark, after a leading vowel), hard line breaks inside titles, Thai and Arabic
digits mixed, and items numbered ``๑.`` or bulleted ``-``.
"""

from __future__ import annotations

import functools
import re

from ita_tracker.lib.thai_digits import to_arabic_digits

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_SARA_AM = re.compile("\u0e4d\\s*\u0e32")
# A space can never stand before these (they attach to the consonant before them) ...
_ATTACHED = "\u0e30\u0e31\u0e32\u0e33\u0e34-\u0e3a\u0e45\u0e47-\u0e4e"
_SPACE_BEFORE_MARK = re.compile(f"(?<=[\u0e01-\u0e4e]) +(?=[{_ATTACHED}])")
# ... nor after a leading vowel (เ แ โ ใ ไ), which always has its consonant after it.
_SPACE_AFTER_LEADING = re.compile("(?<=[\u0e40-\u0e44]) +(?=[\u0e01-\u0e2e])")

_NUMBERED = re.compile(r"^\s*(?:ข้อ\s*)?\(?([0-9๐-๙]{1,3})\s*[.)]\s*(?=\S)")
_BULLET = re.compile(r"^\s*[-–—•·▪●○◦*➢✓]\s*(?=\S)")
_INLINE_BULLET = re.compile(r"\s+[-–•]\s+(?=\S)")


def is_thai(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e5b"


@functools.lru_cache(maxsize=8192)
def clean(text: str) -> str:
    """One line of text: invisible characters out, sara am whole, spaces inside words out."""
    text = _INVISIBLE.sub("", text)
    text = _SARA_AM.sub("\u0e33", text)
    text = _SPACES.sub(" ", text)
    text = _SPACE_BEFORE_MARK.sub("", text)
    text = _SPACE_AFTER_LEADING.sub("", text)
    return text.strip()


@functools.cache
def _dictionary() -> frozenset[str]:
    """PyThaiNLP's word list (as docengine/thai_words.py uses), words of 3 letters or more."""
    from pythainlp.corpus.common import thai_words

    return frozenset(word for word in thai_words() if len(word) >= 3)


def _is_one_word(left: str, right: str, words: frozenset[str]) -> bool:
    """Whether the word ending ``left`` and the word starting ``right`` are one word split by a
    space (``ทุกส่วน ราชการ``, ``ใช้ จ่าย``, ``เว็บ ไซต์``), by the dictionary."""
    heads = [right[:j] for j in range(2, min(len(right), 10) + 1)]
    near = any(
        tail + head in words
        for tail in (left[-i:] for i in range(2, min(len(left), 8) + 1))
        for head in heads
    )
    if not near:  # the common case, without running the word breaker
        return False
    from pythainlp.tokenize import word_tokenize

    last = word_tokenize(left[-24:], engine="newmm")[-1]
    first = word_tokenize(right[:24], engine="newmm")[0]
    return (last + first) in words


def mend_split_words(text: str) -> tuple[str, list[str]]:
    """Spaces typed (or left by a line wrap) inside one word, taken out where the dictionary
    says the two sides make one word. Returns the text and the mended places (``ส่วน ราชการ``)
    so that they can be shown for confirmation. Spaces between words stay: Thai puts them
    between phrases."""
    if " " not in text:
        return text, []
    words = _dictionary()
    parts = text.split(" ")
    out = [parts[0]]
    mended: list[str] = []
    for part in parts[1:]:
        left = out[-1]
        if (
            left
            and part
            and is_thai(left[-1])
            and is_thai(part[0])
            and _is_one_word(left, part, words)
        ):
            mended.append(f"{left.split()[-1][-12:]} {part[:12]}")
            out[-1] = left + part
        else:
            out.append(part)
    return " ".join(out), mended


def clean_lines(lines: list[str]) -> list[str]:
    """Each line cleaned, empty lines dropped. A line may hold hard breaks: they split it."""
    out: list[str] = []
    for line in lines:
        for part in line.replace("\r", "\n").replace("\v", "\n").split("\n"):
            part = clean(part)
            if part:
                out.append(part)
    return out


def join(parts: list[str]) -> str:
    """Lines broken by hand inside one sentence, joined again.

    Thai does not separate words with spaces, so a break between two Thai letters joins with
    nothing (``ประชาสัมพันธ์แผน`` + ``การใช้จ่าย``); anything else joins with a space.
    """
    text = ""
    for part in parts:
        if not part:
            continue
        if text and not (is_thai(text[-1]) and is_thai(part[0])):
            text += " "
        text += part
    return text


@functools.lru_cache(maxsize=8192)
def key(text: str) -> str:
    """A comparison key: spaces, punctuation and digit style ignored."""
    text = to_arabic_digits(clean(text))
    return re.sub(r"[\s()\[\]/,.\-–—:;\"'“”‘’]+", "", text).lower()


def strip_number(text: str) -> tuple[int | None, str]:
    """``๑. ประกาศ…`` → (1, ``ประกาศ…``)."""
    match = _NUMBERED.match(text)
    if not match:
        return None, text
    return int(to_arabic_digits(match.group(1))), text[match.end() :]


def is_item_start(line: str) -> bool:
    return bool(_BULLET.match(line) or _NUMBERED.match(line))


def strip_item_mark(line: str) -> str:
    match = _BULLET.match(line) or _NUMBERED.match(line)
    return line[match.end() :] if match else line


def split_items(lines: list[str]) -> list[str]:
    """Method steps from a cell: ``- `` bullets or numbered lines start a step; other lines go on
    with the step before (a sentence broken by hand). Without any marks, each line is a step.
    Several bullets typed on one line (``- a - b``) are split too."""
    lines = clean_lines(lines)
    expanded: list[str] = []
    for line in lines:
        if _BULLET.match(line):
            expanded.extend(p for p in _INLINE_BULLET.sub("\n- ", line).split("\n") if p)
        else:
            expanded.append(line)
    if not any(is_item_start(line) for line in expanded):
        return expanded
    items: list[list[str]] = []
    for line in expanded:
        if is_item_start(line) or not items:
            items.append([clean(strip_item_mark(line))])
        else:
            items[-1].append(line)
    return [text for text in (join(parts) for parts in items) if text]
