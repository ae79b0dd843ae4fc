"""Only finished months are released; a preview is marked as one; no list is dated after today.

The clock is never mocked: tests either pass `today` through the library API or work relative to
the real date (next month is refused, last month is accepted)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from factory import Dataset, GitRepo, case, cli_at_root, dump, person, put, seed

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.model import dates
from kremlinlist.app import release


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def shift(month: str, by: int) -> str:
    year, mon = (int(x) for x in month.split("-"))
    index = year * 12 + mon - 1 + by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


TODAY = dates.today("UTC")
THIS_MONTH = month_of(TODAY)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A history that starts two months ago and has a commit earlier today."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    start = shift(THIS_MONTH, -2)
    seed(repo, person("aa-one", "Aa One"), date=f"{start}-05T10:00:00+00:00")
    now = datetime.now(timezone.utc) - timedelta(minutes=1)
    repo.commit("new", now.isoformat(timespec="seconds"), put(person("bb-two", "Bb Two")))
    return repo


def test_the_one_today_is_in_the_given_time_zone():
    far_east, far_west = dates.today("Pacific/Kiritimati"), dates.today("Etc/GMT+12")
    assert far_east - far_west in (timedelta(days=1), timedelta(days=2))


def test_a_month_under_way_or_ahead_is_refused_with_the_latest_releasable_month(repo):
    for month in (THIS_MONTH, shift(THIS_MONTH, 1)):
        result = cli_at_root(["release", "--month", month], repo.root)
        assert result.exit_code == 2, result.output
        assert f"latest month that can be released is {shift(THIS_MONTH, -1)}" in result.output
    assert not (repo.root / "releases").exists()


def test_last_month_is_released(repo):
    result = cli_at_root(["release", "--month", shift(THIS_MONTH, -1)], repo.root)
    assert result.exit_code == 0, result.output
    assert (repo.root / "releases" / shift(THIS_MONTH, -1) / "list.json").is_file()


def test_check_month_with_a_fixed_today():
    release.check_month("2026-11", date(2026, 12, 1))
    for month in ("2026-12", "2027-01"):
        with pytest.raises(KremlinlistError) as err:
            release.check_month(month, date(2026, 12, 1))
        assert err.value.usage and "2026-11" in str(err.value)
        assert err.value.code == ("month-in-future" if month == "2027-01" else "month-not-ended")
    release.check_month("2026-12", date(2026, 12, 1), preview=True)
    with pytest.raises(KremlinlistError):
        release.check_month("2027-01", date(2026, 12, 1), preview=True)
    with pytest.raises(KremlinlistError):  # the last day itself has not ended
        release.check_month("2026-11", date(2026, 11, 30))


def test_a_preview_of_the_month_under_way_is_marked_and_dated_today(repo):
    result = cli_at_root(["release", "--month", THIS_MONTH, "--preview"], repo.root)
    assert result.exit_code == 0, result.output
    assert "preview" in result.output
    folder = repo.root / "previews" / THIS_MONTH
    assert not (repo.root / "releases").exists()
    listed = json.loads((folder / "list.json").read_text(encoding="utf-8"))
    assert listed["preview"] is True and listed["as_of"] == TODAY.isoformat()
    assert listed["count"] == 2
    log = json.loads((folder / "changes.json").read_text(encoding="utf-8"))
    assert log["preview"] is True and [e["id"] for e in log["added"]] == ["bb-two"]
    for name in ("CHANGELOG.md", "list.md", "list.csv"):
        first = (folder / name).read_text(encoding="utf-8").splitlines()[0]
        assert "PREVIEW, not a release" in first, name
    html = (folder / "list.html").read_text(encoding="utf-8")
    assert "<title>PREVIEW, not a release" in html
    assert html.count("PREVIEW, not a release") == 2
    again = cli_at_root(["release", "--month", THIS_MONTH, "--preview"], repo.root)
    assert again.exit_code == 0, again.output  # a preview replaces the previous preview


def test_a_preview_of_a_future_month_is_refused(repo):
    result = cli_at_root(["release", "--month", shift(THIS_MONTH, 1), "--preview"], repo.root)
    assert result.exit_code == 2
    assert "has not begun" in result.output
    assert not (repo.root / "previews").exists()


def test_a_preview_goes_where_out_says(repo, tmp_path):
    out = tmp_path / "look"
    result = cli_at_root(["release", "--month", shift(THIS_MONTH, -1), "--preview", "-o", str(out)],
                    repo.root)
    assert result.exit_code == 0, result.output
    assert json.loads((out / "changes.json").read_text(encoding="utf-8"))["preview"] is True


def test_previews_are_ignored_by_git(repo):
    from pathlib import Path

    ignore = (Path(__file__).resolve().parent.parent / ".gitignore").read_text(encoding="utf-8")
    assert "/previews/" in ignore.splitlines()


def test_export_refuses_a_future_as_of_but_takes_today(repo):
    tomorrow = (TODAY + timedelta(days=2)).isoformat()
    result = cli_at_root(["export", "--format", "json", "--as-of", tomorrow], repo.root)
    assert result.exit_code == 2 and "after today" in result.output
    result = cli_at_root(["export", "--format", "json", "--as-of", TODAY.isoformat(), "--rev", "HEAD"],
                    repo.root)
    assert result.exit_code == 0, result.output


def test_validate_judges_future_dates_by_the_dataset_day(tmp_path):
    """validate's "today" is the dataset's (kremlinlist.yaml's time zone), not the machine's:
    a date that is already today far east of UTC is no future date there."""
    from kremlinlist.app.validate import validate

    east = dates.today("Pacific/Kiritimati")
    data = Dataset(tmp_path / "d", config={"repository": "public",
                                           "timezone": "Pacific/Kiritimati"})
    data.add(case(events=[{"date": "2020-03-10", "type": "detained", "sources": ["s1"]},
                          {"date": east.isoformat(), "type": "transferred", "sources": ["s1"]}]))
    codes = [p.code for p in validate(data.root, use_cache=False).problems]
    assert "future-date" not in codes
    data.write("kremlinlist.yaml", dump({"repository": "public", "timezone": "Etc/GMT+12"}))
    if dates.today("Etc/GMT+12") < east:
        codes = [p.code for p in validate(data.root, use_cache=False).problems]
        assert "future-date" in codes


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31)),
       st.integers(min_value=-3, max_value=3), st.booleans())
def test_check_month_accepts_exactly_the_months_that_have_ended(today, by, preview):
    month = shift(month_of(today), by)
    ended = by < 0
    begun = by <= 0
    try:
        release.check_month(month, today, preview)
        accepted = True
    except KremlinlistError as exc:
        accepted = False
        assert exc.usage and shift(month_of(today), -1) in str(exc)
        assert exc.code in ("month-in-future", "month-not-ended")
    assert accepted == (ended or (preview and begun))
