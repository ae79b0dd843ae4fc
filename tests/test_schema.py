import importlib.util
import json
import re
from pathlib import Path

import pytest

from factory import Invoked, case, check_jsonschema, cli, dump


ROOT = Path(__file__).resolve().parent.parent
needs_checker = pytest.mark.skipif(importlib.util.find_spec("check_jsonschema") is None,
                                   reason="check-jsonschema is not installed")


def schema_file(tmp_path: Path, kind: str = "case") -> Path:
    result = cli("schema", "--kind", kind)
    assert result.exit_code == 0
    path = tmp_path / f"{kind}.schema.json"
    path.write_text(result.output, encoding="utf-8")
    return path


def check(schema: Path, *files: Path, options: tuple[str, ...] = ()) -> Invoked:
    return check_jsonschema([*options, "--schemafile", str(schema), *map(str, files)])


def test_case_schema_has_what_an_editor_needs():
    schema = json.loads(cli("schema").output)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("urn:kremlinlist:case")
    assert "case" in schema["title"]
    assert schema["additionalProperties"] is False
    assert "transliteration" in schema["properties"]["id"]["description"]
    assert schema["properties"]["id"]["pattern"]
    assert "detained" in schema["$defs"]["Event"]["properties"]["type"]["enum"]
    assert schema["$defs"]["Source"]["properties"]["title"]["description"]


@needs_checker
def test_check_jsonschema_accepts_every_shipped_file(tmp_path):
    cases = sorted((ROOT / "cases").glob("*.yaml"))
    assert cases
    result = check(schema_file(tmp_path), *cases)
    assert result.returncode == 0, result.stdout + result.stderr
    orgs = sorted((ROOT / "organizations").glob("*.yaml"))
    assert check(schema_file(tmp_path, "organization"), *orgs).returncode == 0
    assert check(schema_file(tmp_path, "criteria"), ROOT / "criteria.yaml").returncode == 0


BROKEN = [
    {"nmae": {"en": "Ivan Petrenko"}},  # unknown key
    {"publicity": "secret"},  # not one of the values
    {"born": "1980-5-1"},  # not a partial date
    {"events": [{"date": "2020-13", "type": "detained"}]},
    {"events": [{"type": "arrested"}]},
    {"id": "Petrenko_Ivan"},
    {"assessment": {"decision": "listed", "criteria": ["Not_An_Id"], "by": ["test-org"]}},
    {"sources": {"Bad_Key": {"title": "A fictional report"}}},
    {"sources": {"s1": {"title": "A fictional report", "url": "https:///report"}}},  # no host
]
EDITOR_DATES = ("id: petrenko-ivan\nname: {en: Ivan Petrenko}\nborn: 1976\n"
                "events:\n  - {date: 2014-05-10, type: detained}\n"
                "assessment: {decision: candidate}\n")


@pytest.fixture(scope="module")
def case_verdicts(tmp_path_factory) -> tuple[int, dict[str, list[str]], dict[str, list]]:
    """One check-jsonschema run over the good case, the editor's dates and every broken case
    (a run each cost a second): its exit code, each file's errors and its parse errors."""
    if importlib.util.find_spec("check_jsonschema") is None:
        pytest.skip("check-jsonschema is not installed")
    folder = tmp_path_factory.mktemp("verdicts")
    files = {"good": dump(case()), "dates": EDITOR_DATES,
             **{f"broken{i}": dump(case(**b)) for i, b in enumerate(BROKEN)}}
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    result = check(schema_file(folder), *(folder / f"{n}.yaml" for n in files),
                   options=("-o", "json"))
    report = json.loads(result.stdout)
    errors: dict[str, list[str]] = {name: [] for name in files}
    for error in report["errors"]:
        errors[Path(error["filename"]).stem].append(error["message"])
    parse = {name: [] for name in files}
    for error in report["parse_errors"]:
        parse[Path(error["filename"]).stem].append(error)
    return result.returncode, errors, parse


@pytest.mark.parametrize("n", range(len(BROKEN)), ids=[f"broken{i}" for i in range(len(BROKEN))])
def test_check_jsonschema_rejects_a_broken_case(case_verdicts, n):
    returncode, errors, parse = case_verdicts
    assert returncode == 1  # validation failed (not a crash or a file it could not parse)
    assert errors["good"] == [] and parse["good"] == []
    assert errors[f"broken{n}"], BROKEN[n]
    assert parse[f"broken{n}"] == []


def test_id_and_date_patterns_come_from_the_model_itself():
    from pydantic import TypeAdapter

    from kremlinlist.model.case import ID_RE, Case, Date, Id

    assert TypeAdapter(Id).json_schema()["pattern"] == ID_RE
    date = re.compile(TypeAdapter(Date).json_schema()["anyOf"][0]["pattern"])
    assert date.match("2014-05-10") and date.match("2014") and date.match("2100-12")
    assert not any(date.match(d) for d in ("2014-13", "2014-05-32", "1899", "2014-5-1"))
    model = json.dumps(Case.model_json_schema())
    assert json.dumps(ID_RE) in model and json.dumps(date.pattern) in model
    keys = Case.model_json_schema()["properties"]["sources"]
    assert keys["propertyNames"]["pattern"] == ID_RE and "patternProperties" not in keys


def test_a_bad_id_keeps_its_validation_message():
    from pydantic import ValidationError

    from kremlinlist.model.case import Case

    with pytest.raises(ValidationError) as exc:
        Case.model_validate({**case(), "id": "Petrenko_Ivan"})
    assert [e["msg"] for e in exc.value.errors()] == [
        "Value error, an id uses lowercase latin letters, digits and single hyphens, "
        "e.g. petrenko-ivan"]


def test_dates_as_an_editor_reads_them(case_verdicts):
    _, errors, parse = case_verdicts
    assert errors["dates"] == [] and parse["dates"] == []


def test_install_merges_into_existing_settings(dataset):
    vscode = dataset.root / ".vscode"
    vscode.mkdir()
    (vscode / "settings.json").write_text(json.dumps(
        {"editor.tabSize": 2, "yaml.schemas": {"other.json": "other/*.yaml"}}))
    result = cli("schema", "--install", "-C", str(dataset.root))
    assert result.exit_code == 0, result.output
    settings = json.loads((vscode / "settings.json").read_text())
    assert settings["editor.tabSize"] == 2
    assert settings["yaml.schemas"]["other.json"] == "other/*.yaml"
    assert settings["yaml.schemas"][".vscode/kremlinlist-case.schema.json"] == "cases/*.yaml"
    installed = json.loads((vscode / "kremlinlist-case.schema.json").read_text())
    assert installed == json.loads(cli("schema").output)


def test_install_keeps_the_comments_of_a_jsonc_settings_file(dataset):
    vscode = dataset.root / ".vscode"
    vscode.mkdir()
    text = '{\n  // my settings\n  "editor.tabSize": 2,\n}\n'
    (vscode / "settings.json").write_text(text)
    result = cli("schema", "--install", "-C", str(dataset.root))
    assert result.exit_code == 0, result.output
    written = (vscode / "settings.json").read_text()
    assert "// my settings" in written and '"editor.tabSize": 2,' in written
    assert '".vscode/kremlinlist-case.schema.json": "cases/*.yaml"' in written
    assert (vscode / "kremlinlist-case.schema.json").exists()


def test_install_in_a_fresh_dataset_and_modeline(dataset):
    assert cli("schema", "--install", "-C", str(dataset.root)).exit_code == 0
    settings = json.loads((dataset.root / ".vscode/settings.json").read_text())
    assert set(settings) == {"yaml.schemas"}
    line = cli("schema", "--modeline").output.strip()
    assert line == "# yaml-language-server: $schema=../.vscode/kremlinlist-case.schema.json"
    assert cli("schema", "--install", "--modeline").exit_code == 2


def test_help_has_an_example():
    assert "Example: kremlinlist schema" in cli("schema", "--help").output
