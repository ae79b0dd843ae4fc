"""Privacy in validate: what a public repository may hold, and canaries that never reach output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from factory import BASE, TODAY, Dataset, at, check_text, dump, edit, person, run
from typer.testing import CliRunner

from kremlinlist.cli import app
from kremlinlist.app.validate import validate
from kremlinlist.checks.privacy import comment_places

CANARY = "CANARY-PRIV-93b1"
PRIVATE = f"""\
private:
  notes: {CANARY} notes about the family
  health: {CANARY}-health diabetes
  relatives:
    - name: {CANARY}-relative
      relation: mother
      contact: "+380 {CANARY}-phone"
"""

# An anonymous case as a public repository allows it: no name, nothing that identifies.
ANONYMOUS = """\
id: anon-0001
publicity: anonymous
region: UA-43
events:
  - date: 2020-03-10
    type: detained
assessment:
  decision: listed
  criteria: [e]
  by: [test-org]
"""


def outputs(root) -> str:
    """Everything `validate` prints in every format (stdout and stderr)."""
    out = []
    for fmt in ("text", "json", "github"):
        result = CliRunner().invoke(app, ["validate", "-C", str(root), "--no-cache", "--format",
                                          fmt])
        assert result.exit_code in (0, 1), result.output
        out.append(result.output)
    return "\n".join(out)


@pytest.mark.parametrize("config", [None, {"repository": "public"}])
def test_private_block_in_a_public_repository(tmp_path, config):
    dataset = Dataset(tmp_path / "data", config)
    problems = check_text(dataset, BASE + PRIVATE)
    p = at(problems, "private-in-public-repository", 30, 1)
    assert "delete the block" in p.message
    assert [q.code for q in problems] == ["private-in-public-repository"]
    assert CANARY not in outputs(dataset.root)


def test_private_block_in_a_private_repository(tmp_path):
    dataset = Dataset(tmp_path / "data", {"repository": "private"})
    assert check_text(dataset, BASE + PRIVATE) == []
    assert CANARY not in outputs(dataset.root)


def test_anonymous_case_without_identifying_fields_passes(dataset):
    assert check_text(dataset, ANONYMOUS, rel="cases/anon-0001.yaml") == []


@pytest.mark.parametrize("publicity", ["anonymous", "hidden"])
@pytest.mark.parametrize("extra,key,line", [
    ("name: {en: Ivan Petrenko}", "name", 3),
    ("aliases: [Vanya]", "aliases", 3),
    ("born: 1980", "born", 3),
    ("occupation: teacher", "occupation", 3),
    ("summary: A teacher from Testville", "summary", 3),
    ("former_ids: [petrenko-ivan]", "former_ids", 3),
])
def test_identifying_fields_of_a_withheld_case(dataset, publicity, extra, key, line):
    text = edit("publicity: anonymous\n", f"publicity: {publicity}\n{extra}\n", ANONYMOUS)
    p = at(check_text(dataset, text, rel="cases/anon-0001.yaml"),
           "identifying-field-in-public-repository", line, 1)
    assert f"`{key}`" in p.message and "delete it" in p.message


def test_identifying_event_fields_and_sources_of_a_withheld_case(dataset):
    text = edit("    type: detained\n", "    type: detained\n    place: Testville\n"
                "    note: Seen by a neighbour\n    sources: [s1]\n", ANONYMOUS)
    text += "sources:\n  s1: {title: A report naming him}\n"
    problems = check_text(dataset, text, rel="cases/anon-0001.yaml")
    found = {(p.line, p.column) for p in problems
             if p.code == "identifying-field-in-public-repository"}
    assert found == {(7, 5), (8, 5), (9, 5), (14, 1)}, problems


@pytest.mark.parametrize("publicity", ["anonymous", "hidden"])
def test_the_assessments_words_of_a_withheld_case(dataset, publicity):
    """An assessment's `reason` and a criterion's `note` are typed in words, which may name the
    person: they passed in a public repository, where everyone reads the file."""
    text = edit("publicity: anonymous\n", f"publicity: {publicity}\n", ANONYMOUS)
    text = edit("  criteria: [e]\n", f"  reason: {CANARY} Ivan Petrenko, teacher at school 5\n"
                f"  criteria:\n    - {{id: e, note: '{CANARY} his mother, +380'}}\n", text)
    problems = check_text(dataset, text, rel="cases/anon-0001.yaml")
    found = {(p.line, p.column) for p in problems
             if p.code == "identifying-field-in-public-repository"}
    assert found == {(9, 3), (11, 15)} and len(problems) == 2, problems
    assert "`reason: withheld`" in problems[0].message
    assert CANARY not in outputs(dataset.root)


def test_a_withheld_case_gives_its_reason_as_withheld(dataset):
    """A `delisted` case needs a reason: `withheld` says there is one, and names no one."""
    text = edit("  decision: listed\n  criteria: [e]\n",
                "  decision: delisted\n  reason: withheld\n", ANONYMOUS)
    assert check_text(dataset, text, rel="cases/anon-0001.yaml") == []


@pytest.mark.parametrize("publicity", ["anonymous", "hidden"])
def test_comments_in_a_withheld_file_in_a_public_repository(dataset, publicity):
    """Everyone reads a comment in a public repository, and none is data a check could judge:
    each is an error, said at its `#` without a word of it; a `#` inside a value is none."""
    text = edit("publicity: anonymous\n", f"publicity: {publicity}\n", ANONYMOUS)
    text = (f"# Real name: {CANARY} Ivan Petrenko\n"
            + edit("region: UA-43\n", f"region: UA-43  # {CANARY} from Melitopol\n", text)
            + f"  # {CANARY} mother Olena +380\n")
    problems = check_text(dataset, text, rel="cases/anon-0001.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [
        ("withheld-comment-in-public-repository", line, column)
        for line, column in ((1, 1), (4, 16), (12, 3))], problems
    text = edit("    type: detained\n", "    type: detained\n    note: 'cell #5'\n", text)
    problems = check_text(dataset, text, rel="cases/anon-0001.yaml")
    assert [(p.code, p.line) for p in problems if p.line in (7, 8)] == [
        ("identifying-field-in-public-repository", 8)], problems
    assert CANARY not in outputs(dataset.root)


def test_a_tab_hides_no_comment_of_a_withheld_file(dataset):
    """libyaml loads a file with a tab before a comment, where PyYAML's pure scanner stopped: the
    comments after the tab went unsaid. And where the scanner does stop, every `#` after it is
    taken for a comment."""
    text = edit("region: UA-43\n", f"region: UA-43\t# {CANARY} from Melitopol\n", ANONYMOUS)
    text = text.replace("id: anon-0001\n", "id: anon-0001\t\n", 1) + f"# {CANARY}\n"
    problems = check_text(dataset, text, rel="cases/anon-0001.yaml")
    lines = text.splitlines()
    assert [(p.code, p.line) for p in problems] == [
        ("withheld-comment-in-public-repository", n) for n, line in enumerate(lines, 1)
        if "#" in line], problems
    assert comment_places("a: 'never closed\n# c\n") == [(2, 1)]


def test_comments_in_a_file_that_does_not_load_count_as_a_withheld_persons(dataset):
    """A file with a mistake before its `publicity` may be a withheld person's: its comments
    are errors too (checks.quotable decides, failing closed)."""
    text = f"# {CANARY}\nid: anon-0001\nborn: 1980-13\n" + ANONYMOUS.partition("\n")[2]
    problems = check_text(dataset, text, rel="cases/anon-0001.yaml")
    assert ("withheld-comment-in-public-repository", 1, 1) in {
        (p.code, p.line, p.column) for p in problems}, problems
    text = f"# {CANARY}\nid: anon-0001\npublicity: anonymous\nregion: [UA-43\n"
    problems = check_text(dataset, text, rel="cases/anon-0001.yaml")
    assert ("withheld-comment-in-public-repository", 1, 1) in {
        (p.code, p.line, p.column) for p in problems}, problems
    assert CANARY not in outputs(dataset.root)


def test_comments_are_a_public_persons_or_a_private_repositorys_own(tmp_path):
    commented = "# checked against the court's site\n" + edit(
        "region: UA-43\n", "region: UA-43  # Crimea\n", ANONYMOUS)
    dataset = Dataset(tmp_path / "private", {"repository": "private"})
    problems = check_text(dataset, commented, rel="cases/anon-0001.yaml")
    assert "withheld-comment-in-public-repository" not in {p.code for p in problems}, problems
    dataset = Dataset(tmp_path / "public", {"repository": "public"})
    assert check_text(dataset, "# checked against the court's site\n" + BASE) == []


def test_withheld_listed_case_in_a_public_repository(dataset):
    """Its sources live in the private repository: a recorded criterion is enough here."""
    text = ANONYMOUS
    assert check_text(dataset, text, rel="cases/anon-0001.yaml") == []
    text = edit("  criteria: [e]\n", "", text)
    at(check_text(dataset, text, rel="cases/anon-0001.yaml"), "listed-without-criterion", 8, 3)


@pytest.mark.parametrize("publicity", ["anonymous", "hidden"])
def test_a_withheld_case_in_a_public_repository_is_not_told_to_add_a_source(tmp_path, publicity):
    """A source id cited but missing from `sources` was to be added there or corrected, yet the
    file may carry no `sources` here: the reference is to be removed, and its id is not said."""
    dataset = Dataset(tmp_path / "data", {"repository": "public"})
    text = edit("publicity: anonymous\n", f"publicity: {publicity}\n", ANONYMOUS)
    text = edit("  criteria: [e]\n", "  criteria:\n    - {id: e, sources: [qzsecret-1]}\n"
                "  sources: [qzsecret-2]\n", text)
    problems = check_text(dataset, text, rel="cases/anon-0001.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [
        ("unknown-source", 10, 25), ("unknown-source", 11, 13)], problems
    for p in problems:
        assert "add it" not in p.message and p.message.endswith("remove this source id")
        assert f"`publicity: {publicity}`" in p.message
    assert "qzsecret" not in outputs(dataset.root)
    private = Dataset(tmp_path / "private", {"repository": "private"})
    problems = check_text(private, text, rel="cases/anon-0001.yaml")
    assert {p.message for p in problems if p.code == "unknown-source"} == {
        "no source with this id in this file's `sources`; add it there or correct the id"}


def test_withheld_case_in_a_private_repository_may_identify(tmp_path):
    dataset = Dataset(tmp_path / "data", {"repository": "private"})
    text = edit("publicity: anonymous\n", "publicity: hidden\nname: {en: Ivan Petrenko}\n"
                "born: 1980\n", ANONYMOUS) + PRIVATE
    problems = check_text(dataset, text, rel="cases/anon-0001.yaml")
    # here sources are allowed, so they are asked for
    assert [(p.code, p.line) for p in problems] == [("uncited-event", 7),
                                                    ("listed-without-criterion", 11)]
    text = edit("    type: detained\n", "    type: detained\n    sources: [s1]\n", text)
    text = edit("  criteria: [e]\n", "  criteria: [e]\n  sources: [s1]\n", text)
    text += "sources:\n  s1: {title: A report}\n"
    assert check_text(dataset, text, rel="cases/anon-0001.yaml") == []


@pytest.mark.parametrize("publicity", ["anonymous", "hidden"])
@pytest.mark.parametrize("cid,names", [
    ("ivanenko-2024-001", "name: {en: Petro Ivanenko}\n"),
    ("anon-ivanenko", "name: {en: P. I., uk: Петро Іваненко}\n"),  # folded across scripts
    ("anon-2024-kvitka", "name: {en: Petro Ivanenko}\naliases: [Квітка]\n"),  # an alias
    ("pivanenko-01", "name: {en: Petro Ivanenko}\n"),  # glued to an initial
    ("petroivanenko", "name: {en: Petro Ivanenko}\n"),  # glued together
])
def test_the_id_of_a_withheld_case_may_not_hold_their_name(tmp_path, publicity, cid, names):
    """A file is named after its id wherever it is copied; the names are only where they may be
    (a private repository), so that is where the id is compared with them."""
    dataset = Dataset(tmp_path / "data", {"repository": "private"})
    text = edit("id: anon-0001\npublicity: anonymous\n",
                f"id: {cid}\npublicity: {publicity}\n{names}", ANONYMOUS)
    found = at(check_text(dataset, text, rel=f"cases/{cid}.yaml"), "identifying-id", 1, 5, "warning")
    assert "ivanenko" not in found.message.lower() and "kvitka" not in found.message.lower()


def test_another_mistake_in_the_file_does_not_hide_the_id_warning(tmp_path):
    dataset = Dataset(tmp_path / "data", {"repository": "private"})
    text = edit("id: anon-0001\n", "id: ivanenko-2024\nname: {en: Petro Ivanenko}\n"
                "born: 1980-13\n", ANONYMOUS)
    found = {p.code for p in check_text(dataset, text, rel="cases/ivanenko-2024.yaml")}
    assert {"invalid-value", "identifying-id"} <= found


@pytest.mark.parametrize("publicity", ["anonymous", "hidden"])
@pytest.mark.parametrize("cid,opaque", [
    ("anon-2024-001", True), ("hid-2026-009", True), ("hidden-case-17", True),
    ("r-2a174f062677b021", True), ("anon-0001", True),
    ("hrytsenko-oksana", False),  # the researcher deleted `name` as told: nothing to compare
    ("anon-hrytsenko", False), ("kherson-2024", False), ("oksana", False),
    ("ivanenko1-petro1", False), ("anon-hrytsenko2", False),  # a digit does not make it opaque
])
def test_in_a_public_repository_a_withheld_id_holds_only_labels_and_numbers(dataset, publicity,
                                                                             cid, opaque):
    """A public repository's file of a withheld case keeps no names, so a name in its id cannot be
    found by comparing: the id passed clean there while the file name named the person. Only
    `anon`/`hidden`-like words and numbers are let through (fails closed)."""
    text = edit("id: anon-0001\npublicity: anonymous\n", f"id: {cid}\npublicity: {publicity}\n",
                ANONYMOUS)
    found = check_text(dataset, text, rel=f"cases/{cid}.yaml")
    if opaque:
        assert found == []
    else:
        problem = at(found, "id-not-opaque-in-public-repository", 1, 5)
        assert cid not in problem.message and "identifying-id" not in {p.code for p in found}


@pytest.mark.parametrize("cid,names,publicity", [
    ("anon-2024-001", "name: {en: Petro Ivanenko}\n", "anonymous"),  # opaque
    ("anon-li-2024", "name: {en: Li Wei}\n", "hidden"),  # a part too short to name anyone
    ("anon-oliwer-2024", "name: {en: Li Wei}\n", "hidden"),  # nor to look for inside one
    ("ivanenko-petro", "name: {en: Petro Ivanenko}\n", "public"),  # a public case's own name
])
def test_an_id_that_names_no_withheld_person_passes(tmp_path, cid, names, publicity):
    dataset = Dataset(tmp_path / "data", {"repository": "private"})
    text = edit("id: anon-0001\npublicity: anonymous\n",
                f"id: {cid}\npublicity: {publicity}\n{names}", ANONYMOUS)
    assert "identifying-id" not in {p.code for p in check_text(dataset, text,
                                                                rel=f"cases/{cid}.yaml")}


@pytest.mark.parametrize("private_block,code,line", [
    # an unknown key inside private: the key itself is private
    (f"private:\n  {CANARY}: x\n", "unknown-key", 31),
    (f"private:\n  relatives:\n    - {CANARY}: x\n", "unknown-key", 32),
    # a wrong type
    (f"private:\n  notes: [{CANARY}]\n", "wrong-type", 31),
    (f"private:\n  relatives: {CANARY}\n", "wrong-type", 31),
    (f"private: {CANARY}\n", "wrong-type", 30),
    # a duplicate key, with a private key name
    (f"private:\n  {CANARY}: a\n  {CANARY}: b\n", "yaml-duplicate-key", 32),
    (f"private:\n  relatives:\n    - {{contact: {CANARY}, contact: {CANARY}}}\n",
     "yaml-duplicate-key", 32),
    # too long, invisible characters, a tag, a bad escape
    (f"private:\n  notes: {CANARY}{'x' * 6000}\n", "too-long", 31),
    (f"private:\n  health: {CANARY}\u202e\n", "invisible-character", 31),
    (f'private:\n  health: "{CANARY}\\u200b"\n', "invisible-character", 31),
    (f"private:\n  health: !!str {CANARY}\n", "yaml-tag", 31),
    (f'private:\n  health: "{CANARY}\\q"\n', "yaml-syntax", 31),
])
def test_errors_inside_private_never_echo_it(tmp_path, private_block, code, line):
    for repository in ("private", "public"):
        dataset = Dataset(tmp_path / repository, {"repository": repository})
        problems = check_text(dataset, BASE + private_block)
        assert code in {p.code for p in problems}, problems
        assert line in {p.line for p in problems if p.code == code}, problems
        for p in problems:
            assert CANARY not in p.message and "CANARY" not in p.message
        assert "CANARY" not in outputs(dataset.root)


def test_unknown_key_in_private_names_the_allowed_keys_only(dataset):
    problems = check_text(dataset, BASE + f"private:\n  {CANARY}: x\n")
    p = at(problems, "unknown-key", 31, 3)
    assert p.message == ("unknown key in the private block; keys allowed here: health, notes, "
                         "relatives, sources")


def test_private_canary_not_in_check_output(tmp_path):
    dataset = Dataset(tmp_path / "data", {"repository": "private"})
    dataset.write("cases/petrenko-ivan.yaml", BASE + PRIVATE)
    for fmt in ("text", "json"):
        result = CliRunner().invoke(app, ["check", "petrenko-ivan", "-C", str(dataset.root),
                                          "--format", fmt])
        assert result.exit_code == 0, result.output
        assert "petrenko-ivan" in result.output and CANARY not in result.output


def test_withheld_fields_in_a_public_repository_are_not_echoed(dataset):
    text = edit("publicity: anonymous\n", f"publicity: hidden\nname: {{en: {CANARY}}}\n", ANONYMOUS)
    dataset.write("cases/anon-0001.yaml", text)
    report = validate(dataset.root, use_cache=False, today=TODAY)
    assert [p.code for p in report.problems] == ["identifying-field-in-public-repository"]
    assert CANARY not in outputs(dataset.root)


def test_config_file_is_checked(tmp_path):
    dataset = Dataset(tmp_path / "data")
    dataset.write("kremlinlist.yaml", dump({"repository": "public", "secret": CANARY}))
    problems = validate(dataset.root, use_cache=False).problems
    assert [(p.file, p.code, p.line) for p in problems] == [("kremlinlist.yaml", "unknown-key", 2)]
    assert CANARY not in outputs(dataset.root)


def test_switching_to_a_public_repository_is_not_hidden_by_the_cache(tmp_path):
    dataset = Dataset(tmp_path / "data", {"repository": "private"})
    dataset.write("cases/petrenko-ivan.yaml", BASE + PRIVATE)
    assert validate(dataset.root, today=TODAY).problems == []  # cached as clean
    dataset.write("kremlinlist.yaml", dump({"repository": "public"}))
    problems = validate(dataset.root, today=TODAY).problems
    assert [(p.code, p.line) for p in problems] == [("private-in-public-repository", 30)]


_PLUGIN = """\
import os


class _Handler:
    def on_enter(self, value, *args, **kwargs):
        with open(os.environ["SEEN_BY_PLUGIN"], "a", encoding="utf-8") as seen:
            seen.write(repr(value) + "\\n")


class _Plugin:
    def new_schema_validator(self, *args, **kwargs):
        return _Handler(), None, None


plugin = _Plugin()
"""


def test_no_pydantic_plugin_sees_what_the_cli_validates(tmp_path):
    """A pydantic plugin installed beside the tool (an observability package, say) is handed every
    value a model validates: the CLI turns plugins off, so a private block never reaches one. The
    same plugin, loaded by a script using the library, sees it: the test can fail."""
    plugins = tmp_path / "plugins"
    (plugins / "seeing_plugin-1.0.dist-info").mkdir(parents=True)
    (plugins / "seeing_plugin-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: seeing-plugin\nVersion: 1.0\n")
    (plugins / "seeing_plugin-1.0.dist-info" / "entry_points.txt").write_text(
        "[pydantic]\nseeing = seeing_plugin:plugin\n")
    (plugins / "seeing_plugin.py").write_text(_PLUGIN)
    ds = Dataset(tmp_path / "data", config={"repository": "private"})
    ds.add(person("plugin-seen", "Plugin Seen", private={"notes": f"{CANARY} note"}))
    seen = tmp_path / "seen.txt"
    env = {"PYTHONPATH": str(plugins), "SEEN_BY_PLUGIN": str(seen),
           "KREMLINLIST_CACHE_DIR": str(tmp_path / "cache")}
    done = run(["validate", "--no-cache"], ds.root, env=env)
    assert done.returncode == 0, done.stderr
    assert not seen.exists()
    script = "import sys, kremlinlist; kremlinlist.open_dataset(sys.argv[1]).validate(use_cache=False)"
    src = str(Path(__file__).resolve().parent.parent / "src")
    subprocess.run([sys.executable, "-c", script, str(ds.root)], check=True,
                   env={**os.environ, **env, "PYTHONPATH": f"{plugins}{os.pathsep}{src}"})
    assert CANARY in seen.read_text(encoding="utf-8")


@pytest.mark.parametrize("repository", ["public", "private"])
def test_a_withheld_listed_case_without_a_criterion_is_told_what_its_repository_allows(
        tmp_path, repository):
    """In a public repository a withheld case may carry no source, so the advice to back a
    criterion with `sources: [s1]` led into another error; a private one keeps that advice."""
    dataset = Dataset(tmp_path / "data", {"repository": repository})
    text = edit("  criteria: [e]\n", "  criteria: []\n", ANONYMOUS)
    [problem] = [p for p in check_text(dataset, text, rel="cases/anon-0001.yaml")
                 if p.code == "listed-without-criterion"]
    assert ("sources" in problem.message.replace("sources are kept", "")) == (
        repository == "private"), problem.message
    assert "`- {id: e" in problem.message


def test_a_withheld_events_sources_in_a_public_repository_are_refused_once(tmp_path):
    """The privacy check refuses the event's whole `sources`; one unknown-source per id beside
    it said the same thing again, at every id."""
    dataset = Dataset(tmp_path / "data", {"repository": "public"})
    text = edit("    type: detained\n", "    type: detained\n    sources: [s1, s2]\n", ANONYMOUS)
    problems = check_text(dataset, text, rel="cases/anon-0001.yaml")
    assert [(p.code, p.line) for p in problems] == [
        ("identifying-field-in-public-repository", 7)], problems


def test_no_library_warning_quotes_a_sealed_block(tmp_path):
    """An action for a withheld person whose private block is sealed: its names were read by
    dumping the whole case, and pydantic's warning about the sealed block printed its ciphertext
    and whom it is sealed for. Names are read from their fields now, and any warning a library
    gives is said by its kind only."""
    from factory import action, age_key, case, sealing_config

    from kremlinlist.app.seal import seal_paths

    _key, public = age_key(tmp_path / "keys", "one")
    ds = Dataset(tmp_path / "data", sealing_config(public))
    ds.add(case("hidden-2024-001", publicity="hidden", name={"en": "Canary Hiddenname"},
                private={"notes": f"{CANARY} notes"}))
    ds.add(case("petrenko-ivan"))
    ds.write("actions/2024-10-12-letter.yaml", dump(action(
        "2024-10-12-letter", **{"for": ["hidden-2024-001", "petrenko-ivan"]})))
    assert seal_paths(ds.root).written == ["cases/hidden-2024-001.yaml"]
    done = run(["validate"], cwd=ds.root)
    assert "BEGIN AGE" not in done.stderr and "input_value" not in done.stderr, done.stderr
    assert CANARY not in done.stdout + done.stderr
