"""A real `kremlinlist release` ended by SIGTERM while its html page is being written by
the child it forks (a list of 1,000 people or more): the release ends as on Ctrl-C, with exit
128 + the signal, no release folder and no temporary folder left, and the page's child (in its
own process group, which a terminal's signal does not reach) stopped rather than left writing.
SIGHUP and SIGQUIT take the same path (cli.group.ended_as_by_signals; tests/test_seal_edit.py sends
SIGHUP to `edit-private`).

The page never finishes: the dataset's own `list.html.j2` loops for ever (the sandbox allows
loops of 100,000), so the signal always arrives while the child writes."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from factory import GitRepo, dump, person, seed
import waiting

ENDLESS_PAGE = ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
                "{% endfor %}\n")


def _person_texts(n: int) -> dict[str, str]:
    """The files of `n` people "Person Number{i}": one dumped, each given its own id and name
    (1,000 dumps cost a third of a second)."""
    one = dump(person("person-0000", "Person Number0"))
    assert one.count("person-0000") == 1 and one.count("Person Number0") == 2
    return {f"cases/person-{i:04d}.yaml": one.replace("person-0000", f"person-{i:04d}")
            .replace("Person Number0", f"Person Number{i}") for i in range(n)}


@pytest.fixture
def _thousand(tmp_path_factory) -> GitRepo:
    repo = GitRepo(tmp_path_factory.mktemp("thousand") / "repo")
    seed(repo, texts=_person_texts(1000))
    (repo.root / "templates").mkdir()
    (repo.root / "templates" / "list.html.j2").write_text(ENDLESS_PAGE, encoding="utf-8")
    return repo


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` now (each of its threads has its own)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _group_leaders(pid: int) -> list[int]:
    """The children of `pid` that lead a process group of their own (the page's child does; a
    short-lived git process does not, and may be gone before it is asked)."""
    leaders = []
    for child in _children(pid):
        with contextlib.suppress(ProcessLookupError):
            if os.getpgid(child) == child:
                leaders.append(child)
    return leaders


def _page_started(proc: subprocess.Popen, target: Path) -> tuple[list[int]] | tuple[()]:
    """Once the page is being written (the list's data is, and a child leads a group of its
    own), or the release has ended: the children that lead a group (a tuple, true if none)."""
    if proc.poll() is not None:
        return ([],)
    leaders = _group_leaders(proc.pid)
    return (leaders,) if leaders and any(target.parent.glob(".2024-01.*.tmp/list.json")) else ()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table in /proc")
def test_sigterm_while_the_page_is_written_stops_its_child_and_leaves_nothing(_thousand,
                                                                              tmp_path):
    signum = signal.SIGTERM
    repo = _thousand.copy_to(tmp_path / "repo")
    target = tmp_path / "out" / "2024-01"
    src = str(Path(__file__).resolve().parent.parent / "src")
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "NO_COLOR": "1", "KREMLINLIST_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, "-m", "kremlinlist", "-q", "release", "--month",
                             "2024-01", "--out", str(target)], cwd=repo.root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    page: list[int] = []
    try:
        [page] = waiting.until(lambda: _page_started(proc, target),
                               "no page child in a group of its own appeared", limit=120)
        assert page, proc.communicate()[1].decode()  # the release ended first
        proc.send_signal(signum)
        _out, err = proc.communicate(timeout=60)
        for pid in page:  # before the cleanup below kills it, whatever the release did
            waiting.ended(pid, "the page's child was left running")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pid in page:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
    assert proc.returncode == 128 + signum, err.decode()
    assert "Traceback" not in err.decode()
    assert not target.exists()
    assert not list(target.parent.glob(".2024-01.*")), "a temporary folder was left"
