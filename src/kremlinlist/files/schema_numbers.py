"""The wording of two kinds of schema error `schema_messages` leaves to this module: a number
refused (`count: "1,200"`, `goal: 1.5`, `count: -5`) and an item of a list or an entry of a
mapping of the wrong type (`members: [ccl]`, `sources: {s1: }`), where the field is right and
its item is what to fix. Each says what to write instead, in the reader's language.

As in `schema_messages`, a message never repeats a value from the file: the number to write is
worked out from the value only where `said` allows it.
"""

from __future__ import annotations

import re
from typing import Any

from kremlinlist.base.i18n import N_, _
from kremlinlist.base.problem import Finding

# How an item is written where a list's or a mapping's items take one form, as an example.
_ITEM_EXAMPLES = {
    "members": "- {org: ccl, sources: [s1]}",
    "facilitators": "- {name: ..., sources: [s1]}",
    "published_counts": "- {count: 150, qualifier: at-least, sources: [s1]}",
    "sources": "s1: {title: ..., url: https://...}",
    "events": "- {date: 2014-05-10, type: detained, sources: [s1]}",
}
# What an item is where it takes more than a mapping: an action's `by` takes an id as well.
_ITEM_FORMS = {
    "by": N_("an organization's id (`- ccl`) or a name (`- {name: ...}`)"),
}
# The digit groups a number may be written with in a source: 1,200, 1 200, 1.200, 1'200.
_GROUPED = re.compile(r"\d{1,3}(?:[,. '\u00a0\u202f]\d{3})+\Z")
_FRACTION = re.compile(r"-?\d*[.,]\d+\Z")
_NUMBER_KINDS = ("int_parsing", "int_from_float", "int_type", "greater_than_equal")
_EXAMPLE = 1500  # never a value of the file: what `e.g.` shows


def number_finding(err: dict, path: tuple, name: str, value: Any, said: bool,
                   found: str) -> Finding | None:
    """A whole number refused: digits only, no fraction, not below its bound. `found` is what
    the value is in words (`describe`), for a value that is no number at all."""
    kind = err["type"]
    if kind not in _NUMBER_KINDS:
        return None
    words = {"name": name, "example": _EXAMPLE}
    if kind == "greater_than_equal":
        return Finding(path, "error", "invalid-value", _(
            "`{name}` cannot be below {least}: write the number the source gives, without a "
            "minus sign").format(
                least=(err.get("ctx") or {}).get("ge", 0), **words))
    text = value.strip() if isinstance(value, str) else ""
    grouped = kind == "int_parsing" and _GROUPED.match(text) is not None  # 1,200 before 1.5
    if kind == "int_from_float" or (kind == "int_parsing" and not grouped
                                    and _FRACTION.match(text)):
        return Finding(path, "error", "invalid-value", _(
            "`{name}` is a whole number: write it without a fraction, e.g. "
            "`{name}: {example}`").format(**words))
    if grouped and said:
        return Finding(path, "error", "invalid-value", _(
            "`{name}`: write the number with digits only, without spaces, commas or points "
            "between them: `{name}: {number}`").format(number=re.sub(r"\D", "", text),
                                                        **words))
    if grouped:
        return Finding(path, "error", "invalid-value", _(
            "`{name}`: write the number with digits only, without spaces, commas or points "
            "between them, e.g. `{name}: {example}`").format(**words))
    if kind == "int_parsing":
        return Finding(path, "error", "invalid-value", _(
            "`{name}` is a whole number written with digits only, e.g. `{name}: {example}`; "
            "write no words beside it (what the source says of it goes in a source's "
            "`quote`)").format(**words))
    return Finding(path, "error", "wrong-type", _(
        "`{name}` should be a whole number written with digits, e.g. `{name}: {example}`, not "
        "{found}").format(found=found, **words))


def item_finding(kind: str, path: tuple, name: str, expected: str,
                 found: str) -> Finding | None:
    """A wrong type where `path` ends in an item of the list `name` or an entry under a key of
    the mapping `name` (a key the researcher chose, such as a source's id): the item is what is
    wrong, not the field. None where `path` ends in the field itself."""
    if not path or path[-1] == name:
        return None
    item = isinstance(path[-1], int)
    if name in _ITEM_FORMS and item and kind in ("model_type", "model_attributes_type"):
        expected = _(_ITEM_FORMS[name])
    msg = (_("this item of `{name}` should be {expected}, not {found}") if item else
           _("this entry of `{name}` should be {expected}, not {found}")).format(
               name=name, expected=expected, found=found)
    if name in _ITEM_EXAMPLES and kind in ("model_type", "model_attributes_type", "dict_type"):
        msg += _("; write it as `{example}`").format(example=_ITEM_EXAMPLES[name])
    return Finding(path, "error", "wrong-type", msg)
