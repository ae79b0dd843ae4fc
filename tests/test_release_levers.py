"""What a release computes once per run and never keeps: each person's status on a day
(`timeline.remembered`), counted in calls."""

from __future__ import annotations

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


def test_a_status_is_computed_once_a_day_within_the_block_and_every_time_outside(monkeypatch):
    calls = _counting(monkeypatch)
    petrenko = Case.model_validate(with_events(case("petrenko-ivan")))
    outside = timeline.status(petrenko, DAY)
    with timeline.remembered():
        assert timeline.status(petrenko, DAY) == timeline.status(petrenko, DAY) == outside
        assert timeline.on_list(petrenko, DAY) == outside.in_custody
        timeline.status(petrenko)  # as of today, which may turn within the block: not kept
        timeline.status(petrenko)
    timeline.status(petrenko, DAY)
    assert [(cid, day is None) for cid, day in calls] == [
        ("petrenko-ivan", False), ("petrenko-ivan", False), ("petrenko-ivan", True),
        ("petrenko-ivan", True), ("petrenko-ivan", False)] and timeline._memo is None


def test_a_release_computes_each_persons_status_once_at_each_end_of_the_month(
        tmp_path, monkeypatch):
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    people = [with_events(case(f"public-{n}", name={"en": f"Person {n}", "uk": f"Особа {n}"}))
              for n in "abcdef"]
    seed(repo, *people, date="2024-09-15T12:00:00+00:00",
         config={"repository": "private", "timezone": "UTC"})
    calls = _counting(monkeypatch)
    release.build(repo.root, "2024-10", today=date(2024, 11, 3))
    # the list, the change log's counts and the chart ask it of each person on Oct 31, the
    # chart on Sep 30 too
    assert sorted(calls) == sorted((c["id"], day) for c in people
                                   for day in (date(2024, 9, 30), DAY))
