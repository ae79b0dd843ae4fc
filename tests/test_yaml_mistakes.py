"""The everyday YAML mistakes get a located message naming the likely cause and the line as it
should be written, never libyaml's raw words; a value cut at ` #` and curly quotes warn; nothing of
a withheld person's file or of a private block is quoted in any of it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from factory import BASE, ORG, Dataset, at, check_text, dump, edit, examples, invoke
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kremlinlist.app import new
from kremlinlist.base import i18n
from kremlinlist.files import loader, yamlsafe

CASE = "cases/petrenko-ivan.yaml"
BROKEN = Path(__file__).resolve().parent / "broken"
EXPECTED = yaml.safe_load((BROKEN / "expected.yaml").read_text(encoding="utf-8"))
LIBYAML = ("mapping values are not allowed", "did not find expected", "could not find expected",
           "found unexpected end of stream", "invalid YAML")
CANARY = "QZCANARY"
CYRILLIC = re.compile("[А-Яа-яІіЇїЄєҐґ]")


def problems(text: str, rel: str = CASE):
    return loader.load_bytes(rel, text.encode("utf-8"), "case").problems


def outputs(root: Path) -> str:
    """Everything `validate` prints in every format."""
    out = []
    for fmt in ("text", "json", "github"):
        result = invoke(["validate", "--no-cache", "--format", fmt], cwd=root)
        assert result.returncode in (0, 1), result.stderr
        out += [result.stdout, result.stderr]
    return "\n".join(out)


def shown(message: str) -> str:
    """The corrected line a message shows: its last `...` span."""
    return re.findall(r"`([^`]*)`", message)[-1]


# --- the table, row by row, and the ` #` warning ----------------------------------------

TITLE = "    title: A fictional report"
TABLE = [
    # (mistake, old line, new line, line, column, code, the corrected line shown)
    ("unquoted colon in a value", TITLE, "    title: Court: monitoring note", 26, 17,
     "yaml-unquoted-colon", '    title: "Court: monitoring note"'),
    ("curly quotes around a value with a colon", TITLE, "    title: “Court: monitoring note”",
     26, 12, "yaml-curly-quotes", '    title: "Court: monitoring note"'),
    ("a key indented one space too far", "    publisher: Test News",
     "     publisher: Test News", 27, 1, "yaml-indentation", "    publisher: Test News"),
    ("a key indented one space too far at the top", "born: 1980", " born: 1980", 5, 1,
     "yaml-indentation", "born: 1980"),
    ("a list item indented wrongly", "  - date: 2021-01-15", "   - date: 2021-01-15", 13, 1,
     "yaml-indentation", "  - date: 2021-01-15"),
    ("a key dedented by one", "    publisher: Test News", "   publisher: Test News", 27, 1,
     "yaml-indentation", "    publisher: Test News"),
    ("a key dedented by one in a list item", "    type: detained", "   type: detained", 10, 1,
     "yaml-indentation", "    type: detained"),
    ("a no-break space after `occupation:`", "born: 1980",
     "occupation:\u00a0teacher\nborn: 1980", 5, 12, "yaml-no-break-space", "occupation: teacher"),
    ("source fields dedented under `sources:`",
     "    title: A fictional report\n    publisher: Test News\n    date: 2020-03-11\n"
     "    url: https://example.org/report",
     "  title: A fictional report\n  publisher: Test News\n  date: 2020-03-11\n"
     "  url: https://example.org/report", 26, 3, "source-fields-not-indented",
     "    title: A fictional report"),
    ("` #` inside an unquoted value", TITLE, "    title: Court monitoring #3 note", 26, 29,
     "comment-in-value", '    title: "Court monitoring #3 note"'),
]


@pytest.mark.parametrize("mistake,old,new,line,column,code,fixed", TABLE,
                         ids=[row[0] for row in TABLE])
def test_each_everyday_mistake_is_explained_with_the_line_as_it_should_be(
        mistake, old, new, line, column, code, fixed):
    found = problems(edit(old, new))
    p = found[0]
    assert (p.line, p.column, p.code) == (line, column, code), found
    assert shown(p.message) == fixed, p.message
    assert not any(raw in p.message for raw in LIBYAML), p.message


def test_the_cut_value_is_still_read_as_yaml_reads_it():
    """The warning does not change what is read: the title is cut, and says so."""
    loaded = loader.load_bytes(CASE, edit(TITLE, "    title: Court monitoring #3 note").encode(),
                               "case")
    assert loaded.model.sources["s1"].title == "Court monitoring"
    assert [p.severity for p in loaded.problems] == ["warning"]


def test_curly_quotes_and_no_break_spaces_are_named_as_such():
    curly = problems(edit(TITLE, "    title: “Court: monitoring note”"))[0].message
    assert "curly quote (“)" in curly
    nbsp = problems(edit("born: 1980", "occupation:\u00a0teacher\nborn: 1980"))[0].message
    assert "no-break space (U+00A0)" in nbsp and "`occupation:`" in nbsp
    wrapped = problems(edit(TITLE, "    title: “Monitoring note”"))
    assert [(p.code, p.severity) for p in wrapped] == [("curly-quotes-in-value", "warning")]
    assert "curly quotes (“”)" in wrapped[0].message


@pytest.mark.parametrize("line", [
    "    title: Court monitoring  # a comment of the researcher's own",
    "    title: Court monitoring # a comment after one space",
    '    title: "Court monitoring #3 note"',
    "    title: 'Court monitoring #3 note'",
    "    title: «Справа Кримських татар»",
    "    title: Кучм’як і О’Браєн",
])
def test_what_is_not_a_mistake_is_not_warned_about(line):
    assert problems(edit(TITLE, line)) == []


def test_a_hash_in_a_block_value_is_text_not_a_comment():
    text = edit("publicity: public\n", "publicity: public\nsummary: |\n  Held in cell #12.\n")
    assert problems(text) == []


@pytest.mark.parametrize("text", [
    "id: petrenko-ivan\nname:\n  en: [Ivan\n",
    'id: petrenko-ivan\nsummary: "a quote that closes\n---\nafter a document marker"\n',
])
def test_unrecognized_syntax_errors_keep_libyaml_words(text):
    p = problems(text)[0]
    assert p.code == "yaml-syntax" and p.message.startswith("invalid YAML")


def test_the_explanation_reaches_validate_and_its_github_annotation(dataset):
    p = at(check_text(dataset, edit(TITLE, "    title: Court: monitoring note")),
           "yaml-unquoted-colon", 26, 17)
    assert 'put the value in quotes: `    title: "Court: monitoring note"`' in p.message


# --- a value that starts with `#`: read as a comment, the text lost ---------------------------

HASHTAG = "summary: #ПолітвязніКремля arrested in Melitopol"


@pytest.mark.parametrize("old,new,line,column,fixed,words", [
    ("born: 1980\n", f"born: 1980\n{HASHTAG}\n", 6, 10,
     'summary: "#ПолітвязніКремля arrested in Melitopol"', "the value of `summary:`"),
    (TITLE, "    title: #FreeThem", 26, 12, '    title: "#FreeThem"', "the value of `title:`"),
    ("born: 1980\n", "born: 1980\naliases:\n  - #Вільні\n", 7, 5, '  - "#Вільні"',
     "the item is read as empty"),
], ids=["an optional field", "a required field", "a list item"])
def test_a_value_starting_with_a_hash_is_an_error_at_the_hash(old, new, line, column, fixed,
                                                               words):
    """`key: #word` is a comment to YAML: the value was read as empty without a word (or, for a
    required field, as "should be text, not empty"), and the text was gone."""
    found = problems(edit(old, new))
    assert [(p.line, p.column, p.severity, p.code) for p in found] == [
        (line, column, "error", "value-read-as-comment")], found
    assert shown(found[0].message) == fixed and words in found[0].message
    assert problems(mended(edit(old, new), line, fixed)) == []


@pytest.mark.parametrize("new", [
    "born: 1980\nsummary: Arrested in Melitopol  # a note of my own\n",
    "born: 1980\nsummary:  # a note of my own, the summary to come\n",
    "born: 1980\n#ПолітвязніКремля: a comment line\n",
    "born: 1980\naliases: #Вільні stays a comment: a list follows\n  - Ivan P.\n",
])
def test_a_comment_after_a_value_or_on_its_own_line_empties_nothing(new):
    assert problems(edit("born: 1980\n", new)) == []


@pytest.mark.parametrize("old,new,line,column,fixed", [
    ("born: 1980\n", f"born: 1980\n{HASHTAG}\n  for posts in social media\n", 6, 10,
     'summary: "#ПолітвязніКремля arrested in Melitopol for posts in social media"'),
    (TITLE, "    title: #Breaking\n      A fictional report", 26, 12,
     '    title: "#Breaking A fictional report"'),
    ("born: 1980\n", "born: 1980\nsummary: first line\n  #second\n", 7, 3,
     'summary: "first line #second"'),
    ("born: 1980\n", "born: 1980\naliases:\n  - #Вільні\n    Ivan P.\n", 7, 5,
     '  - "#Вільні Ivan P."'),
], ids=["a hashtag going on below", "a title going on below", "a line of a value",
        "a list item going on below"])
def test_a_hash_that_cuts_a_value_written_over_lines_is_an_error(old, new, line, column, fixed):
    """`summary: #tag words` going on on the next line read as the next line alone, and a
    `#word` line of a value was left out: both passed without a word."""
    found = problems(edit(old, new))
    assert [(p.line, p.column, p.severity, p.code) for p in found] == [
        (line, column, "error", "value-read-as-comment")], found
    assert shown(found[0].message) == fixed, found[0].message
    first, last = map(int, re.search(r"lines (\d+)–(\d+)", found[0].message).groups())
    lines = edit(old, new).split("\n")
    assert problems("\n".join(lines[:first - 1] + [fixed] + lines[last:])) == []


def test_a_hash_value_of_an_unknown_key_keeps_its_unknown_key_error():
    """`mynote: #tag` in an event: the `#` error hid the key's own, that no event has it."""
    found = problems(edit(PLACE + "\n", PLACE + "\n    mynote: #tag\n"))
    assert {(p.line, p.code) for p in found} == {(12, "value-read-as-comment"),
                                                  (12, "unknown-key")}, found


def test_a_hash_value_reads_in_ukrainian_at_the_same_place(tmp_path):
    dataset = Dataset(tmp_path / "data", {"repository": "private"})
    dataset.write(CASE, edit("born: 1980\n", f"born: 1980\n{HASHTAG}\n"))
    result = invoke(["--lang", "uk", "validate", "--no-cache"], cwd=dataset.root)
    assert f"{CASE}:6:10: error value-read-as-comment значення не може починатися з `#`" \
        in result.stdout, result.stdout
    assert '`summary: "#ПолітвязніКремля arrested in Melitopol"`' in result.stdout


# --- the second round: libyaml's words, or advice that made the file worse -------------------

def mended(text: str, line: int, shown_line: str) -> str:
    """`text` with line `line` written as the message shows it."""
    lines = text.split("\n")
    lines[line - 1] = shown_line
    return "\n".join(lines)


S1 = "  s1:\n    title: A fictional report\n    publisher: Test News\n"


@pytest.mark.parametrize("old,new,line,fixed", [
    (S1, "  s1:\n  title: A fictional report\n    publisher: Test News\n", 26,
     "    title: A fictional report"),
    ("  decision: listed", "decision: listed", 18, "  decision: listed"),
    ("    date: 2020-03-11", "  date: 2020-03-11", 28, "    date: 2020-03-11"),
    ("  en: Ivan Petrenko", " en: Ivan Petrenko", 3, "  en: Ivan Petrenko"),
    ("  en: Ivan Petrenko", "   en: Ivan Petrenko", 3, "  en: Ivan Petrenko"),
], ids=["source title at its id's column", "decision at the left edge",
        "a source's date at its id's column, one key after it",
        "a name's first key one space in, one key after it",
        "a name's first key three spaces in, one key after it"])
def test_the_line_indented_too_little_is_blamed_not_the_keys_below_it(old, new, line, fixed):
    """`title:` at its source id's column, the keys below it where they belong: the advice had
    been to move the next key left, then each after it, one run each, ending in other errors.
    With one key after it, moving that key too made the file read: the advice blamed it."""
    text = edit(old, new)
    p = problems(text)[0]
    assert (p.line, p.column, p.code) == (line, 1, "yaml-indentation"), p
    assert shown(p.message) == fixed and "this line that is out of place" in p.message
    assert problems(mended(text, line, fixed)) == []  # one run, and the file reads


def test_a_key_indented_one_too_far_is_still_the_one_blamed():
    p = problems(edit("    publisher: Test News", "     publisher: Test News"))[0]
    assert (p.line, p.code, shown(p.message)) == (27, "yaml-indentation",
                                                   "    publisher: Test News")


def _new_file(tmp_path) -> str:
    Dataset(tmp_path / "d", {"repository": "private"})
    return new.plan(tmp_path / "d", new.Answers(name_en="Oksana Fictional", name_uk=None,
                                                region=None, detained="2023-03-15",
                                                by="test-org")).text


@pytest.mark.parametrize("after,added,fixed", [
    ("  criteria: []", "    - {id: e, sources: [zmina-1]}", "  criteria:"),
    ("  criteria: []", "  - {id: e, sources: [zmina-1]}", "  criteria:"),
], ids=["a criterion under criteria: []", "a criterion at the key's column"])
def test_entries_added_under_what_new_wrote_as_none_are_explained(tmp_path, after, added, fixed):
    """`new` writes `criteria: []`; entries added below it got libyaml's words (a source under
    `sources: {}`, which `new` wrote before it wrote a placeholder source, is in tests/broken/)."""
    text = _new_file(tmp_path)
    lines = text.split("\n")
    at_ = next(i for i, line in enumerate(lines) if line.startswith(after + " "))
    lines.insert(at_ + 1, added)
    broken = "\n".join(lines)
    p = problems(broken)[0]
    assert (p.line, p.column, p.code) == (at_ + 1, len(after) - 1, "yaml-entries-after-empty"), p
    assert shown(p.message) == fixed and f"`{after.strip()[-2:]}`" in p.message
    assert not [q for q in problems(mended(broken, at_ + 1, fixed)) if q.code.startswith("yaml")]


TITLE_ROW = "    title: A fictional report"
PLACE = "    place: Testville"
EVENT = "  - date: 2020-03-10\n    type: detained\n    place: Testville\n    sources: [s1]\n"
SECOND = [
    # (mistake, old line, new line, line, column, code, the corrected line shown)
    ("an apostrophe inside single quotes", PLACE, "    place: 'Слов'янськ'", 11, 17,
     "yaml-text-after-quote", "    place: 'Слов''янськ'"),
    ("an apostrophe inside single quotes with a colon", TITLE_ROW,
     "    title: 'П'ять років: вирок'", 26, 14, "yaml-text-after-quote",
     "    title: 'П''ять років: вирок'"),
    ("both kinds of quotes", TITLE_ROW, "    title: \"Memorial\" on O'Brien's appeal", 26, 21,
     "yaml-text-after-quote", "    title: '\"Memorial\" on O''Brien''s appeal'"),
    ("a value starting with [", TITLE_ROW, "    title: [ВІДЕО] Вирок учительці", 26, 12,
     "yaml-special-first-character", '    title: "[ВІДЕО] Вирок учительці"'),
    ("a value starting with {", TITLE_ROW, "    title: {Оновлено} Вирок", 26, 12,
     "yaml-special-first-character", '    title: "…"'),
    ("a value starting with @", TITLE_ROW, "    title: @testnews про вирок", 26, 12,
     "yaml-special-first-character", '    title: "…"'),
    ("a value starting with %", TITLE_ROW, "    title: %Вирок учительці", 26, 12,
     "yaml-special-first-character", '    title: "%Вирок учительці"'),
    ("a value starting with * and Cyrillic", TITLE_ROW, "    title: *Важливо* вирок", 26, 12,
     "yaml-special-first-character", '    title: "…"'),
    ("a value starting with * and Latin", TITLE_ROW, "    title: *Note here", 26, 12,
     "yaml-special-first-character", '    title: "…"'),
    ("a value starting with !", TITLE_ROW, "    title: !Вирок учительці", 26, 12,
     "yaml-special-first-character", '    title: "!Вирок учительці"'),
    ("a value starting with >", TITLE_ROW, "    title: > 5 років", 26, 12,
     "yaml-special-first-character", '    title: "…"'),
    ("a value starting with |", TITLE_ROW, "    title: | Вирок", 26, 12,
     "yaml-special-first-character", '    title: "…"'),
    ("a value starting with - ", TITLE_ROW, "    title: - Вирок учительці", 26, 12,
     "yaml-special-first-character", '    title: "- Вирок учительці"'),
    ("a value starting with ? ", TITLE_ROW, "    title: ? Вирок учительці", 26, 12,
     "yaml-special-first-character", '    title: "? Вирок учительці"'),
    ("a value starting with &", TITLE_ROW, "    title: &Вирок учительці", 26, 12,
     "yaml-special-first-character", '    title: "&Вирок учительці"'),
    ("a quote not closed before a later quote", PLACE, '    place: "Testville', 11, 12,
     "yaml-unclosed-quote", '    place: "Testville"'),
    ("a comma in a value inside {…}", EVENT,
     "  - {date: 2020-03-10, type: detained, place: Херсон, вул. Миру, sources: [s1]}\n", 9, 55,
     "yaml-comma-in-braces", 'place: "Херсон, вул. Миру"'),
    ("keys on one line without {…}", EVENT, "  - date: 2020-03-10, type: detained, sources: [s1]\n",
     9, 5, "yaml-missing-braces", "  - {date: 2020-03-10, type: detained, sources: [s1]}"),
    ("no space after a colon inside {…}", EVENT,
     "  - {date:2020-03-10, type: detained, sources: [s1]}\n", 9, 6, "yaml-missing-space",
     "date: 2020-03-10"),
    ("a } left out", EVENT, "  - {date: 2020-03-10, type: detained, sources: [s1]\n", 9, 53,
     "yaml-unclosed-bracket", "  - {date: 2020-03-10, type: detained, sources: [s1]}"),
    ("a ] left out", EVENT, "  - {date: 2020-03-10, type: detained, sources: [s1}\n", 9, 52,
     "yaml-unclosed-bracket", "  - {date: 2020-03-10, type: detained, sources: [s1]}"),
]


@pytest.mark.parametrize("mistake,old,new,line,column,code,fixed", SECOND,
                         ids=[row[0] for row in SECOND])
def test_common_ukrainian_text_and_one_line_braces_are_explained(
        mistake, old, new, line, column, code, fixed):
    text = edit(old, new)
    if "later quote" in mistake:
        text = text.replace("title: A fictional report", 'title: "A fictional report"')
    found = problems(text)
    p = found[0]
    assert (p.line, p.column, p.code) == (line, column, code), found
    assert shown(p.message) == fixed, p.message
    assert not any(raw in p.message for raw in LIBYAML), p.message
    assert "unknown-key" not in [q.code for q in found], found
    if "…" not in fixed and fixed.startswith(" "):
        assert problems(mended(text, line, fixed)) == []


SOURCE_LINES = ("  s1:\n    title: A fictional report\n    publisher: Test News\n"
                "    date: 2020-03-11\n    url: https://example.org/report\n")


def one_line_source(title: str, end: str = "}") -> str:
    """BASE with its source written on one line (line 25), as `new` suggests, its title `title`."""
    return edit(SOURCE_LINES, "  s1: {title: " + title + ", publisher: Test News, date: "
                "2020-03-11, url: https://example.org/report" + end + "\n")


@pytest.mark.parametrize("title,column,code,fixed", [
    ("Court: the hearing", 20, "yaml-unquoted-colon", 'title: "Court: the hearing"'),
    ("Free them #FreeThem", 25, "yaml-comment-in-braces", 'title: "Free them #FreeThem"'),
    ("#FreeThem", 15, "yaml-comment-in-braces", 'title: "#FreeThem"'),
    ('"Court" hearing', 21, "yaml-text-after-quote", "title: '\"Court\" hearing'"),
    ("'Слов'янськ'", 20, "yaml-text-after-quote", "title: 'Слов''янськ'"),
    ("“Court: x”", 15, "yaml-curly-quotes", 'title: "Court: x"'),
    ("[ВІДЕО] Вирок", 15, "yaml-special-first-character", 'title: "[ВІДЕО] Вирок"'),
], ids=["colon", "hash", "hash first", "text after a quote", "apostrophe", "curly quotes",
        "bracket first"])
def test_a_mistake_in_a_one_line_source_is_explained_as_in_an_event(title, column, code, fixed):
    """`new` suggests `s1: {title: ..., url: ...}`: a mistake in such a title got libyaml's
    English ("did not find expected ',' or '}'"), in every language."""
    text = one_line_source(title)
    p = problems(text)[0]
    assert (p.line, p.column, p.code) == (25, column, code), p
    assert shown(p.message) == fixed and not any(raw in p.message for raw in LIBYAML), p.message
    assert problems(text.replace(f"title: {title}", fixed)) == []


def test_a_one_line_sources_missing_brace_at_the_files_end_is_explained():
    """The source is the file's last line: libyaml's words had stayed ("a file cut short")."""
    p = problems(one_line_source("A fictional report", end=""))[0]
    assert (p.line, p.column, p.code) == (25, 106, "yaml-unclosed-bracket"), p
    assert problems("id: [unclosed\n")[0].code == "yaml-syntax"  # no key in it: libyaml's words


def test_a_source_on_one_line_without_braces_is_told_to_take_them():
    text = edit(SOURCE_LINES, "  s1: title: A fictional report, url: https://example.org/r\n")
    p = problems(text)[0]
    assert (p.line, p.column, p.code) == (25, 7, "yaml-missing-braces"), p
    assert shown(p.message) == "  s1: {title: A fictional report, url: https://example.org/r}"
    assert problems(mended(text, 25, shown(p.message))) == []


@pytest.mark.parametrize("old,new,fixed", [
    (SOURCE_LINES, "  s1: title: Verdict: 10 years, url: https://example.org/x\n",
     '  s1: {title: "Verdict: 10 years", url: https://example.org/x}'),
    (EVENT, "  - date: 2020-03-10, type: detained, place: Kyiv, Ukraine, sources: [s1]\n",
     '  - {date: 2020-03-10, type: detained, place: "Kyiv, Ukraine", sources: [s1]}'),
    (EVENT, "  - date: 2020-03-10, type: detained, sources: s1, s2\n", None),
], ids=["a colon in a title", "a comma in a place", "a list without brackets"])
def test_the_line_given_for_keys_without_braces_reads_as_meant(old, new, fixed):
    """Braces alone left `Verdict: 10 years` failing and made `Ukraine` a key: a text value is
    quoted where it must be, and a line that would still not read as meant is not given."""
    p = problems(edit(old, new))[0]
    assert p.code == "yaml-missing-braces", p
    if fixed is None:
        assert "in quotes, or write each key on a line of its own" in p.message, p.message
        assert p.message.endswith("its own"), p.message
        return
    assert shown(p.message) == fixed, p.message
    assert problems(mended(edit(old, new), p.line, fixed)) == []


def test_a_one_line_event_gets_the_same_explanations():
    event = "  - date: 2020-03-10\n    type: detained\n    place: Testville\n    sources: [s1]\n"
    for place, code in (("Court: Testville", "yaml-unquoted-colon"),
                        ("Testville #3", "yaml-comment-in-braces"),
                        ("'Слов'янськ'", "yaml-text-after-quote")):
        text = edit(event, "  - {date: 2020-03-10, type: detained, place: " + place
                    + ", sources: [s1]}\n")
        p = problems(text)[0]
        assert (p.line, p.code) == (9, code), p
        assert shown(p.message).startswith("place: ") and "…" not in shown(p.message), p.message


@pytest.mark.parametrize("old,new,curly,line,column,fixed", [
    (EVENT, "  - {date: 2020-03-10, type: detained, place: “Херсон”, sources: [s1]}\n", "“Херсон”",
     9, 47, 'place: "Херсон"'),
    (SOURCE_LINES, "  s1: {title: „Вирок“, publisher: Test News, date: 2020-03-11}\n", "„Вирок“", 25,
     15, 'title: "Вирок"'),
    ("born: 1980\n", "born: 1980\naliases: [Ivan P., ‘Ваня’]\n", "‘Ваня’", 6, 20, '"Ваня"'),
], ids=["an event's place", "a source's title", "an item of a one-line list"])
def test_curly_quotes_inside_one_line_braces_are_explained_as_outside_them(old, new, curly, line,
                                                                            column, fixed):
    """`- {title: “Вирок”, date: 2024-05-01}` kept the quotes in the title without a word, where
    the same title on a line of its own was warned of."""
    text = edit(old, new)
    for lang, words in (("en", "wrapped in curly quotes"), ("uk", "типографські лапки")):
        with i18n.speaking(lang):
            found = problems(text)
        assert [(p.line, p.column, p.severity, p.code) for p in found] == [
            (line, column, "warning", "curly-quotes-in-value")], found
        assert words in found[0].message and shown(found[0].message) == fixed, found[0].message
    assert problems(text.replace(curly, fixed.rpartition(" ")[2])) == []


@pytest.mark.parametrize("publicity,old,new", [
    ("hidden", EVENT, "  - {date: 2020-03-10, type: detained, place: “%s”, sources: [s1]}\n"),
    ("public", "publicity: public\n",
     "publicity: public\nprivate:\n  relatives:\n    - {relation: “%s”, contact: x}\n"),
], ids=["withheld", "a relative"])
def test_curly_quotes_inside_braces_of_what_may_not_be_quoted_are_not_quoted(publicity, old,
                                                                             new):
    text = edit("publicity: public", f"publicity: {publicity}", edit(old, new % CANARY))
    found = [p for p in problems(text) if p.code == "curly-quotes-in-value"]
    assert len(found) == 1 and CANARY not in found[0].message, found
    assert shown(found[0].message).endswith(': "…"'), found[0].message


@pytest.mark.parametrize("old,new,column,fixed", [
    (EVENT, "  - {date: 2020-03-10, type: detained, sources: [s1, #s2]}\n", 54, "sources: [s1]"),
    (EVENT, "  - {date: 2020-03-10 #dmy, type: detained, sources: [s1]}\n", 23, "date: 2020-03-10"),
    (EVENT, "  - {date: 2020-03-10, type: detained #maybe, sources: [s1]}\n", 39, "type: detained"),
    (SOURCE_LINES, "  s1: {title: A, date: 2020-03-11 #dmy, url: https://example.org/r}\n", 35,
     "date: 2020-03-11"),
], ids=["a list of ids", "an event's date", "a choice", "a source's date"])
def test_a_note_in_a_one_line_value_that_is_no_text_is_taken_out_not_quoted(old, new, column,
                                                                              fixed):
    """`sources: [s1, #s2]` was told `sources: "[s1, #s2]"`, a date `date: "2020-03-11 #dmy"`:
    quoted, neither reads as what it must be."""
    p = problems(edit(old, new))[0]
    assert (p.code, p.column) == ("yaml-comment-in-braces", column), p
    assert shown(p.message) == fixed and "take the `#` and the note" in p.message, p.message
    note = re.search(r",? #[^,}]*(?:\]|)", new).group()
    assert problems(edit(old, new.replace(note, "]" if note.endswith("]") else ""))) == []


ORG_TEXT = dump(ORG)


@pytest.mark.parametrize("rel,kind,text,old,new,column", [
    (CASE, "case", BASE, "id: petrenko-ivan", "id: petrenko-ivan #main", 19),
    ("organizations/test-org.yaml", "organization", ORG_TEXT, "country: UA", "country: UA #Ukraine",
     13),
    (CASE, "case", BASE, "    type: detained", "    type: detained #maybe", 20),
    (CASE, "case", BASE, "  by: [test-org]", "  by:\n    - test-org #main", 16),
], ids=["an id", "a country's code", "a choice", "an id in a list"])
def test_a_note_after_an_id_or_a_code_is_told_to_go_not_to_be_quoted(rel, kind, text, old, new,
                                                                     column):
    """`country: UA #Ukraine` was told `country: "UA #Ukraine"`, which is no code: pydantic keeps
    a field's pattern in its metadata, where the free-text fields were not looked for."""
    changed = edit(old, new, text)
    line = changed.split("\n").index(new.split("\n")[-1]) + 1
    for lang, words in (("en", "so quotes would not help"), ("uk", "лапки не допоможуть")):
        with i18n.speaking(lang):
            found = loader.load_bytes(rel, changed.encode("utf-8"), kind).problems
        assert [(p.line, p.column, p.code) for p in found] == [
            (line, column, "comment-in-value")], found
        assert words in found[0].message, found[0].message
        assert shown(found[0].message) == new.split("\n")[-1].partition(" #")[0]
    assert loader.load_bytes(rel, edit(old, new.partition(" #")[0], text).encode("utf-8"),
                             kind).problems == []


def test_only_fields_of_free_words_count_as_text():
    from kremlinlist.files.yaml_lines import TEXT_FIELDS

    assert not {"id", "country", "sealed", "key", "timezone", "date", "type"} & TEXT_FIELDS
    assert {"title", "summary", "place", "note", "occupation", "publisher"} <= TEXT_FIELDS


def test_a_backtick_at_a_values_start_is_named_in_a_code_span():
    p = problems(edit(TITLE_ROW, "    title: `Вирок` учительці"))[0]
    assert p.code == "yaml-special-first-character"
    assert "start with `` ` `` without quotes" in p.message and p.message.endswith('`    title: "…"`')


def test_both_kinds_of_quotes_are_not_said_to_stay_as_written():
    p = problems(edit(TITLE_ROW, "    title: \"Memorial\" on O'Brien's appeal"))[0]
    assert "stay as written" not in p.message
    assert "`''`" in p.message and '`\\"`' in p.message


def test_a_summary_wrapped_onto_a_line_with_a_colon_is_explained():
    text = edit("born: 1980\n", "born: 1980\nsummary: Detained in Melitopol after a search\n"
                "  of the home: accused of espionage.\n")
    p = problems(text)[0]
    assert (p.line, p.column, p.code) == (7, 14, "yaml-unquoted-colon"), p
    assert '`summary: "Detained in Melitopol after a search`' in p.message
    assert shown(p.message) == '  of the home: accused of espionage."'
    both = mended(mended(text, 6, 'summary: "Detained in Melitopol after a search'), 7,
                  shown(p.message))
    assert problems(both) == []


def test_an_anchor_used_on_purpose_keeps_its_own_words():
    """`&a x` and `*a`: YAML's references, refused as such; only a `*` that refers to nothing
    is taken for text."""
    p = problems("id: &a x\nname: *a\n")[0]
    assert p.code == "yaml-anchor"


def test_a_duplicate_key_is_named_with_the_line_it_was_first_written_on():
    p = at(problems(edit("region: UA-43\n", "region: UA-43\nborn: 1981\n")),
           "yaml-duplicate-key", 7, 1)
    assert "`born`" in p.message and "line 5" in p.message and "mapping" not in p.message


def test_a_duplicate_key_of_a_withheld_person_is_not_named():
    text = edit("publicity: public", "publicity: anonymous",
                BASE + f"  {CANARY}:\n    title: One\n  {CANARY}:\n    title: Two\n")
    p = at(problems(text), "yaml-duplicate-key", 32, 3)
    assert CANARY not in p.message and "lines 30 and 32" in p.message


@pytest.mark.parametrize("added", [
    f"    relatives:\n      {CANARY}: sister\n      {CANARY}: brother\n",
    f"    relatives: {{{CANARY}: sister, {CANARY}: brother}}\n",
    f"    contact:\n      - {CANARY}: a\n        {CANARY}: b\n",
], ids=["relatives", "relatives in braces", "under contact"])
def test_a_duplicate_key_under_a_private_key_is_not_named(added):
    """A relative's name written as a key twice was named in the message, outside the private
    block: only the key on the line itself was looked at, not the key it is under."""
    found = problems(edit(PLACE + "\n", PLACE + "\n" + added))
    p = next(p for p in found if p.code == "yaml-duplicate-key")
    assert CANARY not in p.message and "this key" in p.message, p.message


SECOND_EVENT = "  - date: 2022-01-01\n    type: released\n"


@pytest.mark.parametrize("text,line,column,first,key", [
    (BASE + "events:\n" + SECOND_EVENT, 30, 1, 8, "`events`"),
    (BASE + "sources:\n  s2:\n    title: Another fictional report\n", 30, 1, 24, "`sources`"),
    (edit("    sources: [s1]\n  - date: 2021", "    sources: [s1]\n    sources: [s2]\n"
          "  - date: 2021"), 13, 5, 12, "`sources`"),
    (edit("born: 1980\n", "born: 1980\naliases:\n  - I. Petrenko\naliases: [Ivan P.]\n"), 8, 1,
     6, "`aliases`"),
], ids=["events", "sources", "an event's sources in brackets", "aliases, block then brackets"])
def test_a_duplicate_list_or_group_of_keys_is_merged_not_deleted(text, line, column, first, key):
    """`events:` written twice: the advice was to delete one, which loses its entries."""
    p = at(problems(text), "yaml-duplicate-key", line, column)
    assert key in p.message and f"lines {first} and {line}" in p.message, p.message
    assert f"move the entries of the key on line {line} to the key on line {first}" in p.message
    assert "delete one" not in p.message


@pytest.mark.parametrize("text,line,column,first,key", [
    (one_line_source("A, title: B"), 25, 18, 8, "`title`"),
    (edit("    sources: [s1]\n  - date: 2021", "    sources: [s1]\n  - {date: 2021-01-15, "
          "sources: [s1], sources: [s2]}\n  - date: 2021"), 13, 39, 24, "`sources`"),
], ids=["a source's title", "an event's sources"])
def test_a_key_written_twice_on_one_line_is_deleted_not_moved(text, line, column, first, key):
    """Inside a one-line `{…}` the advice was to "move the entries of the key on line 25 to the
    key on line 25"."""
    p = at(problems(text), "yaml-duplicate-key", line, column)
    assert f"{key} is written twice on this line (columns {first} and {column})" in p.message
    assert "delete one of them, keeping the right value" in p.message and "move" not in p.message


def test_a_source_id_written_twice_is_given_an_id_of_its_own():
    """Two sources under one id: merging their fields would make `title:` clash instead."""
    p = at(problems(BASE + "  s1:\n    title: Another fictional report\n"), "yaml-duplicate-key",
           30, 3)
    assert "source id `s1`" in p.message and "lines 25 and 30" in p.message
    assert "an id of its own" in p.message and "delete one" not in p.message


UK_CASES = [
    edit("  decision: listed", "decision: listed"),
    edit(PLACE, "    place: 'Слов'янськ'"),
    edit(TITLE_ROW, "    title: [ВІДЕО] Вирок учительці"),
    edit(EVENT, "  - {date: 2020-03-10, type: detained, place: Херсон, вул. Миру, sources: [s1]}\n"),
    edit(EVENT, "  - date: 2020-03-10, type: detained, sources: [s1]\n"),
    edit("region: UA-43\n", "region: UA-43\nborn: 1981\n"),
    edit("sources:\n", "sources: {}\n"),
    edit("    date: 2020-03-11", "  date: 2020-03-11"),
    BASE + "events:\n  - date: 2022-01-01\n    type: released\n",
    one_line_source("Free them #FreeThem"),
    BASE + "  s1:\n    title: Another fictional report\n",
]


@pytest.mark.parametrize("text", UK_CASES, ids=["indentation", "apostrophe", "bracket", "comma",
                                                 "braces", "duplicate", "empty",
                                                 "indentation between keys", "duplicate list",
                                                 "duplicate source id", "hash in a source"])
def test_the_explanations_read_in_ukrainian(tmp_path, text):
    dataset = Dataset(tmp_path / "data", {"repository": "private"})
    dataset.write(CASE, text)
    english = invoke(["validate", "--no-cache", "--format", "json"], cwd=dataset.root).stdout
    result = invoke(["--lang", "uk", "validate", "--no-cache", "--format", "json"],
                    cwd=dataset.root)
    said = json.loads(result.stdout)["problems"][0]
    assert said == {**json.loads(english)["problems"][0], "message": said["message"]}
    assert CYRILLIC.search(re.sub(r"`[^`]*`", "", said["message"])), said
    assert "відображенн" not in said["message"]
    assert not any(raw in said["message"] for raw in LIBYAML), said


# --- the corpus: tests/broken/*.yaml with tests/broken/expected.yaml ---------------------------

def test_the_corpus_has_thirty_files_and_an_expectation_for_each():
    files = sorted(p.name for p in BROKEN.glob("*.yaml") if p.name != "expected.yaml")
    assert len(files) >= 30
    assert sorted(EXPECTED) == files


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_broken_file_gets_its_expected_line_and_message(name):
    want = EXPECTED[name]
    found = loader.load_bytes(f"cases/{name}", (BROKEN / name).read_bytes(), "case").problems
    assert found, name
    p = found[0]
    assert (p.line, p.column, p.code) == (want["line"], want["column"], want["code"]), found
    assert shown(p.message) == want["shows"], p.message
    assert not any(raw in p.message for raw in LIBYAML), p.message


@pytest.mark.parametrize("name", sorted(n for n, w in EXPECTED.items()
                                        if "…" not in w["shows"] and not w.get("part")
                                        and w["code"] != "source-fields-not-indented"))
def test_writing_the_line_shown_mends_the_file(name):
    want = EXPECTED[name]
    lines = (BROKEN / name).read_text(encoding="utf-8").split("\n")
    lines[want["line"] - 1] = want["shows"]
    loaded = loader.load_bytes(f"cases/{name}", "\n".join(lines).encode("utf-8"), "case")
    assert loaded.model is not None and loaded.problems == [], loaded.problems


# --- what is never quoted -----------------------------------------------------------------------

ANONYMOUS_LINE = f"    title: Court: {CANARY} hearing"


@pytest.mark.parametrize("text", [
    # a withheld person's file: nothing of it, whatever the mistake
    edit("publicity: public", "publicity: anonymous", edit(TITLE, ANONYMOUS_LINE)),
    edit("publicity: public", "publicity: hidden", edit(TITLE, f"    title: {CANARY} #3")),
    edit("publicity: public", "publicity: anonymous", edit(TITLE, f"    title: #{CANARY}")),
    edit("publicity: public", "publicity: hidden", one_line_source(f"Court: {CANARY}")),
    edit("publicity: public", "publicity: hidden", one_line_source(f"{CANARY} #3")),
    edit("publicity: public", "publicity: anonymous",
         edit("    publisher: Test News", f"     publisher: {CANARY}")),
    edit("publicity: public", "publicity: hidden",
         edit("born: 1980", f"occupation:\u00a0{CANARY}\nborn: 1980")),
    edit("publicity: public", "publicity: 'anonymous'", edit(TITLE, f"    title: “{CANARY}: x”")),
    # a publicity line that does not read is not taken for `public`
    edit("publicity: public", "publicity: anonymous: yes", edit(TITLE, ANONYMOUS_LINE)),
    # a misspelled or escaped key, or none: the file may still be a withheld person's
    edit("publicity: public", "publicty: hidden", edit(TITLE, ANONYMOUS_LINE)),
    edit("publicity: public", '"publ\\x69city": hidden', edit(TITLE, ANONYMOUS_LINE)),
    edit("publicity: public", '"publicity": "hidd\\x65n"', edit(TITLE, ANONYMOUS_LINE)),
    edit("publicity: public\n", "", edit(TITLE, ANONYMOUS_LINE)),
    # a `publicity: public` inside a quoted value, the real key after a ` #` in another
    "{id: anon-2024-001, summary: \"x\npublicity: public\n\", note: \"see #\", publicity: "
    f"anonymous,\nregion: “Tver {CANARY}”}}\n",
    "{id: anon-2024-001, summary: \"x\npublicity: public # \", publicity: anonymous,\n"
    f"region: “Tver {CANARY}”}}\n",
    "{id: anon-2024-001, summary: \"x\npublicity: public\n y\", note: \"a\n#\", publicity: "
    f"hidden,\nregion: “Tver {CANARY}”}}\n",
    # the private block, in a public person's file
    BASE + f"private:\n  notes: Lawyer: {CANARY}\n",
    BASE + f"private:\n  notes: {CANARY} #3\n",
    BASE + f"private:\n  health:\u00a0{CANARY}\n",
    BASE + f"private:\n  relatives:\n    - name: {CANARY}\n       contact: {CANARY}\n",
    BASE + f'private:\n  notes: "{CANARY}\n',
    BASE + f'private:\n  notes: "{CANARY}" said\n',
    # a quoted `private` key, and a private source (a key the public part has too)
    BASE + f'"private":\n  sources:\n    r1:\n      title: Call: {CANARY}\n',
    BASE + f"'private':\n  notes: Lawyer: {CANARY}\n",
], ids=["anonymous-colon", "hidden-hash", "anonymous-hash-value", "hidden-one-line-source-colon",
         "hidden-one-line-source-hash", "anonymous-indent", "hidden-nbsp", "quoted-publicity",
        "broken-publicity", "misspelled-key", "escaped-key", "escaped-value", "no-publicity",
        "flow-style-hidden-key", "flow-style-after-hash", "flow-style-hash-line",
        "private-colon", "private-hash", "private-nbsp", "private-indent",
        "private-unclosed", "private-after-quote", "private-quoted-key", "private-single-quoted"])
def test_nothing_withheld_or_private_is_quoted(text, tmp_path):
    found = problems(text)
    assert found and all(CANARY not in p.message for p in found), found
    assert any(p.code != "yaml-syntax" and "…" in p.message for p in found), found
    dataset = Dataset(tmp_path / "data", {"repository": "private"})
    dataset.write(CASE, text)
    assert CANARY not in outputs(dataset.root)


@pytest.mark.parametrize("added", [
    f"    health:\t#{CANARY} diabetes\n",
    f"    notes: \t#{CANARY}\n",
    f'    "health": #{CANARY}\n',
    f"    ? contact\n    : #{CANARY}\n",
    f"    relatives:\n      - name:\t#{CANARY}\n",
    f"    relatives:\n      - who:\t#{CANARY}\n",
], ids=["tab", "space and tab", "quoted key", "asked key", "relative's name", "under relatives"])
def test_a_hash_value_under_a_private_key_is_not_quoted(added, tmp_path):
    """With a tab after the colon (or a quoted or `?` key) the key was not found on the line, so
    the value under a private key was quoted whole in the advice."""
    text = edit(PLACE + "\n", PLACE + "\n" + added)
    found = [p for p in problems(text) if p.code == "value-read-as-comment"]
    assert found and all(CANARY not in p.message and '"…"' in p.message for p in found), found
    dataset = Dataset(tmp_path / "data", {"repository": "private"})
    dataset.write(CASE, text)
    assert CANARY not in outputs(dataset.root)


def test_a_public_persons_line_is_quoted_in_a_file_new_wrote(tmp_path):
    """`new` writes comments that speak of `publicity` and of anonymous and hidden people: they
    do not stop a public person's line from being shown mended (its header's "Check
    `publicity`" had turned quoting off for every file `new` wrote)."""
    Dataset(tmp_path / "d", {"repository": "private"})
    planned = new.plan(tmp_path / "d", new.Answers(name_en="Oksana Fictional", name_uk=None,
                                                   region=None, detained=None, by="test-org"))
    assert "publicity`" in planned.text and "anonymous" in planned.text  # in its comments
    broken = re.sub(r"(?m)^  report-1: .*$", "  r1:\n    title: Court: the hearing", planned.text)
    assert broken != planned.text
    assert any('"Court: the hearing"' in p.message for p in problems(broken))
    crlf = problems(broken.replace("\n", "\r\n"))
    assert any('"Court: the hearing"' in p.message for p in crlf)


ACTION = f"""\
id: 2024-05-appeal-x
type: appeal
title:
  en: Appeal for {CANARY}: free him
date: 2024-05-16
summary: “{CANARY}”
to: Governor {CANARY} #x
by: [ccl]
for: [anon-2024-001]
"""


def test_nothing_of_an_action_is_quoted():
    """An action may speak for a withheld person (its title, summary or addressee may name
    them) and says nothing of publicity itself: a mistake in it is explained with `…`."""
    for text in (ACTION, ACTION.replace(f"  en: Appeal for {CANARY}: free him\n",
                                        "  en: Appeal\n")):
        found = loader.load_bytes("actions/2024-05-appeal-x.yaml", text.encode(),
                                  "action").problems
        assert found and all(CANARY not in p.message for p in found), found
        assert any("…" in p.message for p in found), found


@pytest.mark.parametrize("rel, kind", [("organizations/anon-2024-001.yaml", "organization"),
                                       ("coalitions/anon-2024-001.yaml", "coalition")])
def test_a_withheld_case_in_another_folder_is_not_quoted(rel, kind):
    """Organizations and coalitions are public as a whole, so their lines are quoted; a
    withheld person's case filed there by mistake was quoted whole, on the pre-commit path."""
    text = (f"id: anon-2024-001\npublicity: anonymous\naliases: [{CANARY} Ivanenko, Petro\n"
            f"summary: Court: {CANARY} note\n")
    for found in (loader.load_bytes(rel, text.encode(), kind).problems,
                  loader.load_bytes(rel, text.replace("aliases: [", "aliases: ").encode(),
                                    kind).problems):
        assert found and all(CANARY not in p.message for p in found), found


@pytest.mark.parametrize("publicity", ["publicty: hidden", "Publicity: anonymous",
                                       '"publicit\\u0079": hidden', "publicity: anonymus",
                                       "publicity:"])
@pytest.mark.parametrize("rel, kind", [("organizations/zq.yaml", "organization"),
                                       ("coalitions/zq.yaml", "coalition")])
def test_a_case_with_a_misspelled_publicity_in_another_folder_is_not_quoted(publicity, rel, kind):
    """A file of another kind was judged a case only when it said `publicity` exactly: one
    misspelled, in capitals or escaped (or a case's own keys) is judged as a case, too."""
    text = edit(TITLE, f"    title: {CANARY} Secret: report",
                edit("publicity: public", publicity))
    found = loader.load_bytes(rel, text.encode(), kind).problems
    assert found and all(CANARY not in p.message for p in found), found
    assert any('"…"' in p.message for p in found), found


def test_an_organization_is_quoted():
    """An organization's file (its sources' `publisher:` and all) is still public as a whole."""
    text = dump({**ORG, "description": {"en": "Court: monitors"}}).replace(
        "en: 'Court: monitors'", "en: Court: monitors")
    found = loader.load_bytes("organizations/test-org.yaml", text.encode(),
                              "organization").problems
    assert any('"Court: monitors"' in p.message for p in found), found


@pytest.mark.parametrize("key", ["Private", "privat", '"priv\\x61te"'])
def test_a_private_block_under_a_misspelled_key_is_not_quoted(key):
    """The private block is found by its key; misspelled or escaped, its sources' lines were
    quoted in a public person's file."""
    text = (BASE + f"{key}:\n  sources:\n    s9:\n      title: Court: {CANARY} note\n")
    found = loader.load_bytes("cases/petrenko-ivan.yaml", text.encode(), "case").problems
    assert found and all(CANARY not in p.message for p in found), found


INTAKE_REPORT = f"""\
id: r-00000000000000ab
received: 2024-03-02
via: form
status: new
report:
  reporter: {{name: Olha Fictional, relation: sister, email: someone@example.org}}
  person:
    names: [Petro Fictional]
    place: Town: near {CANARY}
    what_happened: “{CANARY}” taken #3 from home
"""


def test_nothing_of_an_intake_report_is_quoted():
    """An intake report is private as a whole: a mistake in it is explained with `…` for every
    value, whatever its publicity (it has none)."""
    found = loader.load_bytes("intake/r-00000000000000ab.yaml", INTAKE_REPORT.encode(),
                              "intake").problems
    assert found and all(CANARY not in p.message for p in found), found
    assert any("…" in p.message for p in found), found
    curly = INTAKE_REPORT.replace(f"    place: Town: near {CANARY}\n", "")
    warned = loader.load_bytes("intake/r-00000000000000ab.yaml", curly.encode(), "intake").problems
    assert warned and all(CANARY not in p.message for p in warned), warned


@pytest.mark.parametrize("value", [
    "See [the report](https://evil.example/x): details",
    "Call @maintainer: now",
    "A `code` span: here",
    "x" * 120 + ": y",
    "<script>alert(1)</script>: y",
])
def test_a_value_that_could_render_as_markup_or_is_long_is_not_quoted(value):
    p = problems(edit(TITLE, f"    title: {value}"))[0]
    assert p.code == "yaml-unquoted-colon"
    assert shown(p.message) == '    title: "…"'


# --- any mistake: a located problem, never a crash --------------------------------------------

EDITS = st.sampled_from([" ", "", ": ", " #", "\u00a0", "“", "”", '"', "'", "-", "  ", "\n"])


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(BASE)), EDITS, st.integers(0, 2)), min_size=1,
                max_size=3))
@example([(503, "\u00a0", 0)])  # a no-break space on a line that, mended, is no key: once a crash
def test_every_damaged_file_gets_problems_placed_inside_it(damage):
    text = BASE
    for at_, insert, drop in damage:
        at_ = min(at_, len(text))
        text = text[:at_] + insert + text[at_ + drop:]
    found = loader.load_bytes(CASE, text.encode("utf-8"), "case").problems
    lines = yamlsafe.line_count(text)
    for p in found:
        assert 1 <= p.line <= lines and p.column >= 1, (p, text)
        if p.code != "yaml-syntax":
            assert not p.message.startswith("invalid YAML"), p


# --- one walk: the values a `#` emptied, found as the walk of their own found them -------------

def _emptied_values_by_their_own_walk(rel: str, text: str, kind: str) -> list:
    """yaml_misreadings.emptied_values as it was, with its own walk over PyYAML's events (a second
    parse of the file): the answers the shared walk must give."""
    from kremlinlist.files import yaml_misreadings as m
    from kremlinlist.files.yaml_lines import FIELD_NAMES, Lines

    if m._EMPTIED.search(text) is None:
        return []
    lines = Lines(text, kind)
    out = []
    stack: list[list] = []
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        kind_ = type(event)
        if kind_ in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            stack.pop()
            continue
        if kind_ not in (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent):
            continue
        path: tuple = ()
        owner = None
        if stack:
            top = stack[-1]
            if top[1] and top[2] is None:
                top[2], top[4] = event.value, event
                continue
            path = top[0] + ((top[2],) if top[1] else (top[3],))
            owner = top[4] if top[1] else None
            top[2], top[3] = None, top[3] + 1
        if kind_ is not yaml.ScalarEvent:
            stack.append([path, kind_ is yaml.MappingStartEvent, None, 0, None,
                          bool(event.flow_style)])
        elif not event.style and stack:
            if event.value == "":
                found = m._emptied(rel, lines, event, path)
            else:
                found = None if stack[-1][5] else m._cut_lines(rel, lines, event, path, owner)
            if found is not None:
                known = not isinstance(path[-1], str) or path[-1] in FIELD_NAMES
                out.append((path if known else path + ("",), found))
    return out


_KEYS = st.sampled_from(["summary", "title", "aliases", "note", "mynote", "place", "events",
                         "date", "health", "s1", "id", "private"])
_RAW = st.sampled_from(["", "#tag", "#tag words", "words", "words #x", "words # note", "[a, b]",
                        "{place: x}", "{place: #x, note: y}", '"#q"', "#Вільні", "“Вирок”",
                        "first\n#second", "#first\nsecond", "a\n#b\nc", "- #x\n- y"])
_TREE = st.recursive(_RAW, lambda inner: st.one_of(
    st.lists(inner, min_size=1, max_size=3), st.dictionaries(_KEYS, inner, min_size=1,
                                                             max_size=3)), max_leaves=8)


def _block(node, indent: int = 0) -> list[str]:
    """`node` as block YAML lines, each leaf's text written as it is (a line break in it: a line
    below, indented under its key or item), so that a `#` lands where a researcher types it."""
    out: list[str] = []
    pairs = node.items() if isinstance(node, dict) else (("-", v) for v in node)
    for k, v in pairs:
        head = " " * indent + (k if k == "-" and not isinstance(node, dict) else f"{k}:")
        if isinstance(v, str):
            first, *more = v.split("\n")
            out += [head + (" " + first if first else "")] + [" " * (indent + 2) + line
                                                             for line in more]
        else:
            out += [head] + _block(v, indent + 2)
    return out


@settings(max_examples=examples(300), deadline=None)
@given(st.dictionaries(_KEYS, _TREE, min_size=1, max_size=4), st.sampled_from(["case", "action"]))
@example({"summary": "#tag words", "aliases": ["#Вільні", "a\n#b\nc"]}, "case")
def test_the_shared_walk_finds_the_values_a_hash_emptied_as_their_own_walk_did(tree, kind):
    from kremlinlist.files import yaml_misreadings

    text = "\n".join(_block(tree)) + "\n"
    try:
        yamlsafe.parse(text)
    except yamlsafe.YamlError:
        return  # only a file that reads is asked
    assert yaml_misreadings.emptied_values(CASE, text, kind) == \
        _emptied_values_by_their_own_walk(CASE, text, kind), text


def test_a_value_a_hash_emptied_costs_no_parse_of_its_own(monkeypatch):
    """load_bytes asked for the values a `#` emptied and for the misreadings (a curly quote
    here), each walking the file's events: a file holding both was parsed once more than a file
    holding the curly quote alone."""
    calls = []
    parse = yaml.parse
    monkeypatch.setattr(yaml, "parse", lambda *a, **k: calls.append(1) or parse(*a, **k))
    curly = edit(PLACE, "    place: “Testville”")
    both = edit(PLACE, "    place: “Testville”\n    note: #tag")
    counts = []
    for text, codes in ((curly, ["curly-quotes-in-value"]),
                        (both, ["value-read-as-comment", "curly-quotes-in-value"])):
        calls.clear()
        assert [p.code for p in problems(text)] == codes
        counts.append(len(calls))
    assert counts[0] == counts[1], counts


def test_the_values_a_hash_emptied_are_found_without_working_out_the_misreadings(monkeypatch):
    """`fmt` asks only for the values a `#` emptied: read_again worked out every misreading too
    (a curly quote here) and threw them away."""
    from kremlinlist.files import yaml_misreadings

    text = edit(PLACE, "    place: “Testville”\n    note: #tag")
    asked = []
    misreading = yaml_misreadings._value_misreading
    monkeypatch.setattr(yaml_misreadings, "_value_misreading",
                        lambda *a: asked.append(1) or misreading(*a))
    emptied = yaml_misreadings.emptied_values(CASE, text, "case")
    assert [p.code for _path, p in emptied] == ["value-read-as-comment"] and not asked
    assert [p.code for p in yaml_misreadings.read_again(CASE, text, "case")[1]] == \
        ["curly-quotes-in-value"] and asked
