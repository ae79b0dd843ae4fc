"""The placeholder rule for paths beyond actions/ and cases/: every folder of the dataset whose
paths validate and fmt print (intake/, organizations/, coalitions/), fmt's own lines, a case file
whose `publicity` is misspelled, and the chart's months, a release's and the site's refusals
after a withheld person's file is gone."""

from __future__ import annotations

import subprocess
from contextlib import closing

import pytest
from factory import TODAY, Dataset, GitRepo, action, case, dump, invoke, seed

from kremlinlist.app.validate import validate
from kremlinlist.checks.advocacy import unnamed_file
from kremlinlist.checks.withheld_names import raw_withheld
from kremlinlist.history.git import GitClient
from kremlinlist.publish.withheld_since import withheld_until

ZHUK = case("marko-zhuk", publicity="hidden", name={"en": "Marko Zhuk", "uk": "Марко Жук"})
BONDAR = case("anon-2024-001", publicity="anonymous", name={"en": "Olha Bondar"})
STRAY = {"intake/bondar/n.txt": "x\n", "intake/zhuk-report.txt": "x\n",
         "organizations/zhuk-notes.txt": "x\n", "coalitions/bondar.yml": "x\n",
         "intake/kept.txt": "x\n"}


def _dataset(tmp_path) -> Dataset:
    ds = Dataset(tmp_path / "data", {"repository": "private", "timezone": "UTC"})
    for data in (case("petrenko-ivan"), ZHUK, BONDAR):
        ds.add(data)
    for rel, text in STRAY.items():
        ds.write(rel, text)
    return ds


def _unsaid(text: str) -> None:
    assert "zhuk-" not in text.lower() and "bondar" not in text.lower(), text


def test_validate_says_a_stray_path_of_any_folder_without_a_withheld_name(tmp_path):
    ds = _dataset(tmp_path)
    files = {p.file for p in validate(ds.root, use_cache=False, today=TODAY).problems}
    assert "intake/kept.txt" in files
    assert {unnamed_file(n, folder) for n, folder in
            ((1, "intake"), (2, "intake"), (3, "intake"), (4, "organizations"),
             (5, "coalitions"))} & files, files
    assert not {f for f in files if "zhuk-" in f or "bondar" in f}, files
    for folder in ("intake", "organizations", "coalitions"):
        assert any(f.startswith(f"{folder}/(file ") for f in files), files
    result = invoke(["validate"], cwd=ds.root)
    _unsaid(result.stdout + result.stderr)


@pytest.mark.parametrize("args", [["fmt"], ["fmt", "--check"]])
def test_fmt_says_a_stray_path_without_a_withheld_name(tmp_path, args):
    ds = _dataset(tmp_path)
    ds.write("cases/zhuk-scans/n.txt", "x\n")
    ds.write("actions/zhuk-letter.yml", "x\n")
    ds.write("actions/Bondar/a.txt", "x\n")
    result = invoke(args, cwd=ds.root)
    said = result.stdout + result.stderr
    assert "stray-folder" in said and "cases/(file " in said and "actions/(file " in said, said
    _unsaid(said)


def test_fmt_says_an_action_it_reformats_without_a_withheld_name(tmp_path):
    """Its "would reformat" line, whether the file was given on the command line or not."""
    ds = _dataset(tmp_path)
    aid = "2024-10-12-zhuk-letter"
    ds.write(f"actions/{aid}.yaml", "\n\n" + dump(action(aid, **{"for": ["petrenko-ivan"]})))
    for args in (["fmt", "--check"], ["fmt", "--check", f"actions/{aid}.yaml"], ["fmt"]):
        result = invoke(args, cwd=ds.root)
        said = result.stdout + result.stderr
        assert "reformat actions/(file " in said or "formatted actions/(file " in said, said
        _unsaid(said)


@pytest.mark.parametrize("key,value", [("publicty", "hidden"), ("pubicity", "anonymous"),
                                       ("publcity", "hidden"), ("privacy", "hidden")])
def test_a_misspelled_publicity_fails_closed(key, value):
    data = {"id": "mk", key: value, "name": {"en": "Marko Zhuk"}, "surname": "Zhuk",
            "nmae": "Marko", "former-ids": ["mk-old"]}
    assert raw_withheld(data) == (True, ["Marko Zhuk", "Zhuk", "Marko"], ["mk", "mk-old"])


def test_an_unknown_key_of_a_public_person_is_no_level():
    assert raw_withheld({"id": "ip", "publication": "2024", "name": {"en": "Ivan"}}) == (
        False, [], [])


def test_the_chart_knows_someone_withheld_in_an_older_month_whose_file_is_gone(
        tmp_path, monkeypatch):
    """Bondar anonymous in 2024-01, the file deleted in 2024-02, a folder named after her added
    in 2024-03: the walk's warning does not name it."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), BONDAR, config={"repository": "private", "timezone": "UTC"})
    repo.commit("del", "2024-02-10T10:00:00+00:00", {"cases/anon-2024-001.yaml": None})
    repo.commit("late", "2024-03-10T10:00:00+00:00", {"cases/bondar-scans/n.txt": "x\n"})
    result = invoke(["stats", "--over-time"], cwd=repo.root)
    assert result.returncode == 0, result.stderr
    assert "a file not named here" in result.stderr, result.stderr
    _unsaid(result.stdout + result.stderr)


def _gone_bondar(tmp_path, monkeypatch, stray: dict) -> GitRepo:
    """Bondar anonymous in 2024-01, her file deleted in 2024-02, `stray` added in 2024-03."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), BONDAR, config={"repository": "private", "timezone": "UTC"})
    repo.commit("del", "2024-02-10T10:00:00+00:00", {"cases/anon-2024-001.yaml": None})
    repo.commit("late", "2024-03-10T10:00:00+00:00", stray)
    return repo


@pytest.mark.parametrize("args", [["release", "--month", "2024-03", "-o", "out"],
                                  ["release", "--month", "2024-03", "--preview", "-o", "out"],
                                  ["site", "--until", "2024-03", "-o", "out"]])
def test_a_refusal_knows_someone_withheld_in_an_older_month_whose_file_is_gone(
        tmp_path, monkeypatch, args):
    """The month-end check of a release (and of the site, which builds the same month) says a
    folder named after her by a number, and still names one that names no one."""
    repo = _gone_bondar(tmp_path, monkeypatch, {"cases/bondar-scans/n.txt": "x\n",
                                                "cases/kept-scans/n.txt": "x\n"})
    result = invoke(args, cwd=repo.root)
    said = result.stdout + result.stderr
    assert result.returncode == 1 and "stray-folder" in said, said
    assert "cases/kept-scans" in said and "cases/(file 1 not named here" in said, said
    _unsaid(said)


def test_a_release_repeats_the_chart_without_someone_withheld_after_the_path_was_gone(
        tmp_path, monkeypatch):
    """A folder named after Bondar in 2024-02 only; she is anonymous at the end of 2024-04 and
    her file deleted in 2024-05: the release of 2024-06 repeats the chart's warning of 2024-02
    without the folder's name, though no month with the folder held her withheld."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    public = case("anon-2024-001", name={"en": "Olha Bondar"})
    seed(repo, case("petrenko-ivan"), public,
         config={"repository": "private", "timezone": "UTC"})
    repo.commit("scans", "2024-02-10T10:00:00+00:00", {"cases/bondar-scans/n.txt": "x\n"})
    repo.commit("moved", "2024-03-10T10:00:00+00:00", {"cases/bondar-scans/n.txt": None})
    repo.commit("anon", "2024-04-10T10:00:00+00:00", {"cases/anon-2024-001.yaml": dump(BONDAR)})
    repo.commit("del", "2024-05-10T10:00:00+00:00", {"cases/anon-2024-001.yaml": None})
    result = invoke(["release", "--month", "2024-06", "-o", "out"], cwd=repo.root)
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert "a file not named here" in said and "2024-02" in said, said
    _unsaid(said)


def test_a_history_that_cannot_be_read_hides_every_path(tmp_path, monkeypatch):
    """A shallow clone has no earlier month ends to read: no one's names are known, so a
    release's refusal would say every path by a number (`NamedPaths` on None)."""
    repo = _gone_bondar(tmp_path, monkeypatch, {"cases/kept-scans/n.txt": "x\n"})
    with closing(GitClient(repo.root)) as git:
        names, ids = withheld_until(git, "2024-03", "HEAD", "UTC")
    assert "Olha Bondar" in names and "anon-2024-001" in ids
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)],
                   check=True, capture_output=True)
    with closing(GitClient(clone)) as git:
        assert withheld_until(git, "2024-03", "HEAD", "UTC") is None
