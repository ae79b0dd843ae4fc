"""The site after a person is withheld since the last finished month: a site is rebuilt and
redeployed whole, so it must not publish again someone whose family has since asked to withhold
them. Every person gets the stricter of their publicity at the month's end and at the tip: one
anonymous now is an anonymous row (no page, name, counter, search entry or redirect); one hidden
now is named nowhere and only in the hidden total. The change logs keep their advocacy section,
redacted against the cases as they are now."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from factory import SITE_CANARY, GitRepo, action, dump, site_history

TODAY = date(2024, 5, 10)  # April is the last finished month
# petrenko-ivan hidden now; moroz-serhii (former id moroz-serhiy) and bondar-taras anonymous now;
# the site's anonymous person (SITE_CANARY) hidden now
ANON = f"anon-{SITE_CANARY}"
WITHHELD_NOW = (SITE_CANARY, "petrenko-ivan", "Petrenko", "Петренко", "Iwan", "moroz-serhi", "Moroz",
                "Мороз", "bondar-taras", "Bondar", "Бондар")


def _withhold(repo: GitRepo, when: str, **levels: str) -> None:
    files = {}
    for cid, level in levels.items():
        rel = f"cases/{cid}.yaml"
        data = yaml.safe_load((repo.root / rel).read_text(encoding="utf-8"))
        files[rel] = dump({**data, "publicity": level})
    repo.commit("withhold on request", when, files)


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> tuple[Path, GitRepo]:
    base = tmp_path_factory.mktemp("site-withheld")
    repo = site_history(GitRepo(base / "repo"))
    repo.commit("april actions", "2024-04-20T10:00:00+00:00", {
        "actions/2024-04-letter-bondar.yaml": dump(action(
            "2024-04-letter-bondar", date="2024-04-18", signatures=None,
            title={"en": "Letter for Taras Bondar", "uk": "Лист за Тараса Бондаря"},
            **{"for": ["bondar-taras"]})),
        "actions/2024-04-letter-petrenko.yaml": dump(action(
            "2024-04-letter-petrenko", date="2024-04-19", signatures=None,
            title={"en": "Letter for Ivan Petrenko", "uk": "Лист за Івана Петренка"})),
        "actions/2024-04-letter-olena.yaml": dump(action(
            "2024-04-letter-olena", date="2024-04-17", signatures=None,
            title={"en": "Letter for Olena Kovalchuk", "uk": "Лист за Олену Ковальчук"},
            **{"for": ["kovalchuk-olena"]})),
        "actions/2024-04-letter-anon.yaml": dump(action(
            "2024-04-letter-anon", date="2024-04-16", signatures=None, **{"for": [ANON]}))})
    _withhold(repo, "2024-05-03T10:00:00+00:00", **{
        "petrenko-ivan": "hidden", "moroz-serhii": "anonymous", "bondar-taras": "anonymous", ANON: "hidden"})
    return base, repo


@pytest.fixture(scope="module")
def built(history) -> Path:
    from kremlinlist.app.site import build_site

    base, repo = history
    with pytest.MonkeyPatch.context() as mp:  # this fixture's cache, not every later test's
        mp.setenv("KREMLINLIST_CACHE_DIR", str(base / "cache"))
        build_site(repo.root, base / "out", today=TODAY)
    return base / "out"


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def _assert_named_nowhere(out: Path) -> None:
    files = _files(out)
    assert len(files) > 20
    for path in files:
        rel, data = path.relative_to(out).as_posix(), path.read_bytes()
        for word in WITHHELD_NOW:
            assert word not in rel, (word, rel)
            assert word.encode() not in data, (word, rel)


def test_a_person_withheld_since_the_month_ended_is_named_nowhere(built):
    _assert_named_nowhere(built)


def test_one_withheld_since_a_month_given_by_until_is_named_nowhere(history):
    from kremlinlist.app.site import build_site

    base, repo = history
    build_site(repo.root, base / "out-feb", until="2024-02", today=TODAY)
    _assert_named_nowhere(base / "out-feb")


def test_anonymous_now_is_an_anonymous_row_and_hidden_now_only_the_hidden_total(built):
    listing = json.loads((built / "data" / "list.json").read_text(encoding="utf-8"))
    people = listing["people"]
    assert [p["id"] for p in people if not p["anonymous"]] == ["lysenko-dmytro"]
    # the site's two anonymous people (one of them hidden now) plus the two anonymous now; the
    # ones hidden now are no row
    assert sum(p["anonymous"] for p in people) == 2 - 1 + 2
    assert listing["count"] == len(people)
    assert sorted(p.name for p in (built / "counter").iterdir()) == ["lysenko-dmytro.json"]
    assert "fewer than 5" in listing["hidden"]
    pages = sorted(p.name for p in (built / "en" / "people").iterdir())
    assert pages == ["kovalchuk-olena", "lysenko-dmytro"]  # no page, no redirect for the ones withheld now


def test_the_change_logs_keep_their_advocacy_redacted_as_of_now(built):
    april = json.loads((built / "data" / "changes" / "2024-04.json").read_text("utf-8"))
    actions = {a["id"]: a for a in april["actions"]}
    # public now: in whole; anonymous now: a withheld action with no title; hidden now (public
    # or anonymous at the month's end): none
    assert actions["2024-04-letter-olena"]["title"]["en"] == "Letter for Olena Kovalchuk"
    assert actions[None]["withheld"] and "title" not in actions[None]
    assert actions[None]["for_withheld"] == 1
    assert len(april["actions"]) == 2
    page = (built / "en" / "changes" / "2024-04" / "index.html").read_text(encoding="utf-8")
    assert "Letter for Olena Kovalchuk" in page
    uk = (built / "uk" / "changes" / "2024-04" / "index.html").read_text(encoding="utf-8")
    assert "Лист за Олену Ковальчук" in uk


def test_a_withheld_line_made_now_has_no_listing_date_and_sorts_with_the_withheld(built):
    """A line turned into a withheld one because the person is anonymous now says what an
    anonymous person's line says: no listing date (it was the person's `since`), and it stands
    after the named lines, not at the place its name would sort to."""
    withheld = 0
    for path in sorted((built / "data" / "changes").glob("*.json")):
        log = json.loads(path.read_text(encoding="utf-8"))
        for category in ("added", "released", "died", "delisted", "removed", "updated"):
            entries = log[category]
            flags = [bool(e.get("withheld")) for e in entries]
            assert flags == sorted(flags), (path.name, category)
            for e in entries:
                if e.get("withheld") and category == "added":
                    withheld += 1
                    assert "date" not in e, (path.name, e)
    assert withheld >= 2  # moroz-serhii's and bondar-taras's listings, at least


@pytest.fixture(scope="module")
def renamed_away(tmp_path_factory) -> Path:
    """A public repository withholds someone as it must: their file deleted and a new one, under
    an opaque id and no former ids (a public repository allows none on a withheld case)."""
    from kremlinlist.app.site import build_site

    base = tmp_path_factory.mktemp("site-renamed-away")
    repo = site_history(GitRepo(base / "repo"))
    data = yaml.safe_load((repo.root / "cases/lysenko-dmytro.yaml").read_text(encoding="utf-8"))
    hidden = {k: v for k, v in data.items() if k not in ("name", "aliases", "sources", "summary")}
    hidden.update(id="hid-2024-009", publicity="hidden", events=[
        {k: v for k, v in ev.items() if k in ("date", "type")} for ev in data["events"]])
    repo.commit("withhold on request", "2024-05-03T10:00:00+00:00",
                {"cases/lysenko-dmytro.yaml": None, "cases/hid-2024-009.yaml": dump(hidden)})
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KREMLINLIST_CACHE_DIR", str(base / "cache"))
        build_site(repo.root, base / "out", today=TODAY)
    return base / "out"


def test_one_whose_file_is_gone_since_is_no_row_and_no_line(renamed_away, built):
    """Gone since the month ended is hidden, not anonymous: an anonymous row ("Name withheld", in
    custody) and withheld log lines would stand where the person was, beside the new hidden
    file's total."""
    listing = json.loads((renamed_away / "data" / "list.json").read_text(encoding="utf-8"))
    assert "lysenko-dmytro" not in {p["id"] for p in listing["people"]}
    before = json.loads((built / "data" / "list.json").read_text(encoding="utf-8"))
    site_rows = sum(p["anonymous"] for p in listing["people"])
    assert site_rows == 2  # the site's two anonymous people; no row for the one gone
    assert before["count"] > 0 and listing["count"] == len(listing["people"])
    for path in sorted((renamed_away / "data" / "changes").glob("*.json")):
        log = json.loads(path.read_text(encoding="utf-8"))
        named = [e for c in ("added", "released", "died", "delisted", "removed", "updated")
                 for e in log[c] if not e.get("withheld")]
        assert all(e.get("id") != "lysenko-dmytro" for e in named), path.name
    for path in _files(renamed_away):
        assert b"Lysenko" not in path.read_bytes() and b"lysenko" not in path.read_bytes(), path


def _chart(out: Path, lang: str = "en") -> dict[str, int]:
    page = (out / lang / "index.html").read_text(encoding="utf-8")
    return {m: int(n) for m, n in re.findall(r"<title>(\d{4}-\d{2}): (\d+)</title>", page)}


@pytest.mark.parametrize("site", ["built", "renamed_away"])
def test_no_count_holds_someone_withheld_since(site, request):
    """The list left out someone hidden (or gone) since the month ended, while the month's log,
    the months before and the chart still counted them: "0 -> 2" beside one name, a bar higher
    than the list. Every count now leaves them out, month after month."""
    out = request.getfixturevalue(site)
    listing = json.loads((out / "data" / "list.json").read_text(encoding="utf-8"))
    logs = {path.stem: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted((out / "data" / "changes").glob("*.json"))}
    chart = _chart(out)
    last = max(logs)
    assert logs[last]["count"]["after"] == listing["count"] == chart[last]
    months = sorted(logs)
    for before, month in zip(months, months[1:]):
        assert logs[month]["count"]["before"] == logs[before]["count"]["after"], month
    for month, log in logs.items():
        assert chart[month] == log["count"]["after"], month


@pytest.mark.parametrize("site", ["built", "renamed_away"])
def test_every_months_lines_add_up_to_its_counts(site, request):
    """A line withheld already at the month's end stayed when its person, hidden or gone now, was
    taken out of the counts: "1 -> 1" beside one newly listed line says that person was
    withheld since."""
    out = request.getfixturevalue(site)
    for path in sorted((out / "data" / "changes").glob("*.json")):
        log = json.loads(path.read_text(encoding="utf-8"))
        left = sum(len(log[c]) for c in ("released", "died", "delisted"))
        left += sum(1 for e in log["removed"] if e.get("on_list", True))
        rise = log["count"]["after"] - log["count"]["before"]
        assert rise == len(log["added"]) - left, (path.name, log)
