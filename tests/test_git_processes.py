"""Every git a library call starts has ended when the call returns, on success and on a refusal:
a script that reads history in a loop (or is refused in one) piled up `git cat-file --batch`
processes, each left running until a garbage collection found its client. And a call opens one
client, however many parts of it read git: `export --rev --format html` opened three, each
starting its own `git cat-file --batch`, and `site` two."""

from __future__ import annotations

import gc
import glob
import os
import sys
from datetime import date

import pytest
from factory import dump, person

import kremlinlist
from kremlinlist.app import review, site, stats
from kremlinlist.base import parallel
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


_STARTED: list[list[str]] = []  # the command lines of the processes started while counting
_COUNTING: list[bool] = [False]


def _on_start(event: str, args: tuple) -> None:
    """An audit hook (it cannot be removed: it only listens while `_COUNTING`). A forked child
    runs its own copy, so only what this process starts is counted."""
    if event == "subprocess.Popen" and _COUNTING[0]:
        _STARTED.append([os.fsdecode(a) for a in args[1]])


sys.addaudithook(_on_start)


def _git_started(call) -> tuple[int, int]:
    """(git clients, `git cat-file --batch` readers) a call starts in this process: a client
    asks git once, as it is made, where the repository is (`rev-parse --absolute-git-dir`)."""
    _STARTED.clear()
    _COUNTING[0] = True
    try:
        call()
    finally:
        _COUNTING[0] = False
    started = [cmd for cmd in _STARTED if cmd[:1] == ["git"]]
    return (sum("--absolute-git-dir" in cmd for cmd in started),
            sum(cmd[-2:] == ["cat-file", "--batch"] for cmd in started))


def _diffs_asked(monkeypatch) -> list[tuple[str, str]]:
    """The tree diffs a call asks git for: the pairs each started `git diff-tree` is asked,
    one by one on its pipe (`DiffReader`), or on its command line."""
    from kremlinlist.history.git.reader import DiffReader

    asked: list[tuple[str, str]] = []
    diff = DiffReader.diff

    def counted(reader, old, new):
        asked.append((old, new))
        return diff(reader, old, new)

    monkeypatch.setattr(DiffReader, "diff", counted)
    return asked


def _diffs(asked: list[tuple[str, str]]) -> tuple[int, int]:
    """(`git diff-tree` processes started while counting, tree diffs asked of git)."""
    runs = [cmd for cmd in _STARTED if cmd[:1] == ["git"] and "diff-tree" in cmd]
    return len(runs), len(asked) + sum("--stdin" not in cmd for cmd in runs)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_call_opens_one_git_client(two_month_repo, tmp_path, monkeypatch, name):
    """The site's earlier months and its person pages are made in forked processes, each with a
    client of its own: those are not this process's (on one core they would run here, so two
    are said to be there)."""
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    root = two_month_repo.root
    clients, readers = _git_started(lambda: CALLS[name](root, tmp_path / "site"))
    assert (clients, min(readers, 1)) == (1, readers)


# The git processes each call starts (on one core, so the site's forked parts run here too):
# a client asked git anew for each revision, settings file, folder listing, commit time, batch
# of blobs and pair of commits diffed (9, 9, 9, 9, 5, 29, 6 and 7 of them); its `git cat-file
# --batch` and `git diff-tree --stdin`, kept running, answer those now. `export --rev` reads
# its revision's first-parent line too: whoever's file was deleted at a month end is withheld.
MOST_GIT = {"diff": 3, "diff-function": 3, "export-html": 7, "export-html-rev": 4,
            "export-rev": 4, "site": 14, "stats-over-time": 4, "stats-rev": 3}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_call_starts_a_few_git_processes(two_month_repo, tmp_path, monkeypatch, name):
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    _STARTED.clear()
    _COUNTING[0] = True
    try:
        CALLS[name](two_month_repo.root, tmp_path / "site")
    finally:
        _COUNTING[0] = False
    started = [" ".join(cmd[3:] if cmd[1] in ("--git-dir", "-C") else cmd[1:])
               for cmd in _STARTED if cmd[:1] == ["git"]]
    assert 0 < len(started) <= MOST_GIT[name], started
    assert not [cmd for cmd in started if cmd.startswith((
        "ls-tree", "rev-parse --verify --quiet --end-of-options", "log -1", "merge-base",
        "cat-file --batch-check", "diff-tree -r"))]  # what the running gits answer


def test_the_count_sees_each_client_and_reader(two_month_repo):
    """The count above would see a second client, and the reader each starts."""
    from kremlinlist.history.git import GitClient

    def two():
        for _ in range(2):
            git = GitClient(two_month_repo.root)
            git.blob_bytes("HEAD", "criteria.yaml")
            git.close()

    assert _git_started(two) == (2, 2)


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


def test_the_month_walk_diffs_each_pair_of_months_once(two_month_repo, monkeypatch):
    """The walk over months (stats --over-time, the chart) counts the people of each month and
    says what in cases/ it never reads, both from the same tree diffs: git is asked for them
    once, the months' in one `git diff-tree --stdin` and the first month's from nothing in one
    `git diff-tree`, where each reader had asked its own."""
    asked = _diffs_asked(monkeypatch)
    _STARTED.clear()
    _COUNTING[0] = True
    try:
        rows = stats.over_time(two_month_repo.root, "HEAD").rows
    finally:
        _COUNTING[0] = False
    assert len({row["commit"] for row in rows}) == 2  # two months' ends: one pair to diff
    assert _diffs(asked) == (1, 2)  # one git, asked the months' pair and the first month's


def test_naming_an_unread_file_reads_now_from_the_walks_last_month(tmp_path, monkeypatch):
    """A `.yml` file of someone public then (named in the warning only if public now too, which
    who is public now decides): `stats --over-time` read that from a listing of the tip made
    from nothing, a third tree diff, and read it again to take those hidden now out of the
    counts."""
    from factory import GitRepo, case, put, seed

    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), date="2024-01-15T12:00:00+00:00",
         config={"repository": "private", "timezone": "UTC"},
         texts={"cases/stray-0.yml": dump(case("stray-0"))})
    repo.commit("m", "2024-02-10T12:00:00+00:00", put(case("p-2", name={"en": "P", "uk": "П"})))
    asked = _diffs_asked(monkeypatch)
    _STARTED.clear()
    _COUNTING[0] = True
    try:
        said = stats.over_time(repo.root, "HEAD", today=date(2024, 3, 5))
    finally:
        _COUNTING[0] = False
    assert len(said.warnings) == 1
    assert "stray-0" not in said.warnings[0]  # not named: no file of stray-0 is read now
    assert _diffs(asked) == (1, 2)  # the months', the first month's from nothing
    # the file is read by the blob those diffs gave, with no tree asked for (nor the empty one)
    assert not [cmd for cmd in _STARTED if "hash-object" in cmd
                or "ls-tree" in cmd and any("cases" in arg for arg in cmd)]


def test_a_warm_series_asks_git_nothing_of_who_is_withheld_now(tmp_path, monkeypatch):
    """What each month loses to people withheld since is kept by the commits `now` is read from:
    a second `stats --over-time` at the same tip read every case file of the tip again (2.4 s at
    10,000 cases) to learn who is withheld now, and its counts are the first run's."""
    from factory import GitRepo, case, put, seed

    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), date="2024-01-15T12:00:00+00:00",
         config={"repository": "private", "timezone": "UTC"})
    repo.commit("m", "2024-02-10T12:00:00+00:00", put(case("p-2", name={"en": "P", "uk": "П"})))
    repo.commit("withhold", "2024-03-02T12:00:00+00:00", put(case("p-2", name={
        "en": "P", "uk": "П"}, publicity="hidden")))
    first = stats.over_time(repo.root, "HEAD", today=date(2024, 3, 5)).rows
    asked = _diffs_asked(monkeypatch)
    _STARTED.clear()
    _COUNTING[0] = True
    try:
        again = stats.over_time(repo.root, "HEAD", today=date(2024, 3, 5)).rows
    finally:
        _COUNTING[0] = False
    assert again == first and [r["count"] for r in first] == [1, 1]  # p-2 withheld since
    assert _diffs(asked) == (1, 2)  # the walk's own (the months', the first from nothing)
    assert not [cmd for cmd in _STARTED if "merge-base" in cmd]  # of the tip, nor of HEAD


def test_a_warm_export_of_a_clean_checkout_reads_no_snapshot_of_head(tmp_path, monkeypatch):
    """The files on disk may withhold someone HEAD does not, so an export from disk read who is
    withheld at HEAD from a snapshot of every case (2 s at 10,000 cases), even where no case file
    differs from HEAD's; then the chart's memo, kept by HEAD's commit, says it all."""
    import io

    from factory import GitRepo, case, put, seed

    from kremlinlist.app import export

    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), date="2024-01-15T12:00:00+00:00",
         config={"repository": "private", "timezone": "UTC"})
    repo.commit("m", "2024-02-10T12:00:00+00:00", put(case("p-2", name={"en": "P", "uk": "П"})))
    export.export_list(repo.root, "html", stream=io.BytesIO(), as_of="2024-03-05")
    asked = _diffs_asked(monkeypatch)
    _STARTED.clear()
    _COUNTING[0] = True
    try:
        export.export_list(repo.root, "html", stream=io.BytesIO(), as_of="2024-03-05")
    finally:
        _COUNTING[0] = False
    # the walk's own, and one listing of the last month end from nothing: whose file it held
    # that the files on disk withhold or delete, whose names are looked for (a public one is
    # never read)
    assert _diffs(asked) == (1, 3)


def test_a_shorter_chart_keeps_what_a_longer_one_counted(tmp_path, monkeypatch):
    """The memo of what each month loses to withholdings since kept only the last run's months:
    a chart of fewer months (an export as of an earlier day) wiped the others, and the next full
    chart counted every month again, reading who is withheld now anew."""
    import io

    from factory import GitRepo, case, put, seed

    from kremlinlist.app import export
    from kremlinlist.caches import clean, series

    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), date="2024-01-15T12:00:00+00:00",
         config={"repository": "private", "timezone": "UTC"})
    repo.commit("m", "2024-02-10T12:00:00+00:00", put(case("p-2", name={"en": "P", "uk": "П"})))
    repo.commit("n", "2024-03-10T12:00:00+00:00", put(case("p-3", name={"en": "R", "uk": "Р"})))
    path = series.held_path(repo.root)
    key = clean.fingerprint("held", str(series.FORMAT), "")
    stats.over_time(repo.root, "HEAD", today=date(2024, 4, 5))
    full = series.read_held(path, key)
    export.export_list(repo.root, "html", stream=io.BytesIO(), as_of="2024-02-20")
    assert series.read_held(path, key).keys() >= full.keys() and len(full) == 3
    asked = _diffs_asked(monkeypatch)
    _STARTED.clear()
    _COUNTING[0] = True
    try:
        stats.over_time(repo.root, "HEAD", today=date(2024, 4, 5))
    finally:
        _COUNTING[0] = False
    assert _diffs(asked) == (1, 3)  # the walk's own only: two pairs, the first from nothing


def test_what_the_hook_commits_is_asked_of_one_git(two_month_repo, tmp_path):
    """The hook's `validate --staged` asks git which files the commit holds: git was asked
    first whether there is a repository at all (`rev-parse --git-dir`), each commit; that is
    asked only where the answer is a refusal, to say why (there is none)."""
    from kremlinlist.base.errors import KremlinlistError as Refused
    from kremlinlist.history.git import changed_since

    root = two_month_repo.root
    (root / "cases" / "aa-new.yaml").write_text(dump(person("aa-new", "Aa New")),
                                                encoding="utf-8")
    two_month_repo.git("add", "cases/aa-new.yaml")
    _STARTED.clear()
    _COUNTING[0] = True
    try:
        said = changed_since(root, None, staged=True)
    finally:
        _COUNTING[0] = False
    assert said == (["cases/aa-new.yaml"], [])
    assert len([cmd for cmd in _STARTED if cmd[:1] == ["git"]]) == 1
    (tmp_path / "bare").mkdir()
    with pytest.raises(Refused) as refused:
        changed_since(tmp_path / "bare", None, staged=True)
    assert "not a git repository" in refused.value.message
