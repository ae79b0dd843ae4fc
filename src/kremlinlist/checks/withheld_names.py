"""A withheld person's names and ids, as a path or an id must not hold them: read from the raw
YAML of their case file whatever its shape (`withheld_in`, `withheld_of`), and looked for in a
text however it was transliterated (`name_parts`, `parts_in`). `checks.privacy` asks it of a
case's own id, `checks.advocacy` of the paths under the dataset's folders (`NamedPaths`).

It errs towards finding a name: a path taken for naming someone is only said by a number, which
costs a researcher a look, while one that names them and is missed reaches public CI logs.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Iterable

from kremlinlist.files import yamlsafe
from kremlinlist.model.case import Case
from kremlinlist.model.names import normalize
from kremlinlist.model.spellings import name_skeletons, skeleton_parts, skeletons, unmarked

NAME_PART = 3  # letters: a shorter part of an id (an initial, a particle) names no one
GLUED_PART = 4  # letters: a name part this long is looked for inside the text's parts too
# letters: a spelling skeleton this long is looked for inside a text's part: a surname's (or an
# alias's) anywhere in it (Шевчук's `sevcuk` in `oszewczuk`) unless it starts with a vowel, a
# given name's at its start only (Олексій's in `aleksejpetrenko`, not Євген's `evhen` in
# Shevchenko); a shorter one only as a whole part (not Жук's `zuk` in `zukfree` nor `mzuk`)
GLUED_SKELETON = 5
# What follows a given name at the start of a surname made from it (Kyrylenko of Кирило,
# Tarasenko of Тарас, Ivanchuk of Іван, Ivanovych of Іван): a given name followed by one of
# these, and nothing else, is not taken for it. Never after a surname or an alias (Zhukenko
# names Жук as much as Zhuk does), and no possessive (-iv, -ov, -ova, -ev, -eva, -in, -ina:
# `zhukiv-lysty` is Zhuk's letters, `bondarova` Bondar's), after any name part.
_SURNAME_ENDINGS = ("енко", "ук", "юк", "чук", "ак", "як", "ик", "ич", "ович", "евич")
_ENDINGS_FOLDED = frozenset(normalize(e)[0] for e in _SURNAME_ENDINGS)
_ENDINGS_SKELETON = frozenset(s for e in _SURNAME_ENDINGS for s in skeletons(normalize(e)[0]))

# The keys of a case whose every string is a name or an id (a misspelled one too: `Name`,
# `alias`), whatever the shape below them
_NAME_KEYS = ("name", "alias")
_ID_KEYS = ("id", "former_id")


@dataclass(frozen=True)
class NameParts:
    """The parts of withheld people's names that a text must not hold, made once for many texts:
    as `names.fold` folds them, and as their spelling skeletons (`spellings.name_skeletons`:
    `zuk` for Жук, `aleksei` for Олексій), each compared with the text's parts made the same
    way; `given_folded` and `given_skeletons`: those of them that are only ever a given name
    (`given_parts`), which a surname ending may follow."""

    folded: frozenset[str] = frozenset()
    skeletons: frozenset[str] = frozenset()
    given_folded: frozenset[str] = frozenset()
    given_skeletons: frozenset[str] = frozenset()


def given_parts(names: Iterable[str]) -> tuple[set[str], set[str]]:
    """The folded parts of `names` (as `normalize` gives them) that are given names, then the
    others: the first word of a name of two words or more (names are written given name first:
    `Marko Zhuk`, `Марко Жук`), unless that word is also a later word of a name or a name of
    one word (an alias `Zhuk`, a name written surname first beside one written the other way)."""
    given: set[str] = set()
    other: set[str] = set()
    for name in names:
        parts = normalize(name)
        if len(parts) > 1:
            given.add(parts[0])
        other.update(parts[1:] if len(parts) > 1 else parts)
    return given - other, other


def name_parts(names: Iterable[str]) -> NameParts:
    """The parts of `names` that `parts_in` looks for: made once for many texts."""
    names = [unmarked(name) for name in names]
    given, other = given_parts(names)
    surnames = {s for part in other for s in name_skeletons(part)}
    return NameParts(
        frozenset(part for name in names for part in normalize(name) if len(part) >= NAME_PART),
        frozenset(s for name in names for s in name_skeletons(name) if len(s) >= NAME_PART),
        frozenset(given),
        frozenset(s for part in given for s in name_skeletons(part)) - surnames)


def parts_in(text: str, named: NameParts) -> bool:
    """Whether a part of `text` (or two parts written as one word, `mar-yana` for Мар'яна) is
    one of `named`, or holds one glued to something else: a folded part of GLUED_PART letters
    anywhere in it; a skeleton of GLUED_SKELETON letters anywhere in it, a given name's at its
    start only; neither where the rest makes a surname of a given name (Tarasenko is not
    Тарас's, Kyrylenko not Кирило's)."""
    text = unmarked(text)
    folded = normalize(text)
    if _held(folded, named) or named.folded & _joined([{p} for p in folded]):
        return True
    pieces = skeleton_parts(text)
    return (any(piece & named.skeletons or _glued(piece, named) for piece in pieces)
            or not named.skeletons.isdisjoint(_joined(pieces)))


def names_in(text: str, names: Iterable[str]) -> bool:
    """Whether `text` (an id) holds a part of one of `names` (`parts_in`)."""
    return parts_in(text, name_parts(names))


def _held(pieces: Iterable[str], named: NameParts) -> bool:
    return any(part == piece or (len(part) >= GLUED_PART and part in piece and not (
        part in named.given_folded and piece.startswith(part)
        and piece[len(part):] in _ENDINGS_FOLDED))
        for piece in pieces for part in named.folded)


def _glued(piece: frozenset[str], named: NameParts) -> bool:
    """Whether a reading of a text's part holds a skeleton glued to something else."""
    return any(len(s) >= GLUED_SKELETON and (
        reading.startswith(s) and reading[len(s):] not in _ENDINGS_SKELETON
        if s in named.given_skeletons or s[0] in _VOWELS else s in reading)
        for reading in piece for s in named.skeletons)


# A skeleton that starts with a vowel is looked for at a word's start only, a surname's too:
# Яценко's is `acenko` (its я a glide the spellings drop), which Tkachenko and Hatsenko hold
_VOWELS = frozenset("aeiouy")


def _joined(pieces: list[frozenset[str]] | list[set[str]]) -> set[str]:
    """Each two neighbouring parts written as one (an apostrophe typed as a hyphen)."""
    return {a + b for one, two in zip(pieces, pieces[1:]) for a in one for b in two}


def withheld_in(rel: str, data: bytes | None) -> tuple[list[str], set[str]] | None:
    """The names and ids of a case file's person if withheld (`raw_withheld`), else nothing;
    None when it cannot be told: bytes missing, refused, not YAML, `publicity` unreadable. A
    file whose bytes plainly show a public person (`_plainly_public`) is not parsed, even one
    that would not parse: nothing in it could say withheld."""
    if data and _plainly_public(data):
        return [], set()
    try:
        said = raw_withheld(yamlsafe.parse(yamlsafe.read_text(data))[0] if data else None)
    except Exception:  # any reason it cannot be read: its names are unknown
        return None
    if said is None:
        return None
    withheld, names, ids = said
    return (names, {PurePosixPath(rel).stem, *ids}) if withheld else ([], set())


def withheld_of(files: Iterable[tuple[str, bytes | None]]) -> tuple[list[str], set[str]] | None:
    """Every name and alias of the withheld people of `files` (a case file's path and raw
    bytes), read from raw YAML, so that a file that does not load still tells them, and their
    ids (the file's name, `id`, `former_ids`); None when a file may be a withheld person's and
    its names cannot be read (`withheld_in`): the caller then takes every name to be unknown."""
    names: list[str] = []
    ids: set[str] = set()
    for rel, data in files:
        found = withheld_in(rel, data)
        if found is None:
            return None
        names += found[0]
        ids |= found[1]
    return names, ids


# What YAML could turn into another publicity than the `publicity: public` line says: an escape,
# a tag, an anchor or alias, a merge key, another document or directive, a byte-order mark, NUL
_NOT_PLAIN = (b"\\", b"!", b"&", b"*", b"<<", b"\n---", b"\n...", b"%", b"\xef\xbb\xbf", b"\0")
_TOP_KEY = re.compile(rb"([A-Za-z_][\w-]*):(?:[ \t]|$)")
_PUBLIC_LINE = re.compile(rb"publicity:[ \t]*public[ \t]*(?:#.*)?")
_TOP_LINE = re.compile(rb"^[^ \t\r\n].*", re.M)
_BLOCK_SCALAR = re.compile(rb"[|>][-+]?[1-9]?|[|>][1-9][-+]")


def _plainly_public(data: bytes) -> bool:
    """Whether a case file's bytes show a public person with nothing that could say otherwise,
    so that it need not be parsed (a dataset's thousands of public files, read to find the few
    withheld names): one top-level `publicity: public` line, every other top-level line a key
    the case schema knows (once), an item of a key's sequence or a comment, each top-level key
    followed by a line that is not blank nor a comment, no withheld level anywhere, nothing in
    `_NOT_PLAIN`, and UTF-8. Anything else is parsed, as before (tests/test_plainly_public.py checks this against
    the parser). A file that would not parse may pass: it holds no withheld level anywhere,
    and every command that publishes refuses a file that does not load."""
    lowered = data.lower()
    if (any(mark in data for mark in _NOT_PLAIN) or b"anonymous" in lowered
            or b"hidden" in lowered or data[:1] in (b" ", b"\t", b"\r", b"\n", b"-")):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    keys = _case_keys_bytes()
    public = 0
    opened = False  # the last top-level key's value is a sequence whose items are not indented
    seen = {b"publicity"}
    for found in _TOP_LINE.finditer(data):  # the lines that start at the left edge
        line, after = found.group().rstrip(b"\r"), data[found.end() + 1:found.end() + 2]
        if line.startswith(b"#"):
            continue
        if line.startswith(b"- "):
            if not opened:  # an item of the key above, else no case
                return False
            continue
        if after in (b"\n", b"\r", b"#"):
            return False  # a blank line or a comment next: where the value ends is the parser's
        if _PUBLIC_LINE.fullmatch(line):
            if after in (b" ", b"\t", b"-"):
                return False  # an indented line may continue the value, an item refuse it
            public += 1
            opened = False
            continue
        key = _TOP_KEY.match(line)
        if key is None or key.group(1) not in keys or key.group(1) in seen:
            return False  # an unknown key may be a misspelled publicity; a key twice, refused
        seen.add(key.group(1))
        value = line[key.end():].split(b" #")[0].strip()
        if value and after in (b" ", b"\t") and not _BLOCK_SCALAR.fullmatch(value):
            return False  # a value on the key's line that the next, indented, may go on
        opened = after == b"-" and not value
    return public == 1


@functools.cache
def _case_keys_bytes() -> frozenset[bytes]:
    return frozenset(k.encode() for k in _case_keys())


def raw_withheld(data: Any) -> tuple[bool, list[str], list[str]] | None:
    """A case's raw data (a file that may not load) -> whether its person is withheld, and their
    names and ids if so: every string under a name-like key (`name`, `aliases`, or one
    misspelled), under an id-like one (`id`, `former_ids`, `former-ids`), and under any key the
    case schema does not know (`surname`, `nmae`), whatever their shape. It fails closed on a
    misspelled `publicity`: a key the schema does not know that is spelled close to it
    (`publicty`, `pubicity`) or whose value is `anonymous` or `hidden` (`privacy: hidden`) makes
    the person withheld. None when it cannot be told: not a mapping, an unreadable `publicity`
    (or a second key spelled like it), a key that is not text, or a value of a type no name is
    written as."""
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        return None
    publicity = [v for k, v in data.items() if k.strip().casefold().startswith("publicit")]
    if publicity == [] and "publicity" not in data:
        publicity = ["public"]
    if len(publicity) != 1 or not isinstance(publicity[0], str):
        return None
    unknown = [k for k in data if k not in _case_keys()]
    levels = [k for k in unknown if _like_publicity(k, data[k])]
    if publicity[0] == "public" and not levels:
        return False, [], []
    names: list[str] = []
    ids: list[str] = []
    for key, value in data.items():
        folded = key.strip().casefold().replace("-", "_")
        into = names if folded.startswith(_NAME_KEYS) else ids if folded.rstrip(
            "s") in _ID_KEYS else names if key in unknown and key not in levels else None
        if into is not None and not _strings(value, into):
            return None
    return True, names, ids


@functools.cache
def _case_keys() -> frozenset[str]:
    """The top-level keys the case schema knows, as written in a file."""
    return frozenset(f.alias or name for name, f in Case.model_fields.items())


_WITHHELD_LEVELS = ("anonymous", "hidden")


def _like_publicity(key: str, value: Any) -> bool:
    """Whether an unknown key may be a misspelled `publicity`: spelled close to it, or holding
    a withheld level as its value."""
    said = value.strip().casefold() if isinstance(value, str) else None
    return said in _WITHHELD_LEVELS or difflib.SequenceMatcher(
        None, key.strip().casefold(), "publicity").ratio() >= 0.75


_LANGUAGE = re.compile(r"[a-z]{2,3}")  # a mapping's key such as `en`, `uk`, `crh` names no one


def _is_language(key: Any) -> bool:
    return isinstance(key, str) and _LANGUAGE.fullmatch(key) is not None


_SCALARS = (int, float, bool, datetime.date, type(None))


def _strings(value: Any, into: list[str]) -> bool:
    """Every string in `value` (values and keys of mappings, at any depth) added to `into`;
    False where a value is of a type a name is not written as (`!!binary`, a set)."""
    if isinstance(value, str):
        into.append(value)
    elif isinstance(value, dict):
        return all(_strings(v, into) and (_is_language(k) or _strings(k, into))
                   for k, v in value.items())
    elif isinstance(value, list):
        return all(_strings(v, into) for v in value)
    return isinstance(value, (str, dict, list, *_SCALARS))
