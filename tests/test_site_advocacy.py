"""The site and the advocacy files together: a public person's page lists the actions for them in
the page's language, the about page names the coalitions and their members, and an action for an
anonymous person never brings that person onto any page."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from factory import GitRepo, action, case, coalition, dump, seed

from kremlinlist.app.site import build_site

CANARY = "Zqx7Canary"
TODAY = date(2024, 3, 10)  # February is the last finished month


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    anon = case("anon-2024-001", publicity="anonymous",
                name={"en": f"Olha {CANARY}", "uk": f"Ольга {CANARY}"})
    seed(repo, case("petrenko-ivan"), anon, config={"repository": "private", "timezone": "UTC"})
    repo.commit("feb", "2024-02-10T10:00:00+00:00", {
        "actions/2024-02-open-letter.yaml": dump(action("2024-02-open-letter", date="2024-02-05")),
        "actions/2024-02-joint-letter.yaml": dump(action(
            "2024-02-joint-letter", date="2024-02-07", title={"en": f"Letter {CANARY}"},
            **{"for": ["petrenko-ivan", "anon-2024-001"]})),
        "coalitions/test-coalition.yaml": dump(coalition())})
    build_site(repo.root, tmp_path / "out", today=TODAY)
    return tmp_path / "out"


def _page(out: Path, lang: str, *parts: str) -> str:
    return (out / lang / Path(*parts) / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang, title, withheld", [
    ("en", "A fictional open letter", "Open letter, 2024-02<"),
    ("uk", "Вигаданий відкритий лист", "Відкритий лист, 2024-02<")])
def test_a_person_page_lists_the_actions_for_them(site, lang, title, withheld):
    """The action also for an anonymous person shows only its type and month, as the redaction
    rule publishes it."""
    page = _page(site, lang, "people", "petrenko-ivan")
    section = page[page.index('id="actions"'):page.index("</section>", page.index('id="actions"'))]
    assert title in section and "2024-02-05" in section
    assert withheld in section and CANARY not in section


def test_the_about_page_names_the_coalition_and_its_members(site):
    about = _page(site, "en", "about")
    assert "Test Coalition" in about and "Test Organization" in about
    assert "Тестова коаліція" in _page(site, "uk", "about")


def test_an_action_for_an_anonymous_person_brings_them_nowhere(site):
    files = [p for p in site.rglob("*") if p.is_file()]
    assert files
    for path in files:
        assert CANARY.encode() not in path.read_bytes(), path
        assert "anon-2024-001" not in path.relative_to(site).as_posix()


def test_the_list_with_actions_validates_against_its_published_schema(site):
    """A person's `actions` made data/list.json fail the schema published beside it."""
    from jsonschema import Draft202012Validator

    listing = json.loads((site / "data" / "list.json").read_text(encoding="utf-8"))
    assert any(p.get("actions") for p in listing["people"])
    schema = json.loads((site / "data" / "schemas" / "list.schema.json").read_text())
    assert list(Draft202012Validator(schema).iter_errors(listing)) == []
