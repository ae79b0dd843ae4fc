"""A snapshot's case (`caches.snapshots.lite`) keeps only the events that shape the custody status,
already in timeline order, and `timeline.status` reads it like any case without knowing what it
is: for any timeline, the status of the stored shape equals the status of the case it came from."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given, settings, strategies as st
from pydantic import ValidationError

from kremlinlist.caches import snapshots
from kremlinlist.model import timeline
from kremlinlist.model.case import Case

import factory

DAYS = [None, "2019", "2020-05", "2020-05-10", "2020-05-11", "2021-02-01", "2023"]
TYPES = ["detained", "charged", "trial", "sentenced", "released", "died", "disappeared",
         "transferred"]


@st.composite
def events(draw) -> list[dict]:
    out = []
    for _ in range(draw(st.integers(0, 7))):
        kind = draw(st.sampled_from(TYPES))
        e = {"type": kind, "sources": ["s1"], "date_is": draw(st.sampled_from(["on", "by"]))}
        day = draw(st.sampled_from(DAYS))
        if day:
            e["date"] = day
        if kind == "sentenced" and draw(st.booleans()):
            e["term"] = "5y"
        if kind in ("detained", "charged", "sentenced") and draw(st.booleans()):
            e["articles"] = ["RU-UK-275"]
        if kind == "released" and draw(st.booleans()):
            e["how"] = "exchange"
        out.append(e)
    return out


def _case(evs: list[dict]) -> Case | None:
    """The fictional case with these events, or None where the model refuses them."""
    try:
        return Case.model_validate(factory.case(events=evs))
    except ValidationError:
        return None


@settings(max_examples=factory.examples(150), deadline=None)
@given(events())
def test_a_stored_case_has_the_status_of_the_case_it_came_from(evs):
    case = _case(evs)
    if case is None:
        return
    stored = snapshots.lite(json.loads(json.dumps(snapshots.record(case))), {})
    for day in (None, date(2020, 5, 10), date(2021, 1, 1), date(2024, 1, 1)):
        assert timeline.status(stored, day) == timeline.status(case, day), (evs, day)


@given(events())
def test_ordering_an_ordered_timeline_changes_nothing(evs):
    case = _case(evs)
    if case is None:
        return
    once = timeline.ordered(case.events)
    assert timeline.ordered(once) == once
