"""A release folder is written once: runs at the same time, runs killed half-way, --force."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from factory import folder_filler, invoke

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.app import release
from kremlinlist.base import whole_folder


def _slow_writer(target: str, data: bytes, start, force: bool) -> None:
    """A process that writes `target` slowly once `start` fires; its exit code says how it went:
    0 wrote, 2 refused."""
    def fill(folder):
        (folder / "a.txt").write_bytes(data)
        time.sleep(0.3)
        (folder / "b.txt").write_bytes(data)

    start.wait()
    try:
        release.write_folder(Path(target), fill, force=force, replaceable=lambda folder: None)
    except KremlinlistError as exc:
        os._exit(2 if exc.usage else 3)
    os._exit(0)


def _race(target: Path, force: bool) -> list[int]:
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    procs = [ctx.Process(target=_slow_writer, args=(str(target), data, start, force))
             for data in (b"one", b"two")]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(30)
    return [p.exitcode for p in procs]


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_two_writers_at_once_one_writes_the_other_is_refused(tmp_path):
    target = tmp_path / "releases" / "2026-10"
    codes = _race(target, force=False)
    assert sorted(codes) == [0, 2]
    contents = _contents(target)
    assert set(contents) == {"a.txt", "b.txt"} and len(set(contents.values())) == 1
    assert [p.name for p in target.parent.iterdir()] == ["2026-10"]  # no lock, tmp or old left


def test_two_forced_writers_at_once_leave_one_whole_folder(tmp_path):
    target = tmp_path / "r"
    release.write_folder(target, folder_filler(old_txt=b"old"))
    assert _race(target, force=True) == [0, 0]
    contents = _contents(target)
    assert set(contents) == {"a.txt", "b.txt"} and len(set(contents.values())) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["r"]


def test_two_cli_releases_of_one_month_at_once(two_month_repo):
    src = str(Path(__file__).resolve().parent.parent / "src")
    env = {**os.environ, "PYTHONPATH": src, "NO_COLOR": "1"}
    procs = [subprocess.Popen([sys.executable, "-m", "kremlinlist", "release", "--month",
                               "2024-02"], cwd=two_month_repo.root, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = [(p.wait(120), *p.communicate()) for p in procs]
    assert sorted(code for code, _, _ in results) == [0, 2], results
    refused = next(r for r in results if r[0] == 2)
    assert "wrote" not in refused[1] and "--force" in refused[2]
    assert "Traceback" not in refused[2]
    folder = two_month_repo.root / "releases" / "2024-02"
    assert {p.name for p in folder.iterdir()} == {"CHANGELOG.md", "changes.json", "list.md",
                                                  "list.html", "list.csv", "list.json"}
    assert [p.name for p in folder.parent.iterdir()] == ["2024-02"]


def test_a_run_killed_between_the_renames_is_rolled_back_by_the_next(tmp_path):
    target = tmp_path / "r"
    release.write_folder(target, folder_filler(a_txt=b"published"))
    # what a --force run killed after moving the old folder aside leaves: no target, its .old
    # folder and its half-written .tmp folder
    os.rename(target, tmp_path / ".r.abcd1234.old")
    (tmp_path / ".r.efgh5678.tmp").mkdir()
    (tmp_path / ".r.efgh5678.tmp" / "a.txt").write_bytes(b"half")
    with pytest.raises(KremlinlistError) as refused:
        release.write_folder(target, folder_filler(a_txt=b"new"))
    assert refused.value.usage and refused.value.code == "release-exists"
    assert _contents(target) == {"a.txt": b"published"}
    assert [p.name for p in tmp_path.iterdir()] == ["r"]


def test_stale_folders_beside_a_present_target_are_cleaned(tmp_path):
    target = tmp_path / "r"
    release.write_folder(target, folder_filler(a_txt=b"new"))
    for name in (".r.abcd1234.tmp", ".r.efgh5678.old", ".r.ijkl9012.tmp"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x").write_bytes(b"stale")
    (tmp_path / ".rr.abcd1234.tmp").mkdir()  # another target's: not ours to clean
    release.write_folder(target, folder_filler(b_txt=b"newer"), force=True,
                         replaceable=lambda folder: None)
    assert _contents(target) == {"b.txt": b"newer"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".rr.abcd1234.tmp", "r"]


def test_an_empty_target_left_by_a_killed_claim_is_written(tmp_path):
    target = tmp_path / "r"
    target.mkdir()  # the fallback's claim, whose contents never arrived
    release.write_folder(target, folder_filler(a_txt=b"one"))
    assert _contents(target) == {"a.txt": b"one"}


def test_a_stale_lock_file_does_not_block(tmp_path):
    target = tmp_path / "r"
    (tmp_path / ".r.lock").write_bytes(b"")  # left by a killed run: its lock died with it
    release.write_folder(target, folder_filler(a_txt=b"one"))
    assert [p.name for p in tmp_path.iterdir()] == ["r"]


def _can_exchange(tmp_path: Path) -> bool:
    a, b = tmp_path / "xa", tmp_path / "xb"
    a.mkdir()
    b.mkdir()
    try:
        return whole_folder._renameat2(a, b, whole_folder._RENAME_EXCHANGE)
    finally:
        a.rmdir()
        b.rmdir()


def test_force_replaces_atomically(tmp_path):
    if not _can_exchange(tmp_path):
        if sys.platform == "linux" and os.environ.get("CI") == "true":
            pytest.fail("renameat2(RENAME_EXCHANGE) failed on Linux: a wrong flag or call would "
                        "silently fall back to two renames")
        pytest.skip("this OS or file system cannot exchange two names atomically")
    target = tmp_path / "r"
    release.write_folder(target, folder_filler(a_txt=b"0"))
    missing = []
    done = threading.Event()

    def watch():
        while not done.is_set():
            if not (target / "a.txt").exists():
                missing.append(True)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for i in range(1, 40):
            release.write_folder(target, folder_filler(a_txt=str(i).encode()), force=True,
                         replaceable=lambda folder: None)
    finally:
        done.set()
        watcher.join()
    assert missing == []
    assert _contents(target) == {"a.txt": b"39"}
    assert [p.name for p in tmp_path.iterdir()] == ["r"]


def test_without_renameat2_the_fallbacks_neither_replace_nor_lose(tmp_path, monkeypatch):
    """An OS without renameat2 (or a file system that refuses it): the claim by mkdir and the two
    renames, on real folders."""
    monkeypatch.setattr(whole_folder, "_renameat2", lambda src, dst, flags: False)
    target = tmp_path / "r"
    release.write_folder(target, folder_filler(a_txt=b"one"))
    with pytest.raises(KremlinlistError):
        release.write_folder(target, folder_filler(a_txt=b"two"))
    with pytest.raises(KremlinlistError):  # a folder that appears while the files are written
        release.write_folder(tmp_path / "s", lambda folder: (tmp_path / "s").mkdir()
                             or (tmp_path / "s" / "x").write_bytes(b"theirs"))
    assert _contents(tmp_path / "s") == {"x": b"theirs"}
    release.write_folder(target, folder_filler(b_txt=b"two"), force=True,
                         replaceable=lambda folder: None)
    assert _contents(target) == {"b.txt": b"two"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r", "s"]


def test_a_folder_that_appears_while_writing_is_not_replaced(tmp_path):
    target = tmp_path / "r"

    def fill(folder):
        (folder / "a.txt").write_bytes(b"mine")
        target.mkdir()  # another writer, one that took no lock, got there first
        (target / "a.txt").write_bytes(b"theirs")

    with pytest.raises(KremlinlistError):
        release.write_folder(target, fill)
    assert _contents(target) == {"a.txt": b"theirs"}
    assert [p.name for p in tmp_path.iterdir()] == ["r"]


@pytest.mark.parametrize("renameat2", [True, False], ids=["exchange", "two renames"])
def test_force_never_removes_a_folder_filled_by_another_program_meanwhile(tmp_path, monkeypatch,
                                                                           renameat2):
    """--force replaces a release, checked when it is replaced: a folder that became something
    else while the new one was written (a `mkdir` and a note of someone's) is left whole."""
    if not renameat2:
        monkeypatch.setattr(whole_folder, "_renameat2", lambda src, dst, flags: False)
    target = tmp_path / "r"
    release.write_folder(target, folder_filler(**{"list.csv": b"old"}))

    def fill(folder):
        (folder / "list.csv").write_bytes(b"new")
        (target / "notes.txt").write_bytes(b"precious")  # written during the run

    with pytest.raises(KremlinlistError) as refused:
        release.write_folder(target, fill, force=True)
    assert refused.value.code == "not-a-release-folder"
    assert _contents(target) == {"list.csv": b"old", "notes.txt": b"precious"}
    assert [p.name for p in tmp_path.iterdir()] == ["r"]
    release.write_folder(tmp_path / "s", folder_filler(**{"list.csv": b"old"}))
    release.write_folder(tmp_path / "s", folder_filler(**{"list.csv": b"new"}), force=True)
    assert _contents(tmp_path / "s") == {"list.csv": b"new"}  # a release's own files: replaced


@pytest.mark.parametrize("renameat2", [True, False], ids=["exchange", "two renames"])
def test_an_error_while_checking_what_the_swap_took_puts_the_old_folder_back(tmp_path,
                                                                              monkeypatch,
                                                                              renameat2):
    """Not only a refusal: an unreadable folder or a Ctrl-C during the second check had the old
    folder (then under the temporary name) removed as the new one's leftover."""
    if not renameat2:
        monkeypatch.setattr(whole_folder, "_renameat2", lambda src, dst, flags: False)
    target = tmp_path / "r"
    release.write_folder(target, folder_filler(**{"list.csv": b"old"}))
    calls = []

    def flaky(folder):
        calls.append(folder)
        if len(calls) == 2:  # the check of what the swap took away
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        release.write_folder(target, folder_filler(**{"list.csv": b"new"}), force=True,
                             replaceable=flaky)
    assert len(calls) == 2  # before the swap, and what the swap took away
    assert _contents(target) == {"list.csv": b"old"}
    assert [p.name for p in tmp_path.iterdir()] == ["r"]


def test_force_never_replaces_another_months_release(two_month_repo, tmp_path):
    """`-o releases/2024-01 --month 2024-02 --force` would have put February where January's
    release was: the month the folder's changes.json says must be the month released."""
    out = tmp_path / "2024-01"
    root = two_month_repo.root
    assert invoke(["release", "--month", "2024-01", "-o", str(out)], cwd=root).returncode == 0
    january = _contents(out)
    refused = invoke(["release", "--month", "2024-02", "-o", str(out), "--force"], cwd=root)
    assert refused.returncode == 2
    assert "holds the release of 2024-01, not of 2024-02" in refused.stderr
    with pytest.raises(KremlinlistError) as raised:
        release.release(root, "2024-02", out=out, force=True)
    assert raised.value.code == "release-other-month" and raised.value.usage
    assert _contents(out) == january
    assert invoke(["release", "--month", "2024-01", "-o", str(out), "--force"],
                  cwd=root).returncode == 0
