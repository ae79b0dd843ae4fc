"""Problems rendered for machines: JSON for tools and GitHub workflow annotations for pull requests."""

from __future__ import annotations

import json

from kremlinlist.base.problem import Problem


def printable(text: str) -> str:
    """Text for a terminal: control and invisible characters (say, in a file name from a pull
    request) shown as escapes, so they cannot move the cursor, recolour or fake a line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def to_json(payload: dict) -> str:
    """JSON that is always valid UTF-8: a file name that is not UTF-8 (held as surrogate escapes)
    is written as \\u escapes instead of as bytes no JSON reader takes."""
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(payload, ensure_ascii=True, indent=2)
    return text


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(p: Problem) -> str:
    """One `::error ...::` line; file names are escaped too, since they come from pull requests."""
    level = "error" if p.severity == "error" else "warning"
    props = [f"file={_escape_property(p.file)}"]
    if p.line:
        props += [f"line={p.line}", f"col={p.column}"]
    props.append(f"title={_escape_property('kremlinlist ' + p.code)}")
    return f"::{level} {','.join(props)}::{_escape_data(p.message)}"
