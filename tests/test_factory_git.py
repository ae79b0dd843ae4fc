"""GitRepo.commit writes a commit itself (git_writer.write_commit) only as git would: the same
commit ids, index and reflog as `git rm`, `git add` and `git commit`, and git's own commit
wherever the repository asks for more than that (a hook), or git would refuse (an ignored file,
a path through a symlinked folder)."""

from __future__ import annotations

import os
import subprocess
import time

import pytest
from factory import GitRepo
from git_writer import write_commit

STEPS = [
    ("seed", "2024-01-05T12:00:00+00:00", {"criteria.yaml": "c: 1\n", "cases/aa-one.yaml": "a\n",
                                           "cases/bb-two.yaml": "b\n", "run.sh": "#!/bin/sh\n"}),
    ("feb", "2024-02-12T10:00:00+02:00", {"cases/aa-one.yaml": "a2\n", "cases/bb-two.yaml": None,
                                          "actions/deep/x-y.yaml": "x\n"}),
    ("nothing", "2024-03-01T00:01:00-05:30", {}),
    ("staged by git", "2024-03-02T00:00:00+00:00", {"actions/deep/x-y.yaml": None,
                                                     "run.sh": "#!/bin/sh\nexit 0\n"}),
]


def _by_git(repo: GitRepo, message: str, date: str, files: dict) -> None:
    """The commit as GitRepo.commit made it with git alone."""
    gone = [rel for rel, text in files.items() if text is None]
    for rel, text in files.items():
        if text is not None:
            (repo.root / rel).parent.mkdir(parents=True, exist_ok=True)
            (repo.root / rel).write_text(text, encoding="utf-8")
    if gone:
        repo.git("rm", "-q", "--", *gone)
    if len(gone) < len(files):
        repo.git("add", "--", *[rel for rel in files if rel not in gone])
    repo.git("commit", "-q", "--allow-empty", "-m", message, date=date)


def test_a_history_written_without_git_is_the_one_git_writes(tmp_path, monkeypatch):
    ours, theirs = GitRepo(tmp_path / "ours"), GitRepo(tmp_path / "theirs")
    spawned: list = []
    run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: spawned.append(a) or run(*a, **k))
    for message, date, files in STEPS:
        if message == "staged by git":  # what a test stages goes into the next commit; a file
            # made executable stays so
            for repo in (ours, theirs):
                (repo.root / "run.sh").chmod(0o755)
                os.symlink("criteria.yaml", repo.root / "link.yaml")
                repo.git("mv", "cases/aa-one.yaml", "cases/aa-uno.yaml")
                repo.git("add", "link.yaml")
        spawned.clear()
        made = ours.commit(message, date, files)
        assert spawned == []
        _by_git(theirs, message, date, files)
        assert made == ours.head() == theirs.head(), message
    for what in (["ls-files", "-s"], ["status", "--porcelain"], ["log", "-g", "--format=%H %gs"],
                 ["ls-files", "--others"]):
        assert ours.git(*what) == theirs.git(*what), what
    assert ours.git("status", "--porcelain") == ""
    ours.git("fsck", "--strict", "--no-dangling")
    assert not (ours.root / "actions").exists()  # git rm takes the folders it empties too


def test_a_file_changed_in_the_second_of_its_commit_is_seen_changed(git_repo):
    git_repo.commit("seed", "2024-01-05T12:00:00+00:00", {"a.yaml": "aaaa\n", "b.yaml": "b\n"})
    (git_repo.root / "a.yaml").write_text("aaab\n", encoding="utf-8")  # same size, same second
    git_repo.commit("b", "2024-01-06T12:00:00+00:00", {"b.yaml": "bb\n"})
    assert git_repo.git("status", "--porcelain") == "M a.yaml"
    assert git_repo.git("show", "--format=", "--name-only", "HEAD") == "b.yaml"


def test_a_repository_with_a_hook_is_committed_by_git(git_repo):
    hook = git_repo.root / ".git" / "hooks" / "post-commit"
    hook.write_text("#!/bin/sh\ngit log -1 --format=%s > .git/hook-saw\n", encoding="utf-8")
    hook.chmod(0o755)
    git_repo.commit("seed", "2024-01-05T12:00:00+00:00", {"a.yaml": "a\n"})
    assert (git_repo.root / ".git" / "hook-saw").read_text(encoding="utf-8") == "seed\n"


def _refused(repo: GitRepo, commit) -> int:
    """The exit status of git's refusal to commit what `commit` is given (0 if it did not
    refuse), and nothing of it committed."""
    try:
        commit()
    except subprocess.CalledProcessError as exc:
        assert repo.git("ls-files") == ""
        return exc.returncode
    return 0


@pytest.mark.parametrize("ignore_file", [".gitignore", ".git/info/exclude", "cases/.gitignore"])
def test_an_ignored_file_is_refused_as_git_add_refuses_it(tmp_path, ignore_file):
    said = []
    for name, commit in (("ours", GitRepo.commit), ("theirs", _by_git)):
        repo = GitRepo(tmp_path / name)
        (repo.root / ignore_file).parent.mkdir(parents=True, exist_ok=True)
        (repo.root / ignore_file).write_text("*.secret\n", encoding="utf-8")
        said.append(_refused(repo, lambda: commit(repo, "seed", "2024-01-05T12:00:00+00:00",
                                                  {"cases/a.secret": "s\n"})))
    assert said == [1, 1]


def test_a_file_beyond_a_symlinked_folder_is_refused_as_git_refuses_it(tmp_path):
    said = []
    for name, commit in (("ours", GitRepo.commit), ("theirs", _by_git)):
        repo = GitRepo(tmp_path / name)
        (repo.root / "real").mkdir()
        os.symlink("real", repo.root / "cases")
        said.append(_refused(repo, lambda: commit(repo, "seed", "2024-01-05T12:00:00+00:00",
                                                  {"cases/a.yaml": "a\n"})))
    assert said[0] == said[1] != 0, said


def test_an_entry_written_in_the_second_of_its_commit_is_clean_as_git_leaves_it(tmp_path):
    """git smudges (size 0) only a racily clean entry whose file differs from it; the writer
    smudged every entry of the second, which `git diff-files` then listed as changed. The files
    are dated a minute ahead, which no second of the commit reaches: files written in that
    second, whatever the clock."""
    repos = []
    for name in ("ours", "theirs"):
        repo = GitRepo(tmp_path / name)
        ahead = int(time.time()) + 60
        for rel in ("a.yaml", "cases/b.yaml"):
            (repo.root / rel).parent.mkdir(parents=True, exist_ok=True)
            (repo.root / rel).write_text(rel + "\n", encoding="utf-8")
            os.utime(repo.root / rel, (ahead, ahead))
        repos.append(repo)
    ours, theirs = repos
    made = write_commit(ours.root, "seed", "2024-01-05T12:00:00+00:00",
                        ["a.yaml", "cases/b.yaml"], [])
    theirs.git("add", "--", "a.yaml", "cases/b.yaml")
    theirs.git("commit", "-q", "-m", "seed", date="2024-01-05T12:00:00+00:00")
    assert made == ours.head() == theirs.head()
    assert [r.git("diff-files", "--name-only") for r in repos] == ["", ""]
