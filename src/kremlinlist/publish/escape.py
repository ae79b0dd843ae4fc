"""Escaping for the published formats: Markdown text, CSV cells, links."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from kremlinlist.model._unicode_tables import INVISIBLE, WHITE_SPACE, contains

_SAFE_URL = re.compile(r"^https?://[^\s\x00-\x1f\x7f]+$", re.IGNORECASE)


def safe_url(url: str | None) -> str | None:
    """Only http(s) addresses become links; anything else stays text."""
    if not url:
        return None
    u = url.strip()
    if not _SAFE_URL.match(u):
        return None
    return u


_MD_SPECIAL = {c: "\\" + c for c in "\\`*_{}[]()|~!$^"}
# GitHub links @mentions and #refs after parsing, backslash or not; entities it leaves alone.
_MD_SPECIAL.update({"&": "&amp;", "<": "&lt;", ">": "&gt;", "@": "&#64;", "#": "&#35;",
                    "\x00": "\ufffd"})
_MD_LINE_BREAKS = re.compile(r"[\r\n\u0085\u2028\u2029\x0b\x0c]+")
_MD_LEADING = re.compile(r"^(\s*)([#+=-]|\d+(?=[.)]))")
_MD_TABLE = str.maketrans(_MD_SPECIAL)
_MD_WWW = re.compile(r"(?i)\b(www)\.")
_MD_COLON = re.compile(r":(?=\S)")
_MD_GH = re.compile(r"(?i)\b(gh)-(?=\d)")  # GitHub links `GH-1` to issue 1, as `#1`


# Whatever md_escape would change: a text without any of it (most names, labels and dates) is
# returned as it is, at a third of the cost of the steps below.
_MD_ANY = re.compile(r"[\\`*_{}\[\]()|~!$^&<>@#:\x00\t\r\n\u0085\u2028\u2029\x0b\x0c]"
                     r"|(?i:www\.)|(?i:\bgh-\d)|^\s*(?:[+=-]|\d+[.)])")


def md_escape(value: Any) -> str:
    """Text that renders as itself in GitHub Markdown, also inside a table cell, on one line."""
    if value is None:
        return ""
    text = str(value)
    return text if _MD_ANY.search(text) is None else _md_escaped(text)


def _md_escaped(text: str) -> str:
    text = _MD_LINE_BREAKS.sub(" ", text).replace("\t", " ")
    text = text.translate(_MD_TABLE)
    text = _MD_WWW.sub(r"\1\\.", text)
    text = _MD_COLON.sub(r"\\:", text)  # autolinks (https:) and emoji codes (:x:)
    text = _MD_GH.sub(r"\1&#45;", text)
    m = _MD_LEADING.match(text)
    if m:
        lead = m.group(2)
        text = (m.group(1) + (lead + "\\" if lead[0].isdigit() else "\\" + lead)
                + text[m.end():])
    return text


_FORMULA = frozenset("=+-@\t\r\n")


def csv_cell(value: Any) -> str:
    """A cell no spreadsheet runs as a formula, however the formula is dressed: spreadsheets
    skip leading spaces and fold full-width forms, so the text is looked at as NFKC makes it,
    past any leading white space or invisible character."""
    if value is None:
        return ""
    text = str(value)
    if not text or ("!" <= text[0] <= "~" and text[0] not in _FORMULA):
        return text  # the usual first character: nothing before it, nothing folds into one
    if text[0] in _FORMULA or _starts_formula(text):
        return "'" + text
    return text


def _starts_formula(text: str) -> bool:
    for ch in unicodedata.normalize("NFKC", text):
        cp = ord(ch)
        if not (contains(WHITE_SPACE, cp) or contains(INVISIBLE, cp)):
            return ch in _FORMULA
    return False
