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


@functools.cache
def _fields(cls: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """The fields of a model class worth walking, each with whether it holds one-line text
    (`Text`, optional or in a list): those holding text or a model that may hold some. The rest
    (dates, numbers, multi-line text) cannot hold a finding: skipping them halves the walk."""
    hints = typing.get_type_hints(cls, include_extras=True)

    def holds_text(hint) -> bool:
        return hint == Text or any(holds_text(a) for a in typing.get_args(hint)
                                   if typing.get_origin(hint) is not typing.Annotated)

    def holds_model(hint) -> bool:
        return (isinstance(hint, type) and issubclass(hint, BaseModel)) or any(
            holds_model(a) for a in typing.get_args(hint))

    return tuple((name, holds_text(hints[name])) for name in cls.model_fields
                 if holds_text(hints[name]) or holds_model(hints[name]))


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
