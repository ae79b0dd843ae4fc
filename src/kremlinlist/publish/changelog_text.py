"""The change log as a reader gets it: Markdown for a pull request or a release, plain text for
a terminal, JSON for scripts. Every value from a file is escaped for where it goes.

The Markdown and text are written in one language, `lang` (default: the current language of
messages), its words and the people's names alike; JSON is the same in every language.
"""

from __future__ import annotations

import heapq
import json
import re

from kremlinlist.base.i18n import N_, _, language, ngettext, pgettext, speaking
from kremlinlist.model import redaction
from kremlinlist.publish import escape
from kremlinlist.publish.changelog import CATEGORIES, ChangeLog, LogEntry
from kremlinlist.publish.words import (ACTION_TYPE_WORDS, ADVOCACY_WORDS, EVENT_WORDS,
                                       LOG_TITLES as _TITLES, RELEASE_WORDS, SEVERITY_WORDS,
                                       WITHHELD_IN_LOG)

# Said first in a review that makes the dataset private, and as the problem it is
MADE_PRIVATE = N_("This change makes the dataset private (`repository: private`): the checks that "
                  "keep withheld people out of a public repository no longer run.")

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
        withheld = _(WITHHELD_IN_LOG)
        return withheld[0].upper() + withheld[1:]
    names = e.name or {}
    name = names.get(lang) or names.get("en") or e.id or ""
    if md:
        return f"**{md_text(name)}** (`{e.id}`)"
    return f"{plain(name)} ({e.id})"


def _event_text(ev: dict, md: bool) -> str:
    esc = md_text if md else plain
    word = EVENT_WORDS.get(ev["type"])
    text = _(word) if word else ev["type"].replace("-", " ")
    if "date" in ev:
        text = (_("{event} by {date}") if ev.get("date_is") == "by" else
                _("{event} on {date}")).format(event=text, date=ev["date"])
    extra = []
    for key, label in (("term", N_("term")), ("regime", N_("regime")), ("how", N_("how")),
                       ("until", N_("until")), ("to", N_("to")), ("by", N_("by"))):
        if key in ev:
            extra.append(f"{_(label)}: {esc(str(ev[key]))}")
    if ev.get("articles"):
        extra.append(_("articles: {articles}").format(
            articles=", ".join(esc(a) for a in ev["articles"])))
    return text + (f" ({'; '.join(extra)})" if extra else "")


def _line(e: LogEntry, lang: str, md: bool) -> str:
    esc = md_text if md else plain
    parts = [_who(e, lang, md)]
    if e.former_id:
        parts.append(_("(id was {id})").format(id=f"`{e.former_id}`" if md else e.former_id))
    # A withheld person's dates are months.
    when = (_("in {date}") if e.withheld else _("on {date}")).format(date=e.date)
    if e.category == "released":
        how = RELEASE_WORDS.get(e.how or "")
        parts.append(" ".join([pgettext("a person", "released")]
                              + ([_(how) if how else f"by {e.how.replace('-', ' ')}"]
                                 if e.how else [])
                              + ([when] if e.date else [])))
    elif e.category == "died":
        parts.append(" ".join([pgettext("a person", "died")] + ([when] if e.date else [])))
    elif e.category == "added":
        parts.append(", ".join(
            ([_("listed since {date}").format(date=e.date)] if e.date else [])
            + ([_("detained on {date}").format(date=e.detained)] if e.detained else [])))
    elif e.category == "delisted":
        parts.append(_("reason: {reason}").format(reason=esc(e.reason)) if e.reason else
                     _("reason recorded, not published") if e.reason_withheld else
                     _("no reason recorded"))
    if e.new:
        parts.append(_("(new case, not on the list)"))
    elif not e.on_list:
        parts.append(_("(not on the list)"))
    if e.flag:
        parts.append((_("**flag:** {flag}") if md else _("FLAG: {flag}")).format(
            flag=esc(_(e.flag))))
    line = " ".join(parts)
    subs = [_("new: {event}").format(event=_event_text(ev, md)) for ev in e.events]
    if e.corrections:
        subs.append(_("corrected: {fields}").format(
            fields=", ".join(esc(c) for c in e.corrections)))
    return line + "".join(f"\n  - {s}" for s in subs)


def _title(log: ChangeLog, md: bool) -> str:
    if log.month:
        return _("Changes to the list in {month}").format(month=log.month)
    # Cut to 12 characters whole, words included (as ever): a translation keeps to 12.
    a = (log.from_commit or _("the start"))[:12]
    b = (log.to_commit or _("the working tree"))[:12]
    return (_("Changes between `{a}` and `{b}`") if md else
            _("Changes between {a} and {b}")).format(a=a, b=b)


def _count_line(log: ChangeLog) -> str:
    delta = log.after - log.before
    if log.partial:
        return _("People on the list: {delta}").format(delta=f"{delta:+d}")
    return _("People on the list: {before} → {after} ({delta})").format(
        before=log.before, after=log.after, delta=f"{delta:+d}")


def _hidden_line(log: ChangeLog) -> list[str]:
    """The list's size as it may be said: its rows, and its hidden people only as
    `redaction.hidden_total` (no count of their changes, which would date one's arrival)."""
    if log.hidden is None:
        return []
    return [ngettext("{n} person on the list, and {hidden} more whose details are not published.",
                     "{n} people on the list, and {hidden} more whose details are not published.",
                     log.after).format(n=log.after,
                                       hidden=redaction.hidden_total(log.hidden, language()))]


def summary(log: ChangeLog) -> str:
    """One line for a release's log (CI logs are public): the change log's own counts, hidden
    people only as the change log says them, in the current language; and how far the list is
    from the figure the coalition itself published."""
    counts = dict(before=log.before, after=log.after, added=len(log.entries["added"]),
                  released=len(log.entries["released"]))
    tail = f"; {reconciliation(log)}" if log.published else ""
    if log.hidden is None:
        return _("{before} → {after} people on the list, {added} newly listed, {released} "
                 "released").format(**counts) + tail
    return _("{before} → {after} people on the list (and {hidden} more whose details are not "
             "published), {added} newly listed, {released} released").format(
                 hidden=redaction.hidden_total(log.hidden, language()), **counts) + tail


def _figure(published: dict, lang: str) -> str:
    return ADVOCACY_WORDS[lang][published["qualifier"]].format(n=published["count"])


def reconciliation(log: ChangeLog) -> str:
    """The dataset's count against the coalition's latest published one, for the editor, in the
    language of messages: "the dataset holds 7 of the at least 151 people the coalition
    published (undated; source: ...): 144 fewer"; where the dataset holds more, "the dataset
    holds 6600 people, 6449 more than the at least 151 people ...", since "6600 of 151" is
    false."""
    p = log.published or {}
    apart = p.get("count", 0) - log.after
    said = dict(
        held=log.after, figure=_figure(p, language()),
        coalition=plain(name) if (name := (p.get("coalition_names") or {}).get(language())
                                  or p.get("coalition")) else _("the coalition"),
        when=_("on {date}").format(date=p["as_of"]) if p.get("as_of") else _("undated"),
        source=plain(p.get("source", "")))
    if apart >= 0:
        text = _("the dataset holds {held} of the {figure} people {coalition} published ({when}; "
                 "source: {source}): {gap}").format(gap=_("{n} fewer").format(n=apart), **said)
    else:
        text = ngettext("the dataset holds {held} person, {n} more than the {figure} people "
                        "{coalition} published ({when}; source: {source})",
                        "the dataset holds {held} people, {n} more than the {figure} people "
                        "{coalition} published ({when}; source: {source})",
                        log.after).format(n=-apart, **said)
    if log.hidden is not None:
        text += _(", not counting the people whose details are not published")
    return text


def _published_lines(log: ChangeLog, lang: str, md: bool) -> list[str]:
    """The figure the coalition itself published, with its source: never a computed one."""
    p = log.published
    if not p:
        return []
    w = ADVOCACY_WORDS[lang]
    source = (md_text if md else plain)(p["source"])
    source += ", " + (w["as_of"].format(date=p["as_of"]) if p.get("as_of") else w["no_date"])
    return [w["published"].format(figure=_figure(p, lang), source=source), ""]


def action_line(a: redaction.ActionView, lang: str = "en", md: bool = False) -> str:
    """One action as the redaction rule lets it be published, in `lang`."""
    esc = md_text if md else plain
    w = ADVOCACY_WORDS[lang]
    head = [a.date or w["undated"], ACTION_TYPE_WORDS[lang].get(a.type, a.type)]
    if a.title:
        title = esc(a.title.get(lang) or a.title.get("en", ""))
        head.append(f"**{title}**" if md else title)
    parts = []
    by = [f"`{o}`" if md else o for o in a.orgs] + [esc(n) for n in a.actors]
    if by:
        parts.append(f"{w['by']}: {', '.join(by)}")
    if a.to:
        parts.append(f"{w['to']}: {esc(a.to)}")
    people = []
    for pid, names in a.people:
        name = esc(names.get(lang) or names.get("en") or pid)
        people.append(f"**{name}** (`{pid}`)" if md else f"{name} ({pid})")
    if a.withheld_people:
        people.append(w["withheld_one"] if a.withheld_people == 1 else
                      w["withheld_many"].format(n=a.withheld_people))
    if people:
        parts.append(f"{w['for']}: {', '.join(people)}")
    if a.signatures:
        parts.append(", ".join(f"{w.get(k, k)}: {v}" for k, v in a.signatures.items()
                               if k != "as_of") + (f" ({a.signatures['as_of']})"
                                                   if "as_of" in a.signatures else ""))
    if a.outcome:
        parts.append(f"{w['outcome']}: {esc(a.outcome)}")
    return " · ".join(head) + (" — " + "; ".join(parts) if parts else "")


def _advocacy_lines(log: ChangeLog, lang: str, md: bool
                    ) -> tuple[list[str], list[str], list[str]]:
    """The log's actions as (head, items, tail): the review cuts the items alone."""
    if not log.actions:
        return [], [], []
    head = f"{ADVOCACY_WORDS[lang]['title']} ({len(log.actions)})"
    lines = [f"- {action_line(a, lang, md)}" for a in log.actions]
    return ([f"## {head}", ""], lines, []) if md else (["", head + ":"], lines, [])


def render_md(log: ChangeLog, lang: str | None = None, limit: int | None = None) -> str:
    """The change log as Markdown in `lang` (default: the current language); with `limit`, cut
    to that many characters (a pull request's comment), else whole (a release's log)."""
    with speaking(lang):
        return _render_md(log, language(), limit)


def _render_md(log: ChangeLog, lang: str, limit: int | None) -> str:
    """Its parts in order: fixed lines, and lists (a tuple of the items that `_fit` may cut: a
    person, an action, a table row; and the lines that close the list, which it keeps)."""
    parts: list = [[f"# {_title(log, True)}", "",
                    *([f"**{_md_message(_(MADE_PRIVATE))}**", ""] if log.made_private else []),
                    _count_line(log), "", *_hidden_line(log),
                    *([""] if log.hidden is not None else []),
                    *_published_lines(log, lang, True)]]
    for c in CATEGORIES:
        entries = log.entries[c]
        if entries:
            parts += [[f"## {_(_TITLES[c])} ({len(entries)})", ""],
                      ([f"- {_line(e, lang, True)}" for e in entries], []), [""]]
    if log.empty and not log.affected_by:
        parts.append([_("No changes."), ""])
    for head, items, tail in (_advocacy_lines(log, lang, True), _affected_lines(log, lang, True)):
        if head:  # the section is there
            parts += [head, (items, tail), [""]]
    if log.problems or log.problems_before:
        parts.append(["## " + _("Rules that now fail ({n})").format(n=len(log.problems)), ""])
        if log.problems:
            parts += [[_("| file | line | severity | rule | what to do |"),
                       "| --- | --- | --- | --- | --- |"],
                      ([f"| {md_text(p.file)} | {p.line or ''} | "
                        f"{_(SEVERITY_WORDS[p.severity])} | `{p.code}` | "
                        f"{_md_message(p.message)} |" for p in log.problems], [])]
        if log.other_files:
            parts.append(["", _other_files(log.other_files)])
        if log.problems_before:
            parts.append(["", _("{n} problem(s) in these files were there before this change.")
                          .format(n=log.problems_before)])
        parts.append([""])
    fitted = _fit(parts, limit) if limit is not None else [
        part if isinstance(part, list) else part[0] + part[1] for part in parts]
    return "\n".join(line for part in fitted for line in part)


# GitHub refuses a comment of more than 65,536 characters (and then posts none): the Markdown
# review stays below, with room to spare
MD_LIMIT = 60_000


def _fit(parts: list, limit: int) -> list[list[str]]:
    """`parts` (lists of lines, and (items, closing lines) tuples) within `limit` characters
    joined: the longest list loses its last items first, whole (never a table row or an escape
    in part), and says how many it left out as its last line, after its closing lines (the
    count of those withheld belongs with the people it follows)."""
    fixed = sum(len(line) + 1 for part in parts
                for line in (part if isinstance(part, list) else part[1]))
    lists = [part[0] for part in parts if isinstance(part, tuple)]
    kept = [len(items) for items in lists]
    sizes = [sum(len(item) + 1 for item in items) for items in lists]
    more = len(_more(10**6)) + 2  # a blank line, then "… and N more"
    total = fixed + sum(sizes)
    heap = [(-size, i) for i, size in enumerate(sizes) if size]
    heapq.heapify(heap)
    while total > limit and heap:
        _size, i = heapq.heappop(heap)
        if kept[i] == len(lists[i]):
            total += more
        kept[i] -= 1
        cut = len(lists[i][kept[i]]) + 1
        sizes[i] -= cut
        total -= cut
        if kept[i]:
            heapq.heappush(heap, (-sizes[i], i))
    out, n = [], 0
    for part in parts:
        if isinstance(part, list):
            out.append(part)
            continue
        items, left = part[0], len(part[0]) - kept[n]
        out.append(items[:kept[n]] + part[1] + (["", _more(left)] if left else []))
        n += 1
    return out


def _other_files(n: int) -> str:
    return ngettext("{n} file that is not a case has problems above; one that could name a "
                    "withheld person is not named: `kremlinlist validate` names it.",
                    "{n} files that are not cases have problems above; one that could name a "
                    "withheld person is not named: `kremlinlist validate` names it.", n
                    ).format(n=n)


def _more(n: int) -> str:
    return ngettext("… and {n} more", "… and {n} more", n).format(n=n)


def render_text(log: ChangeLog, lang: str | None = None) -> str:
    """The change log as plain text in `lang` (default: the current language)."""
    with speaking(lang):
        return _render_text(log, language())


def _render_text(log: ChangeLog, lang: str) -> str:
    out = [_title(log, False), *([plain(_(MADE_PRIVATE))] if log.made_private else []),
           _count_line(log), *_hidden_line(log),
           *_published_lines(log, lang, False)[:1]]
    for c in CATEGORIES:
        entries = log.entries[c]
        if not entries:
            continue
        out += ["", f"{_(_TITLES[c])} ({len(entries)}):"]
        out += [f"- {_line(e, lang, False)}" for e in entries]
    if log.empty and not log.affected_by:
        out += ["", _("No changes.")]
    for head, items, tail in (_advocacy_lines(log, lang, False), _affected_lines(log, lang, False)):
        out += [*head, *items, *tail]
    if log.problems:
        out += ["", _("Rules that now fail ({n}):").format(n=len(log.problems))]
        out += [f"- {plain(p.file)}:{p.line}:{p.column}: {p.severity} {p.code} {plain(p.message)}"
                for p in log.problems]
        if log.other_files:
            out.append(_other_files(log.other_files))
    return "\n".join(out) + "\n"


def _affected_lines(log: ChangeLog, lang: str, md: bool
                    ) -> tuple[list[str], list[str], list[str]]:
    """The review's section on cases the change did not touch but judges differently, as (head,
    items, tail): the review cuts the people named, never the count of those withheld (the
    tail, which closes their list)."""
    if not log.affected_by:
        return [], [], []
    what = " / ".join(log.affected_by)
    count = len(log.affected) + log.affected_withheld
    title = _("Affected by changes to {files} ({n})").format(files=what, n=count)
    head = [f"## {title}", ""] if md else ["", title + ":"]
    if not count:
        head.append(_("These changes change no other case's verdict (on the list, rules that "
                      "fail)."))
    tail = []
    if log.affected_withheld:
        n = log.affected_withheld
        cases = ngettext("{n} withheld case", "{n} withheld cases", n).format(n=n)
        tail.append("- " + (_("and {cases}").format(cases=cases) if log.affected else cases))
    return head, [f"- {_who(e, lang, md)}" for e in log.affected], tail


def render_json(log: ChangeLog) -> str:
    return json.dumps(log.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_log(log: ChangeLog, fmt: str, lang: str | None = None) -> str:
    if fmt == "md":  # `diff`'s: a pull request's comment and job summary
        return render_md(log, lang, MD_LIMIT)
    if fmt == "json":
        return render_json(log)
    return render_text(log, lang)
