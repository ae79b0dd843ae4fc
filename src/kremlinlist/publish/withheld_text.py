"""A withheld person's full name in a text about to be published.

The redaction rule (model.redaction) decides which fields of a record are shown; what a
researcher typed into a shown field is not its to read. A public person's summary, a source's
title or address, an action's title, addressee or actors, or the coalition's source may name an
anonymous or hidden person (`Held with Marko Zhuk`) and would publish them. A release (and the
site, made from it) and `export` look through every text they publish for each withheld
person's full name, however it is transliterated, and refuse, saying the file and the field,
never the name.

A full name is every part of one written form of a name or an alias (`Marko Zhuk`, `Жук
Марко`, `marko-zhuk` in an address), in any order. A form of one part is not looked for (a
given name alone names no one, and a nickname cannot be told from a word), nor, in a record, a
name its own public people bear (a namesake's name is theirs to publish).
"""

from __future__ import annotations

from typing import Any, Iterable

from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Problem
from kremlinlist.files.layout import ACTIONS_DIR, CASES_DIR, COALITIONS_DIR
from kremlinlist.model.names import case_names, parts_in_text
from kremlinlist.model.redaction import ActionView
from kremlinlist.model.spellings import skeleton_parts, skeletons, unmarked
from kremlinlist.publish.public_list import PublicPerson

SHORTEST_PART = 3  # letters of a part's skeleton: an initial or a particle names no one
_OWN = frozenset(("names", "name", "aliases"))  # where a record says its own people's names


class FullNames:
    """Every written form of the withheld people's names, each as its parts' skeletons, and
    an index from a skeleton to the forms that have a part of it: a text is compared only with
    the forms one of its words is a part of."""

    def __init__(self, names: Iterable[str]) -> None:
        self.forms: list[tuple[frozenset[str], ...]] = []
        self.index: dict[str, list[int]] = {}
        # each word as written -> its skeletons: a list's texts share most of their words
        self._tokens: dict[str, frozenset[str]] = {}
        for form in {tuple(sorted(tuple(sorted(p)) for p in _parts(name))) for name in names}:
            if len(form) < 2:
                continue
            for skeleton in {s for part in form for s in part}:
                self.index.setdefault(skeleton, []).append(len(self.forms))
            self.forms.append(tuple(frozenset(p) for p in form))

    def __bool__(self) -> bool:
        return bool(self.forms)

    def found(self, text: str) -> set[int]:
        """The forms every part of which is a word of `text`."""
        words: set[str] = set()
        for token in set(text.split()):  # white space parts words for `normalize` too
            skeleton = self._tokens.get(token)
            if skeleton is None:  # of a word, only the skeletons of some name's part are kept
                skeleton = self._tokens[token] = frozenset(
                    s for part in parts_in_text(unmarked(token)) for s in skeletons(part)
                    if s in self.index)
            words |= skeleton
        if not words:
            return set()
        near = {i for s in words for i in self.index[s]}
        return {i for i in near if all(not part.isdisjoint(words) for part in self.forms[i])}


def _parts(name: str) -> list[frozenset[str]]:
    return [p for p in skeleton_parts(unmarked(name)) if max(map(len, p)) >= SHORTEST_PART]


def named_fields(record: Any, names: FullNames, own: Iterable[str] = ()) -> list[str]:
    """The fields of `record` (a dict as the JSON outputs hold it), said as `summary` or
    `sources[2].title`, whose text holds a full name of `names`, but for the names `own` (the
    record's own public people's) and the fields that say them."""
    # the record's texts together first: a name in none of them together is in none alone
    # (almost every record), and only then is each field named and looked into
    if not names.found(" ".join(_texts(record, None))):
        return []
    mine = {i for name in own for i in names.found(name)}
    fields: list[tuple[str, str]] = []
    _texts(record, fields)
    return [path for path, text in fields if names.found(text) - mine]


def _texts(value: Any, fields: list[tuple[str, str]] | None, path: str = "") -> list[str]:
    """Every text of `value` but its people's own names, and into `fields` (if given) each
    with its field's path."""
    if isinstance(value, str):
        if fields is not None:
            fields.append((path, value))
        return [value]
    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in _OWN:
                out += _texts(item, fields, "" if fields is None else
                              f"{path}.{key}" if path else str(key))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            out += _texts(item, fields, "" if fields is None else f"{path}[{i}]")
    return out


def _own_names(names: dict[str, str | None] | None) -> list[str]:
    return [n for n in (names or {}).values() if n]


def unpublishable_case(rel: str, case: Any, names: FullNames) -> list[Problem]:
    """A problem for each field of a public case (a `Case`, as the site's person page shows
    it: everything but `private`) that holds a withheld person's full name."""
    if not names:
        return []
    shown = case.model_dump(mode="json", exclude={"private"})
    return [_problem(rel, path) for path in named_fields(shown, names, case_names(case))]


def _problem(rel: str, path: str) -> Problem:
    return Problem(rel, 0, 0, "error", "withheld-name-published", _(
        "`{field}` holds the full name of a person whose details are withheld (anonymous or "
        "hidden), and would publish it: remove the name, or write \"a person whose name is "
        "withheld\"").format(field=path))


def unpublishable(people: Iterable[PublicPerson], actions: Iterable[ActionView],
                  names: FullNames, entries: Iterable[Any] = (),
                  published: dict | None = None) -> list[Problem]:
    """A problem for each published field that holds a withheld person's full name: of the
    people of a list (`PublicPerson`), the actions (an action's view once, however many
    people's rows it is in), a change log's `entries` (`LogEntry`) and the coalition's count
    it reconciles with (`published`)."""
    if not names:
        return []
    found: dict[tuple[str, str], None] = {}
    seen: set[str] = set()
    every = list(actions)
    for person in people:
        if person.id is None:
            continue  # an anonymous row: its region and status only
        own = [*_own_names(person.names), *person.aliases]
        row = person.to_dict()
        row.pop("actions", None)
        for path in named_fields(row, names, own):
            found[(f"{CASES_DIR}/{person.id}.yaml", path)] = None
        every += person.actions
    for view in every:
        if view.withheld or view.id is None or view.id in seen:
            continue  # a withheld view carries no text a researcher wrote
        seen.add(view.id)
        own = [n for _id, people_names in view.people for n in _own_names(people_names)]
        for path in named_fields(view.to_dict(), names, own):
            found[(f"{ACTIONS_DIR}/{view.id}.yaml", path)] = None
    for entry in entries:
        if entry.id is not None:
            for path in named_fields(entry.to_dict(), names, _own_names(entry.name)):
                found[(f"{CASES_DIR}/{entry.id}.yaml", path)] = None
    if published is not None:
        for path in named_fields({"source": published.get("source")}, names):
            found[(f"{COALITIONS_DIR}/", path)] = None
    return [_problem(rel, path) for rel, path in found]
