"""A client asks its running `git cat-file --batch` what it asked a git process each before
(`rev-parse` for a revision, `ls-tree` for a file's or a folder's entries, `log` for a commit's
time): each answer must be the one git's own command gives, in hostile trees too (odd modes, a
name twice, a name that is not UTF-8, a folder that is a file or a submodule), else the output
of a release or a review would change."""

from __future__ import annotations

import os
import subprocess

import pytest
from factory import GitRepo, git_runs

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.history.git import GitClient


def _git(root, *args: str, stdin: bytes = b"") -> bytes:
    return subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True,
                          check=True).stdout


def _blob(root, data: bytes) -> str:
    return _git(root, "hash-object", "-w", "--stdin", stdin=data).decode().strip()


def _tree(root, entries: list[tuple[str, bytes, str]]) -> str:
    """A tree object written as given (any mode, any order, a name twice), as a damaged or
    hostile repository may hold one: (mode, name, object id)."""
    raw = b"".join(mode.encode() + b" " + name + b"\0" + bytes.fromhex(oid)
                   for mode, name, oid in entries)
    return _git(root, "hash-object", "-t", "tree", "-w", "--literally", "--stdin",
                stdin=raw).decode().strip()


def _commit(root, tree: str, message: str = "odd", committer: bytes | None = None) -> str:
    who = b"Test Editor <editor@example.org> 1706000000 +0000"
    raw = (b"tree " + tree.encode() + b"\nauthor " + who + b"\ncommitter " + (committer or who)
           + b"\n\n" + message.encode() + b"\n")
    return _git(root, "hash-object", "-t", "commit", "-w", "--literally", "--stdin",
                stdin=raw).decode().strip()


@pytest.fixture
def hostile(tmp_path):
    """A repository whose dataset (in data/) holds odd entries, at commit `odd`: settings of
    very old git's mode, a link and an executable; in cases/ a submodule, a folder, a link, a
    name that is not UTF-8; organizations/ a file, actions/ a submodule. At `damaged`, cases/
    is out of git's order and holds a name twice; at `twice`, data/ is there twice."""
    repo = GitRepo(tmp_path / "repo")
    root = repo.root
    first = repo.commit("seed", "2024-01-15T12:00:00+00:00", {"data/cases/aa.yaml": "id: aa\n"})
    blob = _blob(root, b"id: x\n")
    empty = _tree(root, [])
    entries = [("100644", b"a.yaml", blob), ("100664", b"b.yaml", blob),
               ("160000", b"g.yaml", first), ("120000", b"link.yaml", blob),
               ("100644", b"notes.txt", blob), ("40000", b"sub", empty),
               ("100755", b"twice.yaml", blob), ("100644", b"\xff.yaml", blob)]
    odd, damaged = (_tree(root, cases) for cases in (entries, [
        *entries[::-1], ("100644", b"twice.yaml", blob)]))

    def dataset(cases: str) -> str:
        return _tree(root, [("160000", b"actions", first), ("40000", b"cases", cases),
                            ("100664", b"criteria.yaml", blob), ("120000", b"dupes.yaml", blob),
                            ("100755", b"kremlinlist.yaml", blob),
                            ("100644", b"organizations", blob)])
    twice = _tree(root, [("40000", b"data", dataset(odd)), ("40000", b"data", empty)])
    return repo, *(_commit(root, tree) for tree in (
        _tree(root, [("40000", b"data", dataset(odd))]),
        _tree(root, [("40000", b"data", dataset(damaged))]), twice))


RELS = ["criteria.yaml", "kremlinlist.yaml", "dupes.yaml", "cases/a.yaml", "cases/b.yaml",
        "cases/g.yaml", "cases/sub", "cases/twice.yaml", os.fsdecode(b"cases/\xff.yaml"),
        "cases/link.yaml", "cases/none.yaml", "organizations/x.yaml", "actions/y.yaml",
        "cases", "none/deeper/z.yaml"]
FOLDERS = ["cases", "organizations", "actions", "coalitions"]


def _ls_tree(root, commit: str, path: str) -> list[str] | None:
    """An entry as `ls-tree` gives it: (mode, type, id), or None."""
    out = _git(root, "ls-tree", "-z", "--full-tree", commit, "--",
               ":(top,literal)" + path).split(b"\0")[0]
    return out.partition(b"\t")[0].decode().split(" ") if out else None


def _ls_folder(root, commit: str, path: str) -> list[tuple[str, str]]:
    out = _git(root, "ls-tree", "-z", "--full-name", commit, "--", ":(top,literal)" + path + "/")
    return [(line.partition("\t")[2].rsplit("/", 1)[-1], line.split(" ")[1])
            for line in out.decode("utf-8", "backslashreplace").split("\0") if "\t" in line]


def test_an_entry_read_from_the_trees_is_the_one_ls_tree_gives(hostile, monkeypatch):
    """Each file's entry and each folder's names, at a commit named by its id and by a branch,
    are what `git ls-tree` says, with no git started but the reader; where a path passes
    through a folder named twice, git itself is asked."""
    repo, odd, damaged, twice = hostile
    repo.git("update-ref", "refs/heads/odd", odd)
    runs = git_runs(monkeypatch)
    client = GitClient(repo.root / "data")
    try:
        for commit in (odd, "odd"):
            for rel in RELS:
                assert client.entries.get(commit, rel) == _ls_tree(repo.root, odd, "data/" + rel)
            for folder in FOLDERS:
                assert client.entries.folder(commit, folder) == _ls_folder(
                    repo.root, odd, "data/" + folder), folder
        # only what passes through a submodule or a file is asked of git
        assert runs and all(any(a.startswith((":(top,literal)data/actions",
                                              ":(top,literal)data/organizations")) for a in r)
                            for r in runs)
        for commit in (damaged, twice):
            runs.clear()
            for rel in RELS:
                assert client.entries.get(commit, rel) == _ls_tree(repo.root, commit,
                                                                   "data/" + rel), rel
            for folder in FOLDERS:
                assert client.entries.folder(commit, folder) == _ls_folder(
                    repo.root, commit, "data/" + folder), folder
            assert any("data/cases/" in r[-1] for r in runs)  # what it holds is git's to say
    finally:
        client.close()


def test_the_settings_and_a_blob_read_from_the_trees_are_as_ls_tree_reads_them(hostile):
    """`blob_bytes` refuses a link and reads an executable file, as through `ls-tree`; the
    settings of an unknown commit are still git's refusal."""
    repo, odd, _damaged, _twice = hostile
    client = GitClient(repo.root / "data")
    try:
        assert client.settings_at(odd) == (b"id: x\n", b"id: x\n")
        assert client.blob_bytes(odd, "dupes.yaml") is None
        assert client.blob_bytes(odd, "cases/twice.yaml") == b"id: x\n"
        with pytest.raises(KremlinlistError) as refused:
            client.settings_at("0" * 40)
        assert refused.value.code == "git-failed"
    finally:
        client.close()


def test_a_revision_names_the_commit_rev_parse_names(tmp_path, monkeypatch):
    """Branches, tags (an annotated one peeled), ancestry, reflog and message searches, ids
    short and full resolve to what `git rev-parse --verify` says, by the reader alone; what is
    no commit (a tree, a blob, a range, a path) is refused as by rev-parse; a revision with a
    blank or a line break is asked of rev-parse itself."""
    repo = GitRepo(tmp_path / "repo")
    one = repo.commit("seed one", "2024-01-15T12:00:00+00:00", {"cases/aa.yaml": "id: aa\n"})
    repo.git("tag", "light")
    repo.git("tag", "-a", "-m", "annotated", "v1")
    repo.git("checkout", "-q", "-b", "side")
    repo.commit("side", "2024-02-01T12:00:00+00:00", {"cases/bb.yaml": "id: bb\n"})
    repo.git("checkout", "-q", "main")
    repo.commit("two", "2024-02-02T12:00:00+00:00", {"cases/cc.yaml": "id: cc\n"})
    repo.git("merge", "-q", "--no-ff", "-m", "merge", "side", date="2024-02-03T12:00:00+00:00")
    tree = repo.git("rev-parse", "HEAD^{tree}")
    revs = ["HEAD", "HEAD~1", "HEAD^2", "HEAD~2", "main", "side", "light", "v1", "v1^{}",
            "refs/tags/v1", one, one[:8], "HEAD@{0}", ":/seed", "@", tree, "HEAD^{tree}",
            "HEAD:cases", "HEAD~1..HEAD", "HEAD~9", "nope", "0" * 40, "HEAD ", " HEAD",
            "HEAD\r", "ma in", "HEAD\n"]
    runs = git_runs(monkeypatch)
    client = GitClient(repo.root)
    try:
        for rev in revs:
            said = subprocess.run(["git", "rev-parse", "--verify", "--quiet",
                                   "--end-of-options", rev + "^{commit}"], cwd=repo.root,
                                  capture_output=True, text=True).stdout.strip()
            said = said if len(said) == 40 else None  # a range's two lines: refused too
            try:
                got = client.resolve(rev)
            except KremlinlistError as exc:
                assert exc.code == "unknown-revision"
                got = None
            assert got == said, rev
        asked = {r[-1] for r in runs if "rev-parse" in r}
        assert asked == {"HEAD ^{commit}", " HEAD^{commit}", "HEAD\r^{commit}",
                         "ma in^{commit}", "HEAD\n^{commit}"}
    finally:
        client.close()


@pytest.mark.parametrize("committer", [
    b"Test Editor <editor@example.org> 1706000000 +0000",
    b"Test Editor <editor@example.org> 0001706000123 -0130",
    b"Odd <Name> <editor@example.org> 1706000000 +0000",
    b"Test  Editor  <editor@example.org>  1706000000  +0000",
    b"<editor@example.org> 1706000000 +0000",
])
def test_a_commit_time_is_the_one_git_log_gives(tmp_path, committer):
    """The committer time read from the commit object is `git log --format=%ct`'s, where the
    committer line is an odd one too (there git's own reading is asked)."""
    repo = GitRepo(tmp_path / "repo")
    repo.commit("seed", "2024-01-15T12:00:00+00:00", {"cases/aa.yaml": "id: aa\n"})
    commit = _commit(repo.root, repo.git("rev-parse", "HEAD^{tree}"), committer=committer)
    said = int(repo.git("log", "-1", "--format=%ct", commit, "--"))
    client = GitClient(repo.root)
    try:
        assert client.commit_time(commit).timestamp() == said
    finally:
        client.close()


def test_one_reader_answers_every_question_of_a_client(hostile, monkeypatch):
    """Revisions, settings, folders and blobs are read by one `git cat-file --batch`; the
    settings of a commit named by its id are read once."""
    repo, odd, _damaged, _twice = hostile
    started: list[list[str]] = []
    popen = subprocess.Popen

    class Counted(popen):  # type: ignore[misc, valid-type]
        def __init__(self, args, *rest, **kwargs):
            started.append(list(args))
            super().__init__(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", Counted)
    client = GitClient(repo.root / "data")
    try:
        started.clear()
        for _ in range(2):
            client.resolve("HEAD")
            client.settings_at(odd)
            client.entry_problems(odd, "cases")
            client.commit_time(odd)
            client.read_blobs([(c.rel, c.new_blob) for c in client.changed_files(
                None, client.resolve("HEAD")) if c.new_blob])
        assert [cmd[-2:] for cmd in started if "diff-tree" not in cmd] == [
            ["cat-file", "--batch"]]
    finally:
        client.close()


def _changes(parts: list[str]) -> list[tuple[str, str]]:
    """`diff-tree -r -z` output split at NULs, as (meta, path) pairs."""
    return [(m, p) for m, p in zip(parts[0::2], parts[1::2]) if m.startswith(":")]


def test_a_tree_diff_from_the_running_diff_tree_is_the_one_a_run_of_its_own_gives(tmp_path):
    """The changes between two commits, read from one `git diff-tree --stdin` kept running,
    are what a `git diff-tree` of that pair alone prints, for a dataset in a subfolder (names
    not UTF-8, a submodule, a folder inside cases/, other folders changed alongside), in both
    directions and from nothing; the names changed are `--name-only`'s. A reader whose git was
    killed is replaced, and a commit git does not know is still git's own refusal."""
    repo = GitRepo(tmp_path / "repo")
    one = repo.commit("one", "2024-01-15T12:00:00+00:00", {
        "data/cases/aa.yaml": "id: aa\n", "data/organizations/o.yaml": "id: o\n",
        "other/x.txt": "x\n"})
    two = repo.commit("two", "2024-02-15T12:00:00+00:00", {
        "data/cases/aa.yaml": "id: aa\nx: 1\n", os.fsdecode(b"data/cases/\xff.yaml"): "id: f\n",
        "data/cases/deep/dd.yaml": "id: dd\n", "data/organizations/o.yaml": None,
        "data/actions/a.yaml": "id: a\n", "data/criteria.yaml": "c\n", "other/y.txt": "y\n"})
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{one},data/cases/sub.yaml")
    repo.git("commit", "-q", "-m", "a submodule", date="2024-03-15T12:00:00+00:00")
    three = repo.head()
    client = GitClient(repo.root / "data")
    empty = client.empty_tree
    folders = ["cases", "organizations", "actions", "coalitions"]
    try:
        for old, new in [(one, two), (two, three), (three, one), (empty, three), (one, one)]:
            for folder in folders:
                alone = _git(repo.root, "diff-tree", "-r", "-z", "--no-renames",
                             "--no-commit-id", old, new, "--", f":(top,literal)data/{folder}/")
                said = client.trees.get(old, new, folder)
                assert [(m, p) for m, p in _changes(said) if p.startswith(f"data/{folder}/")] \
                    == _changes(alone.decode("utf-8", "backslashreplace").split("\0"))
                assert client.changed_files(old, new, folder) == GitClient(
                    repo.root / "data").changed_files(old, new, folder)
            names = _git(repo.root, "diff-tree", "-r", "-z", "--name-only", "--no-commit-id",
                         old, new, "--", ":(top,literal)data/")
            assert client.changed_names(old, new, [""]) == sorted(
                n[len("data/"):] for n in names.decode("utf-8", "backslashreplace").split("\0")
                if n)
        client.trees._reader.process.kill()
        client.trees._reader.process.wait()
        assert client.changed_files(two, one) == GitClient(repo.root / "data").changed_files(
            two, one) and client.changed_files(two, one)
        assert client.changed_files(three, two) == GitClient(repo.root / "data").changed_files(
            three, two) and client.trees._reader.usable()  # another, started for the next pair
        with pytest.raises(KremlinlistError) as refused:
            client.changed_files("1" * 40, two)
        assert refused.value.code == "git-failed"
    finally:
        client.close()
