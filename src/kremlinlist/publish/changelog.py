"""What changed between two snapshots, sorted into what editors announce, and its renderings.

People are matched by id (and `former_ids`), never by path. Only cases whose files changed, or whose
dated events fall between the two dates, are compared. Privacy: an anonymous person appears without
id or name, a hidden one only in counts, and `private` is never read here. What may be shown of
a person is decided by `redaction.view_of`, never here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from kremlinlist.files import loader
from kremlinlist.model import redaction
from kremlinlist.model import timeline
from kremlinlist.model.case import Case
from kremlinlist.base.problem import Problem
from kremlinlist.publish import escape
from kremlinlist.publish.words import LOG_TITLES as _TITLES, WITHHELD_IN_LOG

CATEGORIES = ("added", "released", "died", "delisted", "removed", "updated")
_FIELDS = ("name", "aliases", "born", "sex", "citizenship", "region", "occupation", "summary",
           "publicity", "sources")
_ASSESSMENT = ("decision", "since", "reason", "criteria", "signs", "exclusions", "sources", "by")
_EVENT_DETAIL = ("term", "regime", "how", "until", "to", "by", "articles")
_CORRECTED_KEYS = ("date", "date_is", "place", "term", "regime", "articles", "until", "how", "to",
                   "by")


@dataclass
class LogEntry:
    """One person's line in the change log. `id` and `name` are None for a withheld person."""

    category: str
    id: str | None
    name: dict | None = None
    date: str | None = None
    how: str | None = None
    reason: str | None = None
    reason_withheld: bool = False  # a reason is recorded, its text is not published
    former_id: str | None = None
    events: list[dict] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)
    flag: str | None = None
    detained: str | None = None  # for the newly listed
    on_list: bool = True
    new: bool = False  # a new case that is not on the list
    rel: str | None = None  # for the review's problems; never rendered

    @property
    def withheld(self) -> bool:
        return self.id is None

    def to_dict(self) -> dict:
        out: dict = {"id": self.id}
        if self.withheld:
            out["withheld"] = True
        for key in ("name", "date", "how", "reason", "detained", "former_id", "flag"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.reason_withheld:
            out["reason_withheld"] = True
        if self.events:
            out["events"] = self.events
        if self.corrections:
            out["corrections"] = self.corrections
        if not self.on_list:
            out["on_list"] = False
        if self.new:
            out["new"] = True
        return out


@dataclass
class ChangeLog:
    month: str | None
    from_commit: str | None
    to_commit: str | None
    before: int  # on the list at `from`; with `partial`, among the changed files only
    after: int
    entries: dict[str, list[LogEntry]] = field(default_factory=lambda: {c: [] for c in CATEGORIES})
    hidden: dict[str, int] = field(default_factory=lambda: {c: 0 for c in CATEGORIES})
    problems: list[Problem] = field(default_factory=list)  # review: rules the change breaks
    problems_before: int = 0  # problems in the changed files that were there already
    partial: bool = False  # only changed files were read: counts are a net change
    # review: criteria.yaml, kremlinlist.yaml, dupes.yaml, organizations/ if they changed, and
    # the cases they did not touch whose verdict they changed (withheld ones only counted)
    affected_by: list[str] = field(default_factory=list)
    affected: list[LogEntry] = field(default_factory=list)
    affected_withheld: int = 0

    def to_dict(self) -> dict:
        out: dict = {"month": self.month, "from": self.from_commit, "to": self.to_commit,
                     "count": ({"net": self.after - self.before} if self.partial else
                               {"before": self.before, "after": self.after})}
        for c in CATEGORIES:
            out[c] = [e.to_dict() for e in self.entries[c]]
        out["hidden"] = redaction.count(sum(self.hidden.values()))
        if self.problems:
            out["problems"] = [p.to_dict() for p in self.problems]
        if self.problems_before:  # as the Markdown review says them, for a script to read too
            out["problems_before"] = self.problems_before
        if self.affected_by:
            out["affected"] = {"by": list(self.affected_by),
                               "cases": [{"id": e.id, "name": e.name} for e in self.affected],
                               "withheld": self.affected_withheld}
        return out

    @property
    def empty(self) -> bool:
        return not any(self.entries.values()) and not any(self.hidden.values())


def _on(case: Case | None, as_of: date | None) -> bool:
    return case is not None and timeline.on_list(case, as_of)


def _event_key(e) -> str:
    return json.dumps(e.model_dump(mode="json", exclude={"sources", "note"}), sort_keys=True)


def _dump(value) -> object:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_dump(v) for v in value]
    return str(value) if value is not None and not isinstance(value, (str, int)) else value


def _details(old: Case, new: Case, v: redaction.View) -> tuple[list[dict], list[str]]:
    """New events as the view shows them, and the names of the facts that were corrected (never
    their values)."""
    old_keys = [(_event_key(e), e) for e in old.events]
    remaining = [k for k, _ in old_keys]
    new_only = []
    for e in new.events:
        k = _event_key(e)
        if k in remaining:
            remaining.remove(k)
        else:
            new_only.append(e)
    old_only = [e for k, e in old_keys if k in remaining]
    events, corrections = [], []
    for e in new_only:
        twin = next((o for o in old_only if o.type == e.type), None)
        if twin is None:
            events.append(v.event(e, _EVENT_DETAIL))
            continue
        old_only.remove(twin)
        keys = [k for k in _CORRECTED_KEYS if getattr(twin, k) != getattr(e, k)]
        if v.anonymous:
            keys = [k for k in keys if k not in ("place", "to", "by")]
        if keys:
            corrections.append(f"{e.type} event: {', '.join(keys)}")
    for o in old_only:
        corrections.append(f"{o.type} event removed")
    for name in _FIELDS:
        if _dump(getattr(old, name)) != _dump(getattr(new, name)):
            corrections.append(name)
    for name in _ASSESSMENT:
        if _dump(getattr(old.assessment, name)) != _dump(getattr(new.assessment, name)):
            corrections.append(f"assessment.{name}")
    if old.id != new.id or old.former_ids != new.former_ids:
        corrections.append("id" if old.id != new.id else "former_ids")
    return events, corrections


def _names(v: redaction.View) -> dict | None:
    return {k: n for k, n in v.names.items() if n} if v.names else None


def _entry(category: str, v: redaction.View | None, *, date=None, detained=None, how=None,
           reason=None, former_id=None, **kw) -> LogEntry:
    """A line with only what the view lets through: of an anonymous person the category and the
    month of the change; of a hidden one (no view) nothing, since it is only counted."""
    if v is None or v.anonymous:
        return LogEntry(category, None, date=v.date(date) if v else None,
                     reason_withheld=bool(v and v.has_reason and category == "delisted"), **kw)
    return LogEntry(category, v.id, _names(v), date=v.date(date), detained=v.date(detained), how=how,
                 reason=reason, former_id=former_id, **kw)


def _left(old: Case, new: Case | None, as_of: date | None, v: redaction.View | None,
          deleted_flag: str) -> LogEntry:
    if new is None:
        return _entry("removed", v, flag=deleted_flag)
    former = old.id if old.id != new.id else None
    st = timeline.status(new, as_of)
    if st.state == "released":
        return _entry("released", v, how=st.how, former_id=former, date=st.changed)
    if st.state == "died":
        return _entry("died", v, former_id=former, date=st.changed)
    if new.assessment.decision != "listed":
        return _entry("delisted", v, reason=new.assessment.reason, former_id=former,
                      flag=None if redaction.has_reason(new.assessment) else
                      "left the list without a recorded reason")
    return _entry("removed", v, former_id=former,
                  flag="left the list without a recorded release, death or decision; check the "
                       "timeline")


def _classify(old_e, new_e, old_as_of: date | None, new_as_of: date | None,
              include_unlisted: bool, broken: bool, updates: bool = True) -> LogEntry | None:
    """`old_e`, `new_e`: history entries (or None). Their `lite` cases answer everything but the
    corrections, which read the full cases only when the two files differ."""
    old = old_e.lite if old_e is not None else None
    new = new_e.lite if new_e is not None else None
    # A file that no longer loads has no publicity to read: withheld (fail closed).
    v = None if broken else redaction.view_of(old, new)
    was, now = _on(old, old_as_of), _on(new, new_as_of)
    if old is None and new is None:
        return None
    if new is None:
        if not was and not include_unlisted:
            return None
        flag = ("the file no longer loads; fix it" if broken else
                "the file was deleted without a recorded release, death or decision")
        e = _left(old, None, new_as_of, v, flag)  # type: ignore[arg-type]
        e.on_list = was
        return e
    if old is None or (not was and now):
        if not now and not include_unlisted:
            return None
        former = old.id if old is not None and old.id != new.id else None
        if now:
            return _entry("added", v, date=v and v.since(new.assessment.since), former_id=former,
                          detained=timeline.status(new, new_as_of).detained)
        e = _entry("updated", v, former_id=former)
        e.on_list, e.new = False, True
        return e
    if was and not now:
        return _left(old, new, new_as_of, v, "")
    if not was and not now and not include_unlisted:
        return None
    if not updates or (old_e.blob and
                       old_e.blob.partition(":")[0] == new_e.blob.partition(":")[0]):
        return None  # the same bytes: nothing new, nothing corrected
    events, corrections = _details(old_e.case, new_e.case, v or redaction.WITHHELD)
    if not events and not corrections:
        return None
    e = _entry("updated", v, events=events, corrections=corrections,
               former_id=old.id if old.id != new.id else None)
    e.on_list = now
    return e


def _flips_between(case: Case, start: date | None, end: date | None) -> bool:
    if start is None or end is None:
        return False
    dates = [e.date.earliest for e in case.events if e.date is not None]
    if case.assessment.since is not None:
        dates.append(case.assessment.since.earliest)
    return any(start < d <= end for d in dates)


def _counts(old_cases: dict, new_cases: dict, touched: set[str], old_as_of: date | None,
            new_as_of: date | None, partial: bool) -> tuple[int, int]:
    """The list's size at both ends. A file outside `touched` is the same file at both ends with
    no date between the two days, so it is on both lists or on neither: the old count is the new
    one corrected by the touched files, which spares a status per person (the new count is the
    one the exported list needs anyway)."""
    new_count = sum(_on(c, new_as_of) for c in new_cases.values())
    if partial or (old_as_of is None) != (new_as_of is None) or (
            old_as_of is not None and new_as_of is not None and old_as_of > new_as_of):
        return sum(_on(c, old_as_of) for c in old_cases.values()), new_count
    old_count = (new_count - sum(_on(new_cases[r], new_as_of) for r in touched if r in new_cases)
                 + sum(_on(old_cases[r], old_as_of) for r in touched if r in old_cases))
    return old_count, new_count


def compare(old_files: dict, new_files: dict, changed: Iterable[str], *,
            old_as_of: date | None = None, new_as_of: date | None = None,
            month: str | None = None, from_commit: str | None = None,
            to_commit: str | None = None, include_unlisted: bool = False, updates: bool = True,
            broken: Iterable[str] = (), partial: bool = False) -> ChangeLog:
    """The change log between two snapshots' files (rel -> SnapshotFile), given the paths that
    changed. `include_unlisted` also reports people on neither list (for a pull request's review).
    `partial`: `changed` already holds every path to judge (cases whose dates fall between the
    two days included), and the counts are over those paths only (a net change). Without
    `updates`, people who stay on the list are not compared (the corrections need full cases,
    which the month-by-month counts do not)."""
    old_cases = {rel: e.lite for rel, e in old_files.items() if e.lite is not None}
    new_cases = {rel: e.lite for rel, e in new_files.items() if e.lite is not None}
    touched = set(changed)
    if partial:
        old_cases = {r: c for r, c in old_cases.items() if r in touched}
        new_cases = {r: c for r, c in new_cases.items() if r in touched}
    elif old_as_of != new_as_of:
        touched |= {rel for rel, c in new_cases.items()
                    if _flips_between(c, old_as_of, new_as_of)}
    broken = set(broken)
    old_by_id = {old_cases[r].id: r for r in touched if r in old_cases}
    pairs: list[tuple[str | None, str | None, bool]] = []  # (old rel, new rel, broken)
    used: set[str] = set()
    for rel in sorted(touched):
        new = new_cases.get(rel)
        if new is None:
            continue
        match = next((i for i in (new.id, *new.former_ids) if i in old_by_id and i not in used),
                     None)
        if match is None:
            pairs.append((None, rel, False))
            continue
        used.add(match)
        pairs.append((old_by_id[match], rel, False))
    for cid, rel in sorted(old_by_id.items()):
        if cid not in used:
            pairs.append((rel, None, rel in broken))

    log = ChangeLog(month, from_commit, to_commit, *_counts(old_cases, new_cases, touched,
                                                         old_as_of, new_as_of, partial),
                    partial=partial)
    for old_rel, new_rel, is_broken in pairs:
        old_e = old_files[old_rel] if old_rel is not None else None
        new_e = new_files[new_rel] if new_rel is not None else None
        entry = _classify(old_e, new_e, old_as_of, new_as_of, include_unlisted, is_broken,
                          updates)
        if entry is None:
            continue
        if is_broken or redaction.view_of(old_e and old_e.lite, new_e and new_e.lite) is None:
            log.hidden[entry.category] += 1
            continue
        entry.rel = new_rel if new_rel is not None else old_rel
        log.entries[entry.category].append(entry)
    for c in CATEGORIES:
        log.entries[c].sort(key=lambda e: (e.withheld, e.id or "", e.date or ""))
    return log


# -- rendering -------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """One line of text safe for a terminal: no control characters, no line breaks."""
    return _CONTROL.sub(" ", text).strip()


def md_text(text: str) -> str:
    """Text that GitHub renders as itself: the list's escaping, after control characters go."""
    return escape.md_escape(plain(text))


def _md_message(text: str) -> str:
    """A message in Markdown: escaped as any text, except that its `code` spans stay code (in a
    span nothing becomes a link, an image or a mention); a span that holds a pipe, would run past
    the line or has no closing backtick is escaped whole."""
    parts = _CONTROL.sub(" ", text).strip().split("`")
    out = []
    for i, part in enumerate(parts):
        closed = i % 2 == 1 and i < len(parts) - 1
        if closed and part and "|" not in part and len(part) <= 80:
            out.append(f"`{part}`")
        else:
            out.append(escape.md_escape(("`" if i % 2 else "") + part))
    return "".join(out)


def _who(e: LogEntry, lang: str, md: bool) -> str:
    if e.withheld:
        return WITHHELD_IN_LOG[0].upper() + WITHHELD_IN_LOG[1:]
    names = e.name or {}
    name = names.get(lang) or names.get("en") or e.id or ""
    if md:
        return f"**{md_text(name)}** (`{e.id}`)"
    return f"{plain(name)} ({e.id})"


def _event_text(ev: dict, md: bool) -> str:
    esc = md_text if md else plain
    text = ev["type"].replace("-", " ")
    if "date" in ev:
        text += (" by " if ev.get("date_is") == "by" else " on ") + ev["date"]
    extra = []
    for key, label in (("term", "term"), ("regime", "regime"), ("how", "how"), ("until", "until"),
                       ("to", "to"), ("by", "by")):
        if key in ev:
            extra.append(f"{label}: {esc(str(ev[key]))}")
    if ev.get("articles"):
        extra.append("articles: " + ", ".join(esc(a) for a in ev["articles"]))
    return text + (f" ({'; '.join(extra)})" if extra else "")


def _line(e: LogEntry, lang: str, md: bool) -> str:
    esc = md_text if md else plain
    parts = [_who(e, lang, md)]
    if e.former_id:
        parts.append(f"(id was {'`' + e.former_id + '`' if md else e.former_id})")
    on = " in " if e.withheld else " on "  # a withheld person's dates are months
    if e.category == "released":
        parts.append("released" + (f" by {e.how.replace('-', ' ')}" if e.how else "")
                     + (on + e.date if e.date else ""))
    elif e.category == "died":
        parts.append("died" + (on + e.date if e.date else ""))
    elif e.category == "added":
        parts.append(", ".join(([f"listed since {e.date}"] if e.date else [])
                               + ([f"detained on {e.detained}"] if e.detained else [])))
    elif e.category == "delisted":
        parts.append("reason: " + esc(e.reason) if e.reason else
                     "reason recorded, not published" if e.reason_withheld else
                     "no reason recorded")
    if e.new:
        parts.append("(new case, not on the list)")
    elif not e.on_list:
        parts.append("(not on the list)")
    if e.flag:
        parts.append(("**flag:** " if md else "FLAG: ") + esc(e.flag))
    line = " ".join(parts)
    subs = ["new: " + _event_text(ev, md) for ev in e.events]
    if e.corrections:
        subs.append("corrected: " + ", ".join(esc(c) for c in e.corrections))
    return line + "".join(f"\n  - {s}" for s in subs)


def _title(log: ChangeLog, md: bool) -> str:
    if log.month:
        return f"Changes to the list in {log.month}"
    a = (log.from_commit or "the start")[:12]
    b = (log.to_commit or "the working tree")[:12]
    return f"Changes between {a} and {b}" if not md else f"Changes between `{a}` and `{b}`"


def _count_line(log: ChangeLog) -> str:
    delta = log.after - log.before
    if log.partial:
        return f"People on the list: {delta:+d}"
    return f"People on the list: {log.before} → {log.after} ({delta:+d})"


def _hidden_line(log: ChangeLog) -> str:
    """Changes to hidden people, all kinds together (a kind of change per month would point at a
    person), and their number only from `redaction.K` up."""
    n = redaction.count(sum(log.hidden.values()))
    return f"{n} change{'' if n == 1 else 's'} to people whose details are not published"


def summary(log: ChangeLog) -> str:
    """One line for a release's log (CI logs are public): the change log's own counts, hidden
    people only as the change log says them."""
    line = (f"{log.before} → {log.after} people on the list, {len(log.entries['added'])} newly "
            f"listed, {len(log.entries['released'])} released")
    return line + (f", {_hidden_line(log)}" if any(log.hidden.values()) else "")


def render_md(log: ChangeLog, lang: str = "en") -> str:
    out = [f"# {_title(log, True)}", "", _count_line(log), ""]
    for c in CATEGORIES:
        entries = log.entries[c]
        if not entries:
            continue
        out += [f"## {_TITLES[c]} ({len(entries)})", ""]
        out += [f"- {_line(e, lang, True)}" for e in entries]
        out.append("")
    if any(log.hidden.values()):
        out += ["## Not published", "", f"- {_hidden_line(log)}", ""]
    if log.empty and not log.affected_by:
        out += ["No changes.", ""]
    out += _affected_lines(log, lang, True)
    if log.problems or log.problems_before:
        out += [f"## Rules that now fail ({len(log.problems)})", ""]
        if log.problems:
            out += ["| file | line | severity | rule | what to do |", "| --- | --- | --- | --- | --- |"]
            for p in log.problems:
                out.append(f"| {md_text(p.file)} | {p.line or ''} | {p.severity} | "
                           f"`{p.code}` | {_md_message(p.message)} |")
        if log.problems_before:
            out += ["", f"{log.problems_before} problem(s) in these files were there before "
                        "this change."]
        out.append("")
    return "\n".join(out)


def render_text(log: ChangeLog, lang: str = "en") -> str:
    out = [_title(log, False), _count_line(log)]
    for c in CATEGORIES:
        entries = log.entries[c]
        if not entries:
            continue
        out += ["", f"{_TITLES[c]} ({len(entries)}):"]
        out += [f"- {_line(e, lang, False)}" for e in entries]
    if any(log.hidden.values()):
        out += ["", "Not published:", f"- {_hidden_line(log)}"]
    if log.empty and not log.affected_by:
        out += ["", "No changes."]
    if log.affected_by:
        out += [""] + _affected_lines(log, lang, False)[:-1]
    if log.problems:
        out += ["", f"Rules that now fail ({len(log.problems)}):"]
        out += [f"- {plain(p.file)}:{p.line}:{p.column}: {p.severity} {p.code} {plain(p.message)}"
                for p in log.problems]
    return "\n".join(out) + "\n"


def _affected_lines(log: ChangeLog, lang: str, md: bool) -> list[str]:
    """The review's section on cases the change did not touch but judges differently."""
    if not log.affected_by:
        return []
    what = " / ".join(log.affected_by)
    count = len(log.affected) + log.affected_withheld
    head = f"Affected by changes to {what} ({count})"
    out = [f"## {head}", ""] if md else [head + ":"]
    if not count:
        out.append("These changes change no other case's verdict (on the list, rules that fail).")
    out += [f"- {_who(e, lang, md)}" for e in log.affected]
    if log.affected_withheld:
        n = log.affected_withheld
        out.append(f"- {'and ' * bool(log.affected)}{n} withheld case{'s' * (n != 1)}")
    out.append("")
    return out


def render_json(log: ChangeLog) -> str:
    return json.dumps(log.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_log(log: ChangeLog, fmt: str, lang: str = "en") -> str:
    if fmt == "md":
        return render_md(log, lang)
    if fmt == "json":
        return render_json(log)
    return render_text(log, lang)


# -- two revisions ---------------------------------------------------------------------------

def _review(hist, log: ChangeLog, old: str | None, new: str, changed: list, old_snap,
            new_snap) -> None:
    """Per-file checks of validate on the changed files at `new`; only what the change broke."""
    from collections import Counter

    from kremlinlist.checks.context import context_from
    from kremlinlist.checks.engine import check_file_bytes as check_case_bytes

    ctx_new = context_from(*hist.settings_at(new), None)[0]
    ctx_old = context_from(*hist.settings_at(old), None)[0] if old else None
    # Both versions of every changed file, in two batches (a batch holds a path once).
    new_blobs = hist.read_blobs([(ch.rel, ch.new_blob) for ch in changed if ch.new_blob])
    old_blobs = hist.read_blobs([(ch.rel, ch.old_blob) for ch in changed
                                 if ch.new_blob and ch.old_blob and ctx_old is not None])
    for ch in changed:
        if ch.new_blob is None:
            continue
        data, refused = new_blobs[ch.rel]
        if data is None:
            problems = refused
        else:
            problems = check_case_bytes(ch.rel, data, ctx_new).problems
        before: Counter = Counter()
        if ch.rel in old_blobs:
            old_data = old_blobs[ch.rel][0]
            if old_data is not None:
                before = Counter((p.code, p.message)
                                 for p in check_case_bytes(ch.rel, old_data, ctx_old).problems)
        cases = [c for c in (new_snap.case_at(ch.rel), old_snap.case_at(ch.rel)) if c]
        levels = [_level(ch.rel, new_snap.case_at(ch.rel), data)]
        if ch.old_blob:
            levels.append(_level(ch.rel, old_snap.case_at(ch.rel),
                                 old_blobs[ch.rel][0] if ch.rel in old_blobs else None))
        withheld = redaction.strictest(*levels) != redaction.PUBLIC
        for p in problems:
            if before[(p.code, p.message)] > 0:
                before[(p.code, p.message)] -= 1
                log.problems_before += 1
                continue
            log.problems.append(_withheld_problem(p, ch.rel, cases) if withheld else p)


DEPENDENCIES = ("criteria.yaml", "kremlinlist.yaml", "dupes.yaml")
AFFECTED_BATCH = 2000  # case files read and checked at a time: memory stays flat


def _pairs(data: bytes | None) -> set[frozenset]:
    """dupes.yaml's ruled-out pairs, read tolerantly (its own problems are validate's)."""
    from kremlinlist.files import yamlsafe

    if data is None:
        return set()
    try:
        parsed = yamlsafe.parse(yamlsafe.read_text(data))[0]
    except yamlsafe.YamlError:
        return set()
    entries = parsed.get("different") if isinstance(parsed, dict) else None
    return {frozenset(e["pair"]) for e in (entries if isinstance(entries, list) else [])
            if isinstance(e, dict) and isinstance(e.get("pair"), list)
            and all(isinstance(i, str) for i in e["pair"])}


def _judge(ctx, orgs: set[str], item: tuple[str, bytes]) -> tuple[set, dict]:
    """A case's verdict under a context and a set of organizations: validate's per-file checks
    and its organization references, as (code, message) pairs; and its summary."""
    from kremlinlist.checks.across import cross_findings
    from kremlinlist.checks.engine import check_file_bytes as check_case_bytes

    rel, data = item
    result = check_case_bytes(rel, data, ctx)
    found = {(p.code, p.message) for p in result.problems}
    found |= {(f.code, f.message) for fs in cross_findings([(rel, result.summary)], orgs).values()
              for f in fs}
    return found, result.summary


def _affected(hist, log: ChangeLog, old: str, new: str, changed: list) -> None:
    """The cases the change did not touch whose verdict it changed through the files they depend
    on: every case for criteria.yaml or kremlinlist.yaml, the cases citing a changed or deleted
    organization, the cases a changed entry of dupes.yaml names (whether a likely duplicate is
    reported for them). Their new failures join the review's problems."""
    import functools

    from kremlinlist.files import loader
    from kremlinlist.base.parallel import fork_map

    settings = hist.changed_names(old, new, DEPENDENCIES)
    org_changes = hist.changed_files(old, new, loader.ORGS_DIR)
    if not settings and not org_changes:
        return
    log.affected_by = settings + (["organizations"] if org_changes else [])
    org_ids = {ch.rel.rsplit("/", 1)[-1].removesuffix(".yaml") for ch in org_changes}

    def orgs_at(commit: str) -> set[str]:
        return {ch.rel.rsplit("/", 1)[-1].removesuffix(".yaml")
                for ch in hist.changed_files(None, commit, loader.ORGS_DIR)}

    named: set[str] = set()
    if "dupes.yaml" in settings:
        named = {i for pair in _pairs(hist.blob_bytes(old, "dupes.yaml")) ^
                 _pairs(hist.blob_bytes(new, "dupes.yaml")) for i in pair}
    every = bool({"criteria.yaml", "kremlinlist.yaml"} & set(settings))
    from kremlinlist.checks.context import context_from

    ctx_old = context_from(*hist.settings_at(old), None)[0]
    ctx_new = context_from(*hist.settings_at(new), None)[0]
    orgs_old, orgs_new = orgs_at(old), orgs_at(new)
    touched = {ch.rel for ch in changed}
    todo = [(ch.rel, ch.new_blob) for ch in hist.changed_files(None, new)
            if ch.new_blob and ch.rel not in touched]
    for start in range(0, len(todo), AFFECTED_BATCH):
        batch = todo[start:start + AFFECTED_BATCH]
        blobs = hist.read_blobs(batch)
        items = [(rel, blobs[rel][0]) for rel, _ in batch if blobs[rel][0] is not None]
        after = fork_map(functools.partial(_judge, ctx_new, orgs_new), items)
        wanted = []
        for (rel, data), (found, summary) in zip(items, after):
            ids = {summary.get("id"), *summary.get("former_ids", ())}
            if every or org_ids.intersection(summary.get("by", ())) or named & ids:
                wanted.append((rel, data, found, bool(named & ids)))
        before = fork_map(functools.partial(_judge, ctx_old, orgs_old),
                          [(rel, data) for rel, data, _, _ in wanted])
        for (rel, data, found, ruled), (was, _) in zip(wanted, before):
            if found == was and not ruled:
                continue
            case = loader.load_bytes(rel, data, "case").model
            withheld = redaction.level(case) != redaction.PUBLIC
            if withheld:
                log.affected_withheld += 1
            else:
                v = redaction.view(case)
                log.affected.append(LogEntry("affected", v.id, _names(v), rel=rel))
            fresh = found - was
            problems = [p for p in _judge_problems(rel, data, ctx_new, orgs_new)
                        if (p.code, p.message) in fresh]
            log.problems += [_withheld_problem(p, rel, [case] if case else []) if withheld else p
                             for p in problems]


def _judge_problems(rel: str, data: bytes, ctx, orgs: set[str]) -> list[Problem]:
    """The problems behind `_judge`'s verdict, placed in the file."""
    from kremlinlist.files import loader
    from kremlinlist.checks.across import cross_findings
    from kremlinlist.checks.engine import check_file_bytes as check_case_bytes

    result = check_case_bytes(rel, data, ctx)
    found = cross_findings([(rel, result.summary)], orgs).get(rel, [])
    placed = loader.load_bytes(rel, data, "case").place(found) if found else []
    return list(result.problems) + placed


def _withheld_problem(p: Problem, rel: str, cases: list) -> Problem:
    """A problem of a withheld case, without its file name or any of its ids."""
    ids = {rel.rsplit("/", 1)[-1].removesuffix(".yaml")}
    ids |= {i for c in cases for i in (c.id, *c.former_ids)}
    message = p.message
    for i in sorted(ids, key=len, reverse=True):
        message = message.replace(i, "(withheld)")
    return Problem("(a withheld case)", 0, 0, p.severity, p.code, message)


def _level(rel: str, case: Case | None, data: bytes | None) -> str:
    """The publicity of one version of a changed file: read from the YAML when the file does not
    load as a case, and `hidden` when it cannot be read at all (fail closed)."""
    if case is not None or data is None:
        return redaction.level(case)
    return redaction.level_of_raw(loader.load_bytes(rel, data, "case").data)


def diff_revisions(root, old_rev: str, new_rev: str, *, review: bool = True) -> ChangeLog:
    """The semantic difference between two revisions, as recorded (no date cut-off), with the
    rules the change breaks in the files it touches. Only the changed files are read, so the
    count is the net change."""
    from kremlinlist.history.snapshot import History, Snapshot

    hist = History(root)
    old = hist.resolve(old_rev)
    new = hist.resolve(new_rev)
    changed = hist.changed_files(old, new)
    old_part, new_part = Snapshot(old), Snapshot(new)
    for part, side in ((old_part, "old_blob"), (new_part, "new_blob")):
        items = [(ch.rel, getattr(ch, side)) for ch in changed if getattr(ch, side)]
        blobs = hist.read_blobs(items)
        for rel, blob in items:
            entry, problems = hist.load(rel, blob, blobs[rel])
            part.files[rel] = entry
            if problems:
                part.problems[rel] = problems
    log = compare(old_part.files, new_part.files, [c.rel for c in changed],
                  from_commit=old, to_commit=new, include_unlisted=True,
                  broken=[r for r in new_part.problems if r in new_part.files], partial=True)
    if review:
        _review(hist, log, old, new, changed, old_part, new_part)
        _affected(hist, log, old, new, changed)
    return log
