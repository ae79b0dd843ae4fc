"""The command line as people expect it (issue 15, part 5): each fault the issue lists has a test
here that failed before its fix."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from factory import GitRepo, Terminal, case, dump, invoke, person, put, seed
from kremlinlist.app import stats
from kremlinlist.app.validate import validate
from kremlinlist.base import i18n


# ---- --version, global -C, the dataset found from a subfolder -----------------------------------

@pytest.mark.parametrize("args", [["--version"], ["--help"], ["validate", "--help"],
                                  ["intake", "list", "--help"], ["cache", "path", "--help"]])
def test_version_and_help_start_without_the_heavy_packages(args):
    src = str(Path(__file__).resolve().parent.parent / "src")
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "kremlinlist", *args],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": src})
    assert done.returncode == 0 and "kremlinlist" in done.stdout
    loaded = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines()
              if line.startswith("import time:")}
    assert not loaded & {"pydantic", "rich", "jinja2", "git", "yaml"}, loaded
    if args == ["--version"]:  # answered by the entry point before the commands are built
        assert not loaded & {"typer", "babel"}, loaded


def test_global_C_before_the_command_and_root_after_it(dataset, tmp_path):
    dataset.add()
    before = invoke(["-C", dataset.root, "validate"], tmp_path)
    after = invoke(["validate", "-C", dataset.root], tmp_path)
    long = invoke(["validate", "--root", dataset.root], tmp_path)
    assert before.returncode == after.returncode == long.returncode == 0
    assert before.stdout == after.stdout == long.stdout
    assert "checked 3 files" in before.stdout


def test_global_C_makes_paths_relative_to_it_as_git_does(dataset, tmp_path):
    dataset.add()
    result = invoke(["-C", dataset.root, "validate", "cases/petrenko-ivan.yaml"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "checked 1 file:" in result.stdout


def test_global_C_to_a_missing_folder_is_a_usage_error(tmp_path):
    result = invoke(["-C", tmp_path / "nowhere", "validate"], tmp_path)
    assert result.returncode == 2 and "nowhere" in result.stderr


def test_the_dataset_is_found_from_a_subfolder(dataset):
    dataset.add()
    inside = dataset.root / "cases"
    result = invoke(["validate", "petrenko-ivan.yaml"], inside)
    assert result.returncode == 0, result.stderr
    assert "checked 1 file:" in result.stdout
    assert invoke(["check", "petrenko-ivan"], inside).returncode == 0
    deeper = dataset.root / "organizations"
    assert invoke(["show", "petrenko-ivan"], deeper).returncode == 0


def test_the_search_upward_stops_at_the_top_of_a_git_repository(tmp_path):
    outer = tmp_path / "outer"
    (outer / "cases").mkdir(parents=True)  # a dataset above the repository: not ours
    repo = GitRepo(outer / "repo")
    result = invoke(["validate"], repo.root)
    assert result.returncode == 2 and "not a kremlinlist dataset" in result.stderr


# ---- --format, counts, markup, choices --------------------------------------------------------

def test_check_honours_format_github(dataset):
    dataset.add(case(sources={}))  # criteria and events cite a source that is not there
    result = invoke(["check", "petrenko-ivan", "--format", "github"], dataset.root)
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ")) for line in lines), lines
    assert "file=cases/petrenko-ivan.yaml" in lines[0]


@pytest.mark.parametrize("args", [
    ["validate", "--format", "yaml"], ["check", "petrenko-ivan", "--format", "yaml"],
    ["show", "petrenko-ivan", "--format", "yaml"], ["dupes", "--format", "yaml"],
    ["stats", "--format", "yaml"], ["export", "--format", "yaml"],
    ["diff", "HEAD", "--format", "yaml"], ["schema", "--kind", "yaml"],
])
def test_a_wrong_choice_is_said_plainly(dataset, args):
    dataset.add()
    result = invoke(args, dataset.root)
    assert result.returncode == 2
    assert "Value error" not in result.stderr
    assert "`yaml` is not a choice here; choose " in result.stderr, result.stderr


def test_counts_are_plural_correct(dataset):
    dataset.add()
    one = invoke(["validate", "cases/petrenko-ivan.yaml"], dataset.root)
    assert "checked 1 file: 0 errors, 0 warnings" in one.stdout
    dataset.add(case("koval-maria", events=[{"date": "2020-03-10", "type": "detained"}],
                     name={"en": "Maria Koval"}))
    two = invoke(["validate"], dataset.root)
    assert "checked 4 files: 0 errors, 1 warning" in two.stdout, two.stdout


def test_the_dupes_hint_keeps_its_brackets(dataset):
    dataset.add()
    dataset.add(case("petrenko-ivan-2"))
    result = invoke(["dupes"], dataset.root)
    assert result.returncode == 1
    assert "1 likely duplicate pair among 2 cases" in result.stdout
    assert "`different: [{pair: [id-a, id-b], reason: ..., by: ...}]`" in result.stdout


def test_quiet_prints_only_problems(dataset):
    dataset.add()
    assert invoke(["--quiet", "validate"], dataset.root).stdout == ""
    dataset.add(case("koval-maria", sources={}))
    result = invoke(["-q", "validate"], dataset.root)
    assert result.returncode == 1
    assert "cases/koval-maria.yaml" in result.stdout and "checked" not in result.stdout


# ---- --lang --------------------------------------------------------------------------------------

def test_lang_chooses_the_language_of_messages_and_is_put_back(dataset, monkeypatch):
    monkeypatch.setitem(i18n._catalogs, "uk", {
        "checked {n} file": ("Перевірено {n} файл", "Перевірено {n} файли", "Перевірено {n} файлів"),
        "ok {checked}: 0 errors, 0 warnings": "{checked}: помилок немає."})
    dataset.add()
    result = invoke(["--lang", "uk", "validate", "cases/petrenko-ivan.yaml"], dataset.root)
    assert result.stdout.startswith("Перевірено 1 файл: помилок немає."), result.stdout
    env = invoke(["validate", "cases/petrenko-ivan.yaml"], dataset.root,
                 env={"KREMLINLIST_LANG": "uk"})
    assert env.stdout.startswith("Перевірено 1 файл: помилок немає.")
    assert i18n.language() == "en"  # an in-process call leaves the language as it found it
    english = invoke(["--lang", "en", "validate", "cases/petrenko-ivan.yaml"], dataset.root,
                     env={"KREMLINLIST_LANG": "uk"})
    assert english.stdout.startswith("ok checked 1 file:")


def test_an_unknown_lang_is_a_usage_error(dataset):
    result = invoke(["--lang", "xx", "validate"], dataset.root)
    assert result.returncode == 2 and "--lang" in result.stderr


# ---- dupes.yaml ----------------------------------------------------------------------------------

def test_validate_dupes_yaml_by_name(dataset):
    dataset.add()
    dataset.write("dupes.yaml", "different:\n  - pair: [petrenko-ivan, nobody-x\n")
    result = invoke(["validate", "dupes.yaml"], dataset.root)
    assert result.returncode == 1
    assert "no such file" not in result.stdout
    assert "dupes.yaml:" in result.stdout


def test_a_plain_validate_reports_a_broken_dupes_yaml(dataset):
    dataset.add()
    dataset.write("dupes.yaml", "different:\n  - pair: [petrenko-ivan, nobody-x\n")
    report = validate(dataset.root, use_cache=False)
    assert [p.file for p in report.errors] == ["dupes.yaml"]
    assert invoke(["validate"], dataset.root).returncode == 1


# ---- fmt -----------------------------------------------------------------------------------------

def test_fmt_counts_a_file_it_could_not_read(dataset):
    dataset.write("cases/petrenko-ivan.yaml", "id: petrenko-ivan\nname: {en: [unclosed\n")
    result = invoke(["fmt", "cases/petrenko-ivan.yaml"], dataset.root)
    assert result.returncode == 1
    assert "0 of 0" not in result.stderr
    assert "formatted 0 of 1 file; 1 not formatted because of the problem above" in result.stderr


def test_fmt_orders_keys_inside_one_line_events(dataset):
    text = dump(case()).replace(
        "- date: '2020-03-10'\n  type: detained\n  place: Testville\n  sources:\n  - s1\n",
        "- {type: detained, sources: [s1], place: Testville, date: 2020-03-10}\n")
    assert "{type: detained" in text
    dataset.write("cases/petrenko-ivan.yaml", text)
    assert invoke(["fmt", "cases/petrenko-ivan.yaml"], dataset.root).returncode == 0
    written = (dataset.root / "cases/petrenko-ivan.yaml").read_text(encoding="utf-8")
    assert "- {date: 2020-03-10, type: detained, place: Testville, sources: [s1]}" in written


def test_fmt_strips_a_byte_order_mark(dataset):
    path = dataset.add()
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert invoke(["validate"], dataset.root).returncode == 1  # validate refuses it (`bom`)
    result = invoke(["fmt", "cases/petrenko-ivan.yaml"], dataset.root)
    assert result.returncode == 0, result.stderr
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert invoke(["validate"], dataset.root).returncode == 0


# ---- schema --install ----------------------------------------------------------------------------

def test_schema_install_says_what_to_commit(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("aa-one", "Aa One"))
    (repo.root / ".vscode").mkdir()
    (repo.root / ".vscode/settings.json").write_text(
        '{\n  // mine\n  "editor.tabSize": 2,\n  "yaml.schemas": {"x.json": "x/*.yaml",},\n}\n')
    result = invoke(["schema", "--install"], repo.root)
    assert result.returncode == 0, result.stderr
    assert ".vscode/ is not in git yet: commit it" in result.stdout
    text = (repo.root / ".vscode/settings.json").read_text()
    assert "// mine" in text and '"x.json": "x/*.yaml"' in text
    assert '".vscode/kremlinlist-case.schema.json": "cases/*.yaml"' in text
    repo.git("add", ".vscode")
    repo.git("commit", "-q", "-m", "vscode")
    again = invoke(["schema", "--install"], repo.root)
    assert again.returncode == 0 and "not in git" not in again.stdout
    assert (repo.root / ".vscode/settings.json").read_text() == text  # nothing to add twice


# ---- completion ----------------------------------------------------------------------------------

def _complete(words: str, cwd: Path, process: bool = False) -> list[str]:
    """What bash completion offers for `words`: in this process, or in the real one (as the
    shell runs it, through the entry point)."""
    env = {"_KREMLINLIST_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split(" ")) - 1)}
    if not process:
        done = invoke([], cwd, env=env)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()
    src = str(Path(__file__).resolve().parent.parent / "src")
    done = subprocess.run(
        [sys.executable, "-m", "kremlinlist"], cwd=cwd, capture_output=True, text=True,
        timeout=120, env={**os.environ, "PYTHONPATH": src, **env})
    return done.stdout.split()


def test_completion_of_case_and_organization_ids(dataset, tmp_path):
    dataset.add()
    dataset.add(case("koval-maria", name={"en": "Maria Koval"}))
    assert _complete("kremlinlist check pe", dataset.root, process=True) == ["petrenko-ivan"]
    assert _complete("kremlinlist check pe", dataset.root) == ["petrenko-ivan"]
    assert _complete("kremlinlist show ", dataset.root / "cases") == ["koval-maria",
                                                                       "petrenko-ivan"]
    assert _complete("kremlinlist new --by te", dataset.root) == ["test-org"]
    assert _complete(f"kremlinlist -C {dataset.root} check k", tmp_path) == ["koval-maria"]
    assert _complete(f"kremlinlist check --root {dataset.root} k", tmp_path) == ["koval-maria"]


# ---- progress ------------------------------------------------------------------------------------

def test_validate_reports_progress_per_file(dataset):
    for i in range(5):
        dataset.add(case(f"petrenko-ivan-{i}", name={"en": f"Ivan{i} Petrenko{i}"}))
    ticks = []
    validate(dataset.root, use_cache=False, jobs=1, progress=lambda d, t: ticks.append((d, t)))
    assert [d for d, _ in ticks] == [0, 1, 2, 3, 4, 5, 5] and {t for _, t in ticks} == {5}


def test_stats_over_time_reports_progress_per_month(tmp_path, monkeypatch):
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("aa-one", "Aa One"))
    repo.commit("mar", "2024-03-10T10:00:00+00:00", put(person("bb-two", "Bb Two")))
    ticks = []
    rows = stats.over_time(repo.root, "HEAD", progress=lambda d, t: ticks.append((d, t))).rows
    assert len(rows) >= 2
    assert [d for d, _ in ticks] == list(range(len(ticks))) and ticks[-1][1] == len(ticks)


def test_release_reports_progress_per_month(tmp_path, monkeypatch):
    from kremlinlist.app import release

    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("aa-one", "Aa One"))
    repo.commit("mar", "2024-03-10T10:00:00+00:00", put(person("bb-two", "Bb Two")))
    ticks = []
    release.release(repo.root, "2024-03", progress=lambda d, t: ticks.append((d, t)))
    assert len(ticks) >= 2 and [d for d, _ in ticks] == list(range(len(ticks)))


def test_a_progress_bar_at_a_terminal_and_none_in_a_pipe(dataset):
    for i in range(3):
        dataset.add(case(f"petrenko-ivan-{i}", name={"en": f"Ivan{i} Petrenko{i}"}))
    term = Terminal(["validate", "--no-cache"], dataset.root, env={"TERM": "xterm"})
    screen = term.rest()
    assert term.close() == 0
    assert "checking" in screen and "checked 5 files" in screen
    piped = invoke(["validate", "--no-cache"], dataset.root)
    assert "checking" not in piped.stdout + piped.stderr


def test_no_progress_bar_under_quiet_or_ci(dataset):
    dataset.add()
    for args, env in ((["-q", "validate"], {}), (["validate"], {"CI": "true"})):
        term = Terminal([*args, "--no-cache"], dataset.root, env={"TERM": "xterm", **env})
        screen = term.rest()
        assert term.close() == 0
        assert "checking" not in screen


def test_json_output_stays_json(dataset):
    dataset.add()
    result = invoke(["-q", "validate", "--format", "json"], dataset.root)
    assert json.loads(result.stdout)["ok"] is True


def test_release_lang_takes_one_language_or_several(dataset):
    for bad in ("fr", "en,xx", ","):
        result = invoke(["release", "--month", "2024-01", "--lang", bad], dataset.root)
        assert result.returncode == 2 and "--lang" in result.stderr, bad


def test_release_shows_a_progress_bar_at_a_terminal(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("aa-one", "Aa One"))
    repo.commit("mar", "2024-03-10T10:00:00+00:00", put(person("bb-two", "Bb Two")))
    term = Terminal(["release", "--month", "2024-03"], repo.root,
                    env={"TERM": "xterm", "KREMLINLIST_CACHE_DIR": str(tmp_path / "cache")})
    screen = term.rest()
    assert term.close() == 0, screen
    assert "months" in screen and "wrote " in screen


def test_help_is_shown_in_the_language_of_messages(dataset, monkeypatch):
    monkeypatch.setitem(i18n._catalogs, "uk", {
        "Show the installed version and exit.": "Показати встановлену версію й вийти.",
        "Language of the names: en or uk (default: the language of messages).":
            "Мова імен: en або uk (типово: мова повідомлень).",
        "Remove the cache folder of the dataset; refuse if it holds anything the tool does not "
        "write.\n\nExample: kremlinlist cache clear": "Видалити теку кешу набору даних."})
    top = invoke(["--lang", "uk", "--help"], dataset.root)
    assert "Показати встановлену версію й вийти." in top.stdout
    assert "Показати" in invoke(["--help"], dataset.root, env={"KREMLINLIST_LANG": "uk"}).stdout
    assert "Мова імен" in invoke(["--lang", "uk", "diff", "--help"], dataset.root).stdout
    assert "Видалити теку кешу" in invoke(["--lang", "uk", "cache", "clear", "--help"],
                                          dataset.root).stdout
    english = invoke(["--help"], dataset.root)
    assert "Show the installed version and exit." in english.stdout
