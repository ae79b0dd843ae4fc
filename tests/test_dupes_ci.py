"""Integration: the example GitHub workflows in docs/ci/, and progress bars only at a terminal."""

import importlib.util
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from factory import Dataset, case, check_jsonschema, dump, kremlinlist_on_path

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / "docs" / "ci").glob("*.yml"))


@pytest.mark.skipif(importlib.util.find_spec("check_jsonschema") is None,
                    reason="check-jsonschema not installed")
def test_workflows_match_githubs_schema():
    result = check_jsonschema(["--builtin-schema", "vendor.github-workflows",
                               *map(str, WORKFLOWS)])
    assert result.returncode == 0, result.stdout + result.stderr


def _steps(name):
    data = yaml.safe_load((ROOT / "docs" / "ci" / name).read_text())
    return data, [s for job in data["jobs"].values() for s in job["steps"]]


def test_validate_workflow_runs_the_checks_a_pull_request_needs():
    data, steps = _steps("validate.yml")
    assert "pull_request" in data[True]  # YAML 1.1 reads the key `on` as True
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "kremlinlist validate --format github" in runs
    # against the merge commit's first parent, the base the pull request was merged onto
    assert "kremlinlist validate --changed-since HEAD^1" in runs
    assert "kremlinlist diff HEAD^1 HEAD --format md" in runs
    assert "GITHUB_STEP_SUMMARY" in runs
    assert "${{" not in runs  # expressions reach scripts only through the environment
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0


def test_release_workflow_is_monthly_with_full_history_and_uploads_the_folder():
    data, steps = _steps("release.yml")
    assert data[True]["schedule"][0]["cron"].endswith("1 * *")
    assert "month" in data[True]["workflow_dispatch"]["inputs"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    assert any("kremlinlist release --month" in s.get("run", "") for s in steps)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"].startswith("releases/")


def _at_terminal(args, cwd, env_extra):
    """Run the CLI with stdout and stderr on a pseudo-terminal; everything it printed."""
    primary, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(PYTHONPATH=str(ROOT / "src"), TERM="xterm", COLUMNS="80", **env_extra)
    proc = subprocess.Popen([sys.executable, "-m", "kremlinlist", *args], cwd=cwd, env=env,
                            stdout=secondary, stderr=secondary)
    os.close(secondary)
    out = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=120)
    os.close(primary)
    return out.decode(errors="replace")


def test_progress_bar_at_a_terminal_but_not_in_ci_or_json(dataset):
    dataset.add(case())
    args = ["validate", "--no-cache", "-C", str(dataset.root)]
    assert "checking" in _at_terminal(args, dataset.root, {})
    assert "checking" not in _at_terminal(args, dataset.root, {"CI": "true"})
    as_json = _at_terminal([*args, "--format", "json"], dataset.root, {})
    assert "checking" not in as_json and as_json.lstrip().startswith("{")


def test_validate_workflow_scripts_run_on_a_pull_request(git_repo, tmp_path):
    """The workflow's own shell steps, run on a repository shaped like a pull request's checkout."""
    ds = Dataset(git_repo.root)
    ds.add(case("petrenko-oleh", name={"en": "Oleh Petrenko"}))
    git_repo.git("add", "-A")
    git_repo.git("commit", "-qm", "base", date="2025-01-01T12:00:00+00:00")
    git_repo.git("update-ref", "refs/remotes/origin/main", "HEAD")
    git_repo.commit("add a person", "2025-01-02T12:00:00+00:00", {
        "cases/petrenko-oleg.yaml": dump(case("petrenko-oleg", name={"en": "Олег Петренко"}))})

    path = kremlinlist_on_path(tmp_path / "bin")
    summary = tmp_path / "summary.md"
    env = {**os.environ, "PATH": path,
           "CI": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    _, steps = _steps("validate.yml")
    outputs = {}
    for step in steps:
        if "run" in step and "kremlinlist" in step["run"] and "pip " not in step["run"] \
                and "gh " not in step["run"]:
            done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=git_repo.root,
                                  env=env, capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, (step["name"], done.stdout, done.stderr)
            outputs[step["name"]] = done.stdout
    assert len(outputs) == 3
    duplicates = next(v for k, v in outputs.items() if "duplicates" in k)
    assert "likely-duplicate" in duplicates and "cases/petrenko-oleg.yaml" in duplicates
    assert "petrenko-oleg" in summary.read_text()
