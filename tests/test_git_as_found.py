"""Git as it is found: SHA-256 repositories, and file names that are not UTF-8."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from factory import GitRepo, cli_at_root, dump, invoke, person, put, seed



@pytest.fixture
def sha256_repo(tmp_path, monkeypatch):
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "repo"
    root.mkdir()
    subprocess.run(["git", "init", "-q", "--object-format=sha256", "-b", "main"], cwd=root,
                   check=True)
    repo = GitRepo(root)  # init again is harmless; keeps the object format
    assert repo.git("rev-parse", "--show-object-format") == "sha256"
    seed(repo, person("aa-one", "Aa One"), person("bb-two", "Bb Two"),
         date="2024-01-05T10:00:00+00:00")
    repo.commit("feb", "2024-02-10T10:00:00+00:00", put(person("cc-three", "Cc Three")))
    return repo


def test_release_in_a_sha256_repository(sha256_repo):
    result = cli_at_root(["release", "--month", "2024-02"], sha256_repo.root)
    assert result.exit_code == 0, result.output
    folder = sha256_repo.root / "releases" / "2024-02"
    log = json.loads((folder / "changes.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in log["added"]] == ["cc-three"]
    assert len(log["to"]) == 64
    assert json.loads((folder / "list.json").read_text(encoding="utf-8"))["count"] == 3


def test_stats_export_and_diff_in_a_sha256_repository(sha256_repo):
    result = cli_at_root(["stats", "--rev", "HEAD", "--format", "json"], sha256_repo.root)
    assert result.exit_code == 0, result.output
    result = cli_at_root(["stats", "--over-time", "--format", "json"], sha256_repo.root)
    assert result.exit_code == 0, result.output
    result = cli_at_root(["export", "--format", "json", "--rev", "HEAD~1", "--as-of",
                             "2024-01-31"], sha256_repo.root)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["count"] == 2
    result = cli_at_root(["export", "--format", "html", "--rev", "HEAD"], sha256_repo.root)
    assert result.exit_code == 0, result.output
    result = cli_at_root(["diff", "HEAD~1", "HEAD", "--format", "json"], sha256_repo.root)
    assert result.exit_code == 0, result.output
    assert [e["id"] for e in json.loads(result.stdout)["added"]] == ["cc-three"]
    result = cli_at_root(["diff", "HEAD~1", "HEAD", "--format", "md"], sha256_repo.root)
    assert result.exit_code == 0, result.output


BAD_NAME = b"cases/\xff\xfe-bad.yaml"


@pytest.fixture
def odd_repo(tmp_path, monkeypatch):
    """A repository with a case file whose name is not UTF-8, committed, in a later month."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("aa-one", "Aa One"), date="2024-01-05T10:00:00+00:00")
    path = os.fsencode(repo.root) + b"/" + BAD_NAME
    try:
        with open(path, "wb") as f:
            f.write(dump(person("bb-two", "Bb Two")).encode())
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    subprocess.run([b"git", b"add", b"--", BAD_NAME], cwd=repo.root, check=True)
    repo.commit("odd", "2024-02-10T10:00:00+00:00", put(person("cc-three", "Cc Three")))
    return repo


def test_validate_changed_since_with_a_name_that_is_not_utf8(odd_repo):
    result = cli_at_root(["validate", "--changed-since", "HEAD~1"], odd_repo.root)
    assert result.exit_code == 1, result.output  # reported: the name is not the case's id
    assert "id-mismatch" in result.output and "checked 2 files" in result.output
    result = invoke(["validate", "--changed-since", "HEAD~1", "--format", "json"], odd_repo.root)
    assert result.returncode == 1, result.stderr
    assert [p["code"] for p in json.loads(result.stdout)["problems"]] == ["id-mismatch"]


def test_diff_with_a_name_that_is_not_utf8(odd_repo):
    for fmt in ("text", "md", "json"):
        result = invoke(["diff", "HEAD~1", "HEAD", "--format", fmt], odd_repo.root)
        assert result.returncode == 1, result.stderr  # the id-mismatch of the odd file
        assert "internal error" not in result.stderr
        assert "cc-three" in result.stdout or "Cc Three" in result.stdout


def test_release_with_a_name_that_is_not_utf8(odd_repo):
    result = invoke(["release", "--month", "2024-02"], odd_repo.root)
    assert result.returncode == 1, result.stderr
    assert "id-mismatch" in result.stdout + result.stderr and "\\xff" in result.stdout
    assert not (odd_repo.root / "releases").exists()
