"""Timeline coherence (located problems) and the custody status derived from it."""

from __future__ import annotations

from datetime import date

import pytest
from factory import BASE, TODAY, at, check_text, edit

from kremlinlist.files import loader
from kremlinlist.model import timeline

def add_event(line: str, text: str = BASE) -> str:
    """Append an event to the timeline (the first one added is on line 17)."""
    return edit("assessment:\n", f"  - {line}\nassessment:\n", text)


def model(text: str):
    loaded = loader.load_bytes("cases/petrenko-ivan.yaml", text.encode(), "case")
    assert loaded.model is not None, loaded.problems
    return loaded.model


def test_future_event_date(dataset):
    p = at(check_text(dataset, edit("date: 2021-01-15", "date: 2025-01-02")), "future-date", 13, 11)
    assert "after today (2025-01-01)" in p.message


def test_today_is_not_the_future(dataset):
    assert check_text(dataset, edit("date: 2021-01-15", "date: 2025-01-01")) == []
    # a partial date counts from its first day
    assert check_text(dataset, edit("date: 2021-01-15", "date: 2025")) == []


@pytest.mark.parametrize("old,new,line,column", [
    ("born: 1980", "born: 2030", 5, 7),
    ("since: 2020-04", "since: 2025-02", 19, 10),
    ("    date: 2020-03-11", "    date: 2026-03-11", 28, 11),
])
def test_future_dates_anywhere(dataset, old, new, line, column):
    at(check_text(dataset, edit(old, new)), "future-date", line, column)


def test_future_is_relative_to_today(dataset):
    text = edit("date: 2021-01-15", "date: 2024-06-01")
    assert check_text(dataset, text, today=date(2024, 6, 1)) == []
    at(check_text(dataset, text, today=date(2024, 5, 31)), "future-date", 13, 11)


def test_release_before_detention(dataset):
    p = at(check_text(dataset, add_event("{date: 2019-12-01, type: released, sources: [s1]}")),
           "release-before-detention", 17, 12)
    assert "2020-03-10" not in p.message and "correct one of the dates" in p.message


def test_release_in_the_same_month_as_a_dated_detention_is_not_before_it(dataset):
    assert check_text(dataset, add_event("{date: 2020-03, type: released, sources: [s1]}")) == []


def test_release_without_any_detention_is_a_warning(dataset):
    text = edit("  - date: 2020-03-10\n    type: detained\n    place: Testville\n    sources: [s1]\n",
                "")
    text = add_event("{date: 2022-01-01, type: released, sources: [s1]}", text)
    p = at(check_text(dataset, text), "release-without-detention", 13, 5, "warning")
    assert "add the `detained` event" in p.message


def test_event_after_death(dataset):
    text = add_event("{date: 2022-05-01, type: died, sources: [s1]}")
    text = add_event("{date: 2022-06-01, type: transferred, to: Elsewhere, sources: [s1]}", text)
    p = at(check_text(dataset, text), "event-after-death", 18, 12)
    assert "after the death" in p.message and "2022" not in p.message


def test_recognition_after_death_is_fine(dataset):
    text = add_event("{date: 2022-05-01, type: died, sources: [s1]}")
    text = add_event("{date: 2023, type: recognized, by: A court, sources: [s1]}", text)
    assert check_text(dataset, text) == []


def test_died_twice(dataset):
    text = add_event("{date: 2022-05-01, type: died, sources: [s1]}")
    text = add_event("{type: died, sources: [s1]}", text)
    p = at(check_text(dataset, text), "died-twice", 18, 5)
    assert "keep one" in p.message


def test_until_before_date(dataset):
    p = at(check_text(dataset, add_event(
        "{date: 2021-05-01, type: hunger-strike, until: 2021-04-01, sources: [s1]}")),
        "until-before-date", 17, 52)
    assert "swap or correct" in p.message


def test_event_before_birth(dataset):
    at(check_text(dataset, edit("born: 1980", "born: 2020-06")), "event-before-birth", 9, 11)


def test_uncited_event_is_a_warning(dataset):
    p = at(check_text(dataset, add_event("{date: 2022, type: transferred}")), "uncited-event",
           17, 5, "warning")
    assert "sources: [id]" in p.message


def test_status_is_derived():
    case = model(BASE)
    s = timeline.status(case, TODAY)
    assert (s.state, str(s.detained), s.sentence) == ("in-custody", "2020-03-10", "10y")
    assert s.days_in_custody == (TODAY - date(2020, 3, 10)).days
    assert timeline.on_list(case, TODAY)
    assert not timeline.on_list(case, date(2020, 3, 1))  # before `since`
    released = model(add_event("{date: 2022-03-10, type: released, how: exchange, sources: [s1]}"))
    s = timeline.status(released, TODAY)
    assert (s.state, s.how, s.days_in_custody) == ("released", "exchange", 730)
    assert not timeline.on_list(released, TODAY)
    assert timeline.on_list(released, date(2022, 3, 9))
    died = model(add_event("{date: 2022-03-10, type: died, sources: [s1]}"))
    assert timeline.status(died, TODAY).died_in_custody


def test_undated_events_keep_their_place():
    case = model(add_event("{type: transferred, to: A colony, sources: [s1]}"))
    assert [e.type for e in timeline.ordered(case.events)] == ["detained", "sentenced",
                                                                "transferred"]
