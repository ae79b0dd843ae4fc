"""The one redaction rule, extended to actions: whatever mix of people an action is for, it
never names a withheld one, and it fails closed."""

from __future__ import annotations

import json

from factory import action, case, examples
from hypothesis import given, settings, strategies as st

from kremlinlist.model import redaction
from kremlinlist.model.action import Action
from kremlinlist.model.case import Case

FREE_TEXT = "FREECANARY"  # in every free text of the action
LEVELS = ("public", "anonymous", "hidden", "missing")


def _case(i: int, level: str) -> Case | None:
    if level == "missing":
        return None
    return Case.model_validate(case(f"person-{i}", publicity=level,
                                    name={"en": f"Name{i} {level}", "uk": f"Імʼя{i}"}))


def _action(n: int) -> Action:
    return Action.model_validate(action(
        title={"en": f"{FREE_TEXT} title", "uk": f"{FREE_TEXT} uk"}, to=f"{FREE_TEXT} to",
        by=["test-org", {"name": f"{FREE_TEXT} actor"}], outcome=f"{FREE_TEXT} outcome",
        summary=f"{FREE_TEXT} summary", **{"for": [f"person-{i}" for i in range(n)]},
        sources={"s1": {"title": f"{FREE_TEXT} source"}}))


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.sampled_from(LEVELS), min_size=1, max_size=5))
def test_an_action_never_names_a_withheld_person(levels):
    cases = {f"person-{i}": c for i, lvl in enumerate(levels)
             if (c := _case(i, lvl)) is not None}
    view = redaction.action_view(_action(len(levels)), cases)
    if "hidden" in levels or "missing" in levels:
        assert view is None  # fails closed: a hidden or unresolved person, nothing at all
        return
    text = json.dumps(view.to_dict(), ensure_ascii=False)
    public = [i for i, lvl in enumerate(levels) if lvl == "public"]
    assert all(f"Name{i} public" in text for i in public)
    assert "anonymous" not in text.replace('"anonymous"', "")
    if "anonymous" in levels:
        assert FREE_TEXT not in text and view.id is None and view.date == "2021-02"
        assert view.withheld_people == levels.count("anonymous")
        assert view.orgs == ("test-org",) and view.actors == ()
    else:
        assert FREE_TEXT in text and view.date == "2021-02-01" and not view.withheld


def test_a_former_id_is_resolved_to_its_case_and_its_publicity():
    anon = Case.model_validate(case("anon-1", publicity="anonymous", former_ids=["old-1"]))
    view = redaction.action_view(_action(0).model_copy(update={"for_": ["old-1"]}),
                                 {"anon-1": anon, "old-1": anon})
    assert view is not None and view.withheld and view.withheld_people == 1
