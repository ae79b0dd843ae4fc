"""Likely duplicate persons: one person filed twice under different spellings, scripts or name orders.

Names are reduced to a transliteration-blind key (Cyrillic to Latin, then the spelling variants that
Ukrainian, Russian and older transliterations disagree on are folded together), so `Oleg`/`Oleh`,
`Abdullaiev`/`Abdullayev`/`Abdullaev` and `Іван Петренко`/`Ivan Petrenko` compare equal. Only cases
that share a name token are compared (blocking), so 10,000 cases never mean 50 million pairs, and
each case spends at most COMPARISONS name comparisons on those, the strongest first, so no file of
many names can make the check slow. How alike two names are is checks/name_likeness.py. Birth
year, region, sex and detention date then raise or lower the score. Pairs an editor has ruled to be
different people are recorded in `dupes.yaml` and never reported again.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Collection, Iterable, Iterator

from pydantic import ValidationError

from kremlinlist.base.i18n import N_, _
from kremlinlist.files import loader
from kremlinlist.files import yamlsafe
from kremlinlist.model.dates import PartialDate
from kremlinlist.base.parallel import PARALLEL_FROM, fork_map
from kremlinlist.base.problem import Finding, Problem
from kremlinlist.caches.persons import Person
from kremlinlist.checks.name_likeness import MAX_NAMES, Compared, compared, names_score, within
from kremlinlist.files.layout import DUPES_FILE
from kremlinlist.model.names import first_parts, fold, normalize, raw_names
from kremlinlist.model.decisions import DupesFile

THRESHOLD = 0.8  # report a pair scoring at least this
SMALL_BLOCK = 64  # cases sharing a name part compared all with all up to this many
MAX_BLOCK = 400  # a split group larger than this is not compared (no real list comes near it)
MAX_TOKENS = 4  # the parts of a name compared (scoring tries every order of them)
# The name comparisons (a name of one with a name of the other) spent on one person's candidates,
# strongest first: real people spend a few hundred; without a bound, a pull request of files of
# 50 names drawn from common given names made every pair of them cost 2,500, and the check hours.
COMPARISONS = 1_000
MIN_PART = 3  # a name part shorter than this groups no one (initials, particles)
# Said by `validate` and `new` alike when the other case is withheld: neither its path nor its id,
# which may carry the name it replaces.
WITHHELD_MATCH = N_("this may be the same person as a case whose name is withheld; ask a "
                    "maintainer to compare the two files before going on")
# On a withheld person's file, naming the match would tell a public log who they are
MATCH_OF_WITHHELD = N_("this withheld person may be the same as another case in the dataset, "
                       "which is not named here so that the log does not say who they are; run "
                       "`kremlinlist dupes` on your own computer to see the pair")


@dataclass(frozen=True)
class CaseProfile:
    """What the duplicate finder needs of one case file, read tolerantly from raw data."""

    rel: str
    id: str
    former_ids: tuple[str, ...]
    names: tuple[tuple[str, ...], ...]  # normalized, distinct
    born: PartialDate | None
    region: str | None
    sex: str | None
    detained: PartialDate | None
    withheld: bool = False  # `publicity` anonymous or hidden: never named in a message

    @property
    def ids(self) -> frozenset[str]:
        return frozenset((self.id, *self.former_ids))


def _date(value: Any) -> PartialDate | None:
    try:
        return PartialDate.parse(value) if value is not None else None
    except ValueError:
        return None


def profile(rel: str, data: Any) -> CaseProfile | None:
    if not isinstance(data, dict):
        return None
    cid = data.get("id") if isinstance(data.get("id"), str) else Path(rel).stem
    former = data.get("former_ids")
    names: list[tuple[str, ...]] = []
    for raw in raw_names(data):
        key = first_parts(raw, MAX_TOKENS)
        if key and key not in names:
            names.append(key)
            if len(names) == MAX_NAMES:
                break
    detained = None
    events = data.get("events")
    for e in events if isinstance(events, list) else []:
        if isinstance(e, dict) and e.get("type") == "detained" and (d := _date(e.get("date"))):
            if detained is None or d.earliest < detained.earliest:
                detained = d
    region, sex = data.get("region"), data.get("sex")
    withheld = data.get("publicity") not in (None, "public")
    return CaseProfile(
        rel, cid,
        tuple(f for f in former if isinstance(f, str)) if isinstance(former, list) else (),
        tuple(names), _date(data.get("born")),
        region if isinstance(region, str) else None, sex if isinstance(sex, str) else None,
        detained, withheld)


def case_data(root: Path) -> Iterator[tuple[str, Any]]:
    """(path, raw data) of every case file that parses; the others are left to `validate`."""
    rels, _ = loader.list_yaml(root, loader.CASES_DIR)
    for rel in rels:
        try:
            yield rel, yamlsafe.parse(yamlsafe.read_text(loader.read_file(root, rel)))[0]
        except (loader.FileRefused, yamlsafe.YamlError, RecursionError):
            continue


def _people_of(items: list[tuple[str, bytes]]) -> list[CaseProfile]:
    out = []
    for rel, raw in items:
        try:
            data = yamlsafe.parse(yamlsafe.read_text(raw))[0]
        except (yamlsafe.YamlError, RecursionError):
            continue
        if (p := profile(rel, data)) is not None:
            out.append(p)
    return out


def profiles(root: Path, jobs: int | None = None) -> list[CaseProfile]:
    """Every case file that parses, as a CaseProfile; parsed in parallel for a large dataset."""
    rels, _ = loader.list_yaml(root, loader.CASES_DIR)
    items = []
    for rel in rels:
        try:
            items.append((rel, loader.read_file(root, rel)))
        except loader.FileRefused:
            continue
    return profiles_of(items, jobs)


def profiles_of(items: list[tuple[str, bytes]], jobs: int | None = None) -> list[CaseProfile]:
    """The CaseProfile of each (path, bytes) that parses, in order; in parallel when many."""
    size = 50  # people are cheap to make: send files to the workers in batches
    batches = [items[i:i + size] for i in range(0, len(items), size)]
    return [p for batch in fork_map(_people_of, batches, jobs=jobs, min_items=PARALLEL_FROM // size)
            for p in batch]


def stored_person(p: CaseProfile) -> Person:
    """What the persons' cache keeps of a clean public file's profile (caches/persons.py)."""
    return (p.names, _text(p.born), p.region, p.sex, _text(p.detained))


def _text(d: PartialDate | None) -> str | None:
    return None if d is None else str(d)


def stored_profile(rel: str, summary: dict, f: Person) -> CaseProfile:
    """A clean public file's profile from what the persons' cache keeps (as `stored_person`
    made it) and its clean summary (id, former ids): the profile its parsed data gives.
    ValueError for a date that does not exist (a damaged or forged cache): parse the file."""
    def day(text: str | None) -> PartialDate | None:
        return None if text is None else PartialDate.parse(text)

    return CaseProfile(rel, summary["id"], tuple(summary["former_ids"]), f[0], day(f[1]), f[2],
                       f[3], day(f[4]))


@dataclass(frozen=True)
class Pair:
    a: CaseProfile
    b: CaseProfile
    score: float
    reasons: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"a": self.a.rel, "b": self.b.rel, "score": round(self.score, 2),
                "reasons": list(self.reasons)}

    def said_reasons(self) -> str:
        """The reasons in the language of messages (kept English in `reasons` for JSON)."""
        return "; ".join(_(r) for r in self.reasons)


def _gap_days(x: PartialDate, y: PartialDate) -> int:
    """Days between two partial dates' ranges (0 when they overlap)."""
    if x.latest < y.earliest:
        return (y.earliest - x.latest).days
    if y.latest < x.earliest:
        return (x.earliest - y.latest).days
    return 0



def score(a: CaseProfile, b: CaseProfile,
          names: float | None = None) -> tuple[float, tuple[str, ...]]:
    """The name similarity (`names`, if the caller has it), raised by agreeing and lowered by
    conflicting facts."""
    if names is None:
        names = names_score(compared(a.names), compared(b.names))
    if names == 0.0:
        return 0.0, ()
    total = names
    # The reasons stay English (N_): `dupes --format json` is language-neutral; they are
    # translated where they are said.
    reasons = [N_("the names match across transliterations") if names == 1.0
               else N_("the names are similar")]
    if a.born and b.born:
        gap = _gap_days(a.born, b.born)
        if gap == 0:
            total += 0.1
            reasons.append(N_("the same birth date or year"))
        elif abs(a.born.year - b.born.year) > 1:
            total -= 0.3
            reasons.append(N_("born years apart"))
        else:
            total -= 0.1
            reasons.append(N_("different birth dates, at most a year apart"))
    if a.region and b.region:
        same = a.region == b.region
        total += 0.05 if same else -0.15
        reasons.append(N_("the same region") if same else N_("different regions"))
    if a.sex and b.sex and a.sex != b.sex:
        total -= 0.5
        reasons.append(N_("different sex"))
    if a.detained and b.detained:
        gap = _gap_days(a.detained, b.detained)
        if gap <= 31:
            total += 0.1
            reasons.append(N_("detained within a month of each other"))
        elif gap > 365:
            total -= 0.15
            reasons.append(N_("detained years apart"))
    return max(0.0, min(1.0, total)), tuple(reasons)


def _read_decisions(root: Path, held: Collection[str] | None = None
                    ) -> tuple[DupesFile | None, loader.Loaded | None, list[Problem]]:
    """dupes.yaml as a model (an empty one if the file is absent), the parsed file for placing
    findings, and the file's own problems. `held`: the files the commit checked holds (git's
    index, under `validate --staged`): one on disk but not there is not the commit's."""
    if (held is not None and DUPES_FILE not in held) or not os.path.lexists(root / DUPES_FILE):
        return DupesFile(), None, []
    try:
        raw = loader.read_file(root, DUPES_FILE)
    except loader.FileRefused as exc:
        return None, None, loader.refused(DUPES_FILE, exc).problems
    return decisions_in(raw)


def decisions_in(raw: bytes) -> tuple[DupesFile | None, loader.Loaded | None, list[Problem]]:
    """A version of dupes.yaml, by its bytes (on disk, or a blob a review reads), as
    `_read_decisions` gives it: validate and the review refuse the same file alike."""
    text, bad = yamlsafe.decode(raw)
    if bad:
        return None, None, [Problem(DUPES_FILE, f.line, f.column, "error", f.code, f.message)
                            for f in bad]
    try:
        data = yamlsafe.parse(text)[0]
    except yamlsafe.YamlError as e:
        return None, None, [Problem(DUPES_FILE, e.line, e.column, "error", e.code, e.message)]
    placed = loader.Loaded(DUPES_FILE, data=data, text=text)
    if data is None:
        return DupesFile(), placed, []
    if not isinstance(data, dict):
        return None, placed, [Problem(DUPES_FILE, 1, 1, "error", "not-a-mapping",
                                      _("dupes.yaml is a mapping: `different: [{pair: [id-a, "
                                        "id-b], reason: ..., by: ...}]`"))]
    try:
        return DupesFile.model_validate(data), placed, []
    except ValidationError as exc:
        return None, placed, placed.place(loader.schema_findings(exc, DupesFile, data))


def load_decisions(root: Path, held: Collection[str] | None = None
                   ) -> tuple[set[frozenset[str]], list[Problem]]:
    """The ruled-out pairs of dupes.yaml (none if it is absent or broken, or not among `held`,
    as `_read_decisions` reads it) and its problems."""
    model, _, problems = _read_decisions(root, held)
    return ({frozenset(d.pair) for d in model.different} if model else set()), problems


def pairs_in(data: bytes | None) -> set[frozenset[str]]:
    """The ruled-out pairs in a version of dupes.yaml (None: absent), read tolerantly: an older
    version's own problems are not the current check's."""
    if data is None:
        return set()
    try:
        parsed = yamlsafe.parse(yamlsafe.read_text(data))[0]
    except yamlsafe.YamlError:
        return set()
    return _pairs(parsed)


def pairs_of(placed: loader.Loaded | None) -> set[frozenset[str]]:
    """`pairs_in` of a version `decisions_in` parsed already (its second part; None: absent or
    not YAML), so a caller wanting both its problems and its pairs parses it once."""
    return _pairs(placed.data) if placed is not None else set()


def _pairs(parsed: Any) -> set[frozenset[str]]:
    entries = parsed.get("different") if isinstance(parsed, dict) else None
    return {frozenset(e["pair"]) for e in (entries if isinstance(entries, list) else [])
            if isinstance(e, dict) and isinstance(e.get("pair"), list)
            and all(isinstance(i, str) for i in e["pair"])}


def stale_decisions(root: Path, persons: list[CaseProfile]) -> list[Problem]:
    """Entries of dupes.yaml naming an id no case has (now or formerly): probably a typo."""
    model, placed = _read_decisions(root)[:2]
    if model is None or placed is None:
        return []
    known = {i for p in persons for i in p.ids}
    return placed.place([
        Finding(("different", i, "pair", j), "warning", "unknown-case",
                _("no case has this id (now or in `former_ids`); correct it or remove the "
                  "entry"))
        for i, d in enumerate(model.different) for j, cid in enumerate(d.pair)
        if cid not in known])


def _ruled_out(a: CaseProfile, b: CaseProfile, decisions: set[frozenset[str]]) -> bool:
    return any(frozenset((x, y)) in decisions for x in a.ids for y in b.ids if x != y)


def block_parts(names: Iterable[tuple[str, ...]]) -> set[str]:
    """The name parts `_blocks` groups a person by: two persons are compared only if they share
    one, so a person sharing none with the files asked about can be left out before scoring."""
    return {part for name in names if len(name) >= 2 for part in name if len(part) >= MIN_PART}


def _blocks(persons: list[CaseProfile]) -> list[list[int]]:
    """Groups of cases worth comparing pair by pair.

    Cases sharing a name part form a group. A part shared by many cases is a common given name or
    surname, so that group is split by the first letters of the cases' other name parts: the two
    records of one person agree on one part exactly and start the other part alike.
    """
    by_part: dict[str, dict[int, set[str]]] = {}
    for i, p in enumerate(persons):
        for name in p.names:
            if len(name) < 2:
                continue
            for part in name:
                if len(part) >= MIN_PART:
                    others = by_part.setdefault(part, {}).setdefault(i, set())
                    others.update(o[:3] for o in name if o != part)
    out: list[list[int]] = []
    for members in by_part.values():
        if len(members) < 2:
            continue
        if len(members) <= SMALL_BLOCK:
            out.append(list(members))
            continue
        split: dict[str, list[int]] = {}
        for i, prefixes in members.items():
            for prefix in prefixes:
                split.setdefault(prefix, []).append(i)
        out += [g for g in split.values() if 2 <= len(g) <= MAX_BLOCK]
    return out


def _candidates(i: int, groups: list[list[int]], mine: list[int],
                names: list[Compared]) -> Iterator[int]:
    """The persons `i` is compared with, the strongest first: those of its smallest group (a
    rarer shared part is stronger evidence) before those of larger ones, as long as the name
    comparisons they cost (names of one times names of the other, and one for each person looked
    at) stay within COMPARISONS. Real people never reach it; a file of many names sharing common
    parts with many files would otherwise be compared with each of them, name by name."""
    spent, met = 0, {i}
    for g in sorted(mine, key=lambda g: (len(groups[g]), g)):
        for j in groups[g]:
            if spent >= COMPARISONS:
                return
            spent += 1  # looking costs too: 600 groups could each hold the same 400 files
            if j in met:
                continue
            cost = math.prod(within(len(names[i].names), len(names[j].names)))
            if spent + cost <= COMPARISONS:
                met.add(j)
                spent += cost
                yield j


def find(persons: list[CaseProfile],
         decisions: set[frozenset[str]] = frozenset(),  # type: ignore[assignment]
         only: Iterable[str] | None = None, threshold: float = THRESHOLD) -> list[Pair]:
    """Likely duplicate pairs, best first; with `only` (file paths), pairs involving those files.
    A pair is compared when either is among the other's candidates (`_candidates`); with `only`,
    when the other is among an asked file's."""
    wanted = None if only is None else set(only)
    if wanted is not None:  # a group without a wanted person compares nothing: never form it
        parts = set().union(*(block_parts(p.names) for p in persons if p.rel in wanted))
        persons = [p for p in persons
                   if p.rel in wanted or not parts.isdisjoint(block_parts(p.names))]
    groups = _blocks(persons)
    member_of: dict[int, list[int]] = {}
    for g, members in enumerate(groups):
        for i in members:
            member_of.setdefault(i, []).append(g)
    names = [compared(p.names) for p in persons]
    seen: set[tuple[int, int]] = set()
    out: list[Pair] = []
    for i in sorted(member_of):
        if wanted is not None and persons[i].rel not in wanted:
            continue
        for j in _candidates(i, groups, member_of[i], names):
            key = (min(i, j), max(i, j))
            if key in seen:
                continue
            seen.add(key)
            a, b = persons[key[0]], persons[key[1]]
            if a.ids & b.ids or _ruled_out(a, b, decisions):  # shared ids: duplicate-id
                continue
            s, reasons = score(a, b, names_score(names[key[0]], names[key[1]]))
            if s >= threshold:
                out.append(Pair(a, b, s, reasons))
    return sorted(out, key=lambda p: (-p.score, p.a.rel, p.b.rel))


def _public_now(root: Path, rel: str) -> bool:
    """Whether the case file at `rel` says its person is public, read afresh before a message
    names it: a profile taken from a cache is not trusted with that (a forged cache could call a
    withheld person public). Anything unreadable counts as withheld."""
    try:
        data = yamlsafe.parse(yamlsafe.read_text(loader.read_file(root, rel)))[0]
    except (loader.FileRefused, yamlsafe.YamlError, RecursionError, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and data.get("publicity") in (None, "public")


def ratchet(root: Path, rels: Iterable[str],
            summaries: Iterable[tuple[str, dict]] | None = None,
            people: list[CaseProfile] | None = None,
            held: Collection[str] | None = None) -> list[Problem]:
    """`likely-duplicate` warnings on the given case files only, plus dupes.yaml's own problems
    (its decisions read as `load_decisions` reads them, with `held`).

    `validate` runs this for the files a pull request adds or changes, so a duplicate is caught when
    it is filed while old, unreviewed pairs do not fail every later pull request.
    """
    rels = {r for r in rels if r.startswith(loader.CASES_DIR + "/")}
    decisions, problems = load_decisions(root, held)
    if not rels:
        return problems
    findings: dict[str, list[Finding]] = {}
    if people is not None:  # made by the caller (validate keeps them folded in its cache)
        everyone = people
    elif summaries is None:
        everyone = profiles(root)
    else:  # validate's per-file summaries: the cached ones need no parsing
        everyone = [p for rel, s in summaries if isinstance(s.get("person"), dict) and
                    (p := profile(rel, {**s["person"], "id": s.get("id"),
                                       "former_ids": s.get("former_ids")}))]
    for pair in find(everyone, decisions, only=rels):
        for mine, other in ((pair.a, pair.b), (pair.b, pair.a)):
            if mine.rel in rels:
                mine_public = not mine.withheld and _public_now(root, mine.rel)
                if not mine_public:
                    message = _(MATCH_OF_WITHHELD)
                elif other.withheld or not _public_now(root, other.rel):
                    message = _(WITHHELD_MATCH)
                else:
                    message = _(
                        "this may be the same person as {other} (score {score}: {reasons}); if "
                        "so, merge the two files and keep the other id in `former_ids`; if not, "
                        "record the pair in dupes.yaml (`different: [{{pair: [{a}, {b}], reason: "
                        "..., by: ...}}]`)").format(
                            other=other.rel, score=f"{pair.score:.2f}",
                            reasons=pair.said_reasons(),
                            a=Path(mine.rel).stem, b=Path(other.rel).stem)
                findings.setdefault(mine.rel, []).append(Finding(
                    ("name",), "warning", "likely-duplicate", message, at_key=True))
    return problems + loader.place_findings(root, findings)


__all__ = ["normalize", "fold", "WITHHELD_MATCH", "MATCH_OF_WITHHELD", "CaseProfile", "profiles", "Pair", "find", "score",
           "block_parts", "load_decisions", "pairs_in", "pairs_of", "ratchet", "DupesFile"]

