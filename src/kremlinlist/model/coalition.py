"""A coalition of organizations: its members, facilitators and the counts it has published, one
file per coalition under `coalitions/` (docs/coalitions.md).

`published_counts` hold what the coalition itself said, to be reconciled with the dataset by a
release; the tool never computes or rounds such a figure.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, NonNegativeInt

from kremlinlist.model.case import Date, Id, LongText, Names, Source, Sources, Strict, Text


class Member(Strict):
    org: Id
    joined: Date | None = None
    left: Date | None = None
    role: Literal["founding-member", "member"] = "member"
    sources: list[Id] = Field(min_length=1)

    @property
    def current(self) -> bool:
        """Whether the organization is a member still: it has not `left`."""
        return self.left is None


class Facilitator(Strict):
    name: Text
    affiliation: Text | None = None
    since: Date | None = None
    sources: list[Id] = Field(min_length=1)


class PublishedCount(Strict):
    count: NonNegativeInt
    qualifier: Literal["exact", "at-least", "about"] = "exact"
    as_of: Date | None = None
    sources: list[Id] = Field(min_length=1)


def _surely_latest(c: PublishedCount) -> tuple:
    assert c.as_of is not None
    return c.as_of.earliest, -c.as_of.latest.toordinal()


class Coalition(Strict):
    id: Id
    name: Names
    short: Text | None = None
    founded: Date | None = None
    scope: LongText | None = None
    criteria: Literal["criteria.yaml"] | None = None
    members: list[Member] = []
    facilitators: list[Facilitator] = []
    published_counts: list[PublishedCount] = []
    sources: Sources = {}

    def latest_count(self) -> PublishedCount | None:
        """The published count whose `as_of` begins latest (an undated one only when none is
        dated), then the more precise of two that begin on one day (2026-01 over 2026). By the
        first day a date may mean, not its last: of `as_of: 2026` and `as_of: 2026-11-20`
        neither is surely the later, and a year-only figure taken as of December 31 beat every
        precise one of its year; the precise one is taken."""
        dated = [c for c in self.published_counts if c.as_of is not None]
        if dated:
            return max(dated, key=_surely_latest)
        return self.published_counts[-1] if self.published_counts else None


__all__ = ["Coalition", "Facilitator", "Member", "PublishedCount", "Source"]
