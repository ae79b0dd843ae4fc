"""What a release computes once per run and never keeps: each person's status at the month's
end (`timeline.remembered`), counted in calls."""

from __future__ import annotations

import threading

from datetime import date

from factory import GitRepo, case, seed, with_events

from kremlinlist.app import release
from kremlinlist.model import timeline
from kremlinlist.model.case import Case

DAY = date(2024, 10, 31)


def _counting(monkeypatch) -> list[tuple[str, date | None]]:
    calls: list[tuple[str, date | None]] = []
    real = timeline._status

    def counted(c, events, as_of):
        calls.append((c.id, as_of))
        return real(c, events, as_of)

    monkeypatch.setattr(timeline, "_status", counted)
    return calls


def test_a_status_is_computed_once_on_a_day_remembered_and_every_time_outside(monkeypatch):
    calls = _counting(monkeypatch)
    petrenko = Case.model_validate(with_events(case("petrenko-ivan")))
    outside = timeline.status(petrenko, DAY)
    with timeline.remembered():
        timeline.remember(DAY)
        assert timeline.status(petrenko, DAY) == timeline.status(petrenko, DAY) == outside
        assert timeline.on_list(petrenko, DAY) == outside.in_custody
        timeline.status(petrenko)  # as of today, which may turn within the block: not kept
        timeline.status(petrenko)
    timeline.status(petrenko, DAY)
    assert [(cid, day is None) for cid, day in calls] == [
        ("petrenko-ivan", False), ("petrenko-ivan", False), ("petrenko-ivan", True),
        ("petrenko-ivan", True), ("petrenko-ivan", False)] and timeline._memo.get() is None


def test_only_a_day_remembered_is_kept(monkeypatch):
    """A walk over every month (the chart's, on a first release) holds no month's statuses."""
    calls = _counting(monkeypatch)
    petrenko = Case.model_validate(with_events(case("petrenko-ivan")))
    other = date(2024, 9, 30)
    with timeline.remembered():
        timeline.remember(DAY)
        for _ in range(2):
            timeline.status(petrenko, other)
            timeline.status(petrenko, DAY)
        assert set(timeline._memo.get()) == {DAY}
    assert [day for _cid, day in calls] == [other, DAY, other]


def test_a_release_computes_each_persons_status_once_at_the_months_end(tmp_path, monkeypatch):
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    people = [with_events(case(f"public-{n}", name={"en": f"Person {n}", "uk": f"Особа {n}"}))
              for n in "abcdef"]
    seed(repo, *people, date="2024-09-15T12:00:00+00:00",
         config={"repository": "private", "timezone": "UTC"})
    calls = _counting(monkeypatch)
    release.build(repo.root, "2024-10", today=date(2024, 11, 3))
    # the list, the change log's counts and the chart each ask it of everyone on Oct 31
    assert sorted(c for c in calls if c[1] == DAY) == sorted((c["id"], DAY) for c in people)
    assert timeline._memo.get() is None


def test_a_thread_never_shares_a_block_under_way():
    """Two builds in two threads each hold their own statuses, and none is left after them (a
    module-wide memo let overlapping blocks leave one behind, holding every case it met)."""
    seen: list[object] = []
    with timeline.remembered():
        timeline.remember(DAY)
        thread = threading.Thread(target=lambda: seen.append(timeline._memo.get()))
        thread.start()
        thread.join()
        assert timeline._memo.get() == {DAY: {}}
    assert seen == [None] and timeline._memo.get() is None
