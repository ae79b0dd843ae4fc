"""Fictional people, datasets, git repositories and the CLI for tests. Every name here is invented.

Test modules import helpers from here (and fixtures come from conftest.py), never from each other:
tests/test_suite_layout.py checks it. GitRepo's commits are written by git_writer.py."""

from __future__ import annotations

import copy
import csv
import importlib.util
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyrage
import pytest
import yaml
from git_writer import git_template, write_commit

from kremlinlist.app import release
from kremlinlist.app.validate import validate
from kremlinlist.base.problem import Problem
from kremlinlist.files import loader
from kremlinlist.history import snapshot as history
from kremlinlist.history.git import GitClient
from kremlinlist.model.case import Case
from kremlinlist.publish import public_list
from kremlinlist.publish.public_list import PublicList, PublicPerson, SourceRef

CRITERIA = {
    "source": {"title": "Test criteria"},
    "criteria": [{"id": c, "text": {"en": f"criterion {c}", "uk": f"критерій {c}"}}
                 for c in "abcde"],
    "signs": [{"id": s, "text": {"en": s, "uk": s}}
              for s in ("pro-ukrainian-position", "falsified-evidence")],
    "exclusions": [{"id": x, "text": {"en": x, "uk": x}}
                   for x in ("war-crimes", "collaboration")],
}
ORG = {"id": "test-org", "name": {"en": "Test Organization", "uk": "Тестова організація"},
       "country": "UA"}


def case(case_id: str = "petrenko-ivan", **overrides: Any) -> dict:
    """A valid, listed, in-custody case of a fictional person; overrides replace top-level keys."""
    data = {
        "id": case_id,
        "name": {"en": "Ivan Petrenko", "uk": "Іван Петренко"},
        "born": "1980",
        "region": "UA-43",
        "publicity": "public",
        "events": [
            {"date": "2020-03-10", "type": "detained", "place": "Testville", "sources": ["s1"]},
            {"date": "2021-01-15", "type": "sentenced", "term": "10y", "sources": ["s1"]},
        ],
        "assessment": {"decision": "listed", "since": "2020-04",
                       "criteria": [{"id": "e", "sources": ["s1"]}], "by": ["test-org"]},
        "sources": {"s1": {"title": "A fictional report", "publisher": "Test News",
                           "date": "2020-03-11", "url": "https://example.org/report"}},
    }
    data.update(copy.deepcopy(overrides))
    return data


_DUMPED: dict[str, str] = {}


# libyaml's emitter where PyYAML has it: five times cheaper than the pure-Python one, and the
# same text for every value the suite dumps (all 1,571 dumps of a full run compared, 2026-12-02).
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(data: Any) -> str:
    """`data` as YAML. The suite dumps the same criteria, organization and cases thousands of
    times: the text of a value dumped before (the same repr: types, order and all) is reused."""
    key = repr(data)
    text = _DUMPED.get(key)
    if text is None:
        text = yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100)
        if len(_DUMPED) < 20_000:
            _DUMPED[key] = text
    return text


class Dataset:
    """A dataset folder in tmp_path with criteria.yaml and one organization."""

    def __init__(self, root: Path, config: dict | None = None):
        self.root = root
        (root / "cases").mkdir(parents=True, exist_ok=True)
        (root / "organizations").mkdir(exist_ok=True)
        self.write("criteria.yaml", dump(CRITERIA))
        self.write("organizations/test-org.yaml", dump(ORG))
        if config is not None:
            self.write("kremlinlist.yaml", dump(config))

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def add(self, data: dict | None = None, **overrides: Any) -> Path:
        data = data or case(**overrides)
        return self.write(f"cases/{data['id']}.yaml", dump(data))


def run(args: list[str], cwd: Path, env: dict | None = None, input: str | None = None):
    """The real CLI in a subprocess, importing this checkout's code: only where the process itself
    is what a test checks (entry point, signals, a crash's message); `invoke` otherwise."""
    src = str(Path(__file__).resolve().parent.parent / "src")
    full_env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", ""),
                "NO_COLOR": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "kremlinlist", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, input=input, timeout=120)


class Terminal:
    """The CLI in a subprocess whose standard streams are a pseudo-terminal: what it prints is
    read as a person would see it, and answers are typed when a prompt appears."""

    def __init__(self, args: list[str], cwd: Path, env: dict | None = None):
        self.fd, child = os.openpty()
        src = str(Path(__file__).resolve().parent.parent / "src")
        outer = {k: v for k, v in os.environ.items() if k != "CI"}  # CI turns off what a person sees
        env = {**outer, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", ""),
               "NO_COLOR": "1", "TERM": "dumb", "KREMLINLIST_LANG": "en", **(env or {})}
        self.proc = subprocess.Popen([sys.executable, "-m", "kremlinlist", *args], cwd=cwd,
                                     env=env, stdin=child, stdout=child, stderr=child,
                                     close_fds=True)
        os.close(child)
        self.seen = ""

    def expect(self, text: str, timeout: float = 60) -> str:
        """Everything printed up to and including `text` (which must appear in time)."""
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            assert left > 0, f"never printed {text!r}; the screen so far:\n{self.seen}"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:  # the child closed the terminal
                    chunk = b""
                assert chunk, f"ended before printing {text!r}:\n{self.seen}"
                self.seen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        upto = self.seen.index(text) + len(text)
        out, self.seen = self.seen[:upto], self.seen[upto:]
        return out

    def type(self, answer: str) -> None:
        os.write(self.fd, (answer + "\n").encode("utf-8"))

    def rest(self) -> str:
        """Everything printed until the program ends."""
        while True:
            ready, _, _ = select.select([self.fd], [], [], 60)
            try:
                chunk = os.read(self.fd, 4096) if ready else b""
            except OSError:
                chunk = b""
            if not chunk:
                out, self.seen = self.seen, ""
                return out
            self.seen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")

    def close(self) -> int:
        try:
            return self.proc.wait(timeout=60)
        finally:
            os.close(self.fd)


@dataclass
class Invoked:
    """What one in-process CLI call left: the fields of `subprocess.CompletedProcess` tests read."""

    returncode: int
    stdout: str
    stderr: str


def check_jsonschema(args: list[str]) -> Invoked:
    """check-jsonschema's own command (what its console script runs) in this process: what is
    tested is a schema or a file, not that tool's start-up, which cost a second a process. A
    crash of the tool is raised, never taken for a verdict."""
    from check_jsonschema import main
    from click.testing import CliRunner

    result = CliRunner().invoke(main, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Invoked(result.exit_code, result.stdout, result.stderr)


def invoke(args: list[str], cwd: Path, env: dict | None = None,
           input: str | None = None) -> Invoked:
    """The CLI in this process (typer's CliRunner on the same group, so the same exit codes), run
    in `cwd` with `env` added: no interpreter to start, which costs half a second a spawn. A crash
    is raised, not turned into an exit code, so no test passes on one."""
    from typer.testing import CliRunner

    from kremlinlist.cli import app

    try:
        runner = CliRunner(mix_stderr=False)  # click < 8.2 mixes stderr into stdout by default
    except TypeError:
        runner = CliRunner()  # click >= 8.2 always keeps stderr apart
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(cwd)
        for key, value in {"NO_COLOR": "1", **(env or {})}.items():
            mp.setenv(key, value)
        result = runner.invoke(app, [str(a) for a in args], input=input, prog_name="kremlinlist")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Invoked(result.exit_code, result.stdout, result.stderr)


class ReusedCommands:
    """typer's CliRunner builds the whole click command tree again on every call (16 ms, some
    1,600 calls a run: a sixth of the suite's CPU). This builds it once per typer app and, before
    each call, puts back every attribute of every command and option as they were when built
    (`cli.group.translate_help` rewrites help texts in the language of the run), so each call
    starts from what a fresh build would give."""

    def __init__(self, build):
        self.build = build
        self.built: dict[int, tuple[Any, Any, list[tuple[dict, dict, list[str]]]]] = {}

    def __call__(self, app):
        entry = self.built.get(id(app))
        if entry is None or entry[0] is not app:
            command = self.build(app)
            kept = []  # each object's attributes, and those a call could change in place
            for attrs in map(vars, _tree(command)):
                containers = [k for k, v in attrs.items() if isinstance(v, (list, dict, set))]
                pristine = {**attrs, **{k: copy.copy(attrs[k]) for k in containers}}
                kept.append((attrs, pristine, containers))
            entry = self.built[id(app)] = (app, command, kept)
        for attrs, pristine, containers in entry[2]:
            attrs.clear()
            attrs.update(pristine)
            for key in containers:
                attrs[key] = copy.copy(pristine[key])
        return entry[1]


def _tree(command) -> list:
    """A click command, its parameters and, for a group, every subcommand's, all the way down."""
    found = [command, *command.params]
    for sub in (getattr(command, "commands", None) or {}).values():
        found += _tree(sub)
    return found


def cli(*args: str, input: str | None = None):
    """typer's CliRunner result (`exit_code`, `output`) of one in-process call, in this folder."""
    from typer.testing import CliRunner

    from kremlinlist.cli import app

    return CliRunner().invoke(app, [str(a) for a in args], input=input)


def cli_at_root(args: list[str], root: Path):
    """`cli` on the dataset at `root` (`--root`)."""
    return cli(*args, "--root", str(root))


def folder_filler(**files: bytes):
    """A `fill(folder)` for `release.write_folder` writing `files` (a_txt= is a.txt)."""
    def fill(folder):
        for name, data in files.items():
            (folder / name.replace("_", ".")).write_bytes(data)
    return fill


class GitRepo:
    """A real git repository with commits at chosen dates (committer and author)."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        if not (root / ".git").exists():  # `git init` and the identity, made once a process
            shutil.copytree(git_template()["git_dir"], root / ".git", symlinks=True)
            return
        self.git("init", "-q", "-b", "main")
        with open(root / ".git" / "config", "a", encoding="utf-8") as config:
            config.write("[user]\n\tname = Test Editor\n\temail = editor@example.org\n"
                         "[commit]\n\tgpgsign = false\n")

    def copy_to(self, root: Path) -> "GitRepo":
        """A copy of this repository (its history, index and working tree) at `root`: a history
        built once and copied for each test costs a copy, not building it again."""
        shutil.copytree(self.root, root, symlinks=True)
        repo = object.__new__(GitRepo)
        repo.root = root
        return repo

    def git(self, *args: str, date: str | None = None) -> str:
        env = {**os.environ}
        if date:
            env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
        return subprocess.run(["git", *args], cwd=self.root, env=env, check=True,
                              capture_output=True, text=True).stdout.strip()

    def commit(self, message: str, date: str, files: dict[str, str | bytes | None]) -> str:
        """Write (or, with None, delete) files and commit them at `date` (ISO 8601 with offset):
        written here as git writes it (write_commit), else one `git rm`, one `git add` for all
        the files and a `git commit`."""
        added, removed = [], []
        for rel, text in files.items():
            path = self.root / rel
            if text is None:
                removed.append(rel)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
            added.append(rel)
        written = write_commit(self.root, message, date, added, removed)
        if written is not None:
            return written
        if removed:
            self.git("rm", "-q", "--", *removed)
        if added:
            self.git("add", "--", *added)
        self.git("commit", "-q", "--allow-empty", "-m", message, date=date)
        return self.head()

    def head(self) -> str:
        """The id of HEAD: read from the branch's ref file where it is a plain file (a
        repository made here), one `git rev-parse` less a commit; from git otherwise."""
        git_dir = self.root / ".git"
        head = (git_dir / "HEAD").read_text(encoding="ascii").strip() if git_dir.is_dir() else ""
        ref = git_dir / head.removeprefix("ref: ")
        if head.startswith("ref: refs/heads/") and ref.is_file():
            return ref.read_text(encoding="ascii").strip()
        return self.git("rev-parse", "HEAD")


# --- property tests ----------------------------------------------------------------------------

DEEP = os.environ.get("KREMLINLIST_HYPOTHESIS") == "deep"


def examples(n: int) -> int:
    """How many examples a property test with `n` of its own tries: at most hypothesis's default
    100 in the everyday suite (each run draws new ones), all `n` under KREMLINLIST_HYPOTHESIS=deep
    (conftest.py's profiles)."""
    return n if DEEP else min(n, 100)


# --- git histories: a seed commit and the cases of later ones -------------------------------------

SEED_DATE = "2024-01-05T12:00:00+00:00"


def seed(repo: GitRepo, *cases: dict, date: str = SEED_DATE, config: dict | None = None,
         texts: dict[str, str] | None = None) -> str:
    """A first commit with criteria, one organization, the config, `cases` and `texts` (more
    files, by path, already as text)."""
    files = {"criteria.yaml": dump(CRITERIA), "organizations/test-org.yaml": dump(ORG),
             "kremlinlist.yaml": dump(config or {"repository": "public", "timezone": "UTC"})}
    files.update({f"cases/{c['id']}.yaml": dump(c) for c in cases})
    files.update(texts or {})
    return repo.commit("seed", date, files)


def put(*cases: dict) -> dict:
    return {f"cases/{c['id']}.yaml": dump(c) for c in cases}


def person(cid: str, en: str, **kw) -> dict:
    return case(cid, name={"en": en, "uk": en}, **kw)


def git_runs(monkeypatch) -> list[tuple[str, ...]]:
    """The arguments of each git process a GitClient starts besides its running readers (each
    `_git_bytes` run), from now on in the test."""
    runs: list[tuple[str, ...]] = []
    run = GitClient._git_bytes

    def counted(client, *args, **kwargs):
        runs.append(args)
        return run(client, *args, **kwargs)

    monkeypatch.setattr(GitClient, "_git_bytes", counted)
    return runs


def running(pid: int) -> bool:
    """Whether the process `pid` is still running, from /proc (a zombie, not reaped yet, has
    ended)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def count_loads(monkeypatch) -> list[str]:
    """The files a snapshot parses from now on, in order (a spy on the loader)."""
    seen: list[str] = []
    real = loader.load_bytes

    def spy(rel, data, kind, **options):
        seen.append(rel)
        return real(rel, data, kind, **options)

    monkeypatch.setattr(history.loader, "load_bytes", spy)
    return seen


def release_files(rel: release.Release) -> dict[str, bytes]:
    """A release's files as `write_into` writes them (name -> bytes)."""
    with tempfile.TemporaryDirectory() as tmp:
        rel.write_into(Path(tmp))
        return {p.name: p.read_bytes() for p in sorted(Path(tmp).iterdir())}


# --- the month of the change-log tests: withheld people with canaries ---------------------------

DETAINED = {"date": "2020-03-10", "type": "detained", "sources": ["s1"]}
SENTENCED = {"date": "2021-01-15", "type": "sentenced", "term": "10y", "sources": ["s1"]}
CANARIES = ("CANARYPRIVATE", "CANARYANON", "CANARYHIDDEN", "CANARYPRIVHIDDEN", "CANARYANONNEW")


def with_events(c: dict, *extra: dict) -> dict:
    return {**c, "events": [DETAINED, SENTENCED, *extra]}


def anonymous(cid: str, canary: str, **kw) -> dict:
    return case(cid, name={"en": canary, "uk": canary}, publicity="anonymous",
                aliases=[canary], summary=f"{canary} summary",
                private={"notes": f"{canary} private note"}, **kw)


# --- a small fictional list for the export tests -------------------------------------------------
# CANARY is planted in everything that must never be published: `private` blocks, and every
# identifying field of the anonymous and hidden cases, their ids included.

AS_OF = date(2024, 6, 30)
CANARY = "zqcanary"
SERIES = [("2023-07", 3), ("2023-08", 3), ("2023-09", 4), ("2023-10", 4), ("2023-11", 5),
          ("2023-12", 5), ("2024-01", 5), ("2024-02", 6), ("2024-03", 6), ("2024-04", 7),
          ("2024-05", 7), ("2024-06", 8)]


def _src(title: str, url: str | None = "https://example.org/report") -> dict:
    out = {"title": title, "publisher": "Test News", "date": "2020-03-11"}
    if url:
        out["url"] = url
    return out


def _events(*events: dict) -> list[dict]:
    return [{"sources": ["s1"], **e} for e in events]


PRIVATE = {"notes": f"{CANARY} private note", "health": f"{CANARY} health",
           "relatives": [{"name": f"{CANARY} relative", "relation": "sister",
                          "contact": f"+380 {CANARY} phone"}]}


def _secret_case(case_id: str, publicity: str, region: str) -> dict:
    """An anonymous or hidden case with the canary in every identifying field."""
    return case(
        case_id, publicity=publicity, region=region,
        name={"en": f"{CANARY} Name", "uk": f"{CANARY} Ім'я"}, aliases=[f"{CANARY} alias"],
        occupation=f"{CANARY} occupation", summary=f"{CANARY} summary",
        former_ids=[f"old-{CANARY}"],
        events=_events({"date": "2023-02-03", "type": "detained", "place": f"{CANARY} town",
                        "note": f"{CANARY} event note"},
                       {"date": "2023-09-01", "type": "sentenced", "term": "7y",
                        "place": f"{CANARY} court"}),
        sources={"s1": _src(f"{CANARY} source title", f"https://{CANARY}.example.org/x")},
        private=PRIVATE)


def fictional_cases() -> list[dict]:
    """Eleven invented people: eight on the list as of AS_OF, three not."""
    return [
        case("petrenko-ivan", summary="A fictional teacher detained for a post about the war.",
             private=PRIVATE),
        case("kovalchuk-olena", name={"en": "Olena Kovalchuk", "uk": "Олена Ковальчук"},
             region="UA-65", events=_events({"date": "2022-08-14", "type": "detained"},
                                            {"date": "2023-05-02", "type": "sentenced",
                                             "term": "8y6m"}),
             sources={"s1": _src("A fictional verdict")}),
        case("hrytsenko-mykola", name={"en": "Mykola Hrytsenko", "uk": "Микола Гриценко"},
             region="UA-40", events=_events({"date": "2019-11", "type": "detained"})),
        case("bondar-taras", name={"en": "Taras Bondar", "uk": "Тарас Бондар"}, region="UA-23",
             events=_events({"date": "2022-04-02", "type": "detained"},
                            {"date": "2022-05-01", "type": "disappeared"})),
        case("lysenko-dmytro", name={"en": "Dmytro Lysenko"}, region="UA-14",
             events=_events({"type": "detained"})),
        case("moroz-serhii", name={"en": "Serhii Moroz", "uk": "Сергій Мороз"}, region="UA-43",
             events=_events({"date": "2016-02-20", "type": "detained"},
                            {"date": "2017-12-01", "type": "sentenced", "term": "life"})),
        _secret_case(f"anon-{CANARY}-1", "anonymous", "UA-14"),
        _secret_case(f"hidden-{CANARY}-1", "hidden", "UA-43"),
        case("savchuk-andrii", name={"en": "Andrii Savchuk", "uk": "Андрій Савчук"},
             events=_events({"date": "2018-05-05", "type": "detained"},
                            {"date": "2021-06-30", "type": "released", "how": "exchange"})),
        case("tkachenko-iryna", name={"en": "Iryna Tkachenko", "uk": "Ірина Ткаченко"},
             assessment={"decision": "candidate", "reason": "Under review.",
                         "criteria": [{"id": "e", "sources": ["s1"]}]}),
        case("shevchuk-petro", name={"en": "Petro Shevchuk", "uk": "Петро Шевчук"},
             assessment={"decision": "listed", "since": "2025-01",
                         "criteria": [{"id": "e", "sources": ["s1"]}]}),
    ]


def fictional_models() -> list[Case]:
    return [Case.model_validate(c) for c in fictional_cases()]


def the_list() -> PublicList:
    return public_list.build_list(fictional_models(), AS_OF)


def hostile_list(strings: list[str]) -> PublicList:
    people = [PublicPerson(id=f"p{i}", names={"en": s, "uk": s}, region=s, detained="2020-01-02",
                     status="in-custody", days_in_custody=10, sentence=s, summary=s,
                     sources=(SourceRef(s, s, s, "https://example.org/a"),))
              for i, s in enumerate(strings)]
    return PublicList(as_of=AS_OF, count=len(people), people=people)


# --- the validate tests: a hand-written case whose line numbers are known ------------------------

TODAY = date(2025, 1, 1)
def kremlinlist_on_path(folder: Path) -> str:
    """A PATH whose `kremlinlist` is this checkout's code (a shell script in `folder`), for a test
    that runs a workflow's shell steps as GitHub would."""
    shim = folder / "kremlinlist"
    folder.mkdir(parents=True)
    src = Path(__file__).resolve().parents[1] / "src"
    shim.write_text(f"#!/bin/sh\nPYTHONPATH={src} exec {sys.executable} -m kremlinlist \"$@\"\n")
    shim.chmod(0o755)
    return f"{folder}{os.pathsep}{os.environ['PATH']}"


SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared(*parts: str) -> Path:
    """A file or folder of ../shared/ (the corpora). Where it is absent the test is skipped, except
    under CI=true: CI's clone has shared/ beside it, so its absence there is a broken set-up."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        where = "../shared/" + "/".join(parts)
        if os.environ.get("CI") == "true":
            pytest.fail(f"{where} is missing, and under CI=true it must be there")
        pytest.skip(f"{where} is not here")
    return path

# Line numbers matter: tests replace one line and assert the reported position.
BASE = """\
id: petrenko-ivan
name:
  en: Ivan Petrenko
  uk: Іван Петренко
born: 1980
region: UA-43
publicity: public
events:
  - date: 2020-03-10
    type: detained
    place: Testville
    sources: [s1]
  - date: 2021-01-15
    type: sentenced
    term: 10y
    sources: [s1]
assessment:
  decision: listed
  since: 2020-04
  criteria:
    - id: e
      sources: [s1]
  by: [test-org]
sources:
  s1:
    title: A fictional report
    publisher: Test News
    date: 2020-03-11
    url: https://example.org/report
"""


def edit(old: str, new: str, text: str = BASE) -> str:
    """BASE with exactly one occurrence of `old` replaced."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def check_text(dataset, text: str | bytes, rel: str = "cases/petrenko-ivan.yaml",
               today: date = TODAY) -> list[Problem]:
    """Write one file into the dataset and return the problems validate reports for it."""
    dataset.write(rel, text)
    report = validate(dataset.root, use_cache=False, today=today)
    return [p for p in report.problems if p.file == rel]


def only(problems: list[Problem], code: str) -> Problem:
    """The single problem with `code` (fails listing all problems otherwise)."""
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, problems
    return found[0]


def at(problems: list[Problem], code: str, line: int, column: int,
       severity: str = "error") -> Problem:
    p = only(problems, code)
    assert (p.line, p.column, p.severity) == (line, column, severity), p
    return p


# --- advocacy: fictional actions and coalitions (track advocacy, issue 12) -----------------------

def action(action_id: str = "2021-02-open-letter", **overrides: Any) -> dict:
    """A valid open letter by the test organization for the fictional petrenko-ivan."""
    data = {
        "id": action_id,
        "type": "open-letter",
        "title": {"en": "A fictional open letter", "uk": "Вигаданий відкритий лист"},
        "date": "2021-02-01",
        "by": ["test-org", {"name": "Fictional Writers Union"}],
        "to": "A fictional minister",
        "for": ["petrenko-ivan"],
        "signatures": {"count": 12, "as_of": "2021-02-03", "goal": 100, "sources": ["s1"]},
        "summary": "A fictional letter asking for the release.",
        "sources": {"s1": {"title": "A fictional report on the letter",
                           "url": "https://example.org/letter"}},
    }
    data.update(copy.deepcopy(overrides))
    return data


def coalition(coalition_id: str = "test-coalition", **overrides: Any) -> dict:
    """A valid coalition of the test organization that governs the dataset's list."""
    data = {
        "id": coalition_id,
        "name": {"en": "Test Coalition", "uk": "Тестова коаліція"},
        "criteria": "criteria.yaml",
        "members": [{"org": "test-org", "role": "founding-member", "sources": ["s1"]}],
        "published_counts": [{"count": 40, "qualifier": "at-least", "as_of": "2023-12",
                              "sources": ["s1"]}],
        "sources": {"s1": {"title": "A fictional coalition page"}},
    }
    data.update(copy.deepcopy(overrides))
    return data


# --- sealed private data and intake (issue 13): fictional keys, datasets and form exports --------

INTAKE_COLUMNS = ("submitted", "reporter_name", "reporter_relation", "reporter_email",
                  "reporter_phone", "person_name", "person_name_uk", "born", "region",
                  "detained_on", "place", "what_happened")


def age_key(folder: Path, name: str) -> tuple[Path, str]:
    """A fictional age identity written (0600) to folder/name.txt, and its public key."""
    identity = pyrage.x25519.Identity.generate()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    path.write_text(f"# fictional test key\n{identity}\n", encoding="ascii")
    path.chmod(0o600)
    return path, str(identity.to_public())


def ssh_key(folder: Path, name: str) -> tuple[Path, str]:
    """A fictional ed25519 SSH key made by ssh-keygen (skips without it), and its public key."""
    if shutil.which("ssh-keygen") is None:
        pytest.skip("ssh-keygen is not installed")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test key", "-f",
                    str(path)], check=True, capture_output=True)
    return path, path.with_suffix(".pub").read_text(encoding="ascii").strip()


def recipients(*keys: str) -> list[dict]:
    return [{"label": f"member {i}", "key": k} for i, k in enumerate(keys, 1)]


def sealing_config(*keys: str) -> dict:
    """kremlinlist.yaml of a private repository sealing for `keys`."""
    return {"repository": "private", "timezone": "UTC", "recipients": recipients(*keys)}


def form_export(path: Path, rows: list[dict], fmt: str = "csv") -> Path:
    """A form service's export of `rows` (default columns), as CSV or JSON lines."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                        encoding="utf-8")
        return path
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]) if rows else list(INTAKE_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return path


def form_row(person: str = "Petro Vyhadanyi", **overrides: str) -> dict:
    """One fictional report as a form exports it, typed as people type."""
    row = {"submitted": "2024-05-01 10:00", "reporter_name": "Olha Vyhadana",
           "reporter_relation": "mother", "reporter_email": "olha@example.org",
           "reporter_phone": "+380 00 000 0000", "person_name": person,
           "person_name_uk": "Петро Вигаданий", "born": "1990", "region": "Херсонська",
           "detained_on": "15.03.2023", "place": "Testtown", "what_happened": "taken from home"}
    row.update(overrides)
    return row


def armored_block(path: Path, key: str = "private") -> str:
    """The armored age message of a file's sealed block `key`."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))[key]["sealed"]


def tree_text(root: Path) -> str:
    """Every file under `root` but .git, as text: where a canary must not be."""
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(root.rglob("*"))
                   if p.is_file() and ".git" not in p.relative_to(root).parts)


# --- the site (issue 14): a fictional history of several months --------------------------------
# SITE_CANARY sits in every identifying field of the anonymous and hidden people, and in private
# blocks; their ids carry it too, so no path under the site may hold it either.

SITE_CANARY = "sitecanaryq8v"
SITE_MONTHS = ("2024-01", "2024-02", "2024-03")
# In the names of two people public in January who are withheld by March (one anonymous, one
# hidden): the site built later names them nowhere, not even in January's change log.
LATER_CANARY = "latercanaryw4x"


def _site_withheld(cid: str, publicity: str) -> dict:
    return case(cid, publicity=publicity, name={"en": f"Olha {SITE_CANARY}",
                                                "uk": f"Ольга {SITE_CANARY}"},
                former_ids=[f"old-{SITE_CANARY}-{publicity}"], aliases=[f"Alias {SITE_CANARY}"],
                summary=f"summary {SITE_CANARY}", occupation=f"job {SITE_CANARY}",
                events=[{"date": "2021-06-07", "type": "detained",
                         "place": f"Town {SITE_CANARY}", "sources": ["s1"]}],
                sources={"s1": _src(f"Report {SITE_CANARY}",
                                    f"https://example.org/{SITE_CANARY}")},
                private={"notes": f"note {SITE_CANARY}"})


def site_history(repo: GitRepo, config: dict | None = None) -> GitRepo:
    """Three finished months (January to March 2024) and a commit in April: people listed,
    released, renamed (a former id), with aliases, quotes and criteria; an anonymous and a hidden
    person carrying SITE_CANARY everywhere."""
    ivan = case("petrenko-ivan", aliases=["Ivan Petrenko-Zadunaiskyi", "Iwan Petrenko"],
                summary="A fictional teacher.", private={"notes": f"private {SITE_CANARY}"},
                sources={"s1": {**_src("A fictional report"), "quote": "A fictional quote."}})
    olena = case("kovalchuk-olena", name={"en": "Olena Kovalchuk", "uk": "Олена Ковальчук"},
                 region="UA-65")
    old_moroz = case("moroz-serhiy", name={"en": "Serhiy Moroz", "uk": "Сергій Мороз"})
    later = [case(cid, name={"en": f"Andrii {LATER_CANARY}", "uk": f"Андрій {LATER_CANARY}"},
                  region="UA-14") for cid in ("savchuk-andrii", "tkachenko-iryna")]
    seed(repo, ivan, olena, old_moroz, *later,
         _site_withheld(f"anon-{SITE_CANARY}", "anonymous"),
         _site_withheld(f"hidden-{SITE_CANARY}", "hidden"),
         config=config or {"repository": "private", "timezone": "UTC"})
    moroz = case("moroz-serhii", name={"en": "Serhii Moroz", "uk": "Сергій Мороз"},
                 former_ids=["moroz-serhiy"], assessment={
                     "decision": "listed", "since": "2024-02",
                     "criteria": [{"id": "a", "sources": ["s1"]}], "by": ["test-org"]})
    repo.commit("feb", "2024-02-12T10:00:00+00:00", {
        **put(moroz, with_events(olena, {"date": "2024-02-10", "type": "released",
                                         "how": "exchange", "sources": ["s1"]})),
        "cases/moroz-serhiy.yaml": None})
    repo.commit("mar", "2024-03-15T10:00:00+00:00", put(
        case("bondar-taras", name={"en": "Taras Bondar", "uk": "Тарас Бондар"}, region="UA-23"),
        {**later[0], "publicity": "hidden"}, {**later[1], "publicity": "anonymous"}))
    repo.commit("apr", "2024-04-02T10:00:00+00:00", put(case(
        "lysenko-dmytro", name={"en": "Dmytro Lysenko", "uk": "Дмитро Лисенко"})))
    return repo


CHROMEDRIVER = "/usr/bin/chromedriver"


def chromium_missing() -> str | None:
    """Why headless Chromium cannot run here (as tests/test_browser.py checks), or None."""
    import shutil

    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    if not shutil.which("chromium"):
        return "chromium is not installed (make system-deps)"
    if not Path(CHROMEDRIVER).exists():
        return "chromedriver is not installed (make system-deps)"
    return None


def chromium(javascript: bool = True):
    """A headless Chromium driver with tests/test_browser.py's options (the caller quits it and
    removes `driver.profile_dir`); skipped where it cannot run, failed under CI=true."""
    import shutil

    why = chromium_missing()
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser test must run in CI: {why}")
        pytest.skip(why)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kremlinlist-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                "--window-size=1280,900"):
        options.add_argument(arg)
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.profile_dir = profile
    return driver


def visible_row_names(browser) -> list[str]:
    """The names of the list's rows a reader sees (`#people`), each its header's first line as
    rendered (innerText). One call: which rows are displayed is the same check `is_displayed`
    runs (the WebDriver atom); three calls a row, and one more for each row's text, took 0.4 s
    a look at a list of seven."""
    from selenium.webdriver.remote import webelement

    if webelement.isDisplayed_js is None:
        webelement._load_js()
    texts = browser.execute_script(
        f"var shown = ({webelement.isDisplayed_js});"
        "return Array.from(document.querySelectorAll('#people tbody tr'))"
        ".filter(function (row) { return shown.apply(null, [row]); })"
        ".map(function (row) { return row.querySelector('th').innerText; });")
    return [text.split("\n")[0] for text in texts]


BENCH_GENERATOR = Path(__file__).resolve().parents[1] / "bench" / "generate.py"


def generated_history(out: Path, cases: int, *, seed: int, months: int, per_month: int) -> Path:
    """A fictional dataset with git history, made by bench/generate.py (invented names,
    example.org sources) into `out`."""
    spec = importlib.util.spec_from_file_location("bench_generate_for_tests", BENCH_GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while it loads
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    module.generate(out, cases, seed=seed, months=months, per_month=per_month)
    return out
