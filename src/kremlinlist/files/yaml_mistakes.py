"""The everyday YAML mistakes, explained: the likely cause, and the line as it should be written.

libyaml names a symptom ("mapping values are not allowed in this context") where the cause is one
of a few mistakes researchers make every day: a colon or curly quotes in an unquoted value, a line
indented a space too far or too little, a no-break space pasted from a word processor, a list
item's `- ` or a key's colon left out. When libyaml fails, the explainers below (and those of
files.yaml_quoting, files.yaml_braces and files.yaml_marks) look at the failing line and its
neighbours; when none recognizes the mistake, libyaml's words stay. A file that reads may still
not say what was meant (` #` cuts a value, curly quotes stay in it, a comma in a one-line `{…}`
ends a value): files.yaml_misreadings. What of a line a message may show: files.yaml_lines.
"""

from __future__ import annotations

import re
import unicodedata

from kremlinlist.base.charnames import spoken_name
from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Finding, Problem
from kremlinlist.files import yaml_braces, yaml_marks, yaml_misreadings, yaml_quoting, yamlsafe
from kremlinlist.files.yaml_lines import (CASE_FIELDS, FIELD_NAMES, FIELD_SETS, SOURCE_FIELDS,
                                          Entry, Lines, entry, entry_after, entry_before,
                                          key_words, reach, said, write)

_NO_SPACE = re.compile(r"(?P<indent> *)(?P<dash>(?:- +)*)(?P<key>[a-z_]+):"
                       r"(?P<value>[^\s:].*)")
_GLUED_DASH = re.compile(r"(?P<indent> *)-(?P<rest>(?P<key>[a-z_]+) *:(?: .*|$))")
# What libyaml says when a line is indented wrongly (and, the first, when a value holds `: `).
_INDENT_SYMPTOMS = frozenset((yaml_quoting.MAPPING_VALUES, "did not find expected key",
                              "did not find expected '-' indicator"))


# --- what fmt says of a file it leaves as it is ----------------------------------------------------

def unformattable(rel: str, text: str, kind: str) -> tuple[object, list[Problem]]:
    """The file's data (None when it does not read) and what keeps `fmt` from formatting it: a
    syntax mistake explained, values a `#` emptied (rewritten, their text would be kept only as
    a comment), a source's fields out of place (no layout of them reads as what was meant).
    validate says the same of a file it reads no further (after a byte-order mark), so that the
    two agree."""
    try:
        data = yamlsafe.parse(text)[0]
    except yamlsafe.YamlError as exc:
        e = explained(text, exc, kind)
        return None, [Problem(rel, e.line, e.column, "error", e.code, e.message)]
    found = [p for _path, p in yaml_misreadings.emptied_values(rel, text, kind)]
    if not found and kind == "case":
        misplaced = _source_fields(data, text)[0]
        if misplaced:
            positions = yamlsafe.parse(text, track=True)[1]
            for f in misplaced:
                line, column = yamlsafe.within(text, *positions.locate(f.path, f.at_key))
                found.append(Problem(rel, line, column, f.severity, f.code, f.message))
    return data, found


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
                    _glued_dash, yaml_marks.other_dash, yaml_marks.missing_colon,
                    yaml_marks.dash_at_item_column, _indentation):
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
    if entry is not None and entry.key_column == err.column - 1:
        anew = yaml_marks.new_item(lines, entry, dashed=False)
        if anew is not None:
            return yamlsafe.YamlError(err.line, anew[0], err.code, anew[1])
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
            what = _("a {name} (U+{code:04X})").format(name=spoken_name(ch).lower(),
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
    owner = _source_above(data, positions, number, column) if where else None
    if owner is not None:
        sid, sid_line, column = owner
        fixed = write(lines, e, e.value, indent=column - 1) if e else ""
        if lines.shown(sid_line, None, sid):
            message = said(_("`{field}:` stands left of the other fields of source `{source}` "
                             "(line {line}), so YAML reads it as a source of its own; move it to "
                             "column {column}: `{fixed}`"), fixed, field=fields[0], source=sid,
                           line=sid_line, column=column)
        else:
            message = said(_("`{field}:` stands left of the other fields of the source on line "
                             "{line}, so YAML reads it as a source of its own; move it to column "
                             "{column}: `{fixed}`"), fixed, field=fields[0], line=sid_line,
                           column=column)
    elif empty_ids:
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


def _source_above(data: dict, positions: yamlsafe.Positions, number: int,
                  column: int) -> tuple[str, int, int] | None:
    """The source whose fields end above line `number` (its id, the id's line, the column its
    fields start in), when the field at `column` of that line stands left of them; else None."""
    above = [(positions.keys[("sources", k)][0], k) for k, v in data["sources"].items()
             if isinstance(v, dict) and v and ("sources", k) in positions.keys
             and positions.keys[("sources", k)][0] < number]
    if not above:
        return None
    line, sid = max(above)
    first = positions.keys.get(("sources", sid, next(iter(data["sources"][sid]))))
    return None if first is None or first[1] <= column else (sid, line, first[1])
