"""`stats --over-time` after people were withheld: every column of a month (count, added,
released, died) leaves out whom a release made now leaves out, so that no column, pasted into a
report beside its month, dates a withheld person's arrival or release."""

from __future__ import annotations

import json
from datetime import date

import pytest

from factory import GitRepo, case, invoke, put, seed, with_events

from kremlinlist.app import release, stats
from kremlinlist.publish import series

TODAY = date(2024, 3, 5)
FREED = {"date": "2024-02-05", "type": "released", "how": "exchange", "sources": ["s1"]}
DIED = {"date": "2024-02-06", "type": "died", "sources": ["s1"]}


def _person(cid: str, **kw) -> dict:
    return case(cid, name={"en": f"Person {cid}", "uk": f"Особа {cid}"}, **kw)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> GitRepo:
    """January: public-a, to-free and to-die on the list. February: to-free released, to-die
    dead, came-hidden, came-gone and came-anon added. 2 March: to-free, to-die and came-hidden
    made hidden, came-anon anonymous, came-gone's file deleted."""
    repo = GitRepo(tmp_path_factory.mktemp("stats-withheld") / "repo")
    seed(repo, _person("public-a"), _person("to-free"), _person("to-die"),
         date="2024-01-15T12:00:00+00:00", config={"repository": "private", "timezone": "UTC"})
    repo.commit("february", "2024-02-10T12:00:00+00:00", put(
        with_events(_person("to-free"), FREED), with_events(_person("to-die"), DIED),
        _person("came-hidden"), _person("came-gone"), _person("came-anon")))
    repo.commit("withhold on request", "2024-03-02T12:00:00+00:00", {
        **put(with_events(_person("to-free", publicity="hidden"), FREED),
              with_events(_person("to-die", publicity="hidden"), DIED),
              _person("came-hidden", publicity="hidden"),
              _person("came-anon", publicity="anonymous")),
        "cases/came-gone.yaml": None})
    return repo


def _flows(rows: list[dict]) -> list[tuple]:
    return [(r["month"], r["count"], r["added"], r["released"], r["died"]) for r in rows]


def test_no_column_of_a_month_counts_someone_withheld_since(repo, tmp_path, monkeypatch):
    """February counted two arrivals and a release and a death of people withheld on 2 March
    (one by deleting the file): its count already left them out, its flows did not. Only
    came-anon, anonymous now, stays in them: an anonymous person is counted, unnamed."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    as_counted = series._monthly_series(repo.root, "HEAD", until="2024-02")
    assert _flows([p.counts() for p in as_counted]) == [
        ("2024-01", 3, 3, 0, 0), ("2024-02", 4, 3, 1, 1)]  # what there is to leave out
    want = [("2024-01", 1, 1, 0, 0), ("2024-02", 2, 1, 0, 0)]
    for _run in ("cold", "from the memo"):
        assert _flows(stats.over_time(repo.root, "HEAD", today=TODAY).rows) == want
    printed = invoke(["stats", "--over-time", "-f", "json"], cwd=repo.root)
    assert printed.returncode == 0, printed.stderr
    assert _flows(json.loads(printed.stdout)["series"])[:2] == want


def test_a_months_flows_are_its_releases(repo, tmp_path, monkeypatch):
    """The one rule: February's flows are what February's release, made now, announces."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    log = release.build(repo.root, "2024-02", today=TODAY).log
    rows = stats.over_time(repo.root, "HEAD", today=TODAY).rows
    assert {c: rows[1][c] for c in ("added", "released", "died")} == {
        c: len(log.entries[c]) for c in ("added", "released", "died")} == {
        "added": 1, "released": 0, "died": 0}
