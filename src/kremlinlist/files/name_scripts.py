"""Names that mix scripts: they look right, but readers' searches miss them."""

from __future__ import annotations

import functools
import typing
from typing import Any

from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Finding
from kremlinlist.files.letters import at_letter
from kremlinlist.model.names import (CYRILLIC_LOOKALIKES, as_latin, first_cyrillic_among_latin,
                                     first_latin_in_cyrillic_word)


def mixed_script_name(data: Any, may_quote: typing.Callable[[], bool],
                      person: bool = True) -> list[Finding]:
    """A warning for an English name that mixes Latin and Cyrillic letters, and for a Ukrainian
    name with a Latin letter in a Cyrillic word: it looks right, but readers' searches miss it.
    `may_quote` is asked only of such a name (it parses the file); in a withheld person's name,
    which letter and where are never said."""
    name = data.get("name") if isinstance(data, dict) else None
    if not isinstance(name, dict):
        return []
    may_quote = functools.cache(may_quote)  # asked once, of either name
    # A person's Ukrainian name only (`person`): an organization's may mix scripts as its brand
    # does (КримSOS).
    uk = name.get("uk") if person else None
    return _english(name.get("en"), may_quote) + _ukrainian(uk, may_quote)


def _english(en: Any, may_quote: typing.Callable[[], bool]) -> list[Finding]:
    at = first_cyrillic_among_latin(en) if isinstance(en, str) else None
    if at is None:
        return []
    if not may_quote():
        return [Finding(("name", "en"), "warning", "mixed-script-name", _(
            "`en`: the English name mixes Latin and Cyrillic letters; write the whole name in "
            "Latin letters, in the Ukrainian national transliteration"))]
    letter = en[at]
    latin = as_latin(letter)
    if latin != letter:
        short = _("`en`: the English name mixes scripts: a Cyrillic `{letter}` looks like the "
                  "Latin `{latin}`; type the Latin letter instead")
        long = _("`en`: the English name mixes scripts: a Cyrillic `{letter}` in column {column} "
                 "looks like the Latin `{latin}`; type the Latin letter instead")
    else:
        short = _("`en`: the English name mixes scripts: a Cyrillic `{letter}`; write the whole "
                  "name in Latin letters, in the Ukrainian national transliteration")
        long = _("`en`: the English name mixes scripts: a Cyrillic `{letter}` in column "
                 "{column}; write the whole name in Latin letters, in the Ukrainian national "
                 "transliteration")
    words = {"letter": letter, "latin": latin}
    finding = Finding(("name", "en"), "warning", "mixed-script-name", short.format(**words))
    return [at_letter(finding, letter, at, long.format(column="{column}", **words))]


def _ukrainian(uk: Any, may_quote: typing.Callable[[], bool]) -> list[Finding]:
    at = first_latin_in_cyrillic_word(uk) if isinstance(uk, str) else None
    if at is None:
        return []
    if not may_quote():
        return [Finding(("name", "uk"), "warning", "mixed-script-name", _(
            "`uk`: a word of the Ukrainian name mixes Cyrillic and Latin letters; type the whole "
            "name in Cyrillic letters"))]
    letter = uk[at]
    cyrillic = CYRILLIC_LOOKALIKES.get(letter)
    if cyrillic:
        short = _("`uk`: the Ukrainian name holds a Latin `{letter}`, which looks like the "
                  "Cyrillic `{cyrillic}`; type the Cyrillic letter instead")
        long = _("`uk`: the Ukrainian name holds a Latin `{letter}` in column {column}, which "
                 "looks like the Cyrillic `{cyrillic}`; type the Cyrillic letter instead")
    else:
        short = _("`uk`: the Ukrainian name holds a Latin `{letter}` in a Cyrillic word; type "
                  "the whole name in Cyrillic letters")
        long = _("`uk`: the Ukrainian name holds a Latin `{letter}` in column {column}, in a "
                 "Cyrillic word; type the whole name in Cyrillic letters")
    words = {"letter": letter, "cyrillic": cyrillic}
    finding = Finding(("name", "uk"), "warning", "mixed-script-name", short.format(**words))
    return [at_letter(finding, letter, at, long.format(column="{column}", **words))]
