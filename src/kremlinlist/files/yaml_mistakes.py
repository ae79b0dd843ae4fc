"""The everyday YAML mistakes, explained: the likely cause, and the line as it should be written.

libyaml names a symptom ("mapping values are not allowed in this context") where the cause is one
of a few mistakes researchers make every day: a colon or curly quotes in an unquoted value, a line
indented a space too far or too little, a no-break space pasted from a word processor. When
libyaml fails, the explainers below look at the failing line and its neighbours; when none
recognizes the mistake, libyaml's words stay. A file that reads may still not say what was meant
(` #` cuts a value, curly quotes stay in it): those are warnings.

A corrected line quotes the file, and messages reach public CI logs, so a line is shown only where
that is safe (`_Lines.shown`): never from a withheld person's file or at or after a `private:`
block, never under a private field's key, never a long value or one that looks like markup;
otherwise the message keeps the line's shape with `…` for what it would quote.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import yaml
from pydantic import BaseModel

from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Finding, Problem
from kremlinlist.files import yamlsafe
from kremlinlist.files.quotable import may_quote
from kremlinlist.model import case as case_model

_MODELS = [c for c in vars(case_model).values()
           if isinstance(c, type) and issubclass(c, BaseModel) and c.model_fields]
FIELD_SETS = [frozenset(c.model_fields) for c in _MODELS]
FIELD_NAMES = frozenset().union(*FIELD_SETS)
SOURCE_FIELDS = frozenset(case_model.Source.model_fields)
CASE_FIELDS = frozenset(case_model.Case.model_fields)
# Keys whose values are private wherever they stand; `sources` is not one: outside a private block
# (whose every line is withheld anyway) it holds source ids.
_PRIVATE_KEYS = (frozenset(case_model.Private.model_fields) | frozenset(
    case_model.Relative.model_fields) | {"private"}) - {"sources"}

_OPENERS = "“”„‘’‚«‹"  # quotes a word processor types, which YAML does not read as quotes
_CLOSERS = "“”‘’»›"
_PAIRS = {"“": "”", "„": "“", "‘": "’", "‚": "‘", "”": "”"}  # curly pairs kept in a value
_ENTRY = re.compile(r"(?P<indent> *)(?P<dash>(?:- +)*)(?:(?P<key>[A-Za-z_][\w-]*) *:(?= |$) *)?"
                    r"(?P<value>.*)")
_NO_SPACE = re.compile(r"(?P<indent> *)(?P<dash>(?:- +)*)(?P<key>[a-z_]+):(?P<value>[^\s:].*)")
_GLUED_DASH = re.compile(r"(?P<indent> *)-(?P<rest>(?P<key>[a-z_]+) *:(?: .*|$))")
_SAFE = re.compile(r"[\w .,;:!?'\"’“”„«»()\[\]/#№&+%=-]*")
_MAX_SHOWN = 100
# `private` as a key anywhere on a line (plain or quoted, block or flow style): what follows it is
# never quoted. A false match (the word in a value) only quotes less.
_PRIVATE_BLOCK = re.compile(r"""(?:^|[\s{,\-])["']?private["']?[ \t]*:""")
# What libyaml says when a line is indented wrongly (and, the first, when a value holds `: `).
_MAPPING_VALUES = "mapping values are not allowed in this context"
_INDENT_SYMPTOMS = frozenset((_MAPPING_VALUES, "did not find expected key",
                              "did not find expected '-' indicator"))


@dataclass(frozen=True)
class _Entry:
    """One line read as a YAML block line: indentation, list dashes, a key and its value."""

    number: int  # 1-based
    indent: int
    dash: int | None  # column (0-based) of the first `-`
    key: str | None
    key_column: int | None  # 0-based
    value: str
    value_column: int  # 0-based

    @property
    def content(self) -> int:
        """The column of what the line holds: its `-`, else its key."""
        return self.dash if self.dash is not None else (self.key_column or 0)


def _entry(lines: list[str], number: int) -> _Entry | None:
    """Line `number` as an entry, or None for a blank or comment line or one out of range."""
    if not 1 <= number <= len(lines):
        return None
    text = lines[number - 1]
    if not text.strip(" ") or text.lstrip(" ").startswith("#"):
        return None
    m = _ENTRY.match(text)
    indent = len(m["indent"])
    at = indent + len(m["dash"])
    return _Entry(number, indent, indent if m["dash"] else None, m["key"],
                  at if m["key"] else None, m["value"], m.start("value"))


class _Lines:
    """The file's lines and what may be quoted from them."""

    def __init__(self, text: str, kind: str):
        self.text = text
        self.lines = yamlsafe.split_lines(text)
        self.withheld = not may_quote(kind, text)
        self.private_from = next((i + 1 for i, line in enumerate(self.lines)
                                  if _PRIVATE_BLOCK.search(line)), None)

    def shown(self, number: int, key: str | None, words: str) -> bool:
        """Whether `words`, taken from line `number` (under `key`), may appear in a message."""
        return (not self.withheld and (self.private_from is None or number < self.private_from)
                and (key is None or key not in _PRIVATE_KEYS) and len(words) <= _MAX_SHOWN
                and "](" not in words and _SAFE.fullmatch(words) is not None)

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else ""


def _key_words(key: str | None) -> str:
    """A key for a message: a field name of the format, or a stand-in for one a researcher chose."""
    return f"`{key}:`" if key in FIELD_NAMES else _("the key")


def _quoted(value: str) -> str:
    """`value` as a YAML double-quoted scalar (single quotes when it holds double ones)."""
    if '"' in value and "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _write(lines: _Lines, e: _Entry, value: str | None, indent: int | None = None) -> str:
    """Line `e` as it should be written: its key, and `value` (already written as YAML) where it
    may be shown, else `"…"`; re-indented to `indent` when given."""
    head = " " * (e.indent if indent is None else indent) + "- " * (e.dash is not None)
    if e.key is not None and e.key not in FIELD_NAMES and not lines.shown(e.number, None, e.key):
        return head + "…: …"
    key = f"{e.key}: " if e.key is not None else ""
    if value is None or not lines.shown(e.number, e.key, value):
        value = '"…"' if value is not None and value[:1] in "\"'" else "…"
    return head + key + value


def _said(template: str, fixed: str, **words: object) -> str:
    """A message (already through `_`, so the catalog finds it) with its corrected line."""
    return template.format(fixed=fixed, **words)


# --- when libyaml fails -------------------------------------------------------------------------

def explained(text: str, err: yamlsafe.YamlError, kind: str) -> yamlsafe.YamlError:
    """`err` with the likely cause and the corrected line, when an explainer recognizes the
    mistake; `err` itself otherwise. In a file of `kind` no line may be quoted of (`may_quote`)
    the line keeps its shape with `…` for every value."""
    if err.code != "yaml-syntax" or err.line < 1:
        return err
    lines = _Lines(text, kind)
    near = [n for n in dict.fromkeys((err.line, err.context_line, err.line - 1))
            if n is not None and 1 <= n <= len(lines.lines) and 0 <= err.line - n <= 3]
    for explain in (_no_break_space, _curly_quotes, _unclosed_quote, _text_after_quote,
                    _colon_in_value, _missing_space, _glued_dash, _indentation):
        found = explain(lines, near, err)
        if found is not None:
            return found
    return err


def _no_break_space(lines: _Lines, near: list[int], err) -> yamlsafe.YamlError | None:
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
            e = _entry(lines.lines[:n - 1] + [fixed_text], n)
            if e is None:
                break  # the line, spaces mended, is no key or item: something else is wrong
            fixed = _write(lines, e, e.value)
            what = _("a {name} (U+{code:04X})").format(name=unicodedata.name(ch, "space").lower(),
                                                       code=ord(ch))
            if in_indent:
                return yamlsafe.YamlError(n, i + 1, "yaml-no-break-space", _said(
                    _("{what} is in the indentation, where YAML needs ordinary spaces; retype it "
                      "as a plain space: `{fixed}`"), fixed, what=what))
            return yamlsafe.YamlError(n, i + 1, "yaml-no-break-space", _said(
                _("{what} follows {key}, where YAML needs an ordinary space; retype it as a plain "
                  "space: `{fixed}`"), fixed, what=what, key=_key_words(m.group(1))))
    return None


def _curly_quotes(lines: _Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    for n in near:
        e = _entry(lines.lines, n)
        if e is None or not e.value or e.value[0] not in _OPENERS or not re.search(
                r": |:$", e.value.rstrip()):
            continue
        inner = e.value.rstrip()
        inner = inner[1:-1] if len(inner) > 1 and inner[-1] in _CLOSERS else inner[1:]
        fixed = _write(lines, e, _quoted(inner))
        return yamlsafe.YamlError(n, e.value_column + 1, "yaml-curly-quotes", _said(
            _("the value starts with a curly quote ({quote}), which YAML does not read as a quote, "
              "so a `: ` or `#` inside it breaks the line; use straight quotes: `{fixed}`"), fixed,
            quote=e.value[0]))
    return None


def _unclosed_quote(lines: _Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    if (err.context != "while scanning a quoted scalar" or err.context_line is None
            or err.problem != "found unexpected end of stream"):
        return None
    n = err.context_line
    e = _entry(lines.lines, n)
    if e is None or not e.value or e.value[0] not in "\"'":
        return None
    quote, body = e.value[0], e.value[1:].rstrip()
    fixed = _write(lines, e, quote + body + quote)
    return yamlsafe.YamlError(n, e.value_column + 1, "yaml-unclosed-quote", _said(
        _("the quote that opens this value is never closed, so YAML reads on to the end of the "
          "file; end the value with the same quote: `{fixed}`"), fixed))


def _text_after_quote(lines: _Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    for n in near:
        e = _entry(lines.lines, n)
        if e is None or e.value[:1] != '"':
            continue
        m = re.match(r'"((?:[^"\\]|\\.)*)"(.*)', e.value)
        if m is None or not m.group(2).strip() or m.group(2).lstrip().startswith("#"):
            continue
        whole = e.value.rstrip()
        fixed = _write(lines, e, f"'{whole}'" if "'" not in whole else _quoted(whole))
        return yamlsafe.YamlError(n, e.value_column + 2 + len(m.group(1)), "yaml-text-after-quote",
                                  _said(_("the value's closing quote comes before its end, so YAML "
                                          "cannot read the text after it; quote the whole value "
                                          "(the inner quotes then stay as written): `{fixed}`"),
                                        fixed))
    return None


def _colon_in_value(lines: _Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    if err.problem != _MAPPING_VALUES:
        return None
    for n in near[:2]:
        e = _entry(lines.lines, n)
        if e is None or e.key is None or not e.value or e.value[0] in "\"'[{|>&*!#":
            continue
        value = re.split(r" #", e.value, maxsplit=1)[0].rstrip()
        m = re.search(r": |:$", value)
        if m is None:
            continue
        fixed = _write(lines, e, _quoted(value))
        return yamlsafe.YamlError(n, e.value_column + m.start() + 1, "yaml-unquoted-colon", _said(
            _("the value holds a colon followed by a space (or ends with a colon), which YAML "
              "reads as the start of another key; put the value in quotes: `{fixed}`"), fixed))
    return None


def _missing_space(lines: _Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    for n in near:
        m = _NO_SPACE.fullmatch(lines.line(n))
        if m is None or m["key"] not in FIELD_NAMES:
            continue
        e = _entry(lines.lines[:n - 1] + [f"{m['indent']}{m['dash']}{m['key']}: {m['value']}"], n)
        fixed = _write(lines, e, e.value)
        return yamlsafe.YamlError(n, m.end("key") + 1, "yaml-missing-space", _said(
            _("{key} is not followed by a space, so YAML does not read it as a key; put a space "
              "after the colon: `{fixed}`"), fixed, key=f"`{m['key']}:`"))
    return None


def _glued_dash(lines: _Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    for n in near:
        m = _GLUED_DASH.fullmatch(lines.line(n))
        if m is None or m["key"] not in FIELD_NAMES:
            continue
        e = _entry(lines.lines[:n - 1] + [f"{m['indent']}- {m['rest']}"], n)
        fixed = _write(lines, e, e.value)
        return yamlsafe.YamlError(n, len(m["indent"]) + 1, "yaml-dash-without-space", _said(
            _("a list item's `-` must be followed by a space, or YAML does not read it as a list "
              "item: `{fixed}`"), fixed))
    return None


def _indentation(lines: _Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    """A line indented to a column where no key (or list item) above it starts: the likely column
    is one where a key of the same kind (fields of the same part of a case) starts."""
    e = _entry(lines.lines, err.line)
    if err.problem not in _INDENT_SYMPTOMS or e is None or (e.key is None and e.dash is None):
        return None
    kind = "dash" if e.dash is not None else "key"
    above: list[tuple[str, int, _Entry]] = []
    lowest = None
    for n in range(err.line - 1, 0, -1):
        a = _entry(lines.lines, n)
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
        return None
    if kind == "key":
        related = [c for c in same if any(e.key in s and c[2].key in s for s in FIELD_SETS)]
        same = related or same
    wanted, sibling = min(((c[1], c[2]) for c in same), key=lambda c: abs(c[0] - e.content))
    indent = wanted - (e.content - e.indent)
    fixed = _write(lines, e, e.value, indent=indent)
    if kind == "dash":
        return yamlsafe.YamlError(err.line, 1, "yaml-indentation", _said(
            _("this list item's `-` starts in column {found}, but the list's items (line {line}) "
              "in column {wanted}, so YAML cannot tell which list it belongs to; line it up with "
              "them: `{fixed}`"), fixed, found=e.content + 1, line=sibling.number,
            wanted=wanted + 1))
    return yamlsafe.YamlError(err.line, 1, "yaml-indentation", _said(
        _("{key} starts in column {found}, but the keys it belongs with (line {line}) in column "
          "{wanted}, so YAML cannot tell where it belongs; line it up with them: `{fixed}`"), fixed,
        key=_key_words(e.key), found=e.content + 1, line=sibling.number, wanted=wanted + 1))


# --- when the file reads, but not as meant ------------------------------------------------------

def misreadings(rel: str, text: str, kind: str) -> list[Problem]:
    """What reads but likely says something else than meant: a value cut at ` #`, a value
    wrapped in curly quotes, a no-break space at a value's edge (warnings), or starting a key
    (an error: it was pasted in the indentation). Only files holding one of these characters are
    read again, with positions."""
    if " #" not in text and "\xa0" not in text and not any(q in text for q in _PAIRS):
        return []
    lines = _Lines(text, kind)
    out: list[Problem] = []
    keys: list[bool] = []  # for each open collection: True for a mapping expecting a key
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        kind = type(event)
        if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            keys.pop()
            continue
        if kind not in (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent):
            continue
        is_key = bool(keys) and keys[-1]
        if keys and keys[-1] is not None:
            keys[-1] = not keys[-1]
        if kind is not yaml.ScalarEvent:
            keys.append(True if kind is yaml.MappingStartEvent else None)
        elif not event.style and event.start_mark.line == event.end_mark.line:  # plain, one line
            problem = (_key_misreading if is_key else _value_misreading)(rel, lines, event)
            if problem is not None:
                out.append(problem)
    return out


def _key_misreading(rel: str, lines: _Lines, event) -> Problem | None:
    key, start = event.value, event.start_mark
    if key[:1] != "\xa0":
        return None
    n = start.line + 1
    stripped = key.lstrip("\xa0 ")
    e = _entry(lines.lines[:n - 1] + [" " * (len(key) - len(stripped) + start.column) + stripped
                                     + lines.line(n)[event.end_mark.column:]], n)
    fixed = _write(lines, e, e.value) if e is not None and e.key is not None else "…"
    return Problem(rel, n, start.column + 1, "error", "yaml-no-break-space", _said(
        _("a no-break space (U+00A0) is in the indentation, where YAML needs ordinary spaces, so "
          "this key is not read as part of the block above; retype it as plain spaces: `{fixed}`"),
        fixed))


def _value_misreading(rel: str, lines: _Lines, event) -> Problem | None:
    value, start, end = event.value, event.start_mark, event.end_mark
    n = start.line + 1
    e = _entry(lines.lines, n)
    if e is None or e.value_column != start.column:
        return None  # a key, or a value not alone on its line
    rest = lines.line(n)[end.column:]
    comment = re.match(r"[ \t]+#(?=[^ \t])", rest)  # `# note` is a comment, `#3` is not
    if comment:
        fixed = _write(lines, e, _quoted((value + rest).rstrip()))
        return Problem(rel, n, end.column + comment.end(), "warning", "comment-in-value", _said(
            _("` #` starts a comment, so the rest of the line is left out of the value (a comment "
              "of your own is written with a space after the `#`); to keep it, put the whole "
              "value in quotes: `{fixed}`"), fixed))
    glued = re.match(r"([A-Za-z_][\w-]*):\xa0", value)
    if glued:
        e = _entry(lines.lines[:n - 1] + [" " * start.column + value.replace("\xa0", " ", 1)], n)
        fixed = _write(lines, e, e.value)
        return Problem(rel, n, start.column + glued.end(), "error", "yaml-no-break-space", _said(
            _("a no-break space (U+00A0) follows {key}, where YAML needs an ordinary space, so the "
              "line is read as text, not as a key with its value; retype it as a plain space: "
              "`{fixed}`"), fixed, key=_key_words(glued.group(1))))
    if len(value) > 1 and _PAIRS.get(value[0]) == value[-1]:
        fixed = _write(lines, e, _quoted(value[1:-1]))
        return Problem(rel, n, start.column + 1, "warning", "curly-quotes-in-value", _said(
            _("the value is wrapped in curly quotes ({quotes}), which YAML keeps as part of the "
              "text; if they are meant as quotes, write straight ones: `{fixed}`"), fixed,
            quotes=value[0] + value[-1]))
    if value[:1] == "\xa0" or value[-1:] == "\xa0":
        fixed = _write(lines, e, value.strip("\xa0 "))
        at = start.column + 1 + (0 if value[0] == "\xa0" else len(value) - 1)
        return Problem(rel, n, at, "warning", "no-break-space-in-value", _said(
            _("the value starts or ends with a no-break space (U+00A0), which stays part of the "
              "text and makes it differ from the same words typed plainly; delete it: `{fixed}`"),
            fixed))
    return None


# --- when the file reads, but the keys are not where they belong -------------------------------

def misplaced_source_fields(data: object, text: str) -> tuple[list[Finding], list[tuple]]:
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
    lines = _Lines(text, "case")
    number, column = positions.keys.get(where + (fields[0],), (1, 1))
    e = _entry(lines.lines, number)
    indent = column - 1 + 2 if where else 4
    fixed = _write(lines, e, e.value, indent=indent) if e else ""
    if empty_ids:
        message = _said(_("`{field}` and the lines after it are a source's fields, but they are "
                          "not indented under the source's id, so YAML does not read them as "
                          "that source's; indent them two spaces more than the id: `{fixed}`"),
                        fixed, field=fields[0])
    else:
        message = _said(_("`{field}` is a field of a source, but no source id comes before it; "
                          "start the source with its id (e.g. `s1:`) and indent its fields under "
                          "it: `{fixed}`"), fixed, field=fields[0])
    explained_paths = [where + (k,) for k in fields] + [("sources", k) for k in empty_ids]
    if sources is None:
        explained_paths.append(("sources",))
    return ([Finding(where + (fields[0],), "error", "source-fields-not-indented", message,
                     at_key=True)], explained_paths)
