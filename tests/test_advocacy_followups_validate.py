"""validate on some files only (the pre-commit hook's `--staged`, a pull request's
`--changed-since`, files named): an action file named after a withheld person it is for has its
problems said of a placeholder, not of its path; they were dropped as of no file asked, and the
hook passed a file with errors."""

from __future__ import annotations

import json

import pytest
from factory import GitRepo, action, case, dump, invoke, seed

from kremlinlist.checks.advocacy import unnamed_file

ZHUK = {"en": "Marko Zhuk", "uk": "Марко Жук"}  # a fictional withheld person
NAMED = "actions/2024-10-12-picket-for-marko-zhuk.yaml"
MODES = {"staged": ["--staged"], "changed-since": ["--changed-since", "HEAD~1"],
         "named": [NAMED]}


@pytest.fixture
def repo(tmp_path, monkeypatch) -> GitRepo:
    """A private dataset of a public and an anonymous person, and an action file named after the
    anonymous one with an error (no sources), staged."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), case("anon-2024-001", publicity="anonymous", name=ZHUK),
         config={"repository": "private", "timezone": "UTC"})
    (repo.root / "actions").mkdir()
    (repo.root / NAMED).write_text(dump(action(
        "2024-10-12-picket-for-marko-zhuk", type="picket", date="2024-10-12", sources={},
        signatures=None, **{"for": ["anon-2024-001"]})), encoding="utf-8")
    repo.git("add", NAMED)
    return repo


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_the_problems_of_an_action_file_named_after_a_withheld_person_fail_the_check(
        repo, mode, fmt):
    if mode == "changed-since":  # a pull request's: the file committed
        repo.git("commit", "-q", "-m", "picket")
    result = invoke(["validate", "--format", fmt, *MODES[mode]], repo.root)
    said = result.stdout + result.stderr
    assert result.returncode == 1, said
    assert "uncited-action" in said and "identifying-id" in said, said
    assert "zhuk" not in said.lower() and "жук" not in said.lower()
    if fmt == "json":
        found = json.loads(result.stdout)["problems"]
        assert {(p["file"], p["code"]) for p in found} == {(unnamed_file(1), "uncited-action"),
                                                          (unnamed_file(1), "identifying-id")}


def test_a_file_asked_with_no_problem_is_still_fine(repo):
    """Only the named file's problems are kept: a clean file asked reports none of them."""
    result = invoke(["validate", "--format", "json", "cases/petrenko-ivan.yaml"], repo.root)
    assert result.returncode == 0 and json.loads(result.stdout)["problems"] == [], result.stdout
