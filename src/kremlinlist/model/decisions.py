"""dupes.yaml: the pairs editors ruled to be different people."""

from __future__ import annotations

from pydantic import Field, field_validator

from kremlinlist.base.i18n import _
from kremlinlist.model.case import Date, Id, Strict, Text


class Decision(Strict):
    pair: list[Id] = Field(min_length=2, max_length=2)
    reason: Text
    by: Text
    date: Date | None = None

    @field_validator("pair")
    @classmethod
    def _two(cls, value: list[str]) -> list[str]:
        if value[0] == value[1]:
            raise ValueError(_("a pair names two different case ids"))
        return value


class DupesFile(Strict):
    """dupes.yaml: pairs an editor reviewed and ruled to be different people."""

    different: list[Decision] = []
