"""`validate PATH` (the pre-commit hook, an editor, --changed-since) on an empty cache checks the
other unknown files in full once, so that its next run is warm; what it reports stays exactly what
a run without a cache reports."""

from __future__ import annotations

from factory import Dataset, anonymous, case, dump, invoke, person


def _dataset(root) -> Dataset:
    """Clean public people, a withheld one, a broken file and a clash of ids: none of them asked."""
    ds = Dataset(root)
    for cid, en in (("alpha-a", "Anna Alpha"), ("bravo-b", "Boris Bravo"),
                    ("charlie-c", "Chrystia Charlie")):
        ds.add(person(cid, en))
    ds.add(anonymous("anon-2020-00001", "Hookcanary"))
    ds.write("cases/broken-b.yaml", dump(case("broken-b", sex="sometimes")))
    ds.add(person("delta-d", "Dmytro Delta", former_ids=["asked-a"]))
    ds.add(person("asked-a", "Anna Alpha"))  # also a likely duplicate of alpha-a
    return ds


def _validate(root, cache, *args: str):
    result = invoke(["validate", "--format", "json", "cases/asked-a.yaml", *args], cwd=root,
                    env={"KREMLINLIST_CACHE_DIR": str(cache)})
    return result.returncode, result.stdout, result.stderr


def test_a_one_file_run_leaves_the_cache_knowing_the_clean_public_files(tmp_path):
    ds = _dataset(tmp_path / "data")
    cache = tmp_path / "cache"
    _validate(ds.root, cache)
    index = (cache / "validate.tsv").read_text(encoding="utf-8")
    known = {line.split("\t")[2] for line in index.splitlines() if line.startswith("C\t")}
    assert {"alpha-a", "bravo-b", "charlie-c", "delta-d"} <= known, "checked clean but not kept"
    assert not known & {"anon-2020-00001", "broken-b"}, "only clean public files may be kept"
    assert "Hookcanary" not in index + (cache / "persons.tsv").read_text(encoding="utf-8")


def test_a_one_file_run_reports_the_same_cold_warm_and_without_a_cache(tmp_path):
    ds = _dataset(tmp_path / "data")
    cache = tmp_path / "cache"
    cold = _validate(ds.root, cache)
    warm = _validate(ds.root, cache)
    bare = _validate(ds.root, tmp_path / "unused", "--no-cache")
    assert cold[0] == 1 and '"duplicate-id"' in cold[1] and '"likely-duplicate"' in cold[1]
    assert "broken-b" not in cold[1], "an unasked file's own problems are not reported"
    assert cold == warm == bare
