"""The everyday YAML mistakes, explained: the likely cause, and the line as it should be written.

libyaml names a symptom ("mapping values are not allowed in this context") where the cause is one
of a few mistakes researchers make every day: a colon or curly quotes in an unquoted value, a line
indented a space too far or too little, a no-break space pasted from a word processor. When
libyaml fails, the explainers below (and those of files.yaml_quoting and files.yaml_braces) look
at the failing line and its neighbours; when none recognizes the mistake, libyaml's words stay. A
file that reads may still not say what was meant (` #` cuts a value, curly quotes stay in it, a
comma in a one-line `{…}` ends a value): those are warnings, or errors explained in place of the
schema's. What of a line a message may show: files.yaml_lines.
"""

from __future__ import annotations

import re
import unicodedata

import yaml

from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Finding, Problem
from kremlinlist.files import yaml_braces, yaml_quoting, yamlsafe
from kremlinlist.files.yaml_events import placed_events
from kremlinlist.files.yaml_lines import (CASE_FIELDS, FIELD_NAMES, FIELD_SETS, PRIVATE_KEYS,
                                          SOURCE_FIELDS, TEXT_FIELDS, TEXT_LIST_FIELDS, Entry,
                                          Lines, entry, entry_after, entry_before, key_words,
                                          quoted, reach, said, write)

_PAIRS = {"“": "”", "„": "“", "‘": "’", "‚": "‘", "”": "”"}  # curly pairs kept in a value
_NO_SPACE = re.compile(r"(?P<indent> *)(?P<dash>(?:- +)*)(?P<key>[a-z_]+):"
                       r"(?P<value>[^\s:].*)")
# `key: #word` or `- #word`, or a line of a value starting with `#word`: text that a `#` turns
# into a comment (files with none are spared a second reading).
_EMPTIED = re.compile(r"[:-][ \t]+#\S|\n[ \t]+#\S")
_HASHED = re.compile(r"[ \t]*(#\S.*?)\s*")  # a comment line of the words `#word …`
_GLUED_DASH = re.compile(r"(?P<indent> *)-(?P<rest>(?P<key>[a-z_]+) *:(?: .*|$))")
# What libyaml says when a line is indented wrongly (and, the first, when a value holds `: `).
_INDENT_SYMPTOMS = frozenset((yaml_quoting.MAPPING_VALUES, "did not find expected key",
                              "did not find expected '-' indicator"))


# --- when libyaml fails -------------------------------------------------------------------------

def explained(text: str, err: yamlsafe.YamlError, kind: str) -> yamlsafe.YamlError:
    """`err` with the likely cause and the corrected line, when an explainer recognizes the
    mistake; `err` itself otherwise. In a file of `kind` no line may be quoted of (`may_quote`)
    the line keeps its shape with `…` for every value."""
    if err.line < 1:
        return err
    lines = Lines(text, kind)
    if err.code == "yaml-duplicate-key":
        return _duplicate_key(lines, err) or err
    if err.code == "yaml-alias":  # `*Note* ...` where no anchor is: text was meant
        return yaml_quoting.special_start(lines, [err.line], err) or err
    if err.code != "yaml-syntax":
        return err
    near = [n for n in dict.fromkeys((err.line, err.context_line, err.line - 1))
            if n is not None and 1 <= n <= len(lines.lines) and 0 <= err.line - n <= 3]
    for explain in (_no_break_space, yaml_quoting.curly_quotes, yaml_quoting.unclosed_quote,
                    yaml_quoting.text_after_quote, yaml_braces.entries_after_empty,
                    yaml_braces.flow_value,
                    yaml_braces.unclosed_bracket, yaml_quoting.special_start,
                    yaml_braces.missing_braces, yaml_quoting.colon_in_value, _missing_space,
                    _glued_dash, _indentation):
        found = explain(lines, near, err)
        if found is not None:
            return found
    return err


def _duplicate_key(lines: Lines, err) -> yamlsafe.YamlError | None:
    """The key written twice, named where that is safe, and the line it is first written on. A key
    holding a list or a group of keys (`events:`, `sources:`) is merged, not deleted: deleting
    either would lose its entries."""
    line = err.context_line
    entry = lines.entry(err.line)
    key = entry.key if entry is not None and entry.key_column == err.column - 1 else None
    if line is None:
        return None
    if line == err.line:  # in a one-line `{…}`: nothing to move from one line to another
        return _duplicate_on_one_line(lines, err)
    named = key is not None and (key in FIELD_NAMES or (lines.shown(err.line, None, key)
                                                        and re.fullmatch(r"[\w-]+", key)))
    if key is not None and _parent_key(lines, err.line) == "sources":
        if named:  # two documents under one id: merged, the second one's fields would clash
            return yamlsafe.YamlError(err.line, err.column, err.code, _(
                "the source id `{key}` is written twice under `sources:` (lines {first} and "
                "{line}), and YAML keeps only one of them, so the other source would be lost; "
                "give the source on line {line} an id of its own and cite it by that id (or, if "
                "both are the same document, delete the one on line {line})").format(
                    key=key, first=line, line=err.line))
        return yamlsafe.YamlError(err.line, err.column, err.code, _(
            "this source id is written twice under `sources:` (lines {first} and {line}), and "
            "YAML keeps only one of them, so the other source would be lost; give the source on "
            "line {line} an id of its own and cite it by that id (or, if both are the same "
            "document, delete the one on line {line})").format(first=line, line=err.line))
    if _holds_entries(lines, line) or (key is not None and _holds_entries(lines, err.line)):
        if named:
            return yamlsafe.YamlError(err.line, err.column, err.code, _(
                "the key `{key}` is written twice in the same group of keys (lines {first} and "
                "{line}), and YAML keeps only one of them, so the entries of the other would be "
                "lost; move the entries of the key on line {line} to the key on line {first}, "
                "then delete the key on line {line}").format(key=key, first=line, line=err.line))
        return yamlsafe.YamlError(err.line, err.column, err.code, _(
            "this key is written twice in the same group of keys (lines {first} and {line}), and "
            "YAML keeps only one of them, so the entries of the other would be lost; move the "
            "entries of the key on line {line} to the key on line {first}, then delete the key "
            "on line {line}").format(first=line, line=err.line))
    if named:
        return yamlsafe.YamlError(err.line, err.column, err.code, _(
            "the key `{key}` is written twice in the same group of keys (first on line {line}), "
            "and YAML keeps only one; delete one of them, keeping the right value").format(
                key=key, line=line))
    return yamlsafe.YamlError(err.line, err.column, err.code, _(
        "this key is written twice in the same group of keys (first on line {line}), and YAML "
        "keeps only one; delete one of them, keeping the right value").format(line=line))


def _duplicate_on_one_line(lines: Lines, err) -> yamlsafe.YamlError:
    """A key written twice inside one `{…}`: one deleted, the right value kept (not merged, as
    a key holding entries on lines of its own is); named, with the column it is first written
    in, where a line may be quoted."""
    text = lines.line(err.line)
    found = re.match(r"([A-Za-z_][\w-]*)[ \t]*:", text[err.column - 1:])
    key = found.group(1) if found else None
    first = next((m.start(1) + 1 for m in re.finditer(
        r"(?:^|[{,\s])(" + re.escape(key) + r")[ \t]*:", text[:err.column - 1])), None) \
        if key else None
    if first is not None and lines.shown(err.line, None, key):  # a column tells a value's length
        return yamlsafe.YamlError(err.line, err.column, err.code, _(
            "the key `{key}` is written twice on this line (columns {first} and {column}), and "
            "YAML keeps only one; delete one of them, keeping the right value").format(
                key=key, first=first, column=err.column))
    return yamlsafe.YamlError(err.line, err.column, err.code, _(
        "this key is written twice in the same group of keys (first on line {line}), and YAML "
        "keeps only one; delete one of them, keeping the right value").format(line=err.line))


def _parent_key(lines: Lines, number: int) -> str | None:
    """The key whose block the key on line `number` is in (a key alone on a line above it,
    indented less), or None."""
    e = lines.entry(number)
    if e is None or e.key_column is None:
        return None
    for n in range(number - 1, 0, -1):
        a = lines.entry(n)
        if a is not None and a.indent < e.key_column:
            return a.key if a.dash is None and not a.bare else None
    return None


def _holds_entries(lines: Lines, number: int) -> bool:
    """Whether the key on line `number` holds a list or a group of keys: `[…]` or `{…}` after it,
    or lines below it indented further (or list items at its column)."""
    e = lines.entry(number)
    if e is None or e.key is None:
        return False
    if e.bare[:1] in ("[", "{"):
        return True
    below = entry_after(lines.lines, number)
    return (not e.bare and below is not None
            and (below.indent > e.key_column or below.dash == e.key_column))


def _no_break_space(lines: Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    for n in near:
        text = lines.line(n)
        for i, ch in enumerate(text):
            if ch == " " or unicodedata.category(ch) != "Zs":
                continue
            head = text[:i]
            in_indent = not head.strip(" -")
            m = re.fullmatch(r" *(?:- +)*([A-Za-z_][\w-]*) *:", head)
            if not in_indent and m is None:
                break  # a special space inside a value is not what stopped the parser
            fixed_text = re.sub(r"[^\S\r\n]", " ", text)
            e = entry(lines.lines[:n - 1] + [fixed_text], n)
            if e is None:
                break  # the line, spaces mended, is no key or item: something else is wrong
            fixed = write(lines, e, e.value)
            what = _("a {name} (U+{code:04X})").format(name=unicodedata.name(ch, "space").lower(),
                                                       code=ord(ch))
            if in_indent:
                return yamlsafe.YamlError(n, i + 1, "yaml-no-break-space", said(
                    _("{what} is in the indentation, where YAML needs ordinary spaces; retype it "
                      "as a plain space: `{fixed}`"), fixed, what=what))
            return yamlsafe.YamlError(n, i + 1, "yaml-no-break-space", said(
                _("{what} follows {key}, where YAML needs an ordinary space; retype it as a plain "
                  "space: `{fixed}`"), fixed, what=what, key=key_words(m.group(1))))
    return None


def _missing_space(lines: Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    for n in near:
        m = _NO_SPACE.fullmatch(lines.line(n))
        if m is None or m["key"] not in FIELD_NAMES:
            continue
        e = entry(lines.lines[:n - 1] + [f"{m['indent']}{m['dash']}{m['key']}: {m['value']}"], n)
        fixed = write(lines, e, e.value)
        return yamlsafe.YamlError(n, m.end("key") + 1, "yaml-missing-space", said(
            _("{key} is not followed by a space, so YAML does not read it as a key; put a space "
              "after the colon: `{fixed}`"), fixed, key=f"`{m['key']}:`"))
    return None


def _glued_dash(lines: Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    for n in near:
        m = _GLUED_DASH.fullmatch(lines.line(n))
        if m is None or m["key"] not in FIELD_NAMES:
            continue
        e = entry(lines.lines[:n - 1] + [f"{m['indent']}- {m['rest']}"], n)
        fixed = write(lines, e, e.value)
        return yamlsafe.YamlError(n, len(m["indent"]) + 1, "yaml-dash-without-space", said(
            _("a list item's `-` must be followed by a space, or YAML does not read it as a list "
              "item: `{fixed}`"), fixed))
    return None


def _indentation(lines: Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    """A line indented to a column where no key (or list item) above it starts: the likely column
    is one where a key of the same kind (fields of the same part of a case) starts."""
    e = entry(lines.lines, err.line)
    if err.problem not in _INDENT_SYMPTOMS or e is None or (e.key is None and e.dash is None):
        return None
    kind = "dash" if e.dash is not None else "key"
    above: list[tuple[str, int, Entry]] = []
    lowest = None
    for n in range(err.line - 1, 0, -1):
        a = entry(lines.lines, n)
        if a is None or (lowest is not None and a.indent >= lowest):
            continue
        if lowest is None and a.key is not None and a.value.split("#")[0].strip() == "" \
                and e.content > a.key_column:
            return None  # the first line of the block `a` opens may start in any column
        lowest = a.indent
        if a.dash is not None:
            above.append(("dash", a.dash, a))
        if a.key is not None:
            above.append(("key", a.key_column, a))
        if lowest == 0:
            break
    same = [c for c in above if c[0] == kind]
    if not same or e.content in {c[1] for c in same}:
        return _misplaced_above(lines, e, 0) if kind == "key" else None
    if kind == "key":
        related = [c for c in same if any(e.key in s and c[2].key in s for s in FIELD_SETS)]
        same = related or same
    wanted, sibling = min(((c[1], c[2]) for c in same), key=lambda c: abs(c[0] - e.content))
    indent = wanted - (e.content - e.indent)
    if kind == "key":
        moved = " " * indent + lines.line(e.number).lstrip(" ")
        above = _misplaced_above(lines, e, reach(lines.replaced(e.number, moved)))
        if above is not None:
            return above
    fixed = write(lines, e, e.value, indent=indent)
    if kind == "dash":
        return yamlsafe.YamlError(err.line, 1, "yaml-indentation", said(
            _("this list item's `-` starts in column {found}, but the list's items (line {line}) "
              "in column {wanted}, so YAML cannot tell which list it belongs to; line it up with "
              "them: `{fixed}`"), fixed, found=e.content + 1, line=sibling.number,
            wanted=wanted + 1))
    return yamlsafe.YamlError(err.line, 1, "yaml-indentation", said(
        _("{key} starts in column {found}, but the keys it belongs with (line {line}) in column "
          "{wanted}, so YAML cannot tell where it belongs; line it up with them: `{fixed}`"), fixed,
        key=key_words(e.key), found=e.content + 1, line=sibling.number, wanted=wanted + 1))


def _misplaced_above(lines: Lines, e: Entry, other: float) -> yamlsafe.YamlError | None:
    """The key above `e` indented wrongly, not `e`: `e` and the line after it agree, or the key
    above stands beside a block it should be in, or between keys at `e`'s column, or is the first
    key under its block's key where `e` is two spaces in (as the house writes); and the file, that
    key moved to `e`'s column, reads further than `other` (how far it reads with `e` moved
    instead, which would move each line after `e` in turn, one run at a time). When `e` is the
    last key of its block, either move makes the file read: the key out of line is then the one
    the keys around it say."""
    p = entry_before(lines.lines, e.number)
    if p is None or p.key is None or p.dash is not None or not p.bare or p.indent == e.content:
        return None
    after = entry_after(lines.lines, e.number)
    opener = entry_before(lines.lines, p.number)
    keyed = opener is not None and opener.key is not None
    opens = keyed and opener.dash is None and not opener.bare
    sandwiched = keyed and bool(opener.bare) and opener.key_column == e.content
    house = opens and p.indent != opener.content and e.content == opener.content + 2
    beside = (after is not None and after.dash is None and after.content == e.content) \
        or (opens and opener.content == p.indent)
    if not (beside or sandwiched or house) or (p.indent > e.content and not house):
        return None
    moved = " " * e.content + lines.line(p.number).lstrip(" ")
    reached = reach(lines.replaced(p.number, moved))
    tie = reached == other == float("inf") and (sandwiched or house or beside)
    if reached <= max(other, e.number) and not tie:
        return None
    fixed = write(lines, p, p.value, indent=e.content)
    if sandwiched:
        return yamlsafe.YamlError(p.number, 1, "yaml-indentation", said(
            _("{key} starts in column {found}, but the keys before and after it (lines {before} "
              "and {next}) start in column {wanted}, so YAML cannot tell where it belongs; it is "
              "this line that is out of place: move it to column {wanted}: `{fixed}`"), fixed,
            key=key_words(p.key), found=p.indent + 1, before=opener.number, next=e.number,
            wanted=e.content + 1))
    return yamlsafe.YamlError(p.number, 1, "yaml-indentation", said(
        _("{key} starts in column {found}, but the keys below it (from line {next}) start in "
          "column {wanted}, so YAML cannot tell where they belong; it is this line that is out of "
          "place: move it to column {wanted}: `{fixed}`"), fixed, key=key_words(p.key),
        found=p.indent + 1, next=e.number, wanted=e.content + 1))


# --- when the file reads, but not as meant ------------------------------------------------------

def misreadings(rel: str, text: str, kind: str) -> list[Problem]:
    """What reads but likely says something else than meant: a value cut at ` #`, a value
    wrapped in curly quotes, a no-break space at a value's edge (warnings), or starting a key
    (an error: it was pasted in the indentation). Only files holding one of these characters are
    read again, with positions."""
    if " #" not in text and "\xa0" not in text and not any(q in text for q in _PAIRS):
        return []
    lines = Lines(text, kind)
    out: list[Problem] = []
    for event, _depth, is_key, _key in placed_events(text):
        if (type(event) is yaml.ScalarEvent and not event.style
                and event.start_mark.line == event.end_mark.line):  # plain, on one line
            problem = (_key_misreading if is_key else _value_misreading)(rel, lines, event)
            if problem is not None:
                out.append(problem)
    return out


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


def _value_misreading(rel: str, lines: Lines, event) -> Problem | None:
    value, start, end = event.value, event.start_mark, event.end_mark
    n = start.line + 1
    e = entry(lines.lines, n)
    if e is None or e.value_column != start.column:
        return None  # a key, or a value not alone on its line
    rest = lines.line(n)[end.column:]
    comment = re.match(r"[ \t]+#(?=[^ \t])", rest)  # `# note` is a comment, `#3` is not
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
    if len(value) > 1 and _PAIRS.get(value[0]) == value[-1]:
        fixed = write(lines, e, quoted(value[1:-1]))
        return Problem(rel, n, start.column + 1, "warning", "curly-quotes-in-value", said(
            _("the value is wrapped in curly quotes ({quotes}), which YAML keeps as part of the "
              "text; if they are meant as quotes, write straight ones: `{fixed}`"), fixed,
            quotes=value[0] + value[-1]))
    if value[:1] == "\xa0" or value[-1:] == "\xa0":
        fixed = write(lines, e, value.strip("\xa0 "))
        at = start.column + 1 + (0 if value[0] == "\xa0" else len(value) - 1)
        return Problem(rel, n, at, "warning", "no-break-space-in-value", said(
            _("the value starts or ends with a no-break space (U+00A0), which stays part of the "
              "text and makes it differ from the same words typed plainly; delete it: `{fixed}`"),
            fixed))
    return None


def emptied_values(rel: str, text: str, kind: str) -> list[tuple[tuple, Problem]]:
    """Values that start with `#` right after `key: ` or `- ` (`summary: #ПолітвязніКремля …`):
    YAML reads the `#` as a comment's start, so the value is read as empty and the text is lost
    (and `fmt` would keep it only as a comment); or a value over several lines that a `#word`
    cuts short (`_cut_lines`). Errors at the `#`, each with the path of the value, whose schema
    finding (a required field made empty) it explains; under a key none of the format's, a path
    below it (where nothing is), so that its `unknown-key` stays. A comment after a value, or on
    a line of its own, empties nothing."""
    if _EMPTIED.search(text) is None:
        return []
    lines = Lines(text, kind)
    out: list[tuple[tuple, Problem]] = []
    # for each open collection: [its path, a mapping?, pending key, count, the key's event, flow?]
    stack: list[list] = []
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        kind_ = type(event)
        if kind_ in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            stack.pop()
            continue
        if kind_ not in (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent):
            continue
        path: tuple = ()
        owner = None
        if stack:
            top = stack[-1]
            if top[1] and top[2] is None:
                top[2], top[4] = event.value, event  # a key (a file that reads has plain ones)
                continue
            path = top[0] + ((top[2],) if top[1] else (top[3],))
            owner = top[4] if top[1] else None
            top[2], top[3] = None, top[3] + 1
        if kind_ is not yaml.ScalarEvent:
            stack.append([path, kind_ is yaml.MappingStartEvent, None, 0, None,
                          bool(event.flow_style)])
        elif not event.style and stack:
            if event.value == "":
                found = _emptied(rel, lines, event, path)
            else:
                found = None if stack[-1][5] else _cut_lines(rel, lines, event, path, owner)
            if found is not None:
                known = not isinstance(path[-1], str) or path[-1] in FIELD_NAMES
                out.append((path if known else path + ("",), found))
    return out


def _cut_lines(rel: str, lines: Lines, event, path: tuple, owner) -> Problem | None:
    """The error for a plain value written over several lines that a `#word` cuts: one starting
    on the line below its `key: #word` (or `- #word`), whose first words YAML took for a comment,
    or one followed by a line indented under its key that starts with `#word`, which YAML takes
    for a comment and leaves out. None when neither is so, or the value is no text (a date, a
    choice, an id: a `#word` by it is taken for a note of one's own)."""
    key = path[-1] if isinstance(path[-1], str) else None
    parent = path[-2] if key is None and len(path) > 1 else None
    if not (key in TEXT_FIELDS or (key is not None and key not in FIELD_NAMES)
            or parent in TEXT_LIST_FIELDS or (isinstance(parent, str)
                                              and parent not in FIELD_NAMES)):
        return None
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


# --- when the file reads, but the keys are not where they belong -------------------------------

def misplaced_source_fields(data: object, text: str) -> tuple[list[Finding], list[tuple]]:
    """Keys that are not where they belong, explained in place of the schema's findings: a
    source's fields not under its id, and keys of a one-line `{…}` nobody wrote (a value split at
    a comma, a key glued to its value: files.yaml_braces). The findings, and the paths of the
    schema's findings they explain."""
    found, paths = yaml_braces.flow_keys(data, text)
    more, more_paths = _source_fields(data, text)
    return found + more, paths + more_paths


def _source_fields(data: object, text: str) -> tuple[list[Finding], list[tuple]]:
    """A source's fields written at the level of its id (`title:` under `sources:`, not under
    `s1:`) or at the left edge after `sources:`: one finding at the first of them, and the paths
    its schema errors were found at, which that finding explains."""
    if not isinstance(data, dict) or "sources" not in data:
        return [], []
    sources = data["sources"]
    inside = sources if isinstance(sources, dict) else {}
    where: tuple = ("sources",)
    fields = [k for k, v in inside.items() if k in SOURCE_FIELDS and not isinstance(v, dict)]
    if not fields:
        where = ()
        fields = [k for k, v in data.items() if k in SOURCE_FIELDS - CASE_FIELDS
                  and not isinstance(v, dict)]
    if not fields or not (sources is None or isinstance(sources, dict)):
        return [], []
    empty_ids = [k for k, v in inside.items() if k not in SOURCE_FIELDS and v is None]
    positions = yamlsafe.parse(text, track=True)[1]
    lines = Lines(text, "case")
    number, column = positions.keys.get(where + (fields[0],), (1, 1))
    e = entry(lines.lines, number)
    indent = column - 1 + 2 if where else 4
    fixed = write(lines, e, e.value, indent=indent) if e else ""
    if empty_ids:
        message = said(_("`{field}` and the lines after it are a source's fields, but they are "
                         "not indented under the source's id, so YAML does not read them as "
                         "that source's; indent them two spaces more than the id: `{fixed}`"),
                       fixed, field=fields[0])
    else:
        message = said(_("`{field}` is a field of a source, but no source id comes before it; "
                         "start the source with its id (e.g. `s1:`) and indent its fields under "
                         "it: `{fixed}`"), fixed, field=fields[0])
    explained_paths = [where + (k,) for k in fields] + [("sources", k) for k in empty_ids]
    if sources is None:
        explained_paths.append(("sources",))
    return ([Finding(where + (fields[0],), "error", "source-fields-not-indented", message,
                     at_key=True)], explained_paths)
