"""Ukrainian throughout: every message the code says has a Ukrainian translation in the catalog,
and a researcher working in Ukrainian reads a broken file's problems, `show`, `check` and a
release's change log in Ukrainian, while problem codes and JSON (apart from `message`) stay the
same in every language. Every person here is fictional (tests/factory.py)."""

from __future__ import annotations

import ast
import contextlib
import functools
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from factory import CANARIES, case, cli, cli_at_root, dump

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.app import release as releasing
from kremlinlist.app.review import diff_revisions
from kremlinlist.app.check import explain
from kremlinlist.app.show import card_facts, show_card
from kremlinlist.app.validate import validate
from kremlinlist.base import i18n
from kremlinlist.base.i18n import _, ngettext, pgettext
from kremlinlist.publish.changelog_text import render_log, summary

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "kremlinlist"
CATALOG = PACKAGE / "locale" / "uk" / "LC_MESSAGES" / "kremlinlist.po"
CYRILLIC = re.compile("[А-Яа-яІіЇїЄєҐґ]")
PLACEHOLDER = re.compile(r"(?<!\{)\{(\w*)\}(?!\})")


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """The language is process-wide: whatever a test sets, the next one starts in English."""
    yield
    i18n.set_language("en")


@contextlib.contextmanager
def speaking(lang: str, monkeypatch):
    """`lang` for the library (set_language) and for the command line, whose entry point chooses
    the language from KREMLINLIST_LANG when no --lang is given."""
    monkeypatch.setenv("KREMLINLIST_LANG", lang)
    try:
        with i18n.speaking(lang):
            yield
    finally:
        monkeypatch.delenv("KREMLINLIST_LANG")


sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))  # babel.cfg's extractor


@functools.cache
def _messages_in_code() -> dict[str, tuple[str, int]]:
    """msgid (the singular of a plural) -> where it is said, as `make messages` extracts them
    (once for the tests that read it, which only read it)."""
    found = {}
    for name, line, msgid, _comments, context in extract_from_dir(
            str(PACKAGE), method_map=[("app/commands/**.py", "babel_commands:extract"),
                                      ("cli/**.py", "babel_commands:extract"),
                                      ("**.py", "python")]):
        found.setdefault(_key(msgid, context), (name, line))
    return found


def _key(msgid, context) -> str:
    """A message as the catalog keys it: its English (the singular of a plural), after its
    context if it has one."""
    text = msgid[0] if isinstance(msgid, tuple) else msgid
    return f"{context}\x04{text}" if context else text


@functools.cache
def _catalog() -> dict:
    with CATALOG.open("rb") as f:
        return {_key(m.id, m.context): m for m in read_po(f, locale="uk") if m.id}


# --- the catalog ---------------------------------------------------------------------------------

def test_every_message_has_a_ukrainian_translation():
    """A message added anywhere without its translation fails here: run `make messages`, then
    write the msgstr in src/kremlinlist/locale/uk/LC_MESSAGES/kremlinlist.po."""
    catalog = _catalog()
    said = _messages_in_code()
    assert len(said) > 250, "the extraction found too few messages to be looking at the code"
    missing = [f"{where[0]}:{where[1]}: {msgid!r}" for msgid, where in sorted(said.items())
               if msgid not in catalog]
    assert not missing, "not in the catalog (run `make messages`):\n" + "\n".join(missing)
    untranslated = []
    for msgid in said:
        m = catalog[msgid]
        forms = m.string if isinstance(m.string, (tuple, list)) else (m.string,)
        if m.fuzzy or not all(forms) or (isinstance(m.id, tuple) and len(forms) != 3):
            untranslated.append(repr(msgid))
    assert not untranslated, "no Ukrainian (or fuzzy, or not 3 plural forms):\n" + \
        "\n".join(untranslated)


def test_the_catalog_holds_only_what_the_code_says():
    """An entry whose English is gone from the code is dead weight that misleads a translator
    (`make messages` drops them)."""
    stale = sorted(set(_catalog()) - set(_messages_in_code()))
    assert not stale, f"no longer in the code (run `make messages`): {stale}"


def test_translations_keep_every_placeholder():
    """`_("...{id}...").format(id=...)` must find its placeholders in the translation, and only
    those: a missing one loses a value, an unknown one is a KeyError in front of a researcher."""
    wrong = []
    for msgid, m in _catalog().items():
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        forms = m.string if isinstance(m.string, (tuple, list)) else (m.string,)
        want = set(PLACEHOLDER.findall(ids[0]))
        wrong += [f"{msgid!r} -> {form!r}" for form in forms
                  if form and set(PLACEHOLDER.findall(form)) != want]
        wrong += [f"{msgid!r} -> {form!r} (code spans)" for form in forms
                  if form and form.count("`") != ids[0].count("`")]
    assert not wrong, "\n".join(wrong)


def test_the_catalog_is_package_data():
    """Read from the installed package, as it is (nothing compiled): the wheel must carry the
    .po (tests/install_smoke.sh reads it from an installed wheel)."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "locale/*/LC_MESSAGES/*.po" in \
        pyproject["tool"]["setuptools"]["package-data"]["kremlinlist"]
    assert i18n.catalog_file("uk").is_file()
    assert any(dep.startswith("babel") for dep in pyproject["project"]["dependencies"])


def test_ukrainian_plurals_take_three_forms():
    i18n.set_language("uk")
    say = [ngettext("{n} withheld case", "{n} withheld cases", n).format(n=n)
           for n in (1, 2, 5, 11, 21, 22, 25, 112)]
    assert say == ["1 справа з прихованими даними", "2 справи з прихованими даними",
                   "5 справ із прихованими даними", "11 справ із прихованими даними",
                   "21 справа з прихованими даними", "22 справи з прихованими даними",
                   "25 справ із прихованими даними", "112 справ із прихованими даними"]
    i18n.set_language("en")
    assert ngettext("{n} withheld case", "{n} withheld cases", 1) == "{n} withheld case"
    assert ngettext("{n} withheld case", "{n} withheld cases", 0) == "{n} withheld cases"


def test_no_module_hides_the_translation_function():
    """`_` is the translation function wherever it is imported: a function that also binds `_`
    (`x, _ = pair`) makes every `_("...")` in it an UnboundLocalError or a call on a string."""
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports_it = any(isinstance(n, ast.ImportFrom) and n.module == "kremlinlist.base.i18n"
                         and any(a.name == "_" and a.asname is None for a in n.names)
                         for n in tree.body)
        if not imports_it:
            continue
        rel = path.relative_to(PACKAGE).as_posix()
        for node in tree.body:  # a module-level binding hides it everywhere
            targets = node.targets if isinstance(node, ast.Assign) else []
            if any(isinstance(t, ast.Name) and t.id == "_" for t in targets):
                bad.append(f"{rel}:{node.lineno}")
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            own = list(_own_nodes(fn))
            binds = [n for n in own if isinstance(n, ast.Name) and n.id == "_"
                     and isinstance(n.ctx, ast.Store)]
            calls = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                        and n.func.id == "_" for n in own)
            if binds and calls:
                bad.append(f"{rel}:{binds[0].lineno} ({fn.name})")
    assert not bad, f"`_` bound where it translates; use another name there: {bad}"


def _own_nodes(fn):
    """The nodes of a function's own scope (not of nested functions or comprehensions)."""
    stack = list(ast.iter_child_nodes(fn))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
                                 ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            stack.extend(ast.iter_child_nodes(node))


# --- choosing the language -----------------------------------------------------------------------

@pytest.mark.parametrize("explicit, environ, expected", [
    ("uk", {"KREMLINLIST_LANG": "en"}, "uk"),
    (None, {"KREMLINLIST_LANG": "uk", "LANG": "en_US.UTF-8"}, "uk"),
    (None, {"LANG": "uk_UA.UTF-8"}, "uk"),
    (None, {"LC_ALL": "uk_UA.UTF-8", "LANG": "en_GB.UTF-8"}, "uk"),
    (None, {"LC_MESSAGES": "en_US.UTF-8", "LANG": "uk_UA.UTF-8"}, "en"),
    (None, {"LANG": "de_DE.UTF-8"}, "en"),
    (None, {}, "en"),
    ("fr", {"KREMLINLIST_LANG": "uk"}, "en"),
])
def test_the_language_comes_from_the_option_then_the_environment(explicit, environ, expected):
    assert i18n.choose_language(explicit, environ) == expected


def test_english_is_the_text_in_the_code():
    assert i18n.language() == "en"
    assert _("yes") == "yes"
    i18n.set_language("uk")
    assert _("yes") == "так"
    assert _("a message no catalog has") == "a message no catalog has"
    assert (_("released"), pgettext("a person", "released")) == ("звільнення", "звільнено")
    i18n.set_language("xx")
    assert i18n.language() == "en"


def test_a_language_without_a_catalog_speaks_english():
    assert i18n._load_catalog("xx") == {}  # no locale/xx/: English, never a failure


def test_english_never_loads_babel(tmp_path):
    """Babel is read only for a language that is not English: the everyday English run pays
    nothing for the catalogs."""
    code = ("import sys\n"
            "from kremlinlist.app.validate import validate\n"
            "from kremlinlist.base import i18n\n"
            "validate(sys.argv[1])\n"
            "assert 'babel' not in sys.modules, 'English loaded babel'\n"
            "i18n.set_language('uk')\n"
            "assert i18n._('yes') == 'так'\n"
            "assert 'babel' in sys.modules\n")
    (tmp_path / "cases").mkdir()
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                          text=True, env={"KREMLINLIST_CACHE_DIR": str(tmp_path / "cache"),
                                          "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr


# --- what a researcher reads ---------------------------------------------------------------------

def _broken(dataset) -> None:
    """A dataset with the mistakes researchers make, each in its own fictional case file."""
    dataset.write("cases/petrenko-ivan.yaml", dump(case()))
    dataset.write("cases/bondar-olha.yaml", dump(case("bondar-olha", ocupation="teacher",
                                                      born="1985-02-30")))
    dataset.write("cases/koval-petro.yaml", "id: koval-petro\nname: {en: Petro Koval\n")
    dataset.write("cases/shevchuk-anna.yaml", "")
    dataset.write("cases/lysenko-taras.yaml", dump(case(
        "lysenko-taras", events=[{"date": "2020-01-05", "type": "released"}],
        assessment={"decision": "listed", "criteria": [], "by": ["no-such-org"]})))


def test_a_broken_file_reads_in_ukrainian_with_the_same_codes_and_places(dataset, monkeypatch):
    _broken(dataset)
    english = validate(dataset.root, use_cache=False).problems
    with speaking("uk", monkeypatch):
        ukrainian = validate(dataset.root, use_cache=False).problems
    where = [(p.file, p.line, p.column, p.severity, p.code) for p in english]
    assert where == [(p.file, p.line, p.column, p.severity, p.code) for p in ukrainian]
    assert {"unknown-key", "invalid-value", "yaml-syntax", "empty-file", "unknown-organization",
            "release-without-detention", "listed-without-criterion"} <= {p.code for p in english}
    for en, uk in zip(english, ukrainian):
        assert CYRILLIC.search(uk.message) and uk.message != en.message, (en, uk)
        assert not CYRILLIC.search(en.message), en
    said = {p.code: p.message for p in ukrainian}
    assert said["unknown-key"].startswith("невідомий ключ; можливо, ви мали на увазі `occupation`?")
    assert "такого дня в цьому місяці немає" in said["invalid-value"]
    assert said["empty-file"] == "файл порожній; файл справи має містити ключі зі значеннями, " \
                                 "як-от `id: petrenko-ivan`"


def test_validate_json_is_the_same_in_every_language_apart_from_message(dataset, monkeypatch):
    _broken(dataset)
    english = cli_at_root(["validate", "--format", "json"], dataset.root)
    with speaking("uk", monkeypatch):
        ukrainian = cli_at_root(["validate", "--format", "json"], dataset.root)
    assert english.exit_code == ukrainian.exit_code == 1
    en, uk = json.loads(english.stdout), json.loads(ukrainian.stdout)
    assert [p.pop("message") for p in en["problems"]] != [p.pop("message") for p in uk["problems"]]
    assert en == uk and en["problems"]


def test_show_reads_in_ukrainian(dataset, monkeypatch):
    dataset.write("cases/petrenko-ivan.yaml", dump(case()))
    card, problems = show_card(dataset.root, "petrenko-ivan")
    assert not problems
    with speaking("uk", monkeypatch):
        facts = dict(card_facts(card))
        shown = cli_at_root(["show", "petrenko-ivan"], dataset.root)
    assert facts["у списку"] == "так"
    assert facts["рішення"] == "listed з 2020-04 веде: test-org"
    assert facts["днів під вартою"].startswith("щонайменше ")
    assert facts["ім'я (uk)"] == "Іван Петренко"
    assert shown.exit_code == 0
    assert "у списку" in shown.stdout and "днів під вартою" in shown.stdout
    assert "on the list" not in shown.stdout and "days in custody" not in shown.stdout
    assert dict(card_facts(card))["on the list"] == "yes"  # English again outside the block
    with speaking("uk", monkeypatch):
        as_json = cli_at_root(["show", "petrenko-ivan", "--format", "json"], dataset.root)
    english = cli_at_root(["show", "petrenko-ivan", "--format", "json"], dataset.root)
    assert as_json.exit_code == 0 and as_json.stdout == english.stdout


def test_check_reads_in_ukrainian(dataset, monkeypatch):
    dataset.write("cases/petrenko-ivan.yaml", dump(case()))
    with speaking("uk", monkeypatch):
        lines = explain(dataset.root, "petrenko-ivan").lines()
        text = cli_at_root(["check", "petrenko-ivan"], dataset.root)
        as_json = cli_at_root(["check", "petrenko-ivan", "--format", "json"], dataset.root)
    assert lines[0] == "petrenko-ivan: рішення listed; статус утримання під вартою"
    assert lines[1].startswith("Критерії ПАРЄ")
    assert lines[-1] == "Висновок: відповідає критеріям для включення до списку."
    assert text.exit_code == 0 and "Висновок: відповідає критеріям" in text.stdout
    english = cli_at_root(["check", "petrenko-ivan", "--format", "json"], dataset.root)
    assert json.loads(as_json.stdout) == json.loads(english.stdout)


def test_a_refusal_reads_in_ukrainian(dataset, monkeypatch):
    with speaking("uk", monkeypatch):
        result = cli_at_root(["check", "no-such-person"], dataset.root)
    assert result.exit_code == 2
    assert "у cases/ немає файлу справи з таким ідентифікатором" in result.stderr


def test_a_ukrainian_release_has_a_ukrainian_change_log(february, tmp_path):
    english = releasing.release(february.root, "2024-02", out=tmp_path / "en")
    releasing.release(february.root, "2024-02", out=tmp_path / "uk", lang="uk")
    log = (tmp_path / "uk" / "CHANGELOG.md").read_text(encoding="utf-8")
    for title in ("# Зміни у списку за 2024-02", "## Нові у списку (3)", "## Звільнені (",
                  "## Померли під вартою (", "## Вилучені зі списку (",
                  "## Нові події та виправлення ("):
        assert title in log, title
    assert "Людей у списку: 8 → 7 (-1)" in log  # delta-d, deleted in February, is gone now
    assert "звільнено унаслідок обміну 2024-02-10" in log
    assert "Особа, чиє ім'я не розголошується на прохання родини" in log
    assert "нове: голодування 2024-02-07" in log
    for english_word in ("Newly listed", "Released", "Died in custody", "People on the list",
                         "released by", " on 2024", "new: "):
        assert english_word not in log, english_word
    assert "Newly listed" in (tmp_path / "en" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert (tmp_path / "uk" / "changes.json").read_bytes() == \
        (tmp_path / "en" / "changes.json").read_bytes()
    assert english.lang == "en" and i18n.language() == "en"  # the release changed no state
    for path in (tmp_path / "uk").iterdir():
        text = path.read_text(encoding="utf-8")
        assert not [c for c in CANARIES if c in text], path.name


def test_a_release_in_two_languages_writes_both_into_one_folder(february, tmp_path):
    releasing.release(february.root, "2024-02", out=tmp_path / "en")
    releasing.release(february.root, "2024-02", out=tmp_path / "uk", lang="uk")
    both = releasing.release(february.root, "2024-02", out=tmp_path / "both", lang="en,uk")
    names = {p.name for p in both.path.iterdir()}
    assert names == releasing.RELEASE_FILES | {"CHANGELOG.uk.md", "list.uk.md", "list.uk.html"}
    for name in releasing.RELEASE_FILES:
        assert (tmp_path / "both" / name).read_bytes() == (tmp_path / "en" / name).read_bytes()
    for name in ("CHANGELOG.md", "list.md", "list.html"):
        uk_name = name.replace(".", ".uk.", 1)
        assert (tmp_path / "both" / uk_name).read_bytes() == \
            (tmp_path / "uk" / name).read_bytes(), uk_name
    with pytest.raises(KremlinlistError, match="--lang: choose one of"):
        releasing.release(february.root, "2024-02", out=tmp_path / "fr", lang="en,fr")
    assert not (tmp_path / "fr").exists()


def test_a_preview_in_two_languages_marks_every_file(february, tmp_path):
    preview = releasing.release(february.root, "2024-02", out=tmp_path / "p", lang="uk,en",
                                preview=True)
    for name in ("CHANGELOG.md", "CHANGELOG.en.md", "list.md", "list.en.md", "list.html",
                 "list.en.html", "list.csv"):
        assert releasing.PREVIEW_MARK in (preview.path / name).read_text(encoding="utf-8"), name
    for name in ("changes.json", "list.json"):
        assert json.loads((preview.path / name).read_text(encoding="utf-8"))["preview"] is True
    replaced = releasing.release(february.root, "2024-02", out=tmp_path / "p", lang="uk,en",
                                 preview=True, force=True)  # its own files may be replaced
    assert replaced.path == preview.path


def test_a_change_log_speaks_the_current_language_unless_told_one(february):
    log = diff_revisions(february.root, "HEAD~2", "HEAD")
    english = render_log(log, "text")
    with i18n.speaking("uk"):
        ukrainian = render_log(log, "text")
        told_english = render_log(log, "md", "en")
        line = summary(log)
        as_json = render_log(log, "json")
    assert english.startswith("Changes between ") and "Newly listed (4):" in english
    assert ukrainian.startswith("Зміни: ") and "Нові у списку (4):" in ukrainian
    assert "\nЗвільнені (2):\n" in ukrainian and "Released" not in ukrainian
    assert told_english.startswith("# Changes between `") and "## Newly listed (4)" in told_english
    assert line.startswith("у списку: ") and "нових у списку: 4" in line
    assert as_json == render_log(log, "json")


@pytest.mark.parametrize("command, first_line", [
    ("validate", "Перевірити кожну справу, організацію та criteria.yaml."),
    ("site", "Побудувати публічний сайт англійською та українською"),
])
def test_a_commands_help_reads_in_ukrainian(command, first_line):
    """A command's help is its docstring, which tools/babel_commands.py puts in the catalog."""
    result = cli("--lang", "uk", command, "--help")
    assert result.exit_code == 0, result.output
    assert first_line in " ".join(result.stdout.split())
    assert "Приклад:" in result.stdout
