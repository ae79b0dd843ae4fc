"""What a researcher reads in Ukrainian (`--lang uk`) and in English: a character named in the
language of messages, one error for a file saved in another encoding, a case file Notepad named
`.yaml.txt` told to be renamed, the summary line as a sentence, and catalog words a researcher
uses (not a programmer's "mapping"). Every person here is fictional (tests/factory.py)."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from factory import GitRepo, case, dump, invoke, seed

from kremlinlist.base import i18n
from kremlinlist.base.charnames import NAMED, char_name

CATALOG = i18n.catalog_file("uk")


@pytest.fixture(autouse=True)
def _english_after_each_test():
    yield
    i18n.set_language("en")


def _problems(dataset, rel: str, lang: str) -> list[dict]:
    result = invoke(["--lang", lang, "validate", "--format", "json", rel], dataset.root)
    return json.loads(result.stdout)["problems"]


def _text(dataset, lang: str, *args: str) -> str:
    return invoke(["--lang", lang, "validate", *args], dataset.root).stdout


# --- characters named in the language of messages --------------------------------------------

@pytest.mark.parametrize("ch, english, ukrainian", [
    ("\u00a0", "U+00A0 NO-BREAK SPACE", "U+00A0 нерозривний пробіл"),
    ("\u2013", "U+2013 EN DASH", "U+2013 коротке тире"),
    ("\u2212", "U+2212 MINUS SIGN", "U+2212 знак мінус"),
    ("\u200b", "U+200B ZERO WIDTH SPACE", "U+200B пробіл нульової ширини"),
    ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE", "U+202E примусовий напрямок письма справа наліво"),
    ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE", "U+FEFF мітка порядку байтів (BOM)"),
    ("\x00", "U+0000 NULL", "U+0000 нульовий символ (NUL)"),
    ("\x01", "U+0001 CONTROL CHARACTER", "U+0001 керівний символ"),
    ("\u201c", "U+201C LEFT DOUBLE QUOTATION MARK", "U+201C ліва подвійна лапка"),
    ("\u0430", "U+0430 CYRILLIC SMALL LETTER A", "U+0430 кирилична мала літера а"),
    ("i", "U+0069 LATIN SMALL LETTER I", "U+0069 латинська мала літера i"),
    ("\U0001f600", "U+1F600 GRINNING FACE", "U+1F600 GRINNING FACE"),  # none in the catalog
])
def test_a_character_is_named_with_its_code_point_in_the_language_of_messages(ch, english,
                                                                             ukrainian):
    assert char_name(ch) == english
    with i18n.speaking("uk"):
        assert char_name(ch) == ukrainian


def test_every_name_with_a_translation_is_a_character_s_name():
    """A name misspelt in the table would never be looked up: its translation would never show."""
    aliases = {"NULL", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED", "LINE TABULATION",
               "FORM FEED", "CARRIAGE RETURN", "ESCAPE", "DELETE", "NEXT LINE",
               "CONTROL CHARACTER"}
    for name in NAMED - aliases:
        assert unicodedata.name(unicodedata.lookup(name)) == name


@pytest.mark.parametrize("lang, said, unsaid", [
    ("uk", "невидимий або керівний символ U+200B пробіл нульової ширини", "ZERO WIDTH"),
    ("en", "invisible or control character U+200B ZERO WIDTH SPACE", "пробіл"),
])
def test_an_invisible_character_is_named_in_the_language_of_messages(dataset, lang, said, unsaid):
    dataset.write("cases/petrenko-ivan.yaml",
                  dump(case()).replace("Testville", "Test\u200bville"))
    [problem] = _problems(dataset, "cases/petrenko-ivan.yaml", lang)
    assert problem["code"] == "invisible-character"
    assert said in problem["message"] and unsaid not in problem["message"]


@pytest.mark.parametrize("lang, said, unsaid", [
    ("uk", "після `born:` стоїть нерозривний пробіл (U+00A0)", "NO-BREAK"),
    ("en", "a no-break space (U+00A0) follows `born:`", "пробіл"),
])
def test_a_no_break_space_after_a_key_is_named_in_the_language_of_messages(dataset, lang, said,
                                                                          unsaid):
    """The Ukrainian message said `символ no-break space`: Python's Unicode name."""
    dataset.write("cases/petrenko-ivan.yaml",
                  dump(case()).replace("born: '1980'", "born:\u00a0'1980'"))
    [problem] = _problems(dataset, "cases/petrenko-ivan.yaml", lang)
    assert problem["code"] == "yaml-no-break-space"
    assert said in problem["message"] and unsaid not in problem["message"]


@pytest.mark.parametrize("lang, said", [("uk", "U+0000 нульовий символ (NUL)"),
                                        ("en", "U+0000 NULL")])
def test_a_nul_in_a_utf8_file_is_named_and_still_an_invisible_character(dataset, lang, said):
    dataset.write("cases/petrenko-ivan.yaml", dump(case()).replace("Testville", "Test\x00ville"))
    [problem] = _problems(dataset, "cases/petrenko-ivan.yaml", lang)
    assert problem["code"] == "invisible-character" and said in problem["message"]


# --- a file saved in another encoding ------------------------------------------------------------

UTF16 = {"uk": "файл збережено в кодуванні UTF-16 (у Блокноті — «Юнікод»); збережіть його як "
               "UTF-8: «Зберегти як» → «Кодування: UTF-8»",
         "en": "the file is saved in UTF-16 (Notepad calls it \"Unicode\"); save it as UTF-8: "
               "\"Save As\" → \"Encoding: UTF-8\""}
CP1251 = {"uk": "схоже, файл збережено в кодуванні Windows-1251 (кирилиця); збережіть його як "
                "UTF-8: «Зберегти як» → «Кодування: UTF-8»",
          "en": "the file seems to be saved in Windows-1251 (Cyrillic); save it as UTF-8: "
                "\"Save As\" → \"Encoding: UTF-8\""}


@pytest.mark.parametrize("lang", ["uk", "en"])
@pytest.mark.parametrize("encoding, said", [
    ("utf-16-le", UTF16), ("utf-16-be", UTF16), ("utf-16", UTF16),  # the last with its BOM
    ("cp1251", CP1251),
])
def test_a_file_saved_in_another_encoding_gets_one_error_saying_which(dataset, lang, encoding,
                                                                      said):
    dataset.write("cases/petrenko-ivan.yaml", dump(case()).encode(encoding))
    problems = _problems(dataset, "cases/petrenko-ivan.yaml", lang)
    assert [(p["code"], p["line"], p["message"]) for p in problems] == \
        [("encoding", 0, said[lang])]


def test_a_latin1_file_is_not_taken_for_windows_1251(dataset):
    dataset.write("cases/petrenko-ivan.yaml",
                  "id: petrenko-ivan\nname:\n  en: Zoë Müller\n".encode("latin-1"))
    [problem] = _problems(dataset, "cases/petrenko-ivan.yaml", "en")
    assert problem["code"] == "encoding" and "not valid UTF-8" in problem["message"]


# --- file names ----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, said, unsaid", [
    ("uk", "перейменуйте файл, щоб назва закінчувалася на `.yaml`", "перенесіть"),
    ("en", "rename it so that its name ends in `.yaml`", "move it out"),
])
def test_a_case_notepad_saved_as_yaml_txt_is_told_to_be_renamed(dataset, lang, said, unsaid):
    dataset.write("cases/petrenko-ivan.yaml.txt", dump(case()))
    [problem] = _problems(dataset, "cases/petrenko-ivan.yaml.txt", lang)
    assert problem["code"] == "stray-file"
    assert said in problem["message"] and unsaid not in problem["message"]


def test_a_capitalised_extension_gets_one_error(dataset):
    dataset.write("cases/petrenko-ivan.YAML", dump(case()))
    for lang in ("uk", "en"):
        problems = _problems(dataset, "cases/petrenko-ivan.YAML", lang)
        assert [p["code"] for p in problems] == ["file-extension"]


def test_a_staged_yml_file_is_counted_as_checked(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case())
    (repo.root / "cases" / "koval-petro.yml").write_text(dump(case("koval-petro")),
                                                          encoding="utf-8")
    repo.git("add", "cases/koval-petro.yml")
    uk = invoke(["--lang", "uk", "validate", "--staged"], repo.root)
    assert uk.stdout.endswith("Перевірено 1 файл: 1 помилка, 0 попереджень.\n"), uk.stdout
    en = invoke(["validate", "--staged"], repo.root)
    assert en.stdout.endswith("failed checked 1 file: 1 error, 0 warnings\n"), en.stdout


# --- the summary line ----------------------------------------------------------------------------

def test_the_summary_is_a_sentence_in_ukrainian_and_unchanged_in_english(dataset):
    dataset.add()
    assert _text(dataset, "uk") == "Перевірено 3 файли: помилок немає.\n"
    assert _text(dataset, "en") == "ok checked 3 files: 0 errors, 0 warnings\n"
    dataset.write("cases/koval-petro.yaml", "")
    uk = _text(dataset, "uk", "cases/koval-petro.yaml").splitlines()[-1]
    assert uk == "Перевірено 1 файл: 1 помилка, 0 попереджень."
    en = _text(dataset, "en", "cases/koval-petro.yaml").splitlines()[-1]
    assert en == "failed checked 1 file: 1 error, 0 warnings"


def test_a_run_with_only_warnings_says_them(dataset):
    dataset.add()
    dataset.add(case("petrenko-ivan-2"))  # the same person twice: a likely-duplicate warning
    uk = _text(dataset, "uk", "cases/petrenko-ivan-2.yaml").splitlines()[-1]
    en = _text(dataset, "en", "cases/petrenko-ivan-2.yaml").splitlines()[-1]
    assert re.fullmatch(r"Перевірено 1 файл: 0 помилок, \d+ попередженн?(я|ь)\.", uk), uk
    assert re.fullmatch(r"ok checked 1 file: 0 errors, \d+ warnings?", en), en


# --- the catalog's words -------------------------------------------------------------------------

def test_the_catalog_says_no_mapping_and_nothing_breaks_a_line():
    """"Відображення" is a mapping to a programmer and a reflection to anyone else; "ламає рядок"
    and "закомітьте" are calques. A researcher reads "ключі зі значеннями" and "псує"."""
    text = CATALOG.read_text(encoding="utf-8")
    strings = "\n".join(re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', text, re.M))
    for word in ("відображен", "ламає", "закоміт"):
        assert word not in strings, word


def test_an_empty_case_file_says_what_it_must_hold(dataset):
    dataset.write("cases/koval-petro.yaml", "")
    [problem] = _problems(dataset, "cases/koval-petro.yaml", "uk")
    assert problem["message"] == ("файл порожній; файл справи має містити ключі зі значеннями, "
                                  "як-от `id: petrenko-ivan`")
