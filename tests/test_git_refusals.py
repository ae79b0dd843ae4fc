"""What a client refuses of a revision, and how: a name git takes is answered as git answers it
(letters beyond ASCII, a reflog entry past its end), and a tree no checkout could hold (a file
of cases/ twice, a `cases` that is a link, a file or a submodule) is refused as a damaged or
unread dataset, never read as a shorter or a doubled list. No traceback reaches the user."""

from __future__ import annotations

import json
import subprocess
from contextlib import closing

import pytest
from factory import GitRepo, dump, invoke, person, seed

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.history.git import GitClient
from kremlinlist.history.snapshot import Snapshots

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


def _entry(mode: str, name: str, oid: str) -> bytes:
    return mode.encode() + b" " + name.encode() + b"\0" + bytes.fromhex(oid)


def _with_tree(repo: GitRepo, rev: str, folder: str, entries: list[bytes], branch: str) -> str:
    """A commit on `branch`, `rev`'s tree with `folder` made of `entries` as written (a name
    twice, as `git hash-object --literally` lets a forged tree hold one)."""
    tree = _git(repo.root, "hash-object", "-t", "tree", "-w", "--literally", "--stdin",
                stdin=b"".join(entries))
    top = [line for line in _git(repo.root, "ls-tree", rev).split("\n")
           if not line.endswith("\t" + folder)]
    top.append(f"040000 tree {tree}\t{folder}")
    root = _git(repo.root, "mktree", stdin="\n".join(top).encode() + b"\n")
    commit = _git(repo.root, "commit-tree", root, "-p", rev, "-m", "twice")
    repo.git("update-ref", f"refs/heads/{branch}", commit)
    return commit


@pytest.fixture
def twice(tmp_path):
    """A dataset whose branch `dup` holds cases/kovalenko-olha.yaml twice (`git fsck`:
    duplicateEntries), the second another version (a forged name), and whose branch `orgs`
    holds an organization's file twice."""
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("petrenko-ivan", "Ivan Petrenko"), person("kovalenko-olha",
                                                                 "Olha Kovalenko"))
    cases = {line.split("\t")[1]: line.split(" ")[2].split("\t")[0]
             for line in _git(repo.root, "ls-tree", "HEAD:cases").split("\n")}
    forged = _git(repo.root, "hash-object", "-w", "--stdin", stdin=dump(
        person("kovalenko-olha", "Olha Forged")).encode())
    _with_tree(repo, "main", "cases", [
        _entry("100644", "kovalenko-olha.yaml", cases["kovalenko-olha.yaml"]),
        _entry("100644", "kovalenko-olha.yaml", forged),
        _entry("100644", "petrenko-ivan.yaml", cases["petrenko-ivan.yaml"])], "dup")
    org = _git(repo.root, "rev-parse", "HEAD:organizations/test-org.yaml")
    _with_tree(repo, "main", "organizations", [_entry("100644", "test-org.yaml", org)] * 2,
               "orgs")
    fsck = subprocess.run(["git", "fsck"], cwd=repo.root, capture_output=True, text=True)
    assert "duplicateEntries" in fsck.stdout + fsck.stderr
    return repo


def test_a_case_file_twice_in_a_tree_is_refused_never_read_twice(twice, tmp_path):
    """The export, stats and a diff either way refuse a revision whose cases/ holds a file
    twice, without naming it (a case file's name is a person's id): the export published both
    versions, stats counted three people of two, the diff said the forged one newly listed."""
    repo = twice
    out = tmp_path / "list.json"
    for args in (["export", "--format", "json", "--rev", "dup", "-o", out],
                 ["stats", "--rev", "dup"], ["diff", "main", "dup"], ["diff", "dup", "main"]):
        said = _refused(invoke(args, repo.root), "kovalenko", "Forged", "Olha")
        assert "twice" in said and "duplicateEntries" in said, args
    assert not out.exists()
    with closing(GitClient(repo.root)) as client:
        main, dup = client.resolve("main"), client.resolve("dup")
        snaps = Snapshots(client)
        start = snaps.snapshot(main)  # a walk's step from a whole tree to the damaged one
        with pytest.raises(KremlinlistError) as refused:
            snaps.advance(start, dup)
        assert refused.value.code == "git-failed"


def test_an_organization_twice_in_a_tree_is_refused_by_its_name(twice):
    """A file that is no person's is named: the refusal says which."""
    with closing(GitClient(twice.root)) as client:
        for old in (None, client.resolve("main")):
            with pytest.raises(KremlinlistError) as refused:
                client.changed_files(old, client.resolve("orgs"), "organizations")
            assert "organizations/test-org.yaml" in refused.value.message


@pytest.fixture
def not_folders(tmp_path):
    """Commits where `cases` is a symbolic link, a file and a submodule, made by git, and one
    where it is a folder again: (repo, {kind: commit})."""
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("petrenko-ivan", "Ivan Petrenko"))
    first = repo.head()
    made = {}
    repo.git("rm", "-r", "-q", "cases")
    (repo.root / "elsewhere").mkdir()
    (repo.root / "cases").symlink_to("elsewhere")
    repo.git("add", "cases")
    repo.git("commit", "-q", "-m", "link")
    made["symlink"] = repo.head()
    repo.git("rm", "-q", "cases")
    (repo.root / "cases").write_text("not a folder\n", encoding="utf-8")
    repo.git("add", "cases")
    repo.git("commit", "-q", "-m", "file")
    made["file"] = repo.head()
    repo.git("rm", "-q", "cases")
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{first},cases")
    repo.git("commit", "-q", "-m", "submodule")
    made["submodule"] = repo.head()
    repo.git("rm", "-q", "--cached", "cases")
    repo.git("checkout", "-q", first, "--", "cases")
    repo.git("commit", "-q", "-m", "folder again")
    made["folder"] = repo.head()
    return repo, made


def test_a_cases_that_is_no_folder_at_a_revision_is_refused(not_folders, tmp_path):
    """The export at a revision where `cases` is a link wrote an empty list with exit 0, as for
    a file; a submodule was said `cases/cases: error stray-folder`. Each is refused as on disk
    (`cases: error symlink`), said of `cases` itself, and so is each month of a walk through
    them; where it is a folder again, nothing is said."""
    repo, made = not_folders
    expected = {"symlink": "symlink", "file": "not-a-folder", "submodule": "not-a-folder"}
    for kind, code in expected.items():
        out = tmp_path / f"{kind}.json"
        result = invoke(["export", "--format", "json", "--rev", made[kind], "-o", out],
                        repo.root)
        said = result.stdout + result.stderr
        assert result.returncode == 1 and not out.exists(), said
        assert f"cases: error {code}" in said and "cases/cases" not in said, said
    with closing(GitClient(repo.root)) as client:
        for kind, code in expected.items():
            assert [(p.file, p.code) for p in client.entry_problems(
                made[kind], "cases")] == [("cases", code)], kind
        assert client.entry_problems(made["folder"], "cases") == []
        walk = [made[k] for k in ("symlink", "file", "submodule", "folder")]
        along = client.unread_along(walk)
        assert [[(p.file, p.code) for p in found] for found in along] == [
            [("cases", "symlink")], [("cases", "not-a-folder")], [("cases", "not-a-folder")], []]


def test_a_cases_that_is_a_file_on_disk_is_refused(dataset):
    """On disk a file named `cases` was read as an empty folder: validate said nothing of it
    (only of actions citing people it could no longer find) and an export wrote an empty list,
    exit 0."""
    for rel in list((dataset.root / "cases").iterdir()):
        rel.unlink()
    (dataset.root / "cases").rmdir()
    (dataset.root / "cases").write_text("x\n", encoding="utf-8")
    result = invoke(["validate"], dataset.root)
    assert result.returncode == 1 and "cases: error not-a-folder" in result.stdout, result.stdout
    exported = invoke(["export", "--format", "json"], dataset.root)
    assert exported.returncode == 1 and "not-a-folder" in exported.stdout + exported.stderr
