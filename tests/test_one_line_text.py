"""Names and other one-line fields refuse line breaks, tabs and other control characters, which
YAML lets in as double-quoted escapes (`"\\n"`): a located problem, never a value in the message."""

from __future__ import annotations

import json

import pytest
from factory import Dataset, case, dump, examples, invoke
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kremlinlist.app.validate import validate
from kremlinlist.checks.text import block_keys, control_characters
from kremlinlist.files import loader, yamlsafe


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


# --- the walk's shortcut: block scalars under keys that never hold one-line text ------------------

BLOCK_STYLES = ["|", "|-", "|+", ">", ">-", ">2", "|-  # a comment", "> # x > y"]
# (where in the dumped case, the key) for a one-line field and for long text at three depths
BLOCK_PLACES = [("  en: Ivan Petrenko", "  en"), ("occupation: Teacher", "occupation"),
                ("  place: Testville", "  place"), ("    title: A fictional report", "    title"),
                ("summary: Detained.", "summary"), ("  type: detained", "  note"),
                ("    url: https://example.org/report", "    quote")]


def _with_blocks(chosen: list[tuple[int, str, str]]) -> str:
    """The fictional case with the chosen fields written as block scalars (`quote` and `note`
    added beside the line they replace)."""
    text = dump(case("petrenko-ivan", occupation="Teacher", summary="Detained."))
    for place, style, body in chosen:
        line, key = BLOCK_PLACES[place]
        indent = " " * (len(key) - len(key.lstrip()) + 2)
        block = f"{key}: {style}\n" + "".join(f"{indent}{part}\n" for part in body.split("/"))
        keep = line + "\n" if key.strip() != line.split(":")[0].strip() else ""
        text = text.replace(line + "\n", keep + block, 1)
    return text


@given(st.lists(st.tuples(st.integers(0, len(BLOCK_PLACES) - 1) | st.integers(4, 6),
                          st.sampled_from(BLOCK_STYLES),
                          (st.text(alphabet="ab:#/ ", min_size=1, max_size=12)
                           | st.text(alphabet="ab|>:#/ ", min_size=1, max_size=12))
                          .filter(lambda b: all(p.strip() for p in b.split("/")))),
                max_size=3, unique_by=lambda c: c[0]))
@settings(max_examples=examples(200), deadline=None)
def test_the_walk_is_skipped_only_where_it_would_find_nothing(chosen):
    """A text the shortcut calls plain has no one-line field holding a control character, with
    block scalars of any style, bodies and comments holding `|` and `>`, one-line and long-text
    fields at every depth."""
    loaded = loader.load_bytes("cases/petrenko-ivan.yaml", _with_blocks(chosen).encode(), "case")
    assume(loaded.model is not None and loaded.text is not None)
    if yamlsafe.no_control_in_values(loaded.text, block_keys()):
        assert control_characters(loaded.model) == []


def test_long_text_in_block_scalars_skips_the_walk_and_one_line_text_does_not(tmp_path):
    """The shortcut is taken for the usual `summary: >-`, and a one-line field written as a
    block scalar is still refused where it is."""
    long_only = _with_blocks([(4, ">-", "Detained in/2020."), (5, "|", "A note")])
    assert yamlsafe.no_control_in_values(long_only, block_keys())
    ds = Dataset(tmp_path / "data")
    ds.add(case("petrenko-ivan"))
    (ds.root / "cases/petrenko-ivan.yaml").write_text(
        _with_blocks([(4, ">-", "Detained in/2020."), (1, "|", "Teacher")]), encoding="utf-8")
    problems = validate(ds.root, use_cache=False).problems
    assert [(p.code, p.line) for p in problems] == [("control-character-in-line", 34)]
