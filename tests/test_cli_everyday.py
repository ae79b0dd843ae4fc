"""Things every command owes its users: help with an example, clean errors on unwritable paths,
and the pre-commit hooks a dataset repository installs."""

from pathlib import Path

import re

import pytest
import yaml
from typer.main import get_command
from typer.testing import CliRunner

from factory import Dataset, run
from kremlinlist.cli import app

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", sorted(get_command(app).commands))
def test_every_command_has_help_with_an_example(name):
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0
    assert "Example: kremlinlist " + name in " ".join(result.output.split())


def test_pre_commit_hooks_run_validate_and_fmt_on_dataset_files():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["kremlinlist-validate"]["entry"] == "kremlinlist validate --staged"
    assert hooks["kremlinlist-fmt"]["entry"] == "kremlinlist fmt"
    assert hooks["kremlinlist-fmt"]["pass_filenames"] is not False
    for hook in hooks.values():
        assert hook["language"] == "python"
        for rel in ("cases/petrenko-ivan.yaml", "organizations/ccl.yaml", "criteria.yaml"):
            assert re.search(hook["files"], rel), (hook["id"], rel)


def test_an_unwritable_target_is_a_clean_error(tmp_path):
    ds = Dataset(tmp_path / "data")
    ds.add()
    (ds.root / ".vscode").write_text("a file where a folder belongs")
    result = run(["schema", "--install"], cwd=ds.root)
    assert result.returncode == 1
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert ".vscode" in result.stderr



def test_export_to_a_dash_writes_standard_output(tmp_path):
    """`-o -` is standard output, as for other command-line tools (it wrote a file named -)."""
    ds = Dataset(tmp_path / "data")
    ds.add()
    dashed = run(["export", "--format", "csv", "-o", "-"], cwd=ds.root)
    plain = run(["export", "--format", "csv"], cwd=ds.root)
    assert dashed.returncode == 0, dashed.stderr
    assert dashed.stdout == plain.stdout and dashed.stdout.startswith("\ufeffid,")
    assert not (ds.root / "-").exists()
    named = run(["export", "--format", "csv", "-o", "./-"], cwd=ds.root)
    assert named.returncode == 0 and named.stdout == ""
    assert (ds.root / "-").read_text(encoding="utf-8") == plain.stdout
