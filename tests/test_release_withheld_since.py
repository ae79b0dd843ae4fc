"""A release made after a person was withheld: the month's release is run days after the month
ended, from a checkout whose tip may already record that a family withdrew their consent. It
publishes each person at the stricter of their publicity at the month's end and at the tip, as
the site does, so no file of it names someone withheld since, and its counts agree."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from factory import GitRepo, action, case, dump, put, seed, with_events

from kremlinlist.app import release

TODAY = date(2026, 12, 3)
OLHA = case("kovalenko-olha", name={"en": "Olha Kovalenko", "uk": "Ольга Коваленко"},
            aliases=["Olga Kowalenko"],
            sources={"s1": {"title": "Olha's arrest", "url": "https://olha-canary.example/x"}})
MOROZ = case("moroz-serhii", name={"en": "Serhii Moroz", "uk": "Сергій Мороз"},
             sources={"s1": {"title": "Serhii's arrest", "url": "https://moroz-canary.example/x"}})
# what of them no file may hold: hidden now (Olha), anonymous now (Serhii)
NAMED_NOWHERE = ("kovalenko-olha", "Kovalenko", "Коваленко", "Kowalenko", "olha-canary",
                 "moroz-serhii", "Moroz", "Мороз", "moroz-canary")
OTHERS = [case(f"public-{n}", name={"en": f"Person {n}", "uk": f"Особа {n}"}) for n in "abcdef"]


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> GitRepo:
    """Olha and Serhii public at the end of November (Olha has a new event and an advocacy action
    that month); on 2 December Olha is made hidden and Serhii anonymous."""
    repo = GitRepo(tmp_path_factory.mktemp("withheld-since") / "repo")
    seed(repo, OLHA, MOROZ, *OTHERS, date="2026-09-15T12:00:00+00:00",
         config={"repository": "private", "timezone": "UTC"})
    moved = with_events(OLHA, {"date": "2026-11-05", "type": "transferred", "to": "Canary SIZO",
                               "sources": ["s1"]})
    repo.commit("november", "2026-11-10T12:00:00+00:00", {
        **put(moved, case("public-g", name={"en": "Person g", "uk": "Особа g"})),
        "actions/2026-11-letter-olha.yaml": dump(action(
            "2026-11-letter-olha", date="2026-11-08", signatures=None,
            title={"en": "Letter for Olha Kovalenko", "uk": "Лист за Ольгу Коваленко"},
            **{"for": ["kovalenko-olha", "public-a"]})),
        "actions/2026-11-letter-serhii.yaml": dump(action(
            "2026-11-letter-serhii", date="2026-11-09", signatures=None,
            title={"en": "Letter for Serhii Moroz", "uk": "Лист за Сергія Мороза"},
            **{"for": ["moroz-serhii", "public-a"]}))})
    repo.commit("withhold on request", "2026-12-02T12:00:00+00:00",
                put(dict(OLHA, publicity="hidden"), dict(MOROZ, publicity="anonymous")))
    return repo


@pytest.fixture(scope="module")
def released(repo, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out") / "2026-11"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KREMLINLIST_CACHE_DIR", str(out.parent / "cache"))
        release.release(repo.root, "2026-11", out=out, today=TODAY, lang="en,uk")
    return out


def test_no_file_names_someone_withheld_after_the_month(released):
    files = sorted(p for p in released.iterdir() if p.is_file())
    assert {p.name for p in files} >= {"CHANGELOG.md", "changes.json", "list.csv", "list.json",
                                       "list.html", "list.md", "list.uk.md", "list.uk.html"}
    for path in files:
        text = path.read_text(encoding="utf-8")
        for word in NAMED_NOWHERE:
            assert word not in text, (path.name, word)


def test_the_counts_agree_with_the_list(released):
    log = json.loads((released / "changes.json").read_text(encoding="utf-8"))
    listed = json.loads((released / "list.json").read_text(encoding="utf-8"))
    people = listed["people"]
    # Olha is in the hidden total only; Serhii is an anonymous row, counted
    assert len(people) == 8 and sum(p["id"] is None for p in people) == 1
    assert log["count"] == {"before": 7, "after": 8}
    assert [e["id"] for e in log["added"]] == ["public-g"]
    assert not log["updated"]  # Olha's transfer is not told, nor that she was withheld
    (letter,) = log["actions"]  # Olha's is not published at all, Serhii's withheld
    assert letter["withheld"] and letter["for_withheld"] == 1 and letter["for"] == [
        {"id": "public-a", "name": {"en": "Person a", "uk": "Особа a"}}]


def test_the_chart_ends_with_the_change_logs_counts(repo, tmp_path, monkeypatch):
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    rel = release.build(repo.root, "2026-11", today=TODAY)
    assert dict(rel.series)["2026-10"] == rel.log.before == 7
    assert dict(rel.series)["2026-11"] == rel.log.after == rel.public.count == 8


def test_a_withheld_line_never_says_what_was_corrected_but_its_region(tmp_path, monkeypatch):
    """Public in September, anonymous from October: October's line must not say "corrected:
    publicity", which dates the withholding the site hides; one anonymous all along says only
    the corrections of what its line shows."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    beta = case("beta-public", name={"en": "Beta Canarytwo", "uk": "Бета"})
    gamma = case("gamma-anon", name={"en": "Gamma Canarythree", "uk": "Гамма"},
                 publicity="anonymous")
    seed(repo, beta, gamma, *OTHERS, date="2026-09-15T12:00:00+00:00",
         config={"repository": "private", "timezone": "UTC"})
    repo.commit("withhold", "2026-10-15T12:00:00+00:00", {"cases/gamma-anon.yaml": None, **put(
        dict(beta, publicity="anonymous"),
        dict(gamma, region="UA-14", name={"en": "Gamma Other", "uk": "Гамма"}, id="gamma-new",
             former_ids=["gamma-anon"]))})
    out = tmp_path / "2026-10"
    release.release(repo.root, "2026-10", out=out, today=date(2026, 11, 3))
    text = (out / "changes.json").read_text(encoding="utf-8")
    assert "publicity" not in text and "former_ids" not in text and '"name"' not in text
    (line,) = json.loads(text)["updated"]
    assert line == {"id": None, "withheld": True, "corrections": ["region"]}
    assert "Canary" not in (out / "CHANGELOG.md").read_text(encoding="utf-8")
