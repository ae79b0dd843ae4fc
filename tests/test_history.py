"""Snapshots from git objects, month ends, incremental diffs and the monthly series."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from factory import (CRITERIA, ORG, SEED_DATE, GitRepo, case, count_loads, dump, git_runs, invoke,
                     person, put, seed)

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.history.git import GitClient
from kremlinlist.history import months
from kremlinlist.history import snapshot as history
from kremlinlist.files import loader
from kremlinlist.publish import series


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    return GitRepo(tmp_path / "repo")


def test_month_end_a_minute_either_side_of_midnight_utc(repo):
    seed(repo, person("aa-one", "Aa One"))
    before = repo.commit("late", "2024-01-31T23:59:00+00:00", put(person("bb-two", "Bb Two")))
    after = repo.commit("early", "2024-02-01T00:01:00+00:00", put(person("cc-three", "Cc Three")))
    hist = history.Snapshots(GitClient(repo.root))
    assert months.month_end(hist.git, "2024-01", tz="UTC").commit == before
    assert months.month_end(hist.git, "2024-02", tz="UTC").commit == after
    snap = hist.snapshot(months.month_end(hist.git, "2024-01", tz="UTC").commit)
    assert set(snap.cases) == {"aa-one", "bb-two"}


def test_month_end_in_kyiv_time(repo):
    seed(repo, person("aa-one", "Aa One"), config={"repository": "public",
                                                   "timezone": "Europe/Kyiv"})
    # 23:59 and 00:01 on the Kyiv clock (UTC+2 in winter): both before midnight UTC
    late = repo.commit("late", "2024-01-31T23:59:00+02:00", put(person("bb-two", "Bb Two")))
    early = repo.commit("early", "2024-02-01T00:01:00+02:00", put(person("cc-three", "Cc Three")))
    hist = history.Snapshots(GitClient(repo.root))
    assert months.month_end(hist.git, "2024-01", tz="Europe/Kyiv").commit == late
    assert months.month_end(hist.git, "2024-01", tz="UTC").commit == early
    # the dataset's own setting is the default
    assert months.timezone_for(hist, "HEAD", None) == "Europe/Kyiv"
    assert months.timezone_for(hist, "HEAD", "UTC") == "UTC"
    from kremlinlist.app import release

    kyiv = release.build(repo.root, "2024-01").log  # the dataset's zone
    assert [e.id for e in kyiv.entries["added"]] == ["aa-one", "bb-two"]
    utc = release.build(repo.root, "2024-01", tz="UTC").log
    assert [e.id for e in utc.entries["added"]] == ["aa-one", "bb-two", "cc-three"]
    feb = release.build(repo.root, "2024-02").log
    assert [e.id for e in feb.entries["added"]] == ["cc-three"]
    assert (feb.before, feb.after) == (2, 3)


def test_merged_pull_request_counts_when_it_landed(repo):
    seed(repo, person("aa-one", "Aa One"))
    repo.git("checkout", "-q", "-b", "pr")
    repo.commit("pr work", "2024-01-15T10:00:00+00:00", put(person("pr-person", "Pr Person")))
    repo.git("checkout", "-q", "main")
    main_jan = repo.commit("main in jan", "2024-01-20T10:00:00+00:00",
                           put(person("bb-two", "Bb Two")))
    merge_date = "2024-02-02T09:00:00+00:00"
    repo.git("merge", "-q", "--no-ff", "-m", "Merge pr", "pr", date=merge_date)
    hist = history.Snapshots(GitClient(repo.root))
    jan = months.month_end(hist.git, "2024-01")
    assert jan.commit == main_jan
    assert "pr-person" not in hist.snapshot(jan.commit).cases
    feb = months.month_end(hist.git, "2024-02")
    assert "pr-person" in hist.snapshot(feb.commit).cases
    from kremlinlist.app import release

    assert [e.id for e in release.build(repo.root, "2024-01").log.entries["added"]] == [
        "aa-one", "bb-two"]
    assert [e.id for e in release.build(repo.root, "2024-02").log.entries["added"]] == [
        "pr-person"]
    assert [(p.month, p.count) for p in series._monthly_series(repo.root)] == [
        ("2024-01", 2), ("2024-02", 3)]


def test_working_tree_is_never_touched(repo):
    seed(repo, person("aa-one", "Aa One"))
    repo.commit("feb", "2024-02-10T10:00:00+00:00", put(person("bb-two", "Bb Two")))
    dirty = repo.root / "cases" / "aa-one.yaml"
    dirty.write_text("id: [unclosed\n", encoding="utf-8")
    (repo.root / "cases" / "untracked.yaml").write_text("id: untracked\n", encoding="utf-8")
    head = repo.git("rev-parse", "HEAD")
    status = repo.git("status", "--porcelain")
    stash = subprocess.run(["git", "stash", "list"], cwd=repo.root, capture_output=True,
                           text=True).stdout
    result = invoke(["release", "--month", "2024-01", "--out", str(repo.root.parent / "rel")],
                 cwd=repo.root)
    assert result.returncode == 0, result.stderr
    assert dirty.read_text(encoding="utf-8") == "id: [unclosed\n"
    assert repo.git("rev-parse", "HEAD") == head
    assert repo.git("status", "--porcelain") == status
    assert subprocess.run(["git", "stash", "list"], cwd=repo.root, capture_output=True,
                          text=True).stdout == stash
    snap = history.Snapshots(GitClient(repo.root)).snapshot(head)
    assert snap.cases["aa-one"].name.en == "Aa One"


def test_renamed_file_and_former_ids_keep_identity(repo):
    seed(repo, person("aa-one", "Aa One"), person("bb-two", "Bb Two"))
    old = repo.git("rev-parse", "HEAD")
    # a file moved without changing its id, and a new id that records the old one
    repo.git("mv", "cases/aa-one.yaml", "cases/aa-one-moved.yaml")
    renamed = person("bb-twoo", "Bb Twoo", former_ids=["bb-two"])
    new = repo.commit("rename", "2024-02-03T10:00:00+00:00",
                      {"cases/bb-two.yaml": None, **put(renamed)})
    from kremlinlist.app import review

    log = review.diff_revisions(repo.root, old, new, review=False)
    assert log.entries["added"] == [] and log.entries["removed"] == []
    (upd,) = log.entries["updated"]
    assert upd.id == "bb-twoo" and upd.former_id == "bb-two"
    assert "id" in upd.corrections and "name" in upd.corrections
    assert log.after - log.before == 0 and log.partial


def test_advance_loads_only_changed_blobs(repo, monkeypatch):
    people = [person(f"p-{i:03d}", f"Person {i}") for i in range(40)]
    seed(repo, *people)
    first = repo.git("rev-parse", "HEAD")
    changed = person("p-007", "Person Seven")
    second = repo.commit("one fix", "2024-02-03T10:00:00+00:00", put(changed))
    hist = history.Snapshots(GitClient(repo.root))
    snap = hist.snapshot(first)
    loads = count_loads(monkeypatch)
    snap2, changes = hist.advance(snap, second)
    assert loads == ["cases/p-007.yaml"]
    assert [c.rel for c in changes] == ["cases/p-007.yaml"]
    assert snap2.cases["p-007"].name.en == "Person Seven" and len(snap2.cases) == 40
    assert snap.cases["p-007"].name.en == "Person 7"  # the older snapshot is unchanged


def test_monthly_series_is_incremental_and_memoized(repo, monkeypatch, tmp_path):
    seed(repo, person("aa-one", "Aa One"), person("bb-two", "Bb Two"))
    repo.commit("feb", "2024-02-10T10:00:00+00:00", put(person("cc-three", "Cc Three")))
    released = person("aa-one", "Aa One", events=[
        {"date": "2020-03-10", "type": "detained", "sources": ["s1"]},
        {"date": "2024-03-05", "type": "released", "how": "exchange", "sources": ["s1"]}])
    died = person("bb-two", "Bb Two", events=[
        {"date": "2020-03-10", "type": "detained", "sources": ["s1"]},
        {"date": "2024-03-20", "type": "died", "sources": ["s1"]}])
    repo.commit("mar", "2024-03-25T10:00:00+00:00", put(released, died))
    # nothing committed in April; a release recorded in advance takes effect in May
    future = person("cc-three", "Cc Three", events=[
        {"date": "2020-03-10", "type": "detained", "sources": ["s1"]},
        {"date": "2024-05-02", "type": "released", "how": "sentence-served", "sources": ["s1"]}])
    repo.commit("recorded early", "2024-04-30T10:00:00+00:00", put(future))
    repo.commit("jun", "2024-06-01T10:00:00+00:00", {"README.md": "x\n"})
    points = series._monthly_series(repo.root, tz="UTC")
    assert [(p.month, p.count, p.added, p.released, p.died) for p in points] == [
        ("2024-01", 2, 2, 0, 0),
        ("2024-02", 3, 1, 0, 0),
        ("2024-03", 1, 0, 1, 1),
        ("2024-04", 1, 0, 0, 0),
        ("2024-05", 0, 0, 1, 0),
        ("2024-06", 0, 0, 0, 0),
    ]
    memo = tmp_path / "cache" / "history-series.json"
    assert memo.exists()
    loads = count_loads(monkeypatch)
    assert series._monthly_series(repo.root, tz="UTC") == points
    assert loads == []
    # a new month reads only what changed since the last memoized month
    repo.commit("jul", "2024-07-03T10:00:00+00:00", put(person("dd-four", "Dd Four")))
    loads.clear()
    more = series._monthly_series(repo.root, tz="UTC")
    assert more[:-1] == points and (more[-1].month, more[-1].count) == ("2024-07", 1)
    assert "cases/dd-four.yaml" in loads and len(loads) <= 4  # the June state + the new file
    memo.unlink()
    assert series._monthly_series(repo.root, tz="UTC") == more


@pytest.mark.parametrize("others", [0, 12])  # one by one, and in one batch
def test_symlink_and_oversized_blobs_are_refused(repo, others):
    seed(repo, person("aa-one", "Aa One"), *[person(f"p-{i}", f"P {i}") for i in range(others)])
    link = repo.root / "cases" / "link.yaml"
    link.symlink_to("/etc/passwd")
    repo.git("add", "cases/link.yaml")
    big = "id: big\n" + "# " + "x" * (loader.MAX_FILE_BYTES + 10) + "\n"
    head = repo.commit("bad files", "2024-02-03T10:00:00+00:00", {"cases/big.yaml": big})
    snap = history.Snapshots(GitClient(repo.root)).snapshot(head)
    codes = {rel: [p.code for p in ps] for rel, ps in snap.problems.items()}
    assert codes == {"cases/link.yaml": ["symlink"], "cases/big.yaml": ["file-too-large"]}
    assert len(snap.cases) == 1 + others and snap.cases["aa-one"].name.en == "Aa One"


def test_month_before_first_commit_is_a_clean_error(repo):
    seed(repo, person("aa-one", "Aa One"))
    hist = history.Snapshots(GitClient(repo.root))
    end = months.month_end(hist.git, "2023-12")
    with pytest.raises(KremlinlistError) as info:
        months.require_commit(hist.git, end, "HEAD")
    assert info.value.code == "month-before-history"
    result = invoke(["release", "--month", "2023-12"], cwd=repo.root)
    assert result.returncode == 2
    assert "2023-12" in result.stderr and "Traceback" not in result.stderr
    assert not (repo.root / "releases").exists()


def test_shallow_clone_says_to_unshallow(repo, tmp_path):
    seed(repo, person("aa-one", "Aa One"))
    repo.commit("feb", "2024-02-03T10:00:00+00:00", put(person("bb-two", "Bb Two")))
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)],
                   check=True, capture_output=True)
    with pytest.raises(KremlinlistError) as info:
        series._monthly_series(clone)
    assert info.value.code == "shallow-clone"
    for args in (["release", "--month", "2024-01"], ["diff", "HEAD~1", "HEAD"]):
        result = invoke(args, cwd=clone)
        assert result.returncode == 2, args
        assert "git fetch --unshallow" in result.stderr
        assert "Traceback" not in result.stderr


def test_not_a_git_repository(tmp_path):
    (tmp_path / "plain" / "cases").mkdir(parents=True)
    for args in (["diff", "HEAD~1", "HEAD"], ["release", "--month", "2024-01"],
                 ["export", "--format", "json", "--rev", "HEAD"]):
        result = invoke(args, cwd=tmp_path / "plain")
        assert result.returncode == 2, args
        assert "not inside a git repository" in result.stderr
        assert "Traceback" not in result.stderr


def test_dataset_in_a_subfolder_of_the_repository(tmp_path, monkeypatch):
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "mono")
    repo.commit("seed", SEED_DATE, {"data/criteria.yaml": dump(CRITERIA),
                               "data/organizations/test-org.yaml": dump(ORG),
                               "data/cases/aa-one.yaml": dump(person("aa-one", "Aa One"))})
    hist = history.Snapshots(GitClient(repo.root / "data"))
    assert set(hist.snapshot(hist.git.resolve("HEAD")).cases) == {"aa-one"}


def test_unknown_revision_is_a_clean_error(repo):
    seed(repo, person("aa-one", "Aa One"))
    result = invoke(["diff", "no-such-branch", "HEAD"], cwd=repo.root)
    assert result.returncode == 2
    assert "no such commit" in result.stderr and "no-such-branch" not in result.stderr
    result = invoke(["diff", "--", "--output=/tmp/x", "HEAD"], cwd=repo.root)
    assert result.returncode == 2


def test_a_missing_git_object_is_a_clean_error(git_repo):
    """A partial or damaged clone: say what to run, never a traceback."""
    git_repo.commit("first", "2024-01-10T12:00:00+00:00", {
        "criteria.yaml": dump(CRITERIA), "organizations/test-org.yaml": dump(ORG),
        "cases/petrenko-ivan.yaml": dump(case("petrenko-ivan"))})
    git_repo.commit("second", "2024-02-10T12:00:00+00:00", {
        "cases/bondar-petro.yaml": dump(case("bondar-petro", name={"en": "Petro Bondar"}))})
    blob = git_repo.git("rev-parse", "HEAD:cases/bondar-petro.yaml")
    (git_repo.root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    for args in (["diff", "HEAD~1", "HEAD"], ["export", "--format", "json", "--rev", "HEAD"]):
        result = invoke(args, cwd=git_repo.root)
        assert result.returncode == 2, (args, result.stderr)
        assert "unshallow" in result.stderr and "Traceback" not in result.stderr


def test_a_month_whose_end_dates_go_back_across_is_refused_and_the_others_agree(repo):
    """A commit whose committer date is earlier than its parent's (a rebase, a skewed clock):
    the chart takes the first commit, from the tip, dated before the month's end; a release of
    a month whose end that makes ambiguous (an ancestor dated after the month: its changes would
    count in it, silently) is refused with the commits named, and --rev is the way on; the
    other months end where the chart has them."""
    seed(repo, person("aa-one", "Aa One"), date="2024-01-05T10:00:00+00:00")
    repo.commit("february", "2024-02-10T10:00:00+00:00", put(person("bb-two", "Bb Two")))
    skewed = repo.commit("dated back", "2024-01-20T10:00:00+00:00",
                         put(person("cc-three", "Cc Three")))
    repo.commit("march", "2024-03-10T10:00:00+00:00", put(person("dd-four", "Dd Four")))
    hist = history.Snapshots(GitClient(repo.root))
    points = {p.month: p.commit for p in series._monthly_series(repo.root, tz="UTC")}
    for month in ("2024-01", "2024-02", "2024-03"):
        assert points[month] == months.month_end(hist.git, month, tz="UTC").commit, month
    assert points["2024-01"] == skewed
    with pytest.raises(KremlinlistError) as refused:
        months.require_in_order(hist.git, months.month_end(hist.git, "2024-01", tz="UTC"),
                                "HEAD", "UTC")
    assert refused.value.code == "history-out-of-order"
    assert skewed[:12] in refused.value.message and "2024-02-10" in refused.value.message
    seeded = hist.git.first_parent_chain()[-1][0]
    at_seed = months.month_end(hist.git, "2024-01", rev=seeded, tz="UTC")
    months.require_in_order(hist.git, at_seed, seeded, "UTC")  # --rev: the way on
    assert at_seed.commit == seeded
    # the months after are released: the ambiguous month's end is not theirs to refuse
    for month in ("2024-02", "2024-03"):
        result = invoke(["release", "--month", month, "--out", str(repo.root / "out" / month)],
                        cwd=repo.root)
        assert result.returncode == 0, (month, result.stderr)
    assert invoke(["release", "--month", "2024-01", "--out", str(repo.root / "out" / "j")],
                  cwd=repo.root).returncode == 1


def test_the_month_after_an_ambiguous_one_starts_where_rev_ended_it(repo, tmp_path):
    """January's end is ambiguous (refused; `--rev` its last true commit is the way on); then
    February's change log starts from that same commit, so nothing added in between goes
    unannounced (it had started from the backdated commit: two people in no release)."""
    first = seed(repo, person("aa-one", "Aa One"), date="2024-01-05T10:00:00+00:00")
    repo.commit("feb", "2024-02-10T10:00:00+00:00", put(person("bb-two", "Bb Two")))
    repo.commit("back", "2024-01-25T10:00:00+00:00", put(person("cc-three", "Cc Three")))
    repo.commit("feb 2", "2024-02-20T10:00:00+00:00", put(person("dd-four", "Dd Four")))
    jan = invoke(["release", "--month", "2024-01", "--rev", first, "--out",
                  str(tmp_path / "jan")], cwd=repo.root)
    feb = invoke(["release", "--month", "2024-02", "--out", str(tmp_path / "feb")],
                 cwd=repo.root)
    assert jan.returncode == 0 and feb.returncode == 0, (jan.stderr, feb.stderr)
    jan_log = json.loads((tmp_path / "jan" / "changes.json").read_text(encoding="utf-8"))
    feb_log = json.loads((tmp_path / "feb" / "changes.json").read_text(encoding="utf-8"))
    assert feb_log["from"] == jan_log["to"] == first
    assert feb_log["count"]["before"] == jan_log["count"]["after"]
    assert sorted(e["id"] for e in feb_log["added"]) == ["bb-two", "cc-three", "dd-four"]


def test_a_commit_dated_in_the_future_blocks_no_release(repo):
    """A broken clock's date far ahead: its commit counts from that month (the chain's rule),
    and no month before it is refused for it."""
    seed(repo, person("aa-one", "Aa One"), date="2024-01-05T10:00:00+00:00")
    repo.commit("future", "2099-06-01T10:00:00+00:00", put(person("bb-two", "Bb Two")))
    repo.commit("january", "2024-01-20T10:00:00+00:00", put(person("cc-three", "Cc Three")))
    repo.commit("february", "2024-02-10T10:00:00+00:00", put(person("dd-four", "Dd Four")))
    for month in ("2024-01", "2024-02"):
        result = invoke(["release", "--month", month, "--out", str(repo.root / "out" / month)],
                        cwd=repo.root)
        assert result.returncode == 0, (month, result.stderr)


@pytest.mark.parametrize("object_format", ["sha1", "sha256"])
def test_the_empty_tree_known_by_an_ids_length_is_the_one_git_names(tmp_path, object_format):
    """A first month's diff starts from the empty tree, taken from the other side's id length
    instead of a git run: it must be the id git itself gives, in either object format."""
    subprocess.run(["git", "init", "-q", f"--object-format={object_format}", str(tmp_path)],
                   check=True)
    (tmp_path / "a.txt").write_text("a\n")
    subprocess.run(["git", "-C", str(tmp_path), "add", "a.txt"], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t",
                    "commit", "-q", "-m", "a"], check=True)
    client = GitClient(tmp_path)
    head = client.resolve("HEAD")
    assert client._empty_beside(head) == client.empty_tree
    assert client._empty_beside("HEAD") == client.empty_tree  # not an id: asked


def test_the_settings_read_together_are_each_as_read_alone(tmp_path, monkeypatch):
    """`blob_bytes` reads both settings files' entries together and keeps those of a commit
    named by its full id: each answer is what a client asking for that file alone gets (in a
    subfolder, with one of them missing, a link or a folder), none starts a git process of its
    own, and a commit named another way (HEAD) is read again, since it may move."""
    repo = GitRepo(tmp_path / "mono")
    first = repo.commit("seed", SEED_DATE, {"data/criteria.yaml": dump(CRITERIA),
                                            "data/cases/aa-one.yaml": "id: aa-one\n"})
    repo.commit("config", "2024-02-01T10:00:00+00:00", {
        "data/kremlinlist.yaml": dump({"timezone": "UTC"}), "data/criteria.yaml": None})
    second = repo.commit("a folder", "2024-02-02T10:00:00+00:00", {
        "data/criteria.yaml/inside.txt": "a folder of that name\n"})
    (repo.root / "data" / "dupes.yaml").symlink_to("kremlinlist.yaml")
    repo.git("add", "data/dupes.yaml")
    third = repo.commit("link", "2024-03-01T10:00:00+00:00", {})
    runs = git_runs(monkeypatch)
    together = GitClient(repo.root / "data")
    for commit in (first, second, third):
        for rel in (loader.CRITERIA_FILE, loader.CONFIG_FILE, "dupes.yaml", "cases/aa-one.yaml"):
            alone = GitClient(repo.root / "data").blob_bytes(commit, rel)
            assert together.blob_bytes(commit, rel) == alone, (commit, rel)
    assert together.blob_bytes(first, loader.CRITERIA_FILE) == dump(CRITERIA).encode()
    assert together.blob_bytes(second, loader.CONFIG_FILE) is not None
    assert together.blob_bytes(second, loader.CRITERIA_FILE) is None  # a folder
    assert together.blob_bytes(third, "dupes.yaml") is None  # a link
    runs.clear()
    assert together.settings_at(second) == (None, dump({"timezone": "UTC"}).encode())
    assert runs == []  # kept from above
    fresh = GitClient(repo.root / "data")
    fresh.settings_at(first)
    assert fresh.settings_at("HEAD")[1] == dump({"timezone": "UTC"}).encode()
    assert runs == []  # read from the client's running git, not a process a question
    repo.commit("moved", "2024-04-01T10:00:00+00:00", {
        "data/kremlinlist.yaml": dump({"timezone": "Europe/Kyiv"})})
    assert fresh.settings_at("HEAD")[1] == dump({"timezone": "Europe/Kyiv"}).encode()


def test_one_git_run_finds_the_repository_its_shallowness_and_head(tmp_path, monkeypatch):
    """Making a client asks git once for the repository, the dataset's folder in it, whether
    the clone is shallow and HEAD's commit, so checking shallowness and resolving HEAD after it
    start no git; where HEAD has no commit yet the check still passes and resolving HEAD is
    still the clean refusal."""
    repo = GitRepo(tmp_path / "repo")
    empty = GitClient(repo.root)
    empty.check_not_shallow()
    with pytest.raises(KremlinlistError) as info:
        empty.resolve("HEAD")
    assert info.value.code == "unknown-revision"
    head = seed(repo, person("aa-one", "Aa One"))
    runs: list[str] = []
    monkeypatch.setattr(subprocess, "Popen", _counting(subprocess.Popen, runs))
    client = GitClient(repo.root / "cases")
    assert len(runs) == 1 and client.prefix == "cases/"
    client.check_not_shallow()
    assert client.resolve("HEAD") == head and client.resolve("HEAD") == head
    assert len(runs) == 1
    assert client.resolve(head) == head and len(runs) == 2  # another revision: asked
    for rev in ("no-such-branch", "a\0b", "HEAD:cases"):
        with pytest.raises(KremlinlistError) as info:
            client.resolve(rev)
        assert info.value.code == "unknown-revision" and rev not in info.value.message


@pytest.mark.parametrize("where", ["plain", "missing"])
def test_a_folder_outside_any_repository_is_a_clean_refusal(tmp_path, where):
    folder = tmp_path / "plain"
    if where == "plain":
        folder.mkdir()
    (tmp_path / ".git").mkdir()  # not a repository: git keeps looking above it, and finds none
    with pytest.raises(KremlinlistError) as info:
        GitClient(folder)
    assert info.value.code == "not-a-git-repository" and info.value.usage


def test_a_bare_repository_is_read_from_its_objects(repo, tmp_path):
    head = seed(repo, person("aa-one", "Aa One"))
    subprocess.run(["git", "clone", "-q", "--bare", str(repo.root), str(tmp_path / "bare.git")],
                   check=True)
    client = GitClient(tmp_path / "bare.git")
    assert client.prefix == "" and client.resolve("HEAD") == head
    snap = history.Snapshots(client).snapshot(head)
    assert sorted(snap.cases) == ["aa-one"]


def test_the_one_by_one_reader_stays_in_step_after_a_refused_blob(repo):
    """The blob reader kept running skips a blob over the bound unread and answers the next
    question with the next blob; a missing object is the clean refusal, and the reader still
    answers after it."""
    small = person("aa-one", "Aa One")
    big = "id: big\n" + "# " + "x" * (loader.MAX_FILE_BYTES + 10) + "\n"
    head = seed(repo, small)
    repo.commit("big", "2024-02-03T10:00:00+00:00", {"cases/big.yaml": big})
    client = GitClient(repo.root)
    entries = {c.rel: c.new_blob for c in client.changed_files(None, client.resolve("HEAD"))}
    first = client.read_blob("cases/aa-one.yaml", entries["cases/aa-one.yaml"])
    assert client.read_blob("cases/big.yaml", entries["cases/big.yaml"])[1][0].code == (
        "file-too-large")
    with pytest.raises(KremlinlistError) as info:
        client.read_blob("cases/gone.yaml", "0" * 40 + ":100644")
    assert info.value.code == "missing-object"
    assert client.read_blob("cases/aa-one.yaml", entries["cases/aa-one.yaml"]) == first
    assert first[0] == dump(small).encode() and head
    client.blobs._reader.process.kill()  # its git gone mid-command: one clean refusal, then
    client.blobs._reader.process.wait()  # the next read starts another
    with pytest.raises(KremlinlistError) as info:
        client.read_blob("cases/aa-one.yaml", entries["cases/aa-one.yaml"])
    assert info.value.code == "git-failed"
    assert client.read_blob("cases/aa-one.yaml", entries["cases/aa-one.yaml"]) == first


def _counting(popen, runs: list[str]):
    class Counted(popen):
        def __init__(self, args, *rest, **kwargs):
            runs.append(" ".join(map(str, args)))
            super().__init__(args, *rest, **kwargs)
    return Counted


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_a_reader_is_ended_at_once_though_a_forked_child_holds_its_pipe(repo):
    """A client's blob reader ends when the client goes, at once, though a child forked
    meanwhile (a pool's worker) still holds the reader's input open: asked to end by closing
    that input, git never saw its end, and each client let go stalled `site` five seconds (a
    hang's bound, not a speed measure: the stall was the five-second wait)."""
    import gc
    import time

    seed(repo, person("aa-one", "Aa One"))
    client = GitClient(repo.root)
    entry = client.changed_files(None, client.resolve("HEAD"))[0]
    client.read_blob(entry.rel, entry.new_blob)
    process = client.blobs._reader.process
    child = os.fork()
    if child == 0:
        time.sleep(30)
        os._exit(0)
    try:
        started = time.monotonic()
        del client
        gc.collect()
        assert process.poll() is not None
        assert time.monotonic() - started < 2.5
    finally:
        os.kill(child, 9)
        os.waitpid(child, 0)
