"""The snapshot cache and the fast renderers never change what is published."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from factory import (CANARIES, Dataset, GitRepo, case, count_loads, dump, invoke, person, put,
                     release_files, seed)

from kremlinlist.base.errors import KremlinlistError
import kremlinlist
from kremlinlist.history.git import GitClient
from kremlinlist.base import parallel
from kremlinlist.caches import clean as cache_mod
from kremlinlist.publish import public_list, writers
from kremlinlist.history import snapshot as history
from kremlinlist.app import release
from kremlinlist.caches import snapshots as snapcache
from kremlinlist.publish import series

MONTHS = ("2024-01", "2024-02", "2024-03")


def _outputs(root: Path) -> dict[str, dict[str, bytes]]:
    return {m: release_files(release.build(root, m)) for m in MONTHS}


def _snap_files(cache: Path) -> list[Path]:
    return sorted((cache / "snapshots").glob("snap-*.json"))


def _load_snap(path: Path) -> dict:
    """A snapshot file's JSON body, its header and checksum checked."""
    return json.loads(cache_mod.read_checked(path, snapcache.KIND, snapcache.key()))


def _save_snap(path: Path, stored: dict) -> None:
    """A snapshot file as the tool frames it, with a valid checksum (for forgeries)."""
    cache_mod.write_checked(path, snapcache.KIND, snapcache.key(), json.dumps(stored).encode())


def test_cached_and_uncached_releases_are_the_same_bytes(february, tmp_path):
    cache = tmp_path / "cache"
    cold = _outputs(february.root)
    assert _snap_files(cache), "the cold run stores its snapshots"
    warm = _outputs(february.root)
    assert warm == cold
    for path in _snap_files(cache):
        path.unlink()
    assert _outputs(february.root) == cold


def test_parsing_on_two_workers_gives_the_same_release(cached, monkeypatch):
    repo, cache, serial = cached  # `serial`: the run with no cache, parsing on one core
    shutil.rmtree(cache)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1)
    assert _outputs(repo.root) == serial


@pytest.fixture(scope="module")
def warmed(_february_history, tmp_path_factory) -> tuple[GitRepo, Path, dict, Path]:
    """`february`'s history, its releases with no cache, and a copy of the snapshot cache that
    run wrote: made once for the tests that damage or forge that cache, each of which puts the
    copy back first (a run with no cache cost half a second a test)."""
    top = tmp_path_factory.mktemp("warmed")
    repo = _february_history.copy_to(top / "repo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KREMLINLIST_CACHE_DIR", str(top / "cache"))
        good = _outputs(repo.root)
    assert _snap_files(top / "cache"), "the run with no cache stores its snapshots"
    shutil.copytree(top / "cache", top / "written")
    return repo, top / "cache", good, top / "written"


@pytest.fixture
def cached(warmed, monkeypatch) -> tuple[GitRepo, Path, dict]:
    """`warmed`, its cache put back as the run with no cache wrote it."""
    repo, cache, good, written = warmed
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(cache))
    shutil.rmtree(cache, ignore_errors=True)  # a test before may have removed it
    shutil.copytree(written, cache)
    return repo, cache, good


@pytest.mark.parametrize("damage", [b"\x00not json", b"[]", b'{"key": 1}',
                                    "keep-key-bad-record", "keep-key-short-record"])
def test_a_damaged_cache_is_ignored(cached, damage):
    repo, cache, good = cached
    for path in _snap_files(cache):
        if isinstance(damage, bytes):
            path.write_bytes(damage)
            continue
        stored = _load_snap(path)
        for item in stored["files"].values():
            if damage == "keep-key-bad-record":
                item[1][6] = [[None, 5, {}, 1, 2, 3]]  # events that are not events
            else:
                item[1] = item[1][:3]
        _save_snap(path, stored)
    assert _outputs(repo.root) == good


def test_a_new_tool_version_ignores_the_cache(cached, monkeypatch):
    february, cache, good = cached
    for path in _snap_files(cache):  # forge a cached name: the cache is trusted for its version
        stored = _load_snap(path)
        for item in stored["files"].values():
            if item[1][4]:
                item[1][4][0] = "Forged Name"
        _save_snap(path, stored)
    forged = release_files(release.build(february.root, "2024-02"))["list.json"]
    assert b"Forged Name" in forged
    monkeypatch.setattr(kremlinlist._version, "__version__", kremlinlist.__version__ + ".next")
    monkeypatch.setattr(snapcache, "_KEY", [])
    assert _outputs(february.root) == good


def test_a_blob_the_cache_does_not_know_is_read_from_git(cached):
    """A snapshot file of another commit (or a stale one) only costs time."""
    repo, cache, good = cached
    paths = _snap_files(cache)
    stored = [_load_snap(p) for p in paths]
    for item in stored[0]["files"].values():
        item[0] = "0" * 40
    for path in paths:
        _save_snap(path, stored[0])
    assert _outputs(repo.root) == good


def test_no_canary_reaches_an_output_or_the_cache(february, tmp_path):
    for month in MONTHS:
        out = tmp_path / "rel" / month
        result = invoke(["release", "--month", month, "--out", str(out), "--force"],
                     cwd=february.root)
        assert result.returncode == 0, result.stderr
        for path in out.iterdir():
            text = path.read_text(encoding="utf-8")
            assert not [c for c in CANARIES if c in text], (month, path.name)
    cached = "".join(p.read_text(encoding="utf-8")
                     for p in (tmp_path / "cache" / "snapshots").iterdir())
    assert cached and not [c for c in CANARIES if c in cached]


def test_working_tree_export_uses_the_cache_and_sees_edits(tmp_path, monkeypatch):
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    data = Dataset(tmp_path / "data")
    data.add(person("aa-one", "Aa One"))
    data.add(person("bb-two", "Bb Two", private={"notes": "CANARYPRIVATE"}))
    data.add(case("anon-1", name={"en": "CANARYANON"}, publicity="anonymous"))
    args = ["export", "--format", "html", "--as-of", "2024-06-01"]
    first = invoke(args, cwd=data.root)
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "cache" / "snapshots" / "worktree.json").is_file()
    assert invoke(args, cwd=data.root).stdout == first.stdout
    cached = (tmp_path / "cache" / "snapshots" / "worktree.json").read_text(encoding="utf-8")
    assert "CANARY" not in cached and "CANARY" not in first.stdout
    data.add(person("aa-one", "Aa Renamed"))
    edited = invoke(args, cwd=data.root)
    assert "Aa Renamed" in edited.stdout and "Aa One" not in edited.stdout
    (data.root / "cases" / "bb-two.yaml").write_text(dump({"id": "bb-two"}), encoding="utf-8")
    broken = invoke(args, cwd=data.root)
    assert broken.returncode == 1 and "Bb Two" not in broken.stdout


@pytest.mark.parametrize("names", [[], ["plain"], ["x\n\"y\"", "Ім'я", "\u2028\u2029", "a\x00b"]])
def test_list_json_is_json_with_one_person_a_line(names):
    from datetime import date

    people = [public_list.PublicPerson(id=f"p-{i}", names={"en": n, "uk": None}, region=None,
                            detained=None, status="in-custody", days_in_custody=None,
                            sentence=None, sources=(public_list.SourceRef(n, None, None, n),))
              for i, n in enumerate(names)]
    public = public_list.PublicList(date(2024, 1, 31), len(people), people)
    text = writers.render_list(public, "json")
    assert json.loads(text) == public.to_dict()
    assert "\u2028" not in text and "\u2029" not in text
    lines = text.splitlines()
    start = lines.index('  "people": [') if people else None
    for i, person in enumerate(people):
        assert json.loads(lines[start + 1 + i].rstrip(",")) == person.to_dict()


def test_a_lite_case_reads_as_its_case():
    from kremlinlist.model.case import Case
    from kremlinlist.model.timeline import status

    c = Case.model_validate(case("aa-one", events=[
        {"date": "2020-03", "type": "detained", "sources": ["s1"]},
        {"type": "trial", "sources": ["s1"]},
        {"date": "2021", "date_is": "by", "type": "sentenced", "term": "8y6m",
         "articles": ["RU-CC-275"], "sources": ["s1"]},
        {"date": "2023-01-02", "type": "released", "how": "exchange", "sources": ["s1"]}]))
    lite = snapcache.lite(json.loads(json.dumps(snapcache.record(c))), {})
    for day in (None, *(d for d in (c.events[0].date.earliest, c.events[3].date.earliest))):
        assert status(lite, day) == status(c, day)
    assert lite.display_name == c.display_name


def test_a_warm_release_parses_only_the_months_changed_files(february, monkeypatch):
    """Only the corrections read full cases, and only of files that changed in the month, and
    the files changed since, whose publicity now a release honours."""
    cold = release_files(release.build(february.root, "2024-02"))
    seen = count_loads(monkeypatch)
    assert release_files(release.build(february.root, "2024-02")) == cold
    hist = history.Snapshots(GitClient(february.root))
    git = hist.git
    changed = {c.rel for c in git.changed_files(git.resolve("HEAD~2"), git.resolve("HEAD"))}
    parsed = {rel for rel in seen if rel.startswith("cases/")}
    assert parsed and parsed <= changed and len(parsed) < len(hist.snapshot(
        hist.git.resolve("HEAD~1")).files)


@pytest.mark.parametrize("parallel_from", [1, 10_000])
def test_checks_on_two_workers_still_refuse_a_broken_month(february, monkeypatch,
                                                         parallel_from):
    monkeypatch.setattr(parallel, "PARALLEL_FROM", parallel_from)
    broken = case("zz-broken", name={"en": "Zz Broken"},
                  assessment={"decision": "listed", "by": ["no-such-org"]})
    february.commit("broken", "2024-03-05T10:00:00+00:00", put(broken))
    with pytest.raises(KremlinlistError) as exc:
        release.build(february.root, "2024-03")
    assert exc.value.code == "release-invalid"
    assert "cases/zz-broken.yaml" in {p.file for p in exc.value.problems}


def test_the_page_written_on_a_second_core_is_the_same(february, monkeypatch):
    one_core = release_files(release.build(february.root, "2024-02"))
    monkeypatch.setattr(release, "PAGE_IN_CHILD_FROM", 1)
    assert release_files(release.build(february.root, "2024-02")) == one_core


def test_a_page_that_fails_on_the_second_core_fails_the_release(february, tmp_path,
                                                                 monkeypatch):
    monkeypatch.setattr(release, "PAGE_IN_CHILD_FROM", 1)
    (february.root / "templates").mkdir()
    (february.root / "templates" / "list.html.j2").write_text("{{ no_such_value }}")
    out = tmp_path / "out"
    with pytest.raises(KremlinlistError) as refused:
        release.release(february.root, "2024-02", out=out)
    assert refused.value.code == "template-failed" and "nothing was written" in refused.value.message
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


@pytest.mark.parametrize("n", [0, 1, writers.CHUNK - 1, writers.CHUNK, writers.CHUNK + 1,
                               2 * writers.CHUNK + 3])
@pytest.mark.parametrize("fmt", writers.FORMATS)
def test_lists_written_in_chunks_equal_one_piece(n, fmt, monkeypatch):
    """The formats are written a chunk of people at a time; across chunk edges nothing is lost,
    doubled or renumbered (the same list rendered with one chunk for everyone)."""
    from datetime import date

    people = [public_list.PublicPerson(id=f"p-{i:05d}", names={"en": f"Person {i}", "uk": None},
                            region="UA-43", detained="2020-01-02", status="in-custody",
                            days_in_custody=i, sentence="5y") for i in range(n)]
    public = public_list.PublicList(date(2024, 1, 31), n, people)
    chunked = writers.render_list(public, fmt)
    monkeypatch.setattr(writers, "CHUNK", 10 ** 9)
    assert chunked == writers.render_list(public, fmt)
    if fmt == "json":
        assert [p["id"] for p in json.loads(chunked)["people"]] == [p.id for p in people]
    if fmt == "md":
        rows = [line for line in chunked.splitlines() if line.startswith("| ")][2:]
        assert [line.split(" | ")[1] for line in rows] == [f"Person {i}" for i in range(n)]
        assert [line.split(" ")[1] for line in rows] == [str(i + 1) for i in range(n)]


def test_a_first_release_parses_each_file_once(february, monkeypatch):
    """validate's checks and the snapshot share one parse of each file (per version of it)."""
    from kremlinlist.files import loader
    from kremlinlist.caches.clean import blob_id

    seen: list[tuple[str, str]] = []
    real = loader.load_bytes

    def counting(rel, data, kind, **options):
        if kind == "case":
            seen.append((rel, blob_id(data)))
        return real(rel, data, kind, **options)

    monkeypatch.setattr(loader, "load_bytes", counting)
    hist = history.Snapshots(GitClient(february.root))
    commit = hist.git.resolve("HEAD~1")
    listing = hist.git.changed_files(None, commit)
    problems, records = release.validate_snapshot(hist.git, commit, listing)
    snap = hist.snapshot(commit, known=records, listing=listing)
    assert not [p for p in problems if p.is_error]
    assert sorted(seen) == sorted({(c.rel, c.new_blob.partition(":")[0]) for c in listing})
    assert len(history.cases_of(snap)) == len(listing)


def test_a_first_release_reads_a_large_dataset_in_batches(february, monkeypatch):
    """Batches of one file give the same release as one batch of everything."""
    whole = release_files(release.build(february.root, "2024-02"))
    for path in (february.root.parent / "cache").iterdir():
        import shutil

        shutil.rmtree(path) if path.is_dir() else path.unlink()
    monkeypatch.setattr(release, "BATCH", 1)
    assert release_files(release.build(february.root, "2024-02")) == whole


def test_a_release_draws_the_same_chart_as_a_walk_from_scratch(february):
    """The release hands its snapshots to the month-by-month count, which starts from them and
    parses ahead in one batch; the points are those of a walk from the first commit, less those
    gone now (delta-d, counted in January, was deleted in February with no id left for her)."""
    import shutil

    cache = february.root.parent / "cache"
    scratch = [(p.month, p.count - (p.month == "2024-01"))
               for p in series._monthly_series(february.root, until="2024-03")]
    shutil.rmtree(cache)
    for month in ("2024-03", "2024-02"):
        assert release.build(february.root, month).series == [
            point for point in scratch if point[0] <= month]
        shutil.rmtree(cache)


def test_the_next_months_release_parses_only_that_months_changed_files(tmp_path, monkeypatch):
    """The editor's monthly case: January's release stored its snapshot, so February's moves it
    forward by February's changed files instead of parsing every file again."""
    import shutil

    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, *(person(f"p{i}-x", f"P{i} X") for i in range(6)),
         date="2024-01-05T10:00:00+00:00")
    repo.commit("feb", "2024-02-10T10:00:00+00:00",
                put(person("p0-x", "P0 X", summary="Corrected in February.")))
    release_files(release.build(repo.root, "2024-01"))
    seen = count_loads(monkeypatch)
    feb = release_files(release.build(repo.root, "2024-02"))
    assert {rel for rel in seen if rel.startswith("cases/")} == {"cases/p0-x.yaml"}
    monkeypatch.undo()
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    shutil.rmtree(tmp_path / "cache")
    assert release_files(release.build(repo.root, "2024-02")) == feb


class _Unpicklable(Exception):
    """Pickles, but cannot be rebuilt from its pickle (its constructor wants two arguments)."""

    def __init__(self, a, b):
        super().__init__(f"{a} {b}")


def _raise_unpicklable():
    raise _Unpicklable("x", "y")


def test_work_in_a_child_hands_back_its_result_or_its_error():
    assert parallel.in_child(lambda: {"a": [1, 2]})() == {"a": [1, 2]}
    with pytest.raises(ValueError, match="boom"):
        parallel.in_child(lambda: (_ for _ in ()).throw(ValueError("boom")))()
    with pytest.raises(RuntimeError, match="_Unpicklable"):
        parallel.in_child(_raise_unpicklable)()


def test_a_child_that_dies_costs_only_time():
    import os

    parent = os.getpid()

    def work():
        if os.getpid() != parent:
            os._exit(1)  # the child dies without a word
        return "done here"

    assert parallel.in_child(work)() == "done here"


@pytest.mark.parametrize("n", [0, 1, 999, 1000, 2501])
def test_a_snapshot_file_is_written_in_pieces_as_one_json_document(tmp_path, n):
    files = {f"cases/p-{i}.yaml": [f"{i:040x}", ["p", [], "public", "UA-43", ["Ім'я\u2028", None],
                                                  "\"q\"", [], ["listed", None, None], []]]
             for i in range(n)}
    near = {"f" * 40: files[next(iter(files))][1]} if files else {}
    path = tmp_path / "snap.json"
    snapcache.write(path, files, near)
    assert _load_snap(path) == {"files": files, "near": near}
    assert snapcache.read(path) == (files, near)
