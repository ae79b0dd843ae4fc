"""The pre-commit hook as a researcher's commit runs it: `args: [--lang, uk]`, which pre-commit
puts after the entry, choose Ukrainian, and only what the commit holds is checked, so a
half-written draft never added does not block committing a fix elsewhere. Every person here is
fictional (tests/factory.py)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from factory import CRITERIA, ORG, GitRepo, case, dump, invoke, seed

ROOT = Path(__file__).resolve().parent.parent
HOOKS = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
VALIDATE = HOOKS["kremlinlist-validate"]["entry"].split()[1:]
FMT = HOOKS["kremlinlist-fmt"]["entry"].split()[1:]
CYRILLIC = re.compile("[А-Яа-яІіЇїЄєҐґ]")
DRAFT = "id: new-person\nname: {en: New Person}\nevents:\n  - type: detained\n"


@pytest.fixture
def repo(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"))
    return repo


def _checked(result) -> tuple[int, int, set[str]]:
    """(exit code, files checked, files with problems) of a `--format json` run."""
    report = json.loads(result.stdout)
    return result.returncode, report["checked"], {p["file"] for p in report["problems"]}


def test_the_hook_checks_what_is_staged_and_leaves_an_untracked_draft_out(repo):
    (repo.root / "cases/new-person.yaml").write_text(DRAFT, encoding="utf-8")
    (repo.root / "cases/petrenko-ivan.yaml").write_text(dump(case(born="1981")),
                                                        encoding="utf-8")
    repo.git("add", "cases/petrenko-ivan.yaml")
    assert _checked(invoke([*VALIDATE, "--format", "json"], repo.root)) == (
        0, 1, set())
    # --changed-since still takes untracked files: what a branch's CI (which has none) checks
    assert _checked(invoke(["validate", "--changed-since", "HEAD", "--format", "json"],
                           repo.root)) == (1, 2, {"cases/new-person.yaml"})
    repo.git("add", "cases/new-person.yaml")  # once added, the draft is the commit's
    assert _checked(invoke([*VALIDATE, "--format", "json"], repo.root)) == (
        1, 2, {"cases/new-person.yaml"})


def test_the_hook_rechecks_the_cases_citing_an_organization_whose_deletion_is_staged(repo):
    (repo.root / "cases/new-person.yaml").write_text(DRAFT, encoding="utf-8")
    repo.git("rm", "-q", "organizations/test-org.yaml")
    code, _checked_files, files = _checked(invoke([*VALIDATE, "--format", "json"], repo.root))
    assert code == 1 and files == {"cases/petrenko-ivan.yaml"}


def test_the_hook_checks_a_repositorys_first_commit(tmp_path):
    """No HEAD yet: every file added is the commit's (the hook used to need a run by hand)."""
    repo = GitRepo(tmp_path / "repo")
    files = {"criteria.yaml": dump(CRITERIA), "organizations/test-org.yaml": dump(ORG),
             "kremlinlist.yaml": dump({"repository": "public", "timezone": "UTC"}),
             "cases/petrenko-ivan.yaml": dump(case("petrenko-ivan")),
             "cases/new-person.yaml": DRAFT}
    for rel, text in files.items():
        (repo.root / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo.root / rel).write_text(text, encoding="utf-8")
    repo.git("add", *[rel for rel in files if rel != "cases/new-person.yaml"])
    assert _checked(invoke([*VALIDATE, "--format", "json"], repo.root)) == (0, 4, set())
    repo.git("add", "cases/new-person.yaml")
    assert _checked(invoke([*VALIDATE, "--format", "json"], repo.root)) == (
        1, 5, {"cases/new-person.yaml"})


def test_staged_and_files_named_are_refused_together(repo):
    result = invoke(["validate", "--staged", "cases/petrenko-ivan.yaml"], repo.root)
    assert result.returncode == 2 and "give files or --staged, not both" in result.stderr


def test_staged_outside_a_repository_says_so(repo):
    """It said "git failed: error: unknown option `cached'": git diff outside a repository."""
    shutil.rmtree(repo.root / ".git")
    result = invoke(["validate", "--staged"], repo.root)
    assert result.returncode == 2 and "not a git repository" in result.stderr
    assert "cached" not in result.stderr


def test_the_hooks_args_choose_ukrainian_as_the_environment_does(repo):
    (repo.root / "cases/new-person.yaml").write_text(DRAFT, encoding="utf-8")
    repo.git("add", "cases/new-person.yaml")
    after = invoke([*VALIDATE, "--lang", "uk"], repo.root)  # where pre-commit puts `args`
    before = invoke(["--lang", "uk", *VALIDATE], repo.root)
    environment = invoke(VALIDATE, repo.root, env={"KREMLINLIST_LANG": "uk"})
    english = invoke(VALIDATE, repo.root, env={"KREMLINLIST_LANG": "en"})
    assert after.returncode == before.returncode == environment.returncode == 1
    assert after.stdout == before.stdout == environment.stdout
    assert CYRILLIC.search(after.stdout) and not CYRILLIC.search(english.stdout)
    assert english.stdout != after.stdout and english.returncode == 1


def test_the_fmt_hooks_args_choose_ukrainian(repo):
    rel = "cases/petrenko-ivan.yaml"
    (repo.root / rel).write_text("publicity: public\n" + dump(case()), encoding="utf-8")
    after = invoke([*FMT, "--check", "--lang", "uk", rel], repo.root)
    before = invoke(["--lang", "uk", *FMT, "--check", rel], repo.root)
    assert after.returncode == before.returncode == 1
    assert (after.stdout, after.stderr) == (before.stdout, before.stderr)
    assert CYRILLIC.search(after.stdout + after.stderr)


@pytest.mark.parametrize("args", [["validate"], ["cache", "path"], ["intake", "list"]])
def test_lang_after_any_command_is_checked_as_before_it(repo, args):
    after = invoke([*args, "--lang", "xx"], repo.root)
    before = invoke(["--lang", "xx", *args], repo.root)
    assert after.returncode == before.returncode == 2
    assert after.stderr == before.stderr and "--lang" in after.stderr
    assert invoke([*args, "--lang", "UK"], repo.root).returncode == 0


def test_help_after_lang_after_the_command_is_in_that_language(repo):
    after = invoke(["validate", "--lang", "uk", "--help"], repo.root)
    before = invoke(["--lang", "uk", "validate", "--help"], repo.root)
    assert after.returncode == 0 and after.stdout == before.stdout
    assert after.stdout.startswith("Використання:")


def test_a_commands_own_lang_stays_the_language_of_what_it_writes(repo):
    """export's --lang is the list's: after it, messages stay in the language chosen before."""
    (repo.root / "out.md").write_text("", encoding="utf-8")
    english_said = invoke(["export", "--format", "md", "--lang", "uk", "-o", "out.md"],
                          repo.root, env={"KREMLINLIST_LANG": "en"})
    ukrainian_said = invoke(["--lang", "uk", "export", "--format", "md", "--lang", "en",
                             "-o", "out.md"], repo.root)
    assert english_said.returncode == ukrainian_said.returncode == 2
    assert "exists" in english_said.stderr and not CYRILLIC.search(english_said.stderr)
    assert CYRILLIC.search(ukrainian_said.stderr)
    listed = invoke(["--lang", "uk", "export", "--format", "md", "--lang", "en"], repo.root)
    assert listed.returncode == 0 and not CYRILLIC.search(listed.stdout.split("\n")[0])


@pytest.mark.parametrize("args", [["validate"], ["fmt", "--check"], ["cache", "clear"]])
def test_quiet_after_the_command_is_quiet_as_before_it(repo, args):
    """pre-commit appends a hook's args after the command: `args: [-q]` was a usage error."""
    loud, after, before = (invoke(a, repo.root) for a in (
        args, [*args, "-q"], ["-q", *args]))
    assert after.returncode == before.returncode == loud.returncode != 2
    assert (after.stdout, after.stderr) == (before.stdout, before.stderr)
    assert (after.stdout, after.stderr) != (loud.stdout, loud.stderr)


def test_an_untracked_organization_does_not_make_a_staged_case_pass(repo):
    """What the commit holds is checked against what it holds: an organization file never
    added, or removed from the index with `git rm --cached`, is not there for a staged case
    citing it (CI would fail on the commit the hook let through)."""
    data = case("koval-olha", name={"en": "Olha Koval"}, born="1990")
    data["assessment"]["by"] = ["new-org"]
    (repo.root / "organizations/new-org.yaml").write_text(
        dump({**ORG, "id": "new-org"}), encoding="utf-8")
    (repo.root / "cases/koval-olha.yaml").write_text(dump(data), encoding="utf-8")
    repo.git("add", "cases/koval-olha.yaml")
    code, _n, files = _checked(invoke([*VALIDATE, "--format", "json"], repo.root))
    assert (code, files) == (1, {"cases/koval-olha.yaml"})
    repo.git("add", "organizations/new-org.yaml")
    assert _checked(invoke([*VALIDATE, "--format", "json"], repo.root))[::2] == (0, set())
    repo.git("commit", "-q", "-m", "koval")
    repo.git("rm", "-q", "--cached", "organizations/new-org.yaml")
    code, _n, files = _checked(invoke([*VALIDATE, "--format", "json"], repo.root))
    assert code == 1 and "cases/koval-olha.yaml" in files
    assert "organizations/new-org.yaml" not in files  # deleted from the commit, not missing


def test_a_settings_file_the_index_does_not_hold_is_not_there(repo):
    """criteria.yaml removed from the index (`git rm --cached`), still on disk: the commit has
    no criteria, so CI on it fails; the hook said ok."""
    repo.git("rm", "-q", "--cached", "criteria.yaml")
    code, _n, files = _checked(invoke([*VALIDATE, "--format", "json"], repo.root))
    assert code == 1 and "criteria.yaml" in files


def test_an_ignored_organization_is_not_the_commits(repo):
    """An organization file git ignores is never committed: a staged case citing it fails."""
    (repo.root / ".gitignore").write_text("organizations/my-*.yaml\n", encoding="utf-8")
    (repo.root / "organizations/my-org.yaml").write_text(dump({**ORG, "id": "my-org"}),
                                                         encoding="utf-8")
    data = case("koval-olha", name={"en": "Olha Koval"}, born="1990")
    data["assessment"]["by"] = ["my-org"]
    (repo.root / "cases/koval-olha.yaml").write_text(dump(data), encoding="utf-8")
    repo.git("add", "cases/koval-olha.yaml")
    code, _n, files = _checked(invoke([*VALIDATE, "--format", "json"], repo.root))
    assert (code, files) == (1, {"cases/koval-olha.yaml"})


def test_a_broken_intake_draft_does_not_fail_a_commit_of_the_settings(repo):
    """kremlinlist.yaml staged re-checks every intake report; a half-written one never added is
    not among them."""
    (repo.root / "intake").mkdir()
    (repo.root / "intake/r-1.yaml").write_text("status: new\nreport: [\n", encoding="utf-8")
    (repo.root / "kremlinlist.yaml").write_text(
        dump({"repository": "private", "timezone": "Europe/Kyiv"}), encoding="utf-8")
    repo.git("add", "kremlinlist.yaml")
    code, _n, files = _checked(invoke([*VALIDATE, "--format", "json"], repo.root))
    assert (code, files) == (0, set())


def test_a_pull_request_making_the_dataset_private_is_refused(repo):
    """`repository: private` turns off the checks of a public repository: a pull request that
    says so could bring in a private block unseen (its CI passed). A dataset private already is
    not refused."""
    base = repo.head()
    repo.commit("private now", "2024-02-01T10:00:00+00:00", {
        "kremlinlist.yaml": dump({"repository": "private", "timezone": "UTC"}),
        "cases/petrenko-ivan.yaml": dump(case(private={"notes": "a private note"}))})
    result = invoke(["validate", "--changed-since", base, "--format", "json"], repo.root)
    codes = {(p["file"], p["code"]) for p in json.loads(result.stdout)["problems"]}
    assert result.returncode == 1 and ("kremlinlist.yaml", "repository-made-private") in codes
    later = repo.head()
    repo.commit("a case", "2024-02-02T10:00:00+00:00", {
        "cases/bondar-petro.yaml": dump(case("bondar-petro", name={"en": "Petro Bondar"}))})
    again = invoke(["validate", "--changed-since", later, "--format", "json"], repo.root)
    assert "repository-made-private" not in again.stdout


def test_a_staged_file_changed_again_on_disk_is_refused_not_read_as_the_commit(repo):
    """Outside the pre-commit framework (a plain .git/hooks/pre-commit, a run by hand) unstaged
    changes stay on disk: a private block staged and then taken out of the file on disk passed,
    as the check read the disk. pre-commit sets such changes aside, so the hook never sees one."""
    path = repo.root / "cases/petrenko-ivan.yaml"
    clean = path.read_text(encoding="utf-8")
    path.write_text(dump(case(private={"notes": "a private note"})), encoding="utf-8")
    repo.git("add", "cases/petrenko-ivan.yaml")
    path.write_text(clean, encoding="utf-8")
    code, _n, files = _checked(invoke([*VALIDATE, "--format", "json"], repo.root))
    report = json.loads(invoke([*VALIDATE, "--format", "json"], repo.root).stdout)
    assert code == 1 and [p["code"] for p in report["problems"]] == [
        "staged-file-changed-on-disk"]
    repo.git("stash", "-q", "--keep-index")  # as pre-commit does: the disk holds what is staged
    code, _n, files = _checked(invoke([*VALIDATE, "--format", "json"], repo.root))
    assert (code, files) == (1, {"cases/petrenko-ivan.yaml"})  # the private block, public repo


def test_any_dataset_file_whose_disk_differs_from_the_index_is_refused(repo):
    """A staged file deleted on disk was read as deleted (a private block staged, then `rm`:
    `ok, 0 files`), and an unstaged change to criteria.yaml was read as the commit's."""
    path = repo.root / "cases/petrenko-ivan.yaml"
    path.write_text(dump(case(private={"notes": "a private note"})), encoding="utf-8")
    repo.git("add", "cases/petrenko-ivan.yaml")
    path.unlink()
    report = json.loads(invoke([*VALIDATE, "--format", "json"], repo.root).stdout)
    assert [(p["file"], p["code"]) for p in report["problems"]] == [
        ("cases/petrenko-ivan.yaml", "staged-file-changed-on-disk")]
    repo.git("checkout", "--", "cases/petrenko-ivan.yaml")
    (repo.root / "criteria.yaml").write_text("criteria: {}\n", encoding="utf-8")
    report = json.loads(invoke([*VALIDATE, "--format", "json"], repo.root).stdout)
    assert ("criteria.yaml", "staged-file-changed-on-disk") in {
        (p["file"], p["code"]) for p in report["problems"]}


def test_a_pull_request_on_a_broken_config_making_it_private_is_refused(repo):
    """A broken kremlinlist.yaml is read as the defaults (public): making it private is refused
    as from a sound one (the review said so; validate passed)."""
    repo.commit("broken", "2024-02-01T10:00:00+00:00", {"kremlinlist.yaml": "repository: [\n"})
    base = repo.head()
    repo.commit("private", "2024-02-02T10:00:00+00:00", {
        "kremlinlist.yaml": dump({"repository": "private", "timezone": "UTC"})})
    result = invoke(["validate", "--changed-since", base, "--format", "json"], repo.root)
    assert "repository-made-private" in result.stdout


def test_a_dupes_yaml_the_index_does_not_hold_rules_out_no_pair(repo):
    """A pair ruled out only in a dupes.yaml never added passed the hook, which read the file on
    disk, and then failed in CI; one removed from the index (`git rm --cached`) is not the
    commit's either, so the pairs it ruled out are reported again."""
    def warned() -> set[str]:
        report = json.loads(invoke([*VALIDATE, "--format", "json"], repo.root).stdout)
        return {p["file"] for p in report["problems"] if p["code"] == "likely-duplicate"}

    (repo.root / "dupes.yaml").write_text(dump({"different": [{
        "pair": ["petrenko-ivan", "petrenko-ivan-2"], "reason": "different fathers",
        "by": "test-editor"}]}), encoding="utf-8")
    (repo.root / "cases/petrenko-ivan-2.yaml").write_text(dump(case("petrenko-ivan-2")),
                                                          encoding="utf-8")
    repo.git("add", "cases/petrenko-ivan-2.yaml")
    assert warned() == {"cases/petrenko-ivan-2.yaml"}
    repo.git("add", "dupes.yaml")
    assert warned() == set()
    repo.git("commit", "-q", "-m", "a namesake")
    repo.git("rm", "-q", "--cached", "dupes.yaml")
    assert warned() == {"cases/petrenko-ivan.yaml", "cases/petrenko-ivan-2.yaml"}


def test_a_merge_is_checked_as_the_tree_it_makes(repo):
    """Two branches that each pass can break the dataset together: one cites an organization
    the other deletes. A merge git makes without conflicts runs only the pre-merge-commit hook,
    whose index then holds the merged tree; the hook runs at that stage too, and refuses it."""
    other = {**ORG, "id": "other-org", "name": {"en": "Other Organization"}}
    repo.commit("an organization", "2024-01-02T10:00:00+00:00",
                {"organizations/other-org.yaml": dump(other)})
    main = repo.git("rev-parse", "--abbrev-ref", "HEAD").strip()
    repo.git("checkout", "-q", "-b", "cites")
    bondar = case("bondar-petro", name={"en": "Petro Bondar", "uk": "Петро Бондар"})
    bondar["assessment"]["by"] = ["other-org"]
    repo.commit("a case it backs", "2024-01-03T10:00:00+00:00",
                {"cases/bondar-petro.yaml": dump(bondar)})
    repo.git("checkout", "-q", main)
    repo.commit("the organization leaves", "2024-01-04T10:00:00+00:00",
                {"organizations/other-org.yaml": None})
    assert invoke([*VALIDATE], repo.root).returncode == 0  # nothing staged on main
    repo.git("merge", "--no-commit", "--no-ff", "-q", "cites")
    result = invoke([*VALIDATE, "--format", "json"], repo.root)
    assert result.returncode == 1
    assert {(p["file"], p["code"]) for p in json.loads(result.stdout)["problems"]} == {
        ("cases/bondar-petro.yaml", "unknown-organization")}
    assert "pre-merge-commit" in HOOKS["kremlinlist-validate"]["stages"]
