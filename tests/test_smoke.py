from pathlib import Path

from factory import run

from kremlinlist.validate import validate

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_dataset_validates():
    report = validate(ROOT, use_cache=False)
    assert report.errors == []


def test_fictional_case_is_clean(dataset):
    dataset.add()
    assert validate(dataset.root, use_cache=False).problems == []


def test_cli_exit_codes(dataset):
    dataset.add()
    assert run(["validate", "-C", str(dataset.root)], cwd=dataset.root).returncode == 0
    dataset.write("cases/bad.yaml", "id: [unclosed\n")
    result = run(["validate", "-C", str(dataset.root), "--format", "json"], cwd=dataset.root)
    assert result.returncode == 1
    assert '"code": "yaml-syntax"' in result.stdout
    assert run(["validate", "--format", "xml"], cwd=dataset.root).returncode == 2
