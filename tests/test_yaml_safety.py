"""Hostile or broken YAML gets a clean, located problem: never a traceback, a hang or an echo."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from factory import BASE, at, check_text, edit, only, run, shared

from typer.testing import CliRunner

from kremlinlist.files import loader
from kremlinlist.files import yamlsafe
from kremlinlist.cli import app
from kremlinlist.app.validate import validate

CASE = "cases/petrenko-ivan.yaml"


def load(text: str | bytes):
    data = text.encode() if isinstance(text, str) else text
    return loader.load_bytes(CASE, data, "case")


def test_base_case_is_clean(dataset):
    assert check_text(dataset, BASE) == []


def test_yaml_test_suite_errors_are_clean_problems():
    suite = shared("corpora", "yaml-test-suite")
    files = sorted(suite.glob("*.yaml"))
    errors = [f for f in files if f.name.endswith(".error.yaml")]
    assert errors
    for f in files:
        loaded = load(f.read_bytes())  # must not raise
        for p in loaded.problems:
            assert p.file == CASE and p.line >= 1 and p.column >= 1, (f.name, p)
            assert p.message and "Traceback" not in p.message
        if f in errors:
            assert any(p.severity == "error" for p in loaded.problems), f.name


@pytest.mark.parametrize("kind", ["case", "organization", "criteria", "config", "action",
                                  "coalition", "intake"])
def test_yaml_test_suite_as_every_kind_of_file_and_through_fmt(kind):
    """Every corpus file read as each kind of file gives problems, never an exception (as an
    intake report a list crashed validate), and fmt formats or refuses it (a comment before the
    first key's value crashed it)."""
    from kremlinlist.files import yamlfmt

    for f in sorted(shared("corpora", "yaml-test-suite").glob("*.yaml")):
        loader.load_bytes(f"x/{f.name}", f.read_bytes(), kind)  # must not raise
        if kind == "intake":
            continue
        text = f.read_text(encoding="utf-8", errors="replace")
        try:
            yamlsafe.parse(text)  # what fmt reads first: it formats only what reads
        except (yamlsafe.YamlError, RecursionError):
            continue
        try:
            yamlfmt.format_text(text, kind)
        except (yamlfmt.Unformattable, yamlsafe.YamlError):
            pass


def test_yaml_test_suite_through_validate(dataset):
    suite = shared("corpora", "yaml-test-suite")
    for f in sorted(suite.glob("*.yaml")):
        dataset.write(f"cases/{f.name}", f.read_bytes())
    report = validate(dataset.root, use_cache=False, jobs=1)
    files = {p.file for p in report.errors}
    for f in suite.glob("*.error.yaml"):
        assert f"cases/{f.name}" in files, f.name
    selected = [str(dataset.root / "cases" / f.name) for f in sorted(suite.glob("*.yaml"))[:20]]
    report = validate(dataset.root, selected, use_cache=False, jobs=1)
    assert {p.file for p in report.problems} <= {f"cases/{Path(s).name}" for s in selected}


def test_alias_bomb_is_refused_at_the_first_anchor():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    loaded = load("\n".join(lines) + "\n")
    p = at(loaded.problems, "yaml-anchor", 1, 4)
    assert "write each value out in full" in p.message
    assert loaded.model is None


def test_single_anchor_and_single_alias_are_refused():
    p = at(load("id: &x petrenko-ivan\n").problems, "yaml-anchor", 1, 5)
    assert "&name" in p.message
    # an alias to an undefined anchor is still reported cleanly, at the alias
    problems = load("id: petrenko-ivan\nformer_ids: [*x]\n").problems
    assert problems and problems[0].line == 2 and problems[0].severity == "error"


@pytest.mark.parametrize("levels", [100, 100_000])
def test_deep_flow_nesting(levels):
    text = "id: petrenko-ivan\nformer_ids: " + "[" * levels + "]" * levels + "\n"
    p = at(load(text).problems, "yaml-too-deep", 2, 12 + yamlsafe.MAX_DEPTH)
    assert f"{yamlsafe.MAX_DEPTH} levels" in p.message


@pytest.mark.parametrize("levels", [100, 100_000])
def test_deep_block_nesting(levels):
    one_line = "- " * levels + "x\n"
    p = at(load(one_line).problems, "yaml-too-deep", 1, 2 * yamlsafe.MAX_DEPTH + 1)
    assert "nesting deeper" in p.message


def test_deep_block_nesting_on_many_lines():
    text = "".join("  " * i + "-\n" for i in range(100))
    depth = yamlsafe.MAX_DEPTH
    at(load(text).problems, "yaml-too-deep", depth + 1, 2 * depth + 1)


def test_duplicate_key_at_second_occurrence():
    p = at(load(edit("region: UA-43\n", "region: UA-43\nborn: 1981\n")).problems,
           "yaml-duplicate-key", 7, 1)
    assert "the key `born` is written twice" in p.message and "first on line 5" in p.message


def test_duplicate_key_nested_in_flow_mapping():
    text = edit("  - date: 2020-03-10\n", "  - {date: 2020, date: 2021, type: detained}\n"
                "  - date: 2020-03-10\n")
    at(load(text).problems, "yaml-duplicate-key", 9, 18)


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!python/object/apply:os.system",
                                 "!!str", "!!binary", "!custom", "!<tag:yaml.org,2002:str>"])
def test_explicit_tags_are_refused(tag):
    p = at(load(edit("born: 1980", f"born: {tag} 1980")).problems, "yaml-tag", 5, 7)
    assert "quote it" in p.message


def test_tag_on_a_mapping_is_refused():
    at(load(edit("name:\n", "name: !!python/object:builtins.dict\n")).problems, "yaml-tag", 2, 7)


def test_bom(dataset):
    problems = check_text(dataset, b"\xef\xbb\xbf" + BASE.encode())
    p = at(problems, "bom", 1, 1)
    assert "without BOM" in p.message


def test_invalid_utf8_is_located(dataset):
    data = edit("occupation", "occupation", BASE + "occupation: x\n").encode()
    data = data.replace(b"Testville", b"Test\xffville")
    p = at(check_text(dataset, data), "encoding", 11, 16)
    assert "save it as UTF-8" in p.message


def test_tab_indentation(dataset):
    p = at(check_text(dataset, edit("  en: Ivan Petrenko", "\ten: Ivan Petrenko")),
           "tab-indentation", 3, 1)
    assert "indent with spaces" in p.message


def test_tab_inside_a_value_is_not_indentation(dataset):
    problems = check_text(dataset, edit("title: A fictional report",
                                        'title: "A\tfictional report"'))
    assert [p.code for p in problems] == ["control-character-in-line"]  # one-line text, not YAML


def test_merge_conflict_markers(dataset):
    text = edit("born: 1980\n", "<<<<<<< HEAD\nborn: 1980\n=======\nborn: 1981\n>>>>>>> theirs\n")
    problems = check_text(dataset, text)
    assert [(p.line, p.column) for p in problems if p.code == "merge-conflict"] == \
        [(5, 1), (7, 1), (9, 1)]
    assert "delete the marker lines" in problems[0].message


@pytest.mark.parametrize("text,what", [("- a\n- b\n", "a list"), ("just text\n", "text"),
                                       ("[petrenko-ivan]\n", "a list")])
def test_top_level_not_a_mapping(dataset, text, what):
    p = at(check_text(dataset, text), "not-a-mapping", 1, 1)
    assert p.message.endswith(f"not {what}") and "id: petrenko-ivan" in p.message


def test_empty_file(dataset):
    p = at(check_text(dataset, ""), "empty-file", 1, 1)
    assert "id: petrenko-ivan" in p.message


def test_list_where_a_mapping_belongs(dataset):
    problems = check_text(dataset, edit("name:\n  en: Ivan Petrenko\n  uk: Іван Петренко\n",
                                        "name: [a]\n"))
    p = at(problems, "wrong-type", 2, 7)
    assert "`name` should be a mapping" in p.message and "not a list" in p.message


def test_mapping_where_a_list_belongs(dataset):
    text = BASE.split("events:")[0] + "events: {}\n" + "assessment:" + BASE.split("assessment:")[1]
    p = at(check_text(dataset, text), "wrong-type", 8, 9)
    assert "`events` should be a list" in p.message


def test_scalar_where_a_mapping_belongs_nested(dataset):
    text = edit("  s1:\n    title: A fictional report\n    publisher: Test News\n"
                "    date: 2020-03-11\n    url: https://example.org/report\n", "  s1: a report\n")
    p = at(check_text(dataset, text), "wrong-type", 25, 7)
    assert "should be a mapping" in p.message and "not text" in p.message


def test_scalar_where_a_list_belongs(dataset):
    p = at(check_text(dataset, edit("by: [test-org]", "by: test-org")), "wrong-type", 23, 7)
    assert "should be a list" in p.message


def test_file_over_the_size_limit(dataset):
    big = BASE + "summary: " + "x" * (loader.MAX_FILE_BYTES + 10) + "\n"
    p = only(check_text(dataset, big), "file-too-large")
    assert (p.line, p.column) == (0, 0)
    assert "KiB" in p.message


def test_yaml_directives_are_refused(dataset):
    p = at(check_text(dataset, "%YAML 1.1\n---\n" + BASE), "yaml-directive", 1, 1)
    assert "delete" in p.message
    at(check_text(dataset, "%TAG ! tag:example.com,2000:\n---\n" + BASE), "yaml-directive", 1, 1)


def test_second_document_is_refused(dataset):
    at(check_text(dataset, BASE + "---\nid: other\n"), "yaml-multiple-documents", 30, 1)


def test_yaml11_on_is_an_enum_error_on_its_line(dataset):
    p = at(check_text(dataset, edit("publicity: public", "publicity: on")), "invalid-value", 7, 12)
    assert "`public`, `anonymous` or `hidden`" in p.message


def test_yaml11_norway_stays_a_country(dataset):
    problems = check_text(dataset, edit("region: UA-43", "region: UA-43\ncitizenship: [NO, UA]"))
    assert problems == []
    loaded = load(edit("region: UA-43", "region: UA-43\ncitizenship: [NO]"))
    assert loaded.model.citizenship == ["NO"]


def test_yaml11_unpadded_date(dataset):
    p = at(check_text(dataset, edit("date: 2020-03-10", "date: 2020-3-1")), "invalid-value", 9, 11)
    assert "zero padding" in p.message and "YYYY-MM-DD" in p.message


def test_impossible_date_is_located(dataset):
    p = at(check_text(dataset, edit("born: 1980", "born: 2024-13-45")), "invalid-value", 5, 7)
    assert "01 to 12" in p.message
    p = at(check_text(dataset, edit("born: 1980", "born: 2023-02-29")), "invalid-value", 5, 7)
    assert "does not exist" in p.message


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\u2066", "\u00ad", "\x07"])
def test_invisible_characters_in_a_name(dataset, char):
    p = at(check_text(dataset, edit("en: Ivan Petrenko", f"en: Ivan {char}Petrenko")),
           "invisible-character", 3, 12)
    assert f"U+{ord(char):04X}" in p.message and "delete it" in p.message


@pytest.mark.parametrize("escape", ["\\u202E", "\\u200b", "\\x07", "\\N"])
def test_escaped_invisible_characters_are_caught_too(dataset, escape):
    p = at(check_text(dataset, edit("en: Ivan Petrenko", f'en: "Ivan {escape}Petrenko"')),
           "invisible-character", 3, 7)
    assert "delete it" in p.message


def test_unicode_noncharacter_is_located(dataset):
    at(check_text(dataset, edit("en: Ivan Petrenko", "en: Ivan\ufffe")), "invisible-character",
       3, 11)


def test_symlinks_are_never_followed(dataset, tmp_path):
    canary = "CANARY-SYMLINK-7f3a9c"
    target = tmp_path / "outside.yaml"
    target.write_text(f"id: {canary}\nname: {{en: {canary}}}\n")
    dataset.write(CASE, BASE)
    links = {"cases/outside.yaml": target, "cases/passwd.yaml": "/etc/passwd",
             "cases/other-case.yaml": "petrenko-ivan.yaml"}
    for rel, dest in links.items():
        os.symlink(dest, dataset.root / rel)
    report = validate(dataset.root, use_cache=False)
    assert sorted(p.file for p in report.problems) == sorted(links)
    for p in report.problems:
        assert (p.code, p.line, p.column) == ("symlink", 0, 0)
        assert "replace it with the file itself" in p.message
    for fmt in ("text", "json", "github"):
        result = CliRunner().invoke(app, ["validate", "-C", str(dataset.root), "--no-cache",
                                          "--format", fmt])
        assert result.exit_code == 1
        assert canary not in result.output and "root:" not in result.output
        assert "cases/passwd.yaml" in result.output
    result = run(["validate", "-C", str(dataset.root)], cwd=dataset.root)  # the real thing, once
    assert result.returncode == 1
    assert canary not in result.stdout + result.stderr and "root:" not in result.stdout


def test_symlinked_cases_folder_is_refused(dataset, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "petrenko-ivan.yaml").write_text("id: CANARY-FOLDER\n")
    (dataset.root / "cases").rmdir()
    os.symlink(elsewhere, dataset.root / "cases")
    report = validate(dataset.root, use_cache=False)
    assert [(p.file, p.code) for p in report.problems] == [("cases", "symlink")]


def test_huge_scalar_never_reaches_a_message():
    value = "Z" * 100_000
    problems = load(f"id: petrenko-ivan\nname: {{en: {value}}}\nassessment: {{decision: candidate}}\n"
                    ).problems
    p = at(problems, "too-long", 2, 12)
    assert "ZZZZ" not in p.message


def test_naughty_strings_as_names(dataset):
    blns = shared("corpora", "blns", "blns.json")
    strings = [s for s in json.loads(blns.read_text(encoding="utf-8")) if len(s.strip()) >= 3]
    for i, s in enumerate(strings):
        for ascii_only in (True, False):  # escaped (`\u202e`) and raw characters
            quoted = json.dumps(s, ensure_ascii=ascii_only)  # valid YAML double-quoted scalars
            loaded = load(edit("en: Ivan Petrenko", f"en: {quoted}").encode("utf-8",
                                                                              "surrogatepass"))
            for p in loaded.problems:
                assert p.severity == "error" and p.line >= 1, (i, p)
                assert s not in p.message, (i, p)
            if loaded.model is not None:
                assert loaded.model.name.en == s
                assert not yamlsafe._BAD_CHAR.search(s), (i, ascii_only)
    # and through the whole pipeline, a few at a time
    for i, s in enumerate(strings[:60]):
        dataset.write(f"cases/blns-{i}.yaml", edit("id: petrenko-ivan", f"id: blns-{i}",
                                                   edit("en: Ivan Petrenko", f"en: {json.dumps(s)}")))
    report = validate(dataset.root, use_cache=False)
    for p in report.problems:
        assert p.file.startswith("cases/blns-")
        assert p.code in ("invisible-character", "too-long", "empty-value", "invalid-value",
                          "yaml-syntax", "wrong-type"), p
