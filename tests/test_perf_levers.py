"""The speed levers change no answer: memoised dates, precomputed duplicate-finder fields."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from kremlinlist.model.dates import PartialDate


@given(st.one_of(st.from_regex(r"\A\d{4}(-\d{2}(-\d{2})?)?\Z"), st.text(max_size=12),
                 st.integers(min_value=1800, max_value=2200)))
def test_a_memoised_date_is_the_date_parsed_afresh(value):
    """Parsing twice (the second from the memo) gives the same answer, or the same refusal."""
    def attempt():
        try:
            return PartialDate.parse(value)
        except ValueError as exc:
            return str(exc)

    first, second = attempt(), attempt()
    assert first == second
    if isinstance(first, PartialDate):
        assert str(first) == (f"{value:04d}" if isinstance(value, int) else value)


def test_a_refused_date_is_refused_every_time():
    for _ in range(2):
        with pytest.raises(ValueError, match="does not exist"):
            PartialDate.parse("2023-02-30")


def test_the_version_read_from_metadata_is_the_one_importlib_metadata_gives():
    """`--version` reads the installed METADATA itself (importlib.metadata is 55 ms of imports);
    it must name the version importlib.metadata would."""
    from importlib.metadata import version

    from kremlinlist import _version

    assert _version._from_dist_info() in (None, version("kremlinlist"))
    assert _version._installed_version() == version("kremlinlist")


def test_lite_unpacks_a_record_in_the_order_of_its_named_fields():
    """`lite` unpacks a stored record positionally (one pass over 10,000 in a warm release):
    the order it unpacks in is the order of the named fields, which is the order on disk."""
    from kremlinlist.caches.snapshots import (AssessmentRecord, CaseRecord, EventRecord,
                                              SourceRecord)

    assert CaseRecord._fields == ("id", "former_ids", "publicity", "region", "name", "summary",
                                  "events", "assessment", "sources")
    assert EventRecord._fields == ("type", "date", "date_is", "term", "how", "articles")
    assert AssessmentRecord._fields == ("decision", "since", "reason", "has_reason")
    assert SourceRecord._fields == ("id", "title", "publisher", "date", "url")


def test_a_record_read_back_from_json_is_the_case_it_was_made_from():
    import json

    from kremlinlist.caches import snapshots as snapcache
    from kremlinlist.model.case import Case

    case = Case.model_validate({
        "id": "aa-bb", "name": {"en": "Aa Bb"}, "publicity": "public",
        "events": [{"date": "2020-05", "type": "detained", "sources": ["s1"]},
                   {"date": "2021", "type": "sentenced", "term": "5y", "articles": ["RU-CC-275"]}],
        "assessment": {"decision": "delisted", "since": "2022-01", "reason": "Released."},
        "sources": {"s1": {"title": "T", "date": "2020-06-01", "url": "https://example.org/1"}}})
    lite = snapcache.lite(json.loads(json.dumps(snapcache.record(case))), {})
    assert (lite.id, lite.publicity, lite.name.en, lite.assessment.reason) == (
        "aa-bb", "public", "Aa Bb", "Released.")
    assert [(e.type, str(e.date), e.term, e.articles) for e in lite.events] == [
        ("detained", "2020-05", None, []), ("sentenced", "2021", "5y", ["RU-CC-275"])]
    assert str(lite.assessment.since) == "2022-01" and lite.assessment.has_reason
    assert {k: (s.title, s.date) for k, s in lite.sources.items()} == {"s1": ("T", "2020-06-01")}


@pytest.mark.parametrize("text", ["꣒000", "٢٠٢٠", "2020\n", "2020-05\n"])
def test_a_date_is_written_in_ascii_digits_with_nothing_after(text):
    """Found by the memo's property test: `\\d` took any script's digits and `$` a final line
    break, so `٢٠٢٠` was read as 2020."""
    with pytest.raises(ValueError):
        PartialDate.parse(text)
