"""Names and other one-line fields refuse line breaks, tabs and other control characters, which
YAML lets in as double-quoted escapes (`"\\n"`): a located problem, never a value in the message."""

from __future__ import annotations

import json

import pytest
from factory import Dataset, case, invoke

from kremlinlist.app.validate import validate


def written(ds: Dataset, old: str, new: str) -> None:
    """The case file with `old` (a plain value) replaced by `new` (YAML source, e.g. an escape)."""
    path = ds.add(case("petrenko-ivan", name={"en": "Ivan Petrenko", "uk": "Іван Петренко"},
                       occupation="Teacher"))
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("escape", ["\\t", "\\r", "\\n"])
def test_a_name_with_an_escaped_control_character_is_refused_where_it_is(tmp_path, escape):
    ds = Dataset(tmp_path / "data")
    written(ds, "en: Ivan Petrenko", f'en: "Ivan{escape}Petrenko"')
    problems = validate(ds.root, use_cache=False).problems
    assert [(p.file, p.code, p.severity) for p in problems] == [
        ("cases/petrenko-ivan.yaml", "control-character-in-line", "error")]
    line = next(i for i, text in enumerate(
        (ds.root / "cases/petrenko-ivan.yaml").read_text(encoding="utf-8").splitlines(), 1)
        if "Ivan" in text and "Petrenko" in text)
    assert problems[0].line == line
    assert "Ivan" not in problems[0].message and "Petrenko" not in problems[0].message


def test_other_one_line_fields_are_refused_too(tmp_path):
    ds = Dataset(tmp_path / "data")
    written(ds, "occupation: Teacher", 'occupation: "Teacher\\nof history"')
    result = invoke(["validate", "--format", "json"], cwd=ds.root)
    assert result.returncode == 1
    assert [(p["file"], p["code"]) for p in json.loads(result.stdout)["problems"]] == [
        ("cases/petrenko-ivan.yaml", "control-character-in-line")]


def test_long_text_may_hold_line_breaks(tmp_path):
    ds = Dataset(tmp_path / "data")
    ds.add(case("petrenko-ivan", summary="Detained in 2020.\nSentenced in 2021."))
    assert validate(ds.root, use_cache=False).problems == []


def test_an_organization_name_is_one_line_too(tmp_path):
    ds = Dataset(tmp_path / "data")
    ds.add(case("petrenko-ivan"))
    path = ds.root / "organizations/test-org.yaml"
    text = path.read_text(encoding="utf-8")
    en = next(line for line in text.splitlines() if line.strip().startswith("en:"))
    path.write_text(text.replace(en, en.split(":")[0] + ': "Test\\nOrganization"', 1),
                    encoding="utf-8")
    problems = validate(ds.root, use_cache=False).problems
    assert [(p.file, p.code) for p in problems] == [
        ("organizations/test-org.yaml", "control-character-in-line")]
    assert problems[0].line > 0
