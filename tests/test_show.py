"""`kremlinlist show`: finding a person and printing the card, never the private block."""

import json

import pytest
from factory import Dataset, case, invoke
from typer.testing import CliRunner

from kremlinlist.cli import app

runner = CliRunner()
CANARY = "CANARY-91c2-private"


@pytest.fixture
def ds(tmp_path):
    ds = Dataset(tmp_path / "d", config={"repository": "private"})
    ds.add(case("petrenko-ivan", name={"en": "Ivan Petrenko", "uk": "Іван Петренко",
                                       "ru": "Иван Петренко"},
                aliases=["Vanya Petrenko"], former_ids=["petrenko-i"],
                private={"notes": CANARY, "health": CANARY,
                         "relatives": [{"name": CANARY, "contact": CANARY}]},
                events=[
                    {"date": "2021-01-15", "type": "sentenced", "term": "10y",
                     "articles": ["RU-CC-275"], "sources": ["s1"]},
                    {"date": "2020-03-10", "type": "detained", "place": "Testville",
                     "sources": ["s1"]},
                    {"date": "2022-03-10", "type": "released", "how": "exchange",
                     "sources": ["s1"]},
                ]))
    ds.add(case("petrenko-petro", name={"en": "Petro Petrenko", "uk": "Петро Петренко"},
                born="1970"))
    ds.add(case("bondar-oleh", name={"en": "Oleh Bondar", "uk": "Олег Бондар"}))
    ds.add(case("anon-2024-001", name={"en": "Taras Moroz"}, publicity="anonymous",
                private={"notes": CANARY}))
    return ds


def show(ds, *args):
    return runner.invoke(app, ["show", "-C", str(ds.root), *args])


@pytest.mark.parametrize("query", [
    "petrenko-ivan", "petrenko-i", "Ivan Petrenko", "ivan petrenko", "Іван Петренко",
    "ИВАН ПЕТРЕНКО", "Vanya Petrenko", "Petrenko Ivan", "Iwan Petrenko",
])
def test_found_by_id_former_id_or_any_spelling(ds, query):
    result = show(ds, "--format", "json", query)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == "petrenko-ivan"


def test_the_oleg_spelling_finds_oleh(ds):
    assert json.loads(show(ds, "-f", "json", "Oleg Bondar").stdout)["id"] == "bondar-oleh"


def test_ambiguous_and_unknown_are_usage_errors(ds):
    result = runner.invoke(app, ["show", "-C", str(ds.root), "Petrenko"])
    assert result.exit_code == 2
    assert "petrenko-ivan" in result.stderr and "petrenko-petro" in result.stderr
    result = runner.invoke(app, ["show", "-C", str(ds.root), "Nobody Atall"])
    assert result.exit_code == 2 and "no case" in result.stderr
    for query in ("a" * 5000, "a-" * 200 + "b"):  # "File name too long" had exit 1
        result = runner.invoke(app, ["show", "-C", str(ds.root), query])
        assert result.exit_code == 2 and "no case" in result.stderr


def test_card_content(ds):
    card = json.loads(show(ds, "--format", "json", "petrenko-ivan").stdout)
    assert card["names"] == {"en": "Ivan Petrenko", "uk": "Іван Петренко", "ru": "Иван Петренко"}
    assert card["status"]["state"] == "released" and card["status"]["how"] == "exchange"
    assert card["days_in_custody"] == 730
    assert card["on_list"] is False
    assert [e["type"] for e in card["timeline"]] == ["detained", "sentenced", "released"]
    assert card["timeline"][1]["details"] == {"term": "10y", "articles": "RU-CC-275"}
    assert card["verdict"]["meets_rules"] is True
    assert card["verdict"]["criteria"][0]["id"] == "e"
    assert card["sources"]["s1"] == {"title": "A fictional report", "publisher": "Test News",
                                     "date": "2020-03-11", "url": "https://example.org/report"}
    text = show(ds, "petrenko-ivan")
    assert text.exit_code == 0
    for expected in ("Ivan Petrenko", "Іван Петренко", "released", "at least 730",
                     "Timeline", "Testville", "Criteria", "A fictional report",
                     "https://example.org/report"):
        assert expected in text.stdout


def test_private_never_shown_even_for_an_anonymous_case(ds):
    for query in ("petrenko-ivan", "anon-2024-001"):
        for fmt in ("text", "json"):
            result = invoke(["show", "-C", str(ds.root), "--format", fmt, query], cwd=ds.root)
            assert result.returncode == 0
            assert CANARY not in result.stdout + result.stderr
            assert "private" not in result.stdout.lower().replace("publicity", "")


def test_markup_in_a_value_is_printed_literally(ds):
    ds.add(case("moroz-ivan", name={"en": "[bold red]Ivan Moroz[/]"}))
    result = show(ds, "moroz-ivan")
    assert "[bold red]Ivan Moroz[/]" in result.stdout


def test_a_broken_case_shows_its_problems(ds):
    ds.write("cases/broken-one.yaml", "id: broken-one\nname: {en: [x]}\n")
    result = show(ds, "broken-one")
    assert result.exit_code == 1
    assert "broken-one.yaml" in result.stdout


def test_an_upper_bound_date_is_said_in_the_readers_language(tmp_path):
    ds = Dataset(tmp_path / "d")
    ds.add(case("petrenko-ivan", events=[
        {"date": "2020-03", "date_is": "by", "note": "inferred from the trial", "type": "detained",
         "sources": ["s1"]}]))
    card = json.loads(show(ds, "-f", "json", "petrenko-ivan").stdout)
    assert (card["timeline"][0]["date"], card["timeline"][0]["date_is"]) == ("2020-03", "by")
    assert "by 2020-03" in show(ds, "petrenko-ivan").stdout
    uk = runner.invoke(app, ["--lang", "uk", "show", "-C", str(ds.root), "petrenko-ivan"])
    assert "не пізніше 2020-03" in uk.stdout and "by 2020-03" not in uk.stdout
