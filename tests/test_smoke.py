from pathlib import Path

from factory import invoke, run

from kremlinlist.app.validate import validate

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


def test_a_folder_that_is_not_a_dataset_is_a_usage_error(tmp_path):
    """Run in the wrong folder, no command publishes an empty list or checks nothing quietly."""
    for args in (["export", "--format", "md"], ["validate"], ["stats"], ["dupes"]):
        result = invoke(args, cwd=tmp_path)
        assert result.returncode == 2, args
        assert "not a kremlinlist dataset" in result.stderr
        assert result.stdout == ""
