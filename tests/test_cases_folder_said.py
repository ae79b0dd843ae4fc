"""What is said of `cases` itself, and of a folder inside it: neither is a case file, so neither
is taken for a withheld person's file, and a folder named after a withheld person's id is said
without its name, as a file is."""

from __future__ import annotations

import json

from factory import TODAY, Dataset, GitRepo, case, invoke, person, seed

from kremlinlist.app.validate import validate
from kremlinlist.checks.advocacy import unnamed_file


def _not_a_folder_in_february(repo: GitRepo) -> None:
    """`cases` a file at the end of 2024-02 and a folder again in March."""
    repo.git("rm", "-r", "-q", "cases")
    (repo.root / "cases").write_text("not a folder\n", encoding="utf-8")
    repo.git("add", "cases")
    repo.git("commit", "-q", "-m", "file", date="2024-02-10T10:00:00+00:00")
    repo.git("rm", "-q", "cases")
    repo.git("checkout", "-q", "HEAD~1", "--", "cases")
    repo.git("commit", "-q", "-m", "folder again", date="2024-03-10T10:00:00+00:00")


def test_a_month_whose_cases_is_no_folder_is_said_as_the_folder(tmp_path, monkeypatch):
    """The walk said such a month of "a file not named here (it may be a withheld person's)",
    which `cases/` held: it is the folder itself, which names no one."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("petrenko-ivan", "Ivan Petrenko"))
    _not_a_folder_in_february(repo)
    result = invoke(["stats", "--over-time", "--format", "json"], cwd=repo.root)
    assert result.returncode == 0, result.stderr
    assert [p["month"] for p in json.loads(result.stdout)["series"]][:3] == [
        "2024-01", "2024-02", "2024-03"]
    said = [line for line in result.stderr.splitlines() if line.startswith("kremlinlist: ")]
    assert said == ["kremlinlist: `cases` was no folder at the end of 2024-02 (a link, a file "
                    "or a submodule in git), so no file of it was read and that month's count "
                    "leaves out everyone it held"]
    uk = invoke(["stats", "--over-time", "--format", "json", "--lang", "uk"], cwd=repo.root)
    assert "`cases` не була папкою" in uk.stderr and "not named" not in uk.stderr, uk.stderr


ZHUK = case("marko-zhuk", publicity="hidden", name={"en": "Marko Zhuk", "uk": "Марко Жук"})
BONDAR = case("anon-2024-001", publicity="anonymous", name={"en": "Olha Bondar"})
# folders in cases/ called after a withheld id, after a withheld name, after an opaque id
WITHHELD_FOLDERS = ("cases/marko-zhuk", "cases/olha-bondar", "cases/anon-2024-001")
STRAY = {f"{folder}/notes.txt": "a stray file\n" for folder in (*WITHHELD_FOLDERS, "cases/old")}
UNSAID = {*WITHHELD_FOLDERS, *(f"{folder}/notes.txt" for folder in WITHHELD_FOLDERS)}


def _unsaid(text: str) -> None:
    """None of the withheld folders is named in `text`, as a folder or as a path through it."""
    for folder in WITHHELD_FOLDERS:
        assert f"{folder}:" not in text and f"{folder}/" not in text and f"{folder} " not in text


def test_validate_says_a_folder_called_after_a_withheld_person_without_its_name(tmp_path):
    ds = Dataset(tmp_path / "data", {"repository": "private", "timezone": "UTC"})
    for data in (case("petrenko-ivan"), ZHUK, BONDAR):
        ds.add(data)
    for rel, text in STRAY.items():
        ds.write(rel, text)
    ds.write("cases/petrenko-ivan/notes.txt", "a public person's folder is named\n")
    problems = validate(ds.root, use_cache=False, today=TODAY).problems
    files = {p.file for p in problems if p.code in ("stray-folder", "stray-file")}
    assert {"cases/old", "cases/old/notes.txt", "cases/petrenko-ivan"} <= files
    assert files.isdisjoint(UNSAID)
    assert {unnamed_file(n, "cases") for n in range(1, 7)} <= files
    for fmt in ("text", "json", "github"):
        result = invoke(["validate", "--format", fmt], cwd=ds.root)
        assert "cases/old" in result.stdout, result.stdout
        _unsaid(result.stdout + result.stderr)


def test_a_release_and_the_walk_say_such_a_folder_without_its_name(tmp_path, monkeypatch):
    """The release's refusal, and the walk's warning of months that left a folder unread."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), ZHUK, BONDAR,
         config={"repository": "private", "timezone": "UTC"}, texts=STRAY)
    result = invoke(["release", "--month", "2024-01", "--out", str(tmp_path / "out")],
                    cwd=repo.root)
    said = result.stdout + result.stderr
    assert result.returncode == 1 and "stray-folder" in said, said
    assert "cases/old: error stray-folder" in said and unnamed_file(1, "cases") in said, said
    _unsaid(said)
    walked = invoke(["stats", "--over-time", "--format", "json"], cwd=repo.root)
    assert walked.returncode == 0, walked.stderr
    assert "cases/old was in" in walked.stderr and "a file not named here" in walked.stderr
    _unsaid(walked.stderr)
