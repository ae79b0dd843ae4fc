"""`fmt` says a path it prints without a withheld person's name in it, and to learn those names
reads only the case files that may be a withheld person's: not those a fresh entry of the clean
cache shows to be public (the pre-commit hook's `fmt actions/ONE.yaml` read all 10,000). A cache
missing, damaged, stale or forged is not believed: the files are read, as without it. A fmt that
prints no path reads nothing for it. A refusal at a revision passes over a submodule named like
a case file, as one on disk passes over a folder."""

from __future__ import annotations

from contextlib import closing

import pytest
from factory import Dataset, GitRepo, action, case, dump, invoke, seed

from kremlinlist.app.fmt import format_paths
from kremlinlist.app.unnamed_paths import said_at
from kremlinlist.app.validate import validate
from kremlinlist.base.problem import Problem
from kremlinlist.caches import clean as cache_mod
from kremlinlist.checks import withheld_names
from kremlinlist.files import loader
from kremlinlist.history.git import GitClient

ZHUK = case("marko-zhuk", publicity="hidden", name={"en": "Marko Zhuk", "uk": "Марко Жук"})
BONDAR = case("anon-2024-001", publicity="anonymous", name={"en": "Olha Bondar"})
PUBLIC = [case(f"petrenko-ivan-{i}") for i in range(6)]
WITHHELD = {"cases/marko-zhuk.yaml", "cases/anon-2024-001.yaml"}
EVERY = {f"cases/{c['id']}.yaml" for c in (*PUBLIC, ZHUK, BONDAR)}
AID = "2024-10-12-zhuk-letter"
ACTION = f"actions/{AID}.yaml"
CONFIG = {"repository": "private", "timezone": "UTC"}


def _dataset(tmp_path, formatted: bool = False) -> Dataset:
    ds = Dataset(tmp_path / "data", CONFIG)
    for data in (*PUBLIC, ZHUK, BONDAR):
        ds.add(data)
    ds.write(ACTION, "\n\n" + dump(action(AID, **{"for": ["petrenko-ivan-0"]})))
    GitRepo(ds.root)  # a checkout: its secret vouches for the cache validate writes
    if formatted:
        assert format_paths(ds.root, [str(ds.root / ACTION)])[0].changed
    return ds


def _watched(monkeypatch) -> tuple[list[str], list[str]]:
    """(the case files read, the case files whose names were looked for), from now on."""
    read: list[str] = []
    asked: list[str] = []
    real_read, real_in = loader.read_with_status, withheld_names.withheld_in

    def reading(root, rel):
        if rel.startswith("cases/"):
            read.append(rel)
        return real_read(root, rel)

    def looking(rel, data):
        asked.append(rel)
        return real_in(rel, data)

    monkeypatch.setattr(loader, "read_with_status", reading)
    monkeypatch.setattr(withheld_names, "withheld_in", looking)
    return read, asked


def _cache_key(ds: Dataset) -> str:
    """The key `validate` opens the clean cache with."""
    return cache_mod.fingerprint((ds.root / "criteria.yaml").read_bytes(),
                                 (ds.root / "kremlinlist.yaml").read_bytes())


def _unsaid(said: str) -> None:
    """The action's path is said by a placeholder (a case file's own path is its id)."""
    assert "zhuk-letter" not in said.lower(), said
    assert "actions/(file 1 not named here" in said, said


@pytest.mark.parametrize("settled", [True, False])
def test_a_warm_cache_spares_reading_the_public_files(tmp_path, monkeypatch, settled):
    """With the files' status settled, a public file is known by it and not read at all;
    before, by the git id of its bytes, read once: either way only the withheld ones are
    looked into for names."""
    monkeypatch.setattr(cache_mod, "SETTLED_NS", 0 if settled else 10**18)
    ds = _dataset(tmp_path)
    _warm(ds, tmp_path / "kremlinlist-cache")
    read, asked = _watched(monkeypatch)
    result = invoke(["fmt", "--check", ACTION], cwd=ds.root)
    assert result.returncode == 1
    _unsaid(result.stdout + result.stderr)
    assert sorted(asked) == sorted(WITHHELD)
    assert sorted(read) == sorted(WITHHELD if settled else EVERY)  # each file read once


def test_a_fmt_that_prints_no_path_asks_nothing(tmp_path, monkeypatch):
    ds = _dataset(tmp_path, formatted=True)
    _warm(ds, tmp_path / "kremlinlist-cache")
    opened: list[object] = []
    real_open = cache_mod.CleanCache.open
    monkeypatch.setattr(cache_mod.CleanCache, "open",
                        classmethod(lambda cls, *a: opened.append(a) or real_open(*a)))
    read, asked = _watched(monkeypatch)
    result = invoke(["fmt", "--check", ACTION], cwd=ds.root)
    assert result.returncode == 0 and result.stdout == "", result.stdout
    assert (read, asked, opened) == ([], [], [])


def _cold(ds: Dataset, cache_dir) -> None:
    """No cache: validate never ran."""


def _warm(ds: Dataset, cache_dir) -> None:
    """A validate run: the public files are clean, and known to the cache from then on."""
    problems = validate(ds.root, jobs=1).problems
    assert {p.file for p in problems} <= {"cases/marko-zhuk.yaml"}, problems  # identifying-id


def _damaged(ds: Dataset, cache_dir) -> None:
    _warm(ds, cache_dir)
    path = cache_dir / "validate.tsv"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1  # one bit: the checksum no longer matches
    path.write_bytes(bytes(data))


def _stale(ds: Dataset, cache_dir) -> None:
    """Zhuk was public when validate ran; the file has been made hidden since (and is of
    another size: a write in the same tick of the clock would keep its times, and the files'
    status is trusted at once here; the tool trusts it only 2 s after the last write)."""
    public = ds.add({**ZHUK, "publicity": "public", "name": {"en": "Marko Zhuk"}})
    _warm(ds, cache_dir)
    public.write_text(dump(ZHUK), encoding="utf-8")


def _forged(ds: Dataset, cache_dir, real: bool = False) -> None:
    """A cache, well framed, whose entries say Zhuk's and Bondar's files are public ones: their
    status and blob ids are not those of the files on disk, or (`real`) they are, as anyone who
    can write the cache folder (a cache restored in CI) and read the files can make them. Only
    the voucher, keyed with the checkout's secret, which the forger lacks, tells it apart."""
    _warm(ds, cache_dir)
    cache = cache_mod.CleanCache.open(ds.root, _cache_key(ds), None)
    for rel in WITHHELD:
        path = ds.root / rel
        blob = cache_mod.blob_id(path.read_bytes() if real else rel.encode())
        st = path.stat()
        cache.entries[blob] = (cache_mod.file_id(rel), [], [])
        cache.stats[rel] = (f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"
                            if real else "1:2:3:4", blob)
    cache.dirty = True
    cache.save()
    assert WITHHELD <= set(cache_mod.CleanCache.open(ds.root, _cache_key(ds), None).stats)


def _forged_real(ds: Dataset, cache_dir) -> None:
    _forged(ds, cache_dir, real=True)


STATES = {"cold": _cold, "warm": _warm, "damaged": _damaged, "stale": _stale, "forged": _forged,
          "forged-real": _forged_real}


@pytest.mark.parametrize("args", [["fmt", "--check", ACTION], ["fmt", "--check"], ["fmt"]])
@pytest.mark.parametrize("state", list(STATES))
def test_fmt_never_prints_a_withheld_name_whatever_the_cache(tmp_path, monkeypatch, args,
                                                              state):
    monkeypatch.setattr(cache_mod, "SETTLED_NS", 0)  # the files' statuses kept, and asked
    ds = _dataset(tmp_path)
    STATES[state](ds, tmp_path / "kremlinlist-cache")
    _read, asked = _watched(monkeypatch)
    result = invoke(args, cwd=ds.root)
    _unsaid(result.stdout + result.stderr)
    # a file the cache knows nothing of is looked into: every one where there is no cache
    # believed (none, damaged, or not vouched for: forged), and where fmt rewrote them all
    # (the factory's files are not in its layout)
    known = state in ("warm", "stale") and args != ["fmt"]
    assert set(asked) == (WITHHELD if known else EVERY), asked


def test_a_refusal_at_a_revision_passes_over_a_submodule_named_as_a_case_file(tmp_path,
                                                                             monkeypatch):
    """A gitlink `cases/sub-entry.yaml` holds no names: it is not read (reading it failed, and
    then every path of a refusal was numbered), and its own path is said as any other path of
    cases/, one named after a withheld person by a number."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), ZHUK, config=CONFIG,
         texts={"cases/old-scans/n.txt": "x\n", "cases/zhuk-scans/n.txt": "x\n"})
    for rel in ("cases/sub-entry.yaml", "cases/zhuk-sub.yaml"):
        repo.git("update-index", "--add", "--cacheinfo", f"160000,{repo.head()},{rel}")
    repo.git("commit", "-q", "-m", "submodules", date="2024-02-10T10:00:00+00:00")
    with closing(GitClient(repo.root)) as git:
        found = git.entry_problems(repo.head(), "cases")
        assert [p.file for p in found] == ["cases/old-scans", "cases/zhuk-scans"]
        linked = Problem("cases/zhuk-sub.yaml", 0, 0, "error", "not-a-file", "x")
        said = [p.file for p in said_at(git, repo.head(), [*found, linked])]
    assert said[0] == "cases/old-scans"
    assert [f.startswith("cases/(file ") for f in said[1:]] == [True, True], said
    result = invoke(["stats", "--rev", "HEAD", "--format", "json"], cwd=repo.root)
    assert result.returncode == 1 and "cases/old-scans" in result.stdout + result.stderr
    assert "zhuk" not in (result.stdout + result.stderr).lower()
