import os
import shutil
from pathlib import Path

import pytest
from factory import ORG, case, check_text, cli, dump, invoke

from kremlinlist.app import fmt as fmt_app
from kremlinlist.app.fmt import format_file
from kremlinlist.files import yamlfmt as fmt
from kremlinlist.files import loader, yamlsafe

ROOT = Path(__file__).resolve().parent.parent

MESSY = """\
# Fictional test person.
name: { uk: Іван Петренко, en: Ivan Petrenko }  # checked
# the timeline
events:
    -   {type: detained, date: 2020-03-10, sources: [s1]}  # first
    # the sentence
    -   type: sentenced  # verdict
        # from the court report
        date: 2021-01-15
        term: 10y
        sources:
        - s1
        # more sources to come
id: petrenko-ivan
assessment:
    decision: candidate
    by: [test-org]
summary: >-
    A fictional person
    used in tests.
sources:
    s1: {url: "https://example.org/r#1", title: 'A report: part one'}
# end of file
"""

CANONICAL = """\
# Fictional test person.
id: petrenko-ivan
name: {en: Ivan Petrenko, uk: Іван Петренко}  # checked
summary: >-
  A fictional person
  used in tests.
# the timeline
events:
  - {date: 2020-03-10, type: detained, sources: [s1]}  # first
  # the sentence
  # from the court report
  - date: 2021-01-15
    type: sentenced  # verdict
    term: 10y
    sources:
      - s1
      # more sources to come
assessment:
  decision: candidate
  by: [test-org]
sources:
  s1: {title: 'A report: part one', url: "https://example.org/r#1"}
# end of file
"""


def test_fmt_check_then_write_then_nothing_to_do(dataset):
    path = dataset.write("cases/petrenko-ivan.yaml", MESSY)
    result = cli("fmt", "--check", "-C", str(dataset.root))
    assert result.exit_code == 1
    assert "would reformat cases/petrenko-ivan.yaml" in result.output
    assert path.read_text(encoding="utf-8") == MESSY

    assert cli("fmt", "-C", str(dataset.root)).exit_code == 0
    assert path.read_text(encoding="utf-8") == CANONICAL
    assert yamlsafe.parse(CANONICAL)[0] == yamlsafe.parse(MESSY)[0]

    mtime = os.stat(path).st_mtime_ns
    again = cli("fmt", "-C", str(dataset.root))
    assert again.exit_code == 0 and "formatted cases" not in again.output
    assert os.stat(path).st_mtime_ns == mtime
    assert cli("fmt", "--check", "-C", str(dataset.root)).exit_code == 0


def test_fmt_paths_relative_to_the_current_folder(dataset):
    dataset.write("cases/petrenko-ivan.yaml", MESSY)
    dataset.write("organizations/test-org.yaml",
                  "country: UA  # where\n" + dump({k: v for k, v in ORG.items() if k != "country"}))
    result = invoke(["fmt", "cases/petrenko-ivan.yaml", "organizations"], cwd=dataset.root)
    assert result.returncode == 0, result.stderr
    org = (dataset.root / "organizations/test-org.yaml").read_text(encoding="utf-8")
    assert org.splitlines()[0].startswith("id: test-org")
    assert "country: UA  # where" in org
    assert (dataset.root / "cases/petrenko-ivan.yaml").read_text(encoding="utf-8") == CANONICAL


def test_broken_and_linked_files_are_reported_and_left_alone(dataset, tmp_path):
    bad = dataset.write("cases/broken.yaml", "id: [unclosed\n")
    alias = dataset.write("cases/alias.yaml", "id: &a x\nname: *a\n")
    good = dataset.write("cases/petrenko-ivan.yaml", MESSY)
    outside = tmp_path / "outside.yaml"
    outside.write_text(MESSY, encoding="utf-8")
    os.symlink(outside, dataset.root / "cases/link.yaml")
    result = cli("fmt", "-C", str(dataset.root))
    assert result.exit_code == 1
    assert "cases/broken.yaml:1:14: error yaml-syntax" in result.output  # end of its one line
    assert "cases/alias.yaml:1:5: error yaml-anchor" in result.output
    assert "cases/link.yaml: error symlink" in result.output
    assert bad.read_text() == "id: [unclosed\n"
    assert alias.read_text() == "id: &a x\nname: *a\n"
    assert outside.read_text(encoding="utf-8") == MESSY
    assert good.read_text(encoding="utf-8") == CANONICAL


def test_a_result_with_other_data_is_never_written(dataset, monkeypatch):
    path = dataset.write("cases/petrenko-ivan.yaml", MESSY)
    monkeypatch.setattr(fmt, "format_text", lambda text, kind: CANONICAL.replace("10y", "12y"))
    outcome = format_file(dataset.root, "cases/petrenko-ivan.yaml")
    assert [p.code for p in outcome.problems] == ["not-formatted"]
    assert "change the data" in outcome.problems[0].message
    assert path.read_text(encoding="utf-8") == MESSY


def test_a_result_that_drops_a_comment_is_never_written(dataset, monkeypatch):
    path = dataset.write("cases/petrenko-ivan.yaml", MESSY)
    monkeypatch.setattr(fmt, "format_text",
                        lambda text, kind: CANONICAL.replace("  # verdict", ""))
    outcome = format_file(dataset.root, "cases/petrenko-ivan.yaml")
    assert "comment" in outcome.problems[0].message
    assert path.read_text(encoding="utf-8") == MESSY


def test_block_scalars_and_crlf_survive(dataset):
    text = ("id: petrenko-ivan\r\nsummary: |\r\n      line one\r\n        indented\r\n"
            "      last\r\nname:\r\n    en: Ivan Petrenko\r\n")
    path = dataset.write("cases/petrenko-ivan.yaml", text.encode())
    assert cli("fmt", "-C", str(dataset.root)).exit_code == 0
    out = path.read_text(encoding="utf-8")
    assert out == ("id: petrenko-ivan\nname:\n  en: Ivan Petrenko\nsummary: |\n  line one\n"
                   "    indented\n  last\n")
    assert yamlsafe.parse(out)[0] == yamlsafe.parse(text.replace("\r\n", "\n"))[0]


def test_paths_outside_the_dataset_or_not_dataset_files(dataset, tmp_path):
    (tmp_path / "elsewhere.yaml").write_text("id: x\n")
    dataset.write("notes.yaml", "b: 1\na: 2\n")
    result = cli("fmt", "-C", str(dataset.root), str(tmp_path / "elsewhere.yaml"),
                 str(dataset.root / "notes.yaml"))
    assert result.exit_code == 1
    assert "outside the dataset" in result.output and "not a dataset file" in result.output
    assert (dataset.root / "notes.yaml").read_text() == "b: 1\na: 2\n"


def test_shipped_dataset_is_formatted():
    result = cli("fmt", "--check", "-C", str(ROOT))
    assert result.exit_code == 0, result.output


def test_help_has_an_example():
    assert "Example: kremlinlist fmt" in cli("fmt", "--help").output


def test_fmt_on_several_cores_says_and_writes_what_one_core_does(dataset, tmp_path, monkeypatch):
    """From a few hundred files fmt runs on every core: the outcomes, their order and the
    bytes written are those of one core, broken and canonical files among them."""
    from kremlinlist.app.fmt import format_paths
    from kremlinlist.base import parallel

    for i in range(6):
        dataset.write(f"cases/p-{i}.yaml", MESSY.replace("petrenko-ivan", f"p-{i}"))
    dataset.write("cases/p-6.yaml", CANONICAL.replace("petrenko-ivan", "p-6"))
    dataset.write("cases/broken.yaml", "id: [unclosed\n")
    other = tmp_path / "other"
    shutil.copytree(dataset.root, other)

    def run(root):
        outcomes = [(o.rel, o.changed, [p.to_dict() for p in o.problems])
                    for o in format_paths(root)]
        return outcomes, {p.name: p.read_bytes() for p in sorted((root / "cases").iterdir())}

    alone = run(dataset.root)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    assert run(other) == alone
    assert [changed for _rel, changed, _problems in alone[0]].count(True) == 6


def test_a_file_that_comes_out_as_it_went_in_is_not_compared_again(dataset, monkeypatch):
    """A canonical file (what a formatted dataset mostly holds) is not parsed a second time to
    compare: formatting it changed nothing. A changed one still is."""
    compared = []
    real = fmt_app._unsafe
    monkeypatch.setattr(fmt_app, "_unsafe", lambda *args: compared.append(args) or real(*args))
    dataset.write("cases/petrenko-ivan.yaml", CANONICAL)
    assert not format_file(dataset.root, "cases/petrenko-ivan.yaml").changed
    assert compared == []
    dataset.write("cases/petrenko-ivan.yaml", MESSY)
    assert format_file(dataset.root, "cases/petrenko-ivan.yaml").changed
    assert len(compared) == 1


def test_an_edit_made_while_fmt_runs_is_kept(dataset):
    """fmt writes in its own process after the workers formatted: a file edited meanwhile (or
    deleted) is left as it is now, and said, never overwritten with the older text formatted."""
    path = dataset.write("cases/petrenko-ivan.yaml", MESSY)
    found = fmt_app._formatted(dataset.root, "cases/petrenko-ivan.yaml")
    assert found[0].changed and found[1] is not None
    path.write_text(MESSY + "# an edit made meanwhile\n", encoding="utf-8")
    outcome = fmt_app._written(dataset.root, *found, False)
    assert not outcome.changed and [p.code for p in outcome.problems] == ["not-written"]
    assert path.read_text(encoding="utf-8").endswith("# an edit made meanwhile\n")
    path.write_text(MESSY, encoding="utf-8")
    found = fmt_app._formatted(dataset.root, "cases/petrenko-ivan.yaml")
    path.unlink()
    outcome = fmt_app._written(dataset.root, *found, False)
    assert [p.code for p in outcome.problems] == ["not-written"] and not path.exists()
    path.write_text(MESSY, encoding="utf-8")
    found = fmt_app._formatted(dataset.root, "cases/petrenko-ivan.yaml")
    assert fmt_app._written(dataset.root, *found, False).changed
    assert path.read_text(encoding="utf-8") == CANONICAL


def test_a_comment_on_a_key_whose_value_starts_below_stays_with_that_key():
    """`summary:  # note` over a value on the next lines: the comment had gone to the end of the
    file, or into another block; it now goes above its key (the value is written on the key's
    line, where no comment can follow a multi-line value)."""
    text = ("id: fict-h\nsummary:  # from the NGO page\n  Hal was detained\n  in Kherson.\n"
            "occupation:   # job per source X\n  teacher\nborn:\n  # checked twice\n  1980\n"
            "events:\n  - type: detained\n    date: 2024-05\n")
    out = fmt.format_text(text, "case")
    lines = out.split("\n")
    for comment, key in (("# from the NGO page", "summary:"), ("# job per source X",
                                                               "occupation:"),
                         ("# checked twice", "born:")):
        assert lines[lines.index(comment) + 1].startswith(key), out
    assert yamlsafe.parse(out)[0] == yamlsafe.parse(text)[0]
    assert fmt.format_text(out, "case") == out


def test_fmt_explains_a_broken_file_as_validate_does(dataset):
    """A colon in a title: fmt said libyaml's "mapping values are not allowed in this context";
    it now says what validate says (the cause and the line to write), at the same place."""
    text = dump(case()).replace("title: A fictional report", "title: Вирок: 8 років")
    path = dataset.write("cases/petrenko-ivan.yaml", text)
    said = loader.load_bytes("cases/petrenko-ivan.yaml", text.encode(), "case").problems[0]
    assert said.code == "yaml-unquoted-colon"
    [p] = format_file(dataset.root, "cases/petrenko-ivan.yaml").problems
    assert (p.line, p.column, p.code) == (said.line, said.column, said.code)
    assert p.message.startswith(said.message) and "mapping values" not in p.message
    result = invoke(["--lang", "uk", "fmt", "cases/petrenko-ivan.yaml"], cwd=dataset.root)
    assert result.returncode == 1
    assert f"cases/petrenko-ivan.yaml:{said.line}:{said.column}: " in result.stdout + result.stderr
    assert "двокрапк" in result.stdout + result.stderr
    assert '"Вирок: 8 років"' in result.stdout + result.stderr
    assert path.read_text(encoding="utf-8") == text


def test_fmt_leaves_a_value_a_hash_emptied_as_it_is_and_says_why(dataset):
    """`summary: #Hashtag ...` reads as an empty summary and a comment: fmt rewrote it as
    `summary:  #Hashtag ...` (a comment for good), and validate said nothing of it."""
    text = dump(case()).replace("born: '1980'\n", "born: '1980'\nsummary: #FreeThem now\n")
    assert "#FreeThem" in text
    path = dataset.write("cases/petrenko-ivan.yaml", text)
    [p] = format_file(dataset.root, "cases/petrenko-ivan.yaml").problems
    assert p.code == "value-read-as-comment" and '`summary: "#FreeThem now"`' in p.message
    assert path.read_text(encoding="utf-8") == text
    result = invoke(["--lang", "uk", "fmt"], cwd=dataset.root)
    assert result.returncode == 1 and "value-read-as-comment" in result.stdout + result.stderr
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("hashed", [
    "summary: #FreeThem now\n",
    "aliases:\n  - #Вільні\n",
    "summary: #FreeThem\n  and more\n",
    "summary: Вирок: 8 років\n",
], ids=["a value", "a list item", "a value going on below", "no hash: a colon"])
def test_validate_and_fmt_say_the_same_of_a_file_that_starts_with_a_byte_order_mark(dataset,
                                                                                   hashed):
    """fmt deletes a BOM and said that a `#` emptied a value on the first line; validate said
    only `bom`, so the file fmt would not format passed once the mark was gone."""
    data = b"\xef\xbb\xbf" + (hashed + dump(case())).encode("utf-8")
    path = dataset.root / "cases/petrenko-ivan.yaml"
    path.write_bytes(data)
    [p] = format_file(dataset.root, "cases/petrenko-ivan.yaml").problems
    said = [(q.line, q.column, q.code) for q in check_text(dataset, data) if q.code != "bom"]
    assert said == [(p.line, p.column, p.code)], p
    assert p.line <= 2 and p.code in ("value-read-as-comment", "yaml-unquoted-colon"), p
    result = invoke(["--lang", "uk", "validate", "--no-cache"], cwd=dataset.root)
    assert "cases/petrenko-ivan.yaml:1:1: error bom" in result.stdout, result.stdout
    assert f"cases/petrenko-ivan.yaml:{p.line}:{p.column}: error {p.code}" in result.stdout
    assert path.read_bytes() == data


@pytest.mark.parametrize("old,new", [
    ("born: '1980'\n", "born: '1980'\nsummary: #ПолітвязніКремля Detained for\n"
                       "  posts in social media\n"),
    ("    title: A fictional report\n", "    title: #Breaking\n      A fictional report\n"),
    ("born: '1980'\n", "born: '1980'\nsummary: first line\n  #second\n"),
], ids=["a value going on below its hashtag", "a title going on below", "a line of a value"])
def test_fmt_leaves_a_value_a_hash_cut_short_as_it_is(dataset, old, new):
    """A `#word` value going on on the next line read as that next line alone: fmt moved the
    `#word` above the key as a comment (or a `#word` line of a value to the file's end)."""
    text = dump(case()).replace(old, new)
    assert text.count("#") == new.count("#")
    path = dataset.write("cases/petrenko-ivan.yaml", text)
    [p] = format_file(dataset.root, "cases/petrenko-ivan.yaml").problems
    assert p.code == "value-read-as-comment", p
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("key", ["еvents", "evnets"], ids=["a Cyrillic е", "a typo"])
def test_a_key_fmt_does_not_know_stays_where_it_was_written(dataset, key):
    """`еvents:` typed with a Cyrillic `е` is a key no model field has: fmt sent it, and the
    whole timeline under it, to the end of the file. It stays after the key written above it
    (`region`, here out of order), and the known keys still take their order."""
    text = dump(case()).replace("events:", f"{key}:")
    text = text.replace("region: UA-43\n", "").replace("publicity: public\n",
                                                        "publicity: public\nregion: UA-43\n")
    path = dataset.write("cases/petrenko-ivan.yaml", text)
    assert format_file(dataset.root, "cases/petrenko-ivan.yaml").changed
    keys = [line.split(":")[0] for line in path.read_text(encoding="utf-8").splitlines()
            if line[:1] not in " #-"]
    assert keys == ["id", "name", "born", "region", key, "publicity", "assessment", "sources"]
    assert yamlsafe.parse(path.read_text(encoding="utf-8"))[0] == yamlsafe.parse(text)[0]
