"""`kremlinlist show ID` is the maintainer's card, which names a withheld person too: it lists the
person's actions as it lists their other facts, in full with what of each is published; one
also for someone else whose name is withheld is shown only as it is published, or counted where
nothing of it is. Every person is fictional."""

from __future__ import annotations

import json

import pytest
from factory import action, case, cli_at_root, dump

WITHHELD_TITLE = "Letters for Fictional Marko Vyhadanyi"
OTHERS_TITLE = "Letters for Ivan Petrenko and Marko Vyhadanyi"
HIDDEN_TITLE = "Pickets for Ivan Petrenko and Taras Vyhadanyi"


@pytest.fixture
def withheld(dataset):
    """A hidden and an anonymous person with a letter campaign each, a public one with a
    petition, one campaign for the public and the anonymous person together and one picket for
    the public and the hidden person together, in a private
    repository, where withheld people's files belong."""
    dataset.write("kremlinlist.yaml", "repository: private\n")
    dataset.add(case("petrenko-ivan"))
    dataset.add(case("hid-2021-001", publicity="hidden",
                     name={"en": "Taras Vyhadanyi", "uk": "Тарас Вигаданий"}))
    dataset.add(case("anon-2021-001", publicity="anonymous",
                     name={"en": "Marko Vyhadanyi", "uk": "Марко Вигаданий"}))
    for action_id, title, people, when in (
            ("2021-03-letters-hid", "Letters to Fictional Taras", ["hid-2021-001"], "2021-03-02"),
            ("2021-04-letters-anon", WITHHELD_TITLE, ["anon-2021-001"], "2021-04-05"),
            ("2021-05-letters-both", OTHERS_TITLE, ["petrenko-ivan", "anon-2021-001"],
             "2021-05-06"),
            ("2021-06-pickets", HIDDEN_TITLE, ["petrenko-ivan", "hid-2021-001"], "2021-06-07"),
            ("2021-01-petition", "A fictional petition", ["petrenko-ivan"], "2021-01-07")):
        dataset.write(f"actions/{action_id}.yaml", dump(action(
            action_id, title={"en": title}, date=when, **{"for": people})))
    return dataset


def _card(root, person: str) -> dict:
    result = cli_at_root(["show", person, "--format", "json"], root)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_hidden_persons_card_lists_their_action_as_not_published(withheld):
    card = _card(withheld.root, "hid-2021-001")
    assert [(a["id"], a["title"]["en"], a["published"]) for a in card["actions"]] == [
        ("2021-06-pickets", HIDDEN_TITLE, "not published"),
        ("2021-03-letters-hid", "Letters to Fictional Taras", "not published")]
    text = " ".join(cli_at_root(["show", "hid-2021-001"], withheld.root).stdout.split())
    assert "Letters to Fictional Taras (not published)" in text, text


def test_an_anonymous_persons_card_lists_the_titles_with_what_is_published(withheld):
    card = _card(withheld.root, "anon-2021-001")
    assert [(a["id"], a["title"]["en"]) for a in card["actions"]] == [
        ("2021-05-letters-both", OTHERS_TITLE), ("2021-04-letters-anon", WITHHELD_TITLE)]
    assert {a["published"] for a in card["actions"]} == {
        "published as its month and type only, under a withheld name"}
    text = " ".join(cli_at_root(["show", "anon-2021-001"], withheld.root).stdout.split())
    assert WITHHELD_TITLE in text and "title withheld" not in text
    uk = " ".join(cli_at_root(["--lang", "uk", "show", "anon-2021-001"],
                              withheld.root).stdout.split())
    assert "оприлюднюється лише місяць і вид" in uk, uk


def test_a_public_persons_card_shows_an_action_also_for_a_withheld_person_as_published(withheld):
    """Their titles name the anonymous or the hidden person, whom this card is not about: the
    one for the anonymous person is shown as it is published, the one for the hidden person,
    of which nothing is, is counted."""
    card = _card(withheld.root, "petrenko-ivan")
    published = json.loads(cli_at_root(["actions", "--for", "petrenko-ivan", "--format", "json"],
                                       withheld.root).stdout)["actions"]
    assert [a["id"] for a in card["actions"]] == [None, "2021-01-petition"]
    assert card["actions"][0] == published[0] and card["actions"][0]["withheld"] is True
    assert card["actions"][1]["published"] == "published in full"
    assert card["actions_left_out"] == 1
    result = cli_at_root(["show", "petrenko-ivan"], withheld.root)
    text = " ".join(result.stdout.split())
    assert "Vyhadanyi" not in result.stdout and "Vyhadanyi" not in json.dumps(card)
    assert "2021-05 open letter: shown as published: it is also for someone else whose name " \
        "is withheld" in text, text
    assert "1 more action for this person is also for someone else whose name is withheld " \
        "and is not published" in text
    assert "(published in full)" not in text  # said only of what is not published in full


@pytest.mark.parametrize("days", [("06", "20"), ("20", "06")])
def test_a_cards_withheld_actions_of_one_month_are_not_ordered_by_their_days(dataset, days):
    """Two actions for a public and an anonymous person in one month are shown as published (its
    month and type): in the order of their files, whose names begin with the day, the card said
    which came first, which the published view withholds."""
    dataset.write("kremlinlist.yaml", "repository: private\n")
    dataset.add(case("petrenko-ivan"))
    dataset.add(case("anon-2021-001", publicity="anonymous",
                     name={"en": "Marko Vyhadanyi", "uk": "Марко Вигаданий"}))
    for kind, day in zip(("picket", "statement"), days):
        action_id = f"2021-05-{day}-{kind}"
        dataset.write(f"actions/{action_id}.yaml", dump(action(
            action_id, type=kind, date=f"2021-05-{day}", signatures=None,
            **{"for": ["petrenko-ivan", "anon-2021-001"]})))
    shown = [(a["date"], a["type"]) for a in _card(dataset.root, "petrenko-ivan")["actions"]]
    assert shown == [("2021-05", "statement"), ("2021-05", "picket")]


def test_a_card_says_its_actions_in_the_language_of_messages(dataset):
    """Under `--lang uk` an action's title is its Ukrainian one (the English where it has none)
    and its type is said in Ukrainian, as `actions --lang uk` says them; it was English."""
    dataset.add(case("petrenko-ivan"))
    dataset.write("actions/2021-02-open-letter.yaml", dump(action()))
    dataset.write("actions/2021-03-picket.yaml", dump(action(
        "2021-03-picket", type="picket", date="2021-03-04", signatures=None,
        title={"en": "A fictional picket"})))
    uk = " ".join(cli_at_root(["--lang", "uk", "show", "petrenko-ivan"],
                              dataset.root).stdout.split())
    assert "2021-02-01 відкритий лист: Вигаданий відкритий лист" in uk, uk
    assert "2021-03-04 пікет: A fictional picket" in uk, uk
    en = " ".join(cli_at_root(["show", "petrenko-ivan"], dataset.root).stdout.split())
    assert "2021-02-01 open letter: A fictional open letter" in en, en
