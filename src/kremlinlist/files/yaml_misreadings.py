"""What reads but says something else than meant, explained: a value cut at ` #`, a value
wrapped in curly quotes, a no-break space at a value's edge or starting a key, and text a `#`
turned into a comment (`summary: #Hashtag …`), which is lost without a word and which `fmt`
would make a comment for good. What of a line a message may show: files.yaml_lines; the
mistakes that stop a file from reading: files.yaml_mistakes.
"""

from __future__ import annotations

import re

import yaml

from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Problem
from kremlinlist.files.yaml_events import Placed, walk
from kremlinlist.files.yaml_lines import (FIELD_NAMES, PRIVATE_KEYS, TEXT_FIELDS,
                                          TEXT_LIST_FIELDS, Lines, entry, key_words, quoted, said,
                                          write)

_PAIRS = {"“": "”", "„": "“", "‘": "’", "‚": "‘", "”": "”"}  # curly pairs kept in a value
# `key: #word` or `- #word`, or a line of a value starting with `#word`: text that a `#` turns
# into a comment (files with none are spared a second reading).
_EMPTIED = re.compile(r"[:-][ \t]+#\S|\n[ \t]+#\S")
_HASHED = re.compile(r"[ \t]*(#\S.*?)\s*")  # a comment line of the words `#word …`


def read_again(rel: str, text: str, kind: str, misreadings: bool = True
               ) -> tuple[list[tuple[tuple, Problem]], list[Problem]]:
    """What of a file that reads likely says something else than meant, from one walk over its
    events: the values a `#` emptied or cut short (`emptied_values`), and the misreadings: a
    value cut at ` #`, a value wrapped in curly quotes, a no-break space at a value's edge
    (warnings), or starting a key (an error: it was pasted in the indentation). A file holding
    none of the characters these need is not walked at all. `misreadings=False`: the emptied
    values alone, for a caller that wants no more (`fmt`, through `emptied_values`)."""
    emptying = _EMPTIED.search(text) is not None
    misread = misreadings and (" #" in text or "\xa0" in text or any(q in text for q in _PAIRS))
    if not (emptying or misread):
        return [], []
    lines = Lines(text, kind)
    emptied: list[tuple[tuple, Problem]] = []
    out: list[Problem] = []
    for placed in walk(text):
        event = placed.event
        if type(event) is not yaml.ScalarEvent or event.style:
            continue
        if emptying and not placed.is_key and placed.depth:
            found = _emptied_at(rel, lines, placed)
            if found is not None:
                emptied.append(found)
        if misread and event.start_mark.line == event.end_mark.line:  # plain, on one line
            problem = (_key_misreading(rel, lines, event) if placed.is_key
                       else _value_misreading(rel, lines, placed))
            if problem is not None:
                out.append(problem)
    return emptied, out


def _key_misreading(rel: str, lines: Lines, event) -> Problem | None:
    key, start = event.value, event.start_mark
    if key[:1] != "\xa0":
        return None
    n = start.line + 1
    stripped = key.lstrip("\xa0 ")
    e = entry(lines.lines[:n - 1] + [" " * (len(key) - len(stripped) + start.column) + stripped
                                     + lines.line(n)[event.end_mark.column:]], n)
    fixed = write(lines, e, e.value) if e is not None and e.key is not None else "…"
    return Problem(rel, n, start.column + 1, "error", "yaml-no-break-space", said(
        _("a no-break space (U+00A0) is in the indentation, where YAML needs ordinary spaces, so "
          "this key is not read as part of the block above; retype it as plain spaces: `{fixed}`"),
        fixed))


def _value_misreading(rel: str, lines: Lines, placed: Placed) -> Problem | None:
    event = placed.event
    value, start, end = event.value, event.start_mark, event.end_mark
    n = start.line + 1
    if placed.in_flow:
        return _curly_in_flow(rel, lines, placed)
    e = entry(lines.lines, n)
    if e is None or e.value_column != start.column:
        return None  # a key, or a value not alone on its line
    rest = lines.line(n)[end.column:]
    comment = re.match(r"[ \t]+#(?=[^ \t])", rest)  # `# note` is a comment, `#3` is not
    field = next((k for k in reversed(placed.path[-2:]) if isinstance(k, str)), None)
    if comment and field is not None and not _holds_text(placed.path):  # quoted, no code reads
        fixed = write(lines, e, value)
        return Problem(rel, n, end.column + comment.end(), "warning", "comment-in-value", said(
            _("` #` starts a comment, so the rest of the line is left out of the value; {key} "
              "takes a value of a set form (an id, a code, a date or one of a few words), not "
              "words of your own, so quotes would not help: delete the `#` and what follows it "
              "(a comment of your own is written with a space after the `#`): `{fixed}`"), fixed,
            key=key_words(field)))
    if comment:
        fixed = write(lines, e, quoted((value + rest).rstrip()))
        return Problem(rel, n, end.column + comment.end(), "warning", "comment-in-value", said(
            _("` #` starts a comment, so the rest of the line is left out of the value (a comment "
              "of your own is written with a space after the `#`); to keep it, put the whole "
              "value in quotes: `{fixed}`"), fixed))
    glued = re.match(r"([A-Za-z_][\w-]*):\xa0", value)
    if glued:
        e = entry(lines.lines[:n - 1] + [" " * start.column + value.replace("\xa0", " ", 1)], n)
        fixed = write(lines, e, e.value)
        return Problem(rel, n, start.column + glued.end(), "error", "yaml-no-break-space", said(
            _("a no-break space (U+00A0) follows {key}, where YAML needs an ordinary space, so the "
              "line is read as text, not as a key with its value; retype it as a plain space: "
              "`{fixed}`"), fixed, key=key_words(glued.group(1))))
    if _curly(value):
        return _curly_said(rel, n, start.column, value, write(lines, e, quoted(value[1:-1])))
    if value[:1] == "\xa0" or value[-1:] == "\xa0":
        fixed = write(lines, e, value.strip("\xa0 "))
        at = start.column + 1 + (0 if value[0] == "\xa0" else len(value) - 1)
        return Problem(rel, n, at, "warning", "no-break-space-in-value", said(
            _("the value starts or ends with a no-break space (U+00A0), which stays part of the "
              "text and makes it differ from the same words typed plainly; delete it: `{fixed}`"),
            fixed))
    return None


def _curly(value: str) -> bool:
    """Whether `value` is wrapped in a pair of curly quotes."""
    return len(value) > 1 and _PAIRS.get(value[0]) == value[-1]


def _curly_said(rel: str, n: int, column: int, value: str, fixed: str) -> Problem:
    """The warning for `value`, wrapped in curly quotes, at 0-based `column` of line `n`."""
    return Problem(rel, n, column + 1, "warning", "curly-quotes-in-value", said(
        _("the value is wrapped in curly quotes ({quotes}), which YAML keeps as part of the "
          "text; if they are meant as quotes, write straight ones: `{fixed}`"), fixed,
        quotes=value[0] + value[-1]))


def _curly_in_flow(rel: str, lines: Lines, placed: Placed) -> Problem | None:
    """A value in a `{…}` or an item in a `[…]` wrapped in curly quotes (`- {title: “Вирок”,
    date: 2024-05-01}`), said as of a value on a line of its own: with the `key: value` (the
    item alone, in a list) as it should be written, each part only where it may be shown."""
    event, key = placed.event, placed.key
    value, n = event.value, event.start_mark.line + 1
    if not _curly(value):
        return None
    private = _private_path(placed.path)
    inner = quoted(value[1:-1])
    shown = inner if not private and lines.shown(
        n, key if isinstance(key, str) else None, inner) else '"…"'
    if isinstance(placed.path[-1], int):
        fixed = shown
    else:
        named = isinstance(key, str) and (key in FIELD_NAMES or lines.shown(n, None, key))
        fixed = f"{key if named else '…'}: {shown}"
    return _curly_said(rel, n, event.start_mark.column, value, fixed)


def emptied_values(rel: str, text: str, kind: str) -> list[tuple[tuple, Problem]]:
    """Values that start with `#` right after `key: ` or `- ` (`summary: #ПолітвязніКремля …`):
    YAML reads the `#` as a comment's start, so the value is read as empty and the text is lost
    (and `fmt` would keep it only as a comment); or a value over several lines that a `#word`
    cuts short (`_cut_lines`). Errors at the `#`, each with the path of the value, whose schema
    finding (a required field made empty) it explains; under a key none of the format's, a path
    below it (where nothing is), so that its `unknown-key` stays. A comment after a value, or on
    a line of its own, empties nothing."""
    return read_again(rel, text, kind, misreadings=False)[0]


def _emptied_at(rel: str, lines: Lines, placed: Placed) -> tuple[tuple, Problem] | None:
    """The error for a plain scalar inside a collection that a `#` emptied or cut short, with
    the path its schema finding is at; or None."""
    event, path = placed.event, placed.path
    if event.value == "":
        found = _emptied(rel, lines, event, path)
    elif placed.in_flow:
        return None
    else:
        found = _cut_lines(rel, lines, event, path, placed.key_event)
    if found is None:
        return None
    known = not isinstance(path[-1], str) or path[-1] in FIELD_NAMES
    return (path if known else path + ("",), found)


def _cut_lines(rel: str, lines: Lines, event, path: tuple, owner) -> Problem | None:
    """The error for a plain value written over several lines that a `#word` cuts: one starting
    on the line below its `key: #word` (or `- #word`), whose first words YAML took for a comment,
    or one followed by a line indented under its key that starts with `#word`, which YAML takes
    for a comment and leaves out. None when neither is so, or the value is no text (a date, a
    choice, an id: a `#word` by it is taken for a note of one's own)."""
    if not _holds_text(path):
        return None
    key = path[-1] if isinstance(path[-1], str) else None
    start, end = event.start_mark, event.end_mark
    first = owner.start_mark.line + 1 if owner is not None else None
    column = owner.start_mark.column if owner is not None else None
    if owner is None:  # a list item: its `-` is on the line it starts on, or on one above
        for n in range(start.line + 1, 0, -1):
            dash = re.match(r"( *)-[ \t]", lines.line(n))
            if dash is not None and len(dash.group(1)) < start.column:
                first, column = n, len(dash.group(1))
                break
            if n <= start.line and lines.line(n).strip():
                return None
        else:
            return None
    head = lines.line(first)[(owner.end_mark.column if owner is not None else column + 1):]
    hashed = re.match(r"[ \t]*:?[ \t]+(#\S.*?)\s*$", head) if first <= start.line else None
    if hashed is not None:
        words, at = [hashed.group(1)] + [event.value], (first, len(lines.line(first))
                                                           - len(head) + hashed.start(1))
        last = end.line + 1
    else:
        after = []
        for n in range(end.line + 2, len(lines.lines) + 1):
            text = lines.line(n)
            body = _HASHED.fullmatch(text)
            if not text.strip():
                continue
            if body is None or len(text) - len(text.lstrip(" \t")) <= column:
                break
            after.append((n, body))
        if not after:
            return None
        words = [event.value] + [b.group(1) for _n, b in after]
        at, last = (after[0][0], after[0][1].start(1)), after[-1][0]
    value = quoted(" ".join(words))
    e = entry(lines.lines, first)
    private = _private_path(path)
    if e is not None and (e.key is not None) == (owner is not None):
        fixed = write(lines, e, '"…"' if private else value)
    else:
        fixed = value if not private and lines.shown(first, None, value) else '"…"'
    if hashed is None:
        message = _("this line of a value starts with `#`, which YAML reads as the start of a "
                    "comment, so the line is left out of the value above it (a comment of your "
                    "own is written with a space after the `#`); to keep it, put the whole "
                    "value in quotes on one line, in place of lines {first}–{last}: `{fixed}`")
    elif owner is None:
        message = _("a list item cannot start with `#` without quotes: YAML reads it as the "
                    "start of a comment, so the rest of this line is left out and the item is "
                    "read from the lines below it only (a comment of your own is written with a "
                    "space after the `#`); put the whole item in quotes on this line, in place "
                    "of lines {first}–{last}: `{fixed}`")
    else:
        message = _("a value cannot start with `#` without quotes: YAML reads it as the start "
                    "of a comment, so the rest of this line is left out and the value of {key} "
                    "is read from the lines below it only (a comment of your own is written with "
                    "a space after the `#`); put the whole value in quotes on this line, in "
                    "place of lines {first}–{last}: `{fixed}`")
    return Problem(rel, at[0], at[1] + 1, "error", "value-read-as-comment",
                   said(message, fixed, key=key_words(key), first=first, last=last))


def _holds_text(path: tuple) -> bool:
    """Whether the value at `path` is words of the researcher's own, which quotes keep whole: a
    free-text field's value or item (TEXT_FIELDS, TEXT_LIST_FIELDS), or one under a key none of
    the format's; not an id, a code, a date or a choice, which would not read quoted."""
    key = path[-1] if path and isinstance(path[-1], str) else None
    parent = path[-2] if key is None and len(path) > 1 else None
    return (key in TEXT_FIELDS or (key is not None and key not in FIELD_NAMES)
            or parent in TEXT_LIST_FIELDS or (isinstance(parent, str)
                                              and parent not in FIELD_NAMES))


def _emptied(rel: str, lines: Lines, event, path: tuple) -> Problem | None:
    """The error for an empty plain value whose line goes on with `#word`, or None."""
    n, at = event.start_mark.line + 1, event.start_mark.column
    line = lines.line(n)
    hashed = re.match(r"[ \t]+(#\S.*?)\s*$", line[at:])
    if hashed is None:
        return None
    column = at + hashed.start(1)
    words = hashed.group(1)
    e = entry(lines.lines, n)
    private = _private_path(path)
    if e is not None and e.value_column == column:
        fixed = write(lines, e, '"…"' if private else quoted(words))
    else:
        fixed = quoted(words) if not private and lines.shown(n, None, words) else '"…"'
    if isinstance(path[-1], int):
        message = _("a list item cannot start with `#` without quotes: YAML reads it as the "
                    "start of a comment, so the text after it is left out and the item is read "
                    "as empty (a comment of your own is written with a space after the `#`); "
                    "put the item in quotes: `{fixed}`")
    else:
        message = _("a value cannot start with `#` without quotes: YAML reads it as the start "
                    "of a comment, so the text after it is left out and the value of {key} is "
                    "read as empty (a comment of your own is written with a space after the "
                    "`#`); put the value in quotes: `{fixed}`")
    key = path[-1] if isinstance(path[-1], str) else None
    return Problem(rel, n, column + 1, "error", "value-read-as-comment",
                   said(message, fixed, key=key_words(key)))


def _private_path(path: tuple) -> bool:
    """Whether a value at `path` is under a private field's key (`health`, `relatives`, …) at
    any depth; a case's own `name` at the top is not one."""
    return any(isinstance(k, str) and k in PRIVATE_KEYS and (i or k != "name" or len(path) == 1)
               for i, k in enumerate(path))
