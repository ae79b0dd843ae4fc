"""Intake (issue 13): a fictional form export becomes sealed reports, a second import adds
nothing, `promote` yields a candidate that validates, bad rows are reported by number, and
nothing from intake/ is ever published."""

from __future__ import annotations

import json
import re
import tempfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from factory import (INTAKE_COLUMNS, Dataset, GitRepo, age_key, armored_block, case, dump,
                     form_export, form_row, invoke, sealing_config, tree_text)
from hypothesis import given, settings, strategies as st

from kremlinlist.app import intake
from kremlinlist.app.validate import validate
from kremlinlist.checks.privacy import is_opaque
from kremlinlist.files import sealed
from kremlinlist.model.intake import typed_date
from kremlinlist.model.regions import region_code
from kremlinlist.model.regions import REGIONS

CANARY = "INTAKECANARY5a7b"


@pytest.fixture
def members(tmp_path):
    folder = tmp_path / "keys"
    return [age_key(folder, name) for name in ("one", "two")]


@pytest.fixture
def queue_root(tmp_path, members):
    data = Dataset(tmp_path / "data", sealing_config(*(key for _, key in members)))
    data.add(case("petrenko-ivan"))
    return data.root


def _export(tmp_path, rows=None, fmt="csv"):
    rows = rows if rows is not None else [
        form_row(what_happened=f"taken from home {CANARY}"),
        form_row("Ivan Petrenko", person_name_uk="Іван Петренко", born="1980", region="Crimea",
                 detained_on="10.03.2020", submitted="03.05.2024", what_happened="he is held"),
    ]
    return form_export(tmp_path / "exports" / f"form.{fmt}", rows, fmt)


def _reports(root) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted((root / "intake").glob("*.yaml"))]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_import_creates_sealed_reports_and_a_second_adds_nothing(queue_root, tmp_path, members,
                                                                    fmt):
    export = _export(tmp_path, fmt=fmt)
    first = invoke(["intake", "import", str(export), "--by", "editor"], cwd=queue_root)
    assert (first.returncode, first.stdout) == (0, "2 reports added; 0 already imported\n")
    reports = _reports(queue_root)
    assert [r["status"] for r in reports] == ["new", "new"]
    assert all(set(r["report"]) == {"sealed", "sealed_for"} for r in reports)
    assert CANARY not in tree_text(queue_root) and "Petro" not in tree_text(queue_root)
    before = {p.name: p.read_bytes() for p in (queue_root / "intake").iterdir()}
    second = invoke(["intake", "import", str(export), "--by", "editor"], cwd=queue_root)
    assert second.stdout == "0 reports added; 2 already imported\n"
    assert {p.name: p.read_bytes() for p in (queue_root / "intake").iterdir()} == before
    opened = sealed.unseal(armored_block(next((queue_root / "intake").glob("r-*.yaml")), "report"),
                           sealed.load_identities(members[1][0]))
    assert b"person" in opened
    assert validate(queue_root, use_cache=False).problems == []


def test_region_and_dates_are_kept_as_typed_beside_the_parsed_value(tmp_path):
    data = Dataset(tmp_path / "data", {"repository": "private"})
    invoke(["intake", "import", str(_export(tmp_path))], cwd=data.root)
    person = next(r["report"]["person"] for r in _reports(data.root)
                  if r["received"] == "2024-05-01")
    assert person["region"] == {"typed": "Херсонська", "code": "UA-65"}
    assert person["detained_on"] == {"typed": "15.03.2023", "date": "2023-03-15"}
    assert person["names"] == ["Petro Vyhadanyi", "Петро Вигаданий"]


def test_bad_rows_are_reported_by_number_and_skipped(queue_root, tmp_path):
    rows = [form_row(), form_row(person_name="", person_name_uk=""),
            form_row(submitted="yesterday"), form_row(place="x" * 600), form_row("Other Person")]
    result = invoke(["intake", "import", str(_export(tmp_path, rows))], cwd=queue_root)
    assert result.returncode == 1
    assert result.stdout.startswith("2 reports added; 0 already imported\n")
    assert [line.split(": error ")[0] for line in result.stdout.splitlines()[1:]] == [
        "form.csv:3:1", "form.csv:4:1", "form.csv:5:1"]
    assert "intake-bad-row" in result.stdout and "xxxxx" not in result.stdout
    assert len(_reports(queue_root)) == 2


def test_a_broken_csv_line_is_one_bad_row_and_the_rows_after_it_are_read(queue_root, tmp_path):
    """A field past csv's size limit breaks one line; every row after it is still imported."""
    rows = [form_row(), form_row("Second Person", what_happened="x" * 200_000),
            form_row("Third Person"), form_row("Fourth Person")]
    result = invoke(["intake", "import", str(_export(tmp_path, rows))], cwd=queue_root)
    assert result.returncode == 1
    assert result.stdout.startswith("3 reports added; 0 already imported\n")
    assert "form.csv:3:1" in result.stdout and "xxxxx" not in result.stdout


@pytest.mark.parametrize("cell", ["Fictional\x00 Name", "Fictional \u202eName", "a\x1b[2Jb"])
def test_a_control_or_invisible_character_is_a_bad_row(queue_root, tmp_path, cell):
    """Imported as it came, such a report would fail validation and need hand-editing."""
    rows = [form_row(reporter_name=cell), form_row("Other Person")]
    result = invoke(["intake", "import", str(_export(tmp_path, rows))], cwd=queue_root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "`reporter_name` holds a control or invisible character" in result.stdout
    assert "Fictional" not in result.stdout
    assert len(_reports(queue_root)) == 1
    assert invoke(["validate"], cwd=queue_root).returncode == 0


def test_an_intake_folder_that_is_a_link_is_refused(queue_root, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (queue_root / "intake").symlink_to(outside)
    result = invoke(["intake", "import", str(_export(tmp_path))], cwd=queue_root)
    assert result.returncode == 2 and "intake/ is a symbolic link" in result.stderr
    assert list(outside.iterdir()) == []


def test_a_broken_json_line_is_a_bad_row(queue_root, tmp_path):
    export = _export(tmp_path, fmt="jsonl")
    export.write_text(export.read_text() + "{not json\n[1, 2]\n", encoding="utf-8")
    result = invoke(["intake", "import", str(export)], cwd=queue_root)
    assert result.returncode == 1
    assert "form.jsonl:3:1: error intake-bad-row" in result.stdout
    assert "form.jsonl:4:1: error intake-bad-row" in result.stdout


def test_unknown_columns_refuse_the_export_and_map_fixes_it(queue_root, tmp_path):
    rows = [{"Timestamp": "2024-05-01", "Your name": "Olha", "Name of the detained": "Petro Vyh",
             "Oblast": "Kherson"}]
    export = _export(tmp_path, rows)
    refused = invoke(["intake", "import", str(export)], cwd=queue_root)
    assert refused.returncode == 2 and "no header row" in refused.stderr
    assert "--map" in refused.stderr
    assert not (queue_root / "intake").exists() or _reports(queue_root) == []
    mapping = tmp_path / "map.yaml"
    mapping.write_text(dump({"Timestamp": "submitted", "Your name": "reporter_name",
                             "Name of the detained": "person_name", "Oblast": "region"}))
    done = invoke(["intake", "import", str(export), "--map", str(mapping)], cwd=queue_root)
    assert done.returncode == 0 and done.stdout.startswith("1 report added")


def test_an_unknown_column_is_named_by_its_place_never_by_its_name(queue_root, tmp_path):
    export = _export(tmp_path, [dict(form_row(), **{f"Extra {CANARY}": "x", "Oblast": "Kherson"})])
    refused = invoke(["intake", "import", str(export)], cwd=queue_root)
    places = ", ".join(str(len(INTAKE_COLUMNS) + n) for n in (1, 2))
    assert refused.returncode == 2, refused.stderr
    assert f"2 columns kremlinlist does not know (columns {places})" in refused.stderr
    assert CANARY not in refused.stdout + refused.stderr and "Oblast" not in refused.stderr


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_export_without_a_header_row_never_echoes_the_first_report(queue_root, tmp_path, fmt):
    """Without a header row, the first report's cells are taken for column names: the message
    must not repeat them (names, e-mail, phone of a reporter)."""
    row = form_row(f"Petro {CANARY}", reporter_email=f"{CANARY.lower()}@example.org",
                   reporter_phone="+380 00 000 0000")
    export = tmp_path / "exports" / f"noheader.{fmt}"
    export.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        export.write_text(",".join(row.values()) + "\n", encoding="utf-8")
    else:  # a JSON object keyed by the cells themselves
        export.write_text(json.dumps({v: "" for v in row.values()}) + "\n", encoding="utf-8")
    refused = invoke(["intake", "import", str(export)], cwd=queue_root)
    assert refused.returncode == 2 and "no header row" in refused.stderr
    assert "--map" in refused.stderr
    for cell in row.values():
        assert cell.lower() not in refused.stdout.lower() + refused.stderr.lower()
    assert not (queue_root / "intake").exists() or _reports(queue_root) == []


def test_an_import_into_a_public_repository_is_refused_and_validate_flags_intake(tmp_path):
    data = Dataset(tmp_path / "data", {"repository": "public", "timezone": "UTC"})
    result = invoke(["intake", "import", str(_export(tmp_path))], cwd=data.root)
    assert result.returncode == 2 and "public" in result.stderr, result.stderr
    assert not (data.root / "intake").exists()
    data.write("intake/r-0000000000000000.yaml", f"id: r-0000000000000000\nnote: {CANARY}\n")
    data.write("intake/.salt", "00" * 32 + "\n")
    out = invoke(["validate", "--format", "json"], cwd=data.root)
    assert out.returncode == 1 and CANARY not in out.stdout + out.stderr
    flagged = sorted(p["file"] for p in json.loads(out.stdout)["problems"]
                     if p["code"] == "intake-in-public-repository")
    assert flagged == ["intake/.salt", "intake/r-0000000000000000.yaml"]


@pytest.mark.parametrize("repository", ["public", "private"])
@pytest.mark.parametrize("content", ["", "- a list\n", "just text\n", "[a, b]\n"])
def test_an_intake_file_that_is_no_mapping_is_a_problem_not_a_crash(tmp_path, repository,
                                                                    content):
    data = Dataset(tmp_path / "data", {"repository": repository, "timezone": "UTC"})
    data.add(case("petrenko-ivan"))
    data.write("intake/r-0000000000000000.yaml", content)
    out = invoke(["validate", "--format", "github"], cwd=data.root)
    assert out.returncode == 1 and "internal error" not in out.stderr, out.stderr
    codes = set(re.findall(r"title=kremlinlist ([a-z-]+)::", out.stdout))
    assert codes & {"empty-file", "not-a-mapping"}, out.stdout


def test_the_queue_names_the_reports_that_do_not_load(queue_root, tmp_path):
    """`intake list` said "No reports in intake/" beside files it could not read."""
    (queue_root / "intake").mkdir(exist_ok=True)
    (queue_root / "intake/r-00000000000000aa.yaml").write_text(f"- {CANARY}\n")
    out = invoke(["intake", "list"], cwd=queue_root)
    assert out.returncode == 1 and "intake/r-00000000000000aa.yaml" in out.stdout
    assert "not-a-mapping" in out.stdout and CANARY not in out.stdout + out.stderr
    data = json.loads(invoke(["intake", "list", "--format", "json"], cwd=queue_root).stdout)
    assert [p["code"] for p in data["problems"]] == ["not-a-mapping"]


def test_an_intake_link_to_a_folder_elsewhere_is_not_walked(tmp_path):
    """A pull request can add `intake -> /etc`: reported as a link, never listed file by file
    (the runner's file names in a public log), and never a crash on an unreadable folder."""
    data = Dataset(tmp_path / "data", {"repository": "public", "timezone": "UTC"})
    data.add(case("petrenko-ivan"))
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "deep").mkdir(parents=True)
    (elsewhere / "deep" / "secret-name.yaml").write_text("x: 1\n")
    (data.root / "intake").symlink_to(elsewhere)
    out = invoke(["validate", "--format", "json"], cwd=data.root)
    assert out.returncode == 1, out.stderr
    files = {p["file"] for p in json.loads(out.stdout)["problems"]}
    assert "intake" in files and not any("secret-name" in f for f in files), files


@pytest.mark.parametrize("content", ["- a list\n", "Timestamp: nowhere\n", "[unclosed\n"])
def test_a_bad_map_file_is_refused(queue_root, tmp_path, content):
    mapping = tmp_path / "map.yaml"
    mapping.write_text(content)
    result = invoke(["intake", "import", str(_export(tmp_path)), "--map", str(mapping)],
                    cwd=queue_root)
    assert result.returncode == 2 and "--map must be a mapping" in result.stderr


def test_an_unreadable_export_is_refused(queue_root, tmp_path):
    export = tmp_path / "form.csv"
    export.write_bytes(b"\xff\xfe\x00bad")
    result = invoke(["intake", "import", str(export)], cwd=queue_root)
    assert result.returncode == 2 and "UTF-8" in result.stderr
    missing = invoke(["intake", "import", str(tmp_path / "none.csv")], cwd=queue_root)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_the_list_shows_no_personal_data_without_an_identity(queue_root, tmp_path, members):
    invoke(["intake", "import", str(_export(tmp_path))], cwd=queue_root)
    plain = invoke(["intake", "list", "--format", "json"], cwd=queue_root)
    rows = json.loads(plain.stdout)["reports"]
    assert [(r["status"], r["readable"], r["names"]) for r in rows] == [("new", False, [])] * 2
    assert "Petro" not in plain.stdout and "Petrenko" not in plain.stdout
    opened = invoke(["intake", "list", "-i", str(members[0][0])], cwd=queue_root)
    assert "Petro Vyhadanyi" in opened.stdout and "UA-65" in opened.stdout
    assert "likely: petrenko-ivan" in opened.stdout  # the report about a person with a case


def test_promote_yields_a_candidate_that_validates(queue_root, tmp_path, members, monkeypatch):
    invoke(["intake", "import", str(_export(tmp_path))], cwd=queue_root)
    rid = next(r["id"] for r in _reports(queue_root) if r["received"] == "2024-05-01")
    result = invoke(["intake", "promote", rid, "-i", str(members[1][0]), "--by", "editor"],
                    cwd=queue_root)
    assert result.returncode == 0, result.stderr
    case_id = re.fullmatch(r"created cases/(hidden-[0-9a-f]{16})\.yaml\n", result.stdout)[1]
    made = yaml.safe_load((queue_root / f"cases/{case_id}.yaml").read_text())
    assert made["publicity"] == "hidden" and made["assessment"] == {"decision": "candidate"}
    assert set(made) == {"id", "publicity", "assessment", "private"}
    assert is_opaque(case_id) and rid[2:] not in case_id  # says nothing of the report
    assert CANARY not in tree_text(queue_root)
    report = next(r for r in _reports(queue_root) if r["id"] == rid)
    assert (report["status"], report["case"]) == ("promoted", case_id)
    assert report["history"][-1]["status"] == "promoted" and report["history"][-1]["by"] == "editor"
    monkeypatch.setenv("KREMLINLIST_IDENTITY", str(members[0][0]))  # checked inside too
    assert validate(queue_root, use_cache=False).problems == []
    opened = invoke(["unseal", case_id], cwd=queue_root)
    assert CANARY in opened.stdout and "Olha Vyhadana" in opened.stdout
    again = invoke(["intake", "promote", rid, "-i", str(members[1][0])], cwd=queue_root)
    assert again.returncode == 2 and "already `promoted`" in again.stderr


def test_reject_and_duplicate_record_who_and_why(queue_root, tmp_path):
    invoke(["intake", "import", str(_export(tmp_path))], cwd=queue_root)
    first, second = (r["id"] for r in _reports(queue_root))
    assert invoke(["intake", "reject", first, "--reason", "not political", "--by", "ed"],
                  cwd=queue_root).returncode == 0
    assert invoke(["intake", "duplicate", second, "petrenko-ivan", "--by", "ed"],
                  cwd=queue_root).returncode == 0
    by_id = {r["id"]: r for r in _reports(queue_root)}
    assert by_id[first]["history"][-1] == {"status": "rejected", "by": "ed",
                                           "on": str(date.today()), "reason": "not political"}
    assert (by_id[second]["status"], by_id[second]["case"]) == ("duplicate", "petrenko-ivan")
    assert validate(queue_root, use_cache=False).problems == []


@pytest.mark.parametrize("args, words", [
    (["intake", "duplicate", "FIRST", "nobody-here"], "no case in cases/"),
    (["intake", "reject", "r-0000000000000000", "--reason", "x"], "no report in intake/"),
    (["intake", "promote", "../../etc", "-i", "KEY"], "no report in intake/"),
    (["intake", "promote", "FIRST"], "needs your key"),
])
def test_intake_commands_refuse_cleanly(queue_root, tmp_path, members, args, words):
    invoke(["intake", "import", str(_export(tmp_path))], cwd=queue_root)
    first = _reports(queue_root)[0]["id"]
    args = [first if a == "FIRST" else str(members[0][0]) if a == "KEY" else a for a in args]
    result = invoke(args, cwd=queue_root)
    assert result.returncode == 2 and words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_promote_in_a_public_repository_is_refused(tmp_path):
    data = Dataset(tmp_path / "data", {"repository": "private"})
    invoke(["intake", "import", str(_export(tmp_path))], cwd=data.root)
    data.write("kremlinlist.yaml", dump({"repository": "public"}))  # made public since
    rid = _reports(data.root)[0]["id"]
    result = invoke(["intake", "promote", rid], cwd=data.root)
    assert result.returncode == 2 and "public" in result.stderr
    assert not list((data.root / "cases").glob("intake-*"))


def test_validate_checks_intake_files(queue_root, tmp_path):
    invoke(["intake", "import", str(_export(tmp_path))], cwd=queue_root)
    path = next((queue_root / "intake").glob("r-*.yaml"))
    data = yaml.safe_load(path.read_text())
    data.update(status="promoted", case="nobody-here")
    path.write_text(dump(data))
    plain = dict(data, status="new", report={"person": {"names": [f"N {CANARY}"]}})
    plain.pop("case")
    (queue_root / "intake/r-00000000000000ab.yaml").write_text(dump(plain))
    problems = validate(queue_root, use_cache=False).problems
    # sorted on both sides: the imported report's random id starts with 00 once in 256 runs
    assert sorted((p.file.split("/")[1][:4], p.code) for p in problems) == sorted([
        ("r-00", "id-mismatch"), ("r-00", "private-not-sealed"), (path.name[:4], "intake-link")])
    assert all(CANARY not in p.message for p in problems)
    one = validate(queue_root, [str(path)], use_cache=False).problems  # as pre-commit names it
    assert [(p.file, p.code) for p in one] == [(f"intake/{path.name}", "intake-link")]


def test_nothing_from_intake_is_ever_published(tmp_path, members):
    repo = GitRepo(tmp_path / "repo")
    data = Dataset(repo.root, {"repository": "private", "timezone": "UTC"})  # reports in the clear
    data.add(case("petrenko-ivan"))
    invoke(["intake", "import", str(_export(tmp_path))], cwd=repo.root)
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "reports", date="2024-06-01T12:00:00+00:00")
    assert CANARY in tree_text(repo.root / "intake")  # really there, in plain text
    for fmt in ("json", "csv", "md", "html"):
        out = tmp_path / "out" / f"list.{fmt}"
        out.parent.mkdir(exist_ok=True)
        result = invoke(["export", "--format", fmt, "--output", str(out)], cwd=repo.root)
        assert result.returncode == 0, result.stderr
        text = out.read_text() + result.stdout + result.stderr
        assert "Petrenko" in text
        assert CANARY not in text and "Vyhadan" not in text and "Olha" not in text
    for args in (["stats", "--format", "json"], ["dupes"], ["validate"]):
        result = invoke(args, cwd=repo.root)
        assert CANARY not in result.stdout + result.stderr
    assert CANARY not in tree_text(tmp_path / "kremlinlist-cache")


@pytest.mark.parametrize("typed, code", [
    ("Kherson", "UA-65"), ("Херсонська", "UA-65"), ("Херсонська обл.", "UA-65"), ("ua-65", "UA-65"),
    ("Crimea", "UA-43"), ("АР Крим", "UA-43"), ("Kyiv", "UA-30"), ("Київська область", "UA-32"),
    ("Atlantis", None), ("", None), ("Ky", None)])
def test_regions_as_people_type_them(typed, code):
    assert region_code(typed) == code


@pytest.mark.parametrize("typed, parsed", [
    ("15.03.2023", "2023-03-15"), ("15/03/2023", "2023-03-15"), ("2023-03-15", "2023-03-15"),
    ("03.2023", "2023-03"), ("2023", "2023"), ("2024-05-01T10:00:00Z", "2024-05-01"),
    ("31.02.2023", None), ("soon", None)])
def test_dates_as_people_type_them(typed, parsed):
    found = typed_date(typed)
    assert (str(found) if found else None) == parsed


@given(st.text(max_size=40))
def test_any_typed_region_is_a_known_code_or_none(text):
    assert region_code(text) in (None, *REGIONS)


@given(st.dictionaries(st.sampled_from(INTAKE_COLUMNS), st.text(max_size=20), max_size=6))
def test_report_ids_are_opaque_and_stable(row):
    salt = b"s" * 32
    rid = intake.report_id(salt, row)
    assert rid == intake.report_id(salt, dict(reversed(list(row.items()))))
    assert len(rid) == 18 and rid.startswith("r-")
    assert all(v not in rid for v in row.values() if len(v) > 3)


def test_reports_imported_before_recipients_are_sealed_by_seal(tmp_path, members):
    data = Dataset(tmp_path / "data", {"repository": "private"})
    invoke(["intake", "import", str(_export(tmp_path))], cwd=data.root)
    assert CANARY in tree_text(data.root)
    data.write("kremlinlist.yaml", dump(sealing_config(members[0][1])))
    assert {p.code for p in validate(data.root, use_cache=False).problems} == {"private-not-sealed"}
    result = invoke(["seal"], cwd=data.root)
    assert result.stdout.count("sealed intake/r-") == 2
    assert CANARY not in tree_text(data.root)
    assert validate(data.root, use_cache=False).problems == []
    listed = invoke(["intake", "list", "-i", str(members[0][0])], cwd=data.root)
    assert "Petro Vyhadanyi" in listed.stdout


def test_the_list_finds_two_reports_about_one_person(queue_root, tmp_path, members):
    rows = [form_row(), form_row("Petro Vyhadanyi", submitted="2024-06-01", reporter_name="Other",
                                 what_happened="the same man")]
    invoke(["intake", "import", str(_export(tmp_path, rows))], cwd=queue_root)
    listed = json.loads(invoke(["intake", "list", "-i", str(members[0][0]), "--format", "json"],
                               cwd=queue_root).stdout)["reports"]
    first, second = listed
    assert first["likely"] == [second["id"]] and second["likely"] == [first["id"]]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.fixed_dictionaries({c: st.text(max_size=30) for c in INTAKE_COLUMNS}),
                min_size=1, max_size=4))
def test_any_export_imports_whole_reports_or_names_bad_rows(rows):
    """Whatever people typed, each row becomes a valid report or a bad row, never a crash or a
    half-written file; and a second import adds nothing."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "data"
        Dataset(root, {"repository": "private"})
        export = form_export(Path(folder) / "form.csv", rows)
        done = intake.import_export(root, export, by="editor")
        assert len(done.added) + done.known + len(done.problems) == len(rows)
        assert all(p.code == "intake-bad-row" and p.line >= 2 for p in done.problems)
        assert validate(root, use_cache=False).problems == []
        assert intake.import_export(root, export, by="editor").added == []


def test_the_list_refuses_a_broken_config_as_the_other_commands_do(queue_root, tmp_path):
    """`intake list` read a broken kremlinlist.yaml as the defaults (a public repository, its
    time zone gone) and listed the queue; reject, promote and import refused it."""
    invoke(["intake", "import", str(_export(tmp_path))], cwd=queue_root)
    first = _reports(queue_root)[0]["id"]
    (queue_root / "kremlinlist.yaml").write_text("repository: privat\n", encoding="utf-8")
    listed = invoke(["intake", "list"], cwd=queue_root)
    rejected = invoke(["intake", "reject", first, "--reason", "x"], cwd=queue_root)
    assert listed.returncode == rejected.returncode == 1
    assert listed.stderr == rejected.stderr
    assert "kremlinlist.yaml has problems" in listed.stderr and first not in listed.stdout
    as_json = invoke(["intake", "list", "--format", "json"], cwd=queue_root)
    assert as_json.returncode == 1 and "kremlinlist.yaml has problems" in as_json.stderr
