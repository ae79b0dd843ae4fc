"""An advocacy action: what people and organizations did for the prisoners (a statement, a
petition, an open letter, a picket...), one file per action under `actions/`.

Field names and types are the researchers' contract (docs/actions.md). `for` names cases by id;
what of an action may be published when it is for a withheld person is decided in
`redaction.action_view`, never here.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BeforeValidator, Field, NonNegativeInt, model_validator

from kremlinlist.base.i18n import _
from kremlinlist.model.case import Date, Id, LongText, Source, Sources, Strict, Text

ACTION_TYPES = ("statement", "petition", "open-letter", "letter-campaign", "picket", "rally",
                "campaign", "recognition", "appeal", "other")
ActionType = Literal["statement", "petition", "open-letter", "letter-campaign", "picket", "rally",
                     "campaign", "recognition", "appeal", "other"]


class Title(Strict):
    """An action's title by language: English required, Ukrainian for the Ukrainian change log."""

    en: Text
    uk: Text | None = None


class Actor(Strict):
    """Who acted: an organization with a file (`org`), or anyone else by `name`."""

    org: Id | None = None
    name: Text | None = None

    @model_validator(mode="after")
    def _one_of_two(self) -> "Actor":
        if self.org is not None and self.name is not None:
            raise ValueError(_("an item names an organization by its id (`- ccl`) or anyone "
                               "else by name (`- {name: ...}`), not both: write each as an item "
                               "of its own"))
        if self.org is None and self.name is None:
            raise ValueError(_("an item names an organization by its id (`- ccl`) or anyone "
                               "else by name (`- {name: ...}`): write one of the two"))
        return self


def _actor(value: Any) -> Any:
    return {"org": value} if isinstance(value, str) else value


# Written as an organization id (`ccl`) or as `{name: Pussy Riot}`.
ActorRef = Annotated[Actor, BeforeValidator(_actor, json_schema_input_type=Union[Id, Actor])]


class Signatures(Strict):
    """How many signed, as of when, and the goal or threshold the source gives; all optional."""

    count: NonNegativeInt | None = None
    as_of: Date | None = None
    goal: NonNegativeInt | None = None
    threshold: NonNegativeInt | None = None
    sources: list[Id] = []


class Action(Strict):
    id: Id
    type: ActionType
    title: Title
    date: Date | None = None
    until: Date | None = None
    by: list[ActorRef] = []
    to: Text | None = None
    for_: list[Id] = Field(default=[], alias="for")
    signatures: Signatures | None = None
    outcome: LongText | None = None
    summary: LongText | None = None
    sources: Sources = {}

    @property
    def orgs(self) -> list[str]:
        """The organization ids among `by`."""
        return [a.org for a in self.by if a.org is not None]


__all__ = ["ACTION_TYPES", "Action", "Actor", "Signatures", "Source", "Title"]
