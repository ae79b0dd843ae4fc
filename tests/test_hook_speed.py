"""What the pre-commit hook's run (`validate cases/ONE.yaml`, warm) and a warm `validate` were made
cheaper by (issue 16) keeps their answers: models built on first use, a file read with one lstat,
the organizations loaded once, duplicate ids found without a set per value."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, strategies as st
from factory import Dataset, action, anonymous, coalition, dump, invoke, person

from kremlinlist.app.actions import advocacy_problems, load_advocacy
from kremlinlist.checks.across import _duplicate_ids
from kremlinlist.files import loader
from kremlinlist.model.case import Case, Config, Criteria, Organization


def _fresh(code: str) -> str:
    """`code` run by a new interpreter (no model used yet), its output."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout


def test_the_models_every_run_validates_are_built_when_imported():
    """Organization, Criteria and Config are validated by every run; Case is built on its first
    use or before a fork (next test), as is every other model."""
    out = _fresh("from kremlinlist.model.kinds import KINDS\n"
                 "print(sorted(k for k, m in KINDS.items() if not m.__pydantic_complete__))")
    assert out.split() == ["['action',", "'case',", "'coalition']"]


_CASE_BUILT = """
import sys
from pathlib import Path
from kremlinlist.app.validate import validate
from kremlinlist.base.parallel import fork_map
from kremlinlist.model.case import Case

def built(_item):
    return Case.__pydantic_complete__

report = validate(Path(sys.argv[1]), None)
print(len(report.problems), Case.__pydantic_complete__,
      set(fork_map(built, [1, 2], jobs=2, min_items=1)))
"""


def test_a_warm_validate_builds_no_case_validator_and_a_worker_inherits_it(tmp_path):
    """A warm `validate` validates no case, so never builds Case's validator (tens of ms); a
    forked worker finds it built by its parent (`model.case._build_before_forking`)."""
    ds = Dataset(tmp_path / "data")
    for i in range(3):
        ds.add(person(f"built-{i}", f"Person Built {i}"))
    env = {**os.environ, "KREMLINLIST_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", _CASE_BUILT, str(ds.root)], env=env,
                           capture_output=True, text=True, check=True).stdout.split()
            for _ in range(2)]
    assert runs == [["0", "True", "{True}"], ["0", "False", "{True}"]]


def test_what_is_prepared_before_forking_fails_or_is_interrupted_in_plain_sight(monkeypatch):
    """Work done before workers are forked is plain code: its error, or a Ctrl-C meanwhile,
    reaches the caller, and no worker is started (an at-fork hook would have swallowed it)."""
    from kremlinlist.base import parallel

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(parallel, "_BEFORE_FORKING", [interrupted])
    with pytest.raises(KeyboardInterrupt):
        parallel.fork_map(abs, [1, 2], jobs=2, min_items=1)
    assert parallel.fork_map(abs, [-1], jobs=2) == [1]  # serial: nothing is prepared


def test_a_model_built_on_first_use_validates_and_refuses_as_before(tmp_path):
    ds = Dataset(tmp_path)
    ds.write("actions/2021-02-open-letter.yaml", dump(action()))
    ds.write("coalitions/test-coalition.yaml", dump(coalition()))
    ds.write("actions/2021-03-open-letter.yaml", dump(action("2021-03-open-letter",
                                                             type="a-song")))
    out = _fresh("import json, sys\n"
                 "from pathlib import Path\n"
                 "from kremlinlist.files import loader\n"
                 f"root = Path({str(tmp_path)!r})\n"
                 "print(json.dumps([[loader.load_file(root, rel, kind).model is not None,\n"
                 "                   [p.code for p in loader.load_file(root, rel, kind).problems]]\n"
                 "                  for rel, kind in (('actions/2021-02-open-letter.yaml', 'action'),\n"
                 "                                    ('coalitions/test-coalition.yaml', 'coalition'),\n"
                 "                                    ('actions/2021-03-open-letter.yaml', 'action'))]))")
    assert json.loads(out) == [[True, []], [True, []], [False, ["invalid-value"]]]


def test_the_schemas_do_not_depend_on_which_models_were_built():
    render = ("from kremlinlist.model.jsonschema import GLOBS, render_schema\n"
              "print(''.join(render_schema(k) for k in GLOBS))")
    before = _fresh(render)
    used = _fresh("from kremlinlist.model.kinds import KINDS\n"
                  "for m in KINDS.values(): m.model_rebuild()\n"
                  "from kremlinlist.model.intake import IntakeFile\n"
                  "IntakeFile.model_rebuild()\n" + render)
    assert before == used and '"$schema"' in before


def test_a_file_is_read_with_the_status_it_had_before(tmp_path):
    path = tmp_path / "cases" / "alpha-a.yaml"
    path.parent.mkdir()
    path.write_bytes(b"id: alpha-a\n")
    data, st = loader.read_with_status(tmp_path, "cases/alpha-a.yaml")
    assert data == loader.read_file(tmp_path, "cases/alpha-a.yaml") == b"id: alpha-a\n"
    assert (st.st_ino, st.st_size) == (os.lstat(path).st_ino, 12)
    assert loader.read_with_status(str(tmp_path), "cases/alpha-a.yaml")[0] == data


def _refusal(root: Path, rel: str) -> str:
    with pytest.raises(loader.FileRefused) as caught:
        loader.read_with_status(root, rel)
    with pytest.raises(loader.FileRefused) as again:
        loader.read_file(root, rel)
    assert caught.value.code == again.value.code
    return caught.value.code


def test_a_file_that_is_not_a_small_regular_one_is_refused_as_before(tmp_path):
    (tmp_path / "cases" / "folder.yaml").mkdir(parents=True)
    (tmp_path / "outside.yaml").write_bytes(b"id: x\n")
    (tmp_path / "cases" / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    (tmp_path / "cases" / "large.yaml").write_bytes(b"#" * (loader.MAX_FILE_BYTES + 1))
    (tmp_path / "cases" / "full.yaml").write_bytes(b"#" * loader.MAX_FILE_BYTES)
    assert [_refusal(tmp_path, f"cases/{name}.yaml")
            for name in ("missing", "folder", "link", "large")] == [
        "missing-file", "not-a-file", "symlink", "file-too-large"]
    assert len(loader.read_with_status(tmp_path, "cases/full.yaml")[0]) == loader.MAX_FILE_BYTES


def _reference_duplicate_ids(claims):
    """What the checks across files reported before (a set of files per value)."""
    files: dict[str, set[str]] = {}
    for value, rel, _path in claims:
        files.setdefault(value, set()).add(rel)
    told, out = set(), {}
    for value, rel, path in claims:
        if len(files[value]) > 1 and (rel, path) not in told:
            told.add((rel, path))
            out.setdefault(rel, []).append((path, "duplicate-id"))
    return out


CLAIM = st.tuples(st.sampled_from(["aa-a", "bb-b", "cc-c"]),
                  st.sampled_from(["cases/x.yaml", "cases/y.yaml", "cases/z.yaml"]),
                  st.sampled_from([("id",), ("former_ids", 0), ("former_ids", 1)]))


@given(st.lists(CLAIM, max_size=12))
def test_duplicate_ids_are_the_ones_a_set_per_value_finds(claims):
    got = {rel: [(f.path, f.code) for f in fs] for rel, fs in _duplicate_ids(claims).items()}
    assert got == _reference_duplicate_ids(claims)


def test_advocacy_given_the_loaded_organizations_finds_what_it_finds_alone(tmp_path):
    ds = Dataset(tmp_path)
    ds.add(person("petrenko-ivan", "Ivan Petrenko"))
    ds.write("actions/2021-02-open-letter.yaml", dump(action(**{"for": ["nobody-n"]})))
    ds.write("coalitions/test-coalition.yaml", dump(coalition(members=[{
        "org": "no-such-org", "role": "member", "sources": ["s1"]}])))
    ds.write("organizations/other-org.yaml", dump({
        "id": "other-org", "name": {"en": "Other"}, "country": "UA",
        "coalitions": [{"id": "missing-coalition"}]}))
    summaries = [("cases/petrenko-ivan.yaml", {"id": "petrenko-ivan", "former_ids": []})]
    today = loader.today(tmp_path)
    orgs = [loader.load_file(tmp_path, rel, "organization")
            for rel in loader.list_yaml(tmp_path, loader.ORGS_DIR)[0]]
    alone = advocacy_problems(tmp_path, summaries, today, load_advocacy(tmp_path))
    given_orgs = advocacy_problems(tmp_path, summaries, today, load_advocacy(tmp_path), orgs)
    assert given_orgs == alone
    assert {p.file for p in alone} >= {"actions/2021-02-open-letter.yaml",
                                       "organizations/other-org.yaml"}


def test_the_hook_run_warm_reports_as_cold_and_keeps_no_withheld_person(tmp_path):
    ds = Dataset(tmp_path / "data")
    for cid, en in (("alpha-a", "Anna Alpha"), ("bravo-b", "Boris Bravo")):
        ds.add(person(cid, en))
    ds.add(anonymous("anon-2020-00001", "Speedcanary", former_ids=["alpha-a"]))
    ds.add(anonymous("anon-2020-00002", "Speedcanary"))
    cache = tmp_path / "cache"

    def run(*args: str):
        r = invoke(["validate", "--format", "json", *args], cwd=ds.root,
                   env={"KREMLINLIST_CACHE_DIR": str(cache)})
        return r.returncode, r.stdout

    for args in (("cases/alpha-a.yaml",), ()):
        cold = run(*args)
        warm = run(*args)
        bare = invoke(["validate", "--format", "json", "--no-cache", *args], cwd=ds.root)
        assert cold == warm == (bare.returncode, bare.stdout)
        assert '"duplicate-id"' in cold[1] and "Speedcanary" not in cold[1]
    stored = b"".join(p.read_bytes() for p in cache.rglob("*") if p.is_file())
    assert b"Speedcanary" not in stored and b"anon-2020" not in stored


NAME_PARTS = st.lists(st.sampled_from(["ab", "abc", "ivan", "petro", "iv", "o", "petrenko"]),
                      max_size=4).map(tuple)


@given(st.lists(NAME_PARTS, max_size=4), st.lists(NAME_PARTS, max_size=4))
def test_a_stored_person_shares_a_part_as_the_duplicate_finder_blocks_them(mine, theirs):
    from kremlinlist.app.likely_duplicates import shares_part
    from kremlinlist.checks.duplicates import block_parts

    parts = block_parts(mine)
    assert shares_part(parts, tuple(theirs)) == (not parts.isdisjoint(block_parts(theirs)))


def test_a_list_key_made_for_each_case_still_shows_its_empty_default_in_the_schema():
    from kremlinlist.model.jsonschema import json_schema

    defs = json_schema("case")["$defs"]
    assert defs["Event"]["properties"]["articles"]["default"] == []
    assert defs["Assessment"]["properties"]["by"]["default"] == []
    first, second = Case.model_validate(_minimal()), Case.model_validate(_minimal())
    assert first.former_ids == [] and first.former_ids is not second.former_ids


def _minimal() -> dict:
    return {"id": "petrenko-ivan", "assessment": {"decision": "candidate"}}


@given(st.text(alphabet="ab \n\t\r\\|>-:'\"", max_size=30))
def test_a_text_may_hold_a_control_character_as_the_one_search_said(text):
    import re

    from kremlinlist.files.yamlsafe import no_control_in_values

    assert no_control_in_values(text) == (re.search(r"[\\\t\r|>]|\n *\n", text) is None)


def _square_or_fail(x: int) -> int:
    if x == -1:
        raise ValueError("a bad item")
    return x * x


@pytest.mark.parametrize("n", [0, 1, 199, 400, 401, 1001])
def test_cheap_items_spread_over_a_child_come_back_whole_and_in_order(n):
    from kremlinlist.base.parallel import spread

    assert spread(_square_or_fail, list(range(n))) == [x * x for x in range(n)]


def test_an_error_in_a_child_share_is_raised_here():
    from kremlinlist.base.parallel import spread

    with pytest.raises(ValueError, match="a bad item"):
        spread(_square_or_fail, [*range(600), -1])
