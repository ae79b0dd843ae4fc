"""A form's export read into rows of our columns (docs/intake.md): CSV with a header row, or
JSON lines. What cannot be read whole is refused before anything is written (unknown columns, a
map that would merge columns that cannot be merged); a row that cannot be a report is a bad row.
No message names a column by the export's own name, nor repeats a cell: in an export without a
header row the "names" are the first report's cells.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Iterator

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import _, ngettext
from kremlinlist.files import yamlsafe

COLUMNS = ("submitted", "reporter_name", "reporter_relation", "reporter_email", "reporter_phone",
           "person_name", "person_name_uk", "born", "region", "detained_on", "place",
           "what_happened")
# Names a form may ask in parts (first name, last name): several columns onto one of these are
# joined with a space, in the export's column order. Any other column is never merged.
JOINED = ("person_name", "person_name_uk", "reporter_name")
MAX_EXPORT_BYTES = 64 * 1024 * 1024


def mapping(map_file: Path | None) -> dict[str, str]:
    """The form's column -> ours, from a YAML or JSON mapping (the defaults map to themselves).
    A map putting several columns onto one that is not a name is refused: one value would be
    kept and the others lost."""
    out = {c: c for c in COLUMNS}
    if map_file is None:
        return out
    try:
        data = yamlsafe.parse(yamlsafe.read_text(map_file.read_bytes()))[0]
    except (OSError, yamlsafe.YamlError, UnicodeDecodeError, RecursionError):
        data = None
    if not isinstance(data, dict) or not all(isinstance(k, str) and v in COLUMNS
                                             for k, v in data.items()):
        raise KremlinlistError("intake-columns", _(
            "--map must be a mapping of the form's columns onto these: {columns}").format(
                columns=", ".join(COLUMNS)), usage=True)
    for ours in COLUMNS:
        theirs = [k for k, v in data.items() if v == ours]
        if len(theirs) > 1 and ours not in JOINED:
            raise KremlinlistError("intake-columns", _(
                "--map puts several columns onto `{column}` ({theirs}): only one value could "
                "be kept; map one of them, or the columns of a name ({names}), which are joined")
                .format(column=ours, theirs=", ".join(map(json.dumps, theirs)),
                        names=", ".join(JOINED)), usage=True)
    return {**out, **data}


def rows(path: Path, columns: dict[str, str]) -> Iterator[tuple[int, dict[str, str] | str]]:
    """(row number, our columns, or why the row is bad) of each row of a CSV or JSON-lines
    export. A column nobody mapped refuses the whole export, before anything is written."""
    try:
        if path.stat().st_size > MAX_EXPORT_BYTES:
            raise OSError
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise KremlinlistError("intake-columns", _(
            "the export cannot be read: it must be a UTF-8 CSV or JSON-lines file"),
            usage=True) from None
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json") or text.lstrip().startswith("{"):
        yield from _json_rows(text, columns)
    else:
        yield from _csv_rows(text, columns)


def unreadable() -> str:
    return _("the row cannot be read (not a JSON object, or a broken CSV line)")


class _Pairs(list):
    """A JSON object as its (key, value) pairs, so that a key given twice is seen."""


def _json_rows(text: str, columns: dict[str, str]) -> Iterator[tuple[int, dict[str, str] | str]]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:  # NaN and Infinity are read as numbers, and refused as not text below
            row = json.loads(line, object_pairs_hook=_Pairs, parse_constant=float)
        except (ValueError, RecursionError):  # RecursionError: [[[[... nested past the limit
            row = None
        if not isinstance(row, _Pairs):
            yield number, unreadable()
            continue
        targets = _targets([key for key, _value in row], columns)
        given = [ours for ours in targets if ours not in JOINED]
        twice = next((ours for ours in given if given.count(ours) > 1), None)
        if twice is not None:
            yield number, _("the row gives `{column}` more than once").format(column=twice)
            continue
        cells = []
        for ours, (_key, value) in zip(targets, row):
            if value is None:
                value = ""
            elif isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            elif not isinstance(value, str):
                cells = _("`{column}` is not text (a JSON string, or a whole number)").format(
                    column=ours)
                break
            cells.append(value)
        yield number, cells if isinstance(cells, str) else _joined(targets, cells)


def _csv_rows(text: str, columns: dict[str, str]) -> Iterator[tuple[int, dict[str, str] | str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error:
        raise KremlinlistError("intake-columns", _(
            "the export's header row cannot be read as CSV; nothing was imported"),
            usage=True) from None
    targets = _targets(header, columns)
    given = [ours for ours in targets if ours not in JOINED]
    for ours in dict.fromkeys(given):
        if given.count(ours) > 1:
            places = [str(i) for i, t in enumerate(targets, 1) if t == ours]
            raise KremlinlistError("intake-columns", _(
                "columns {places} of the export all give `{column}`: only one value could be "
                "kept; remove or map all but one of them (--map FILE, docs/intake.md)").format(
                    places=", ".join(places), column=ours), usage=True)
    done = reader.line_num  # the last line of the rows read so far
    while True:  # a broken line is one bad row: the rows after it are still read
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield done + 1, unreadable()  # where the broken row starts
            done = reader.line_num
            continue
        done = reader.line_num
        if not row:
            continue
        if len(row) > len(header):
            yield done, unreadable()
            continue
        yield done, _joined(targets, row + [""] * (len(header) - len(row)))


def _targets(names: list, columns: dict[str, str]) -> list[str]:
    """Our column for each of the export's, in order. Columns nobody mapped are refused, named by
    their place, never by their name."""
    unknown = [place for place, k in enumerate(names, 1) if k not in columns]
    if unknown and len(unknown) == len(names):
        raise KremlinlistError("intake-columns", _(
            "none of the export's {count} columns is one kremlinlist knows: it seems to have no "
            "header row, or one with the form's own names; add the header row, or map the "
            "form's columns onto the default ones with --map FILE (docs/intake.md)")
            .format(count=len(names)), usage=True)
    if unknown:
        raise KremlinlistError("intake-columns", ngettext(
            "the export has {count} column kremlinlist does not know (column {places}); map it "
            "onto the default ones with --map FILE (docs/intake.md)",
            "the export has {count} columns kremlinlist does not know (columns {places}); map "
            "them onto the default ones with --map FILE (docs/intake.md)", len(unknown)).format(
                count=len(unknown), places=", ".join(map(str, unknown))), usage=True)
    return [columns[k] for k in names]


def _joined(targets: list[str], cells: list[str]) -> dict[str, str]:
    """Our columns of one row: the parts of a name joined with a space, in column order."""
    parts: dict[str, list[str]] = {}
    for ours, value in zip(targets, cells):
        if value.strip():
            parts.setdefault(ours, []).append(value.strip())
    return {ours: " ".join(values) for ours, values in parts.items()}
