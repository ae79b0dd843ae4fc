"""The command line spells out its choices (action types, schema kinds) so that it starts without
the models; these must stay the models' own, or an option would offer what validate refuses."""

from __future__ import annotations

from kremlinlist.cli.options import ActionKind, SchemaKind
from kremlinlist.model.action import ACTION_TYPES
from kremlinlist.model.kinds import KINDS


def test_the_action_types_offered_are_the_models():
    assert [k.value for k in ActionKind] == list(ACTION_TYPES)


def test_the_schema_kinds_offered_are_the_models():
    assert sorted(k.value for k in SchemaKind) == sorted(KINDS)
