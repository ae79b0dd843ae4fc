"""A YAML file's lines as the explainers of files.yaml_mistakes read them, and what of them a
message may show.

A corrected line quotes the file, and messages reach public CI logs, so a line is shown only where
that is safe (`Lines.shown`): never from a withheld person's file or at or after a `private:`
block, never under a private field's key, never a long value or one that looks like markup;
otherwise the message keeps the line's shape with `…` for what it would quote.
"""

from __future__ import annotations

import functools
import re
import types
import typing
from dataclasses import dataclass

from pydantic import BaseModel

from kremlinlist.base.i18n import _
from kremlinlist.files import yamlsafe
from kremlinlist.files.quotable import may_quote
from kremlinlist.model import case as case_model

MODELS = [c for c in vars(case_model).values()
          if isinstance(c, type) and issubclass(c, BaseModel) and c.model_fields]
FIELD_SETS = [frozenset(c.model_fields) for c in MODELS]
FIELD_NAMES = frozenset().union(*FIELD_SETS)
SOURCE_FIELDS = frozenset(case_model.Source.model_fields)
CASE_FIELDS = frozenset(case_model.Case.model_fields)
# Keys whose values are private wherever they stand; `sources` is not one: outside a private block
# (whose every line is withheld anyway) it holds source ids.
PRIVATE_KEYS = (frozenset(case_model.Private.model_fields) | frozenset(
    case_model.Relative.model_fields) | {"private"}) - {"sources"}


def _holds_one_value(annotation: object) -> bool:
    """Whether a field's type is one value (text, a date, a choice), not a list or a mapping."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _holds_one_value(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return all(_holds_one_value(a) for a in typing.get_args(annotation) if a is not type(None))
    if origin in (list, dict) or annotation in (list, dict):
        return False
    return not (isinstance(annotation, type) and issubclass(annotation, BaseModel))


# Fields that hold one value in every model that has them: a `[` or `{` starting their value is
# text, not a list or a group of keys.
ONE_VALUE_FIELDS = frozenset(n for n in FIELD_NAMES if all(
    _holds_one_value(c.model_fields[n].annotation) for c in MODELS if n in c.model_fields))



def _free_text(annotation: object) -> bool:
    """Whether a field's type is text of the researcher's own words: no date, no choice, no
    pattern (an id, a code, a url), no check of its own, no short limit (a term)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return all(_free_text(a) for a in typing.get_args(annotation) if a is not type(None))
    if origin is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        return _free_text(base) and _unconstrained(meta)
    return annotation is str


def _unconstrained(meta: list) -> bool:
    """Whether a field's metadata (pydantic's FieldInfo, or the rules it holds) sets no pattern,
    no check (a validator) and no limit shorter than a line of text."""
    rules = [r for m in meta for r in getattr(m, "metadata", None) or [m]]
    return not any(getattr(r, "pattern", None) or (getattr(r, "max_length", None) or 500) < 500
                   or callable(getattr(r, "func", None)) for r in rules)


def _free_text_field(model: type[BaseModel], name: str) -> bool:
    """Whether field `name` of `model` holds free text. pydantic keeps the rules of a field
    declared `country: Country` in the field's metadata, not in its annotation (which is then
    `str`), and a `field_validator` among the model's decorators."""
    field = model.model_fields[name]
    checked = any(name in d.info.fields
                  for d in model.__pydantic_decorators__.field_validators.values())
    return not checked and _unconstrained(field.metadata) and _free_text(field.annotation)


# Fields that hold free text in every model that has them: a ` #` and a note may be quoted into
# their value; in any other (an id, a code, a date, a choice, a list of ids) quotes would not
# read.
TEXT_FIELDS = frozenset(n for n in FIELD_NAMES if all(
    _free_text_field(c, n) for c in MODELS if n in c.model_fields))
# Fields that hold a list of free text in every model that has them (`aliases`).
TEXT_LIST_FIELDS = frozenset(n for n in FIELD_NAMES if all(
    typing.get_origin(c.model_fields[n].annotation) is list
    and _free_text(typing.get_args(c.model_fields[n].annotation)[0])
    for c in MODELS if n in c.model_fields))

ENTRY = re.compile(r"(?P<indent> *)(?P<dash>(?:- +)*)(?:(?P<key>[A-Za-z_][\w-]*) *:(?= |$) *)?"
                   r"(?P<value>.*)")
_SAFE = re.compile(r"[\w .,;:!?'\"’“”„«»()\[\]/#№&+%=-]*")
_MAX_SHOWN = 100
# `private` as a key anywhere on a line (plain or quoted, block or flow style): what follows it is
# never quoted. A false match (the word in a value) only quotes less.
_PRIVATE_BLOCK = re.compile(r"""(?:^|[\s{,\-])["']?private["']?[ \t]*:""")
_COMMENT = re.compile(r"[ \t]+#.*$")
# The key a line starts with however it is written: plain (a tab may follow its colon), quoted,
# or asked for with `? `; after any list dashes.
_ANY_KEY = re.compile(r"""(?:-[ \t]+)*(?:(?P<plain>[A-Za-z_][\w-]*)[ \t]*:(?=[ \t]|$)"""
                      r"""|["'](?P<quoted>[A-Za-z_][\w-]*)["'][ \t]*:|\?[ \t]+"""
                      r"""(?P<asked>[A-Za-z_][\w-]*)[ \t]*$)""")


@dataclass(frozen=True)
class Entry:
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

    @property
    def bare(self) -> str:
        """The value without a comment after it, nor the spaces around."""
        return uncommented(self.value).strip()


def uncommented(text: str) -> str:
    """`text` without a ` #` comment at its end (the first ` #` starts it, as in a plain value)."""
    return _COMMENT.sub("", text, count=1)


def entry(lines: list[str], number: int) -> Entry | None:
    """Line `number` as an entry, or None for a blank or comment line or one out of range."""
    if not 1 <= number <= len(lines):
        return None
    text = lines[number - 1]
    if not text.strip(" ") or text.lstrip(" ").startswith("#"):
        return None
    m = ENTRY.match(text)
    indent = len(m["indent"])
    at = indent + len(m["dash"])
    return Entry(number, indent, indent if m["dash"] else None, m["key"],
                 at if m["key"] else None, m["value"], m.start("value"))


def entry_before(lines: list[str], number: int) -> Entry | None:
    """The nearest entry above line `number` (blank and comment lines skipped)."""
    for n in range(number - 1, 0, -1):
        e = entry(lines, n)
        if e is not None:
            return e
    return None


def _unknown_top_key(line: str) -> bool:
    """A case file's top-level line that opens a block under a key that is not a case's field
    (`Private:`, `privat:`, a quoted or escaped key): it may be the private block misspelled,
    so nothing from it on is quoted (fails closed)."""
    if (not line or line[0].isspace() or line[0] in "#-"
            or not uncommented(line).rstrip().endswith(":")):
        return False
    found = ENTRY.match(line)
    return found is None or found.group("key") not in CASE_FIELDS


def entry_after(lines: list[str], number: int) -> Entry | None:
    """The nearest entry below line `number` (blank and comment lines skipped)."""
    for n in range(number + 1, len(lines) + 1):
        e = entry(lines, n)
        if e is not None:
            return e
    return None


class Lines:
    """The file's lines and what may be quoted from them."""

    def __init__(self, text: str, kind: str):
        self.text = text
        self.lines = yamlsafe.split_lines(text)
        self.withheld = not may_quote(kind, text)
        self.private_from = next((i + 1 for i, line in enumerate(self.lines)
                                  if _PRIVATE_BLOCK.search(line)
                                  or (kind == "case" and _unknown_top_key(line))), None)

    def shown(self, number: int, key: str | None, words: str) -> bool:
        """Whether `words`, taken from line `number` (under `key`), may appear in a message."""
        return (not self.withheld and (self.private_from is None or number < self.private_from)
                and (key is None or key not in PRIVATE_KEYS) and len(words) <= _MAX_SHOWN
                and "](" not in words and _SAFE.fullmatch(words) is not None
                and not self.under_private_key(number))

    def under_private_key(self, number: int) -> bool:
        """Whether line `number`'s own key, or a key it is indented under, is a private field
        (`health:` and a tab, `"notes": …`, a relative's lines under `relatives:`), as far as the
        lines' indentation tells; the case's own `name:` at the left edge is not."""
        indents, above, parents = self._outline
        n = above[min(number, len(above) - 1)] if number >= 1 else 0  # past the end: the last
        while n:
            body = self.line(n)[indents[n]:]
            found = _ANY_KEY.match(body)
            key = found and (found["plain"] or found["quoted"] or found["asked"])
            if key in PRIVATE_KEYS and not (key == "name" and indents[n] == 0 and n != number):
                return True
            if n == number and body.startswith(":"):  # a `: value` line belongs to the `? key`
                n = above[n - 1]  # above it, at its own indentation
                while n and indents[n] > indents[number]:
                    n = above[n - 1]
            elif indents[n] == 0:
                return False
            else:
                n = parents[n]
        return False

    @functools.cached_property
    def _outline(self) -> tuple[list[int], list[int], list[int]]:
        """Per line (1-based): its indentation; the nearest line at or above it that holds
        something (not blank, not a comment); and the nearest such line above it indented less.
        Made in one pass, so that asking of every line of a long block is not quadratic."""
        indents, above, parents = [0], [0], [0]
        stack: list[int] = []  # the lines holding something, each indented more than the last
        for n, text in enumerate(self.lines, start=1):
            body = text.lstrip(" ")
            indents.append(len(text) - len(body))
            if not body.strip() or body.startswith("#"):
                above.append(above[-1])
                parents.append(0)
                continue
            while stack and indents[stack[-1]] >= indents[n]:
                stack.pop()
            parents.append(stack[-1] if stack else 0)
            stack.append(n)
            above.append(n)
        return indents, above, parents

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else ""

    def entry(self, number: int) -> Entry | None:
        return entry(self.lines, number)

    def replaced(self, number: int, text: str) -> str:
        """The file with line `number` replaced by `text` (its line breaks made `\\n`)."""
        return "\n".join(self.lines[:number - 1] + [text] + self.lines[number:])


def key_words(key: str | None) -> str:
    """A key for a message: a field name of the format, or a stand-in for one a researcher chose."""
    return f"`{key}:`" if key in FIELD_NAMES else _("the key")


def quoted(value: str) -> str:
    """`value` as a YAML double-quoted scalar (single quotes when it holds double ones)."""
    if '"' in value and "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(lines: Lines, e: Entry, value: str | None, indent: int | None = None) -> str:
    """Line `e` as it should be written: its key, and `value` (already written as YAML) where it
    may be shown, else `"…"`; re-indented to `indent` when given."""
    head = " " * (e.indent if indent is None else indent) + "- " * (e.dash is not None)
    if e.key is not None and e.key not in FIELD_NAMES and not lines.shown(e.number, None, e.key):
        return head + "…: …"
    key = f"{e.key}: " if e.key is not None else ""
    if value is None or not lines.shown(e.number, e.key, value):
        value = '"…"' if value is not None and value[:1] in "\"'" else "…"
    return head + key + value


def said(template: str, fixed: str, **words: object) -> str:
    """A message (already through `_`, so the catalog finds it) with its corrected line."""
    return template.format(fixed=fixed, **words)


def reach(text: str) -> float:
    """The line `text` fails to read at (infinity when it reads): how far a mended file gets."""
    try:
        yamlsafe.parse(text)
    except yamlsafe.YamlError as exc:
        return exc.line
    return float("inf")


def reads_past(text: str, line: int) -> bool:
    """Whether `text` reads, or fails only below `line`: a mended line is the mistake's cause."""
    return reach(text) > line
