"""A withheld person's name is found in an id or a file name however it was transliterated: the
national 2010 system, the scholarly one and ISO 9 with or without their accents, German and
Polish sch, sz, j, y or i, and the Russian form of a common given name (Aleksei for Олексій)."""

from __future__ import annotations

import pytest
from factory import TODAY, Dataset, action, case, dump, invoke

from kremlinlist.app.validate import validate
from kremlinlist.checks.advocacy import unnamed_file
from kremlinlist.checks.privacy import names_in

# fictional people, their English names in the national 2010 transliteration
ZHUK = {"name": {"en": "Oleksii Zhuk", "uk": "Олексій Жук"}, "aliases": ["Щука"]}
IZHAK = {"name": {"en": "Marta Yizhak", "uk": "Марта Їжак"}}
ALEKSEI = {"name": {"en": "Aleksei Zhuk", "ru": "Алексей Жук"}}  # written in the Russian form

SPELLINGS = [
    ("zuk", ZHUK), ("zhuk", ZHUK), ("jizak", IZHAK), ("yizhak", IZHAK), ("izak", IZHAK),
    ("schuka", ZHUK), ("shuka", ZHUK), ("shchuka", ZHUK), ("szczuka", ZHUK),
    ("aleksei", ZHUK), ("alexey", ZHUK), ("oleksii", ALEKSEI),
]
OTHERS = ["kovalenko", "marchenko", "zubko", "lysenko"]


def _dataset(tmp_path, person: dict, cid: str = "anon-2024-001") -> Dataset:
    ds = Dataset(tmp_path / "data", {"repository": "private", "timezone": "UTC"})
    ds.add(case("petrenko-ivan"))
    ds.add(case(cid, publicity="anonymous", **person))
    return ds


def _said(ds: Dataset) -> str:
    result = invoke(["validate", "--format", "text"], cwd=ds.root)
    return (result.stdout + result.stderr).lower()


@pytest.mark.parametrize("spelling,person", SPELLINGS)
def test_a_case_id_holding_a_spelling_of_the_withheld_name_is_warned_of(tmp_path, spelling,
                                                                       person):
    cid = f"{spelling}-2024-001"
    ds = _dataset(tmp_path, person, cid)
    problems = validate(ds.root, use_cache=False, today=TODAY).problems
    assert [(p.file, p.code) for p in problems] == [(f"cases/{cid}.yaml", "identifying-id")]


@pytest.mark.parametrize("spelling,person", SPELLINGS)
def test_an_action_file_holding_a_spelling_of_the_withheld_name_is_not_printed(tmp_path,
                                                                               spelling, person):
    ds = _dataset(tmp_path, person)
    aid = f"2024-10-12-picket-{spelling}"
    ds.write(f"actions/{aid}.yaml", dump(action(aid, **{"for": ["anon-2024-001"]})))
    ds.write(f"actions/notes-{spelling}.yml", "a stray file\n")
    problems = validate(ds.root, use_cache=False, today=TODAY).problems
    assert {p.file for p in problems} == {unnamed_file(1), unnamed_file(2)}
    assert "identifying-id" in {p.code for p in problems}
    assert spelling not in _said(ds)


@pytest.mark.parametrize("other", OTHERS)
def test_a_clearly_different_name_is_not_taken_for_the_withheld_one(tmp_path, other):
    """Neither warned of nor hidden: a stray file's path is printed as it is."""
    ds = _dataset(tmp_path, ZHUK)
    ds.add(case(f"{other}-2024-002", publicity="anonymous", **IZHAK))
    aid = f"2024-10-12-picket-{other}"
    ds.write(f"actions/{aid}.yaml", dump(action(aid, **{"for": ["anon-2024-001"]})))
    ds.write(f"actions/notes-{other}.yml", "a stray file\n")
    problems = validate(ds.root, use_cache=False, today=TODAY).problems
    assert {p.file for p in problems} == {f"actions/notes-{other}.yml"}
    assert "identifying-id" not in {p.code for p in problems}


@pytest.mark.parametrize("text,names,held", [
    ("picket-for-shchuka", ["Щука"], True),
    ("picket-for-ščuka", ["Shchuka"], True),  # scholarly, with its accents
    ("picket-for-suka", ["Щука"], True),  # ISO 9's ŝ without its accent
    ("free-szewczenko", ["Шевченко"], True),  # Polish
    ("free-schewtschenko", ["Шевченко"], True),  # German
    ("free-mychajlo", ["Михайло"], True),  # German ch for х
    ("alexei", ["Oleksii"], True),  # a Russian form, from a Latin name
    ("picket-for-kovalenko", ["Щука", "Жук", "Олексій"], False),
    ("picket-2024-10", ["Олексій Жук"], False),
    ("ipetrenko", ["Петренко"], True), ("ivanpetrenko", ["Іван"], True),  # glued
    ("petrenkova", ["Петренко"], True), ("zhukfree", ["Жук"], True),
])
def test_names_in_reads_each_spelling(text, names, held):
    assert names_in(text, names) is held


@pytest.mark.parametrize("text,names", [
    ("olʹha-2024", ["Ольга"]),  # ISO 9's soft sign, a mark inside the word
    ("ilʹchenko", ["Ільченко"]),
    ("vasylʹkiv", ["Васильків"]),
    ("mar-yana", ["Мар'яна"]),  # the apostrophe typed as a hyphen
    ("alexander", ["Олександр"]), ("oleksander", ["Олександр"]), ("olexander", ["Олександр"]),
    ("petr", ["Петро"]), ("fedor", ["Федір"]),
])
def test_names_in_reads_soft_signs_apostrophes_and_other_forms(text, names):
    assert names_in(text, names)


@pytest.mark.parametrize("text,names", [
    ("free-shevchenko", ["Євген"]),  # ch read as х made "sevhenko", which held "evhen"
    ("levchenko", ["Євген"]),
    ("tkachenko", ["Яценко"]),
    ("tamara", ["Марія"]), ("marathon", ["Марія"]),
    ("kyrylenko", ["Кирило Мельник"]),  # a surname made from the given name
    ("2024-10-picket-tarasenko", ["Тарас Мельник"]), ("ivanchuk", ["Іван Бойко"]),
    ("tkachenko-2024", ["Олексій Яценко"]),  # a skeleton starting with a vowel: at the start
])
def test_a_skeleton_inside_another_word_is_not_taken_for_the_name(text, names):
    """A spelling skeleton is looked for at a word's start only, and no name where the rest makes
    a surname of it: a researcher's file for Shevchenko is not said by a number for Євген, nor
    one for Tarasenko for Тарас."""
    assert not names_in(text, names)


@pytest.mark.parametrize("text,names", [
    ("zhukiv-lysty", ["Marko Zhuk"]), ("zhukov", ["Марко Жук"]), ("zhukova", ["Марко Жук"]),
    ("zhukenko", ["Марко Жук"]),  # any ending after a surname names its person
    ("bondariv-apel", ["Olha Bondar"]), ("bondarova", ["Olha Bondar"]),
    ("ivanov", ["Іван Бойко"]), ("tarasiv", ["Тарас Бойко"]),  # a possessive after a given name
    ("kyrylenko", ["Кирило"]),  # a name of one word is taken for a surname
    ("oszewczuk", ["Тарас Шевчук"]), ("scanszewczuk", ["Тарас Шевчук"]),  # glued after a prefix
])
def test_a_surname_or_a_possessive_with_an_ending_is_taken_for_the_name(text, names):
    """Only a given name glued to a surname ending (Tarasenko for Тарас) is let through: a
    surname, an alias or a possessive with any ending names the person."""
    assert names_in(text, names)


def test_a_given_name_skeleton_is_looked_for_at_a_word_start_only():
    assert not names_in("free-shevchenko", ["Євген Мельник"])
    assert names_in("evhenpetrenko", ["Євген Мельник"])
