"""All problems at once: a case with schema errors still gets its reference, timeline and rule
findings, so fixing what one run shows reveals nothing new; what was cut to check it never
invents a finding; `show` and `check` say plainly when a case has errors, and exit 1."""

from __future__ import annotations

import json

import pytest
from factory import BASE, Dataset, case, check_text, dump, edit, invoke

from kremlinlist.checks import salvage
from kremlinlist.checks.registry import CHECKS

REL = "cases/petrenko-ivan.yaml"

def broken() -> str:
    """BASE with five schema errors, an unknown source, a future date, a release before the
    detention and a listed case whose only criterion cites nothing."""
    text = edit("born: 1980\n", "born: 1980\nocupation: teacher\nsex: man\n")      # 2 schema
    text = edit("    term: 10y\n", "    term: ten years\n", text)                 # schema
    text = edit("region: UA-43\n", "region: Crimea\n", text)                      # schema
    text = edit("    publisher: Test News\n", "    publisher: Test News\n    pages: 3\n", text)
    text = edit("    place: Testville\n    sources: [s1]\n",
                "    place: Testville\n    sources: [s9]\n", text)                # unknown source
    text = edit("  - date: 2021-01-15\n", "  - date: 2031-01-15\n", text)         # future date
    text = edit("    - id: e\n      sources: [s1]\n", "    - id: z\n", text)      # unknown criterion
    return text


def test_one_run_shows_schema_reference_timeline_and_rule_problems(dataset):
    found = check_text(dataset, broken())
    codes = sorted(p.code for p in found)
    assert codes.count("unknown-key") == 2 and codes.count("invalid-value") == 3, found
    for code in ("unknown-source", "future-date", "unknown-criterion"):
        assert code in codes, found
    where = {p.code: p.line for p in found}
    assert where["unknown-source"] == 14 and where["future-date"] == 15


def test_fixing_the_schema_errors_reveals_nothing_new(dataset):
    first = {(p.code, p.message) for p in check_text(dataset, broken())}
    fixed = broken().replace("ocupation: teacher\nsex: man\n", "").replace(
        "ten years", "10y").replace("region: Crimea", "region: UA-43").replace(
        "    pages: 3\n", "")
    second = check_text(dataset, fixed)
    assert second and {(p.code, p.message) for p in second} <= first, second


def test_a_cut_event_is_not_taken_for_a_missing_detention(dataset):
    """The only detention does not validate: without it the release would look unexplained,
    so that finding is not made; the schema error is all that is said about the timeline."""
    text = edit("    type: detained\n", "    type: detaind\n")
    text = edit("  - date: 2021-01-15\n    type: sentenced\n    term: 10y\n",
                "  - date: 2021-01-15\n    type: released\n    how: exchange\n", text)
    codes = [p.code for p in check_text(dataset, text)]
    assert codes == ["invalid-value"]


def test_a_cut_source_is_not_taken_for_an_unknown_one(dataset):
    text = edit("    title: A fictional report\n", "    title: [A fictional report]\n")
    assert [p.code for p in check_text(dataset, text)] == ["wrong-type"]


def test_a_finding_after_a_cut_list_item_is_placed_on_its_own_line(dataset):
    """Event 0 is cut; the unknown source of event 1 is still reported on event 1's line."""
    text = edit("    type: detained\n", "    type: arrested\n")
    text = edit("    term: 10y\n    sources: [s1]\n", "    term: 10y\n    sources: [s5]\n", text)
    found = check_text(dataset, text)
    assert [(p.code, p.line) for p in found] == [("invalid-value", 10), ("unknown-source", 16)]


def test_an_unreadable_publicity_stops_the_checks_that_depend_on_it(dataset):
    text = edit("publicity: public\n", "publicity: secret\n")
    text = edit("    place: Testville\n    sources: [s1]\n",
                "    place: Testville\n    sources: [s9]\n", text)
    assert [p.code for p in check_text(dataset, text)] == ["invalid-value"]


def test_a_salvaged_anonymous_case_says_nothing_identifying(tmp_path):
    canary = "QZSALVAGECANARY"
    dataset = Dataset(tmp_path / "data")
    data = case("anon-2024-009", publicity="anonymous", name=None, region="UA-43",
                summary=None, events=[{"date": "2020-03-10", "type": "detained",
                                       "place": f"{canary} town"},
                                      {"date": "2031-01-01", "type": "charged"}],
                sources={})
    data = {k: v for k, v in data.items() if v is not None}
    data["assessment"] = {"decision": "candidate", "signs": [f"{canary}-sign"]}
    data["born"] = "nineteen-eighty"
    dataset.write("cases/anon-2024-009.yaml", dump(data))
    for fmt in ("text", "json", "github"):
        result = invoke(["validate", "--no-cache", "--format", fmt], cwd=dataset.root)
        assert result.returncode == 1
        assert "future-date" in result.stdout and "identifying-field" in result.stdout
        assert canary not in result.stdout + result.stderr


def test_a_listed_case_without_by_is_reported_beside_a_schema_error(dataset):
    text = edit("  by: [test-org]\n", "")
    text = edit("    term: 10y\n", "    term: ten years\n", text)
    assert sorted(p.code for p in check_text(dataset, text)) == ["invalid-value", "missing-key"]


def test_a_missing_name_is_not_inferred_from_a_cut_one(dataset):
    text = edit("  en: Ivan Petrenko\n", "  en: [Ivan, Petrenko]\n")
    assert [p.code for p in check_text(dataset, text)] == ["wrong-type"]


def test_salvage_gives_up_without_an_assessment_or_an_id():
    assert salvage.salvage({"id": "x", "assessment": {"decision": "maybe"}}) is None
    assert salvage.salvage({"id": "Not An Id", "assessment": {"decision": "listed"}}) is None
    assert salvage.salvage(["not", "a", "mapping"]) is None


def test_every_code_a_salvaged_case_may_keep_is_a_registered_check_code():
    codes = {c for _, cs in CHECKS for c in cs}
    assert set(salvage.READS) <= codes


# --- show and check -----------------------------------------------------------------------------

@pytest.fixture
def with_errors(dataset):
    dataset.write(REL, edit("    place: Testville\n    sources: [s1]\n",
                            "    place: Testville\n    sources: [s9]\n"))
    return dataset


def test_show_says_plainly_that_a_case_has_errors_and_exits_1(with_errors):
    result = invoke(["show", "petrenko-ivan"], cwd=with_errors.root)
    assert result.returncode == 1, result.stderr
    assert "this case has 1 error; the card may be wrong until it is fixed" in result.stdout
    assert "line 12: error unknown-source" in result.stdout
    assert "yes (unsure until its errors are fixed)" in result.stdout


def test_show_json_counts_the_errors_and_exits_1(with_errors):
    result = invoke(["show", "petrenko-ivan", "--format", "json"], cwd=with_errors.root)
    assert result.returncode == 1
    card = json.loads(result.stdout)
    assert card["errors"] == 1 and [p["code"] for p in card["problems"]] == ["unknown-source"]


def test_show_of_a_clean_case_exits_0(dataset):
    dataset.write(REL, BASE)
    result = invoke(["show", "petrenko-ivan"], cwd=dataset.root)
    assert result.returncode == 0 and "error" not in result.stdout


def test_show_of_a_case_with_schema_errors_lists_all_its_problems(dataset):
    text = edit("    term: 10y\n", "    term: ten years\n")
    dataset.write(REL, edit("    place: Testville\n    sources: [s1]\n",
                            "    place: Testville\n    sources: [s9]\n", text))
    result = invoke(["show", "petrenko-ivan"], cwd=dataset.root)
    assert result.returncode == 1
    assert "invalid-value" in result.stdout and "unknown-source" in result.stdout


def test_check_says_plainly_that_a_case_has_errors_and_exits_1(with_errors):
    result = invoke(["check", "petrenko-ivan"], cwd=with_errors.root)
    assert result.returncode == 1
    assert "This case has 1 error (below); the verdict may change once it is fixed." \
        in result.stdout
    clean = invoke(["check", "petrenko-ivan"], cwd=with_errors.root)
    assert "unknown-source" in clean.stdout
    with_errors.write(REL, BASE)
    result = invoke(["check", "petrenko-ivan"], cwd=with_errors.root)
    assert result.returncode == 0 and "This case has" not in result.stdout
