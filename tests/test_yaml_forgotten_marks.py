"""A mark left out or mistyped (a list item's `- `, a key's colon, a hyphen typed as a dash, a
source's field a level too far left) is named at its line and column with the line to write, in
English and Ukrainian; the advice never merges two list items, and fmt never calls such a file
formatted. Every person here is fictional (tests/factory.py)."""

from __future__ import annotations

import re

import pytest
from factory import BASE, at, case, check_text, dump, edit, invoke

from kremlinlist.app.fmt import format_file
from kremlinlist.base import i18n
from kremlinlist.files import loader, yamlfmt

CASE = "cases/petrenko-ivan.yaml"
LIBYAML = ("did not find expected", "could not find expected", "invalid YAML")
SECOND = "  - date: 2021-01-15"  # line 13: the second event's first line
URL = "    url: https://example.org/report"  # line 29: the last field of source s1 (line 25)


def problems(text: str):
    return loader.load_bytes(CASE, text.encode("utf-8"), "case").problems


def shown(message: str) -> str:
    """The corrected line a message shows: its last `...` span."""
    return re.findall(r"`([^`]*)`", message)[-1]


def ukrainian(text: str):
    with i18n.speaking("uk"):
        return problems(text)


# --- a list item's `- ` forgotten ----------------------------------------------------------------

@pytest.mark.parametrize("line,code", [
    ("    date: 2021-01-15", "yaml-duplicate-key"),  # lined up with the item's keys
    ("  date: 2021-01-15", "yaml-indentation"),  # at the column of the `-`
], ids=["at the keys' column", "at the dash's column"])
def test_a_forgotten_dash_is_said_to_start_a_new_item_not_to_delete_a_key(line, code):
    """The sentencing event without its `- ` was told "delete one of them" (or "line it up with
    the keys above"): followed, the two events merge and one is lost."""
    text = edit(SECOND, line)
    p = at(problems(text), code, 13, 3)
    assert shown(p.message) == SECOND, p.message
    assert "`events`" in p.message and "line 9" in p.message and "delete" not in p.message
    assert not any(raw in p.message for raw in LIBYAML), p.message
    [uk] = ukrainian(text)
    assert (uk.line, uk.column, uk.code) == (13, 3, code)
    assert "новий елемент списку `events`" in uk.message and shown(uk.message) == SECOND


def test_a_forgotten_dash_where_the_list_stands_at_its_keys_column():
    """`events:` with its items at column 1: the item without `- ` reads as a key of the case,
    and libyaml stops at its next key; "line `type:` up with line 14" merged nothing but
    was no fix."""
    text = dump(case()).replace("- date: '2021-01-15'", "date: '2021-01-15'")
    p = at(problems(text), "yaml-indentation", 14, 1)
    assert shown(p.message) == "- date: '2021-01-15'" and "`events`" in p.message, p.message


def test_a_forgotten_dash_in_a_withheld_persons_file_shows_no_value():
    text = edit("publicity: public", "publicity: anonymous", edit(SECOND, "    date: 2021-01-15"))
    p = at(problems(text), "yaml-duplicate-key", 13, 3)
    assert shown(p.message) == "  - date: …" and "2021" not in p.message


@pytest.mark.parametrize("old,new,line,first", [
    ("    term: 10y", "    term: 10y\n    type: detained", 16, 14),
    ("    sources: [s1]\nassessment:", "    sources: [s1]\n    date: 2021-02-01\nassessment:", 17,
     13),
], ids=["another key of the item", "the first key again, alone"])
def test_a_key_written_twice_in_one_item_is_still_to_be_deleted(old, new, line, first):
    p = at(problems(edit(old, new)), "yaml-duplicate-key", line, 5)
    assert "delete one of them" in p.message and f"line {first}" in p.message, p.message


# --- a key's colon missing, a dash that is not a hyphen -------------------------------------------

def test_a_missing_colon_is_named_on_its_own_line():
    """libyaml said "could not find expected ':'" at the next line, in English."""
    text = edit("    place: Testville", "    place Testville")
    p = at(problems(text), "yaml-syntax", 11, 5)
    assert shown(p.message) == "    place: Testville" and "`place`" in p.message
    assert not any(raw in p.message for raw in LIBYAML), p.message
    [uk] = ukrainian(text)
    assert (uk.line, uk.column) == (11, 5)
    assert "немає двокрапки" in uk.message and shown(uk.message) == "    place: Testville"


@pytest.mark.parametrize("dash", ["\u2013", "\u2014", "\u2212"], ids=["en", "em", "minus"])
def test_a_list_item_started_with_a_dash_not_a_hyphen_is_named(dash):
    """A word processor's auto-bullet `–`: libyaml said "did not find expected '-' indicator"."""
    text = edit(SECOND, f"  {dash} date: 2021-01-15")
    p = at(problems(text), "yaml-syntax", 13, 3)
    assert f"“{dash}” (U+{ord(dash):04X})" in p.message and "hyphen" in p.message
    assert shown(p.message) == SECOND and not any(raw in p.message for raw in LIBYAML)
    [uk] = ukrainian(text)
    assert f"тире «{dash}»" in uk.message and "дефіс" in uk.message and shown(uk.message) == SECOND


# --- a source's field a level too far left --------------------------------------------------------

def test_a_source_field_left_of_the_others_names_its_source_and_column(dataset):
    """`url:` two spaces left of the fields of `s1:` above it was told "no source id comes
    before it; start the source with its id", and fmt --check called the file formatted."""
    text = edit(URL, "  url: https://example.org/report")
    p = at(check_text(dataset, text), "source-fields-not-indented", 29, 3)
    assert "`url:`" in p.message and "`s1`" in p.message and "line 25" in p.message
    assert "column 5" in p.message and shown(p.message) == URL and "no source id" not in p.message
    [uk] = ukrainian(text)
    assert "джерела `s1` (рядок 25)" in uk.message and "стовпець 5" in uk.message
    outcome = format_file(dataset.root, CASE, check=True)
    assert not outcome.changed
    assert [(q.line, q.column, q.code) for q in outcome.problems] == \
        [(29, 3, "source-fields-not-indented")]
    result = invoke(["fmt", "--check", CASE], cwd=dataset.root)
    assert result.returncode == 1 and "already formatted" not in result.stdout, result.stdout


def test_the_source_of_a_withheld_persons_field_is_not_named():
    text = edit("publicity: public", "publicity: anonymous",
                edit("  s1:", "  QZCANARY:", edit(URL, "  url: https://example.org/report")))
    text = text.replace("[s1]", "[QZCANARY]").replace("- s1", "- QZCANARY")
    p = next(p for p in problems(text) if p.code == "source-fields-not-indented")
    assert (p.line, p.column) == (29, 3) and "QZCANARY" not in p.message
    assert "line 25" in p.message and shown(p.message) == "    url: …", p.message


def test_validate_says_what_fmt_says_of_a_misplaced_field_after_a_byte_order_mark(dataset):
    data = b"\xef\xbb\xbf" + edit(URL, "  url: https://example.org/report").encode("utf-8")
    (dataset.root / CASE).write_bytes(data)
    [p] = format_file(dataset.root, CASE).problems
    said = [(q.line, q.column, q.code) for q in check_text(dataset, data) if q.code != "bom"]
    assert said == [(p.line, p.column, p.code)] == [(29, 3, "source-fields-not-indented")]


# --- fmt and a tab --------------------------------------------------------------------------------

def test_fmt_writes_a_space_for_a_tab_after_a_colon(dataset):
    """YAML allows a tab after a key's colon, so validate passes; fmt refused the file with
    "unexpected text between values", at no line, and "left as it is" under --check too."""
    text = edit("born: 1980", "born:\t1980  \t# a year only")
    path = dataset.write(CASE, text)
    assert problems(text) == []
    result = invoke(["fmt", "--check", CASE], cwd=dataset.root)
    assert result.returncode == 1 and "would reformat" in result.stdout, result.stdout
    assert format_file(dataset.root, CASE).changed
    assert "born: 1980  # a year only\n" in path.read_text(encoding="utf-8")


def test_what_fmt_cannot_format_is_said_at_its_place_and_not_said_to_be_left(dataset,
                                                                            monkeypatch):
    dataset.write(CASE, BASE.replace("born: 1980", "born:  1980"))

    def refuse(text: str, kind: str) -> str:
        raise yamlfmt.Unformattable("unexpected text between values", 5, 7)

    monkeypatch.setattr(yamlfmt, "format_text", refuse)
    [p] = format_file(dataset.root, CASE, check=True).problems
    assert (p.line, p.column, p.code) == (5, 7, "not-formatted")
    assert "left" not in p.message and "unexpected text between values" in p.message
