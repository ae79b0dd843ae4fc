"""Marks left out or mistyped, explained (files.yaml_mistakes asks): a list item's `- `
forgotten, which YAML reads as keys written twice (deleting one, as a duplicate is mended,
would merge two items); a key's colon missing, which libyaml names at the next line in its own
words; a list item's `-` typed as another dash (a word processor's auto-bullet)."""

from __future__ import annotations

import re

from kremlinlist.base.i18n import _
from kremlinlist.files import yamlsafe
from kremlinlist.files.yaml_lines import FIELD_NAMES, Entry, Lines, entry, reads_past, said, write
from kremlinlist.model.dates import DASHES

# A key with no colon after it, and its value: `    place Kherson`.
_NO_COLON = re.compile(r"(?P<indent> *)(?P<dash>(?:- +)*)(?P<key>[a-z_]+) +(?P<value>[^\s:#].*)")
# A list item's `-` written as another dash (a word processor's auto-bullet `–`).
_OTHER_DASH = re.compile(r"(?P<indent> *)(?P<dash>[" + DASHES + r"])[ \t]+(?P<rest>\S.*)")


def new_item(lines: Lines, e: Entry, dashed: bool, past: int = 0) -> tuple[int, str] | None:
    """The column and the message when the key on `e` seems to start a new item of a list whose
    `- ` was forgotten: `e` stands at the column of an item's keys (`dashed` false: YAML reads it
    as a key written twice) or of its `-` (`dashed`: YAML cannot read it), and it or the keys
    after it repeat the item's first key; with the `- `, the file reads past line `past`.
    Deleting a key, as a duplicate is mended, would merge two items and lose one; a line
    indented like the item's keys would do the same."""
    if e.key is None or e.dash is not None:
        return None
    item = None
    for n in range(e.number - 1, 0, -1):
        a = lines.entry(n)
        if a is None or a.content > e.indent or (not dashed and a.content == e.indent):
            continue
        if a.dash is not None and a.key is not None \
                and (a.dash if dashed else a.key_column) == e.indent:
            item = a
        break
    if item is None:
        return None
    keys = [e.key]
    for n in range(e.number + 1, len(lines.lines) + 1):
        b = lines.entry(n)
        if b is None or b.content > item.key_column:
            continue
        if b.content < item.key_column:
            break
        if b.dash is None:
            keys.append(b.key)
    mended = " " * item.dash + "- " + lines.line(e.number).lstrip(" ")
    if len(keys) < 2 or item.key not in keys \
            or not reads_past(lines.replaced(e.number, mended), max(e.number, past)):
        return None
    as_item = entry(lines.lines[:e.number - 1] + [mended], e.number)
    fixed = write(lines, as_item, as_item.value)
    owner = next((a for a in (lines.entry(n) for n in range(item.number - 1, 0, -1))
                  if a is not None and (a.content < item.dash
                                        or (a.content == item.dash and a.dash is None))), None)
    if owner is not None and owner.key in FIELD_NAMES and not owner.bare:
        return item.dash + 1, said(_(
            "a new item of `{list}` seems to start here, but its `- ` is missing: without it "
            "its keys are read as more keys of the item above (line {line}), and one of each "
            "pair is lost; start the item with `- `: `{fixed}`"), fixed, list=owner.key,
            line=item.number)
    return item.dash + 1, said(_(
        "a new list item seems to start here, but its `- ` is missing: without it its keys are "
        "read as more keys of the item above (line {line}), and one of each pair is lost; start "
        "the item with `- `: `{fixed}`"), fixed, line=item.number)


def dash_at_item_column(lines: Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    """A key at the column of a list's `-` that starts a new item: its `- ` was forgotten
    (lined up with the item above instead, two items would be merged). Where the list's `-`
    stands at its key's column, the line reads as a key of that mapping, and libyaml stops at
    the item's next key, below it."""
    for n in dict.fromkeys([err.line, *near]):
        e = lines.entry(n)
        anew = new_item(lines, e, dashed=True, past=err.line) if e is not None else None
        if anew is not None:
            return yamlsafe.YamlError(n, anew[0], "yaml-indentation", anew[1])
    return None


def other_dash(lines: Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    """A list item started with a dash that is not a hyphen (`–`, a word processor's bullet)."""
    for n in dict.fromkeys([err.line, *near]):
        m = _OTHER_DASH.fullmatch(lines.line(n))
        mended = f"{m['indent']}- {m['rest']}" if m else ""
        if m is None or not reads_past(lines.replaced(n, mended), max(n, err.line)):
            continue
        e = entry(lines.lines[:n - 1] + [mended], n)
        return yamlsafe.YamlError(n, len(m["indent"]) + 1, "yaml-syntax", said(
            _("the line starts with a dash “{dash}” (U+{code:04X}), not a hyphen `-`; a list item "
              "is written with a hyphen and a space: `{fixed}`"), write(lines, e, e.value),
            dash=m["dash"], code=ord(m["dash"])))
    return None


def missing_colon(lines: Lines, near: list[int], err) -> yamlsafe.YamlError | None:
    """A key of the format written without its colon (`place Kherson`): libyaml says so at the
    next line, in its own words."""
    if err.problem != "could not find expected ':'":
        return None
    for n in dict.fromkeys([err.context_line or err.line, *near]):
        m = _NO_COLON.fullmatch(lines.line(n))
        if m is None or m["key"] not in FIELD_NAMES:
            continue
        mended = f"{m['indent']}{m['dash']}{m['key']}: {m['value']}"
        if not reads_past(lines.replaced(n, mended), max(n, err.line)):
            continue
        e = entry(lines.lines[:n - 1] + [mended], n)
        return yamlsafe.YamlError(n, m.start("key") + 1, "yaml-syntax", said(
            _("there is no colon after `{key}`, so YAML does not read it as a key; put a colon "
              "after it: `{fixed}`"), write(lines, e, e.value), key=m["key"]))
    return None
