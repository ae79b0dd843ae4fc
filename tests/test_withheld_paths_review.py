"""A privacy review's findings on paths that hold a withheld person's name or id: each such path
in cases/ or actions/ is said by its placeholder in validate, in `stats` and `export` refusing,
and in the chart's warnings of a month whose person was withheld then, whatever part of the path,
letter case or shape of the case file says the name."""

from __future__ import annotations

import os

import pytest
from factory import TODAY, Dataset, GitRepo, case, invoke, seed

from kremlinlist.app.validate import validate
from kremlinlist.checks.advocacy import is_unnamed
from kremlinlist.checks.withheld_names import raw_withheld

ZHUK = case("marko-zhuk", publicity="hidden", name={"en": "Marko Zhuk", "uk": "Марко Жук"})
BONDAR = case("anon-2024-001", publicity="anonymous", name={"en": "Olha Bondar"},
              former_ids=["mk-old"])
PRIVATE = {"repository": "private", "timezone": "UTC"}


def _dataset(tmp_path, *people: dict) -> Dataset:
    ds = Dataset(tmp_path / "data", PRIVATE)
    for data in (case("petrenko-ivan"), *people):
        ds.add(data)
    return ds


def _printed(ds: Dataset, *stray: str) -> set[str]:
    """The stray paths written in `ds` that validate's problems name."""
    for rel in stray:
        ds.write(rel, "a stray file\n")
    files = {p.file for p in validate(ds.root, use_cache=False, today=TODAY).problems}
    return {rel for rel in stray for f in files if not is_unnamed(f) and rel.startswith(f)}


def test_a_name_after_a_dot_in_a_folder_or_file_name_is_not_printed(tmp_path):
    """Only the stem before the last dot was compared: `O.Bondar`, `scan.zhuk` were printed."""
    ds = _dataset(tmp_path, ZHUK, BONDAR)
    assert _printed(ds, "cases/O.Bondar/scan.pdf", "actions/M.Zhuk/letter.pdf",
                    "cases/scan.zhuk/n.txt", "cases/notes.olha-bondar",
                    "actions/letter.olha-bondar", "cases/old/n.txt") == {"cases/old/n.txt"}


def test_an_id_is_found_in_any_letter_case_and_as_a_word_of_a_longer_name(tmp_path):
    """A folder named like a case file is no case file, and is said as any other path."""
    ds = _dataset(tmp_path, BONDAR)
    stray = ["cases/ANON-2024-001/n.txt", "cases/MK-OLD/n.txt", "cases/anon-2024-001-old/n.txt",
             "cases/anon-2024-001.yaml.orig",
             "cases/olha-bondar.yaml/n.txt", "cases/anon-2024-0011/n.txt"]
    assert _printed(ds, *stray) == {"cases/anon-2024-0011/n.txt"}  # another id


@pytest.mark.parametrize("shape", [
    {"name": "Marko Zhuk"},  # plain text
    {"name": {"en": "Olha Bondar", "pl": "Marko Zhuk"}},  # an unknown language key
    {"name": {"en": "Olha Bondar"}, "aliases": "Marko Zhuk"},  # text, not a list
    {"name": {"en": "Olha Bondar"}, "aliases": [{"en": "Marko Zhuk"}, 5]},  # a mapping
    {"name": {"en": ["Marko", "Zhuk"]}},
    {"Name": {"en": "Marko Zhuk"}},  # a key misspelled
])
def test_a_badly_shaped_name_of_a_withheld_file_still_hides_its_paths(tmp_path, shape):
    ds = _dataset(tmp_path, {**case("anon-2024-007", publicity="hidden"), **shape})
    assert _printed(ds, "cases/zhuk-scans/n.txt", "actions/marko.yml") == set()


def test_a_withheld_file_whose_names_cannot_be_read_hides_every_path():
    assert raw_withheld({"publicity": "hidden", "name": {"en": b"\x00binary"}}) is None
    assert raw_withheld({"publicity": "hidden", "Publicity": "public"}) is None
    assert raw_withheld({"publicity": "public", "name": "Ivan Petrenko"}) == (False, [], [])


def test_a_path_that_is_not_utf8_and_holds_a_name_is_numbered_not_a_crash(tmp_path):
    ds = _dataset(tmp_path, ZHUK)
    (ds.root / "cases").joinpath(os.fsdecode(b"zhuk\xff.txt")).write_text("x\n")
    problems = validate(ds.root, use_cache=False, today=TODAY).problems
    assert [p.code for p in problems if is_unnamed(p.file)] == ["stray-file"]


@pytest.mark.parametrize("args", [["stats"], ["stats", "--rev", "HEAD"],
                                  ["export", "--format", "csv"],
                                  ["export", "--rev", "HEAD", "--format", "csv"]])
def test_stats_and_export_refusing_say_such_a_path_by_its_number(tmp_path, monkeypatch, args):
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), ZHUK, config=PRIVATE,
         texts={"cases/marko-zhuk/notes.txt": "x\n", "cases/zhuk.yml": "x\n",
                "cases/old/notes.txt": "x\n"})
    result = invoke(args, cwd=repo.root)
    said = result.stdout + result.stderr
    assert result.returncode == 1 and "cases/old" in said, said
    assert "zhuk" not in said.lower(), said


def test_the_chart_never_names_a_folder_of_someone_withheld_then_whose_file_is_gone(
        tmp_path, monkeypatch):
    """Who was withheld was read from the tip only: a hidden person's file deleted since left
    their folder named in the warning of the months it was there."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), ZHUK, BONDAR, config=PRIVATE,
         texts={"cases/marko-zhuk/notes.txt": "x\n", "cases/mk-old-scans/n.txt": "x\n",
                "cases/old/notes.txt": "x\n"})
    repo.commit("gone", "2024-02-10T10:00:00+00:00", {
        "cases/marko-zhuk.yaml": None, "cases/anon-2024-001.yaml": None,
        "cases/marko-zhuk/notes.txt": None, "cases/mk-old-scans/n.txt": None})
    result = invoke(["stats", "--over-time", "--format", "json"], cwd=repo.root)
    assert result.returncode == 0, result.stderr
    assert "cases/old was in" in result.stderr and "a file not named here" in result.stderr
    assert "zhuk" not in result.stderr and "mk-old" not in result.stderr, result.stderr


def test_a_path_asked_in_another_letter_case_is_said_by_its_number(tmp_path):
    """`CASES/` is `cases/` where the file system folds case: validate echoed the path asked."""
    ds = _dataset(tmp_path, ZHUK)
    result = invoke(["validate", "CASES/zhuk-notes/n.txt"], cwd=ds.root)
    said = result.stdout + result.stderr
    assert result.returncode == 1 and "cases/(file 1 not named here" in said, said
    assert "zhuk" not in said.lower(), said
