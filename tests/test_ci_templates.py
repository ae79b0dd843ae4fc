"""The CI templates and hooks a dataset repository copies install a pinned kremlinlist, cannot
hang, and cover every file validate reads."""

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from typer.testing import CliRunner

from factory import Dataset
from kremlinlist.cli import app

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / "docs" / "ci").glob("*.yml"))
# A git URL at a full commit sha or at a tag: the code pip installs cannot change under it.
PINNED = re.compile(r"^kremlinlist @ git\+https://[^\s@]+@([0-9a-f]{40}|v?\d+(\.\d+)*)$")
DATASET_FILES = ("cases/petrenko-ivan.yaml", "organizations/ccl.yaml", "criteria.yaml",
                 "kremlinlist.yaml", "dupes.yaml", "intake/r-0000000000000000.yaml")


def install_runs(workflow: dict, tmp_path: Path, env_over: dict | None = None):
    """The argv of every `pip` command each step runs, its script run by bash with `pip` a stand-in
    that records its arguments, and the workflow's variables (and `env_over`) in the environment."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    log = tmp_path / "pip.jsonl"
    (bin_dir / "pip").write_text(
        f"#!{sys.executable}\nimport json, sys\n"
        f"open({str(log)!r}, 'a').write(json.dumps(sys.argv[1:]) + '\\n')\n")
    (bin_dir / "pip").chmod(0o755)
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "pip install" not in step.get("run", ""):
                continue
            env = {**os.environ, **workflow.get("env", {}), **job.get("env", {}),
                   **step.get("env", {}), **(env_over or {}),
                   "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
            log.unlink(missing_ok=True)
            subprocess.run(["bash", "-e", "-c", step["run"]], env=env, check=True, timeout=60)
            yield from (json.loads(line) for line in log.read_text().splitlines())


def requirements(words: list[str]) -> list[str]:
    """What `pip install` installs: its words after `install` that are neither options nor an
    option's value (the constraints file of `-c`)."""
    i = words.index("install")
    rest, out = words[i + 1:], []
    while rest:
        word = rest.pop(0)
        if word in ("-c", "--constraint", "-r", "--requirement"):
            rest.pop(0)
        elif not word.startswith("-"):
            out.append(word)
    return out


def constraints(words: list[str]) -> list[str]:
    """The constraints files a `pip install` names."""
    return [b for a, b in zip(words, words[1:]) if a in ("-c", "--constraint")]


def test_pinned_pattern_refuses_what_anyone_could_publish():
    assert PINNED.match("kremlinlist @ git+https://github.com/o/kremlinlist@" + "ab12" * 10)
    for loose in ("kremlinlist", "kremlinlist==0.1.0",
                  "kremlinlist @ git+https://github.com/o/kremlinlist",
                  "kremlinlist @ git+https://github.com/o/kremlinlist@main",
                  "kremlinlist @ git+https://github.com/o/kremlinlist@abc123"):
        assert not PINNED.match(loose), loose


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_install_is_pinned_and_every_job_has_a_timeout(path, tmp_path):
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    runs = list(install_runs(workflow, tmp_path))
    assert runs, "the workflow installs kremlinlist"
    for words in runs:
        assert words[0] == "install"
        reqs = requirements(words)
        assert reqs
        for req in reqs:
            assert PINNED.match(req), (path.name, req)
    for name, job in workflow["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int) and job["timeout-minutes"] > 0, name
    # one place to replace: the source is written once, in the workflow's env
    assert path.read_text(encoding="utf-8").count("git+https://") == 1


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
@pytest.mark.parametrize("source, raw", [
    (None, "OWNER/kremlinlist/" + "0" * 40),
    ("kremlinlist @ git+https://github.com/o-n/kremlinlist@" + "ab12" * 10,
     "o-n/kremlinlist/" + "ab12" * 10),
    ("kremlinlist @ git+https://github.com/o/kl.git@v1.2.0", "o/kl/v1.2.0"),
])
def test_dependencies_are_installed_at_the_versions_of_the_same_commit(path, tmp_path, source,
                                                                       raw):
    """A pinned kremlinlist with its dependencies unpinned installs whatever is newest that day:
    every install takes the constraints.txt of the commit it installs."""
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    over = {"KREMLINLIST": source} if source else {}
    for words in install_runs(workflow, tmp_path, over):
        assert constraints(words) == [f"https://raw.githubusercontent.com/{raw}/constraints.txt"]
        assert requirements(words) == [source or workflow["env"]["KREMLINLIST"]]


def test_release_reads_the_full_history():
    workflow = yaml.safe_load((ROOT / "docs" / "ci" / "release.yml").read_text(encoding="utf-8"))
    for job in workflow["jobs"].values():
        checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout"))
        assert checkout["with"]["fetch-depth"] == 0


def test_contributing_installs_from_a_git_commit():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    installs = [line for line in text.splitlines() if line.startswith("pip install")]
    assert installs
    for line in installs:
        req = requirements(shlex.split(line))
        assert req == ["kremlinlist @ git+https://github.com/OWNER/kremlinlist@<commit sha>"]
    assert "KREMLINLIST" in text


def test_validate_hook_covers_every_dataset_file_and_runs_once():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    validate = hooks["kremlinlist-validate"]
    for rel in (*DATASET_FILES, "cases/notes.txt", "intake/export.csv"):  # stray-file
        assert re.search(validate["files"], rel), rel
    for rel in ("README.md", "docs/criteria.yaml", "templates/list.md.j2"):
        assert not re.search(validate["files"], rel), rel
    for hook in hooks.values():
        assert hook["require_serial"] is True
    # pre-commit never passes deleted files: the hook asks git for the commit's changes itself,
    # those staged only (an untracked draft is not the commit's)
    assert validate["entry"].split()[1:] == ["validate", "--staged"]
    assert validate["always_run"] is True and validate["pass_filenames"] is False


def test_validate_accepts_every_file_the_hook_passes(tmp_path):
    """What pre-commit runs when each kind of dataset file is staged: none is a `missing-file`."""
    ds = Dataset(tmp_path / "data", config={"repository": "public"})
    case = ds.add().relative_to(ds.root).as_posix()
    ds.write("dupes.yaml", "different: []\n")
    files = [case, "organizations/test-org.yaml", "criteria.yaml", "kremlinlist.yaml",
             "dupes.yaml"]
    result = CliRunner().invoke(app, ["validate", "--root", str(ds.root), *files])
    assert result.exit_code == 0, result.output
