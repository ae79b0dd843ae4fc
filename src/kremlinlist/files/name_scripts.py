"""Names that mix scripts: they look right, but readers' searches miss them."""

from __future__ import annotations

import functools
import typing
from typing import Any

from kremlinlist.base.i18n import N_, _
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
    return _mixed("en", name.get("en"), may_quote) + _mixed("uk", uk, may_quote)


class _Script(typing.NamedTuple):
    """What is said of a name in one script holding a letter of the other: `find` its place,
    `twin` the letter of the name's own script it looks like (None if none), and the words: of a
    withheld person's name, then with and without a twin (each short, then with the column)."""
    find: typing.Callable[[str], int | None]
    twin: typing.Callable[[str], str | None]
    withheld: str
    twinned: tuple[str, str]
    alone: tuple[str, str]


_SCRIPTS = {
    "en": _Script(
        first_cyrillic_among_latin, lambda ch: latin if (latin := as_latin(ch)) != ch else None,
        N_("`en`: the English name mixes Latin and Cyrillic letters; write the whole name in "
           "Latin letters, in the Ukrainian national transliteration"),
        (N_("`en`: the English name mixes scripts: a Cyrillic `{letter}` looks like the Latin "
            "`{latin}`; type the Latin letter instead"),
         N_("`en`: the English name mixes scripts: a Cyrillic `{letter}` in column {column} "
            "looks like the Latin `{latin}`; type the Latin letter instead")),
        (N_("`en`: the English name mixes scripts: a Cyrillic `{letter}`; write the whole name "
            "in Latin letters, in the Ukrainian national transliteration"),
         N_("`en`: the English name mixes scripts: a Cyrillic `{letter}` in column {column}; "
            "write the whole name in Latin letters, in the Ukrainian national transliteration"))),
    "uk": _Script(
        first_latin_in_cyrillic_word, CYRILLIC_LOOKALIKES.get,
        N_("`uk`: a word of the Ukrainian name mixes Cyrillic and Latin letters; type the whole "
           "name in Cyrillic letters"),
        (N_("`uk`: the Ukrainian name holds a Latin `{letter}`, which looks like the Cyrillic "
            "`{cyrillic}`; type the Cyrillic letter instead"),
         N_("`uk`: the Ukrainian name holds a Latin `{letter}` in column {column}, which looks "
            "like the Cyrillic `{cyrillic}`; type the Cyrillic letter instead")),
        (N_("`uk`: the Ukrainian name holds a Latin `{letter}` in a Cyrillic word; type the "
            "whole name in Cyrillic letters"),
         N_("`uk`: the Ukrainian name holds a Latin `{letter}` in column {column}, in a "
            "Cyrillic word; type the whole name in Cyrillic letters"))),
}


def _mixed(key: str, text: Any, may_quote: typing.Callable[[], bool]) -> list[Finding]:
    script = _SCRIPTS[key]
    at = script.find(text) if isinstance(text, str) else None
    if at is None:
        return []
    if not may_quote():
        return [Finding(("name", key), "warning", "mixed-script-name", _(script.withheld))]
    letter = text[at]
    twin = script.twin(letter)
    short, long = script.twinned if twin else script.alone
    words = {"letter": letter, "latin": twin, "cyrillic": twin}  # as the texts name it
    finding = Finding(("name", key), "warning", "mixed-script-name", _(short).format(**words))
    return [at_letter(finding, letter, at, _(long).format(column="{column}", **words))]
