"""A second review of the advocacy fixes: no path under actions/ whose name holds a withheld
person's name is printed, whatever is wrong with it (not only a clean action for them); such
paths keep their problems apart; the placeholder speaks the language of messages; a second
coalition with the criteria is said of each of them; a renamed action is one whose all but
its id is the same."""

from __future__ import annotations

import json

import pytest
from factory import (TODAY, Dataset, GitRepo, action, case, coalition, dump, invoke,
                     release_files, seed)

from kremlinlist.app import release
from kremlinlist.app.validate import validate
from kremlinlist.base.problem import Problem
from kremlinlist.checks.advocacy import NamedPaths, said_unnamed, unnamed_file

ZHUK = {"en": "Marko Zhuk", "uk": "Марко Жук"}  # a fictional withheld person
PRIVATE = {"repository": "private", "timezone": "UTC"}


def _anonymous(**kw) -> dict:
    return case("anon-2024-001", **{"publicity": "anonymous", "name": ZHUK, **kw})


def _for_zhuk(aid: str, **kw) -> dict:
    return action(aid, **{"for": ["anon-2024-001"], **kw})


@pytest.fixture
def people(tmp_path) -> Dataset:
    ds = Dataset(tmp_path / "data", PRIVATE)
    ds.add(case("petrenko-ivan"))
    ds.add(_anonymous())
    return ds


def _said(root, *args: str) -> list:
    problems = validate(root, list(args) or None, use_cache=False, today=TODAY).problems
    assert not [p for p in problems if "zhuk" in (p.file + p.message).lower()], problems
    return problems


# -- 1. whatever is wrong, the path is not printed --------------------------------------------

BROKEN = [
    ("invalid-value", "actions/2024-10-12-picket-zhuk.yaml",
     dump(_for_zhuk("2024-10-12-picket-zhuk", type="vigil"))),
    ("yaml-syntax", "actions/2024-10-12-picket-zhuk.yaml", "id: [\n"),
    ("file-extension", "actions/2024-10-12-picket-zhuk.yml",
     dump(_for_zhuk("2024-10-12-picket-zhuk"))),
    ("stray-folder", "actions/marko-zhuk/2024-10-12-picket.yaml",
     dump(_for_zhuk("2024-10-12-picket"))),
    ("unknown-case-reference", "actions/2024-10-12-picket-zhuk.yaml",
     dump(action("2024-10-12-picket-zhuk", **{"for": ["anon-2024-01"]}))),
    # for a public person only: the name is a withheld person's all the same
    ("uncited-action", "actions/2024-10-12-picket-zhuk.yaml",
     dump(action("2024-10-12-picket-zhuk", sources={}, signatures=None))),
]


@pytest.mark.parametrize("code, rel, text", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_name_bearing_action_path_is_never_printed(people, code, rel, text):
    people.write(rel, text)
    found = _said(people.root)
    assert code in {p.code for p in found if p.file.startswith("actions/(")}, found
    for fmt in ("text", "json", "github"):
        result = invoke(["validate", "--format", fmt], cwd=people.root)
        assert code in result.stdout and "zhuk" not in (result.stdout + result.stderr).lower()


def test_a_name_bearing_file_asked_for_is_not_printed(people):
    rel = "actions/2024-10-12-picket-zhuk.yaml"
    people.write(rel, dump(_for_zhuk("2024-10-12-picket-zhuk", type="vigil")))
    assert {p.code for p in _said(people.root, str(people.root / rel))} == {"invalid-value"}


def test_names_are_read_from_a_withheld_case_that_does_not_load(people):
    """The person's own file fails its model (a bad region): its raw YAML still tells the
    names, and only the path holding them is hidden."""
    people.add(_anonymous(region="Crimea"))
    people.write("actions/2024-10-12-picket-zhuk.yaml",
                 dump(_for_zhuk("2024-10-12-picket-zhuk", sources={}, signatures=None)))
    people.write("actions/2024-10-13-picket.yaml",
                 dump(action("2024-10-13-picket", sources={}, signatures=None)))
    said = {(p.file, p.code) for p in _said(people.root) if p.code == "uncited-action"}
    assert said == {(unnamed_file(1), "uncited-action"),
                    ("actions/2024-10-13-picket.yaml", "uncited-action")}


def test_a_case_whose_yaml_cannot_be_read_hides_every_action_path(people):
    """Its names cannot be known: no action path is printed until it is corrected."""
    people.write("cases/anon-2024-001.yaml", "id: anon-2024-001\nname: [Marko Zhuk\n")
    people.write("actions/2024-10-13-picket.yaml",
                 dump(action("2024-10-13-picket", sources={}, signatures=None)))
    found = _said(people.root)
    assert [p.file for p in found if p.code == "uncited-action"] == [unnamed_file(1, unread=True)]
    assert unnamed_file(1, unread=True) != unnamed_file(1)  # it says what names the path again
    said = invoke(["fmt", "--check", "actions/"], cwd=people.root).stdout
    assert f"would reformat {unnamed_file(1, unread=True)}" in said, said
    people.write("cases/anon-2024-001.yaml", dump(_anonymous()))
    assert [p.file for p in _said(people.root) if p.code == "uncited-action"] == [
        "actions/2024-10-13-picket.yaml"]


def test_a_refused_release_prints_no_name_bearing_path_of_a_file_that_does_not_load(
        tmp_path, monkeypatch):
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), _anonymous(), config=PRIVATE)
    repo.commit("oct", "2024-10-20T10:00:00+00:00", {
        "actions/2024-10-12-picket-zhuk.yaml": dump(_for_zhuk("2024-10-12-picket-zhuk",
                                                              type="vigil")),
        "actions/2024-10-13-freezhuk.yaml": "id: [\n"})
    result = invoke(["release", "--month", "2024-10"], cwd=repo.root)
    said = result.stdout + result.stderr
    assert result.returncode == 1 and "invalid-value" in said and "yaml-syntax" in said, said
    assert "zhuk" not in said.lower()


def test_a_refused_release_prints_no_name_bearing_yml_file_or_folder(tmp_path, monkeypatch):
    """What the release itself finds under actions/ (a `.yml` file, a folder), besides the
    actions' own problems, is said without the path too."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), _anonymous(), config=PRIVATE)
    repo.commit("oct", "2024-10-20T10:00:00+00:00", {
        "actions/2024-10-06-zhuk.yml": dump(_for_zhuk("2024-10-06-zhuk")),
        "actions/marko-zhuk/notes.yaml": "a: 1\n"})
    result = invoke(["release", "--month", "2024-10"], cwd=repo.root)
    said = result.stdout + result.stderr
    assert result.returncode == 1 and "file-extension" in said, said
    assert "zhuk" not in said.lower(), said


# -- 2. each such file its own placeholder ----------------------------------------------------

def test_each_name_bearing_file_keeps_its_own_problems(people):
    for i in range(1, 11):
        aid = f"2024-10-{i:02d}-picket-zhuk"
        people.write(f"actions/{aid}.yaml", dump(_for_zhuk(aid, date=f"2024-10-{i:02d}")))
    first = _said(people.root)
    warned = [p.file for p in first if p.code == "identifying-id"]
    assert sorted(warned) == sorted(unnamed_file(n) for n in range(1, 11))
    assert [p.file for p in _said(people.root) if p.code == "identifying-id"] == warned


# -- 3. the placeholder in the language of messages -------------------------------------------

def test_the_placeholder_is_translated(people):
    people.write("actions/2024-10-12-picket-zhuk.yaml", dump(_for_zhuk("2024-10-12-picket-zhuk")))
    result = invoke(["--lang", "uk", "validate", "--format", "json"], cwd=people.root)
    files = {p["file"] for p in json.loads(result.stdout)["problems"]}
    assert files == {"actions/(файл 1, не названий тут: його назва може містити ім’я "
                     "особи, чиї дані не розголошуються)"}, files


# -- 4. two coalitions with the criteria: each is told ----------------------------------------

def test_each_coalition_with_the_criteria_is_an_error_naming_the_others(tmp_path):
    ds = Dataset(tmp_path / "data", PRIVATE)
    ds.add(case("petrenko-ivan"))
    ds.write("coalitions/a-coalition.yaml", dump(coalition("a-coalition")))
    ds.write("coalitions/b-coalition.yaml", dump(coalition("b-coalition")))
    added = validate(ds.root, [str(ds.root / "coalitions/b-coalition.yaml")], use_cache=False,
                     today=TODAY).problems
    assert [(p.file, p.code) for p in added] == [("coalitions/b-coalition.yaml",
                                                  "duplicate-criteria-coalition")]
    assert "a-coalition" in added[0].message
    every = validate(ds.root, use_cache=False, today=TODAY).problems
    assert {p.file for p in every if p.code == "duplicate-criteria-coalition"} == {
        "coalitions/a-coalition.yaml", "coalitions/b-coalition.yaml"}


# -- 5. a renamed action is one whose all but the id is the same ------------------------------

def test_a_new_action_of_the_same_type_day_and_people_is_recorded(tmp_path, monkeypatch):
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"))
    old = action("2024-02-05-petition", type="petition", date="2024-02-05")
    repo.commit("feb", "2024-02-10T10:00:00+00:00", {"actions/2024-02-05-petition.yaml": dump(old)})
    repo.commit("mar", "2024-03-10T10:00:00+00:00", {
        "actions/2024-02-05-petition.yaml": None,
        "actions/2024-02-05-petition-to-un.yaml": dump(
            {**old, "id": "2024-02-05-petition-to-un", "to": "A fictional UN body",
             "title": {"en": "Another fictional petition"}}),
        "actions/2024-02-05-petition-renamed.yaml": dump({**old,
                                                          "id": "2024-02-05-petition-renamed"})})
    files = release_files(release.build(repo.root, "2024-03"))
    assert [a["id"] for a in json.loads(files["changes.json"])["actions"]] == [
        "2024-02-05-petition-to-un"]


def test_a_placeholder_said_again_keeps_its_number():
    """A release says its own problems of actions/'s entries with the snapshot's: a path said
    once is not numbered again, so two paths never share a number, even while a case's names
    cannot be read (every path under actions/, a placeholder too, may then name someone)."""
    named = NamedPaths(["actions/2024-10-12-zhuk.yaml", "actions/2024-10-13-zhuk.yml"],
                       lambda: None)
    first = said_unnamed([Problem("actions/2024-10-12-zhuk.yaml", 1, 1, "error", "a", "m")],
                         named)
    again = said_unnamed(first + [Problem("actions/2024-10-13-zhuk.yml", 0, 0, "error", "b",
                                          "m")], named)
    assert again[0] == first[0]
    assert {p.file for p in again} == {unnamed_file(1, unread=True), unnamed_file(2, unread=True)}


def test_a_release_reads_the_case_files_it_checks_names_against_in_one_batch(
        tmp_path, monkeypatch):
    """The names of withheld people (for the placeholders) and the people actions are for were
    read one case file a time, each parsing the tree of cases/ again: minutes at 10,000 cases
    for a release with one problem under actions/."""
    from kremlinlist.history.git import GitClient

    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), _anonymous(), config=PRIVATE)
    repo.commit("oct", "2024-10-20T10:00:00+00:00", {
        "actions/2024-10-12-picket-zhuk.yaml": dump(_for_zhuk("2024-10-12-picket-zhuk",
                                                              type="vigil"))})
    one_by_one: list[str] = []
    real = GitClient.blob_bytes

    def counted(client, commit, rel):
        if rel.startswith("cases/"):
            one_by_one.append(rel)
        return real(client, commit, rel)

    monkeypatch.setattr(GitClient, "blob_bytes", counted)
    result = invoke(["release", "--month", "2024-10"], cwd=repo.root)
    assert result.returncode == 1 and "zhuk" not in (result.stdout + result.stderr).lower()
    assert one_by_one == []
