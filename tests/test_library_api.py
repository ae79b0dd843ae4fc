"""The documented library API: `import kremlinlist` stays cheap, and the README's example runs."""

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import kremlinlist
from factory import GitRepo, action, anonymous, case, dump, put, seed

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
    except kremlinlist.KremlinlistError as exc:
        assert exc.code == "not-a-dataset"
    else:
        raise AssertionError("a missing folder was opened")


def test_a_folder_in_no_dataset_is_refused_not_exported_empty(dataset, tmp_path):
    """The command refused such a folder; the API read it as an empty dataset and exported an
    empty list. A subfolder of a dataset is that dataset, as for the commands."""
    dataset.add()
    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "empty", str(tmp_path / "empty")):
        with pytest.raises(kremlinlist.KremlinlistError) as refused:
            kremlinlist.export(folder, "json")
        assert refused.value.code == "not-a-dataset" and refused.value.usage
    inside = kremlinlist.open_dataset(str(dataset.root / "cases"))
    assert inside.root == dataset.root and b'"count": 1' in inside.export("json")


@pytest.mark.parametrize("call", [
    lambda ds: ds.export("xml"), lambda ds: ds.export("csv", lang="fr"),
    lambda ds: ds.release("2024-01", lang="fr"), lambda ds: ds.export("csv", as_of="2024-13-01"),
])
def test_every_refusal_of_the_api_is_one_error_type(dataset, call):
    """A script catches one type: a format or language the command line would not offer, or a
    day that is no date, was a ValueError or an AttributeError."""
    dataset.add()
    with pytest.raises(kremlinlist.KremlinlistError) as refused:
        call(kremlinlist.open_dataset(str(dataset.root)))
    assert refused.value.code in ("bad-choice", "bad-date") and refused.value.usage


def test_a_day_given_as_text_is_taken(dataset):
    dataset.add()
    ds = kremlinlist.Dataset(str(dataset.root))  # a str root, as a script writes it
    assert ds.export("csv", as_of="2024-01-01") == ds.export("csv", as_of=date(2024, 1, 1))


def test_import_is_cheap():
    """`import kremlinlist` (hence `kremlinlist --help`) loads none of the heavy packages: the
    API's names are looked up on first use."""
    code = ("import sys, kremlinlist; heavy = {'pydantic', 'yaml', 'jinja2', 'rich', "
            "'typer'} & {m.split('.')[0] for m in sys.modules}; print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    assert out.strip() == "[]"


def test_the_api_lists_actions_and_builds_the_site(tmp_path, monkeypatch):
    """`Dataset.actions` and `Dataset.site`: the advocacy list and the static site, as the
    commands give them."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"))
    repo.commit("feb", "2024-02-10T10:00:00+00:00", {
        "actions/2024-02-open-letter.yaml": dump(action("2024-02-open-letter", date="2024-02-05"))})
    dataset = kremlinlist.open_dataset(repo.root)
    [letter] = dataset.actions(for_id="petrenko-ivan")
    assert (letter.id, letter.title["en"]) == ("2024-02-open-letter", "A fictional open letter")
    assert dataset.actions(type="picket") == []
    built = dataset.site(tmp_path / "site", until="2024-02")
    assert built.month == "2024-02" and built.people == 1
    page = tmp_path / "site" / "en" / "people" / "petrenko-ivan" / "index.html"
    assert "A fictional open letter" in page.read_text(encoding="utf-8")


def test_what_the_api_returns_shows_no_withheld_path_or_count_in_its_repr(tmp_path, monkeypatch):
    """A script may print or log what it gets back: the exact number of hidden people (published
    only as "fewer than 5"...) and the path of an anonymous person's file were in the reprs of a
    release and of a diff."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    first = seed(repo, case("petrenko-ivan"), config={"repository": "private", "timezone": "UTC"})
    repo.commit("withheld", "2024-01-20T10:00:00+00:00", {
        **put(anonymous("anon-zq-2024-001", "CANARYANON"),
              {**anonymous("hid-zq-2024-002", "CANARYHIDDEN"), "publicity": "hidden"})})
    dataset = kremlinlist.open_dataset(repo.root)
    release = dataset.release("2024-01", out=tmp_path / "out")
    diff = dataset.diff(first)
    assert release.public.hidden == 1 == release.log.hidden  # held, for the totals
    for shown in (repr(release), repr(diff), repr(release.log), repr(release.public)):
        assert "zq-2024" not in shown and "CANARY" not in shown
        assert "hidden=1" not in shown


def test_a_dataset_opened_once_stays_that_dataset(dataset, tmp_path, monkeypatch):
    """The API kept a relative root: a later chdir switched the dataset it read."""
    dataset.add()
    monkeypatch.chdir(dataset.root)
    opened = kremlinlist.open_dataset(".")
    monkeypatch.chdir(tmp_path)
    assert b'"count": 1' in opened.export("json")


def test_paths_given_to_validate_are_the_datasets_wherever_the_script_runs(dataset, tmp_path,
                                                                           monkeypatch):
    """`Dataset.validate(["cases/x.yaml"])` from a script running elsewhere said the file was
    outside the dataset: the path was read from the script's current folder."""
    dataset.write("cases/petrenko-ivan.yaml", dump(case(bron="1980")))
    opened = kremlinlist.open_dataset(dataset.root)
    elsewhere = tmp_path.parent / (tmp_path.name + "-elsewhere")
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    for path in ("cases/petrenko-ivan.yaml", str(dataset.root / "cases/petrenko-ivan.yaml")):
        report = opened.validate([path])
        assert [(p.file, p.code) for p in report.problems] == [
            ("cases/petrenko-ivan.yaml", "unknown-key")], path


def test_a_path_through_a_link_to_the_dataset_is_the_datasets(dataset, tmp_path):
    """A dataset opened through a symbolic link to its folder, and a file named through that
    link, was told the file is outside the dataset."""
    dataset.write("cases/petrenko-ivan.yaml", dump(case(bron="1980")))
    link = tmp_path.parent / (tmp_path.name + "-link")
    link.symlink_to(dataset.root, target_is_directory=True)
    report = kremlinlist.open_dataset(link).validate([str(link / "cases/petrenko-ivan.yaml")])
    assert [(p.file, p.code) for p in report.problems] == [
        ("cases/petrenko-ivan.yaml", "unknown-key")]
