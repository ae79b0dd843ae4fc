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
