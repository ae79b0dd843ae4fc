"""The everyday mistakes of one-line `{…}` and `[…]`: what files.yaml_mistakes asks about them.

`kremlinlist new` writes `sources: {}` and `criteria: []` (none yet), and a researcher adds
entries below them; an event written on one line loses its braces, or one of its brackets, or a
value holds a comma (which ends it) or a key has no space after its colon (which makes the key and
its value one key). The first three fail to read, the last two read as a key nobody wrote.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Finding
from kremlinlist.files import yamlsafe
from kremlinlist.files.yaml_lines import (FIELD_NAMES, ONE_VALUE_FIELDS, PRIVATE_KEYS,
                                          SOURCE_FIELDS, TEXT_FIELDS, Lines, entry_after,
                                          entry_before, key_words, quoted, reads_past, said,
                                          uncommented)
from kremlinlist.files.yaml_quoting import (CLOSERS, MAPPING_VALUES, OPENERS, after_quote,
                                            colon_said, curly_said, special_said)

_EMPTY = re.compile(r"\{ *\}|\[ *\]")
_KEY_IN_LINE = re.compile(r"(?:^|[,{] *)([A-Za-z_][\w-]*): ")
_GLUED_KEY = re.compile(r"([A-Za-z_][\w-]*):(\S.*)")
_PAIRS = {"[": "]", "{": "}"}
# A key of a one-line `{…}`: right after its `{`, or after a comma (only a field's name counts).
_FLOW_KEY = re.compile(r"(?:^|,) *([A-Za-z_][\w-]*): *")
_FLOW_CODES = {"quote": "yaml-text-after-quote", "curly": "yaml-curly-quotes",
               "comment": "yaml-comment-in-braces", "special": "yaml-special-first-character",
               "colon": "yaml-unquoted-colon"}
_CLOSING = re.compile(r"\}[ \t]*(?:#.*)?$")  # the `}` a line ends with, a comment after it


def _flow_shown(lines: Lines, number: int, text: str) -> bool:
    """Whether a line holding a one-line `{…}` or `[…]` may be shown: braces are no markup, but
    none of its keys may be private."""
    return (lines.shown(number, None, text.replace("{", "").replace("}", ""))
            and not any(k in PRIVATE_KEYS for k in re.findall(r"([A-Za-z_][\w-]*) *:", text)))


def entries_after_empty(lines: Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    """`sources: {}` or `criteria: []` (as `new` writes them) with entries added below."""
    e = lines.entry(err.line)
    p = entry_before(lines.lines, err.line)
    if e is None or p is None or p.key is None or not _EMPTY.fullmatch(p.bare):
        return None
    under = e.content > p.key_column or (p.bare[0] == "[" and e.dash == p.key_column)
    if not under:
        return None
    name = p.key if p.key in FIELD_NAMES or lines.shown(p.number, None, p.key) else "…"
    fixed = " " * p.indent + "- " * (p.dash is not None) + name + ":"
    if p.bare[0] == "{":
        message = _("`{empty}` after {key} says there is nothing in it, so YAML cannot read the "
                    "entries written below it; delete the `{empty}` to write them under it: "
                    "`{fixed}`")
    else:
        message = _("`{empty}` after {key} says the list is empty, so YAML cannot read the items "
                    "written below it; delete the `{empty}` to write them under it: `{fixed}`")
    return yamlsafe.YamlError(p.number, p.value_column + 1, "yaml-entries-after-empty", said(
        message, fixed, empty=p.bare, key=key_words(p.key)))


def missing_braces(lines: Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    """Several `key: value` on one line without `{…}`: `- date: 2023-03-15, type: detained`."""
    if err.problem != MAPPING_VALUES:
        return None
    e = lines.entry(err.line)
    if e is None or e.key is None:
        return None
    value = uncommented(e.value).rstrip()
    keys = _KEY_IN_LINE.findall(value)
    if not keys or not all(k in FIELD_NAMES for k in keys):
        return None
    if e.key not in FIELD_NAMES and not (value.startswith(keys[0] + ":")
                                         and set(keys) <= SOURCE_FIELDS):
        return None  # a key of the researcher's own: a source's id, its fields on its line
    head = " " * e.indent + "- " * (e.dash is not None)
    closed = value.count("}") > value.count("{")  # only the `{` was left out
    if e.dash is not None and re.search(r", *[A-Za-z_][\w-]*: ", value):
        at = e.key_column  # `- {date: …, type: …}`
        inner = _braced(f"{e.key}: {value.removesuffix('}') if closed else value}")
        mended = head + "{" + (inner or "") + "}"
        shown = inner if inner and _flow_shown(lines, e.number, inner) else f"{e.key}: …"
        fixed = head + "{" + shown + "}"
    elif value.startswith(keys[0] + ":") and e.key not in ONE_VALUE_FIELDS:
        at = e.value_column  # `name: {en: …, uk: …}`, `s1: {title: …, url: …}`
        inner = _braced(value.removesuffix("}") if closed else value)
        mended = head + f"{e.key}: {{" + (inner or "") + "}"
        shown = inner if inner and _flow_shown(lines, e.number, inner) else "…"
        key = e.key if e.key in FIELD_NAMES or lines.shown(e.number, None, e.key) else "…"
        fixed = head + f"{key}: {{" + shown + "}"
    else:
        return None
    if inner is None or not reads_past(lines.replaced(err.line, mended), err.line):
        return yamlsafe.YamlError(err.line, at + 1, "yaml-missing-braces", _(
            "several keys are written on one line, which YAML reads only inside `{{…}}`; put "
            "them in braces, with each value that holds `: `, ` #` or a comma in quotes, or "
            "write each key on a line of its own").format())
    return yamlsafe.YamlError(err.line, at + 1, "yaml-missing-braces", said(
        _("several keys are written on one line, which YAML reads only inside `{{…}}`; put them "
          "in braces, or write each key on a line of its own: `{fixed}`"), fixed))


def _braced(pairs: str) -> str | None:
    """`key: value, key: value` (each key a field's name) as the inside of a `{…}` that YAML
    reads as those keys and values: a text value holding `: `, ` #`, a comma or a bracket put
    in quotes. None when no such inside reads so (a value that is no text holds a comma, say)."""
    keys = [m for m in re.finditer(r"(?:^|,[ \t]*)([A-Za-z_][\w-]*):[ \t]+", pairs)
            if m[1] in FIELD_NAMES]
    if not keys or keys[0].start() != 0:
        return None
    parts = []
    for k, after in zip(keys, keys[1:] + [None]):
        raw = pairs[k.end():after.start() if after else len(pairs)].strip()
        if k[1] in TEXT_FIELDS and raw[:1] not in ("'", '"') and re.search(
                r": | #|,|[\[\]{}]|^[@`&*!|>%]", raw):
            raw = quoted(raw)
        parts.append(f"{k[1]}: {raw}")
    inner = ", ".join(parts)
    try:
        read = yamlsafe.parse("{" + inner + "}")[0]
    except yamlsafe.YamlError:
        return None
    return inner if isinstance(read, dict) and list(read) == [k[1] for k in keys] else None


def flow_value(lines: Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    """A value inside a one-line `{…}` (an event, or a source as `new` suggests) that YAML cannot
    read there: it holds `: ` or ` #`, its closing quote comes before its end, it starts with a
    curly quote or a sign YAML gives a meaning. Said as of a value on a line of its own, with the
    value as it should be written; only when the line, each such value mended, reads."""
    for n in dict.fromkeys(x for x in (err.context_line, *near) if x is not None):
        e = lines.entry(n)
        if e is None or e.value[:1] != "{":
            continue
        line = lines.line(n)
        closing = _CLOSING.search(line, e.value_column)
        end = closing.start() if closing else len(line.rstrip())
        inside = line[e.value_column + 1:end]
        keys = [k for k in _FLOW_KEY.finditer(inside) if k[1] in FIELD_NAMES]
        if not keys or keys[0].start() != 0:
            continue
        found, mended, shift = None, line, 0
        for k, after in zip(keys, keys[1:] + [None]):
            start = e.value_column + 1 + k.end()
            raw = line[start:e.value_column + 1 + after.start() if after else end].rstrip()
            mistake = _flow_mistake(k[1], raw) if raw else None
            if mistake is None:
                continue
            at, value, render, kind = mistake
            mended = mended[:start + shift] + value + mended[start + shift + len(raw):]
            shift += len(value) - len(raw)
            if found is None:
                private = any(key[1] in PRIVATE_KEYS for key in keys) or e.key in PRIVATE_KEYS
                shown = value if not private and lines.shown(n, k[1], value) else (
                    '"…"' if value[:1] in "\"'" else "…")
                found = yamlsafe.YamlError(n, start + at + 1, _FLOW_CODES[kind],
                                           render(f"{k[1]}: {shown}"))
        if found is not None and reads_past(lines.replaced(n, mended), max(n, err.line)):
            return found
    return None


def _flow_mistake(key: str, raw: str) -> tuple[int, str, Callable[[str], str], str] | None:
    """What is wrong with `raw`, the value of `key` in a one-line `{…}`: where in it (0-based),
    the value as it should be written, its message given the corrected `key: value`, and the
    kind of mistake (its code in _FLOW_CODES); or None when it reads as written."""
    sign = raw[0]
    if sign in "\"'":
        m = re.match(r'"((?:[^"\\]|\\.)*)"(.*)' if sign == '"' else r"'((?:[^']|'')*)'(.*)", raw)
        if m is None or not m.group(2).strip() or m.group(2).lstrip().startswith("#"):
            return None
        value, message = after_quote(raw)
        return 1 + len(m.group(1)), value, lambda fixed: said(message, fixed), \
            "quote"
    if sign in OPENERS:
        if re.search(r": | #|,", raw) is None:
            return None  # it reads (yaml_misreadings warns of curly quotes on a value's own line)
        inner = raw[1:-1] if len(raw) > 1 and raw[-1] in CLOSERS else raw[1:]
        return 0, quoted(inner), lambda fixed: curly_said(sign, fixed), "curly"
    colon = re.search(r": |:$", raw)
    hashed = 0 if sign == "#" else raw.find(" #") + 1 or None
    if hashed is not None and (colon is None or hashed < colon.start()):
        if hashed and key not in TEXT_FIELDS:  # a date, a choice, ids: quoted, it would not read
            kept = _closed(raw[:hashed].rstrip(" ,"), 0)[0]
            return hashed, kept, lambda fixed: said(_(
                "` #` inside a one-line `{{…}}` starts a comment, so the rest of the line, its "
                "closing `}}` too, is left out and YAML cannot read on; {key} holds no text of "
                "your own, so take the `#` and the note after it out of the value (a comment of "
                "your own goes after the `}}`; an event's note, in its `note:` field): `{fixed}`"),
                fixed, key=key_words(key)), "comment"
        return hashed, quoted(raw), lambda fixed: said(_(
            "` #` inside a one-line `{{…}}` starts a comment, so the rest of the line, its closing "
            "`}}` too, is left out and YAML cannot read on; put the value in quotes (a comment of "
            "your own goes after the `}}`): `{fixed}`"), fixed), "comment"
    if sign in "@`" or (sign in "[{" and key in ONE_VALUE_FIELDS
                        and re.match(r"\[[^\]]*\] *\S|\{[^}]*\} *\S", raw)):
        return 0, quoted(raw), lambda fixed: special_said(sign, fixed), \
            "special"
    if colon is not None:
        return colon.start(), quoted(raw), colon_said, "colon"
    return None


def unclosed_bracket(lines: Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    """A `{` or `[` not closed on its line: YAML reads on into the lines below for its end."""
    if err.context not in ("while parsing a flow mapping", "while parsing a flow sequence") \
            or err.context_line is None:
        return None
    n = err.context_line
    e = lines.entry(n)
    last = e is not None and entry_after(lines.lines, n) is None
    if e is None or (last and not (e.bare[:1] == "{" and len(_KEY_IN_LINE.findall(e.bare)) > 1)):
        return None  # a file cut short after the bracket: libyaml's words say so, unless the
        # line is a one-line `{key: …, key: …` (a source on the file's last line, say)
    line = lines.line(n)
    body = uncommented(line).rstrip()
    if any(ch in line[len(body):] for ch in "]}"):
        return None  # a ` #` cut the line before its closing bracket: that is the mistake
    mended, first, outer = _closed(body, e.value_column)
    if first is None or (last and mended != body + "}"):
        return None  # at the file's end, only a `}` left out is taken for the mistake
    if e.key is not None and outer == e.value_column and e.key in ONE_VALUE_FIELDS:
        return None  # `title: [ВІДЕО Вирок`: text, or a list cut short? libyaml's words stay
    if not reads_past(lines.replaced(n, mended + line[len(body):]), err.line):
        return None
    if _flow_shown(lines, n, mended.strip()):
        fixed = mended
    else:
        key = f"{e.key}: " if e.key in FIELD_NAMES else ("…: " if e.key else "")
        fixed = " " * e.indent + "- " * (e.dash is not None) + key + "…" + mended[len(body):]
    return yamlsafe.YamlError(n, first + 1, "yaml-unclosed-bracket", said(
        _("a `{{` or `[` on this line is not closed, so YAML reads on into the lines below to "
          "find its end; close it where it ends: `{fixed}`"), fixed))


def _closed(body: str, start: int) -> tuple[str, int | None, int | None]:
    """`body` with every `{` and `[` from column `start` on closed (a missing closer put in before
    the one of an outer bracket, the rest at the end), where the first closer goes, and where the
    outermost bracket that needed one opens (None, None: none did)."""
    out, stack, quote, first, opened = list(body[:start]), [], None, None, []
    for i in range(start, len(body)):
        ch = body[i]
        if quote:
            quote = None if ch == quote else quote
        elif ch in "\"'" and (i == start or body[i - 1] in " [{,"):
            quote = ch
        elif ch in _PAIRS:
            stack.append((ch, i))
        elif ch in "]}":
            while stack and _PAIRS[stack[-1][0]] != ch:
                first = len(out) if first is None else first
                bracket, where = stack.pop()
                opened.append(where)
                out.append(_PAIRS[bracket])
            if stack:
                stack.pop()
        out.append(ch)
    if stack and first is None:
        first = len(out)
    opened += [where for _ch, where in stack]
    out += [_PAIRS[ch] for ch, _where in reversed(stack)]
    return "".join(out), first, min(opened, default=None)


# --- when the file reads, but a one-line `{…}` holds a key nobody wrote ------------------------

def flow_keys(data: object, text: str) -> tuple[list[Finding], list[tuple]]:
    """Keys of a one-line `{…}` written without a colon: a value's words after a comma in it
    (`place: Херсон, вул. Миру`), or a key glued to its value (`date:2023-03-15`). One finding for
    each, and the paths of the keys nobody wrote (their `unknown-key` is explained)."""
    if "{" not in text or not _has_empty_key(data):
        return [], []
    positions = yamlsafe.parse(text, track=True)[1]
    lines = Lines(text, "case")
    found: list[Finding] = []
    explained: list[tuple] = []
    for path, (number, column) in positions.keys.items():
        if path in explained or not _colonless(lines, path, number, column, data):
            continue
        key = path[-1]
        glued = _GLUED_KEY.fullmatch(key)
        if glued and glued[1] in FIELD_NAMES:
            value = glued[2]
            fixed = f"{glued[1]}: " + (value if lines.shown(number, glued[1], value) else "…")
            found.append(Finding(path, "error", "yaml-missing-space", said(
                _("{key} is not followed by a space, so YAML does not read it as a key; put a "
                  "space after the colon: `{fixed}`"), fixed, key=f"`{glued[1]}:`"),
                at_key=True))
            explained.append(path)
            continue
        split = _split_value(lines, positions, data, path)
        if split is None:
            continue
        previous, words, paths = split
        name = previous if previous in FIELD_NAMES or lines.shown(number, None, previous) else "…"
        fixed = f"{name}: " + (quoted(words) if lines.shown(number, previous, words) else '"…"')
        found.append(Finding(path, "error", "yaml-comma-in-braces", said(
            _("a comma inside a one-line `{{…}}` ends the value there, so YAML reads the words "
              "after it as a key of their own; put the value in quotes: `{fixed}`"), fixed),
            at_key=True))
        explained += paths
    return found, explained


def _has_empty_key(data: object) -> bool:
    if isinstance(data, dict):
        return any(v is None or _has_empty_key(v) for v in data.values())
    return isinstance(data, list) and any(_has_empty_key(v) for v in data)


def _keys_of(data: object, path: tuple) -> list:
    for step in path:
        data = data[step]
    return list(data)


def _value_at(data: object, path: tuple) -> object:
    for step in path:
        data = data[step]
    return data


def _colonless(lines: Lines, path: tuple, number: int, column: int, data: object) -> bool:
    """Whether the key at `path` stands in a `{…}` with no colon after it."""
    key = path[-1]
    if not isinstance(key, str) or _value_at(data, path) is not None:
        return False
    line = lines.line(number)
    if line[column - 1:column - 1 + len(key)] != key:
        return False
    return line[column - 1 + len(key):].lstrip(" ")[:1] in (",", "}")


def _split_value(lines: Lines, positions, data: object, path: tuple):
    """The key of a plain value a comma split, its words from its start to the last key it made,
    and the paths of those keys; None when the key before `path` holds no plain text on its
    line."""
    keys = _keys_of(data, path[:-1])
    at = keys.index(path[-1])
    if at == 0:
        return None
    before = path[:-1] + (keys[at - 1],)
    if not isinstance(_value_at(data, before), str) or before not in positions.values:
        return None
    number, column = positions.values[before]
    line = lines.line(number)
    if line[column - 1:column] in ("'", '"'):
        return None
    paths = []
    for key in keys[at:]:
        p = path[:-1] + (key,)
        where = positions.keys.get(p)
        if where is None or where[0] != number or not _colonless(lines, p, *where, data):
            break
        paths.append(p)
    end = positions.keys[paths[-1]][1] - 1 + len(paths[-1][-1])
    return keys[at - 1], line[column - 1:end], paths
