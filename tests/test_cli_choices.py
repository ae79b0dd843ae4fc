"""The command line spells out its choices (action types, schema kinds) so that it starts without
the models; these must stay the models' own, or an option would offer what validate refuses."""

from __future__ import annotations

from kremlinlist.app.commands.advocacy import ACTION_KIND
from kremlinlist.app.commands.checking import SCHEMA_KIND
from kremlinlist.model.action import ACTION_TYPES
from kremlinlist.model.kinds import KINDS


def test_the_action_types_offered_are_the_models():
    assert list(ACTION_KIND.values) == list(ACTION_TYPES)


def test_the_schema_kinds_offered_are_the_models():
    assert sorted(SCHEMA_KIND.values) == sorted(KINDS)
