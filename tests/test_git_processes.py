"""Every git a library call starts has ended when the call returns, on success and on a refusal:
a script that reads history in a loop (or is refused in one) piled up `git cat-file --batch`
processes, each left running until a garbage collection found its client."""

from __future__ import annotations

import gc
import glob
import os
from datetime import date

import pytest
from factory import dump, person

import kremlinlist
from kremlinlist.app import review, site, stats
from kremlinlist.base.errors import KremlinlistError


def _children() -> dict[int, bytes]:
    """This process's children (of any of its threads), each with its command line."""
    found = {}
    for path in glob.glob(f"/proc/{os.getpid()}/task/*/children"):
        with open(path, encoding="ascii") as f:
            for pid in f.read().split():
                try:
                    with open(f"/proc/{pid}/cmdline", "rb") as cmd:
                        found[int(pid)] = cmd.read().replace(b"\0", b" ")
                except OSError:
                    found[int(pid)] = b"?"
    return found


def _left_running(call) -> dict[int, bytes]:
    """The children a call leaves running, with the collector off (as a script's collection may
    come late or never): what it started and did not stop."""
    before = _children()
    gc.disable()
    try:
        call()
    except KremlinlistError:
        pass
    finally:
        after = _children()
        gc.enable()
    return {pid: cmd for pid, cmd in after.items() if pid not in before}


CALLS = {
    "export-rev": lambda root, out: kremlinlist.open_dataset(root).export("md", rev="HEAD"),
    "export-html-rev": lambda root, out: kremlinlist.open_dataset(root).export("html",
                                                                               rev="HEAD"),
    "export-html": lambda root, out: kremlinlist.open_dataset(root).export("html"),
    "diff": lambda root, out: kremlinlist.open_dataset(root).diff("HEAD~1", "HEAD"),
    "diff-function": lambda root, out: review.diff_revisions(root, "HEAD~1", "HEAD"),
    "site": lambda root, out: site.build_site(root, out, until="2024-02",
                                              today=date(2024, 4, 2)),
    "stats-rev": lambda root, out: stats.at_revision(root, "HEAD"),
    "stats-over-time": lambda root, out: stats.over_time(root, "HEAD"),
}


# what each call says of the history above (diff and the walk over months count the broken file
# as one that does not load)
REFUSED = {"export-rev": ["list-incomplete"], "export-html-rev": ["list-incomplete"],
           "site": ["release-invalid"], "stats-rev": ["list-incomplete"]}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_call_leaves_no_git_running(two_month_repo, tmp_path, name):
    """Each call reads blobs (the settings at least), which starts a `git cat-file --batch`."""
    root = two_month_repo.root
    assert _left_running(lambda: CALLS[name](root, tmp_path / "site")) == {}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_refused_call_leaves_no_git_running(two_month_repo, tmp_path, name):
    """A refusal after the history was read: a case file that does not load at the tip (a
    month's end that does not validate, for the site) and one in a folder inside cases/, which
    stats refuses to count without; on disk neither is there."""
    root = two_month_repo.root
    two_month_repo.commit("broken", "2024-02-20T10:00:00+00:00", {
        "cases/zz-broken.yaml": "id: zz-broken\nbogus: [\n",
        "cases/sub/dd-four.yaml": dump(person("dd-four", "Dd Four"))})
    (root / "cases" / "zz-broken.yaml").write_text(dump(person("zz-broken", "Zz Broken")),
                                                   encoding="utf-8")
    (root / "cases" / "sub" / "dd-four.yaml").unlink()
    (root / "cases" / "sub").rmdir()
    said = []

    def call():
        try:
            CALLS[name](root, tmp_path / "site")
        except KremlinlistError as exc:
            said.append(exc.code)
            raise

    assert _left_running(call) == {}
    assert said == REFUSED.get(name, [])


def test_the_count_sees_a_running_git(two_month_repo):
    """The check above would see a reader left running (a client kept alive by the caller)."""
    from kremlinlist.history.git import GitClient

    root = two_month_repo.root
    kept = []

    def call():
        git = GitClient(root)
        git.blob_bytes("HEAD", "criteria.yaml")
        kept.append(git)

    running = _left_running(call)
    assert [cmd for cmd in running.values() if b"cat-file" in cmd]
    kept[0].close()
    assert not _left_running(lambda: None) and not set(running) & set(_children())


def test_a_reader_out_of_step_is_stopped_at_once(two_month_repo):
    """A `git cat-file` that stops answering is refused (git-failed) and ended then, not left a
    zombie held by the refusal's traceback until a collection."""
    import signal

    from kremlinlist.history.git import GitClient

    git = GitClient(two_month_repo.root)
    try:
        assert git.blob_bytes("HEAD", "criteria.yaml")
        reader = next(pid for pid, cmd in _children().items() if b"cat-file" in cmd)
        os.kill(reader, signal.SIGKILL)
        gc.disable()
        try:
            with pytest.raises(KremlinlistError) as refused:
                git.blob_bytes("HEAD", "kremlinlist.yaml")
            assert refused.value.code == "git-failed"
            assert reader not in _children()
        finally:
            gc.enable()
    finally:
        git.close()
