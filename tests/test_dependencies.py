"""Changes to the files cases depend on (criteria.yaml, kremlinlist.yaml, dupes.yaml, the
organizations) re-check the cases they affect: in `validate --changed-since`, `validate PATH` and
diff's review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from factory import CRITERIA, ORG, GitRepo, case, cli_at_root, dump

from kremlinlist.app.validate import validate
from kremlinlist.base.errors import KremlinlistError

SETTINGS = {"repository": "public", "timezone": "UTC"}
OTHER_ORG = {**ORG, "id": "other-org", "name": {"en": "Other Organization", "uk": "Інша"}}


def cited(cid: str, en: str, orgs: list[str], **kw) -> dict:
    return case(cid, name={"en": en, "uk": en},
                assessment={"decision": "listed", "since": "2020-04",
                            "criteria": [{"id": "e", "sources": ["s1"]}], "by": orgs}, **kw)


@pytest.fixture
def repo(tmp_path):
    """main: two organizations; three public cases citing them, one anonymous one."""
    repo = GitRepo(tmp_path / "repo")
    anonymous = case("anon-2024-001", name=None, born=None, publicity="anonymous",
                     events=[{"date": "2020-03-10", "type": "detained"}],
                     assessment={"decision": "listed", "since": "2020-04",
                                 "criteria": [{"id": "e"}], "by": ["other-org"]}, sources={})
    for key in ("name", "born"):
        anonymous.pop(key)
    files = {"criteria.yaml": dump(CRITERIA), "kremlinlist.yaml": dump(SETTINGS),
             "organizations/test-org.yaml": dump(ORG),
             "organizations/other-org.yaml": dump(OTHER_ORG),
             "cases/aa-one.yaml": dump(cited("aa-one", "Aa One", ["test-org"])),
             "cases/bb-two.yaml": dump(cited("bb-two", "Bb Two", ["other-org"])),
             "cases/cc-three.yaml": dump(cited("cc-three", "Cc Three", ["test-org", "other-org"])),
             "cases/anon-2024-001.yaml": dump(anonymous)}
    repo.commit("seed", "2024-01-05T10:00:00+00:00", files)
    assert validate(repo.root, use_cache=False).problems == []
    return repo


def changed_since(repo) -> dict:
    result = cli_at_root(["validate", "--changed-since", "main", "--format", "json"], repo.root)
    return json.loads(result.stdout) | {"exit": result.exit_code}


def files_with(report: dict, code: str) -> set[str]:
    return {p["file"] for p in report["problems"] if p["code"] == code}


def test_deleting_an_organization_rechecks_the_cases_citing_it(repo):
    repo.git("rm", "-q", "organizations/other-org.yaml")
    report = changed_since(repo)
    assert report["exit"] == 1
    assert files_with(report, "unknown-organization") == {
        "cases/bb-two.yaml", "cases/cc-three.yaml", "cases/anon-2024-001.yaml"}
    # the pre-commit hook's way, naming the organization file once it is gone:
    paths = validate(repo.root, [], deleted=["organizations/other-org.yaml"], use_cache=False)
    assert {p.file for p in paths.problems} == files_with(report, "unknown-organization")


def test_the_hook_catches_a_staged_deletion_of_a_cited_organization(repo):
    """What pre-commit runs on `git rm organizations/other-org.yaml`: the deletion is never
    passed as a file name, so the hook's own entry must find it."""
    hooks = yaml.safe_load((Path(__file__).parents[1] / ".pre-commit-hooks.yaml").read_text())
    entry = next(h for h in hooks if h["id"] == "kremlinlist-validate")["entry"].split()[1:]
    assert cli_at_root(entry, repo.root).exit_code == 0
    repo.git("rm", "-q", "organizations/other-org.yaml")
    result = cli_at_root([*entry, "--format", "json"], repo.root)
    assert result.exit_code == 1
    assert {p["file"] for p in json.loads(result.stdout)["problems"]} >= {"cases/bb-two.yaml",
                                                                          "cases/cc-three.yaml"}


def test_changing_an_organization_reports_on_the_cases_citing_it(repo):
    (repo.root / "organizations/test-org.yaml").write_text(
        dump({**ORG, "id": "renamed-org"}), encoding="utf-8")
    report = changed_since(repo)
    assert report["exit"] == 1
    assert files_with(report, "id-mismatch") == {"organizations/test-org.yaml"}
    assert files_with(report, "unknown-organization") == {"cases/aa-one.yaml",
                                                          "cases/cc-three.yaml"}
    path = validate(repo.root, [str(repo.root / "organizations/test-org.yaml")], use_cache=False)
    assert {p.file for p in path.problems if p.code == "unknown-organization"} == {
        "cases/aa-one.yaml", "cases/cc-three.yaml"}


def test_adding_an_organization_checks_only_the_cases_citing_it(repo):
    (repo.root / "organizations/new-org.yaml").write_text(dump({**ORG, "id": "new-org"}),
                                                         encoding="utf-8")
    report = changed_since(repo)
    assert report["exit"] == 0 and report["checked"] == 1, report


def test_a_criteria_change_that_a_listed_case_fails_is_caught(repo):
    narrower = {**CRITERIA, "criteria": [c for c in CRITERIA["criteria"] if c["id"] != "e"]}
    (repo.root / "criteria.yaml").write_text(dump(narrower), encoding="utf-8")
    report = changed_since(repo)
    assert report["exit"] == 1
    failing = {p["file"] for p in report["problems"] if p["severity"] == "error"}
    assert {"cases/aa-one.yaml", "cases/bb-two.yaml", "cases/cc-three.yaml"} <= failing
    assert report["checked"] == 5  # criteria.yaml and the four cases
    path = validate(repo.root, [str(repo.root / "criteria.yaml")], use_cache=False)
    assert {p.file for p in path.errors} == failing


def test_a_config_change_rechecks_every_case(repo):
    (repo.root / "kremlinlist.yaml").write_text(dump({**SETTINGS, "timezone": "Europe/Kyiv"}),
                                                encoding="utf-8")
    report = changed_since(repo)
    assert report["exit"] == 0 and report["checked"] == 5, report


def test_dupes_yaml_rechecks_the_cases_it_names(repo):
    (repo.root / "dupes.yaml").write_text(dump({"different": [{
        "pair": ["aa-one", "bb-two"], "reason": "different birth years in the sources",
        "by": "editor"}]}), encoding="utf-8")
    report = changed_since(repo)
    assert report["checked"] == 3, report  # dupes.yaml and the two cases it names


def review(repo, fmt: str = "json"):
    return cli_at_root(["diff", "main", "HEAD", "--format", fmt], repo.root)


def test_the_review_names_cases_citing_a_deleted_organization_and_counts_withheld_ones(repo):
    repo.git("checkout", "-q", "-b", "pr")
    repo.commit("drop", "2024-02-01T10:00:00+00:00", {"organizations/other-org.yaml": None})
    result = review(repo)
    assert result.exit_code == 1, result.output
    log = json.loads(result.stdout)
    assert log["affected"]["by"] == ["organizations"]
    assert {c["id"] for c in log["affected"]["cases"]} == {"bb-two", "cc-three"}
    assert log["affected"]["withheld"] == 1
    assert {p["file"] for p in log["problems"]} == {"cases/bb-two.yaml", "cases/cc-three.yaml",
                                                    "(a withheld case)"}
    md = review(repo, "md").stdout
    assert "## Affected by changes to organizations (3)" in md
    assert "**Bb Two** (`bb-two`)" in md and "and 1 withheld case" in md
    assert "anon-2024-001" not in md and "No changes" not in md
    text = review(repo, "text").stdout
    assert "Bb Two (bb-two)" in text and "anon-2024-001" not in text
    assert "anon-2024-001" not in result.stdout


def test_the_review_names_cases_citing_a_changed_or_added_organization(repo):
    repo.git("checkout", "-q", "-b", "pr")
    repo.commit("rename", "2024-02-01T10:00:00+00:00", {
        "organizations/test-org.yaml": None,
        "organizations/test-org-2.yaml": dump({**ORG, "id": "test-org-2"})})
    log = json.loads(review(repo).stdout)
    assert {c["id"] for c in log["affected"]["cases"]} == {"aa-one", "cc-three"}
    repo.commit("back", "2024-02-02T10:00:00+00:00", {
        "organizations/test-org.yaml": dump({**ORG, "country": "PL"})})
    log = json.loads(cli_at_root(["diff", "HEAD~1", "HEAD", "--format", "json"], repo.root).stdout)
    assert {c["id"] for c in log["affected"]["cases"]} == {"aa-one", "cc-three"}  # fixed again
    log = json.loads(review(repo).stdout)  # main to HEAD: an organization edited, none gone
    assert log["affected"] == {"by": ["organizations"], "cases": [], "withheld": 0}
    md = review(repo, "md").stdout
    assert "change no other case's verdict" in md


def test_the_review_catches_criteria_that_a_listed_case_now_fails(repo):
    repo.git("checkout", "-q", "-b", "pr")
    narrower = {**CRITERIA, "criteria": [c for c in CRITERIA["criteria"] if c["id"] != "e"]}
    repo.commit("criteria", "2024-02-01T10:00:00+00:00", {"criteria.yaml": dump(narrower)})
    result = review(repo)
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    assert log["affected"]["by"] == ["criteria.yaml"]
    assert {c["id"] for c in log["affected"]["cases"]} == {"aa-one", "bb-two", "cc-three"}
    assert log["affected"]["withheld"] == 1
    files = {p["file"] for p in log["problems"]}
    assert {"cases/aa-one.yaml", "(a withheld case)"} <= files
    assert "anon-2024-001" not in result.stdout


def test_the_review_names_the_cases_a_changed_dupes_entry_names(repo):
    repo.git("checkout", "-q", "-b", "pr")
    repo.commit("dupes", "2024-02-01T10:00:00+00:00", {"dupes.yaml": dump({"different": [{
        "pair": ["aa-one", "anon-2024-001"], "reason": "different birth years", "by": "editor"}]})})
    log = json.loads(review(repo).stdout)
    assert log["affected"]["by"] == ["dupes.yaml"]
    assert [c["id"] for c in log["affected"]["cases"]] == ["aa-one"]
    assert log["affected"]["withheld"] == 1


def test_a_review_without_such_changes_has_no_affected_section(repo):
    repo.git("checkout", "-q", "-b", "pr")
    repo.commit("case", "2024-02-01T10:00:00+00:00", {
        "cases/dd-four.yaml": dump(cited("dd-four", "Dd Four", ["test-org"]))})
    result = review(repo)
    assert "affected" not in json.loads(result.stdout)
    assert "Affected" not in review(repo, "md").stdout


def test_canary_a_hidden_case_is_never_named_by_the_review_or_validate(tmp_path):
    """In a private repository a hidden case may carry a name: whatever the change to the files it
    depends on, neither its name nor its id reaches the review or validate's report on others."""
    repo = GitRepo(tmp_path / "private")
    hidden = cited("zzcanary-hidden", "Zzcanary Qqhidden", ["other-org"], publicity="hidden")
    repo.commit("seed", "2024-01-05T10:00:00+00:00", {
        "criteria.yaml": dump(CRITERIA),
        "kremlinlist.yaml": dump({"repository": "private", "timezone": "UTC"}),
        "organizations/test-org.yaml": dump(ORG),
        "organizations/other-org.yaml": dump(OTHER_ORG),
        "cases/zzcanary-hidden.yaml": dump(hidden)})
    repo.git("checkout", "-q", "-b", "pr")
    narrower = {**CRITERIA, "criteria": [c for c in CRITERIA["criteria"] if c["id"] != "e"]}
    repo.commit("both", "2024-02-01T10:00:00+00:00", {"organizations/other-org.yaml": None,
                                                      "criteria.yaml": dump(narrower)})
    for fmt in ("json", "md", "text"):
        result = review(repo, fmt)
        assert result.exit_code == 1
        assert "zzcanary" not in result.stdout.lower() and "qqhidden" not in result.stdout.lower()
    log = json.loads(review(repo).stdout)
    assert log["affected"]["withheld"] == 1 and log["affected"]["cases"] == []


@pytest.fixture
def ruled(repo):
    """main also holds two look-alike cases that dupes.yaml rules to be different people, and a
    second ruled-out pair."""
    repo.commit("look-alikes", "2024-01-06T10:00:00+00:00", {
        "cases/petrenko-oleh.yaml": dump(cited("petrenko-oleh", "Oleh Petrenko", ["test-org"])),
        "cases/petrenko-oleg.yaml": dump(cited("petrenko-oleg", "Oleg Petrenko", ["test-org"])),
        "dupes.yaml": dump({"different": [
            {"pair": ["petrenko-oleh", "petrenko-oleg"], "reason": "different fathers' names",
             "by": "editor"},
            {"pair": ["aa-one", "bb-two"], "reason": "different birth years", "by": "editor"}]})})
    assert files_with(changed_since(repo), "likely-duplicate") == set()
    return repo


LOOK_ALIKES = {"cases/petrenko-oleh.yaml", "cases/petrenko-oleg.yaml"}


def test_deleting_dupes_yaml_rechecks_the_cases_it_named(ruled):
    ruled.git("rm", "-q", "dupes.yaml")
    report = changed_since(ruled)
    assert files_with(report, "likely-duplicate") == LOOK_ALIKES, report
    assert report["checked"] == 4, report  # the four cases the deleted file named


def test_emptying_dupes_yaml_rechecks_the_cases_it_named(ruled):
    (ruled.root / "dupes.yaml").write_text(dump({"different": []}), encoding="utf-8")
    report = changed_since(ruled)
    assert files_with(report, "likely-duplicate") == LOOK_ALIKES, report
    assert report["checked"] == 5, report  # dupes.yaml and the four cases it named


def test_removing_a_pair_rechecks_only_the_cases_of_the_pairs_that_changed(ruled):
    (ruled.root / "dupes.yaml").write_text(dump({"different": [
        {"pair": ["aa-one", "bb-two"], "reason": "different birth years", "by": "editor"}]}),
        encoding="utf-8")
    report = validate(ruled.root, changed_since="main")
    assert {p.file for p in report.problems if p.code == "likely-duplicate"} == LOOK_ALIKES
    assert report.checked == 3, report  # dupes.yaml and the removed pair's two cases


def test_validate_path_rechecks_a_pair_removed_since_the_last_commit(ruled):
    (ruled.root / "dupes.yaml").write_text(dump({"different": []}), encoding="utf-8")
    report = validate(ruled.root, [str(ruled.root / "dupes.yaml")])
    assert {p.file for p in report.problems if p.code == "likely-duplicate"} == LOOK_ALIKES
    (ruled.root / "dupes.yaml").unlink()
    report = validate(ruled.root, [str(ruled.root / "dupes.yaml")])
    assert {(p.file, p.code) for p in report.problems} == {
        (rel, "likely-duplicate") for rel in LOOK_ALIKES}


def test_validate_takes_changed_since_from_the_library(ruled):
    ruled.git("rm", "-q", "dupes.yaml")
    report = validate(ruled.root, changed_since="main")
    assert {p.file for p in report.problems if p.code == "likely-duplicate"} == LOOK_ALIKES
    with pytest.raises(KremlinlistError) as refused:
        validate(ruled.root, ["dupes.yaml"], changed_since="main")
    assert (refused.value.code, refused.value.usage) == ("conflicting-options", True)


def test_the_review_names_the_cases_of_a_deleted_dupes_yaml(ruled):
    ruled.git("checkout", "-q", "-b", "pr")
    ruled.commit("no dupes", "2024-02-01T10:00:00+00:00", {"dupes.yaml": None})
    log = json.loads(review(ruled).stdout)
    assert log["affected"]["by"] == ["dupes.yaml"]
    assert {c["id"] for c in log["affected"]["cases"]} == {
        "aa-one", "bb-two", "petrenko-oleh", "petrenko-oleg"}


def test_a_pair_removed_in_a_commit_of_the_branch_is_rechecked(ruled):
    ruled.git("checkout", "-q", "-b", "pr")
    ruled.commit("no dupes", "2024-02-01T10:00:00+00:00", {"dupes.yaml": None})
    report = validate(ruled.root, changed_since="main")
    assert {p.file for p in report.problems if p.code == "likely-duplicate"} == LOOK_ALIKES
