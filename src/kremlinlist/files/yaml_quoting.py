"""The everyday mistakes of quoting a value: what files.yaml_mistakes asks when libyaml fails.

A value needs quotes when it holds `: ` or starts with a sign YAML gives a meaning (`[`, `@`, `*`
...); curly quotes are not quotes to YAML; a quote left open swallows the lines below it up to the
next quote; an apostrophe inside '…' closes it. Each explainer takes the file's lines, the lines
near the failure and libyaml's error, and returns the explained error or None.
"""

from __future__ import annotations

import re

import yaml

from kremlinlist.base.i18n import _
from kremlinlist.files import yamlsafe
from kremlinlist.files.yaml_lines import (FIELD_NAMES, ONE_VALUE_FIELDS, Entry, Lines,
                                          entry_after, quoted, reads_past, said, uncommented,
                                          write)

OPENERS = "“”„‘’‚«‹"  # quotes a word processor types, which YAML does not read as quotes
CLOSERS = "“”‘’»›"
MAPPING_VALUES = "mapping values are not allowed in this context"
# Signs that give a value another meaning when it starts with them (`-` and `?` only before a
# space): a list, a group of keys, a reference, a tag, a block of text, or nothing (reserved).
SPECIAL_STARTS = "[{@`%*&!>|-?"


def curly_quotes(lines: Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    for n in near:
        e = lines.entry(n)
        if e is None or not e.value or e.value[0] not in OPENERS or not re.search(
                r": |:$", e.value.rstrip()):
            continue
        inner = e.value.rstrip()
        inner = inner[1:-1] if len(inner) > 1 and inner[-1] in CLOSERS else inner[1:]
        return yamlsafe.YamlError(n, e.value_column + 1, "yaml-curly-quotes",
                                  curly_said(e.value[0], write(lines, e, quoted(inner))))
    return None


def curly_said(quote: str, fixed: str) -> str:
    return said(_("the value starts with a curly quote ({quote}), which YAML does not read as a "
                  "quote, so a `: ` or `#` inside it breaks the line; use straight quotes: "
                  "`{fixed}`"), fixed, quote=quote)


def unclosed_quote(lines: Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    """A quote never closed: YAML reads on to the end of the file, or to the next quote in it
    (the error is then there, far below the line to mend)."""
    if (err.context == "while scanning a quoted scalar" and err.context_line is not None
            and err.problem == "found unexpected end of stream"):
        n = err.context_line
        e = lines.entry(n)
        if e is None or not e.value or e.value[0] not in "\"'":
            return None
        fixed = write(lines, e, e.value[0] + e.value[1:].rstrip() + e.value[0])
        return yamlsafe.YamlError(n, e.value_column + 1, "yaml-unclosed-quote", said(
            _("the quote that opens this value is never closed, so YAML reads on to the end of "
              "the file; end the value with the same quote: `{fixed}`"), fixed))
    start = _swallowing_quote(lines.text, err)
    if start is None:
        return None
    e = lines.entry(start)
    if e is None or not e.value or e.value[0] not in "\"'":
        return None
    closed = e.value[0] + e.value[1:].rstrip() + e.value[0]
    if not reads_past(lines.replaced(start, lines.line(start)[:e.value_column] + closed),
                      err.line):
        return None
    fixed = write(lines, e, closed)
    return yamlsafe.YamlError(start, e.value_column + 1, "yaml-unclosed-quote", said(
        _("the quote that opens this value is not closed on its line, so YAML reads the lines "
          "below as part of the value, up to the next quote (line {line}); end the value with "
          "the same quote: `{fixed}`"), fixed, line=err.line))


def _swallowing_quote(text: str, err) -> int | None:
    """The line of a quoted value that runs over several lines and ends on the failing line
    (libyaml fails just after it), or None."""
    last = None
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, yaml.ScalarEvent):
                last = event
    except yaml.YAMLError:
        pass
    if (last is None or last.style not in ("'", '"') or last.end_mark.line + 1 != err.line
            or last.start_mark.line == last.end_mark.line):
        return None
    return last.start_mark.line + 1


def text_after_quote(lines: Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    for n in near:
        e = lines.entry(n)
        if e is None or not e.value or e.value[0] not in "\"'":
            continue
        quote = e.value[0]
        m = re.match(r'"((?:[^"\\]|\\.)*)"(.*)' if quote == '"' else r"'((?:[^']|'')*)'(.*)",
                     e.value)
        if m is None or not m.group(2).strip() or m.group(2).lstrip().startswith("#"):
            continue
        at = e.value_column + 2 + len(m.group(1))
        value, message = after_quote(uncommented(e.value).rstrip())
        return yamlsafe.YamlError(n, at, "yaml-text-after-quote", said(message, write(lines, e,
                                                                                   value)))
    return None


def after_quote(whole: str) -> tuple[str, str]:
    """A value whose closing quote comes before its end (`whole`, from its opening quote on),
    quoted as a whole, and the message that says why (with `{fixed}` still to fill in)."""
    if whole[0] == "'":
        inner = whole[1:-1] if len(whole) > 1 and whole.endswith("'") else whole[1:]
        return "'" + inner.replace("''", "'").replace("'", "''") + "'", _(
            "an apostrophe inside a value in single quotes ends the value there, so YAML "
            "cannot read the text after it; inside '…' write each apostrophe twice (''), "
            "or use double quotes, or no quotes at all (an apostrophe inside a value "
            "without quotes is fine): `{fixed}`")
    if "'" not in whole:
        return f"'{whole}'", _(
            "the value's closing quote comes before its end, so YAML cannot read the text "
            "after it; quote the whole value (the inner quotes then stay as written): "
            "`{fixed}`")
    return "'" + whole.replace("'", "''") + "'", _(
        "the value's closing quote comes before its end, so YAML cannot read the text "
        "after it; the value holds both kinds of quotes, so put it in single quotes and "
        "write each `'` inside it twice, as `''` (or put it in double quotes and write "
        "each `\"` inside it as `\\\"`): `{fixed}`")


def colon_in_value(lines: Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    if err.problem != MAPPING_VALUES:
        return None
    for n in near[:2]:
        e = lines.entry(n)
        if e is None or e.key is None or not e.value or e.value[0] in "\"'[{|>&*!#":
            continue
        value = uncommented(e.value).rstrip()
        m = re.search(r": |:$", value)
        if m is None:
            continue
        return yamlsafe.YamlError(n, e.value_column + m.start() + 1, "yaml-unquoted-colon",
                                  colon_said(write(lines, e, quoted(value))))
    return _wrapped_colon(lines, err)


def colon_said(fixed: str) -> str:
    return said(_("the value holds a colon followed by a space (or ends with a colon), which YAML "
                  "reads as the start of another key; put the value in quotes: `{fixed}`"), fixed)


def _wrapped_colon(lines: Lines, err) -> yamlsafe.YamlError | None:
    """A value wrapped onto lines below its key, one of which holds `: `: the lines between are
    more indented than the key, hold no key of the format, and the key's value is plain text."""
    e = lines.entry(err.line)
    if (e is None or e.dash is not None or e.key in FIELD_NAMES
            or lines.line(err.line)[err.column - 1:err.column] != ":"):
        return None
    owner = None
    for n in range(err.line - 1, 0, -1):
        o = lines.entry(n)
        if o is None:
            continue
        if o.key is not None or o.dash is not None:
            owner = o
            break
    if (owner is None or owner.key not in ONE_VALUE_FIELDS
            or not owner.bare or owner.bare[0] in "\"'" + SPECIAL_STARTS
            or e.indent <= owner.key_column):
        return None
    last = err.line
    while (a := entry_after(lines.lines, last)) is not None and a.indent > owner.key_column \
            and a.key not in FIELD_NAMES and a.dash is None:
        last = a.number
    words = " ".join(lines.line(n).strip() for n in range(owner.number, last + 1))
    quote = "'" if '"' in words and "'" not in words else '"'
    if '"' in words and "'" in words:
        return None
    first = write(lines, owner, quote + owner.bare)
    end = lines.line(last).rstrip()
    fixed = (end + quote if lines.shown(last, owner.key, end.strip())
             else " " * (len(end) - len(end.lstrip(" "))) + "…" + quote)
    return yamlsafe.YamlError(err.line, err.column, "yaml-unquoted-colon", said(
        _("the value of {key} (line {line}) goes on over the lines below it, and this one holds "
          "a colon followed by a space, which YAML reads as the start of another key; put the "
          "whole value in quotes: open them on line {line} (`{first}`) and close them at the end "
          "of line {last}: `{fixed}`"), fixed, key=f"`{owner.key}:`", line=owner.number,
        first=first, last=last))


def special_start(lines: Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    """A value that starts with a sign YAML reads as something else than text: `[ВІДЕО] Вирок`
    (a list, then words it cannot read), `@name`, `*важливо*`, `> 5 років` ..."""
    e = lines.entry(err.line)
    if e is None or e.key is None or not e.value or e.value[0] not in SPECIAL_STARTS:
        return None
    value = uncommented(e.value).rstrip()
    sign = value[0]
    if err.code == "yaml-alias":  # a reference to no anchor of the file: text was meant
        name = re.match(r"\*([^\s,\[\]{}]*)", value)
        if (sign != "*" or err.column != e.value_column + 1 or name is None
                or f"&{name[1]}" in lines.text):
            return None
    elif err.column <= e.value_column:
        return None  # libyaml failed before the value: something else is wrong
    if sign in "[{-?" and e.key not in ONE_VALUE_FIELDS:
        return None  # a list or a group of keys may be meant: not taken for text
    if sign in "[{":
        closing = _closing(value)
        if closing is None or not value[closing + 1:].strip():
            return None  # unclosed: files.yaml_braces says where to close a list's bracket
    elif sign in "-?" and not value.startswith(sign + " "):
        return None
    return _quote_special(lines, e)


def _quote_special(lines: Lines, e: Entry) -> yamlsafe.YamlError:
    """The advice to quote line `e`'s value, which starts with a sign of SPECIAL_STARTS."""
    value = uncommented(e.value).rstrip()
    return yamlsafe.YamlError(e.number, e.value_column + 1, "yaml-special-first-character",
                              special_said(value[0], write(lines, e, quoted(value))))


def special_said(sign: str, fixed: str) -> str:
    """Why a value starting with `sign` (one of SPECIAL_STARTS) needs quotes."""
    if sign in "[{":
        return said(_("a value that starts with `{sign}` is read as a list (`[`) or a group of "
                      "keys (`{{`), so YAML cannot read it as text; put the whole value in "
                      "quotes: `{fixed}`"), fixed, sign=sign)
    return said(_("a value cannot start with {sign} without quotes: YAML gives this sign a meaning "
                  "of its own at the start of a value; put the value in quotes: `{fixed}`"), fixed,
                sign="`` ` ``" if sign == "`" else f"`{sign}`")


def _closing(value: str) -> int | None:
    """The index of the bracket closing the one `value` starts with, quotes skipped; or None."""
    depth, quote = 0, None
    for i, ch in enumerate(value):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "\"'" and (i == 0 or value[i - 1] in " [{,"):
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0:
                return i
    return None
