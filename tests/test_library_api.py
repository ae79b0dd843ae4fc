"""The documented library API: `import kremlinlist` stays cheap, and the README's example runs."""

import re
import subprocess
import sys
from pathlib import Path

import kremlinlist

ROOT = Path(__file__).resolve().parent.parent


def test_readme_example_runs_in_a_dataset(dataset, monkeypatch, capsys):
    dataset.add()
    block = re.search(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert block, "README.md has no ```python block"
    monkeypatch.chdir(dataset.root)
    exec(compile(block.group(1), "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert out.splitlines()[-1].startswith("id,name_en,")


def test_the_api_names_and_refusals(dataset, tmp_path):
    assert {"open_dataset", "validate", "release", "export", "Problem", "KremlinlistError",
            "__version__"} <= set(dir(kremlinlist))
    dataset.add()
    report = kremlinlist.validate(dataset.root)
    assert report.ok() and report.checked >= 2
    assert isinstance(kremlinlist.export(dataset.root, "json"), bytes)
    dataset.write("cases/broken.yaml", "id: [\n")
    try:
        kremlinlist.open_dataset(dataset.root).export("csv")
    except kremlinlist.KremlinlistError as exc:
        assert exc.code == "list-incomplete" and exc.problems
    else:
        raise AssertionError("an incomplete list was exported")
    try:
        kremlinlist.open_dataset(tmp_path / "nowhere")
    except NotADirectoryError:
        pass
    else:
        raise AssertionError("a missing folder was opened")


def test_import_is_cheap():
    """`import kremlinlist` (hence `kremlinlist --help`) loads none of the heavy packages: the
    API's names are looked up on first use."""
    code = ("import sys, kremlinlist; heavy = {'pydantic', 'yaml', 'jinja2', 'git', 'rich', "
            "'typer'} & {m.split('.')[0] for m in sys.modules}; print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    assert out.strip() == "[]"
