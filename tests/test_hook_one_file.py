"""The pre-commit hook's run (`validate cases/ONE.yaml`, warm) does work in proportion to what it
compares, not to the dataset (issue 16): the stored persons decoded are those that may share a
name part with the file asked about, a withheld person's file is looked through without a fork,
a text is split into name parts the cheap way when it is ASCII, to the same parts, and the cache
files' patterns, possessive, accept what they did."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st
from factory import Dataset, GitRepo, case, examples, person

from kremlinlist.app.validate import validate
from kremlinlist.base import parallel
from kremlinlist.caches import clean as clean_mod
from kremlinlist.caches import persons as persons_mod
from kremlinlist.model import names


def _parts_the_slow_way(text: str) -> set[str]:
    """What `parts_in_text` gave before its ASCII path: every text through `_latin` and a
    regex split."""
    return {p for t in set(names._SPLIT.split(names._latin(text))) if t and (p := names.fold(t))}


@settings(max_examples=examples(300), deadline=None)
@given(text=st.lists(st.sampled_from(
    list("abcxyzAGKHJQWY '`’-_:\t\n0123456789{}[],.\"\\#") + ["Олег", "é", "ї", "ı"]),
    max_size=80).map("".join))
def test_a_text_gives_the_same_name_parts_whether_ascii_or_not(text):
    assert names.parts_in_text(text) == _parts_the_slow_way(text)


def test_an_ascii_text_drops_its_apostrophes_and_folds_its_words():
    text = "name: {en: O'Leh Abdullaiev, uk: x}\nnote: `Kh`arkiv 2019-03, w/ Tsoi"
    assert names.parts_in_text(text) == _parts_the_slow_way(text) >= {"oleh", "abdulaev",
                                                                       "harkiv", "v", "coi"}


_NAME = st.lists(st.sampled_from(["oleh", "ivan", "petrenko", "koval", "dmitro", "male", "abe",
                                  "bad", "fed", "ua", "o"]), min_size=1, max_size=4)


@settings(max_examples=examples(200), deadline=None)
@given(people=st.lists(st.tuples(st.lists(_NAME, max_size=3), st.sampled_from(
    ["", "male", "female"])), min_size=1, max_size=8),
       parts=st.sets(st.sampled_from(["oleh", "ivan", "petrenko", "male", "abe", "bad", "fed",
                                      "dmitro", "ale"]), max_size=3))
def test_the_stored_persons_found_by_their_text_are_every_one_sharing_a_part(people, parts):
    """`Known.sharing` searches the file's text: it may find more than share a part (decoded
    and compared after), never fewer."""
    lines = []
    for i, (nms, sex) in enumerate(people):
        blob = f"{i:x}".rjust(40, "abe"[i % 3])
        line = persons_mod._encode(blob, (tuple(tuple(n) for n in nms), None, None, sex or None,
                                          None))
        assert line is not None
        lines.append(line)
    text = "\n".join(lines)
    every = persons_mod._lines(text)
    known = persons_mod.Known(text, every, list(every))
    found = known.sharing(parts)
    assert found <= set(every)
    assert {b for b in every if any(not parts.isdisjoint(n) for n in known[b][0])} <= found


@pytest.fixture
def public_dataset(tmp_path, monkeypatch) -> Dataset:
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    ds = Dataset(tmp_path / "data")
    for i, (given_name, surname) in enumerate([("Oleh", "Petrenko"), ("Olena", "Koval"),
                                               ("Taras", "Shevchenko"), ("Ivan", "Bondar"),
                                               ("Mariia", "Tkachenko"), ("Yurii", "Melnyk")]):
        ds.add(person(f"{surname.lower()}-{given_name.lower()}", f"{given_name} {surname}",
                      born=f"19{70 + i}"))
    return ds


def test_a_hook_run_decodes_only_the_stored_persons_sharing_a_part(public_dataset, monkeypatch):
    """Of the seven stored persons, only Oleh Petrenko shares a part with the new Oleg Petrenko
    (stored by the run before): those two are decoded (each of the seven was), and the warning
    is the same."""
    decoded: list[str] = []
    real = persons_mod._decode
    monkeypatch.setattr(persons_mod, "_decode", lambda line: decoded.append(line[:40]) or
                        real(line))
    assert validate(public_dataset.root, jobs=1).problems == []
    new = public_dataset.add(person("petrenko-oleg", "Oleg Petrenko", born="1970"))
    validate(public_dataset.root, [str(new)], jobs=1)  # fills persons.tsv with the new one
    decoded.clear()
    found = validate(public_dataset.root, [str(new)], jobs=1)
    assert [p.code for p in found.problems] == ["likely-duplicate"]
    assert len(decoded) == 2


def test_withheld_files_sharing_no_part_are_looked_through_without_a_fork(tmp_path, monkeypatch):
    """A withheld person's file is never in the persons' cache, so a hook's run reads its text
    for the asked file's name parts; that look is cheaper than a fork, so only a file whose text
    shares one is handed on (here none: no child process is started, where one was per share)."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    GitRepo(tmp_path / "data")  # the secret withheld files are known by
    ds = Dataset(tmp_path / "data", config={"repository": "private"})
    for i in range(6):
        ds.add(case(f"anon-2020-{i:03d}", publicity="anonymous",
                    name={"en": f"Qxwithheld Zzperson{i}", "uk": f"Qxwithheld Zzperson{i}"}))
    ds.add(person("petrenko-oleh", "Oleh Petrenko"))
    assert validate(ds.root, jobs=1).problems == []
    children: list[object] = []
    real = parallel.in_child
    monkeypatch.setattr(parallel, "in_child", lambda fn: children.append(fn) or real(fn))
    monkeypatch.setattr(parallel, "SPREAD_SHARE", 1)  # a fork for every other file, were any
    new = ds.add(person("koval-olena", "Olena Koval"))
    assert validate(ds.root, [str(new)], jobs=2).problems == []
    assert children == []
    shared = ds.add(person("zzperson-qxwithheld", "Qxwithheld Zzperson3"))
    found = validate(ds.root, [str(shared)], jobs=2)
    assert [p.code for p in found.problems] == ["likely-duplicate"]
    assert "anon-2020-003" not in found.problems[0].message


_PERSON_LINE = st.tuples(
    st.sampled_from(["a" * 40, "0" * 39, "f" * 41, "1" * 40]),
    st.sampled_from(["", "oleh", "oleh petrenko|oleg", "a b c d", "a b c d e", "x|", "|x",
                     "Oleh", "x  y", "|".join(["o"] * 50), "|".join(["o"] * 51)]),
    st.sampled_from(["", "1980", "1980-02", "1980-02-31", "19800", "80"]),
    st.sampled_from(["", "UA-43", "UA-4", "ua-43", "UA-1234"]),
    st.sampled_from(["", "male", "female", "men"]),
    st.sampled_from(["", "2019-03", "2019-3"]),
).map("\t".join)


@settings(max_examples=examples(300), deadline=None)
@given(lines=st.lists(_PERSON_LINE, max_size=4), ending=st.sampled_from(["", "\n", "\n\n"]))
def test_a_persons_body_is_checked_as_before_its_pattern_was_possessive(lines, ending):
    """No line of persons.tsv can match across a line break, so a line matched is never given
    back: the possessive pattern accepts exactly the bodies the greedy one did."""
    greedy = re.compile(rf"(?:{persons_mod._LINE}\n)*{persons_mod._LINE}\Z")
    body = "\n".join(lines) + ending
    assert bool(persons_mod._BODY.match(body)) == bool(greedy.match(body))


@settings(max_examples=examples(300), deadline=None)
@given(lines=st.lists(st.sampled_from([
    "S\tcases/a.yaml\t1:2:3:4\t" + "a" * 40, "S\tcases/a b.yaml\t1:2:3\t" + "a" * 40,
    "C\t" + "a" * 40 + "\tpetrenko-ivan\t\torg", "C\t" + "a" * 40 + "\tx\ty,z\t",
    "C\t" + "b" * 40 + "\tx\t,\t", "W\t" + "c" * 64, "W\t" + "c" * 63, "D\t2026-01-01", "",
    "S\tcases/a\n.yaml\t1:2:3:4\t" + "a" * 40]), max_size=5),
       day=st.sampled_from(["D\t2026-12-02", "D\t2026-12-2", ""]))
def test_a_clean_index_is_checked_as_before_its_pattern_was_possessive(lines, day):
    greedy = re.compile(rf"D\t([0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})(?:\n{clean_mod._INDEX_LINE})*\Z")
    body = "\n".join([day, *lines])
    assert bool(clean_mod._INDEX.match(body)) == bool(greedy.match(body))
