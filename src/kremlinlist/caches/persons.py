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
from typing import Callable, Iterable

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
# A whole body checked in one pass (the regex engine's loop, not one Python call per field).
_BODY = re.compile(rf"(?:{_LINE}\n)*{_LINE}\Z")


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
    out: dict[str, Person] = {}
    if not text:
        return out
    if not _BODY.match(text):
        raise ValueError("a damaged line")
    for line in text.split("\n"):
        blob, names, born, region, sex, detained = line.split("\t")
        out[blob] = (tuple(tuple(n.split(" ")) for n in names.split("|")) if names else (),
                     born or None, region or None, sex or None, detained or None)
    return out


class PersonStore:
    """Seam[str, Person]: blob id -> the duplicate finder's fields. The file is read on the
    first `split` (only `validate PATH` asks); a run that never asks does not read it either, and
    writes what it was given only when there is no file yet (a cold run), so a plain warm run
    stays cheap and a blob missing from the file is parsed again by the next `validate PATH`.
    `save` keeps only the blobs `holds` vouches for (clean, public, still in the dataset)."""

    def __init__(self, folder: Path, key: str, holds: Callable[[str], bool]):
        self.path, self.key, self.holds = folder / "persons.tsv", key + ":" + FORMAT, holds
        self._stored: dict[str, Person] | None = None
        self.fresh: dict[str, Person] = {}

    @property
    def stored(self) -> dict[str, Person]:
        if self._stored is None:
            body = read_checked(self.path, KIND, self.key)
            try:
                self._stored = _parse(body.decode("utf-8")) if body is not None else {}
            except ValueError:  # UnicodeDecodeError included
                self._stored = {}
        return self._stored

    def split(self, blobs: Iterable[str]) -> tuple[dict[str, Person], list[str]]:
        known, todo = {}, []
        stored = self.stored
        for blob in blobs:
            p = stored.get(blob)
            if p is not None and self.holds(blob):
                known[blob] = p
            else:
                todo.append(blob)
        return known, todo

    def put(self, blob: str, person: Person) -> None:
        if _encode(blob, person) is not None:
            self.fresh[blob] = person

    def save(self) -> None:
        if self._stored is None and (not self.fresh or self.path.exists()):
            return  # not asked this run: the file is left for the run that asks
        stored = self.stored
        before = dict(stored)
        stored.update(self.fresh)
        for b in [b for b in stored if not self.holds(b)]:
            del stored[b]
        if stored != before or not self.path.exists():
            lines = [line for b, p in stored.items() if (line := _encode(b, p))]
            write_checked(self.path, KIND, self.key, "\n".join(lines).encode())
        self.fresh = {}
