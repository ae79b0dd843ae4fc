"""A value that is not allowed gets a message that says what to write: the allowed values joined
in the reader's language with the likely one, a region's code for its name, a date read another
way as the date to write, a Cyrillic letter that looks Latin named with its column; and `check`
and `show` say a person's facts in the reader's words. What is worked out from a value about the
person is said only of a file a message may quote. Every person here is fictional."""

from __future__ import annotations

import json
import re

import pytest
from factory import BASE, at, case, check_text, dump, edit, invoke, only

from kremlinlist.app.check import explain
from kremlinlist.app.show import card_facts, show_card
from kremlinlist.base import i18n
from kremlinlist.model.case import Case
from kremlinlist.model import dates
from kremlinlist.model.jsonschema import json_schema
from kremlinlist.model.regions import REGIONS
from kremlinlist.publish.views import card_view

HIDDEN = edit("publicity: public", "publicity: hidden")


def uk_problems(dataset, text: str, rel: str = "cases/petrenko-ivan.yaml"):
    with i18n.speaking("uk"):
        return check_text(dataset, text, rel)


# --- 1. allowed values ----------------------------------------------------------------------------

def test_allowed_values_are_joined_in_ukrainian_with_the_likely_one(dataset):
    p = at(uk_problems(dataset, edit("type: detained", "type: detaned")), "invalid-value", 10, 11)
    assert "`disappeared` або `recognized`" in p.message and " or " not in p.message
    assert p.message.endswith("можливо, `detained`?")


@pytest.mark.parametrize("old,new,likely", [
    ("region: UA-43", "region: UA-43\nsex: Femal", "female"),
    ("    term: 10y", "    term: 10y\n    regime: strickt", "strict"),
    ("  decision: listed", "  decision: listd", "listed"),
])
def test_the_likely_value_of_every_list(dataset, old, new, likely):
    p = only(uk_problems(dataset, edit(old, new)), "invalid-value")
    assert f"можливо, `{likely}`?" in p.message and "має бути одним із" in p.message


def test_publicity_gets_its_likely_value_though_the_file_is_withheld(dataset):
    p = only(uk_problems(dataset, edit("publicity: public", "publicity: anonymus")),
             "invalid-value")
    assert p.message.endswith("можливо, `anonymous`?")


def test_a_withheld_persons_value_is_not_guessed(dataset):
    p = only(check_text(dataset, edit("region: UA-43", "region: UA-43\nsex: femal", HIDDEN)),
             "invalid-value")
    assert "`male` or `female`" in p.message and "did you mean" not in p.message


# --- 2. regions ------------------------------------------------------------------------------------

def test_a_code_no_region_has_is_refused_with_the_table(dataset):
    p = at(uk_problems(dataset, edit("region: UA-43", "region: UA-99")), "invalid-value", 6, 9)
    assert "не вдалося розпізнати регіон" in p.message and "UA-65 (Херсонська обл.)" in p.message
    assert "UA-99" not in p.message


@pytest.mark.parametrize("typed", ["Херсонська", "Херсонська обл.", "Kherson", "ua-65"])
def test_a_regions_name_says_the_code_to_write(dataset, typed):
    p = at(uk_problems(dataset, edit("region: UA-43", f"region: {typed}")), "invalid-value", 6, 9)
    assert "`UA-65` (Херсонська обл.)" in p.message


def test_a_withheld_persons_region_name_gets_the_table_not_the_code(dataset):
    p = only(check_text(dataset, edit("region: UA-43", "region: Kherson", HIDDEN)),
             "invalid-value")
    assert "`UA-65`" not in p.message and "UA-65 (Kherson Oblast)" in p.message


def test_another_countrys_code_keeps_its_form(dataset):
    assert check_text(dataset, edit("region: UA-43", "region: MD-CU")) == []


def test_the_json_schema_lists_the_codes():
    region = json_schema("case")["properties"]["region"]["anyOf"][0]["anyOf"]
    assert region[0]["enum"] == list(REGIONS)
    other = re.compile(region[1]["pattern"])
    assert other.match("MD-CU") and not other.match("UA-99") and not other.match("UA-65")
    with pytest.raises(ValueError):
        Case.model_validate({**case(), "region": "UA-99"})


# --- 3. dates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed,written", [
    ("10.05.2014", "2014-05-10"), ("2023/03/15", "2023-03-15"), ("2023-3-15", "2023-03-15"),
    ("березень 2023", "2023-03"), ("15 березня 2023 р.", "2023-03-15"), ("15/03/2023", "2023-03-15"),
    ("03.2023", "2023-03"), ("March 2023", "2023-03"),
])
def test_a_date_written_another_way_says_the_date_to_write(dataset, typed, written):
    p = at(uk_problems(dataset, edit("born: 1980", f"born: {typed}")), "invalid-value", 5, 7)
    assert p.message.endswith(f"напишіть `{written}`"), p.message
    assert typed not in p.message


@pytest.mark.parametrize("typed", ["05/03/2023", "05-03-2023", "05–03–2023", "31.02.2023",
                                   "10.05.14", "вчора", "2023-13"])
def test_a_date_that_could_mean_two_or_none_is_not_guessed(typed):
    assert dates.read_leniently(typed) is None


@pytest.mark.parametrize("typed,words", [("05/03/1981", "скісними рисками"),
                                         ("05-03-1981", "дефісами")])
def test_a_date_that_could_mean_two_says_both(dataset, typed, words):
    """`05-03-1981` was read day first without a word: the US writes the month first with
    hyphens too. `15-03-1981` can mean one date only, and is said as that date."""
    p = at(uk_problems(dataset, edit("born: 1980", f"born: {typed}")), "invalid-value", 5, 7)
    assert "`1981-03-05`, якщо першим стоїть день, `1981-05-03`, якщо місяць" in p.message
    assert words in p.message, p.message
    assert dates.read_leniently("15-03-1981") == dates.PartialDate.parse("1981-03-15")


@pytest.mark.parametrize("typed", ["2023–03–15", "2023—03—15", "2023\u221203\u221215"])
def test_a_date_with_dashes_that_look_like_hyphens_says_the_date_to_write(dataset, typed):
    p = at(uk_problems(dataset, edit("born: 1980", f"born: {typed}")), "invalid-value", 5, 7)
    assert p.message.endswith("напишіть `2023-03-15`"), p.message


@pytest.mark.parametrize("old,new,column", [
    ("type: detained", "type: hunger\u2011strike", 17),
    ("region: UA-43", "region: UA\u201143", 11),
])
def test_a_dash_that_looks_like_the_hyphen_is_named_at_its_column(dataset, old, new, column):
    line = 10 if old.startswith("type") else 6
    p = at(uk_problems(dataset, edit(old, new)), "invalid-value", line, column)
    assert f"у стовпці {column} стоїть U+2011 нерозривний дефіс" in p.message, p.message
    assert p.message.endswith("`hunger-strike`" if old.startswith("type") else "`UA-43`")


def test_a_withheld_persons_dash_is_not_named(dataset):
    p = only(check_text(dataset, edit("region: UA-43", "region: UA\u201143", HIDDEN)),
             "invalid-value")
    assert "U+2011" not in p.message and "column" not in p.message


def test_a_withheld_persons_date_is_not_converted(dataset):
    p = only(check_text(dataset, edit("born: 1980", "born: 15.03.1981", HIDDEN)),
             "invalid-value")
    assert "1981" not in p.message and "YYYY-MM-DD" in p.message


def test_a_date_in_the_private_block_is_not_converted(dataset):
    dataset.write("kremlinlist.yaml", "repository: private\n")
    text = BASE + "private:\n  sources:\n    p1: {title: A call, date: 15.03.2023}\n"
    p = only(check_text(dataset, text), "invalid-value")
    assert "2023" not in p.message


# --- 4. Cyrillic letters that look Latin -------------------------------------------------------------

def test_a_cyrillic_letter_in_a_key_is_named_at_its_column(dataset):
    problems = uk_problems(dataset, edit("    type: detained", "    tуpe: detained"))
    p = at(problems, "unknown-key", 10, 6)
    assert "кирилична `у` у стовпці 6" in p.message and "латинську `y`" in p.message
    assert "`type`" in p.message
    assert [q.code for q in problems] == ["unknown-key"]  # no echo: `type` is not missing


@pytest.mark.parametrize("old,new,line,column,letter,fixed", [
    ("id: petrenko-ivan", "id: petrenko-іvan", 1, 14, "і", "petrenko-ivan"),
    ("  by: [test-org]", "  signs: [pro-ukrainian-pоsition]\n  by: [test-org]", 23, 26, "о",
     "pro-ukrainian-position"),
    ("type: detained", "type: dеtained", 10, 12, "е", "detained"),
])
def test_a_cyrillic_letter_in_a_value_is_named_at_its_column(dataset, old, new, line, column,
                                                             letter, fixed):
    p = at(uk_problems(dataset, edit(old, new)), "invalid-value", line, column)
    assert f"кирилична `{letter}` у стовпці {column}" in p.message
    assert p.message.endswith(f"`{fixed}`"), p.message


def test_a_withheld_persons_value_says_neither_the_letter_nor_where(dataset):
    text = edit("region: UA-43", "region: UA-43\nsex: mаle", HIDDEN)
    p = at(uk_problems(dataset, text), "invalid-value", 7, 6)
    assert "кирилична" not in p.message and "стовпці" not in p.message and "male" not in p.message
    assert "латинськими літерами" in p.message


@pytest.mark.parametrize("field", ["signs", "exclusions"])
def test_a_withheld_persons_criteria_ids_are_not_echoed_corrected(dataset, field):
    """A look-alike letter in signs or exclusions printed the value corrected, whatever text it
    was (a name too), in a withheld person's file."""
    text = edit("  by: [test-org]", f"  by: [test-org]\n  {field}: [Zqcаnary Ivanenko]", HIDDEN)
    said = " ".join(p.message for p in check_text(dataset, text))
    assert "Zqc" not in said and "Ivanenko" not in said


def test_an_english_name_that_mixes_scripts_is_a_warning(dataset):
    p = at(uk_problems(dataset, edit("en: Ivan Petrenko", "en: Ivan Pеtrenko")),
           "mixed-script-name", 3, 13, "warning")
    assert "кирилична `е` у стовпці 13" in p.message and "латинську `e`" in p.message


def test_a_withheld_persons_mixed_name_says_neither_the_letter_nor_where(dataset):
    p = at(check_text(dataset, edit("en: Ivan Petrenko", "en: Ivan Pеtrenko", HIDDEN)),
           "mixed-script-name", 3, 7, "warning")
    assert "column" not in p.message and "`е`" not in p.message


def test_a_name_in_one_script_is_no_warning(dataset):
    problems = check_text(dataset, edit("en: Ivan Petrenko", "en: Іван Петренко"))
    assert "mixed-script-name" not in {p.code for p in problems}


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_the_message_is_the_same_in_every_format(dataset, fmt):
    dataset.write("cases/petrenko-ivan.yaml", edit("    type: detained", "    tуpe: detained"))
    result = invoke(["--lang", "uk", "validate", "--format", fmt], cwd=dataset.root)
    assert result.returncode == 1
    out = json.loads(result.stdout)["problems"][0]["message"] if fmt == "json" else result.stdout
    assert "у цьому ключі є кирилична `у` у стовпці 6" in out


# --- 5. check and show in Ukrainian -----------------------------------------------------------------

def test_check_says_the_status_and_criteria_in_ukrainian(dataset):
    dataset.write("cases/petrenko-ivan.yaml", dump(case()))
    with i18n.speaking("uk"):
        lines = explain(dataset.root, "petrenko-ivan").lines()
    assert lines[0].endswith("статус утримання під вартою")
    assert lines[2] == "  e: підтверджено: s1: критерій e"


def test_show_says_the_facts_in_ukrainian(dataset):
    dataset.write("cases/petrenko-ivan.yaml", dump(case(sex="female", region="UA-65")))
    with i18n.speaking("uk"):
        card = show_card(dataset.root, "petrenko-ivan")[0]
        facts = dict(card_facts(card))
        shown = card_view(card, card_facts(card))
    assert facts["стать"] == "жіноча" and facts["регіон"] == "UA-65 (Херсонська обл.)"
    assert facts["статус"].startswith("під вартою з ")
    timeline, criteria = shown[2], shown[3]
    assert [row[1] for row in timeline.rows] == ["затримання", "вирок"]
    assert criteria.rows[0][2] == "критерій e"
    english = show_card(dataset.root, "petrenko-ivan")[0]
    assert english == card  # the card's data is the same in every language
    assert dict(card_facts(english))["sex"] == "female"


def test_show_says_how_a_person_was_released(dataset):
    dataset.write("cases/petrenko-ivan.yaml", dump(case(events=[
        {"date": "2020-03-10", "type": "detained", "sources": ["s1"]},
        {"date": "2022-03-10", "type": "released", "how": "exchange", "sources": ["s1"]}])))
    card = show_card(dataset.root, "petrenko-ivan")[0]
    with i18n.speaking("uk"):
        assert dict(card_facts(card))["статус"] == "звільнено з 2022-03-10 (обмін)"
    assert dict(card_facts(card))["status"] == "released since 2022-03-10 (exchange)"
