"""Git as it is found: SHA-256 repositories, file names that are not UTF-8, GIT_DIR set by a
hook, a work tree named in the git folder's config, line breaks in paths."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from factory import (CRITERIA, ORG, SEED_DATE, GitRepo, cli, cli_at_root, dump, invoke, person,
                     put, seed)

from kremlinlist.history.git.command import reason


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


def _dataset_in_data(root: Path, folder: str = "data") -> GitRepo:
    """A repository whose dataset is its folder `folder`, with two people."""
    repo = GitRepo(root)
    files = {"criteria.yaml": dump(CRITERIA), "organizations/test-org.yaml": dump(ORG),
             "kremlinlist.yaml": dump({"repository": "public", "timezone": "UTC"})}
    files.update({f"cases/{c['id']}.yaml": dump(c)
                  for c in (person("aa-one", "Aa One"), person("bb-two", "Bb Two"))})
    repo.commit("seed", SEED_DATE, {f"{folder}/{rel}": text for rel, text in files.items()})
    return repo


def test_a_dataset_folder_whose_name_is_not_utf8(tmp_path):
    """The dataset's folder name, not UTF-8, keys the caches and matches git's listing of its
    files: each command reads its cases (they had been an internal error, or no change)."""
    folder = os.fsdecode(b"data-\xff")
    try:
        repo = _dataset_in_data(tmp_path / "repo", folder)
    except subprocess.CalledProcessError:
        pytest.skip("this file system refuses names that are not UTF-8")
    repo.commit("feb", "2024-02-10T10:00:00+00:00",
                {f"{folder}/cases/cc-three.yaml": dump(person("cc-three", "Cc Three"))})
    root = repo.root / folder
    result = cli_at_root(["diff", "HEAD~1", "HEAD", "--format", "json"], root)
    assert [e["id"] for e in json.loads(result.stdout)["added"]] == ["cc-three"]
    result = cli_at_root(["stats", "--over-time", "--format", "json"], root)
    assert result.exit_code == 0, result.output
    counts = [p["count"] for p in json.loads(result.stdout)["series"]]
    assert counts[:2] == [2, 3] and set(counts[2:]) <= {3}  # on to the last month that ended
    result = cli_at_root(["release", "--month", "2024-02"], root)
    assert result.exit_code == 0, result.output
    log = json.loads((root / "releases" / "2024-02" / "changes.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in log["added"]] == ["cc-three"]


@pytest.mark.parametrize("points_at", ["its own repository", "another repository"])
def test_git_dir_set_by_a_hook_does_not_move_the_dataset(tmp_path, monkeypatch, points_at):
    """git sets GIT_DIR for the hooks of a linked worktree; a hook runs in the dataset's folder.
    The repository read is the one around that folder, whatever GIT_DIR says: with it, git took
    the current folder for the top and read no case, or read another repository's."""
    repo = _dataset_in_data(tmp_path / "repo")
    other = GitRepo(tmp_path / "other")
    seed(other, person("zz-other", "Zz Other"))
    (repo.root / "data" / "cases" / "cc-three.yaml").write_text(
        dump(person("cc-three", "Cc Three")), encoding="utf-8")
    mine = points_at == "its own repository"
    monkeypatch.setenv("GIT_DIR", str((repo.root if mine else other.root) / ".git"))
    monkeypatch.chdir(repo.root / "data")
    result = cli("export", "--format", "json", "--rev", "HEAD")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["count"] == 2
    result = cli("validate", "--changed-since", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["checked"] == 1  # the new, untracked case


def test_a_work_tree_named_in_the_git_folders_config_reads_paths_from_the_top(tmp_path,
                                                                               monkeypatch):
    """A submodule's git folder names its work tree (core.worktree), so git takes a folder
    inside it as where paths start; run from inside the dataset's folder, the dataset's paths
    are still read from the top of the repository."""
    repo = _dataset_in_data(tmp_path / "work")
    moved = tmp_path / "modules" / "work"
    moved.parent.mkdir()
    shutil.move(repo.root / ".git", moved)
    (repo.root / ".git").write_text(f"gitdir: {moved}\n", encoding="utf-8")
    subprocess.run(["git", "--git-dir", str(moved), "config", "core.worktree", str(repo.root)],
                   check=True)
    monkeypatch.chdir(repo.root / "data" / "cases")
    result = cli("export", "--format", "json", "--rev", "HEAD", "--root", "..")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["count"] == 2
    result = cli("diff", "HEAD", "HEAD", "--format", "json", "--root", "..")
    assert result.exit_code == 0, result.output


def test_a_line_break_in_the_datasets_path_is_a_clean_refusal(tmp_path):
    """git's answers about a folder come one a line: a path with a line break is refused, not
    read as an empty dataset."""
    repo = GitRepo(tmp_path / "a\nb")
    seed(repo, person("aa-one", "Aa One"))
    result = cli_at_root(["export", "--format", "json", "--rev", "HEAD"], repo.root)
    assert result.exit_code == 2
    assert "line break" in result.stderr and "Traceback" not in result.stderr


def test_gits_reason_is_its_fatal_line_not_its_last_hint():
    said = (b"fatal: detected dubious ownership in repository at '/x'\nTo add an exception for "
            b"this directory, call:\n\n\tgit config --global --add safe.directory /x\n")
    assert reason(said) == "fatal: detected dubious ownership in repository at '/x'"
    assert reason(b"") == "no message" and reason(b"\n  last words \n") == "last words"


def test_a_damaged_repository_is_refused_in_gits_own_words(tmp_path, monkeypatch):
    """A tree object gone from the repository: every command reading history says what git said
    about it, not only which git command failed."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("aa-one", "Aa One"))
    tree = repo.git("rev-parse", "HEAD^{tree}")
    (repo.root / ".git" / "objects" / tree[:2] / tree[2:]).unlink()
    for args in (["stats", "--rev", "HEAD"], ["diff", "HEAD", "HEAD"]):
        result = cli_at_root(args, repo.root)
        assert result.exit_code == 2, (args, result.output)
        assert "git failed: fatal:" in result.stderr or "git failed: error:" in result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["diff", "HEAD", "HEAD"], ["validate", "--changed-since", "HEAD"],
                                  ["stats", "--rev", "HEAD"]])
def test_no_git_on_the_path_is_a_clean_refusal(git_repo, tmp_path, args):
    """Each way this package starts git (the client, its repository discovery, the checkout's
    commands) says it could not, with exit 2 and no traceback."""
    git_repo.commit("data", "2024-01-10T12:00:00+00:00", {
        "criteria.yaml": dump(CRITERIA), "organizations/test-org.yaml": dump(ORG)})
    empty = tmp_path / "no-git"
    empty.mkdir()
    done = invoke(args, cwd=git_repo.root, env={"PATH": str(empty)})
    assert done.returncode == 2, done
    assert "cannot run git (FileNotFoundError)" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_a_submodule_entry_in_cases_is_a_problem_not_a_missing_object(tmp_path, monkeypatch):
    """A pull request can add a gitlink (mode 160000) where a case file goes: it was read as a
    blob that is not there ("a partial or shallow clone?", exit 2), failing the review step."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("aa-one", "Aa One"))
    repo.git("update-index", "--add", "--cacheinfo",
             "160000,1234567890123456789012345678901234567890,cases/sub-entry.yaml")
    repo.git("commit", "-q", "-m", "gitlink", date="2024-02-10T10:00:00+00:00")
    review = invoke(["diff", "HEAD~1", "HEAD", "--format", "json"], cwd=repo.root)
    assert review.returncode == 1, review.stderr
    assert "not-a-file" in review.stdout and "missing" not in review.stderr
    counted = invoke(["stats", "--rev", "HEAD", "--format", "json"], cwd=repo.root)
    assert counted.returncode == 0 and json.loads(counted.stdout)["skipped"] == 1


@pytest.mark.parametrize("args", [["export", "--format", "csv", "--rev", "HEAD"],
                                  ["stats", "--rev", "HEAD", "--format", "json"]])
def test_a_submodule_folder_in_cases_is_refused_at_a_revision(tmp_path, monkeypatch, args):
    """A gitlink at `cases/sub` (a submodule's folder) was read as nothing at all: the list and
    the counts left out whoever it held, without a word. It is a folder inside cases/, as a
    submodule checked out is on disk."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("aa-one", "Aa One"))
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{repo.head()},cases/sub")
    repo.git("commit", "-q", "-m", "a submodule", date="2024-02-10T10:00:00+00:00")
    result = invoke(args, cwd=repo.root)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "cases/sub" in result.stdout + result.stderr
    assert "stray-folder" in result.stdout + result.stderr
    assert "Aa One" not in result.stdout and "Traceback" not in result.stderr


@pytest.mark.parametrize("planted", ["folders", "a link for HEAD, files for the rest",
                                     "commondir"])
def test_a_repository_planted_in_the_dataset_folder_runs_nothing(tmp_path, planted):
    """A pull request commits a HEAD, config, objects and refs into the dataset's folder (as
    folders; a dangling link and executable files, which git takes too; or a `commondir`
    pointing elsewhere): git run from there would take it for a repository and run its
    config's `core.fsmonitor`. The tool refuses before running git, whatever the command."""
    marker = tmp_path / "ran"
    repo = GitRepo(tmp_path / "repo")
    base = {"criteria.yaml": dump(CRITERIA), "organizations/test-org.yaml": dump(ORG),
            "kremlinlist.yaml": dump({"repository": "private", "timezone": "UTC"}),
            "cases/aa-one.yaml": dump(person("aa-one", "Aa One"))}
    repo.commit("seed", SEED_DATE, {f"data/{k}": v for k, v in base.items()})
    config = ("[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = .\n"
              f"\tfsmonitor = \"touch {marker}; false\"\n")
    data = repo.root / "data"
    if planted == "folders":
        files = {"data/HEAD": "ref: refs/heads/main\n", "data/objects/.keep": "",
                 "data/refs/.keep": "", "data/config": config}
    elif planted == "commondir":
        files = {"data/HEAD": "ref: refs/heads/main\n", "data/commondir": "../elsewhere\n",
                 "elsewhere/objects/.keep": "", "elsewhere/refs/.keep": "",
                 "elsewhere/config": config}
    else:
        os.symlink("refs/heads/nothing", data / "HEAD")
        files = {"data/objects": "", "data/refs": "", "data/config": config}
    repo.commit("pr", "2024-02-10T10:00:00+00:00", files)
    for name in ("objects", "refs"):
        if (data / name).is_file():
            os.chmod(data / name, 0o755)
    for args in (["validate"], ["validate", "--changed-since", "HEAD^"], ["diff", "HEAD^", "HEAD"],
                 ["export", "--format", "json"], ["release", "--month", "2024-02"]):
        result = invoke(["-C", "data", *args], cwd=repo.root)
        assert result.returncode == 2 and "planted-repository" not in result.stdout, args
        assert "a repository of its own" in result.stderr, (args, result.stderr)
    assert not marker.exists()


def test_a_data_file_git_converts_in_the_checkout_is_an_error(tmp_path):
    """A `.gitattributes` (a pull request can commit one) that makes git write a case into the
    checkout in another encoding, or through a filter: validate would read other bytes than the
    commit holds, which a release reads."""
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("aa-one", "Aa One"), person("bb-two", "Bb Two"))
    assert invoke(["validate"], cwd=repo.root).returncode == 0
    repo.commit("attrs", "2024-02-10T10:00:00+00:00", {
        ".gitattributes": "cases/aa-one.yaml working-tree-encoding=UTF-16\n"
                          "*.png filter=lfs\n"})  # a filter for other files is theirs
    said = invoke(["validate"], cwd=repo.root)
    assert said.returncode == 1 and said.stdout.count("converted-file") == 1, said.stdout
    assert "cases/aa-one.yaml" in said.stdout
    for args in (["--changed-since", "HEAD^"], ["cases/aa-one.yaml"]):  # the change, the file
        said = invoke(["validate", *args], cwd=repo.root)
        assert said.returncode == 1 and said.stdout.count("converted-file") == 1, said.stdout
    assert invoke(["validate", "cases/bb-two.yaml"], cwd=repo.root).returncode == 0
