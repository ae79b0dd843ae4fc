"""An action or coalition file's mistakes are said as a case's are: where, what is wrong and what
to write instead, in English and in Ukrainian; never pydantic's own words. A number written with
separators or a fraction, a negative count, an item of the wrong type (the item, not the field),
an actor with both an id and a name, a date written day first. Every person is fictional."""

from __future__ import annotations

import pytest
from factory import action, at, case, check_text, coalition, dump

from kremlinlist.base import i18n

ACTION = "actions/2021-02-open-letter.yaml"
COALITION = "coalitions/test-coalition.yaml"
# Words of pydantic's own messages, which no researcher's message holds.
PYDANTIC = ("Input should", "unable to parse", "greater than or equal", "valid integer",
            "one of the two")


@pytest.fixture
def people(dataset):
    dataset.add(case("petrenko-ivan"))
    dataset.add(case("anon-2021-001", publicity="anonymous"))
    return dataset


def _action_text(**overrides) -> str:
    """An action file with `signatures` on one line (line 9), `by` on line 5, `date` on line 4."""
    data = action(**overrides)
    lines = [f"id: {data['id']}", "type: open-letter", "title: {en: A fictional open letter}",
             f"date: {data['date']}", f"by: {data['by']}", "for: [petrenko-ivan]",
             "summary: A fictional letter.", "to: A fictional minister",
             f"signatures: {data['signatures']}",
             "sources:", "  s1: {title: A fictional report, url: 'https://example.org/l'}", ""]
    return "\n".join(lines)


def _problems(dataset, text: str, rel: str = ACTION, lang: str = "en"):
    with i18n.speaking(lang):
        return check_text(dataset, text, rel)


def _plain(problem) -> str:
    assert not any(w in problem.message for w in PYDANTIC), problem.message
    return problem.message


@pytest.mark.parametrize("signatures,column,words,uk_words", [
    ("{count: '1,200', sources: [s1]}", 21, "digits only, without spaces, commas or points",
     "лише цифрами"),
    ("{count: 12, goal: 1.5, sources: [s1]}", 31, "without a fraction", "без дробової частини"),
    ("{count: -5, sources: [s1]}", 21, "cannot be below 0", "не може бути меншим за 0"),
    ("{count: about 1200, sources: [s1]}", 21, "digits only", "лише цифрами"),
])
def test_a_number_says_how_to_write_it(people, signatures, column, words, uk_words):
    text = _action_text().replace(
        "signatures: {'count': 12, 'as_of': '2021-02-03', 'goal': 100, 'sources': ['s1']}",
        f"signatures: {signatures}")
    p = at(_problems(people, text), "invalid-value", 9, column)
    assert words in _plain(p)
    uk = at(_problems(people, text, lang="uk"), "invalid-value", 9, column)
    assert uk_words in _plain(uk), uk.message
    assert "1200" not in p.message and "1,200" not in p.message  # an action's value is not said


def test_a_coalitions_count_says_the_number_to_write(people):
    """A coalition's file may be quoted: the number without its separators is written out."""
    text = dump(coalition()).replace("count: 40", "count: 1,200")
    p = next(p for p in _problems(people, text, COALITION) if p.code == "invalid-value")
    assert "`count: 1200`" in _plain(p)
    uk = next(p for p in _problems(people, text, COALITION, "uk") if p.code == "invalid-value")
    assert "`count: 1200`" in _plain(uk) and "цифрами" in uk.message


def test_an_actor_with_an_id_and_a_name_is_told_to_write_two_items(people):
    text = _action_text(by="[{name: Olena, org: test-org}]")
    p = at(_problems(people, text), "invalid-value", 5, 6)
    assert "not both" in _plain(p) and "`- ccl`" in p.message
    uk = at(_problems(people, text, lang="uk"), "invalid-value", 5, 6)
    assert "не обидва" in _plain(uk), uk.message


@pytest.mark.parametrize("rel,text,line,column,words,uk_words", [
    (COALITION, dump(coalition()).replace(
        "- org: test-org\n  role: founding-member\n  sources:\n  - s1", "- test-org"),
     None, None, "this item of `members` should be a mapping", "елемент `members`"),
    (ACTION, _action_text(by="[[test-org]]"), 5, 6,
     "this item of `by` should be an organization's id (`- ccl`) or a name", "елемент `by`"),
    (ACTION, _action_text().replace("  s1: {title: A fictional report, url: 'https://example"
                                    ".org/l'}", "  s1: null"), 11, 7,
     "this entry of `sources` should be a mapping", "запис `sources`"),
])
def test_the_item_of_the_wrong_type_is_said_not_its_field(people, rel, text, line, column, words,
                                                          uk_words):
    found = [p for p in _problems(people, text, rel) if p.code == "wrong-type"]
    assert len(found) == 1, found
    if line is not None:
        assert (found[0].line, found[0].column) == (line, column)
    assert words in found[0].message, found[0].message
    assert found[0].message.startswith("this ")  # not "`members` should be ..."
    uk = [p for p in _problems(people, text, rel, "uk") if p.code == "wrong-type"]
    assert uk_words in uk[0].message, uk[0].message


def test_a_day_first_date_in_an_action_says_how_to_write_it(people):
    """As a withheld person's case: an action may be for one, so the date worked out from the
    value is not said, how to write it is (year first, hyphens), in either language."""
    text = _action_text().replace("date: 2021-02-01", "date: 15.10.2020")
    p = at(_problems(people, text), "invalid-value", 4, 7)
    assert "year first" in p.message and "2014-05-10" in p.message, p.message
    assert "2020" not in p.message
    uk = at(_problems(people, text, lang="uk"), "invalid-value", 4, 7)
    assert "спочатку рік" in uk.message and "2020" not in uk.message, uk.message


def test_a_date_that_does_not_exist_in_an_action_says_why(people):
    """`dates.lenient_fault`, as for a case: the form is right, the day is not."""
    text = _action_text().replace("date: 2021-02-01", "date: 30.02.2020")
    p = at(_problems(people, text), "invalid-value", 4, 7)
    assert "that day does not exist in that month" in p.message, p.message


def test_a_coalitions_day_first_date_says_the_date_to_write(people):
    text = dump(coalition(founded="15.10.2020"))
    p = next(p for p in _problems(people, text, COALITION) if p.code == "invalid-value")
    assert p.message.endswith("write `2020-10-15`"), p.message
