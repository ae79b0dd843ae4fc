"""The hints a researcher follows without a second thought: a value written as an everyday English
word is told by its meaning (`type: arrested` is `type: detained`), and a value is suggested by
its spelling only for a typo of the value itself, never for a word that means something else (a
researcher who wrote `arrested` and followed "did you mean `released`?" recorded a release).
Every person here is fictional."""

from __future__ import annotations

import json
from typing import get_args

import pytest
from factory import BASE, at, case, check_text, cli, dump, edit, only, person, seed

from kremlinlist.app.validate import validate
from kremlinlist.base import i18n
from kremlinlist.model.case import EventType, ReleaseHow
from kremlinlist.model.words import typo_of

HIDDEN = edit("publicity: public", "publicity: hidden")
RELEASE = ("    term: 10y\n    sources: [s1]\n", "    term: 10y\n    sources: [s1]\n"
           "  - {date: 2022-01-01, type: released, how: HOW, sources: [s1]}\n")


def type_problem(dataset, typed: str, lang: str = "en"):
    with i18n.speaking(lang):
        return at(check_text(dataset, edit("type: detained", f"type: {typed}")),
                  "invalid-value", 10, 11)


@pytest.mark.parametrize("typed,meant", [
    ("arrested", "detained"), ("jailed", "detained"), ("imprisoned", "detained"),
    ("abducted", "detained"), ("captured", "detained"), ("taken prisoner", "detained"),
    ("in custody", "detained"), ("Arrested", "detained"), ("convicted", "sentenced"),
    ("vanished", "disappeared"), ("freed", "released"), ("dead", "died"),
    ("hunger strike", "hunger-strike"), ("indicted", "charged"), ("tried", "trial"),
])
def test_an_english_word_is_told_by_its_meaning(dataset, typed, meant):
    p = type_problem(dataset, typed)
    assert p.message.startswith("`type` must be one of `detained`, `charged`")
    assert p.message.endswith(f"; for this word write `type: {meant}`")
    assert "did you mean" not in p.message and typed not in p.message


@pytest.mark.parametrize("typed", ["verdict", "hearing", "suspect", "missing", "held",
                                   "cleared"])
def test_a_word_that_may_mean_two_values_gets_the_list_only(dataset, typed):
    """A verdict may acquit, a hearing may extend custody, a suspect is not charged yet,
    someone missing may be held."""
    p = type_problem(dataset, typed)
    assert "for this word" not in p.message and "did you mean" not in p.message, p.message


@pytest.mark.parametrize("typed,how", [("exchanged", "exchange"), ("swapped", "exchange"),
                                       ("pardoned", "pardoned"), ("acquitted", "acquitted"),
                                       ("sentence served", "sentence-served")])
def test_a_release_that_says_how_gives_the_how(dataset, typed, how):
    p = type_problem(dataset, typed)
    assert p.message.endswith(f"; for this word write `type: released` with `how: {how}`")


def test_the_hints_say_the_same_in_ukrainian(dataset):
    assert type_problem(dataset, "arrested", "uk").message.endswith(
        "; замість цього слова напишіть `type: detained`")
    assert type_problem(dataset, "exchanged", "uk").message.endswith(
        "; замість цього слова напишіть `type: released` і `how: exchange`")
    assert type_problem(dataset, "обміняли", "uk").message == (
        "`type`: значення пишуть англійською: `type: released` (звільнення) і `how: exchange` "
        "(обмін)")
    assert type_problem(dataset, "detaned", "uk").message.endswith("можливо, `detained`?")


# Words a researcher writes that are near another value in spelling, not in meaning: the old
# hint (difflib's) offered the value in the second column
NOT_TYPOS = [("type: detained", "type: arrested", "released"),
             ("type: detained", "type: jailed", "died"),
             ("type: detained", "type: exchanged", "charged"),
             ("type: detained", "type: convicted", "recognized"),
             ("type: detained", "type: retained", "detained"),
             ("type: detained", "type: detailed", "detained"),
             ("decision: listed", "decision: relisted", "delisted"),
             ("decision: listed", "decision: enlisted", "delisted"),
             ("decision: listed", "decision: elisted", "listed"),
             ("region: UA-43", "region: UA-43\nsex: fmal", "male")]


@pytest.mark.parametrize("old,new,wrong", NOT_TYPOS)
def test_no_value_is_offered_for_a_word_that_means_something_else(dataset, old, new, wrong):
    p = only(check_text(dataset, edit(old, new)), "invalid-value")
    assert f"did you mean `{wrong}`?" not in p.message and "must be one of" in p.message


@pytest.mark.parametrize("typed,meant", [
    ("detaned", "detained"), ("Detained", "detained"), ("relased", "released"),
    ("sentanced", "sentenced"), ("transfered", "transferred"), ("dissapeared", "disappeared"),
    ("Hunger-Strike", "hunger-strike"), ("hunger_strike", "hunger-strike"), ("dide", "died"),
    ("charegd", "charged"), ("apeal", "appeal"), ("sentensed", "sentenced"),
])
def test_a_typo_of_the_value_itself_still_gets_it(dataset, typed, meant):
    assert type_problem(dataset, typed).message.endswith(f"; did you mean `{meant}`?")


@pytest.mark.parametrize("old,new,said", [
    ("region: UA-43", "region: UA-43\nsex: woman", "`sex: female`"),
    ("region: UA-43", "region: UA-43\nsex: m", "`sex: male`"),
    ("decision: listed", "decision: approved", "`decision: listed`"),
    ("decision: listed", "decision: removed", "`decision: delisted`"),
    ("decision: listed", "decision: pending", "`decision: candidate`"),
    ("    term: 10y", "    term: 10y\n    regime: strict regime", "`regime: strict`"),
])
def test_other_lists_are_told_by_meaning_too(dataset, old, new, said):
    p = only(check_text(dataset, edit(old, new)), "invalid-value")
    assert p.message.endswith(f"; for this word write {said}"), p.message


@pytest.mark.parametrize("typed,meant", [("swapped", "exchange"), ("exchnage", "exchange"),
                                         ("clemency", "pardoned"), ("aquitted", "acquitted")])
def test_a_releases_how_by_meaning_or_typo(dataset, typed, meant):
    p = only(check_text(dataset, edit(*RELEASE).replace("HOW", typed)), "invalid-value")
    assert p.message.rpartition(";")[2] in (f" did you mean `{meant}`?",
                                            f" for this word write `how: {meant}`"), p.message


@pytest.mark.parametrize("typed", ["freed", "arrested", "died"])
def test_a_word_for_another_list_gets_no_hint_there(dataset, typed):
    p = only(check_text(dataset, edit(*RELEASE).replace("HOW", typed)), "invalid-value")
    assert ";" not in p.message.partition("`other`")[2], p.message


def test_publicity_is_told_by_meaning_though_the_file_is_withheld(dataset):
    p = only(check_text(dataset, edit("publicity: public", "publicity: secret")),
             "invalid-value")
    assert p.message.endswith("; for this word write `publicity: hidden`")


def test_a_withheld_persons_word_is_not_told(dataset):
    p = at(check_text(dataset, edit("type: detained", "type: arrested", HIDDEN)),
           "invalid-value", 10, 11)
    assert p.message.endswith("`recognized`") and "detained`;" not in p.message


def test_a_typo_near_two_values_gets_neither():
    assert typo_of("elisted", ["candidate", "listed", "delisted"]) is None
    assert typo_of("dlisted", ["candidate", "listed", "delisted"]) == "delisted"
    assert typo_of("no", ["on", "by"]) is None and typo_of("On", ["on", "by"]) == "on"


def test_no_value_of_a_list_is_a_typo_of_another():
    """Every value of a list, typed in another field's list, is a word: never a typo there."""
    for allowed in (list(get_args(EventType)), list(get_args(ReleaseHow))):
        for typed in ("exchange", "listed", "delisted", "male", "female", "public", "hidden",
                      "pardoned", "acquitted", "released"):
            if typed not in allowed:
                assert typo_of(typed, allowed) is None, typed


def test_a_mapping_expected_is_said_in_good_ukrainian(dataset):
    """«тут очікується ключі зі значеннями» had its verb in the singular for a plural noun."""
    with i18n.speaking("uk"):
        p = only(check_text(dataset, edit("name:\n  en: Ivan Petrenko\n  uk: Іван Петренко\n",
                                          "name: Ivan Petrenko\n")), "wrong-type")
    assert p.message.startswith("`name`: тут слід записати ключі зі значеннями (рядки")


# --- files validate never reads are not "ok" -------------------------------------------------------

def test_a_named_path_that_is_not_there_is_missing_whatever_its_ending(dataset):
    dataset.add()
    for rel in ("cases/nobody.yml", "cases/nobody.yaml", "nobody.yml", "cases/NOBODY.YML"):
        report = validate(dataset.root, [str(dataset.root / rel)], use_cache=False)
        assert [(p.file, p.code) for p in report.problems] == [(rel, "missing-file")], rel
    result = cli("validate", "-C", str(dataset.root), "--no-cache", "cases/nobody.yml")
    assert result.exit_code == 1 and "missing-file" in result.stdout


def test_a_yml_file_that_is_there_is_said_once_by_its_folder(dataset):
    dataset.add()
    dataset.write("cases/ivanenko-petro.yml", dump(case("ivanenko-petro")))
    report = validate(dataset.root, [str(dataset.root / "cases/ivanenko-petro.yml")],
                      use_cache=False)
    assert [p.code for p in report.problems] == ["file-extension"]


MISPLACED = ["case/moroz-oksana.yaml", "Cases/moroz-oksana.yaml", "moroz-oksana.yaml",
             "notes/moroz-oksana.yml"]


@pytest.mark.parametrize("rel", MISPLACED)
def test_a_case_outside_cases_is_said_to_be_moved_in(dataset, rel):
    dataset.add()
    dataset.write(rel, dump(case("moroz-oksana", name={"en": "Oksana Moroz"})))
    dataset.write("mkdocs.yml", "site_name: Not a case\nnav: []\n")  # a root file, no case
    for report in (validate(dataset.root, use_cache=False),
                   validate(dataset.root, [str(dataset.root / rel)], use_cache=False)):
        p = only(report.problems, "stray-file")
        assert p.file == rel and "move it into `cases/`" in p.message
        assert report.checked >= 1 and not report.ok()


def test_a_case_outside_cases_is_said_by_the_hook(git_repo):
    seed(git_repo, person("ivanenko-petro", "Petro Ivanenko"))
    (git_repo.root / "case").mkdir()
    (git_repo.root / "case/moroz-oksana.yaml").write_text(
        dump(case("moroz-oksana", name={"en": "Oksana Moroz"})), encoding="utf-8")
    git_repo.git("add", "case/moroz-oksana.yaml")
    report = validate(git_repo.root, staged=True, use_cache=False)
    assert [(p.file, p.code) for p in report.problems] == [("case/moroz-oksana.yaml",
                                                            "stray-file")]


def test_a_withheld_persons_case_outside_cases_is_not_named(dataset):
    dataset.add()
    hidden = case("moroz-oksana", name={"en": "CANARYNAME Moroz"}, publicity="hidden")
    dataset.write("oksana-moroz/moroz-oksana.yaml", dump(hidden))
    for report in (validate(dataset.root, use_cache=False),
                   validate(dataset.root, [str(dataset.root / "oksana-moroz/moroz-oksana.yaml")],
                            use_cache=False)):
        p = only(report.problems, "stray-file")
        assert p.file.startswith("./(file 1 not named here") and "move it into" in p.message
        said = json.dumps(report.to_dict())
        assert "moroz" not in said.lower() and "CANARYNAME" not in said


def test_files_outside_the_data_folders_that_are_no_cases_are_left_alone(dataset):
    dataset.add()
    dataset.write("mkdocs.yml", "site_name: x\nid: not-a-case\n")  # no `events`, no `name`
    dataset.write("docs/deep/moroz-oksana.yaml", dump(case("moroz-oksana")))  # below the top
    assert validate(dataset.root, use_cache=False).ok()


# --- `ua`, Ukraine's code, for Ukrainian ------------------------------------------------------------

def test_ua_is_taken_for_ukrainian():
    assert i18n.choose_language(None, {"KREMLINLIST_LANG": "ua"}) == "uk"
    assert i18n.choose_language("UA") == "uk"
    assert i18n.spoken("ua") == "uk" and i18n.spoken("uk_UA.UTF-8") == "uk"
    assert i18n.spoken("de") is None


def test_kremlinlist_lang_ua_speaks_ukrainian(dataset, monkeypatch):
    dataset.add()
    monkeypatch.setenv("KREMLINLIST_LANG", "ua")
    result = cli("validate", "-C", str(dataset.root), "--no-cache",
                 str(dataset.root / "cases/nobody.yml"))
    assert "такого файлу немає в cases/" in result.stdout, result.stdout


def test_a_source_id_is_offered_only_with_the_same_numbers(dataset):
    """`report-3` beside `report-1` is another document: citing it for a fact would rest the
    fact on a source that does not say it."""
    text = BASE.replace("[s1]", "[report-1]").replace("  s1:\n", "  report-1:\n")
    p = at(check_text(dataset, edit("    sources: [report-1]\n  - date: 2021",
                                    "    sources: [report-3]\n  - date: 2021", text)),
           "unknown-source", 12, 15)
    assert "did you mean" not in p.message and "add it there or correct" in p.message
    p = at(check_text(dataset, edit("    sources: [report-1]\n  - date: 2021",
                                    "    sources: [report1]\n  - date: 2021", text)),
           "unknown-source", 12, 15)
    assert p.message.endswith("did you mean `report-1`?")


@pytest.mark.parametrize("where", [["--lang", "ua", "validate"], ["validate", "--lang", "UA"]])
def test_lang_ua_speaks_ukrainian_before_or_after_the_command(dataset, where):
    dataset.add()
    result = cli("-C", str(dataset.root), *where, "--no-cache")
    assert result.exit_code == 0 and "Перевірено" in result.stdout, result.stdout
