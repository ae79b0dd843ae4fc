"""One region table: what `new` accepts is what the exports can name, in English and Ukrainian."""

import pytest

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.publish import labels
from kremlinlist.app import new
from kremlinlist.model.regions import REGIONS, region_codes, region_name, ukrainian_spelling


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
    ("Київ. обл.", "UA-32"), ("Київ обл.", "UA-32"), ("Київ область", "UA-32"),
    ("Київ регіон", "UA-32"), ("Харків. обл.", "UA-63"), ("м. Харків", "UA-63"),
    ("Севастополь", "UA-40"),
])
def test_the_word_oblast_or_city_says_which_kyiv(typed, code):
    """`new --region "Kyiv Oblast, Ukraine"` offered both Kyivs, and `місто Київ` neither: the
    words that say which were dropped before the name was looked up. `Київ обл.` was the city:
    its name is the city's alone, and the word was asked only between two regions of that name;
    `м. Харків` is still the one Kharkiv."""
    assert region_codes(typed) == (code,)
    assert new.check_region(typed) == code


@pytest.mark.parametrize("typed, code", [
    ("Kyivska oblast", "UA-32"), ("Kyivs'ka", "UA-32"), ("Kyivs’ka oblast", "UA-32"),
    ("Kharkivska", "UA-63"), ("Khersonska oblast", "UA-65"), ("Mykolayivska", "UA-48"),
    ("L'vivs'ka obl.", "UA-46"), ("Khmel'nyts'ka", "UA-68"), ("Kyyiv", "UA-30"),
])
def test_the_ukrainian_name_in_a_transliteration_is_read(typed, code):
    """`Kyivska oblast`, the Ukrainian name as Latin letters spell it, was no region at all."""
    assert region_codes(typed) == (code,)
    assert new.check_region(typed) == code


@pytest.mark.parametrize("typed, code, ukrainian", [
    ("Kiev", "UA-30", "Kyiv"), ("Kiev Oblast", "UA-32", "Kyiv Oblast"),
    ("Kharkov", "UA-63", "Kharkiv"), ("Odessa", "UA-51", "Odesa"), ("Nikolaev", "UA-48", "Mykolaiv"),
    ("Lugansk Oblast, Ukraine", "UA-09", "Luhansk Oblast, Ukraine"),
    ("Zaporozhye", "UA-23", "Zaporizhzhia"), ("Ivano-Frankovsk", "UA-26", "Ivano-Frankivsk"),
])
def test_a_name_spelt_from_russian_is_read_and_its_ukrainian_spelling_given(typed, code,
                                                                             ukrainian):
    """`Kiev`, `Kharkov`, as sources in English still write them, were no region at all."""
    assert region_codes(typed) == (code,)
    assert ukrainian_spelling(typed) == ukrainian
    assert ukrainian_spelling("Donetsk") is None and ukrainian_spelling("Kyiv") is None


@pytest.mark.parametrize("typed, code", [
    ("Луцьк", "UA-07"), ("Uzhhorod", "UA-21"), ("Маріуполь", "UA-14"), ("Mariupol", "UA-14"),
    ("Мелітополь", "UA-23"), ("Berdiansk", "UA-23"), ("Енергодар", "UA-23"),
    ("Нова Каховка", "UA-65"), ("Skadovsk", "UA-65"), ("Сімферополь", "UA-43"),
    ("Yalta", "UA-43"), ("Керч", "UA-43"), ("Severodonetsk", "UA-09"), ("Izium", "UA-63"),
])
def test_a_town_reports_name_is_read_as_its_region(typed, code):
    """Reports say where a person was taken, often a town of the occupied areas whose name no
    region's begins: Мелітополь was no region."""
    assert region_codes(typed) == (code,)


@pytest.mark.parametrize("typed, codes", [
    ("Mariupol, Donetsk Oblast", ("UA-14",)), ("Енергодар, Запорізька обл.", ("UA-23",)),
    ("Ялта, Крим", ("UA-43",)), ("Маріуполь, Україна", ("UA-14",)),
    ("Маріуполь, Херсонська обл.", ()), ("Херсонська, Запорізька", ()),
])
def test_a_place_and_its_region_are_read_when_they_agree(typed, codes):
    """A town with its region after it is that region when both say it; when they say two
    regions, neither is taken."""
    assert region_codes(typed) == codes
