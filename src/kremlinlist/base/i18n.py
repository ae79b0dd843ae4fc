"""The language of what the tool says to people: messages, prompts, help and the change log.

English is written in the code; other languages come from gettext catalogs kept in the
package (`kremlinlist/locale/<lang>/LC_MESSAGES/kremlinlist.po`, kept up to date by `make
messages`). The `.po` is read as it is, with Babel, the first time a message is wanted in its
language: nothing is compiled, so an editable install and a wheel read the same file, and English
never loads Babel. Problem codes never change with the language, so scripts and CI match on codes
while people read messages in their language.

The language is process-wide state chosen once at the entry point (`--lang`, `KREMLINLIST_LANG`,
then the locale): messages are translated when they are made, so a forked worker speaks the
language of its parent.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterator, Mapping

LANGUAGES = ("en", "uk")
DEFAULT = "en"
# Other codes people write for a language: `ua`, Ukraine's country code, for Ukrainian
ALIASES = {"ua": "uk"}

_language = DEFAULT
_catalogs: dict[str, Mapping[str, object]] = {}


def choose_language(explicit: str | None = None,
                    environ: Mapping[str, str] | None = None) -> str:
    """The language asked for: an explicit choice, else `KREMLINLIST_LANG`, else the locale
    (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English. Unknown languages fall back to English;
    `ua`, which people write for Ukraine, is Ukrainian."""
    env = os.environ if environ is None else environ
    for candidate in (explicit, env.get("KREMLINLIST_LANG"), env.get("LC_ALL"),
                      env.get("LC_MESSAGES"), env.get("LANG")):
        if not candidate:
            continue
        return spoken(candidate) or DEFAULT
    return DEFAULT


def spoken(lang: str) -> str | None:
    """The language `lang` names (`uk`, `UK`, `uk_UA.UTF-8`, `ua`), if the tool speaks it; None
    otherwise: what `--lang` accepts, and `KREMLINLIST_LANG` too."""
    code = lang.split("_")[0].split(".")[0].split("-")[0].lower()
    code = ALIASES.get(code, code)
    return code if code in LANGUAGES else None


def set_language(lang: str) -> None:
    """Speak `lang` from now on (an unknown language means English). Its catalog is read now,
    once, so that the workers a command forks find it read rather than each reading it."""
    global _language
    _language = lang if lang in LANGUAGES else DEFAULT
    if _language != DEFAULT:
        _catalog(_language)


def language() -> str:
    """The language messages are made in now."""
    return _language


@contextlib.contextmanager
def speaking(lang: str | None) -> Iterator[None]:
    """Make messages in `lang` inside the block (None: the current language), then go back: a
    release in two languages writes each language's files in turn."""
    global _language
    before = _language
    if lang is not None:
        set_language(lang)
    try:
        yield
    finally:
        _language = before


def _catalog(lang: str) -> Mapping[str, object]:
    if lang not in _catalogs:
        _catalogs[lang] = _load_catalog(lang)
    return _catalogs[lang]


def catalog_file(lang: str) -> Path:
    """Where the catalog of `lang` is kept in the installed package: beside the code, as the
    wheel installs it (not through importlib.resources, whose import is 14 ms of every start,
    `--help` included, for a file only a language other than English reads)."""
    return Path(__file__).parent.parent / "locale" / lang / "LC_MESSAGES" / "kremlinlist.po"


def _load_catalog(lang: str) -> Mapping[str, object]:
    """msgid -> translation (a string, or a tuple of plural forms). Fuzzy and empty entries are
    left out, so their English shows; a missing or unreadable catalog means English throughout,
    never a failure: a message must reach the user in some language."""
    try:
        from babel.messages.pofile import PoFileError, read_po  # only for a language not English
    except ImportError:  # pragma: no cover - Babel is a dependency; an odd install speaks English
        return {}
    try:
        with catalog_file(lang).open("rb") as f:
            catalog = read_po(f, locale=lang, abort_invalid=True)
    except (OSError, PoFileError, ValueError):
        return {}
    found: dict[str, object] = {}
    for m in catalog:
        if not m.id or m.fuzzy:
            continue
        key = m.id[0] if isinstance(m.id, tuple) else m.id
        if m.context:
            key = f"{m.context}\x04{key}"  # as GNU gettext keys a message with a context
        if isinstance(m.id, tuple):
            forms = tuple(m.string) if isinstance(m.string, (tuple, list)) else ()
            if forms and all(forms):
                found[key] = forms
        elif isinstance(m.string, str) and m.string:
            found[key] = m.string
    return found


def _(message: str) -> str:
    """`message` in the current language (itself when there is no translation)."""
    if _language == DEFAULT:
        return message
    found = _catalog(_language).get(message)
    return found if isinstance(found, str) and found else message


def pgettext(context: str, message: str) -> str:
    """`message` as said in `context`: one English word may need two translations (the change
    log's "released" is a noun in a list of events, a verb after a person's name)."""
    if _language == DEFAULT:
        return message
    found = _catalog(_language).get(f"{context}\x04{message}")
    return found if isinstance(found, str) and found else message


def N_(message: str) -> str:
    """Mark `message` for the catalog without translating it now (module-level constants)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted phrase for `n` in the current language (`{n}` is left to format)."""
    if _language != DEFAULT:
        found = _catalog(_language).get(singular)
        if isinstance(found, tuple) and all(found):
            return found[_plural_index(_language, n)]
    return singular if n == 1 else plural


def _plural_index(lang: str, n: int) -> int:
    """The plural form of `n` (Ukrainian has three: 1 особа, 2 особи, 5 осіб)."""
    if lang == "uk":
        if n % 10 == 1 and n % 100 != 11:
            return 0
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return 1
        return 2
    return 0 if n == 1 else 1
