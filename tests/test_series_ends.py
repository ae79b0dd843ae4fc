"""Where `stats --over-time` ends: at the last month that has ended on today in the dataset's
time zone, as the chart of that month's release (and so the site's) does, whether or not the
month has a commit; the month under way is no row, as no release shows it."""

from datetime import date

import pytest

from factory import DETAINED, GitRepo, case, put, seed

from kremlinlist.app import release, stats
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.publish import views

KYIV = {"repository": "public", "timezone": "Europe/Kyiv"}
RELEASED_IN_NOVEMBER = {"date": "2026-11-20", "type": "released", "sources": ["s1"]}


def _rows(root, today):
    return [(r["month"], r["count"], r["added"], r["released"], r["died"])
            for r in stats.over_time(root, "HEAD", today=today).rows]


@pytest.fixture
def october(tmp_path, monkeypatch):
    """One commit, on 2 October 2026: two people held, one released by date on 20 November."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"),
         case("bondar-petro", name={"en": "Petro Bondar", "uk": "Петро Бондар"},
              events=[DETAINED, RELEASED_IN_NOVEMBER]),
         date="2026-10-02T12:00:00+03:00", config=KYIV)
    return repo


def test_the_series_runs_to_the_last_ended_month_as_its_release_chart_does(october):
    """November has ended on 3 December: its row counts the release of its 20th, though no
    commit was made in November, and it is the last point of November's release chart."""
    today = date(2026, 12, 3)
    assert _rows(october.root, today) == [("2026-10", 2, 2, 0, 0), ("2026-11", 1, 0, 1, 0)]
    rows = stats.over_time(october.root, "HEAD", today=today).rows
    chart = release.build(october.root, "2026-11", today=today).series
    assert chart == [(r["month"], r["count"]) for r in rows]


def test_the_month_under_way_is_no_row_even_with_a_commit(october):
    """On 15 November, November is under way: a release refuses it, and the series stops at
    October, though November has a commit (counted to the month's end, it would count days
    still ahead); once it has ended it is a row, with that commit."""
    added = october.commit("one more", "2026-11-05T12:00:00+02:00", put(case("moroz-anna")))
    under_way = date(2026, 11, 15)
    with pytest.raises(KremlinlistError) as refused:
        release.check_month("2026-11", under_way)
    assert refused.value.code == "month-not-ended"
    assert _rows(october.root, under_way) == [("2026-10", 2, 2, 0, 0)]
    after = stats.over_time(october.root, "HEAD", today=date(2026, 12, 1)).rows
    assert [(r["month"], r["commit"], r["count"]) for r in after][-1] == ("2026-11", added, 2)




def test_a_series_without_an_ended_month_says_so(october):
    """In October, the month of the first commit, no month has ended: the text says so, where
    it drew a table with no row."""
    rows = stats.over_time(october.root, "HEAD", today=date(2026, 10, 20)).rows
    assert rows == []
    assert views.series_view(rows) == [
        "no month has ended since the first commit: its month is counted once it has ended"]
