"""What is said of `cases` itself, and of a folder inside it: neither is a case file, so neither
is taken for a withheld person's file, and a folder named after a withheld person's id is said
without its name, as a file is."""

from __future__ import annotations

import json

from factory import GitRepo, invoke, person, seed


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
