"""A report's envelope changed in place (docs/intake.md): `status:`, `case:` and a new line of
`history:` are written into the file's text, so that every comment and the layout of the rest,
the report above all, are kept as written. A change is kept only when the file then reads as the
same data with just those values changed (`moved_data`): the caller reads the changed file back,
once, and checks it; a layout with no place for a value is said at once (None), never guessed.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

import yaml

from kremlinlist.app.seal import block_text, sealed_yaml, splice
from kremlinlist.files import loader, sealed

# A top-level key whose value is one plain or quoted scalar on its line, a comment after it kept
_SCALAR = re.compile(r"(?P<head>(?P<key>status|case):[ \t]*)(?P<value>[^\s#][^#\n]*?)?"
                     r"(?P<tail>[ \t]+#[^\n]*)?(?P<end>\r?\n)?\Z")
_EMPTY_LIST = re.compile(r"history:[ \t]*\[[ \t]*\](?P<tail>[ \t]+#[^\n]*)?(?P<end>\r?\n)?\Z")


def _top(lines: list[str], key: str) -> int | None:
    return next((i for i, line in enumerate(lines) if line.startswith(key + ":")), None)


def _continues(lines: list[str], i: int) -> bool:
    """Whether the line after `i` carries on the value of the top-level key on line `i`."""
    return i + 1 < len(lines) and lines[i + 1][:1] in (" ", "\t") and \
        not lines[i + 1].lstrip().startswith("#")


def _set_scalar(lines: list[str], key: str, value: str, before: str) -> bool:
    """Set `key: value` on its line (a comment after it kept), or add the line before the
    top-level key `before`; False when the layout is not one line."""
    written = yaml.safe_dump({key: value}, allow_unicode=True, width=10_000).rstrip("\n")
    i = _top(lines, key)
    if i is None:
        at = _top(lines, before)
        if at is None:
            return False
        lines.insert(at, written + "\n")
        return True
    m = _SCALAR.match(lines[i])
    if m is None or m["value"] is None or _continues(lines, i):
        return False
    lines[i] = written + (m["tail"] or "") + (m["end"] or "\n")
    return True


def _add_history(lines: list[str], change: dict) -> bool:
    """A new last item of `history:` in the list's own indentation; False for a flow list that
    is not empty."""
    i = _top(lines, "history")
    if i is None:
        at = _top(lines, "report")
        if at is None:
            return False
        lines[at:at] = ["history:\n", *yaml.safe_dump(
            [change], sort_keys=False, allow_unicode=True, width=100).splitlines(keepends=True)]
        return True
    if m := _EMPTY_LIST.match(lines[i]):
        lines[i] = "history:" + (m["tail"] or "") + "\n"
    elif lines[i].split("#", 1)[0].strip() != "history:":
        return False
    last, indent = i, None
    for j in range(i + 1, len(lines)):
        line = lines[j]
        if not line.strip() or line.startswith("#"):
            continue
        if line[:1] not in (" ", "\t", "-"):
            break
        if indent is None and line.lstrip(" ").startswith("-"):
            indent = len(line) - len(line.lstrip(" "))
        last = j
    if not lines[last].endswith("\n"):
        lines[last] += "\n"
    item = yaml.safe_dump([change], sort_keys=False, allow_unicode=True, width=100)
    lines[last + 1:last + 1] = textwrap.indent(item, " " * (indent or 0)).splitlines(
        keepends=True)
    return True


def moved_data(before: dict, status: str, case: str | None, change: dict) -> dict:
    """What a report's file, read as `before`, must read as once moved: just `status`, `case`
    (when given) and a last line of `history` changed."""
    history = before.get("history", [])
    return {**before, "status": status, **({"case": case} if case else {}),
            "history": [*history, change] if isinstance(history, list) else None}


def moved_text(text: str, status: str, case: str | None, change: dict) -> str | None:
    """`text` with `status`, `case` (when given) and `change` added to `history`; None when the
    file's layout has no place for them in place. Not read back here: the caller checks that it
    reads as `moved_data`, where it parses the new file anyway."""
    lines = text.splitlines(keepends=True)
    if not (_set_scalar(lines, "status", status, "history" if _top(lines, "history") is not None
                        else "report")
            and (case is None or _set_scalar(lines, "case", case, "history" if _top(
                lines, "history") is not None else "report"))
            and _add_history(lines, change)):
        return None
    return "".join(lines)


def sealed_in_place(text: str, key: str, value: Any, keys: list[str]) -> tuple[str, dict]:
    """`text` with its plain block `key`, which reads as `value`, sealed for `keys` as `seal`
    does it (the block as written, its comments too, is what is sealed); and what the block
    then reads as."""
    armored, sealed_for = sealed.seal(block_text(text, key, value).encode("utf-8"), keys)
    return (splice(text, key, sealed_yaml(key, armored, sealed_for)),
            {"sealed": armored.strip() + "\n", "sealed_for": sealed_for})


def read_back(rel: str, text: str, expected: dict,
              keys: list[str]) -> tuple[bytes, loader.Loaded, dict]:
    """`text` with its plain report sealed for `keys` (when any), read back (the one parse of
    the new file, whose model is the caller's to keep), and the data it must read as."""
    if keys:
        text, report = sealed_in_place(text, "report", expected["report"], keys)
        expected = {**expected, "report": report}
    data = text.encode("utf-8")
    return data, loader.load_bytes(rel, data, "intake"), expected
