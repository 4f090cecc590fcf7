"""The agency's digits on its screens (issue 11, ADR 0012): the human text of an HTML page
written with Thai digits (๐-๙) or Arabic digits (0-9), whichever the agency's setting says.

What a person reads is converted: text between tags, and the attributes that are read out or
shown (``HUMAN_ATTRIBUTES``: ``title``, ``aria-label``, ``placeholder``, ``alt`` …). What a
person types, copies or a machine reads keeps its digits:

* form fields: ``<input>`` values, ``<textarea>``, attributes other than the ones above
  (ids, links, ``value``, chart coordinates), except the value of a box marked
  ``data-screen-digits`` (a date the system wrote, which the box reads in either digits);
* ``<code>``, ``<pre>``, ``<kbd>``, ``<samp>``, ``<script>``, ``<style>``, and every element
  marked ``translate="no"`` (HTML's "not to be translated": register numbers as issued,
  login names);
* in any text, links and e-mail addresses (``lib/thai_digits``), character references
  (``&#39;``), and words in Latin letters with digits in them (``O42``, ``SHA-256``,
  ``officer2``, ``PDF/A-2b``): codes and names, not numbers.
"""

from __future__ import annotations

import re

from ita_tracker.lib.thai_digits import URL_OR_EMAIL, to_arabic_digits, to_thai_digits

# Elements whose content keeps its digits, and elements that have no end tag.
KEEP_ELEMENTS = frozenset({"script", "style", "textarea", "code", "pre", "kbd", "samp"})
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr", "param"}
)
# Attributes shown or read out: tooltips, names for screen readers, hints, the confirmation
# htmx asks, the labels phone-size tables show beside each cell (CSS ``attr(data-label)``).
HUMAN_ATTRIBUTES = (
    "title",
    "aria-label",
    "aria-description",
    "aria-valuetext",
    "placeholder",
    "alt",
    "hx-confirm",
    "data-label",
    "data-errors-title",
)

_TAG = re.compile(
    r"<!--.*?-->|<![^>]*>|<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)>",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(
    r"(\s(?:" + "|".join(map(re.escape, HUMAN_ATTRIBUTES)) + r")\s*=\s*)(\"[^\"]*\"|'[^']*')",
    re.IGNORECASE,
)
_VALUE = re.compile(r"(\svalue\s*=\s*)(\"[^\"]*\"|'[^']*')", re.IGNORECASE)
_SCREEN_VALUE = re.compile(r"\sdata-screen-digits\b", re.IGNORECASE)
_NOT_TRANSLATED = re.compile(r"\stranslate\s*=\s*[\"']?no\b", re.IGNORECASE)
# Runs of text checked one by one: links and e-mail addresses, character references, and
# "words" of Latin letters, digits and joiners; a word with a Latin letter in it is a code.
_RUN = re.compile(
    URL_OR_EMAIL.pattern + r"|&#?[0-9A-Za-z]++;|[A-Za-z0-9_][A-Za-z0-9_.+/-]*+",
    re.IGNORECASE,
)
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"[0-9๐-๙]")


def text(value: str, *, thai: bool) -> str:
    """``value`` with its numbers in Thai or Arabic digits; codes, links and e-mail addresses
    keep theirs."""
    if not _DIGIT.search(value):
        return value
    convert = to_thai_digits if thai else to_arabic_digits
    out: list[str] = []
    pos = 0
    for match in _RUN.finditer(value):
        run = match.group(0)
        if _LATIN_LETTER.search(run) or run.startswith("&"):
            out.append(convert(value[pos : match.start()]))
            out.append(run)
            pos = match.end()
    out.append(convert(value[pos:]))
    return "".join(out)


def _attributes(source: str, *, thai: bool) -> str:
    if not _DIGIT.search(source):
        return source

    def one(match: re.Match[str]) -> str:
        quoted = match.group(2)
        return match.group(1) + quoted[0] + text(quoted[1:-1], thai=thai) + quoted[-1]

    source = _ATTRIBUTE.sub(one, source)
    return _VALUE.sub(one, source) if _SCREEN_VALUE.search(source) else source


def html(page: str, *, thai: bool) -> str:
    """The page with the digits of its human text in the agency's kind (see the module)."""
    out: list[str] = []
    pos = 0
    keep: list[str] = []  # the open elements whose content keeps its digits, innermost last
    for match in _TAG.finditer(page):
        between = page[pos : match.start()]
        out.append(between if keep else text(between, thai=thai))
        pos = match.end()
        closing, name, rest = match.group(1), (match.group(2) or "").lower(), match.group(3)
        if not name:  # a comment or a doctype
            out.append(match.group(0))
            continue
        if closing:
            if keep and keep[-1] == name:
                keep.pop()
            out.append(match.group(0))
            continue
        if keep:
            if name == keep[-1] and name not in VOID_ELEMENTS:
                keep.append(name)  # the same element nested inside itself
            out.append(match.group(0))
            continue
        self_closing = rest.rstrip().endswith("/") or name in VOID_ELEMENTS
        if not self_closing and (name in KEEP_ELEMENTS or _NOT_TRANSLATED.search(rest)):
            keep.append(name)
            out.append(match.group(0))
            continue
        out.append(f"<{match.group(2)}{_attributes(rest, thai=thai)}>")
    tail = page[pos:]
    out.append(tail if keep else text(tail, thai=thai))
    return "".join(out)
