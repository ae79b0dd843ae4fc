"""One-line text stays on one line: a name, title, place or other short field (the model's `Text`)
holding a line break, a tab or another control character, which YAML lets in as a double-quoted
escape (`"\\n"`), would break every line-based output and hide part of a name."""

from __future__ import annotations

import functools
import re
import typing

from pydantic import BaseModel

from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Finding
from kremlinlist.checks.context import CaseContext
from kremlinlist.model.case import Case, Text

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _holds_text(hint) -> bool:
    """Whether a field's type holds one-line text (`Text`, optional or in a list)."""
    return hint == Text or any(_holds_text(a) for a in typing.get_args(hint)
                               if typing.get_origin(hint) is not typing.Annotated)


def _parts(hint) -> list:
    """The type and every type inside it (the arguments of a union, a list, a dict...)."""
    return [hint, *(p for a in typing.get_args(hint) for p in _parts(a))]


@functools.cache
def _fields(cls: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """The fields of a model class worth walking, each with whether it holds one-line text
    (`Text`, optional or in a list): those holding text or a model that may hold some. The rest
    (dates, numbers, multi-line text) cannot hold a finding: skipping them halves the walk."""
    hints = typing.get_type_hints(cls, include_extras=True)
    return tuple((name, _holds_text(hints[name])) for name in cls.model_fields
                 if _holds_text(hints[name]) or _models(hints[name]))


def _models(hint) -> list[type[BaseModel]]:
    """The model classes a field's type holds (in a union, a list, a dict...)."""
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return [hint]
    return [m for a in typing.get_args(hint) for m in _models(a)]


@functools.cache
def block_keys() -> frozenset[str]:
    """The keys of a case whose value is never one-line text, wherever in a valid case they
    stand: a block scalar (`summary: >-`) under one of them cannot be the walk's finding, so
    such a file may still skip the walk (`yamlsafe.no_control_in_values`). Empty if a mapping
    with free keys held one-line text, as its keys could then be any of these."""
    one_line: set[str] = set()
    others: set[str] = set()
    seen: set[type[BaseModel]] = set()
    todo = [Case]
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        hints = typing.get_type_hints(cls, include_extras=True)
        for name, field in cls.model_fields.items():
            hint = hints[name]
            (one_line if _holds_text(hint) else others).add(field.alias or name)
            if any(typing.get_origin(h) is dict and _holds_text(typing.get_args(h)[1])
                   for h in _parts(hint)):
                return frozenset()
            todo += _models(hint)
    return frozenset(others - one_line)


def _walk(value, path: tuple, one_line: bool, out: list[Finding]) -> None:
    if isinstance(value, str):
        m = _CONTROL.search(value) if one_line else None
        if m:
            out.append(Finding(path, "error", "control-character-in-line",
                               _("a one-line field holds the control character U+{code} (a "
                                 "line break, tab or the like); write it on one line, with spaces")
                               .format(code=f"{ord(m.group()):04X}")))
    elif isinstance(value, BaseModel):
        for name, text in _fields(type(value)):
            _walk(getattr(value, name), path + (name,), text, out)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _walk(item, path + (i,), one_line, out)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, path + (key,), one_line, out)


def control_characters(model: BaseModel) -> list[Finding]:
    """Every one-line field of a loaded file (a case, an organization) holding a control
    character, located at its value."""
    out: list[Finding] = []
    _walk(model, (), False, out)
    return out


def one_line_findings(case: Case, ctx: CaseContext) -> list[Finding]:
    """A case's one-line fields holding a control character (the per-case check signature)."""
    return [] if ctx.plain_text else control_characters(case)
