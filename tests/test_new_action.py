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
    (["--id", "a" * 81], "--id: an id is at most 80 characters", "--id: ідентифікатор — щонайбільше"),
    (["--for", "b" * 81], "--for: an id is at most 80 characters",
     "--for: ідентифікатор — щонайбільше"),
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


def test_the_file_ends_its_last_line_as_fmt_writes_it(people):
    result = cli_at_root([*START, "--title-uk", "Лист", "--date", "2021-04", "--by", "test-org",
                          "--for", "petrenko-ivan"], people.root)
    assert result.exit_code == 0, result.output
    written = (people.root / REL).read_bytes()
    assert written.endswith(b"quote: ...}\n") and not written.endswith(b"\n\n"), written
    check = cli_at_root(["fmt", "--check", str(people.root / REL)], people.root)
    assert check.exit_code == 0, check.output


def _warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if " identifying-id " in line]


def test_an_id_naming_a_withheld_person_it_is_for_is_warned_of_as_validate_does(people):
    """The id the maintainer chose names the anonymous person the action is for: the file is
    written (the warning is validate's, which does not fail), and the warning said at once,
    in validate's words and without the file's name, rather than at the next validate."""
    people.write("kremlinlist.yaml", "repository: private\n")
    people.add(case("anon-2026-001", publicity="anonymous",
                    name={"en": "Marko Zhuk", "uk": "Марко Жук"}))
    rel = "actions/2026-12-01-picket-zhuk.yaml"
    result = cli_at_root(["new-action", "--id", "2026-12-01-picket-zhuk", "--type", "picket",
                          "--title-en", "Picket", "--for", "anon-2026-001"], people.root)
    assert result.exit_code == 0 and (people.root / rel).is_file(), result.output
    said = _warnings(result.output)
    assert said and said == _warnings(cli_at_root(["validate", rel], people.root).output), said
    assert all("zhuk" not in line for line in said)
    public = cli_at_root([*START[:2], "2021-04-appeal-bondar", *START[3:], "--for",
                          "bondar-olena"], people.root)  # a public person's name is no secret
    assert public.exit_code == 0 and not _warnings(public.output), public.output
