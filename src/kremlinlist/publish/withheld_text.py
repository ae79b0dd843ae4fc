"""A withheld person's full name in a text about to be published, withheld.

The redaction rule (model.redaction) decides which fields of a record are shown; what a
researcher typed into a shown field is not its to read. A public person's summary, an event's
note, a source's title or address, an action's title, addressee or actors, or the coalition's
source may name an anonymous or hidden person (`Held with Marko Zhuk`) and would publish them.
A release (and the site, made from it), `export` and `actions` look through every text they
publish for each withheld person's full name, however it is transliterated or declined, and
publish such a text as `WITHHELD_TEXT` (an address as none), saying the file and the field,
never the name (app.published_names). They do not refuse: a month's last commit cannot be
changed, and a person withheld since the month (a family asked) must not stop its release.

A full name is every part of one written form of a name or an alias (`Marko Zhuk`, `Жук
Марко`, `marko-zhuk` in an address), standing together in any order. A form of one part is not
looked for (a given name alone names no one, and a nickname cannot be told from a word), nor,
in a record, a name its own public people bear (a namesake's name is theirs to publish).
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from typing import Any, Iterable
from urllib.parse import unquote

from kremlinlist.model._unicode_tables import INVISIBLE
from kremlinlist.model.names import as_latin, normalize, parts_in_text
from kremlinlist.model.spellings import name_skeletons, skeletons, unmarked

SHORTEST_PART = 3  # letters of a part's skeleton: an initial or a particle names no one


class FullNames:
    """Every written form of the withheld people's names, each as its parts' stems (a part's
    skeletons, a given name's Russian forms among them, each without a case ending: `Жабокрик`,
    `Zhabokryk's`, `Квітослави`), and an index from a stem to the forms that have a part of
    it: a text is compared only with the forms one of its words is a part of, and a form is
    found only where its parts stand together (one word apart at most, in any order)."""

    def __init__(self, names: Iterable[str]) -> None:
        self.forms: list[tuple[frozenset[str], ...]] = []
        self.index: dict[str, list[int]] = {}
        # the words met as written, and those of them holding a stem of a name's part: a
        # list's texts share most of their words, and most words are no part of a name
        self._known: set[str] = set()
        self._hits: dict[str, frozenset[str]] = {}
        for form in {tuple(sorted(tuple(sorted(p)) for p in _parts(written)))
                     for name in names for written in _with_halves(name)}:
            if len(form) < 2:
                continue
            for stem in {s for part in form for s in part}:
                self.index.setdefault(stem, []).append(len(self.forms))
            self.forms.append(tuple(frozenset(p) for p in form))

    def __bool__(self) -> bool:
        return bool(self.forms)

    def found(self, text: str) -> set[int]:
        """The forms whose parts all stand together in `text`."""
        tokens = text.split()  # white space parts words for `normalize` too
        distinct = set(tokens)
        for token in distinct - self._known:  # a word's stems are worked out once
            self._known.add(token)
            stems = frozenset(s for part in parts_in_text(_plain(token))
                              for s in _stems(part) if s in self.index)
            if stems:  # only the stems of some name's part are kept
                self._hits[token] = stems
        hitting = distinct & self._hits.keys()
        if not hitting:
            return set()
        words = set().union(*(self._hits[t] for t in hitting))
        near = {i for s in words for i in self.index[s]}
        return {i for i in near if all(not part.isdisjoint(words) for part in self.forms[i])
                and self._together(tokens, self.forms[i])}

    def _together(self, tokens: list[str], form: tuple[frozenset[str], ...]) -> bool:
        """Whether the parts of `form` stand in `tokens` within as many words as it has parts,
        and one more (a patronymic, an initial), with no `and` or punctuation between them but
        a comma right after a surname written first (`ZHABOKRYK, Kvitoslava`): `Ivan Melnyk
        and Petro Petrenko`, `Petro Zhuk, Ivan Melnyk` name no Ivan Petrenko, no Ivan Zhuk."""
        width = len(form) + 1
        for start in [i for i, t in enumerate(tokens) if t in self._hits]:
            stems: set[str] = set()
            for i in range(start, min(start + width, len(tokens))):
                token = tokens[i]
                if i > start and token.casefold() in _CONJUNCTIONS:
                    break
                stems |= self._hits.get(token, frozenset())
                if all(not part.isdisjoint(stems) for part in form):
                    return True
                if token[-1:] in ",;.:" and not (i == start and token[-1] == "," and not (
                        start and tokens[start - 1][:1].isupper())):
                    break
        return False


_CONJUNCTIONS = frozenset(("and", "or", "with", "&", "та", "і", "й", "або", "з", "із", "зі",
                           "и", "или"))
# A case ending a name part may take in a text (Квітослави, Жабокрику, Олексієм, Ковальського,
# Бондареві, Zhuka), as its skeleton spells it
_ENDINGS = ("oho", "omu", "ovi", "evi", "oiu", "ou", "eu", "iu", "om", "em", "im", "oi", "a",
            "i", "u", "y", "e", "o")
STEM = 3  # the glide's mark counted (Юрій and Юрієм meet at `jur`): `in` is not Інна
# An English possessive at a word's end (Zhabokryk's): its apostrophe would go, its `s` stay
_POSSESSIVE = re.compile("['\u2019\u02bc`][sS]\\Z")
_CAMEL = re.compile("(?<=[a-z\u0430-\u044f\u0456\u0457\u0454\u0491])"
                    "(?=[A-Z\u0410-\u042f\u0406\u0407\u0404\u0490])")
_LATIN = re.compile("[A-Za-z]")
# `"` typed for the apostrophe before я, ю, є, ї (Мар"яна), which would part the word in two
_QUOTE_APOSTROPHE = re.compile('(?<=[\u0400-\u04ff])"'
                               '(?=[\u044f\u044e\u0454\u0457\u042f\u042e\u0404\u0407])')


@functools.cache
def _invisible() -> dict[int, None]:
    """The translation table deleting every invisible character: made when first asked, not
    on every `validate`'s import (which reaches this module through app.actions)."""
    return {cp: None for lo, hi in INVISIBLE for cp in range(lo, hi + 1)}


@functools.lru_cache(maxsize=1 << 16)
def _stems(part: str) -> frozenset[str]:
    """Each skeleton of a folded part, as it is and without each case ending it may end in
    where STEM letters are left (Юрій and Юрія meet at `ur`). A part that starts with a glide
    (Яна, Юрій) keeps a mark of it, which the skeleton drops: Яна is not Анна."""
    glide = "j" if part[:1] == "i" and part[1:2] in _VOWELS else ""
    return frozenset(glide + stem for s in skeletons(part)
                     for stem in _stripped(s, STEM - len(glide)))


def _stripped(skeleton: str, shortest: int = STEM) -> set[str]:
    """`skeleton`, and it without each ending it may end in that leaves `shortest` letters."""
    return {skeleton, *(skeleton[:-len(e)] for e in _ENDINGS
                        if skeleton.endswith(e) and len(skeleton) - len(e) >= shortest)}


_VOWELS = frozenset("aeou")


def _plain(token: str) -> str:
    """A word as it reads: without marks, invisible characters or a possessive; its glued
    words (`SvitlanaZliplena`) apart; Cyrillic look-alikes among Latin letters read as Latin;
    and, where it is an address's percent-encoded text (`%D0%96%D1%83%D0%BA`), decoded too."""
    token = _QUOTE_APOSTROPHE.sub("'", _POSSESSIVE.sub("", unmarked(token).translate(_invisible())))
    if "%" in token:
        token = f"{token} {unquote(token)}"
    if _CAMEL.search(token):
        token = f"{token} {_CAMEL.sub(' ', token)}"
    if not token.isascii() and _LATIN.search(token):  # both scripts in it: look-alikes
        token = f"{token} {as_latin(token)}"
    return token


_HYPHENS = re.compile("[-\u2010\u2011\u2012\u2013]")


def _with_halves(name: str) -> list[str]:
    """`name`, and it with any of its words joined by a hyphen written as one of their parts:
    one half of a double surname (`Olena Bondarenko` for `Olena Koval-Bondarenko`) or given
    name (`Марія Коваль` for `Анна-Марія Коваль`) is how a text often calls them (at most
    `_MOST_FORMS` forms: a name of many hyphens is not multiplied without end)."""
    choices = [[word, *(h for h in _HYPHENS.split(word) if h)] if _HYPHENS.search(word)
               else [word] for word in name.split()]
    return [" ".join(words) for words in itertools.islice(itertools.product(*choices),
                                                          _MOST_FORMS)]


_MOST_FORMS = 64


def _parts(name: str) -> list[frozenset[str]]:
    """A name's parts as the stems of their skeletons (a given name's Russian forms too); an
    initial or a particle is left out, but for a short part of a name of short parts (Ян Бик,
    Євген Ус), which would otherwise not be looked for at all."""
    parts = normalize(unmarked(name))
    kept = [p for p in parts if max(map(len, skeletons(p))) >= SHORTEST_PART]
    if len(kept) < 2:
        kept = [p for p in parts if len(p) > 1]
    return [_stems(part) | {s for other in name_skeletons(part) - skeletons(part)
                            for s in _stripped(other)} for part in kept]


# in both languages: it stands in data (JSON, CSV) that every language's outputs share
WITHHELD_TEXT = ("(withheld: this text names a person whose details are withheld / приховано: "
                 "текст називає особу, чиї дані не розголошуються)")
# what is no text a researcher typed: ids and paths (a record's own people's names are texts,
# their forms left out by `own`: a `name` may be an organization's, free text)
_NOT_TEXT = frozenset(("id", "case_id", "rel", "former_id"))
_SOURCE = ("title", "publisher", "date", "url")  # an action view's source, as its JSON says it
_IN_SOURCES = re.compile(r"sources\[\d+\]\Z")


class Scrubber:
    """Records to publish with each text that holds a withheld person's full name replaced by
    `WITHHELD_TEXT` (an address by None), and `found`: (file, field) of each, the field said
    as the JSON outputs say it (`summary`, `sources[1].title`, `title.uk`)."""

    def __init__(self, names: FullNames) -> None:
        self.names = names
        self.found: dict[tuple[str, str], None] = {}

    def __call__(self, rel: str, record: Any, own: Iterable[str] = (),
                 skip: frozenset[str] = frozenset()) -> Any:
        """`record` (a dataclass, dict, list or text) as it may be published, the same object
        where nothing in it names anyone (almost every record: their texts are looked into
        all at once first); `own`: the names of its own public people; `skip`: fields left
        as they are (said on their own, as a row's actions)."""
        if not self.names or not self.names.found(" ".join(_texts(record, skip))):
            return record
        mine = {i for name in own for i in self.names.found(name)}
        return self._scrubbed(record, mine, rel, "", skip)

    def names_in(self, rel: str, path: str, text: str, own: Iterable[str] = ()) -> bool:
        """Whether `text`, which is published as it is (an action's id: `__call__` leaves ids
        alone), holds a withheld person's full name, not one of `own`: said in `found` as
        `path`, for the caller to publish none."""
        found = self.names.found(text) if self.names else set()
        if not found or not found - {i for name in own for i in self.names.found(name)}:
            return False
        self.found[(rel, path)] = None
        return True

    def _scrubbed(self, value: Any, mine: set[int], rel: str, path: str,
                  skip: frozenset[str] = frozenset()) -> Any:
        if isinstance(value, str):
            if not self.names.found(value) - mine:
                return value
            self.found[(rel, path)] = None
            return None if path.endswith("url") else WITHHELD_TEXT
        if _is_record(value):
            changed = {}
            for name in _text_fields(type(value)):
                if name not in skip:
                    item = getattr(value, name)
                    new = self._scrubbed(item, mine, rel, _at(path, name))
                    if new is not item:
                        changed[name] = new
            return dataclasses.replace(value, **changed) if changed else value
        if isinstance(value, dict):
            out = {k: v if k in _NOT_TEXT else self._scrubbed(v, mine, rel, _at(path, k))
                   for k, v in value.items()}
            return out if any(out[k] is not value[k] for k in value) else value
        if isinstance(value, (list, tuple)):
            keys = (_SOURCE if len(value) == len(_SOURCE) and _IN_SOURCES.search(path)
                    else None)
            items = [self._scrubbed(v, mine, rel, _at(path, keys[i]) if keys else f"{path}[{i}]")
                     for i, v in enumerate(value)]
            if all(a is b for a, b in zip(items, value)):
                return value
            return type(value)(items) if isinstance(value, list) else tuple(items)
        return value


def _at(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


def _texts(value: Any, skip: frozenset[str] = frozenset()) -> list[str]:
    """Every text of `value` but its ids (`_NOT_TEXT`) and the fields `skip` names."""
    if isinstance(value, str):
        return [value]
    out: list[str] = []
    if _is_record(value):
        for name in _text_fields(type(value)):
            if name not in skip:
                out += _texts(getattr(value, name))
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in _NOT_TEXT:
                out += _texts(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            out += _texts(item)
    return out


def _is_record(value: Any) -> bool:
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


@functools.cache
def _text_fields(kind: type) -> tuple[str, ...]:
    """A record class's fields that may hold a text someone typed (asked once per class)."""
    return tuple(f.name for f in dataclasses.fields(kind) if f.name not in _NOT_TEXT)
