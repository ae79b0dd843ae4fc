"""`kremlinlist validate` and `check` through the CLI: formats, exit codes, escaping."""

from __future__ import annotations

import json
import re

import pytest
from factory import BASE, cli, edit, invoke

from kremlinlist.publish import reports as report
from kremlinlist.base.problem import Problem

PROBLEM_KEYS = {"file", "line", "column", "severity", "code", "message"}
ANNOTATION = re.compile(r"^::(error|warning) file=([^,:\n]*),(?:line=(\d+),col=(\d+),)?"
                        r"title=kremlinlist ([a-z0-9-]+)::([^\r\n]*)$")
WARN = edit("decision: listed", "decision: candidate")  # meets the rules: a warning only


def validate_cli(root, *args: str):
    return cli("validate", "-C", str(root), "--no-cache", *args)


def test_json_format(dataset):
    dataset.write("cases/petrenko-ivan.yaml", edit("born: 1980", "born: 1980-13"))
    result = validate_cli(dataset.root, "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert set(payload) == {"ok", "checked", "problems"}
    assert payload["ok"] is False and payload["checked"] == 3  # case, organization, criteria
    assert payload["problems"] == [{
        "file": "cases/petrenko-ivan.yaml", "line": 5, "column": 7, "severity": "error",
        "code": "invalid-value", "message": payload["problems"][0]["message"]}]
    assert "01 to 12" in payload["problems"][0]["message"]


def test_json_format_clean(dataset):
    dataset.write("cases/petrenko-ivan.yaml", BASE)
    result = validate_cli(dataset.root, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"ok": True, "checked": 3, "problems": []}


def test_github_format_escapes_file_names(dataset):
    rel = "cases/petrenko,ivan:2%.yaml"
    dataset.write(rel, "id: [\n")
    dataset.write("cases/petrenko-ivan.yaml", WARN)
    result = validate_cli(dataset.root, "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    parsed = [ANNOTATION.match(line) for line in lines]
    assert all(parsed), lines
    files = {m[2] for m in parsed}
    assert "cases/petrenko%2Civan%3A2%25.yaml" in files
    levels = sorted((m[1], m[5]) for m in parsed)
    assert levels == [("error", "yaml-syntax"), ("warning", "candidate-meets-criteria")]
    error = next(m for m in parsed if m[1] == "error")
    assert error[3] == "1" and error[4] == "6"  # the unclosed `[`: the end of the only line


@pytest.mark.parametrize("folder", ["", "data/", "data/ua list/"])
def test_annotations_name_the_file_as_the_repository_holds_it(tmp_path, folder):
    """In a workflow, an annotation's file is the repository's path: a dataset kept in a folder
    of its repository gets that folder in front, however the command reached it (-C, --root);
    outside a workflow the file is named from the dataset, as in every other format."""
    from factory import Dataset, case, dump

    top = tmp_path / "repo"
    data = Dataset(top / folder if folder else top)
    data.write("cases/petrenko-ivan.yaml", dump(case(bron="1980")))
    env = {"GITHUB_WORKSPACE": str(top)}
    for args, cwd in ((["-C", str(data.root), "validate"], tmp_path),
                      (["validate", "--root", str(data.root)], tmp_path),
                      (["validate"], data.root),
                      (["check", "petrenko-ivan", "--root", str(data.root)], top)):
        result = invoke([*args, "--format", "github"], cwd, env=env)
        assert result.returncode == 1, result.stderr
        assert f"file={folder}cases/petrenko-ivan.yaml," in result.stdout, (
            args, result.stdout)
    elsewhere = invoke(["validate", "--format", "github"], data.root,
                       env={"GITHUB_WORKSPACE": str(tmp_path / "other")})
    assert "file=cases/petrenko-ivan.yaml," in elsewhere.stdout


def test_github_annotation_escaping():
    p = Problem("cases/a,b:c\nd.yaml", 3, 4, "error", "some-code", "50% done\nnext line\r")
    line = report.github_annotation(p)
    assert line == ("::error file=cases/a%2Cb%3Ac%0Ad.yaml,line=3,col=4,title=kremlinlist "
                    "some-code::50%25 done%0Anext line%0D")
    whole = report.github_annotation(Problem("cases/x.yaml", 0, 0, "warning", "c", "m"))
    assert whole == "::warning file=cases/x.yaml,title=kremlinlist c::m"


def test_text_format(dataset):
    dataset.write("cases/petrenko-ivan.yaml", edit("born: 1980", "bron: 1980"))
    result = validate_cli(dataset.root)
    assert result.exit_code == 1
    # the key a researcher wrote is never quoted; the suggestion is one of ours
    assert "cases/petrenko-ivan.yaml:5:1: error unknown-key unknown key; did you mean " \
           "`born`?" in result.stdout and "bron" not in result.stdout
    assert "failed checked 3 files: 1 error, 0 warnings" in result.stdout


def test_text_format_shows_control_characters_in_file_names_as_escapes(dataset):
    dataset.write("cases/evil\x1b[2J\nfake.yaml", "id: x\n")
    result = validate_cli(dataset.root)
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout
    assert "cases/evil\\x1b[2J\\nfake.yaml:1:1:" in result.stdout
    assert "\nfake.yaml" not in result.stdout


@pytest.mark.parametrize("command", [["fmt", "--check"], ["fmt"], ["dupes"]])
def test_fmt_and_dupes_show_control_characters_in_file_names_as_escapes(dataset, command):
    """A file name from a pull request could start a line of its own (a workflow command in a
    CI log, `::error ...`) or carry a terminal escape: fmt and dupes print it escaped too."""
    evil = "cases/x\n::error file=a::INJECTED\x1b[31m\r.yaml"
    messy = "name: {en: Ivan Petrenko}\nid: petrenko-ivan\nborn: 1980\nregion: UA-43\n"
    dataset.write("cases/petrenko-ivan.yaml", messy)
    dataset.write(evil, messy.replace("id: petrenko-ivan", "id: x"))
    result = cli(*command, "-C", str(dataset.root))
    shown = result.output
    assert "x\\n::error" in shown, shown
    assert "\n::error" not in shown and "\x1b" not in shown and "\r" not in shown


def test_exit_codes(dataset):
    dataset.write("cases/petrenko-ivan.yaml", BASE)
    assert validate_cli(dataset.root).exit_code == 0
    assert validate_cli(dataset.root, "--strict").exit_code == 0
    dataset.write("cases/petrenko-ivan.yaml", WARN)
    result = validate_cli(dataset.root)
    assert result.exit_code == 0 and "ok checked 3 files: 0 errors, 1 warning" in result.stdout
    result = validate_cli(dataset.root, "--strict", "--format", "json")
    assert result.exit_code == 1 and json.loads(result.stdout)["ok"] is False
    dataset.write("cases/petrenko-ivan.yaml", "id: [\n")
    assert validate_cli(dataset.root).exit_code == 1


@pytest.mark.parametrize("args", [["--format", "xml"], ["--jobs", "0"], ["--bogus"]])
def test_usage_errors_exit_2(dataset, args):
    assert validate_cli(dataset.root, *args).exit_code == 2


def test_missing_root_is_a_usage_error(tmp_path):
    result = cli("validate", "-C", str(tmp_path / "nowhere"))
    assert result.exit_code == 2 and "no dataset folder" in result.output


def test_validate_paths(dataset):
    dataset.write("cases/petrenko-ivan.yaml", BASE)
    dataset.write("cases/broken.yaml", "id: [\n")
    result = validate_cli(dataset.root, str(dataset.root / "cases/petrenko-ivan.yaml"),
                          "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"ok": True, "checked": 1, "problems": []}
    # relative to the current folder, as CI passes changed files
    proc = invoke(["validate", "--no-cache", "--format", "json", "cases/broken.yaml"],
               cwd=dataset.root)
    assert proc.returncode == 1, proc.stderr
    assert [p["file"] for p in json.loads(proc.stdout)["problems"]] == ["cases/broken.yaml"]


def test_validate_path_catches_a_duplicate_against_an_unselected_file(dataset):
    dataset.write("cases/petrenko-ivan.yaml",
                  edit("id: petrenko-ivan\n", "id: petrenko-ivan\nformer_ids: [koval-olena]\n"))
    dataset.write("cases/koval-olena.yaml", edit("id: petrenko-ivan", "id: koval-olena"))
    result = validate_cli(dataset.root, str(dataset.root / "cases/koval-olena.yaml"),
                          "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    assert [(p["file"], p["line"], p["column"], p["code"]) for p in problems] == [
        ("cases/koval-olena.yaml", 1, 5, "duplicate-id")]


def test_check_explains_criterion_by_criterion(dataset):
    text = edit("    - id: e\n      sources: [s1]\n", "    - id: e\n      sources: [s1]\n"
                "    - id: a\n")
    dataset.write("cases/petrenko-ivan.yaml", edit("by: [test-org]", "by: [test-org]\n"
                                                   "  signs: [falsified-evidence]", text))
    result = cli("check", "petrenko-ivan", "-C", str(dataset.root))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "petrenko-ivan: decision listed; custody status in-custody" in out
    assert "  e: backed by s1: criterion e" in out
    assert "  a: NOT backed by a source: criterion a" in out
    assert "Signs: falsified-evidence" in out and "Exclusion grounds: none" in out
    assert "Verdict: meets the criteria for the list." in out
    result = cli("check", "petrenko-ivan", "-C", str(dataset.root), "--format", "json")
    data = json.loads(result.stdout)
    assert data["meets_rules"] is True
    assert data["criteria"] == [{"id": "e", "backed": True, "sources": ["s1"]},
                                {"id": "a", "backed": False, "sources": []}]


def test_check_a_case_with_problems(dataset):
    dataset.write("cases/petrenko-ivan.yaml", edit("  by: [test-org]", "  by: [test-org]\n"
                                                   "  exclusions: [war-crimes]"))
    result = cli("check", "petrenko-ivan", "-C", str(dataset.root))
    assert result.exit_code == 1
    assert "Exclusion grounds: war-crimes" in result.stdout
    assert "cannot be listed" in result.stdout and "listed-with-exclusion" in result.stdout
    dataset.write("cases/petrenko-ivan.yaml", "id: [\n")
    result = cli("check", "petrenko-ivan", "-C", str(dataset.root))
    assert result.exit_code == 1 and "does not load" in result.stdout


@pytest.mark.parametrize("case_id", ["nobody", "../criteria", "../../etc/passwd", "Petrenko"])
def test_check_unknown_id_exits_2(dataset, case_id):
    dataset.write("cases/petrenko-ivan.yaml", BASE)
    result = cli("check", case_id, "-C", str(dataset.root))
    assert result.exit_code == 2
    assert "root:" not in result.output and "criterion" not in result.output


@pytest.mark.parametrize("name", ["::add-mask::checked", "::set-output name=pwn::1",
                                  "##[group]x", ":: stop"])
def test_no_text_line_begins_as_a_workflow_command(tmp_path, name):
    """A file at the dataset's top named like a workflow command, reported first on a text line
    of a CI log (here as a secret key), was run by GitHub as that command."""
    from factory import Dataset

    data = Dataset(tmp_path / "data")
    (data.root / name).write_text("-----BEGIN PRIVATE KEY-----\n", encoding="utf-8")
    result = invoke(["validate"], data.root, env={"CI": "true"})
    assert result.returncode == 1
    said = [line for line in result.stdout.splitlines() if name in line]
    assert said and all(line.startswith("./" + name) for line in said), result.stdout
    assert not any(line.startswith(("::", "##")) for line in result.stdout.splitlines())


def test_a_bidi_mark_or_a_byte_not_utf8_in_a_file_name_is_shown_as_its_escape_everywhere():
    """An annotation carried a right-to-left override of a file name raw (it reorders what the
    reviewer reads), and a byte that is not UTF-8 read `\\udcff` in text but `\\xff` elsewhere."""
    odd = Problem("cases/a\u202eb\udcff.yaml", 1, 1, "error", "c", "m")
    line = report.github_annotation(odd)
    assert "\u202e" not in line and "file=cases/a\\u202eb\\xff.yaml" in line
    assert report.problem_line(odd).parts[0][0] == "cases/a\\u202eb\\xff.yaml:1:1"
