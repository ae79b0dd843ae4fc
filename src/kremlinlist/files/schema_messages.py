"""pydantic's validation errors as messages a researcher can act on: where, what is wrong and
what to write instead, in the reader's language.

A message never repeats a value from the file. What it may say instead is what to write: a field
name, one of the allowed values, a region's code, a date in the files' form. One that is worked
out from the value (a likely value, a region's code for its name, a date read another way) says
something of the person, so it is given only in a file a message may quote a line of
(`quotable.may_quote`) and outside the private block, unless the field says nothing of the person
(`_NOT_ABOUT_A_PERSON`).
"""

from __future__ import annotations

import difflib
import functools
import re
import types
import typing
from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError

from kremlinlist.base.charnames import char_name
from kremlinlist.base.i18n import N_, _, language
from kremlinlist.base.problem import Finding
from kremlinlist.files.letters import at_letter
from kremlinlist.files.schema_dates import date_finding
from kremlinlist.files.schema_numbers import item_finding, number_finding
# The loader asks for these here, beside the schema's findings they are placed and added to.
from kremlinlist.model.case import Country, Id, Region
from kremlinlist.model.dates import DASHES, PartialDate, today as todays, with_hyphens
from kremlinlist.model.ids import is_id
from kremlinlist.model.names import as_latin, first_lookalike
from kremlinlist.model.regions import REGIONS, region_codes, region_name
from kremlinlist.model.words import (country_for, country_name, is_ukrainian, meaning, typo_of,
                                     ukrainian_name)

# Fields whose value says nothing of the person, so a value worked out from it may be said of
# any file: how it is published, the decision, how a date is meant. Not the ids of criteria.yaml
# a case cites: a researcher may write any text there, a name too.
_NOT_ABOUT_A_PERSON = frozenset({"publicity", "decision", "date_is", "repository"})


def describe(value: Any) -> str:
    """What a value is, in words, for a message that may not repeat it."""
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if value is None:
        return _("empty")
    return _("text")


_PATTERN_HINTS = {
    "citizenship": N_("write an ISO 3166-1 country code in capitals, e.g. UA"),
    "country": N_("write an ISO 3166-1 country code in capitals, e.g. UA"),
    "region": N_("write an ISO 3166-2 region code, e.g. UA-43 (Crimea), UA-14 (Donetsk region)"),
    "articles": N_("write an article as COUNTRY-CODE-article, e.g. RU-CC-205.5-2"),
    "url": N_("write a full http(s) address, e.g. https://example.org/page"),
    "website": N_("write a full http(s) address, e.g. https://example.org"),
    "key": N_("write an age public key (age1...) or an SSH public key (ssh-ed25519 ... or "
              "ssh-rsa ...)"),
    "sealed": N_("a sealed block is an armored age message, as `kremlinlist seal` writes it; "
                 "restore it from git history"),
    "sealed_for": N_("write the 16-hex-digit key fingerprints `kremlinlist seal` writes"),
}
_MISSING_HINTS = {
    "id": N_("the file name without .yaml, e.g. `id: petrenko-ivan`"),
    "en": N_("the name in English, e.g. `en: Ivan Petrenko`"),
    "assessment": N_("e.g. `assessment: {decision: candidate, by: [ccl]}`"),
    "decision": N_("one of candidate, listed, delisted"),
    "title": N_("the source's title as published"),
    "type": N_("the event type, e.g. `type: detained`"),
    "country": N_("an ISO country code, e.g. `country: UA`"),
    "criteria": N_("the list of PACE criteria a-e"),
    "name": N_("e.g. `name: {en: ..., uk: ...}`"),
    "text": N_("e.g. `text: {en: ..., uk: ...}`"),
    "uk": N_("the text in Ukrainian"),
}
_TYPE_WORDS = {
    "string_type": N_("text"), "dict_type": N_("a mapping (indented `key: value` lines)"),
    "model_type": N_("a mapping (indented `key: value` lines)"),
    "model_attributes_type": N_("a mapping (indented `key: value` lines)"),
    "list_type": N_("a list (`- item` lines or `[a, b]`)"),
}


def _unwrap(tp: Any) -> list[Any]:
    """The classes a type annotation may hold (through Optional, list, dict, Annotated)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [c for a in typing.get_args(tp) for c in _unwrap(a)]
    if origin in (list, tuple):
        return _unwrap(typing.get_args(tp)[0])
    if origin is dict:
        return _unwrap(typing.get_args(tp)[1])
    return [tp]


def _walk(cls: type[BaseModel], path: tuple) -> tuple[type[BaseModel] | None, str]:
    """Follow `path` through the models: the model validating the mapping at its end, and the last
    field name on it (a key the researcher chose, such as a source id, is never a field name)."""
    name = "this item"
    options: list[Any] = [cls]  # several where a block may be one of several models (sealed)
    for part in path:
        if isinstance(part, int) or not options:
            continue
        found = [f for m in options for n, f in m.model_fields.items() if part in (n, f.alias)]
        if not found:
            continue  # a dict key such as a source id: `options` already hold its value type
        name = part
        options = [c for c in _unwrap(found[0].annotation)
                   if isinstance(c, type) and issubclass(c, BaseModel)]
    return (options[0] if options else None), name


@functools.cache
def _hints(model: type[BaseModel]) -> dict[str, Any]:
    """A model's field types by key (alias or name), with their `Annotated` kept."""
    hints = typing.get_type_hints(model, include_extras=True)
    return {f.alias or n: hints[n] for n, f in model.model_fields.items()}


def _holds(hint: Any, wanted: Any) -> bool:
    """Whether a field's type is `wanted` or holds it (optional, in a list, annotated)."""
    return hint is wanted or any(_holds(a, wanted) for a in typing.get_args(hint))


def _field_type(cls: type[BaseModel], path: tuple) -> Any:
    """The type of the field `path` ends in (an item of a list: the list's field); None if none."""
    while path and isinstance(path[-1], int):
        path = path[:-1]
    if not path:
        return None
    model = _walk(cls, path[:-1])[0]
    return _hints(model).get(path[-1]) if model is not None else None


def data_path(data: Any, loc: tuple) -> tuple[tuple, bool]:
    """Map a pydantic loc to a path in the data, dropping union tags; True if it names a key."""
    path: list = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif part == "[key]":
            return tuple(path), True
        elif isinstance(node, dict) and isinstance(part, str) and part.isidentifier():
            path.append(part)  # a missing key
            node = None
    return tuple(path), False


def value_at(data: Any, path: tuple) -> Any:
    """The value at `path` in the data; None where there is none (a missing key)."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def one_of(values: list[str]) -> str:
    """`a`, `b` or `c`, joined in the reader's language: as code, like every value to write."""
    quoted = [f"`{v}`" for v in values]
    if len(quoted) < 2:
        return "".join(quoted)
    return _("{first} or {last}").format(first=", ".join(quoted[:-1]), last=quoted[-1])


def _regions() -> str:
    """Every code of the region table with its name, in the reader's language."""
    return ", ".join(f"{code} ({region_name(code, language())})" for code in REGIONS)


def schema_findings(exc: ValidationError, cls: type[BaseModel], data: Any,
                    quotable: bool = False, today: date | None = None) -> list[Finding]:
    """Each error of `exc` as a finding. `quotable`: the file is one a message may quote a line
    of, so what to write may be worked out from a value about the person. `today`: the day of
    the dataset's time zone (validate's), which tells `12.03.85` is not 2085; UTC's by default."""
    out: list[tuple[Finding, tuple, bool]] = []
    for err in exc.errors(include_input=False, include_url=False):
        loc = tuple(err["loc"])
        path, names_key = data_path(data, loc)
        private = bool(path) and path[0] in ("private", "report")  # report: an intake file's
        name = _walk(cls, path)[1]
        value = value_at(data, path)
        said = not private and (quotable or name in _NOT_ABOUT_A_PERSON)
        out.append((_lookalike(err, cls, path, name, value, private, said)
                    or _dash(err, cls, path, name, value, said, names_key)
                    or _word(err, cls, path, name, value, said)
                    or _written_whole(err, cls, path, name, value, said)
                    or _region(err, cls, path, name, value, quotable and not private)
                    or (date_finding(err, path, name, value, quotable and not private,
                                     today or todays())
                        if _holds(_field_type(cls, path), PartialDate) else None)
                    or number_finding(err, path, name, value, said, describe(value))
                    or _finding(err, cls, data, loc, path, names_key, name, value, private, said),
                    loc, private))
    return _without_echoes(out, cls)


def _finding(err: dict, cls: type[BaseModel], data: Any, loc: tuple, path: tuple,
             names_key: bool, name: str, value: Any, private: bool, said: bool) -> Finding:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "missing":
        field_name = str(loc[-1])
        parent = path[:-1] if path and path[-1] == field_name else path
        hint = _MISSING_HINTS.get(field_name, "")
        return Finding(parent, "error", "missing-key",
                       _("`{key}` is required here; add it: {hint}").format(
                           key=field_name, hint=_(hint)) if hint else
                       _("`{key}` is required here; add it").format(key=field_name),
                       at_key=bool(parent))
    if kind == "extra_forbidden":
        model = _walk(cls, path[:-1])[0]
        allowed = sorted(f.alias or n for n, f in model.model_fields.items()) if model else []
        key = str(loc[-1])
        close = [] if private else difflib.get_close_matches(key, allowed, n=1)
        keys = ", ".join(allowed)
        meant = None if private else _meant(cls, path)
        if private:
            msg = (_("unknown key in the private block; keys allowed here: {keys}") if allowed
                   else _("unknown key in the private block")).format(keys=keys)
        elif meant:  # `Type`, `TYPE`: the key, in the case every key is written in
            msg = _("this key is written in lower case: `{key}`").format(key=meant)
        elif close:  # never the key itself: a researcher wrote it
            msg = (_("unknown key; did you mean `{close}`? Keys allowed here: {keys}")
                   if allowed else _("unknown key; did you mean `{close}`?")).format(
                       close=close[0], keys=keys)
        else:
            msg = (_("unknown key; keys allowed here: {keys}") if allowed
                   else _("unknown key")).format(keys=keys)
        return Finding(path, "error", "unknown-key", msg, at_key=True)
    if kind == "literal_error":  # a typo of a value only: a word is `_word`'s, or no hint
        allowed = _allowed(ctx)
        close = [v] if said and isinstance(value, str) and (v := typo_of(value, allowed)) else []
        values = one_of(allowed) if allowed else _("the listed values")
        return Finding(path, "error", "invalid-value",
                       (_("`{name}` must be one of {expected}; did you mean `{close}`?")
                        if close else _("`{name}` must be one of {expected}")).format(
                            name=name, expected=values, close=close[0] if close else ""))
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(name, N_("the value does not have the expected form"))
        return Finding(path, "error", "invalid-value", f"`{name}`: {_(hint)}")
    if kind in _TYPE_WORDS:
        found = describe(value_at(data, path))
        return item_finding(kind, path, name, _(_TYPE_WORDS[kind]), found) or Finding(
            path, "error", "wrong-type", _("`{name}` should be {expected}, not {found}").format(
                name=name, expected=_(_TYPE_WORDS[kind]), found=found))
    if kind == "string_too_long" and name in _PATTERN_HINTS:
        return Finding(path, "error", "invalid-value", f"`{name}`: {_(_PATTERN_HINTS[name])}")
    if kind == "string_too_long":
        return Finding(path, "error", "too-long",
                       _("`{name}` is too long: at most {n} characters").format(
                           name=name, n=ctx.get("max_length")))
    if kind in ("string_too_short", "too_short"):
        return Finding(path, "error", "empty-value",
                       _("`{name}` must not be empty").format(name=name))
    if kind == "url_no_host":  # model.case's Url with no host: the message names the field
        return Finding(path, "error", "invalid-value", _(
            "this address names no host (the site's name after `//`, as in "
            "`https://example.org/report`), so it leads to no document: write the document's full "
            "address, or leave `{name}` out").format(name=name))
    if kind == "value_error":
        msg = str(err["msg"]).removeprefix("Value error, ")
        if names_key:
            msg = _("this key of `{name}`: {problem}").format(name=name, problem=msg)
        elif path:
            msg = f"`{name}`: {msg}"
        return Finding(path, "error", "invalid-value", msg, at_key=names_key)
    return Finding(path, "error", "invalid-value", f"`{name}`: {err['msg']}")


def _allowed(ctx: dict) -> list[str]:
    """The allowed values of a `literal_error`, from pydantic's `'a', 'b' or 'c'`."""
    return re.findall(r"'([^']*)'", str(ctx.get("expected") or ""))


_FIXABLE = ("literal_error", "string_pattern_mismatch", "string_too_long", "value_error")


def _lookalike(err: dict, cls: type[BaseModel], path: tuple, name: str, value: Any,
               private: bool, said: bool) -> Finding | None:
    """A key or value refused because a Cyrillic letter stands for the Latin one it looks like
    (`tуpe`, `mariіa`): its letter and column, and what to type. Never of the private block."""
    kind = err["type"]
    if private:
        return None
    if kind == "extra_forbidden":
        key = str(err["loc"][-1])
        fixed, found = _meant(cls, path), first_lookalike(key)
        if found is None or fixed is None:
            return None
        at, letter, latin = found
        return at_letter(
            Finding(path, "error", "unknown-key", _(
                "this key holds a Cyrillic `{letter}`, which looks like the Latin `{latin}`; "
                "type the key in Latin letters: `{key}`").format(letter=letter, latin=latin,
                                                                   key=fixed), at_key=True),
            letter, at, _("this key holds a Cyrillic `{letter}` in column {column}, which looks "
                          "like the Latin `{latin}`; type the key in Latin letters: `{key}`")
            .format(letter=letter, latin=latin, key=fixed, column="{column}"))
    found = first_lookalike(value) if isinstance(value, str) else None
    if kind not in _FIXABLE or found is None or _holds(_field_type(cls, path), PartialDate):
        return None  # a date has no letters: `2О14` is no `2O14` to write
    fixed = as_latin(value)
    pattern = (err.get("ctx") or {}).get("pattern")
    if not fixed.isascii() or (kind == "literal_error" and fixed not in _allowed(
            err.get("ctx") or {})) or (pattern and not re.search(str(pattern), fixed)):
        return None
    if not said:  # a letter of a withheld person's value, or where it stands, says of the value
        return Finding(path, "error", "invalid-value", _(
            "`{name}`: a Cyrillic letter that looks like a Latin one is typed here; type the "
            "value again in Latin letters").format(name=name))
    at, letter, latin = found
    words = {"name": name, "letter": letter, "latin": latin, "fixed": fixed}
    return at_letter(
        Finding(path, "error", "invalid-value", _(
            "`{name}`: a Cyrillic `{letter}` looks like the Latin `{latin}`; type it in Latin "
            "letters: `{fixed}`").format(**words)),
        letter, at, _("`{name}`: a Cyrillic `{letter}` in column {column} looks like the Latin "
                      "`{latin}`; type it in Latin letters: `{fixed}`").format(column="{column}",
                                                                            **words))


def _region(err: dict, cls: type[BaseModel], path: tuple, name: str, value: Any,
            said: bool) -> Finding | None:
    """A region refused: the code to write for a region's name, or the table's codes."""
    if err["type"] not in _FIXABLE or not isinstance(value, str) \
            or not _holds(_field_type(cls, path), Region):
        return None
    found = region_codes(value)
    code = found[0] if len(found) == 1 else None
    if code is not None and not said and value.strip().upper() == code:
        msg = _("`{name}`: write the region's ISO 3166-2 code in capital letters, e.g. "
                "UA-43").format(name=name)
    elif code is not None and said:
        msg = _("`{name}`: write the region's ISO 3166-2 code: `{code}` ({region})").format(
            name=name, code=code, region=region_name(code, language()))
    elif found and said:
        msg = _("`{name}`: more than one region fits: {regions}; write the code of the one "
                "meant").format(name=name, regions=", ".join(
                    f"`{c}` ({region_name(c, language())})" for c in found))
    elif found:
        msg = _("`{name}`: write the region's ISO 3166-2 code, not its name: one of "
                "{regions}").format(name=name, regions=_regions())
    else:
        msg = _("`{name}`: could not recognise the region; write its ISO 3166-2 code, one of "
                "{regions}").format(name=name, regions=_regions())
    return Finding(path, "error", "invalid-value", msg)


def _word(err: dict, cls: type[BaseModel], path: tuple, name: str, value: Any,
           said: bool) -> Finding | None:
    """An allowed value written as its Ukrainian (or Russian) word, `type: затримання`, or as an
    everyday English one, `type: arrested`, or a country as its name: the value to write by the
    word's meaning (with its Ukrainian name beside it; never the word typed), where what is
    worked out from the value may be said. A release's word that says how (`exchanged`) gives
    the `how` too."""
    if not said or not isinstance(value, str):
        return None
    if err["type"] == "literal_error":
        allowed = _allowed(err.get("ctx") or {})
        if (found := meaning(value, allowed)) is None:
            return None
        fixed, how = found
        words = {"name": name, "value": fixed, "how": how, "expected": one_of(allowed)}
        if not is_ukrainian(value):  # the list too: the word may be near another in meaning
            return Finding(path, "error", "invalid-value", (_(
                "`{name}` must be one of {expected}; for this word write `{name}: {value}` with "
                "`how: {how}`") if how else _(
                "`{name}` must be one of {expected}; for this word write `{name}: {value}`"))
                .format(**words))
        return Finding(path, "error", "invalid-value", (_(
            "`{name}`: values are written in English: `{name}: {value}` ({word}) with "
            "`how: {how}` ({how_word})") if how else _(
            "`{name}`: values are written in English: `{name}: {value}` ({word})")).format(
                word=ukrainian_name(fixed), how_word=ukrainian_name(how) if how else "", **words))
    if err["type"] in ("string_pattern_mismatch", "string_too_long") \
            and _holds(_field_type(cls, path), Country) and (code := country_for(value)):
        return Finding(path, "error", "invalid-value", _(
            "`{name}`: write the country's ISO 3166-1 code: `{code}` ({country})").format(
                name=name, code=code, country=country_name(code, language())))
    return None


_BARE_ADDRESS = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:[/?#]\S*)?\Z")


def _written_whole(err: dict, cls: type[BaseModel], path: tuple, name: str, value: Any,
                   said: bool) -> Finding | None:
    """A value written short of its whole form, where it may be said: an address without its
    `https://` (`example.org/news/1`), ids with commas but no brackets (`s1, s2`)."""
    if not said or not isinstance(value, str):
        return None
    if err["type"] == "string_pattern_mismatch" and name in ("url", "website") \
            and _BARE_ADDRESS.match(value.strip()):
        return Finding(path, "error", "invalid-value", _(
            "`{name}`: an address starts with `https://`; write `https://{address}`").format(
                name=name, address=value.strip()))
    ids = [part.strip() for part in value.split(",")]
    if err["type"] == "list_type" and _holds(_field_type(cls, path), Id) and len(ids) > 1 \
            and all(is_id(i) for i in ids):
        return Finding(path, "error", "wrong-type", _(
            "`{name}` takes a list in square brackets: `{name}: [{ids}]`").format(
                name=name, ids=", ".join(ids)))
    return None


def _dash(err: dict, cls: type[BaseModel], path: tuple, name: str, value: Any,
          said: bool, names_key: bool) -> Finding | None:
    """A value or key refused only for a dash that looks like the hyphen (`hunger‑strike` with a
    non-breaking hyphen from a word processor, `report–2`): the dash, its column, and what to
    type, which looks the same as what was typed and so must be said to differ."""
    if names_key and path:
        value = path[-1]  # a key the researcher chose: a source's id
    if err["type"] not in ("literal_error", "string_pattern_mismatch", "value_error") \
            or not said or not isinstance(value, str):
        return None
    at = next((i for i, ch in enumerate(value) if ch in DASHES), None)
    fixed = with_hyphens(value)
    pattern = (err.get("ctx") or {}).get("pattern")
    if err["type"] == "literal_error":
        fits = fixed in _allowed(err.get("ctx") or {})
    elif err["type"] == "value_error":  # an id: the one value check a dash alone fails
        fits = (names_key or _holds(_field_type(cls, path), Id)) and is_id(fixed)
    else:
        fits = bool(pattern and re.search(str(pattern), fixed))
    if at is None or not fits:
        return None
    dash = value[at]
    words = {"name": name, "dash": char_name(dash), "fixed": fixed}
    if names_key:
        return at_letter(
            Finding(path, "error", "invalid-value", _(
                "this key of `{name}` holds a {dash}, which only looks like the hyphen; type it "
                "with the keyboard's hyphen: `{fixed}`").format(**words), at_key=True),
            dash, at, _("this key of `{name}` holds a {dash} in column {column}, which only "
                        "looks like the hyphen; type it with the keyboard's hyphen: `{fixed}`")
            .format(column="{column}", **words))
    return at_letter(
        Finding(path, "error", "invalid-value", _(
            "`{name}`: this holds a {dash}, which only looks like the hyphen; type it with the "
            "keyboard's hyphen: `{fixed}`").format(**words)),
        dash, at, _("`{name}`: column {column} holds a {dash}, which only looks like the "
                    "hyphen; type it with the keyboard's hyphen: `{fixed}`").format(
                        column="{column}", **words))


def _meant(cls: type[BaseModel], path: tuple) -> str | None:
    """The field an unknown key at `path` stands for when it differs from it only in a letter's
    case or in a Cyrillic letter that looks Latin (`Type`, `tуpe`); None otherwise."""
    if (model := _walk(cls, path[:-1])[0] if path else None) is None:
        return None
    key = str(path[-1])
    return next((k for k in dict.fromkeys((as_latin(key), as_latin(key).lower()))
                 if k != key and k in _hints(model)), None)


def _without_echoes(found: list[tuple[Finding, tuple, bool]],
                    cls: type[BaseModel]) -> list[Finding]:
    """Without the missing key an unknown key (outside the private block: `schema_findings`'
    flag) stands for: `Type` and `tуpe` are `type` mistyped, not a second mistake."""
    typed = {(f.path[:-1], _meant(cls, f.path)) for f, _loc, private in found
             if f.code == "unknown-key" and f.path and not private}
    return [f for f, loc, _private in found
            if not (f.code == "missing-key" and loc and (f.path, str(loc[-1])) in typed)]
