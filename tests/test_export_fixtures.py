"""A small fictional list for the export tests (every person here is invented), and its sanity checks.

CANARY is planted in everything that must never be published: `private` blocks, and every
identifying field of the anonymous and hidden cases, their ids included.
"""

from __future__ import annotations

from datetime import date

from factory import case

from kremlinlist.model import timeline
from kremlinlist.model.case import Case

AS_OF = date(2024, 6, 30)
CANARY = "zqcanary"
SERIES = [("2023-07", 3), ("2023-08", 3), ("2023-09", 4), ("2023-10", 4), ("2023-11", 5),
          ("2023-12", 5), ("2024-01", 5), ("2024-02", 6), ("2024-03", 6), ("2024-04", 7),
          ("2024-05", 7), ("2024-06", 8)]


def _src(title: str, url: str | None = "https://example.org/report") -> dict:
    out = {"title": title, "publisher": "Test News", "date": "2020-03-11"}
    if url:
        out["url"] = url
    return out


def _events(*events: dict) -> list[dict]:
    return [{"sources": ["s1"], **e} for e in events]


PRIVATE = {"notes": f"{CANARY} private note", "health": f"{CANARY} health",
           "relatives": [{"name": f"{CANARY} relative", "relation": "sister",
                          "contact": f"+380 {CANARY} phone"}]}


def _secret_case(case_id: str, publicity: str, region: str) -> dict:
    """An anonymous or hidden case with the canary in every identifying field."""
    return case(
        case_id, publicity=publicity, region=region,
        name={"en": f"{CANARY} Name", "uk": f"{CANARY} Ім'я"}, aliases=[f"{CANARY} alias"],
        occupation=f"{CANARY} occupation", summary=f"{CANARY} summary",
        former_ids=[f"old-{CANARY}"],
        events=_events({"date": "2023-02-03", "type": "detained", "place": f"{CANARY} town",
                        "note": f"{CANARY} event note"},
                       {"date": "2023-09-01", "type": "sentenced", "term": "7y",
                        "place": f"{CANARY} court"}),
        sources={"s1": _src(f"{CANARY} source title", f"https://{CANARY}.example.org/x")},
        private=PRIVATE)


def fictional_cases() -> list[dict]:
    """Eleven invented people: eight on the list as of AS_OF, three not."""
    return [
        case("petrenko-ivan", summary="A fictional teacher detained for a post about the war.",
             private=PRIVATE),
        case("kovalchuk-olena", name={"en": "Olena Kovalchuk", "uk": "Олена Ковальчук"},
             region="UA-65", events=_events({"date": "2022-08-14", "type": "detained"},
                                            {"date": "2023-05-02", "type": "sentenced",
                                             "term": "8y6m"}),
             sources={"s1": _src("A fictional verdict")}),
        case("hrytsenko-mykola", name={"en": "Mykola Hrytsenko", "uk": "Микола Гриценко"},
             region="UA-40", events=_events({"date": "2019-11", "type": "detained"})),
        case("bondar-taras", name={"en": "Taras Bondar", "uk": "Тарас Бондар"}, region="UA-23",
             events=_events({"date": "2022-04-02", "type": "detained"},
                            {"date": "2022-05-01", "type": "disappeared"})),
        case("lysenko-dmytro", name={"en": "Dmytro Lysenko"}, region="UA-14",
             events=_events({"type": "detained"})),
        case("moroz-serhii", name={"en": "Serhii Moroz", "uk": "Сергій Мороз"}, region="UA-43",
             events=_events({"date": "2016-02-20", "type": "detained"},
                            {"date": "2017-12-01", "type": "sentenced", "term": "life"})),
        _secret_case(f"anon-{CANARY}-1", "anonymous", "UA-14"),
        _secret_case(f"hidden-{CANARY}-1", "hidden", "UA-43"),
        case("savchuk-andrii", name={"en": "Andrii Savchuk", "uk": "Андрій Савчук"},
             events=_events({"date": "2018-05-05", "type": "detained"},
                            {"date": "2021-06-30", "type": "released", "how": "exchange"})),
        case("tkachenko-iryna", name={"en": "Iryna Tkachenko", "uk": "Ірина Ткаченко"},
             assessment={"decision": "candidate", "reason": "Under review.",
                         "criteria": [{"id": "e", "sources": ["s1"]}]}),
        case("shevchuk-petro", name={"en": "Petro Shevchuk", "uk": "Петро Шевчук"},
             assessment={"decision": "listed", "since": "2025-01",
                         "criteria": [{"id": "e", "sources": ["s1"]}]}),
    ]


def fictional_models() -> list[Case]:
    return [Case.model_validate(c) for c in fictional_cases()]


def test_fixture_cases_are_valid_and_mostly_on_the_list():
    models = fictional_models()
    on = [c.id for c in models if timeline.on_list(c, AS_OF)]
    assert len(on) == 8
    assert {"savchuk-andrii", "tkachenko-iryna", "shevchuk-petro"}.isdisjoint(on)
    assert all(CANARY in c.id for c in models if c.publicity != "public")
