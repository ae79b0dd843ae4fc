"""`kremlinlist actions` filters and formats, `new-action` scaffolds, and the editor tooling
(schema, fmt, the pre-commit hooks) covers actions/ and coalitions/."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml
from factory import TODAY, action, case, cli_at_root, coalition, dump

from kremlinlist.app.validate import validate
from kremlinlist.files import loader

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def three(dataset):
    """Two people and three actions: a 2019 petition for one (by a former id), a 2021 open
    letter for both, an undated picket by someone with no file."""
    dataset.add(case("petrenko-ivan", former_ids=["petrenko-i"]))
    dataset.add(case("bondar-olena", name={"en": "Olena Bondar", "uk": "Олена Бондар"}))
    dataset.write("actions/2019-06-petition.yaml", dump(action(
        "2019-06-petition", type="petition", date="2019-06", **{"for": ["petrenko-i"]},
        title={"en": "A fictional petition", "uk": "Вигадана петиція"})))
    dataset.write("actions/2021-02-open-letter.yaml", dump(action(
        **{"for": ["petrenko-ivan", "bondar-olena"]})))
    dataset.write("actions/undated-picket.yaml", dump(action(
        "undated-picket", type="picket", by=[{"name": "Fictional students"}], date=None,
        signatures=None, title={"en": "A fictional picket"}, **{"for": ["bondar-olena"]})))
    return dataset


def _ids(root: Path, *args: str) -> list[str]:
    result = cli_at_root(["actions", "--format", "json", *args], root)
    assert result.exit_code == 0, result.output
    return [a["id"] for a in json.loads(result.output)["actions"]]


def test_actions_are_newest_first_undated_last(three):
    assert _ids(three.root) == ["2021-02-open-letter", "2019-06-petition", "undated-picket"]


def test_actions_filter_by_person_type_organization_and_period(three):
    assert _ids(three.root, "--for", "petrenko-ivan") == ["2021-02-open-letter",
                                                          "2019-06-petition"]
    assert _ids(three.root, "--for", "petrenko-i") == ["2021-02-open-letter", "2019-06-petition"]
    assert _ids(three.root, "--type", "picket") == ["undated-picket"]
    assert _ids(three.root, "--by", "test-org") == ["2021-02-open-letter", "2019-06-petition"]
    assert _ids(three.root, "--since", "2020") == ["2021-02-open-letter"]
    assert _ids(three.root, "--until", "2019-06-30") == ["2019-06-petition"]
    assert _ids(three.root, "--since", "2019-07", "--until", "2021-01") == []


def test_actions_refuse_a_bad_filter(three):
    for args in (["--since", "June 2019"], ["--for", "nobody-here"], ["--type", "sit-in"]):
        result = cli_at_root(["actions", *args], three.root)
        assert result.exit_code == 2, (args, result.output)


def test_actions_as_text_and_csv(three):
    text = cli_at_root(["actions", "--lang", "uk"], three.root).output
    first = text.splitlines()[0]
    assert first.startswith("2021-02-01 · відкритий лист · Вигаданий відкритий лист")
    # the titles follow the language of messages unless --lang after the command says otherwise
    assert cli_at_root(["--lang", "uk", "actions"], three.root).output == text
    assert "Вигаданий" not in cli_at_root(["--lang", "uk", "actions", "--lang", "en"],
                                         three.root).output
    assert "Іван Петренко (petrenko-ivan)" in first and "Олена Бондар (bondar-olena)" in first
    rows = list(csv.DictReader(io.StringIO(cli_at_root(["actions", "--format", "csv"],
                                                       three.root).output)))
    assert [r["id"] for r in rows] == ["2021-02-open-letter", "2019-06-petition", "undated-picket"]
    assert rows[0]["for"] == "petrenko-ivan; bondar-olena" and rows[2]["date"] == ""
    assert rows[0]["signatures"] == "count: 12; as_of: 2021-02-03; goal: 100"


def test_new_action_writes_a_file_that_validates_once_cited(three):
    result = cli_at_root(["new-action", "--id", "2021-03-rally", "--type", "rally",
                          "--title-en", "A fictional rally", "--title-uk", "Вигаданий мітинг",
                          "--date", "2021-03", "--by", "test-org", "--for", "petrenko-ivan"],
                         three.root)
    assert result.exit_code == 0, result.output
    rel = "actions/2021-03-rally.yaml"
    assert rel in result.output
    report = validate(three.root, [rel], use_cache=False, today=TODAY)
    assert [p.code for p in report.problems] == ["uncited-action"]
    data = yaml.safe_load((three.root / rel).read_text(encoding="utf-8"))
    data["sources"] = {"s1": {"title": "A fictional report"}}
    (three.root / rel).write_text(dump(data), encoding="utf-8")
    assert validate(three.root, [rel], use_cache=False, today=TODAY).problems == []
    again = cli_at_root(["new-action", "--id", "2021-03-rally", "--type", "rally",
                         "--title-en", "x"], three.root)
    assert again.exit_code == 1 and "exists already" in again.output  # a refusal, as `new`


def test_show_lists_a_persons_actions_newest_first(three):
    card = json.loads(cli_at_root(["show", "petrenko-ivan", "--format", "json"],
                                  three.root).output)
    assert [a["id"] for a in card["actions"]] == ["2021-02-open-letter", "2019-06-petition"]
    text = cli_at_root(["show", "bondar-olena"], three.root).output
    assert "2021-02-01 open letter: A fictional open letter" in text
    assert text.index("open letter") < text.index("undated picket")


def test_stats_count_actions_by_type_and_month(three):
    stats = json.loads(cli_at_root(["stats", "--format", "json"], three.root).output)
    assert stats["actions"]["by_type"] == {"open-letter": 1, "petition": 1, "picket": 1}
    assert stats["actions"]["by_month"] == {"2019-06": 1, "2021-02": 1, "undated": 1}


def test_schema_and_fmt_cover_the_new_files(three):
    for kind in ("action", "coalition"):
        result = cli_at_root(["schema", "--kind", kind], three.root)
        schema = json.loads(result.output)
        assert schema["additionalProperties"] is False
    assert "for" in json.loads(cli_at_root(["schema", "--kind", "action"],
                                           three.root).output)["properties"]
    three.write("coalitions/test-coalition.yaml", dump(coalition()))
    messy = "sources: {s1: {title: A report}}\nid: 2021-04-x\ntype: other\ntitle: {en: X}\n"
    three.write("actions/2021-04-x.yaml", messy)
    check = cli_at_root(["fmt", "--check"], three.root)
    assert check.exit_code == 1 and "actions/2021-04-x.yaml" in check.output
    assert cli_at_root(["fmt"], three.root).exit_code == 0
    text = (three.root / "actions/2021-04-x.yaml").read_text(encoding="utf-8")
    assert text.startswith("id: 2021-04-x\ntype: other\n") and text.rstrip().endswith(
        "sources: {s1: {title: A report}}")


def test_the_pre_commit_hooks_cover_actions_and_coalitions():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    for hook in hooks:
        for rel in ("actions/2018-05-25-pussy-riot-le-monde.yaml",
                    "coalitions/defense-of-prisoners-of-the-kremlin.yaml"):
            assert re.search(hook["files"], rel), (hook["id"], rel)


def test_an_action_csv_cell_is_never_a_formula(three):
    three.write("actions/2021-05-x.yaml", dump(action(
        "2021-05-x", title={"en": "=HYPERLINK(\"https://example.org\")"}, to="+cmd")))
    rows = list(csv.DictReader(io.StringIO(cli_at_root(["actions", "--format", "csv"],
                                                       three.root).output)))
    row = next(r for r in rows if r["id"] == "2021-05-x")
    assert row["title_en"].startswith("'=") and row["to"] == "'+cmd"


def test_stats_as_text_counts_the_actions(three):
    """stats' tables end with the advocacy actions by type and by month."""
    result = cli_at_root(["stats"], three.root)
    assert result.exit_code == 0, result.output
    tail = result.stdout[result.stdout.index("advocacy actions: 3"):]
    assert "actions by type" in tail and "petition" in tail and "2019-06" in tail


def test_for_a_withheld_person_is_answered_as_for_no_one(three):
    """`--for` never tells which withheld ids exist: an anonymous or hidden case is answered as
    an id no case has."""
    three.add(case("anon-2021-001", publicity="anonymous"))
    unknown = cli_at_root(["actions", "--for", "nobody-here"], three.root)
    withheld = cli_at_root(["actions", "--for", "anon-2021-001"], three.root)
    assert (withheld.exit_code, withheld.stderr) == (unknown.exit_code, unknown.stderr)


def test_an_action_file_that_does_not_load_is_said_not_hidden(three):
    three.write("actions/broken.yaml", "id: broken\ntype: sit-in\n")
    result = cli_at_root(["actions"], three.root)
    assert result.exit_code == 0
    assert "1 action file does not load and is not listed; run kremlinlist validate" in \
        result.stderr


@pytest.mark.parametrize("args, words", [
    (["--title-en", "line\nbreak: x\n- y"], "--title-en: one line"),
    (["--title-en", "a\tb\x01c"], "--title-en: one line"),
    (["--title-en", "Letter", "--title-uk", "ab\u202ecd"], "--title-uk: one line"),
    (["--title-en", "Letter", "--date", "2099-01-01"], "--date: the date is in the future"),
])
def test_new_action_refuses_what_would_not_load_as_given(three, args, words):
    """A title that would fold into other words, a control or bidi character, a future date:
    refused before anything is written, not written to fail validation later."""
    result = cli_at_root(["new-action", "--id", "2021-04-appeal", "--type", "appeal", *args],
                         three.root)
    assert result.exit_code == 2 and words in result.stderr, result.output
    assert not (three.root / "actions/2021-04-appeal.yaml").exists()


def test_new_action_writes_a_title_with_quotes_and_colons_as_given(three):
    title = 'The "Free them" letter: part 2 # of 3 \\ end'
    result = cli_at_root(["new-action", "--id", "2021-04-appeal", "--type", "appeal",
                          "--title-en", title], three.root)
    assert result.exit_code == 0, result.output
    loaded = loader.load_file(three.root, "actions/2021-04-appeal.yaml", "action")
    assert loaded.data["title"]["en"] == title


def _case_parses(monkeypatch) -> list[str]:
    """The case files parsed from now on (a spy on the loader)."""
    seen: list[str] = []
    real = loader.load_bytes

    def spy(rel, data, kind, *args, **kwargs):
        if kind == "case":
            seen.append(rel)
        return real(rel, data, kind, *args, **kwargs)

    monkeypatch.setattr(loader, "load_bytes", spy)
    return seen


def test_actions_read_the_cases_through_the_store_and_none_when_there_is_no_action(
        three, monkeypatch, tmp_path):
    """Listing actions resolves their people from the working-tree store: a warm listing parses
    no case file and prints what a listing with no cache prints; with no action on disk no case
    is read at all (`show` and `actions` had parsed every case in full, seconds at 10,000)."""
    listings = [["actions", "--format", "json"], ["actions", "--for", "petrenko-i"],
                ["actions", "--format", "csv"]]
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "empty"))
    cold = [cli_at_root(args, three.root).output for args in listings]
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "warm"))
    cli_at_root(["actions"], three.root)  # fills the store
    parsed = _case_parses(monkeypatch)
    assert [cli_at_root(args, three.root).output for args in listings] == cold
    assert parsed == []
    assert "2019-06-petition" in cold[0] and "A fictional petition" in cold[1]
    for rel in ("actions/2019-06-petition.yaml", "actions/2021-02-open-letter.yaml",
                "actions/undated-picket.yaml"):
        (three.root / rel).unlink()
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "none"))
    assert json.loads(cli_at_root(["actions", "--format", "json"], three.root).output)[
        "actions"] == []
    assert parsed == []
    assert json.loads(cli_at_root(["show", "bondar-olena", "--format", "json"],
                                  three.root).output)["actions"] == []
    refused = cli_at_root(["actions", "--for", "nobody-here"], three.root)
    assert refused.exit_code == 2 and "no case has this id" in refused.stderr


def test_stats_parse_each_case_once_with_actions_on_disk(three, monkeypatch):
    parsed = _case_parses(monkeypatch)
    result = cli_at_root(["stats", "--format", "json"], three.root)
    assert result.exit_code == 0, result.output
    assert sorted(parsed) == ["cases/bondar-olena.yaml", "cases/petrenko-ivan.yaml"]
    assert json.loads(result.output)["actions"]["total"] == 3
