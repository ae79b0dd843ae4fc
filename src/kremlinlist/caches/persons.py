"""What the duplicate finder compares of each clean public file, by blob id (`persons.tsv`), so
`validate PATH` (the pre-commit hook, the editor) compares a changed file with the whole dataset
without parsing or folding 10,000 names again.

A line holds a blob id and the person's folded name parts (the transliteration-blind keys of
`model.names.normalize`, Latin letters only), birth date, region, sex and first detention date:
nothing of a withheld person is ever offered (the caller keeps only what `holds` says is a clean
public blob's), and a line of any other shape makes the whole file a miss.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from kremlinlist.caches.clean import read_checked, write_checked

KIND = "persons"
FORMAT = "5"  # 4 kept every name; 3 kept 50 names, 10 detentions; 2 cut names at 200 characters
# (names, born, region, sex, detained): names as tuples of folded parts, dates as written
Person = tuple[tuple[tuple[str, ...], ...], "str | None", "str | None", "str | None", "str | None"]

# At most 50 names of at most 4 parts (name_likeness.MAX_NAMES, duplicates.MAX_TOKENS): scoring
# tries every order of a name's parts, so a forged line of longer names would have `dupes` run
# for hours.
_NAME_RE = r"[a-z]+(?: [a-z]+){0,3}"
_NAMES_RE = rf"(?:{_NAME_RE}(?:\|{_NAME_RE}){{0,49}})?"
_DATE_RE = r"(?:[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?)?"
_REGION_RE = r"(?:[A-Z]{2}-[A-Z0-9]{1,3})?"
_NAMES = re.compile(_NAMES_RE + r"\Z")
_DATE = re.compile(_DATE_RE + r"\Z")
_REGION = re.compile(_REGION_RE + r"\Z")
_SEX = ("", "male", "female")
_LINE = rf"[0-9a-f]{{40}}\t{_NAMES_RE}\t{_DATE_RE}\t{_REGION_RE}\t(?:male|female)?\t{_DATE_RE}"
# A whole body checked in one pass (the regex engine's loop, not one Python call per field);
# possessive, as no line can match across a line break: a line matched is never given back, so
# the engine keeps no state per line to go back to (a run's first match took 3 times as long)
_BODY = re.compile(rf"(?:{_LINE}\n)*+{_LINE}\Z")


def _encode(blob: str, p: Person) -> str | None:
    """The line of a person, or None when a field cannot be stored as checked on reading."""
    names = "|".join(" ".join(name) for name in p[0])
    born, region, sex, detained = (v or "" for v in p[1:])
    fields = (names, born, region, sex, detained)
    if not (_NAMES.match(names) and _DATE.match(born) and _REGION.match(region)
            and sex in _SEX and _DATE.match(detained)):
        return None
    return "\t".join((blob, *fields))


def _parse(text: str) -> dict[str, Person]:
    """blob -> person of a `persons.tsv` body; ValueError if any line is damaged. A date of the
    right shape that does not exist (2020-02-31) is found where it is used (dupes.stored_profile):
    parsing 18,000 dates here cost every hook's run 0.05-0.08 s."""
    return {blob: _decode(line) for blob, line in _lines(text).items()}


def _lines(text: str) -> dict[str, str]:
    """blob -> its line of a `persons.tsv` body, every line checked but none decoded (the hook's
    run decodes the few persons it compares); ValueError if any line is damaged."""
    if not text:
        return {}
    if not _BODY.match(text):
        raise ValueError("a damaged line")
    return {line[:40]: line for line in text.split("\n")}


def _decode(line: str) -> Person:
    _blob, names, born, region, sex, detained = line.split("\t")
    return (tuple(tuple(n.split(" ")) for n in names.split("|")) if names else (),
            born or None, region or None, sex or None, detained or None)


class Known(Mapping[str, Person]):
    """The persons a split found, each decoded from its line when first asked for: a hook's run
    compares a few of 10,000, and decoding them all was a fifth of its work."""

    def __init__(self, text: str, lines: dict[str, str], blobs: list[str]):
        self.text, self.lines, self.blobs = text, lines, set(blobs)
        self._decoded: dict[str, Person] = {}

    def __getitem__(self, blob: str) -> Person:
        if blob not in self.blobs:
            raise KeyError(blob)
        p = self._decoded.get(blob)
        if p is None:
            p = self._decoded[blob] = _decode(self.lines[blob])
        return p

    def __contains__(self, blob: object) -> bool:
        return blob in self.blobs

    def __iter__(self) -> Iterator[str]:
        return iter(self.blobs)

    def __len__(self) -> int:
        return len(self.blobs)

    def sharing(self, parts: Iterable[str]) -> set[str]:
        """The blobs whose names hold one of `parts` somewhere (a superset of the persons who
        share one), found by searching the body's text for each part, not decoding each line:
        a line is its blob id (40), a tab, the names, a tab."""
        text, out = self.text, set()
        for part in parts:
            at = text.find(part)
            while at != -1:
                start = text.rfind("\n", 0, at) + 1
                end = text.find("\t", start + 41)
                if start + 40 < at < end:
                    out.add(text[start:start + 40])
                    at = text.find(part, end)  # the line's other names: found already
                else:
                    at = text.find(part, at + 1)
        return out & self.blobs


def sharing(known: Mapping[str, Person], parts: Iterable[str]) -> Iterable[str]:
    """The blobs of `known` (a split's) whose person may share one of `parts`: a superset of
    those that do, to be decoded and compared."""
    return known.sharing(parts) if isinstance(known, Known) else known.keys()


class PersonStore:
    """Seam[str, Person]: blob id -> the duplicate finder's fields. The file is read on the
    first `split` (only `validate PATH` asks); a run that never asks does not read it either, and
    writes what it was given only when there is no file yet (a cold run), so a plain warm run
    stays cheap and a blob missing from the file is parsed again by the next `validate PATH`.
    `save` keeps only the blobs `holds` vouches for (clean, public, still in the dataset)."""

    def __init__(self, folder: Path, key: str, holds: Callable[[str], bool]):
        self.path, self.key, self.holds = folder / "persons.tsv", key + ":" + FORMAT, holds
        self._stored: dict[str, str] | None = None  # blob -> its line, once read
        self._text = ""  # the body those lines were read from
        self.fresh: dict[str, Person] = {}

    def _lines(self) -> dict[str, str]:
        if self._stored is None:
            body = read_checked(self.path, KIND, self.key)
            try:
                self._text = body.decode("utf-8") if body is not None else ""
                self._stored = _lines(self._text)
            except ValueError:  # UnicodeDecodeError included
                self._text, self._stored = "", {}
        return self._stored

    def split(self, blobs: Iterable[str]) -> tuple[Known, list[str]]:
        known, todo = [], []
        lines, holds = self._lines(), self.holds
        for blob in blobs:
            (known if blob in lines and holds(blob) else todo).append(blob)
        return Known(self._text, lines, known), todo

    def put(self, blob: str, person: Person) -> None:
        if _encode(blob, person) is not None:
            self.fresh[blob] = person

    def save(self) -> None:
        if self._stored is None and (not self.fresh or self.path.exists()):
            return  # not asked this run: the file is left for the run that asks
        before = self._lines()
        lines = {**before, **{b: line for b, p in self.fresh.items() if (line := _encode(b, p))}}
        for b in [b for b in lines if not self.holds(b)]:
            del lines[b]
        if lines != before or not self.path.exists():
            write_checked(self.path, KIND, self.key, "\n".join(lines.values()).encode())
        self._stored, self._text = None, ""  # read again if asked: a split's view keeps its own
        self.fresh = {}
