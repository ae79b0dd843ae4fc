"""The site after a person is withheld since the last finished month: a site is rebuilt and
redeployed whole, so it must not publish again someone whose family has since asked to withhold
them. Every person gets the stricter of their publicity at the month's end and at the tip: one
anonymous now is an anonymous row (no page, name, counter, search entry or redirect); one hidden
now is named nowhere and only in the hidden total. The change logs keep their advocacy section,
redacted against the cases as they are now."""

from __future__ import annotations

import json
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
