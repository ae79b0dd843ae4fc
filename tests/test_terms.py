"""Sentence terms are read in one place: the model, statistics and exports agree on every term."""

import pytest
from pydantic import ValidationError

from kremlinlist.publish import labels
from kremlinlist.publish import stats
from kremlinlist.model.case import Event
from kremlinlist.model.terms import parse_term


@pytest.mark.parametrize("term,parsed", [
    ("20y", (20, 0, 0)), ("8y6m", (8, 6, 0)), ("6m", (0, 6, 0)), ("15d", (0, 0, 15)),
    ("1y2m3d", (1, 2, 3)), ("life", "life"),
    (None, None), ("", None), ("100y", None), ("6m8y", None), ("5y5y", None), ("20y\n", None),
    ("20 y", None), ("Life", None), ("y", None),
])
def test_parse_term(term, parsed):
    assert parse_term(term) == parsed


def event(term):
    return Event.model_validate({"type": "sentenced", "term": term})


@pytest.mark.parametrize("term", ["20y", "8y6m", "15d", "life"])
def test_a_term_the_model_accepts_is_understood_everywhere(term):
    assert event(term).term == term
    assert labels.sentence_months(term) is not None
    assert labels.sentence_label(term, "uk") != term
    assert stats.sentence_bucket(term) != stats.UNKNOWN


@pytest.mark.parametrize("term", ["100y", "20y\n", "6m8y"])
def test_a_term_the_model_rejects_is_unknown_everywhere(term):
    with pytest.raises(ValidationError, match="write a term like 20y, 8y6m, 6m, 15d or life"):
        event(term)
    assert labels.sentence_months(term) is None
    assert stats.sentence_years(term) is None
    assert stats.sentence_bucket(term) == stats.UNKNOWN


def test_words_and_lengths():
    assert labels.sentence_label("8y6m", "uk") == "8 р. 6 міс."
    assert labels.sentence_months("1y6m") == 18
    assert stats.sentence_years("8y6m") == 8.5
    assert stats.sentence_bucket("20y") == "15-20y"
