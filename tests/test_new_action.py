"""`kremlinlist new-action` takes several organizations (`--by` repeated, as `--for`), and a
refusal names the option to fix and how, in English and Ukrainian. Every person is fictional."""

from __future__ import annotations

import pytest
import yaml
from factory import case, cli_at_root

from kremlinlist.files import loader

REL = "actions/2021-04-appeal.yaml"
START = ["new-action", "--id", "2021-04-appeal", "--type", "appeal", "--title-en", "Letter"]


@pytest.fixture
def people(dataset):
    dataset.add(case("petrenko-ivan"))
    dataset.add(case("bondar-olena", name={"en": "Olena Bondar", "uk": "Олена Бондар"}))
    return dataset


def test_every_by_is_kept(people):
    result = cli_at_root([*START, "--by", "test-org", "--by", "zmina", "--for", "petrenko-ivan",
                          "--for", "bondar-olena"], people.root)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((people.root / REL).read_text(encoding="utf-8"))
    assert data["by"] == ["test-org", "zmina"]
    assert data["for"] == ["petrenko-ivan", "bondar-olena"]
    assert loader.load_file(people.root, REL, "action").data["by"] == ["test-org", "zmina"]


@pytest.mark.parametrize("args,words,uk_words", [
    (["--for", "petrenko-ivan bondar-olena"],
     "--for: one id a time; repeat the option for each: --for petrenko-ivan --for bondar-olena",
     "--for: по одному ідентифікатору"),
    (["--for", "Petrenko Ivan!"], "--for: an id uses lowercase latin letters",
     "--for: ідентифікатор"),
    (["--by", "test-org,zmina"], "--by: one id a time; repeat the option for each: --by test-org "
     "--by zmina", "--by: по одному ідентифікатору"),
    (["--by", "Crimea SOS!"], "anyone else is written in the file, under `by`, as "
     "`- {name: ...}`", "--by: ідентифікатор організації"),
    (["--id", "Appeal 1"], "--id: an id uses lowercase latin letters", "--id: ідентифікатор"),
    (["--date", "31.02.2021"], "--date: that day does not exist", "--date: такого дня"),
])
def test_a_refusal_names_the_option(people, args, words, uk_words):
    result = cli_at_root([*START, *args], people.root)
    assert result.exit_code == 2 and words in result.stderr, result.output
    assert not (people.root / REL).exists()
    uk = cli_at_root(["--lang", "uk", *START, *args], people.root)
    assert uk.exit_code == 2 and uk_words in uk.stderr, uk.stderr


def test_a_date_written_day_first_is_written_year_first(people):
    """As `new` reads a date: the file holds the date in its own form."""
    result = cli_at_root([*START, "--date", "15.03.2021"], people.root)
    assert result.exit_code == 0, result.output
    assert "date: 2021-03-15\n" in (people.root / REL).read_text(encoding="utf-8")
