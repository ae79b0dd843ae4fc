"""Issue 16's cold release in year 5 against year 1, guarded without timing anything: the chart's
walk over every month parses, diffs and compares only what changed, so a month in which no case
file changed (a README edit, or no commit at all) costs it no parse, no git run and no snapshot
moved forward. Measured on fictional cases (bench/generate.py) with counters on the real code."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from factory import GitRepo, generated_history

from kremlinlist.history import git as gitmodule
from kremlinlist.history import snapshot as history
from kremlinlist.history.git import reader
from kremlinlist.history.months import month_bounds, timezone_for
from kremlinlist.publish import changelog, series

MONTHS = 12  # of generated history, with changes in every month
QUIET = 30  # months added after it, in which no case file changes


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """60 fictional cases whose files change over 12 months."""
    return generated_history(tmp_path_factory.mktemp("walk") / "data", 60, seed=5, months=MONTHS,
                             per_month=6)


def _git(root: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test Editor",
           "GIT_AUTHOR_EMAIL": "editor@example.org", "GIT_COMMITTER_NAME": "Test Editor",
           "GIT_COMMITTER_EMAIL": "editor@example.org"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=root, env=env,
                          check=True, capture_output=True, text=True).stdout.strip()


def _month_after(month: str, n: int) -> str:
    year, mon = (int(x) for x in month.split("-"))
    k = year * 12 + mon - 1 + n
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


@pytest.fixture(scope="module")
def quiet(generated, tmp_path_factory) -> tuple[Path, str]:
    """The same history followed by QUIET months in which no case file changes: every other
    one has a commit that edits the README only, the others have no commit at all."""
    root = tmp_path_factory.mktemp("quiet") / "data"
    shutil.copytree(generated, root, symlinks=True)
    last = _git(root, "log", "-1", "--format=%cd", "--date=format:%Y-%m")
    for n in range(1, QUIET + 1, 2):
        (root / "README.md").write_text(f"month {n}\n", encoding="utf-8")
        _git(root, "add", "README.md")
        _git(root, "commit", "-q", "-m", f"readme {n}",
             date=f"{_month_after(last, n)}-15T12:00:00+00:00")
    return root, _month_after(last, QUIET)


@dataclass
class Work:
    parses: int = 0
    advances: int = 0
    git_runs: int = 0
    compares: int = 0


def _watch(monkeypatch) -> Work:
    """Counters on what a walk costs: files parsed, snapshots moved forward, git processes
    started, month comparisons made. The walk runs here (one core), so every parse is seen."""
    work = Work()
    monkeypatch.setattr("kremlinlist.base.parallel.cores", lambda: 1)
    load, advance = history.loader.load_bytes, history.Snapshots.advance
    git_bytes, git_text = gitmodule.GitClient._git_bytes, gitmodule.GitClient._git
    running = reader._Running.__init__
    compare = series.changes.compare

    def counting_load(*args, **kwargs):
        work.parses += 1
        return load(*args, **kwargs)

    def counting_advance(*args, **kwargs):
        work.advances += 1
        return advance(*args, **kwargs)

    def counted(real, *args, **kwargs):
        work.git_runs += 1
        return real(*args, **kwargs)

    def counting_compare(*args, **kwargs):
        work.compares += 1
        return compare(*args, **kwargs)

    monkeypatch.setattr(history.loader, "load_bytes", counting_load)
    monkeypatch.setattr(history.Snapshots, "advance", counting_advance)
    monkeypatch.setattr(gitmodule.GitClient, "_git_bytes",
                        lambda self, *a, **k: counted(git_bytes, self, *a, **k))
    monkeypatch.setattr(gitmodule.GitClient, "_git",
                        lambda self, *a, **k: counted(git_text, self, *a, **k))
    monkeypatch.setattr(reader._Running, "__init__",
                        lambda self, *a, **k: counted(running, self, *a, **k))
    monkeypatch.setattr(series.changes, "compare", counting_compare)
    return work


def _walk(root: Path, until: str | None, cache: Path, monkeypatch) -> tuple[list, Work]:
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(cache))  # empty: a cold walk
    with monkeypatch.context() as m:
        work = _watch(m)
        points = series._monthly_series(root, until=until)
    return points, work


def test_quiet_months_cost_the_chart_walk_nothing_it_would_grow_with(generated, quiet, tmp_path,
                                                                     monkeypatch):
    root, until = quiet
    busy_points, busy = _walk(generated, None, tmp_path / "busy", monkeypatch)
    points, work = _walk(root, until, tmp_path / "quiet", monkeypatch)
    assert len(points) == len(busy_points) + QUIET
    assert [(p.month, p.count, p.added) for p in points[:len(busy_points)]] == [
        (p.month, p.count, p.added) for p in busy_points]
    # the counters count: every month of the busy history changed files, and was parsed
    assert busy.advances >= MONTHS - 1 and busy.parses >= 60 and busy.git_runs > 0
    assert work.parses == busy.parses
    assert work.advances == busy.advances
    assert work.git_runs == busy.git_runs  # every month's tree diff came from one git run
    # no date recorded in this history falls in the quiet months: nothing to compare in them
    assert [(p.count, p.added, p.released, p.died) for p in points[len(busy_points):]] == [
        (busy_points[-1].count, 0, 0, 0)] * QUIET
    assert work.compares == busy.compares


def test_the_quiet_months_points_are_those_of_a_walk_without_shortcuts(quiet, tmp_path,
                                                                       monkeypatch):
    """The walk that skips quiet months draws the points of a release that knows every month's
    snapshot in full: the counts the month-end snapshots give, status by the one function."""
    root, until = quiet
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    points = series._monthly_series(root, until=until)
    snaps = history.Snapshots(gitmodule.GitClient(root))
    zone = timezone_for(snaps, "HEAD", None)
    # a month's full snapshot is the same for any commit of the same files (the quiet months'
    # commits differ in the README alone, or are the month before's): made once for each, each
    # blob parsed once (`known`: the records of the blobs met before, as a release's cache gives)
    full: dict[str, history.Snapshot] = {}
    known: dict[str, list] = {}
    for p in points:
        files = "\n".join(line for line in _git(root, "ls-tree", "-r", p.commit).splitlines()
                          if not line.endswith("\tREADME.md"))
        if files not in full:
            full[files] = snaps.snapshot(p.commit, known=known)
            known.update(full[files].records)
        snap = full[files]
        day = month_bounds(p.month, zone)[1]
        assert p.count == sum(changelog.counts_on_list(e.lite, day)
                              for e in snap.files.values()), p.month


def test_tree_diffs_fetched_in_one_run_equal_those_asked_one_by_one(tmp_path):
    """`prefetch_changes` (one `git diff-tree --stdin`) gives each pair the changes
    `changed_files` gives it alone: additions, edits, deletions, a rename (a deletion and an
    addition), files outside cases/*.yaml left out, a pair with no change, a merge on the
    first-parent chain, a dataset in a subfolder of the repository."""
    repo = GitRepo(tmp_path / "repo")
    one = repo.commit("one", "2024-01-05T10:00:00+00:00", {
        "data/cases/aa-one.yaml": "id: aa-one\n", "data/cases/bb-two.yaml": "id: bb-two\n",
        "other/cases/cc.yaml": "x\n"})
    two = repo.commit("two", "2024-02-05T10:00:00+00:00", {
        "data/cases/aa-one.yaml": "id: aa-one\nx: 1\n", "data/cases/bb-two.yaml": None,
        "data/cases/bb-2.yaml": "id: bb-two\n", "data/cases/notes.txt": "n\n",
        "data/cases/deep/dd.yaml": "id: dd\n"})
    three = repo.commit("readme", "2024-03-05T10:00:00+00:00", {"README.md": "r\n"})
    repo.git("checkout", "-q", "-b", "side")
    repo.commit("side", "2024-03-10T10:00:00+00:00", {"data/cases/ee.yaml": "id: ee\n"})
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "merge", "side", date="2024-04-05T10:00:00+00:00")
    four = repo.head()
    pairs = [(one, two), (two, three), (three, four), (one, four), (four, one)]
    alone = gitmodule.GitClient(repo.root / "data")
    expected = {pair: alone.changed_files(*pair) for pair in pairs}
    assert expected[(two, three)] == [] and expected[(one, two)]
    fetched = gitmodule.GitClient(repo.root / "data")
    fetched.prefetch_changes(pairs)
    assert set(fetched.trees.said) == {(a, b, "cases") for a, b in pairs}
    assert {pair: fetched.changed_files(*pair) for pair in pairs} == expected
    assert [c.rel for c in expected[(three, four)]] == ["cases/ee.yaml"]
