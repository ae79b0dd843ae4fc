"""What the pre-commit hook (`validate --staged`) and a pull request's CI (`validate
--changed-since`) see besides cases: an intake report checked as a full `validate` checks it, and
the files validate never reads as data, a form's plaintext export in a data folder
(`stray-file`) or a secret key anywhere in the dataset (`secret-key-in-dataset`, never shown).
Every person and key here is fictional (tests/factory.py)."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from factory import (Dataset, GitRepo, age_key, case, dump, form_export, form_row, invoke,
                     sealing_config, seed, ssh_key)

from kremlinlist.files.loader import files_under

REPORT = "intake/r-2222222222222222.yaml"
PLAIN_REPORT = ("id: r-2222222222222222\nreceived: 2024-01-02\nstatus: new\nreport:\n"
                "  person:\n    names: [Petro Vyhadanyi]\n")
MODES = {"full": ["validate"], "staged": ["validate", "--staged"],
         "changed-since": ["validate", "--changed-since", "HEAD"]}


def _report(repo: GitRepo, *args: str) -> tuple[int, int, set[tuple[str, str]], str]:
    """(exit code, files checked, (file, code) of each problem, everything printed) of a run."""
    result = invoke([*args, "--format", "json"], repo.root)
    report = json.loads(result.stdout)
    problems = {(p["file"], p["code"]) for p in report["problems"]}
    return result.returncode, report["checked"], problems, result.stdout + result.stderr


@pytest.fixture
def keys(tmp_path):
    """Two members' age keys, kept outside the dataset as they should be."""
    return [age_key(tmp_path / "keys", name) for name in ("olena", "taras")]


@pytest.fixture
def private(tmp_path, keys):
    """A private repository that seals for two members, one case committed."""
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), config=sealing_config(*(public for _p, public in keys)))
    return repo


@pytest.mark.parametrize("mode", MODES)
def test_a_plain_intake_report_is_refused_by_the_hook_and_ci_as_by_a_full_validate(private,
                                                                                 mode):
    (private.root / REPORT).parent.mkdir()
    (private.root / REPORT).write_text(PLAIN_REPORT, encoding="utf-8")
    private.git("add", REPORT)
    code, checked, problems, _said = _report(private, *MODES[mode])
    assert code == 1 and problems == {(REPORT, "private-not-sealed")}
    assert checked == (5 if mode == "full" else 1)  # the report is counted in a full run too


@pytest.mark.parametrize("mode", MODES)
def test_any_intake_file_in_a_public_repository_is_refused_by_the_hook_and_ci(tmp_path, mode):
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"))  # `repository: public`
    (repo.root / REPORT).parent.mkdir()
    (repo.root / REPORT).write_text(PLAIN_REPORT, encoding="utf-8")
    export = form_export(repo.root / "intake/export.csv", [form_row()])
    repo.git("add", "intake")
    code, _checked, problems, said = _report(repo, *MODES[mode])
    assert code == 1 and problems == {
        (REPORT, "intake-in-public-repository"), ("intake/export.csv", "stray-file"),
        ("intake/export.csv", "intake-in-public-repository")}
    assert "Petro" not in said and "Vyhadan" not in said and export.exists()


def test_a_change_to_the_config_rechecks_the_intake_reports(private):
    private.commit("report", "2024-01-06T12:00:00+00:00", {REPORT: PLAIN_REPORT})
    config = yaml.safe_load((private.root / "kremlinlist.yaml").read_text(encoding="utf-8"))
    private.commit("public", "2024-01-07T12:00:00+00:00",
                   {"kremlinlist.yaml": dump({**config, "repository": "public"})})
    _code, _checked, problems, _said = _report(private, "validate", "--changed-since", "HEAD~1")
    assert {(REPORT, "intake-in-public-repository"), (REPORT, "private-not-sealed")} <= problems


def test_deleting_a_case_rechecks_the_intake_report_that_became_it(private):
    promoted = PLAIN_REPORT.replace("status: new", "status: promoted\ncase: petrenko-ivan")
    private.commit("report", "2024-01-06T12:00:00+00:00", {REPORT: promoted})
    private.git("rm", "-q", "cases/petrenko-ivan.yaml")
    for mode in ("staged", "changed-since"):
        _code, _checked, problems, _said = _report(private, *MODES[mode])
        assert (REPORT, "intake-link") in problems, mode


@pytest.mark.parametrize("mode", MODES)
def test_a_file_that_is_not_yaml_in_a_data_folder_is_a_stray_file(private, mode):
    for rel in ("cases/export.csv", "organizations/notes.txt", "cases/petrenko-ivan.yaml.orig",
                "intake/.salt", "cases/.gitkeep", "export.csv"):
        (private.root / rel).parent.mkdir(exist_ok=True)
        (private.root / rel).write_text("a,b\n", encoding="utf-8")
    (private.root / ".gitignore").write_text("*.ignored\n", encoding="utf-8")
    (private.root / "cases/kept-here.ignored").write_text("a,b\n", encoding="utf-8")
    private.git("add", ".")
    code, checked, problems, _said = _report(private, *MODES[mode])
    assert code == 1 and problems == {
        (rel, "stray-file") for rel in ("cases/export.csv", "organizations/notes.txt",
                                        "cases/petrenko-ivan.yaml.orig")}
    assert checked == (4 if mode == "full" else 0) + 3


@pytest.mark.parametrize("mode", MODES)
def test_a_hidden_file_in_a_data_folder_is_a_stray_file_but_the_tools_own(private, keys, mode):
    """A form's export saved as `.export.csv`, a case copied to a hidden name or into a hidden
    folder: the folders' listing passes them over, and git would push them unchecked. Only the
    tool's own hidden files are not the data's; a key under a hidden name is said as one too."""
    stray = {"cases/.export.csv": "name,phone\nPetro Vyhadanyi,+380 00 000 0000\n",
             "organizations/.notes.txt": "Petro Vyhadanyi\n",
             "cases/.petrenko-ivan.yaml": dump(case("petrenko-ivan")),
             "cases/.old/petrenko-ivan.yaml": dump(case("petrenko-ivan")),
             "intake/.id": keys[0][0].read_text(encoding="ascii")}
    for rel, text in {**stray, "intake/.salt": "0" * 64, "cases/.gitkeep": "",
                      "organizations/.gitkeep": ""}.items():
        (private.root / rel).parent.mkdir(parents=True, exist_ok=True)
        (private.root / rel).write_text(text, encoding="utf-8")
    private.git("add", ".")
    code, _checked, problems, said = _report(private, *MODES[mode])
    assert code == 1 and problems == {(rel, "stray-file") for rel in stray} | {
        ("intake/.id", "secret-key-in-dataset")}, problems
    assert "Vyhadanyi" not in said and "+380" not in said


def test_a_stray_file_named_is_said_to_be_one(private):
    (private.root / "cases/export.csv").write_text("a,b\n", encoding="utf-8")
    code, _checked, problems, _said = _report(private, "validate", "cases/export.csv")
    assert code == 1 and problems == {("cases/export.csv", "stray-file")}


def test_a_stray_file_outside_git_is_one_too(tmp_path):
    data = Dataset(tmp_path / "data", {"repository": "private", "timezone": "UTC"})
    data.add(case("petrenko-ivan"))
    data.write("intake/export.jsonl", '{"person_name": "Petro Vyhadanyi"}\n')
    result = invoke(["validate"], data.root)
    assert result.returncode == 1 and "intake/export.jsonl: error stray-file" in result.stdout
    assert "Vyhadanyi" not in result.stdout + result.stderr


CACHE_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# a cache: see bford.info/cachedir\n"


def test_outside_git_the_scan_finds_a_key_anywhere_but_in_a_tools_folder(tmp_path, keys):
    """Outside git no `git ls-files` says what would be committed: the dataset is walked, the
    folders a tool fills (a virtual environment, node_modules, a tagged cache, .git) left out,
    hidden ones and data folders walked all the same."""
    data = Dataset(tmp_path / "data", {"repository": "private", "timezone": "UTC"})
    data.add(case("petrenko-ivan"))
    key = keys[0][0].read_bytes()
    for rel in ("key.txt", "cases/olena.txt", ".age/key.txt"):
        data.write(rel, key)
    data.write("cases/pyvenv.cfg", "home = /usr/bin\n")  # a data folder is never a tool's
    data.write(".venv/pyvenv.cfg", "home = /usr/bin\n")
    for n in range(50):
        data.write(f".venv/lib/python3.11/site-packages/pkg{n}/__init__.py", "")
    data.write(".venv/lib/key.txt", key)
    data.write("env2/pyvenv.cfg", "home = /usr/bin\n")  # any name
    data.write("env2/bin/key.txt", key)
    data.write("node_modules/pkg/key.txt", key)
    data.write(".pytest_cache/CACHEDIR.TAG", CACHE_TAG)
    data.write(".pytest_cache/v/key.txt", key)
    data.write(".notacache/CACHEDIR.TAG", "not the signature\n")
    data.write(".notacache/key.txt", key)
    data.write(".git/key.txt", key)
    for tool in ("node_modules", "__pycache__", ".git"):  # a tool's name inside a data folder
        data.write(f"intake/{tool}/key.txt", key)
    data.write("cases/env/pyvenv.cfg", "home = /usr/bin\n")
    data.write("cases/env/key.txt", key)
    listed = files_under(data.root)
    assert not [rel for rel in listed if rel.startswith((".venv/", "env2/", "node_modules/",
                                                         ".pytest_cache/", ".git/"))]
    inside = {"intake/node_modules/key.txt", "intake/__pycache__/key.txt", "intake/.git/key.txt",
              "cases/env/key.txt"}
    assert {"key.txt", "cases/olena.txt", ".age/key.txt", ".notacache/key.txt",
            "cases/pyvenv.cfg"} | inside <= set(listed)
    result = invoke(["validate", "--format", "json"], data.root)
    found = {p["file"] for p in json.loads(result.stdout)["problems"]
             if p["code"] == "secret-key-in-dataset"}
    assert found == {"key.txt", "cases/olena.txt", ".age/key.txt", ".notacache/key.txt"} | inside


def _age_keygen_file(path, identity_file) -> str:
    """An identity as `age-keygen -o` writes it, from one of the factory's keys."""
    secret = [line for line in identity_file.read_text(encoding="ascii").splitlines()
              if line.startswith("AGE-SECRET-KEY-1")][0]
    path.write_text(f"# created: 2024-01-01T00:00:00Z\n# public key: age1xyz\n{secret}\n",
                    encoding="ascii")
    return secret


@pytest.mark.parametrize("mode", MODES)
def test_a_secret_key_anywhere_in_the_dataset_is_refused_and_never_shown(private, keys, mode,
                                                                        tmp_path):
    secrets = [_age_keygen_file(private.root / "key.txt", keys[0][0])]
    (private.root / "cases").joinpath("olena.yaml").write_bytes(keys[1][0].read_bytes())
    secrets.append(keys[1][0].read_text(encoding="ascii").splitlines()[1])
    ssh, _public = ssh_key(tmp_path / "ssh", "id_ed25519")
    (private.root / "docs").mkdir()
    (private.root / "docs/id_ed25519").write_bytes(ssh.read_bytes())
    secrets += ssh.read_text(encoding="ascii").splitlines()[1:-1]
    (private.root / "docs/sealing.md").write_text(
        "An identity file holds `AGE-SECRET-KEY-1...` lines; keep yours out of the repository.\n",
        encoding="utf-8")
    (private.root / ".gitignore").write_text("*.secret\n", encoding="utf-8")
    (private.root / "mine.secret").write_bytes(keys[0][0].read_bytes())  # ignored: never pushed
    private.git("add", ".")
    code, _checked, problems, said = _report(private, *MODES[mode])
    assert code == 1 and {(f, c) for f, c in problems if c == "secret-key-in-dataset"} == {
        ("key.txt", "secret-key-in-dataset"), ("cases/olena.yaml", "secret-key-in-dataset"),
        ("docs/id_ed25519", "secret-key-in-dataset")}
    for fmt in ("text", "github"):
        said += invoke([*MODES[mode], "--format", fmt], private.root).stdout
    assert "AGE-SECRET-KEY-1" not in said and "OPENSSH" not in said
    assert not any(part in said for secret in secrets for part in re.findall(".{12}", secret))

