"""A settings file held twice in a commit's root tree (`git fsck`: duplicateEntries), as only a
forged or damaged tree holds one, is refused as a damaged repository, as a name twice in a
folder's listing is: it was read as `ls-tree`'s first entry, whichever of the two that was."""

from __future__ import annotations

import subprocess
from contextlib import closing

import pytest
from factory import GitRepo, dump, invoke, person, seed

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.history.git import GitClient


def _git(root, *args: str, stdin: bytes = b"") -> str:
    return subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True,
                          check=True).stdout.decode().strip()


def _root_with_twice(repo: GitRepo, name: str, forged: bytes, branch: str) -> str:
    """A commit on `branch` whose root tree is main's with `name` held twice, the second
    `forged` (written as `git hash-object --literally` lets a forged tree be)."""
    second = _git(repo.root, "hash-object", "-w", "--stdin", stdin=forged)
    entries = []
    for line in _git(repo.root, "ls-tree", "main").split("\n"):
        meta, path = line.split("\t")
        mode, _kind, oid = meta.split(" ")
        entries.append(mode.encode() + b" " + path.encode() + b"\0" + bytes.fromhex(oid))
        if path == name:
            entries.append(b"100644 " + path.encode() + b"\0" + bytes.fromhex(second))
    tree = _git(repo.root, "hash-object", "-t", "tree", "-w", "--literally", "--stdin",
                stdin=b"".join(entries))
    commit = _git(repo.root, "commit-tree", tree, "-p", "main", "-m", "twice")
    repo.git("update-ref", f"refs/heads/{branch}", commit)
    return commit


@pytest.fixture
def forged(tmp_path) -> GitRepo:
    """Branch `criteria` holds criteria.yaml twice, branch `config` kremlinlist.yaml twice: the
    second of each says another thing (no criteria; a private repository)."""
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("petrenko-ivan", "Ivan Petrenko"))
    _root_with_twice(repo, "criteria.yaml", b"criteria: []\n", "criteria")
    _root_with_twice(repo, "kremlinlist.yaml", dump({"repository": "private"}).encode(),
                     "config")
    fsck = subprocess.run(["git", "fsck"], cwd=repo.root, capture_output=True, text=True)
    assert "duplicateEntries" in fsck.stdout + fsck.stderr
    return repo


@pytest.mark.parametrize("branch,name", [("criteria", "criteria.yaml"),
                                         ("config", "kremlinlist.yaml")])
def test_a_settings_file_twice_in_the_root_tree_is_refused(forged, tmp_path, branch, name):
    """By the client, and by the commands that read the settings at a revision."""
    with closing(GitClient(forged.root)) as client:
        commit = client.resolve(branch)
        with pytest.raises(KremlinlistError) as refused:
            client.settings_at(commit)
        assert refused.value.code == "git-failed" and name in refused.value.message
        assert client.settings_at(client.resolve("main"))[0] is not None
    for args in (["diff", "main", branch], ["diff", branch, "main"], ["stats", "--rev", branch],
                 ["site", "--rev", branch, "-o", str(tmp_path / "site")]):
        result = invoke(args, forged.root)
        said = result.stdout + result.stderr
        assert result.returncode == 2, said
        assert "Traceback" not in said and "internal error" not in said, said
        assert "twice" in said and "duplicateEntries" in said and name in said, args
    assert not (tmp_path / "site").exists()


def test_a_folder_twice_in_the_root_tree_is_said_as_the_folder(tmp_path):
    """`cases` itself held twice is refused naming the folder (it names no person), not said as
    "a file of cases/"."""
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("petrenko-ivan", "Ivan Petrenko"))
    cases = _git(repo.root, "rev-parse", "main:cases")
    entries = []
    for line in _git(repo.root, "ls-tree", "main").split("\n"):
        meta, path = line.split("\t")
        mode, _kind, oid = meta.split(" ")
        entries.append(mode.encode() + b" " + path.encode() + b"\0" + bytes.fromhex(oid))
        if path == "cases":
            entries.append(b"40000 cases\0" + bytes.fromhex(cases))
    tree = _git(repo.root, "hash-object", "-t", "tree", "-w", "--literally", "--stdin",
                stdin=b"".join(entries))
    repo.git("update-ref", "refs/heads/dup", _git(repo.root, "commit-tree", tree, "-p", "main",
                                                  "-m", "twice"))
    with closing(GitClient(repo.root)) as client:
        with pytest.raises(KremlinlistError) as refused:
            client.entry_problems(client.resolve("dup"), "cases")
    assert "a file of" not in refused.value.message and "cases twice" in refused.value.message
