"""A cache may only skip work: every command that uses one prints and writes the same bytes with
no cache (an empty cache folder of its own, or `--no-cache`) as twice over a warm one."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from factory import case, dump, invoke

from kremlinlist.caches.clean import CleanCache, blob_id
from kremlinlist.caches.seam import NullSeam
from kremlinlist.checks.context import context_from
from kremlinlist.checks.engine import check_files

COMMANDS = [
    ["validate"],
    ["validate", "cases/alpha-a.yaml", "cases/india-i.yaml"],
    ["validate", "--format", "json"],
    ["release", "--month", "2024-02", "--out", "{out}/release"],
    ["release", "--month", "2024-02", "--preview", "--out", "{out}/preview"],
    *[["export", "--format", f, "--as-of", "2024-03-05", "-o", f"{{out}}/list.{f}"]
      for f in ("md", "html", "csv", "json")],
    *[["export", "--format", f, "--rev", "HEAD~1", "--as-of", "2024-02-25", "-o",
       f"{{out}}/rev.{f}"] for f in ("md", "html", "csv", "json")],
    ["export", "--format", "json", "--lang", "uk", "--as-of", "2024-03-05"],
    ["stats"],
    ["stats", "--format", "json", "--rev", "HEAD~1"],
    ["stats", "--over-time"],
    ["stats", "--over-time", "--format", "csv"],
    ["diff", "HEAD~2", "HEAD"],
    ["diff", "HEAD~3", "HEAD~1", "--format", "md"],
    ["dupes"],
    ["dupes", "--format", "json"],
]

# commands that keep no cache today: checked all the same, should they gain one (`dupes` reads
# the caches `validate` keeps, and is compared after a validate in tests/test_dupes.py)
UNCACHED = {"stats", "stats --format json --rev HEAD~1", "diff HEAD~2 HEAD",
            "diff HEAD~3 HEAD~1 --format md", "dupes", "dupes --format json"}


def _run(repo, args: list[str], cache: Path, out: Path) -> tuple:
    """One command: its exit code, stdout, stderr and every file it wrote (under `out`)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir()
    result = invoke([a.replace("{out}", str(out)) for a in args], cwd=repo.root,
                    env={"KREMLINLIST_CACHE_DIR": str(cache)})
    written = {p.relative_to(out).as_posix(): p.read_bytes()
               for p in sorted(out.rglob("*")) if p.is_file()}
    return result.returncode, result.stdout, result.stderr, written


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_cache_and_a_warm_cache_give_the_same_bytes(february, tmp_path, args):
    out = tmp_path / "out"
    cold = _run(february, args, tmp_path / "empty", out)
    assert cold[1] or cold[3], "the command printed or wrote something"
    warm_cache = tmp_path / "warm"
    assert _run(february, args, warm_cache, out) == cold  # a second cold run; it fills the cache
    if " ".join(args) not in UNCACHED:
        assert any(warm_cache.rglob("*")), "the warm runs have a cache to use"
    for _ in range(2):
        assert _run(february, args, warm_cache, out) == cold


def test_validate_without_the_cache_prints_what_it_prints_with_it(february, tmp_path):
    out = tmp_path / "out"
    warm = tmp_path / "warm"
    with_cache = [_run(february, ["validate", "--format", "json"], warm, out) for _ in range(2)]
    without = _run(february, ["validate", "--format", "json", "--no-cache"], warm, out)
    assert with_cache[0] == with_cache[1] == without


def test_the_null_seam_knows_nothing_and_keeps_nothing():
    seam: NullSeam[str, int] = NullSeam()
    seam.put("a", 1)
    seam.save()
    assert seam.split(["a", "b"]) == ({}, ["a", "b"])


def test_the_clean_cache_splits_by_blob_and_id(tmp_path):
    """A clean blob is known only under a path whose file name is its id, with or without a
    tree's mode after the blob id; a withheld person is never known."""
    cache = CleanCache(tmp_path / "validate.tsv", "k")
    blob = "a" * 40
    summary = {"id": "bravo-b", "former_ids": [], "by": [], "person": {"publicity": "public"}}
    cache.put(("cases/bravo-b.yaml", blob), summary)
    cache.put(("cases/anon-x.yaml", "b" * 40),
              {**summary, "id": "anon-x", "person": {"publicity": "anonymous"}})
    keys = [("cases/bravo-b.yaml", blob + ":100644"), ("cases/other.yaml", blob),
            ("cases/anon-x.yaml", "b" * 40), ("cases/bravo-b.yaml", blob)]
    known, todo = cache.split(keys)
    hit = {"id": "bravo-b", "former_ids": [], "by": []}
    assert known == {keys[0]: hit, keys[3]: hit}
    assert todo == [keys[1], keys[2]]


def test_check_files_finds_the_same_with_the_null_seam_as_with_a_warm_cache(dataset):
    """The engine asks the seam and never whether there is a cache: with one that knows nothing
    every file is read and checked, and what it finds is what a warm cache lets it skip to."""
    files = {
        "cases/aa-one.yaml": dump(case("aa-one")).encode(),
        "cases/bb-two.yaml": dump(case("bb-two", born="19x0")).encode(),  # fails its own checks
    }
    items = sorted((rel, f"{blob_id(data)}:100644") for rel, data in files.items())

    def read(part):
        return {rel: (files[rel], []) for rel, _ in part}

    def found(seam) -> list:
        return [(rel, blob, r.blob, r.summary.get("id"), r.problems, refused)
                for rel, blob, r, refused in check_files(items, read, ctx, seam, batch=1, jobs=1)]

    ctx, _ = context_from((dataset.root / "criteria.yaml").read_bytes(), None, date(2026, 1, 1))
    uncached = found(NullSeam())
    cache = CleanCache.open(dataset.root, "key", ctx.today)
    assert found(cache) == uncached
    cache.save()
    warm = CleanCache.open(dataset.root, "key", ctx.today)
    assert warm.split(items)[1] == [items[1]]  # the clean one is known, the other to do
    assert found(warm) == uncached
