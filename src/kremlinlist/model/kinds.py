"""Every kind of dataset file and the model that reads it: the loader, the schemas and `fmt`
look a kind up here."""

from __future__ import annotations

from kremlinlist.model.action import Action
from kremlinlist.model.case import Case, Config, Criteria, Organization, Strict
from kremlinlist.model.coalition import Coalition

KINDS: dict[str, type[Strict]] = {
    "case": Case, "organization": Organization, "criteria": Criteria, "config": Config,
    "action": Action, "coalition": Coalition,
}
