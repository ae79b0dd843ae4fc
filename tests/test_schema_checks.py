"""Schema checks on one case file: each finding at the offending node, saying what to write."""

from __future__ import annotations

import pytest
from factory import BASE, ORG, at, check_text, dump, edit, only

from kremlinlist.files import loader


def test_unknown_top_level_key_suggests_the_right_one(dataset):
    p = at(check_text(dataset, edit("born: 1980", "bron: 1980")), "unknown-key", 5, 1)
    assert "did you mean `born`?" in p.message and "? Keys allowed here: " in p.message


def test_unknown_key_in_an_event(dataset):
    p = at(check_text(dataset, edit("    place: Testville", "    plase: Testville")),
           "unknown-key", 11, 5)
    assert "did you mean `place`?" in p.message
    assert "date_is" in p.message  # the event's keys, not the case's


def test_unknown_key_in_a_source(dataset):
    p = at(check_text(dataset, edit("    publisher: Test News", "    publsher: Test News")),
           "unknown-key", 27, 5)
    assert "did you mean `publisher`?" in p.message


def test_unknown_key_without_a_close_match_lists_the_keys(dataset):
    p = at(check_text(dataset, edit("  since: 2020-04", "  since: 2020-04\n  zzzz: 1")),
           "unknown-key", 20, 3)
    assert "did you mean" not in p.message
    assert p.message.startswith("unknown key; keys allowed here: ") and "decision" in p.message
    assert "zzzz" not in p.message


def test_missing_assessment(dataset):
    text = BASE.split("assessment:")[0] + "sources:" + BASE.split("\nsources:")[1]
    p = at(check_text(dataset, text), "missing-key", 1, 1)
    assert "`assessment` is required" in p.message and "decision:" in p.message


def test_missing_english_name(dataset):
    p = at(check_text(dataset, edit("  en: Ivan Petrenko\n", "")), "missing-key", 2, 1)
    assert "`en` is required" in p.message and "en: Ivan Petrenko" in p.message


def test_missing_event_type(dataset):
    p = at(check_text(dataset, edit("    type: sentenced\n    term: 10y\n", "")),
           "missing-key", 13, 5)
    assert "`type` is required" in p.message and "type: detained" in p.message


def test_missing_source_title(dataset):
    p = at(check_text(dataset, edit("    title: A fictional report\n", "")), "missing-key", 25, 3)
    assert "`title` is required" in p.message


def test_missing_decision(dataset):
    p = at(check_text(dataset, edit("  decision: listed\n", "")), "missing-key", 17, 1)
    assert "candidate, listed, delisted" in p.message


def test_public_case_needs_a_name(dataset):
    text = edit("name:\n  en: Ivan Petrenko\n  uk: Іван Петренко\n", "")
    p = at(check_text(dataset, text), "missing-key", 1, 1)
    assert "name: {en: ..., uk: ...}" in p.message


@pytest.mark.parametrize("old,new,line,column,allowed", [
    ("publicity: public", "publicity: secret", 7, 12, "`public`, `anonymous` or `hidden`"),
    ("decision: listed", "decision: approved", 18, 13, "`candidate`, `listed` or `delisted`"),
    ("type: detained", "type: arrested", 10, 11, "`detained`"),
    ("region: UA-43", "region: UA-43\nsex: m", 7, 6, "`male` or `female`"),
])
def test_enums(dataset, old, new, line, column, allowed):
    p = at(check_text(dataset, edit(old, new)), "invalid-value", line, column)
    assert "must be one of" in p.message and allowed in p.message


def test_release_how_enum(dataset):
    text = edit("    term: 10y\n    sources: [s1]\n", "    term: 10y\n    sources: [s1]\n"
                "  - {date: 2022-01-01, type: released, how: escaped, sources: [s1]}\n")
    p = at(check_text(dataset, text), "invalid-value", 17, 45)
    assert "`exchange`" in p.message


@pytest.mark.parametrize("born", ["1976", "1976-07", "1976-07-13"])
def test_partial_dates_are_accepted(dataset, born):
    assert check_text(dataset, edit("born: 1980", f"born: {born}")) == []


@pytest.mark.parametrize("born,hint", [("1976-7", "zero padding"), ("76", "YYYY"),
                                       ("1850", "between 1900 and 2100"),
                                       ("1976-07-32", "does not exist"),
                                       ("1976/07/13", "YYYY-MM-DD"), ("yesterday", "YYYY")])
def test_bad_dates(dataset, born, hint):
    p = at(check_text(dataset, edit("born: 1980", f"born: {born}")), "invalid-value", 5, 7)
    assert hint in p.message and born not in p.message


@pytest.mark.parametrize("old,new,line,column,words", [
    ("name:\n  en: Ivan Petrenko\n  uk: Іван Петренко", "name: Ivan Petrenko", 2, 7,
     "should be a mapping"),
    ("  en: Ivan Petrenko", "  en: [Ivan, Petrenko]", 3, 7, "should be text, not a list"),
    ("sources: [s1]\n  - date: 2021", "sources: s1\n  - date: 2021", 12, 14, "should be a list"),
    ("  criteria:\n    - id: e\n      sources: [s1]", "  criteria: e", 20, 13, "should be a list"),
    ("born: 1980", "born: [1980]", 5, 7, "expected a date"),
])
def test_wrong_types(dataset, old, new, line, column, words):
    p = only_error(check_text(dataset, edit(old, new)))
    assert (p.line, p.column) == (line, column), p
    assert words in p.message


def only_error(problems):
    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == 1, problems
    return errors[0]


@pytest.mark.parametrize("old,new,line,column,hint", [
    ("region: UA-43", "region: Crimea", 6, 9, "UA-43"),
    ("region: UA-43", "region: UA-43\ncitizenship: [ua]", 7, 15, "ISO 3166-1"),
    ("url: https://example.org/report", "url: example.org", 29, 10, "https://"),
    ("term: 10y", "term: ten years", 15, 11, "20y, 8y6m"),
])
def test_pattern_values(dataset, old, new, line, column, hint):
    p = only_error(check_text(dataset, edit(old, new)))
    assert (p.code, p.line, p.column) == ("invalid-value", line, column), p
    assert hint in p.message


def test_field_on_the_wrong_event_type(dataset):
    p = at(check_text(dataset, edit("    place: Testville", "    place: Testville\n    how: exchange")),
           "invalid-value", 9, 5)
    assert "`how` belongs only on a `released` event" in p.message


def test_empty_required_text(dataset):
    p = at(check_text(dataset, edit("en: Ivan Petrenko", 'en: ""')), "empty-value", 3, 7)
    assert "must not be empty" in p.message


def test_delisted_needs_a_reason(dataset):
    p = at(check_text(dataset, edit("decision: listed", "decision: delisted")), "invalid-value",
           18, 3)
    assert "needs `reason:`" in p.message


def test_listed_needs_by(dataset):
    p = at(check_text(dataset, edit("  by: [test-org]\n", "")), "missing-key", 17, 1)
    assert "by: [ccl]" in p.message


def test_file_name_must_equal_the_id(dataset):
    p = at(check_text(dataset, BASE, rel="cases/petrenko-ivan-2.yaml"), "id-mismatch", 1, 5)
    assert p.message == ("the id must equal the file name: write `id: petrenko-ivan-2`, or "
                         "rename the file to `cases/petrenko-ivan.yaml`")
    hidden = BASE.replace("publicity: public", "publicity: hidden")
    p = at(check_text(dataset, hidden, rel="cases/petrenko-ivan-3.yaml"), "id-mismatch", 1, 5)
    assert "set `id:` to the file name" in p.message and "petrenko" not in p.message
    assert "petrenko-ivan.yaml" not in p.message  # a withheld person's id is never quoted


def test_file_name_that_is_not_an_id(dataset):
    p = at(check_text(dataset, BASE, rel="cases/Petrenko Ivan.yaml"), "id-mismatch", 1, 5)
    assert "rename the file to `cases/petrenko-ivan.yaml`" in p.message
    assert "set `id" not in p.message


@pytest.mark.parametrize("bad", ["Petrenko-Ivan", "petrenko_ivan", "petrenko--ivan", "-petrenko"])
def test_id_form(dataset, bad):
    p = only_error(check_text(dataset, edit("id: petrenko-ivan", f"id: {bad}")))
    assert (p.code, p.line, p.column) == ("invalid-value", 1, 5)
    assert "lowercase latin letters" in p.message and bad not in p.message


def test_former_id_equal_to_the_id(dataset):
    p = at(check_text(dataset, edit("region: UA-43", "region: UA-43\nformer_ids: [petrenko-ivan]")),
           "former-id-is-current", 7, 13)
    assert "remove it" in p.message


@pytest.mark.parametrize("old,new,line,column", [
    ("    place: Testville\n    sources: [s1]", "    place: Testville\n    sources: [s2]", 12, 15),
    ("      sources: [s1]", "      sources: [s1, s9]", 22, 21),
    ("  by: [test-org]", "  by: [test-org]\n  sources: [nope]", 24, 13),
])
def test_unknown_source(dataset, old, new, line, column):
    p = at(check_text(dataset, edit(old, new)), "unknown-source", line, column)
    assert "add it there or correct the id" in p.message


@pytest.mark.parametrize("old,new,code,line,column", [
    ("    - id: e", "    - id: z", "unknown-criterion", 21, 11),
    ("  by: [test-org]", "  by: [test-org]\n  signs: [brave]", "unknown-sign", 24, 11),
    ("  by: [test-org]", "  by: [test-org]\n  exclusions: [none]", "unknown-exclusion", 24, 16),
])
def test_unknown_criteria_signs_exclusions(dataset, old, new, code, line, column):
    problems = check_text(dataset, edit(old, new))
    p = at(problems, code, line, column)
    assert "not an id in criteria.yaml" in p.message and "use one of:" in p.message


def test_unknown_criterion_written_as_a_plain_id(dataset):
    text = edit("    - id: e\n      sources: [s1]\n", "    - y\n")
    text = edit("  by: [test-org]", "  by: [test-org]\n  sources: [s1]", text)
    p = at(check_text(dataset, text), "unknown-criterion", 21, 7)
    assert "a, b, c, d, e" in p.message


def test_unknown_organization(dataset):
    p = at(check_text(dataset, edit("by: [test-org]", "by: [test-org, ccl]")),
           "unknown-organization", 23, 18)
    assert "no file in organizations/ has this id" in p.message
    assert "test-org" not in p.message and "ccl" not in p.message  # not like any id


def test_an_unknown_organization_is_told_the_ids_like_it_only(dataset):
    """Every id was listed, in CI logs too: an organization named after a withheld person's
    among them, whose own path validate says only by a number."""
    dataset.write("organizations/free-zhuk.yaml", dump({**ORG, "id": "free-zhuk"}))
    p = at(check_text(dataset, edit("by: [test-org]", "by: [test-org, tset-org]")),
           "unknown-organization", 23, 18)
    assert "did you mean test-org?" in p.message and "free-zhuk" not in p.message
    p = only(check_text(dataset, edit("by: [test-org]", "by: [TEST-ORG]")), "unknown-organization")
    assert "not an organization id" in p.message and "did you mean test-org?" in p.message


def test_unknown_organization_that_is_not_an_id_is_not_echoed(dataset):
    problems = check_text(dataset, edit("by: [test-org]", "by: [test-org, 'Evil <b>org</b>']"))
    at(problems, "invalid-value", 23, 18)
    at(problems, "unknown-organization", 23, 18)
    assert not any("Evil" in p.message for p in problems)


def test_organization_schema_and_id(dataset):
    dataset.write("organizations/other-org.yaml",
                  "id: wrong-org\nname: {en: Other}\ncountry: UA\nwebsite: ftp://x\n")
    from kremlinlist.app.validate import validate

    problems = [p for p in validate(dataset.root, use_cache=False).problems
                if p.file == "organizations/other-org.yaml"]
    assert [(p.code, p.line, p.column) for p in problems] == [("invalid-value", 4, 10)]
    assert "https://example.org" in problems[0].message
    dataset.write("organizations/other-org.yaml",
                  "id: wrong-org\nname: {en: Other, uk: Інша}\ncountry: UA\n")
    problems = validate(dataset.root, use_cache=False).problems
    assert [(p.file, p.code, p.line, p.column) for p in problems] == [
        ("organizations/other-org.yaml", "id-mismatch", 1, 5)]


def test_criteria_file_problems_are_located(dataset):
    dataset.write("criteria.yaml", "criteria:\n  - id: a\n    text: {en: A}\n")
    from kremlinlist.app.validate import validate

    p = at(validate(dataset.root, use_cache=False).problems, "missing-key", 3, 5)
    assert p.file == "criteria.yaml" and "Ukrainian" in p.message


def test_missing_criteria_file(dataset):
    (dataset.root / "criteria.yaml").unlink()
    from kremlinlist.app.validate import validate

    p = at(validate(dataset.root, use_cache=False).problems, "missing-file", 0, 0)
    assert p.file == "criteria.yaml"


def test_config_problems(dataset):
    dataset.write("kremlinlist.yaml", "repository: open\ntimezone: Mars/Olympus\n")
    from kremlinlist.app.validate import validate

    problems = validate(dataset.root, use_cache=False).problems
    assert {(p.file, p.code, p.line, p.column) for p in problems} == {
        ("kremlinlist.yaml", "invalid-value", 1, 13), ("kremlinlist.yaml", "invalid-value", 2, 11)}


def test_yml_extension_and_stray_folder(dataset):
    dataset.write("cases/petrenko-ivan.yml", BASE)
    dataset.write("cases/sub/petrenko-ivan.yaml", BASE)
    from kremlinlist.app.validate import validate

    problems = validate(dataset.root, use_cache=False).problems
    assert {(p.file, p.code, p.severity) for p in problems} == {
        ("cases/petrenko-ivan.yml", "file-extension", "error"),
        ("cases/sub", "stray-folder", "error")}


def test_loader_never_raises_on_odd_values():
    for text in ["id: 1\nassessment: 2\n", "? [a]\n: b\n", "id:\n", ": x\n", "{}\n", "[]\n",
                 "id: x\nsources: {s1: [1]}\nassessment: {decision: candidate}\n",
                 "id: x\nassessment: {decision: candidate, criteria: [[a]]}\n",
                 "id: x\nevents: [1, [2], {type: died, date: {}}]\nassessment: {decision: listed}\n"]:
        loaded = loader.load_bytes("cases/x.yaml", text.encode(), "case")
        assert loaded.problems and all(p.line >= 1 for p in loaded.problems), text
