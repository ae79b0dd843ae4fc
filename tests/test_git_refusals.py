"""What a client refuses of a revision, and how: a name git takes is answered as git answers it
(letters beyond ASCII, a reflog entry past its end). No traceback reaches the user."""

from __future__ import annotations

import json
import subprocess
from contextlib import closing

import pytest
from factory import GitRepo, dump, invoke, person, seed

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.history.git import GitClient

LATER = "2024-02-10T12:00:00+00:00"


def _git(root, *args: str, stdin: bytes = b"") -> str:
    return subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True,
                          check=True).stdout.decode().strip()


def _refused(result, *unsaid: str) -> str:
    """The refusal's text, once asserted to be one: a usage refusal, no traceback, and none of
    `unsaid` in anything written."""
    said = result.stdout + result.stderr
    assert result.returncode == 2, said
    assert "Traceback" not in said and "internal error" not in said, said
    for word in unsaid:
        assert word not in said
    return said


def test_a_revision_beyond_ascii_names_the_commit_git_names(tmp_path):
    """`git branch café` is a revision git takes: its commit, as rev-parse says, for stats, an
    export and a diff (it was an internal error, UnicodeEncodeError, writing it to the pipe)."""
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("petrenko-ivan", "Ivan Petrenko"))
    first = repo.head()
    repo.commit("second", LATER, {"cases/kovalenko-olha.yaml": dump(
        person("kovalenko-olha", "Olha Kovalenko"))})
    repo.git("branch", "café", first)
    with closing(GitClient(repo.root)) as client:
        assert client.resolve("café") == _git(repo.root, "rev-parse", "café^{commit}") == first
    out = tmp_path / "list.json"
    exported = invoke(["export", "--format", "json", "--rev", "café", "-o", out], repo.root)
    assert exported.returncode == 0, exported.stdout + exported.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["count"] == 1
    stats = invoke(["stats", "--rev", "café"], repo.root)
    assert stats.returncode == 0 and first[:10] in stats.stdout, stats.stdout + stats.stderr
    diff = invoke(["diff", "café", "HEAD"], repo.root)
    assert diff.returncode == 0 and "Olha Kovalenko" in diff.stdout, diff.stdout + diff.stderr


def test_a_reflog_entry_past_its_end_is_no_such_commit_and_the_reader_starts_anew(tmp_path):
    """`HEAD@{9}` of a reflog of two entries ends the running `cat-file --batch`: it is
    `rev-parse`'s to say, "no such commit" (not a damaged repository), and the client's next
    question starts a reader of its own."""
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("petrenko-ivan", "Ivan Petrenko"))
    repo.commit("second", LATER, {"cases/kovalenko-olha.yaml": dump(
        person("kovalenko-olha", "Olha Kovalenko"))})
    head = repo.head()
    with closing(GitClient(repo.root)) as client:
        with pytest.raises(KremlinlistError) as refused:
            client.resolve("HEAD@{9}")
        assert refused.value.code == "unknown-revision"
        assert client.resolve("HEAD~1") == _git(repo.root, "rev-parse", "HEAD~1")
        assert client.commit_time(head).year == 2024
    said = _refused(invoke(["stats", "--rev", "HEAD@{9}"], repo.root))
    assert "no such commit" in said and "cat-file" not in said
