"""Reading a form's export (docs/intake.md): no value is dropped (several columns onto one are
joined for a name and refused for anything else), a lost salt never imports every report again,
a row that cannot be a report is one bad row whatever is in it, and timestamps are read as forms
write them, an ambiguous one refused rather than guessed."""

from __future__ import annotations

import json

import pytest
import yaml
from factory import Dataset, case, dump, form_export, form_row, invoke

CANARY = "EXPORTCANARY9e2f"


@pytest.fixture
def root(tmp_path):
    data = Dataset(tmp_path / "data", {"repository": "private", "timezone": "UTC"})
    data.add(case("petrenko-ivan"))
    return data.root


def _reports(root) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted((root / "intake").glob("r-*.yaml"))]


def _csv(tmp_path, header: list[str], *rows: list[str]):
    path = tmp_path / "exports" / "form.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(",".join(r) + "\n" for r in (header, *rows)), encoding="utf-8")
    return path


def _jsonl(tmp_path, *lines: str):
    path = tmp_path / "exports" / "form.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_a_name_asked_in_parts_is_joined_in_column_order(root, tmp_path):
    export = _csv(tmp_path, ["Timestamp", "Last name", "First name", "Oblast"],
                  ["2024-05-01 10:00", "Vyhadanyi", "Petro", "Kherson"])
    mapping = tmp_path / "map.yaml"
    mapping.write_text(dump({"Timestamp": "submitted", "First name": "person_name",
                             "Last name": "person_name", "Oblast": "region"}))
    done = invoke(["intake", "import", str(export), "--map", str(mapping)], cwd=root)
    assert done.returncode == 0, done.stderr
    assert _reports(root)[0]["report"]["person"]["names"] == ["Vyhadanyi Petro"]


def test_a_csv_header_given_twice_joins_a_name(root, tmp_path):
    export = _csv(tmp_path, ["submitted", "person_name", "person_name", "place"],
                  ["2024-05-01", "Petro", "Vyhadanyi", "Testtown"])
    assert invoke(["intake", "import", str(export)], cwd=root).returncode == 0
    assert _reports(root)[0]["report"]["person"]["names"] == ["Petro Vyhadanyi"]


def test_two_columns_onto_one_that_is_no_name_are_refused(root, tmp_path):
    export = _csv(tmp_path, ["submitted", "person_name", "place", "place"],
                  ["2024-05-01", "Petro", "Testtown", CANARY])
    refused = invoke(["intake", "import", str(export)], cwd=root)
    assert refused.returncode == 2, refused.stderr
    assert "columns 3, 4 of the export all give `place`" in refused.stderr
    assert CANARY not in refused.stderr + refused.stdout and not (root / "intake").exists()
    mapping = tmp_path / "map.yaml"
    mapping.write_text(dump({"Where": "place", "Town": "place"}))
    refused = invoke(["intake", "import", str(export), "--map", str(mapping)], cwd=root)
    assert refused.returncode == 2 and 'several columns onto `place` ("Where", "Town")' in refused.stderr


def test_a_json_line_giving_a_column_twice_is_a_bad_row(root, tmp_path):
    export = _jsonl(tmp_path, '{"submitted": "2024-05-01", "person_name": "Petro", '
                              f'"place": "A", "place": "{CANARY}"}}',
                    json.dumps(form_row("Other Person")))
    result = invoke(["intake", "import", str(export)], cwd=root)
    assert result.returncode == 1 and "form.jsonl:1:1: error intake-bad-row" in result.stdout
    assert "`place` more than once" in result.stdout and CANARY not in result.stdout
    assert len(_reports(root)) == 1


def test_a_missing_salt_never_imports_the_reports_again(root, tmp_path):
    export = form_export(tmp_path / "form.csv", [form_row(), form_row("Other Person")])
    assert invoke(["intake", "import", str(export)], cwd=root).returncode == 0
    before = sorted(p.name for p in (root / "intake").iterdir())
    (root / "intake" / ".salt").unlink()
    refused = invoke(["intake", "import", str(export)], cwd=root)
    assert refused.returncode == 2 and "intake/.salt is missing" in refused.stderr
    assert "git" in refused.stderr
    assert sorted(p.name for p in (root / "intake").iterdir()) == sorted(
        set(before) - {".salt"})


def test_a_deeply_nested_json_line_is_one_bad_row(root, tmp_path):
    export = _jsonl(tmp_path, json.dumps(form_row()), "[" * 200_000,
                    '{"place": ' + "[" * 200_000, json.dumps(form_row("Other Person")))
    result = invoke(["intake", "import", str(export)], cwd=root)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("2 reports added")
    assert "form.jsonl:2:1: error intake-bad-row" in result.stdout
    assert "form.jsonl:3:1: error intake-bad-row" in result.stdout


@pytest.mark.parametrize("value", ["true", '{"a": 1}', "[1, 2]", "NaN", "1.5", "Infinity"])
def test_a_json_value_that_is_not_text_is_a_bad_row(root, tmp_path, value):
    line = json.dumps(form_row(f"Petro {CANARY}"))[:-1] + f', "place": {value}}}'
    export = _jsonl(tmp_path, line.replace('"place": "Testtown", ', ""))
    result = invoke(["intake", "import", str(export)], cwd=root)
    assert result.returncode == 1, result.stderr
    assert "`place` is not text" in result.stdout and CANARY not in result.stdout
    assert not (root / "intake").exists() or _reports(root) == []


def test_a_whole_number_is_read_as_its_digits(root, tmp_path):
    row = dict(form_row(), born=1990)
    export = _jsonl(tmp_path, json.dumps(row))
    assert invoke(["intake", "import", str(export)], cwd=root).returncode == 0
    assert _reports(root)[0]["report"]["person"]["born"] == {"typed": "1990", "date": "1990"}


def test_a_submitted_date_to_come_is_a_bad_row(root, tmp_path):
    export = form_export(tmp_path / "form.csv", [form_row(submitted="2099-01-01 10:00"),
                                                 form_row("Other Person")])
    result = invoke(["intake", "import", str(export)], cwd=root)
    assert result.returncode == 1 and "form.csv:2:1: error intake-bad-row" in result.stdout
    assert "`submitted` is a date to come" in result.stdout
    assert len(_reports(root)) == 1


@pytest.mark.parametrize("submitted, received", [
    (["31.12.2024 23:59"], ["2024-12-31"]),
    (["2024-05-01T10:00:00.000+03:00"], ["2024-05-01"]),
    (["5/1/2024 10:00:00", "5/13/2024 9:30:00 PM"], ["2024-05-01", "2024-05-13"]),  # US form
    (["5/1/2024 10:00:00", "13/5/2024 9:30:00"], ["2024-01-05", "2024-05-13"]),
    (["1/1/2024 10:00:00"], ["2024-01-01"]),
])
def test_form_timestamps_are_read(root, tmp_path, submitted, received):
    rows = [form_row(f"Person {n}", submitted=s) for n, s in enumerate(submitted)]
    result = invoke(["intake", "import", str(form_export(tmp_path / "f.csv", rows))], cwd=root)
    assert result.returncode == 0, result.stdout
    assert sorted(r["received"] for r in _reports(root)) == received


def test_a_timestamp_that_reads_day_first_or_month_first_is_refused_not_guessed(root, tmp_path):
    """5/1/2024: the 5th of January, or the 1st of May as a form in US English writes it; with
    no other row to settle it, the row is refused."""
    export = form_export(tmp_path / "f.csv", [form_row(submitted="5/1/2024 10:00:00")])
    result = invoke(["intake", "import", str(export)], cwd=root)
    assert result.returncode == 1 and "day first or month first" in result.stdout
    assert not (root / "intake").exists() or _reports(root) == []

