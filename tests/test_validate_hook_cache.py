"""`validate PATH` (the pre-commit hook, an editor, --changed-since) on an empty cache checks the
other unknown files in full once, so that its next run is warm; what it reports stays exactly what
a run without a cache reports."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st
from factory import Dataset, anonymous, case, dump, invoke, person, shared

from kremlinlist.app import validate as validating
from kremlinlist.checks.across import cross_findings
from kremlinlist.checks.context import context_from
from kremlinlist.caches.tokens import TokenKey
from kremlinlist.checks.engine import check_if_cacheable, summary_only


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


def _ctx():
    from factory import CRITERIA

    return context_from(dump(CRITERIA).encode(), None, date(2026, 1, 1))[0]


UNASKED = {
    "public": dump(person("echo-e", "Eva Echo")).encode(),
    "anonymous": dump(anonymous("anon-2020-00002", "Hookcanary")).encode(),
    "hidden": dump(case("hidden-h", publicity="hidden")).encode(),
    "schema error": dump(case("foxtrot-f", sex="sometimes")).encode(),
    "withheld, schema error": dump(case("golf-g", publicity="anonymous", sex="x")).encode(),
    "yaml error": b"id: hotel-h\nname: [unclosed\n",
    "bom": b"\xef\xbb\xbf" + dump(person("india-i", "Ira India")).encode(),
    "not a mapping": b"- a list\n",
    "empty": b"",
    "publicity unreadable": dump(case("juliet-j", publicity=["public"])).encode(),
}


@pytest.mark.parametrize("kind", UNASKED)
def test_an_unasked_file_gives_what_its_summary_alone_gives(kind):
    """Only a clean public file comes back checked (with its blob, for the cache); any other reads
    exactly as `summary_only` reads it, with no problem of its own."""
    data = UNASKED[kind]
    got = check_if_cacheable("cases/echo-e.yaml", data, _ctx(), None)
    alone = summary_only(("cases/echo-e.yaml", data))
    assert got.summary == alone.summary
    assert got.problems == []
    assert (got.blob is not None) == (kind == "public")


# An anonymous case as a public repository allows it: clean, nothing that identifies
ANONYMOUS_CLEAN = (b"id: anon-0001\npublicity: anonymous\nregion: UA-43\nevents:\n"
                   b"  - date: 2020-03-10\n    type: detained\nassessment:\n  decision: listed\n"
                   b"  criteria: [e]\n  by: [test-org]\n")


TOKENS = TokenKey(b"s" * 32, frozenset({"test-org"}))


@pytest.mark.parametrize("tokens,kept", [(None, False), (TOKENS, True),
                                         (TokenKey(b"s" * 32, frozenset()), False)])
def test_an_unasked_clean_withheld_file_is_checked_only_where_a_token_can_keep_it(tokens, kept):
    """Outside git, or while an organization is being checked (no tokens), or where its `by`
    names an organization not in the dataset, no token is kept: checking the file in full would
    be work for nothing."""
    got = check_if_cacheable("cases/anon-0001.yaml", ANONYMOUS_CLEAN, _ctx(), tokens)
    assert got.problems == []
    assert got.summary == summary_only(("cases/anon-0001.yaml", ANONYMOUS_CLEAN)).summary
    assert (got.blob is not None) == kept


def test_every_yaml_test_suite_case_unasked_gives_its_summary_alone():
    ctx = _ctx()
    for path in sorted(shared("corpora", "yaml-test-suite").glob("*.yaml")):
        data = path.read_bytes()
        got = check_if_cacheable("cases/x.yaml", data, ctx, TOKENS)
        assert got.summary == summary_only(("cases/x.yaml", data)).summary, path.name
        assert got.problems == [] and got.blob is None, path.name


CLAIMS = [("cases/aa-aa.yaml", {"id": "aa-aa", "former_ids": ["qq-q", "qq-q"]}),
          ("cases/bb-bb.yaml", {"id": "bb-bb", "former_ids": ["qq-q"]}),
          ("cases/cc-cc.yaml", {"id": "cc-cc", "former_ids": ["aa-aa"]}),
          ("cases/dd-dd.yaml", {"id": "dd-dd", "former_ids": ["dd-dd"]})]


def _found(summaries) -> set:
    return {(rel, f.path, f.code) for rel, fs in cross_findings(summaries, []).items()
            for f in fs}


@given(st.permutations(CLAIMS))
def test_duplicate_ids_are_found_whatever_order_the_files_come_in(order):
    """The cache changes the order files reach the checks across files (known ones first)."""
    assert _found(order) == _found(CLAIMS) == {
        ("cases/aa-aa.yaml", ("id",), "duplicate-id"),
        ("cases/aa-aa.yaml", ("former_ids", 0), "duplicate-id"),
        ("cases/aa-aa.yaml", ("former_ids", 1), "duplicate-id"),
        ("cases/bb-bb.yaml", ("former_ids", 0), "duplicate-id"),
        ("cases/cc-cc.yaml", ("former_ids", 0), "duplicate-id")}


def test_a_warm_one_file_run_checks_no_unasked_file_in_full(tmp_path, monkeypatch):
    """Only a first run (the cache knows no file) checks unasked files in full: one with a
    problem is never kept, and checking it again on every hook run would cost more than no cache."""
    ds = Dataset(tmp_path / "data")
    warned = person("warn-w", "Wanda Warn")
    del warned["events"][0]["sources"]  # an `uncited-event` warning: never kept
    ds.add(warned)
    ds.add(person("asked-a", "Anna Asked"))
    ds.add(person("clean-c", "Chrystia Clean"))
    seen: list[str] = []
    real = validating.check_if_cacheable

    def spy(rel, data, ctx, tokens):
        seen.append(rel)
        return real(rel, data, ctx, tokens)

    monkeypatch.setattr(validating, "check_if_cacheable", spy)
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    for _run in range(2):
        validating.validate(ds.root, ["cases/asked-a.yaml"], jobs=1)
    assert sorted(seen) == ["cases/clean-c.yaml", "cases/warn-w.yaml"], "only the first run"
