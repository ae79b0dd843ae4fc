"""One region table: what `new` accepts is what the exports can name, in English and Ukrainian."""

import pytest

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.publish import labels
from kremlinlist.app import new
from kremlinlist.model.regions import REGIONS, region_codes, region_name


def test_the_table_covers_ukraine_in_both_languages():
    assert len(REGIONS) == 27
    assert REGIONS["UA-43"] == ("Crimea", "Крим") and REGIONS["UA-30"] == ("Kyiv", "Київ")
    for code, (en, uk) in REGIONS.items():
        assert en.isascii() and not uk.isascii(), code


@pytest.mark.parametrize("code", sorted(REGIONS))
def test_new_accepts_every_code_the_exports_name(code):
    assert new.check_region(code.lower()) == code
    for lang in ("en", "uk"):
        assert labels.region_label(code, lang) == region_name(code, lang) != code


def test_an_unknown_code_is_refused_with_the_names_of_the_table():
    with pytest.raises(KremlinlistError) as exc:
        new.check_region("UA-99")
    assert exc.value.code == "bad-answer"
    table = " ".join(exc.value.details)
    assert "UA-30 (Kyiv)" in table and "UA-32 (Kyiv Oblast)" in table
    assert labels.region_label("UA-99", "en") == "UA-99" and region_name("UA-99", "uk") is None


@pytest.mark.parametrize("typed, code", [
    ("Kyiv Oblast, Ukraine", "UA-32"), ("Kyiv region", "UA-32"), ("Kyiv Obl.", "UA-32"),
    ("Київська область", "UA-32"), ("Київщина", "UA-32"), ("Київська обл., Україна", "UA-32"),
    ("Kyiv city", "UA-30"), ("City of Kyiv", "UA-30"), ("місто Київ", "UA-30"), ("м. Київ", "UA-30"),
    ("Kyiv", "UA-30"), ("Kyiv, Ukraine", "UA-30"), ("місто Севастополь", "UA-40"),
])
def test_the_word_oblast_or_city_says_which_kyiv(typed, code):
    """`new --region "Kyiv Oblast, Ukraine"` offered both Kyivs, and `місто Київ` neither: the
    words that say which were dropped before the name was looked up."""
    assert region_codes(typed) == (code,)
    assert new.check_region(typed) == code
