"""Whether a message may quote a line of a file: only of a file that is public for sure. A
message reaches public CI logs, so a line of a withheld person's file, of an action (which may
name the withheld person it speaks for) or of an intake report is never quoted."""

from __future__ import annotations

import re

import yaml

from kremlinlist.files import yamlsafe
from kremlinlist.files.yaml_events import placed_events
from kremlinlist.model.case import Case, Organization
from kremlinlist.model.coalition import Coalition

# The kinds of file a message may quote a corrected line of. Never an intake report (private as a
# whole) or an action (its title or summary may name a withheld person it speaks for); a kind
# added later is never quoted until it is listed here.
QUOTABLE_KINDS = frozenset({"case", "organization", "criteria", "config", "coalition"})


def may_quote(kind: str, text: str) -> bool:
    """Whether a message may quote a line of this file: one of a kind public as a whole that
    shows no sign of being a case (a withheld case filed in organizations/ does), or a case file
    whose one top-level `publicity` says `public`, as YAML itself reads the file up
    to where it fails, and which does not speak of `publicity` after that point. Text tests
    were fooled (a misspelled or escaped key, a `publicity: public` line inside a quoted value,
    a ` #` or `#` line in one); the parser is not. Fails closed: no such key, another value, an
    alias or a collection there, or the word after the failure, and nothing is quoted."""
    if kind not in QUOTABLE_KINDS:
        return False
    if kind != "case" and _CASE_SIGN.search(text) is None:
        return True  # one that may be a case in the wrong folder is judged as one
    said, stopped = _top_level_publicity(text)
    if stopped is None:  # YAML read the whole file
        return said == ["public"]
    if said:  # the key comes before the mistake, and is the only one if none comes after
        return said == ["public"] and not any(
            "publicity" in line for line in yamlsafe.split_lines(text)[stopped:])
    return _says_public_plainly(text)  # a mistake above the key: the text must say it plainly


# Top-level keys a case has and organizations and coalitions do not.
_CASE_ONLY_KEYS = sorted(set(Case.model_fields) - set(Organization.model_fields)
                         - set(Coalition.model_fields))
# What makes a file of another kind judged as a case (it may be a withheld person's, filed in the
# wrong folder): publicity (or a key at the left edge spelled like it), hidden or anonymous, in any
# letter case; any backslash (an escape may spell them); a case's own key at the left edge or in a
# `{…}`.
_CASE_SIGN = re.compile(r"""publicit|^["']?pub\w{0,8}["']?[ \t]*:|hid+en|anon[iy]m|\\"""
                        r"""|(?:^|[{,])[ \t]*["']?(?:""" + "|".join(_CASE_ONLY_KEYS)
                        + r""")["']?[ \t]*:""", re.IGNORECASE | re.MULTILINE)
# What sets nothing, read past by `_says_public_plainly`: comment lines, and the comment after
# `publicity: public` (`new` writes both)
_COMMENT_LINE = re.compile(r"^[ \t]*#.*", re.M)
_PUBLIC_LINE = re.compile(r"""^publicity[ \t]*:[ \t]*(?:public|'public'|"public")"""
                          r"[ \t\r]*(?:#.*)?$", re.M)
_WITHHELD_WORD = re.compile(r"hidden|anonymous", re.IGNORECASE)


def _says_public_plainly(text: str) -> bool:
    """A block-style case file whose text says `publicity: public` at the left edge, once, and
    names publicity nowhere else, nor the words hidden or anonymous, with no backslash, no flow
    mapping and no double-quoted value over several lines (where a line could pretend)."""
    said_public = len(_PUBLIC_LINE.findall(text))
    rest = _PUBLIC_LINE.sub("publicity: public", _COMMENT_LINE.sub("", text))
    return (said_public == 1 and rest.count("publicity") == 1 and "\\" not in text
            and "{" not in rest and not _WITHHELD_WORD.search(rest)
            and all(line.count('"') % 2 == 0 for line in yamlsafe.split_lines(rest)))


def _top_level_publicity(text: str) -> tuple[list[str | None], int | None]:
    """Each value of a top-level `publicity` key, as YAML reads it (None: not a plain value),
    up to where the file fails to read, and the 0-based line it fails on (None if it does
    not)."""
    found: list[str | None] = []
    try:
        for ev, depth, _is_key, key in placed_events(text):
            if depth == 1 and key == "publicity":
                found.append(ev.value if type(ev) is yaml.ScalarEvent else None)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return found, mark.line if mark is not None else 0
    return found, None
