"""The one redaction rule: what of a person may be published, failing closed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from factory import case
from kremlinlist.model import redaction
from kremlinlist.caches import snapshots as snapcache
from kremlinlist.model.case import Case


def _case(**kw) -> Case:
    return Case.model_validate(case(**kw))


def test_a_public_case_is_seen_whole_but_private():
    v = redaction.view(_case())
    assert v is not None and not v.anonymous
    assert (v.id, v.names, v.region) == ("petrenko-ivan", {"en": "Ivan Petrenko",
                                                           "uk": "Іван Петренко"}, "UA-43")
    assert v.date("2020-03-10") == "2020-03-10" and len(v.sources) == 1


def test_an_anonymous_case_shows_region_and_months_only():
    for c in (_case(publicity="anonymous"),
              snapcache.lite(snapcache.record(_case(publicity="anonymous")), {})):
        v = redaction.view(c)
        assert v is not None and v.anonymous
        assert (v.id, v.names, v.summary, v.sources, v.reason) == (None, None, None, (), None)
        assert v.region == "UA-43"
        assert v.date("2020-03-10") == "2020-03" and v.since("2020-04") is None


def test_a_withheld_delisting_keeps_only_that_it_has_a_reason():
    data = case(publicity="anonymous",
                assessment={"decision": "delisted", "reason": "The family asked.", "by": []})
    lite = snapcache.lite(snapcache.record(Case.model_validate(data)), {})
    assert lite.assessment.reason is None  # the record never holds the text
    v = redaction.view(lite)
    assert v.has_reason and v.reason is None


def test_hidden_and_unreadable_cases_have_no_view():
    assert redaction.view(_case(publicity="hidden")) is None
    assert redaction.view(None) is None
    assert redaction.level(None) == redaction.HIDDEN
    assert redaction.view_of(_case(), _case(publicity="hidden")) is None
    assert redaction.view_of(_case(publicity="anonymous"), _case()).anonymous


@given(st.one_of(st.none(), st.integers(), st.text(max_size=12), st.lists(st.text(max_size=3))))
def test_an_unknown_publicity_fails_closed(value):
    expected = value if value in redaction.LEVELS else redaction.HIDDEN
    assert redaction.level_of_raw({"publicity": value}) == expected
    assert redaction.strictest("public", value) == expected


def test_a_file_without_publicity_is_public_and_one_that_is_no_mapping_is_hidden():
    assert redaction.level_of_raw({"id": "x"}) == redaction.PUBLIC
    assert redaction.level_of_raw(["publicity", "public"]) == redaction.HIDDEN
    assert redaction.level_of_raw(None) == redaction.HIDDEN


@given(st.integers(min_value=0, max_value=10_000))
def test_a_count_below_k_is_never_a_number(n):
    shown = redaction.count(n)
    assert shown == (n if n == 0 or n >= redaction.K else f"fewer than {redaction.K}")


@given(st.integers(min_value=0, max_value=10_000), st.sampled_from(["en", "uk"]))
def test_the_hidden_total_moves_only_in_steps_of_k(n, lang):
    """Differencing: one person more or less changes the hidden total only where it crosses a
    multiple of K, and below K (0 included) it always reads the same."""
    said = redaction.hidden_total(n, lang)
    assert str(n) not in said or n % redaction.K == 0
    if n < redaction.K:
        assert said == redaction.hidden_total(0, lang)
    if (n + 1) % redaction.K:
        assert redaction.hidden_total(n + 1, lang) == said


def test_the_hidden_total_in_words():
    assert [redaction.hidden_total(n) for n in (0, 4, 5, 9, 10, 14, 15)] == [
        "fewer than 5", "fewer than 5", "at least 5", "at least 5", "at least 10",
        "at least 10", "at least 15"]
    assert redaction.hidden_total(3, "uk") == "менше ніж 5"
    assert redaction.hidden_total(12, "uk") == "щонайменше 10"
