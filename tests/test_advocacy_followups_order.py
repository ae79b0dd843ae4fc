"""The export's list orders a person's actions as `kremlinlist actions` does
(`newest_first`): two withheld actions of one month by what they show, never by their files'
names, which begin with their days."""

from __future__ import annotations

import json

from factory import Dataset, action, case, dump, invoke, person

ZHUK = {"en": "Marko Zhuk", "uk": "Марко Жук"}  # a fictional withheld person


def _picket(day: str, also: str) -> tuple[str, str]:
    """A picket on `day` for petrenko-ivan, the public `also` and a withheld person: one type,
    organizations and number of people, so that only the public people tell two apart."""
    aid = f"{day}-picket"
    return f"actions/{aid}.yaml", dump(action(aid, type="picket", date=day, signatures=None, **{
        "for": ["petrenko-ivan", also, "anon-2024-001"]}))


def _orders(tmp_path, name: str, bondar_day: str, kravets_day: str) -> tuple[list, list]:
    """Who else each of petrenko-ivan's actions is for, in the export's order and in the
    listing's."""
    ds = Dataset(tmp_path / name, {"repository": "private", "timezone": "UTC"})
    for c in (case("petrenko-ivan"), person("bondar-olha", "Olha Bondar"),
              person("kravets-petro", "Petro Kravets"),
              case("anon-2024-001", publicity="anonymous", name=ZHUK)):
        ds.add(c)
    ds.write(*_picket(bondar_day, "bondar-olha"))
    ds.write(*_picket(kravets_day, "kravets-petro"))
    exported = invoke(["export", "--format", "json"], ds.root)
    assert exported.returncode == 0, exported.stderr
    row = next(p for p in json.loads(exported.stdout)["people"] if p["id"] == "petrenko-ivan")
    listed = invoke(["actions", "--for", "petrenko-ivan", "--format", "json"], ds.root)
    assert listed.returncode == 0, listed.stderr

    def others(actions: list[dict]) -> list:
        assert all(a.get("withheld") and a["date"] == "2024-10" for a in actions), actions
        return [[p["id"] for p in a["for"] if p["id"] != "petrenko-ivan"] for a in actions]
    return others(row["actions"]), others(json.loads(listed.stdout)["actions"])


def test_the_exports_withheld_actions_of_a_month_are_in_the_listings_order(tmp_path):
    first = _orders(tmp_path, "bondar-first", "2024-10-02", "2024-10-20")
    then = _orders(tmp_path, "kravets-first", "2024-10-20", "2024-10-02")
    assert first[0] == then[0], "the export's order says which day came first"
    assert first[0] == first[1] and then[0] == then[1]
    assert sorted(first[0]) == [["bondar-olha"], ["kravets-petro"]]
