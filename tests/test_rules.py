"""The rules' verdict: listed needs a backed criterion and no exclusion; ripe candidates are flagged."""

from __future__ import annotations

from factory import BASE, CRITERIA, Dataset, at, case, check_text, dump, edit, invoke

from kremlinlist.files import loader
from kremlinlist.model import verdict as rules
from kremlinlist.model.case import Criteria

BACKED = "    - id: e\n      sources: [s1]\n"
CRIT = Criteria.model_validate(CRITERIA)


def model(text: str):
    loaded = loader.load_bytes("cases/petrenko-ivan.yaml", text.encode(), "case")
    assert loaded.model is not None, loaded.problems
    return loaded.model


def test_listed_with_a_backed_criterion_is_clean(dataset):
    assert check_text(dataset, BASE) == []
    v = rules.verdict(model(BASE), CRIT)
    assert v.meets_rules and v.criteria[0].backed and v.criteria[0].sources == ("s1",)
    assert v.summary == "meets the criteria for the list"


def test_listed_with_an_unbacked_criterion(dataset):
    text = edit(BACKED, "    - id: e\n")
    p = at(check_text(dataset, text), "listed-without-criterion", 21, 5)
    assert "- {id: e, sources: [s1]}" in p.message
    v = rules.verdict(model(text), CRIT)
    assert not v.meets_rules and "none is backed" in v.summary


def test_listed_without_any_criterion(dataset):
    text = edit("  criteria:\n" + BACKED, "")
    at(check_text(dataset, text), "listed-without-criterion", 18, 3)
    assert rules.verdict(model(text), CRIT).summary == "no criterion is recorded"


def test_assessment_sources_back_plain_criteria(dataset):
    text = edit(BACKED, "    - e\n    - a\n  sources: [s1]\n")
    assert check_text(dataset, text) == []
    v = rules.verdict(model(text), CRIT)
    assert [c.backed for c in v.criteria] == [True, True]


def test_listed_with_an_exclusion(dataset):
    text = edit("  by: [test-org]", "  by: [test-org]\n  exclusions: [war-crimes]")
    p = at(check_text(dataset, text), "listed-with-exclusion", 24, 15)
    assert "`decision: candidate`" in p.message
    v = rules.verdict(model(text), CRIT)
    assert not v.meets_rules and v.exclusions == (("war-crimes", "war-crimes"),)


def test_candidate_that_meets_the_rules_is_a_warning(dataset):
    text = edit("decision: listed", "decision: candidate")
    p = at(check_text(dataset, text), "candidate-meets-criteria", 18, 13, "warning")
    assert "`reason:`" in p.message and "decision: listed" in p.message


def test_candidate_with_a_reason_is_not_flagged(dataset):
    text = edit("decision: listed", "decision: candidate\n  reason: Awaiting the family's consent")
    assert check_text(dataset, text) == []


def test_candidate_with_an_exclusion_is_not_flagged(dataset):
    text = edit("decision: listed", "decision: candidate")
    text = edit("  by: [test-org]", "  by: [test-org]\n  exclusions: [collaboration]", text)
    assert check_text(dataset, text) == []


def test_candidate_without_backing_is_not_flagged(dataset):
    text = edit("decision: listed", "decision: candidate")
    assert check_text(dataset, edit(BACKED, "    - id: e\n", text)) == []


def test_delisted_with_a_reason_is_clean(dataset):
    text = edit("decision: listed", "decision: delisted\n  reason: Released and left the list")
    assert check_text(dataset, text) == []


def test_rules_follow_criteria_yaml(dataset):
    """A criterion removed from criteria.yaml is unknown in every case that cites it."""
    dataset.write("criteria.yaml", dump({**CRITERIA, "criteria": CRITERIA["criteria"][:4]}))
    problems = check_text(dataset, BASE)
    p = at(problems, "unknown-criterion", 21, 11)
    assert "use one of: a, b, c, d" in p.message
    at(problems, "listed-without-criterion", 21, 5)  # an unknown criterion backs nothing


def test_validate_check_and_show_agree_on_a_withheld_case_in_a_public_repository(tmp_path):
    """Its sources live in the private repository, so a recorded criterion counts as backed,
    in every tool alike (the decision is made in rules, not patched on afterwards)."""
    import json

    from kremlinlist.app.validate import validate

    ds = Dataset(tmp_path / "data")
    anon = case("anon-2024-001", publicity="anonymous", events=[
        {"date": "2020-03-10", "type": "detained"}],
        assessment={"decision": "listed", "criteria": ["e"], "by": ["test-org"]})
    for key in ("name", "born", "sources"):
        anon.pop(key)
    ds.add(anon)
    assert validate(ds.root).problems == []
    checked = json.loads(invoke(["check", "anon-2024-001", "--format", "json"], cwd=ds.root).stdout)
    assert checked["meets_rules"] is True
    shown = json.loads(invoke(["show", "anon-2024-001", "--format", "json"], cwd=ds.root).stdout)
    assert shown["verdict"]["meets_rules"] is True
    ds.write("kremlinlist.yaml", "repository: private\n")  # there sources are expected
    codes = {p.code for p in validate(ds.root).problems}
    assert {"listed-without-criterion", "uncited-event"} <= codes
