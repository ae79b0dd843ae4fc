"""What an action for a withheld person must not give away: the day it happened (through the
listing's filters or its order), and the person's name through the action file's name, which
validate and a release print to public CI logs; and a person named twice in `for` is one
person."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factory import (TODAY, Dataset, GitRepo, action, case, cli_at_root, dump, invoke, seed)

from kremlinlist.app import actions as advocacy
from kremlinlist.app.validate import validate
from kremlinlist.checks.advocacy import unnamed_file
from kremlinlist.model import redaction
from kremlinlist.model.action import Action
from kremlinlist.model.case import Case

ZHUK = {"en": "Marko Zhuk", "uk": "Марко Жук"}  # a fictional withheld person


def _anonymous(cid: str = "anon-2024-001", **kw) -> dict:
    return case(cid, **{"publicity": "anonymous", "name": ZHUK, **kw})


def _withheld_action(day: str, kind: str = "picket", slug: str = "picket") -> tuple[str, str]:
    """(path, text) of an action dated `day` for the public petrenko-ivan and a withheld
    person."""
    aid = f"{day}-{slug}"
    return f"actions/{aid}.yaml", dump(action(aid, type=kind, date=day, signatures=None,
                                              **{"for": ["petrenko-ivan", "anon-2024-001"]}))


@pytest.fixture
def people(tmp_path) -> Dataset:
    ds = Dataset(tmp_path / "data", {"repository": "private", "timezone": "UTC"})
    ds.add(case("petrenko-ivan"))
    ds.add(_anonymous())
    return ds


def _listed(root: Path, *args: str) -> list[dict]:
    result = cli_at_root(["actions", "--format", "json", *args], root)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["actions"]


# -- 1. the listing's filters and order say no more than the month ----------------------------

def test_a_withheld_actions_day_is_not_told_by_since_or_until(people):
    """Shown as 2024-10, it is in every period that holds some of October: the day it was (the
    12th) is not found by moving --since or --until a day at a time."""
    people.write(*_withheld_action("2024-10-12"))
    for args in (("--since", "2024-10-12"), ("--since", "2024-10-13"), ("--since", "2024-10-31"),
                 ("--until", "2024-10-11"), ("--until", "2024-10-01"),
                 ("--since", "2024-10-20", "--until", "2024-10-25")):
        found = _listed(people.root, *args)
        assert [(a["date"], a.get("withheld")) for a in found] == [("2024-10", True)], args
    assert _listed(people.root, "--since", "2024-11-01") == []
    assert _listed(people.root, "--until", "2024-09-30") == []


def test_a_public_actions_day_still_filters(people):
    people.write("actions/2024-10-12-letter.yaml", dump(action("2024-10-12-letter",
                                                               date="2024-10-12")))
    assert len(_listed(people.root, "--since", "2024-10-12")) == 1
    assert _listed(people.root, "--since", "2024-10-13") == []


def test_withheld_actions_of_a_month_are_not_in_the_order_of_their_days(tmp_path):
    """A picket and a rally of one October, both withheld: listed in the same order whichever
    came first, as their file names (which begin with the day) are not what orders them."""
    orders = []
    for picket_day, rally_day in (("2024-10-02", "2024-10-20"), ("2024-10-20", "2024-10-02")):
        ds = Dataset(tmp_path / picket_day, {"repository": "private", "timezone": "UTC"})
        ds.add(case("petrenko-ivan"))
        ds.add(_anonymous())
        ds.write(*_withheld_action(picket_day, "picket", "picket"))
        ds.write(*_withheld_action(rally_day, "rally", "rally"))
        orders.append([a["type"] for a in _listed(ds.root)])
    assert orders[0] == orders[1] and sorted(orders[0]) == ["picket", "rally"]


# -- 2. an action file named after a withheld person ------------------------------------------

NAMED = "actions/2024-10-12-picket-for-marko-zhuk.yaml"


def _named_action(**kw) -> str:
    return dump(action("2024-10-12-picket-for-marko-zhuk", type="picket", date="2024-10-12",
                       **{"for": ["anon-2024-001"]}, **kw))


def test_an_action_named_after_a_withheld_person_is_a_warning_that_names_no_file(people):
    people.write(NAMED, _named_action(sources={}, signatures=None))  # and a second problem
    problems = validate(people.root, use_cache=False, today=TODAY).problems
    said = [p for p in problems if p.file == unnamed_file(1)]
    assert {(p.code, p.severity) for p in said} == {("identifying-id", "warning"),
                                                    ("uncited-action", "error")}
    assert not [p for p in problems if "zhuk" in p.file.lower()]
    for fmt in ("github", "text", "json"):
        result = invoke(["validate", "--format", fmt], cwd=people.root)
        assert "identifying-id" in result.stdout, result.stdout
        assert "zhuk" not in (result.stdout + result.stderr).lower(), fmt


@pytest.mark.parametrize("rel, aid, person", [
    # an alias, in another script
    ("actions/2024-10-12-picket-zhuk.yaml", "2024-10-12-picket-zhuk",
     _anonymous(name={"en": "Olha Bondar"}, aliases=["Марко Жук"])),
    # glued to another word
    ("actions/2024-10-12-freezhuk.yaml", "2024-10-12-freezhuk", _anonymous()),
])
def test_an_alias_or_a_glued_name_in_an_actions_id_is_found(tmp_path, rel, aid, person):
    ds = Dataset(tmp_path / "data", {"repository": "private", "timezone": "UTC"})
    ds.add(person)
    ds.write(rel, dump(action(aid, **{"for": ["anon-2024-001"]})))
    problems = validate(ds.root, use_cache=False, today=TODAY).problems
    assert [(p.file, p.code) for p in problems] == [(unnamed_file(1), "identifying-id")]


def test_an_action_named_after_a_public_person_or_named_after_no_one_is_fine(people):
    people.write("actions/2024-10-12-picket-petrenko.yaml", dump(action(
        "2024-10-12-picket-petrenko", **{"for": ["petrenko-ivan", "anon-2024-001"]})))
    people.write("actions/2024-10-13-picket.yaml", dump(action(
        "2024-10-13-picket", **{"for": ["anon-2024-001"]})))
    assert validate(people.root, use_cache=False, today=TODAY).problems == []


def test_a_release_names_no_action_file_named_after_a_withheld_person(tmp_path, monkeypatch):
    """A release refused for the file's error says it (in a CI log) without the file's name."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), _anonymous(),
         config={"repository": "private", "timezone": "UTC"})
    repo.commit("oct", "2024-10-20T10:00:00+00:00",
                {NAMED: _named_action(sources={}, signatures=None)})
    result = invoke(["release", "--month", "2024-10"], cwd=repo.root)
    said = result.stdout + result.stderr
    assert result.returncode == 1 and "uncited-action" in said, said
    assert unnamed_file(1) in said and "zhuk" not in said.lower()


# -- 5. one person, named twice ---------------------------------------------------------------

def test_a_person_named_by_id_and_former_id_is_published_once():
    petrenko = Case.model_validate(case("petrenko-ivan", former_ids=["petrenko-i"]))
    zhuk = Case.model_validate(_anonymous(former_ids=["anon-2023-009"]))
    cases = advocacy.cases_by_id([petrenko, zhuk])
    a = Action.model_validate(action(**{"for": ["petrenko-ivan", "petrenko-i", "anon-2024-001",
                                                "anon-2023-009"]}))
    v = redaction.action_view(a, cases)
    assert v is not None and v.withheld
    assert [pid for pid, _names in v.people] == ["petrenko-ivan"]
    assert v.withheld_people == 1
    public = redaction.action_view(Action.model_validate(action(
        **{"for": ["petrenko-i", "petrenko-ivan"]})), cases)
    assert public is not None and [pid for pid, _n in public.people] == ["petrenko-ivan"]
