"""Transcripts of the command line: every command prints what it printed.

Each case below runs one invocation in-process through typer's CliRunner and compares its exit
code, standard output and standard error with `tests/golden/cli/<name>.txt` (sections `exit: N`,
`--- stdout`, `--- stderr`, then `--- files` naming the files it wrote, if any). The dataset is
fictional: a private repository with four monthly commits (January to April 2024, fixed author
and committer dates) holding public, anonymous and hidden people and one organization, plus a
plain folder with a broken file and a likely duplicate. The module-scoped repository is never
written to (each test checks `git status`), so the tests pass in any order or alone.

Normalised, because it changes from run to run or from day to day, not with the code:
  * the pytest temporary folders (module and test) -> `<TMP>`;
  * commit shas of the repository, whole or abbreviated to 7+ characters -> `<SHA>` (stable for
    fixed dates, but they hash the bytes the fixture writes, which are not the CLI's business);
  * today's date (UTC, the dataset's time zone) -> `<TODAY>`, the current month -> `<MONTH>`,
    the month before it (the latest a release may publish) -> `<PREVIOUS_MONTH>`;
  * in `show` of a person held today, days in custody counted up to today -> `<DAYS>`/`<YEARS>`;
  * in `stats --over-time`, which runs to the last month that has ended, the rows of the months
    after the history's last (2024-04) and before `<PREVIOUS_MONTH>` (one more each month) -> left
    out;
  * the installed version in `--version` -> `<VERSION>` (a version bump is not a change);
  * trailing spaces on each line (rich pads table cells; editors strip them from golden files).
`stats` without --rev counts as of today: its held people were detained before 2016, so every
bucket (years in custody: `>10y`) stays put as the years go by. Exports take a past --as-of.
COLUMNS=100, TERM=dumb and NO_COLOR=1 keep wrapping and colour stable (click caps help at 80).

Regenerate after an intended change, then review `git diff tests/golden/cli`:
    KREMLINLIST_UPDATE_GOLDEN=1 pytest tests/test_cli_transcripts.py
(it also deletes golden files no transcript uses). No transcript and no file a command writes may
hold a canary of the anonymous or hidden people (names, aliases, places, sources) or of a
`private` block.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from factory import CRITERIA, ORG, Dataset, GitRepo, case, dump
from kremlinlist.cli import app

GOLDEN = Path(__file__).resolve().parent / "golden" / "cli"
UPDATE = os.environ.get("KREMLINLIST_UPDATE_GOLDEN") == "1"
ENV = {"COLUMNS": "100", "LINES": "50", "TERM": "dumb", "NO_COLOR": "1", "KREMLINLIST_LANG": "en"}
CANARIES = ("Canary", "Withheldovych", "Secretovych", "Канарей", "Прихован", "PRIVCANARY")
try:
    RUNNER = CliRunner(mix_stderr=False)  # click < 8.2 mixes stderr into stdout by default
except TypeError:
    RUNNER = CliRunner()  # click >= 8.2 always keeps stderr apart


def _withheld(cid: str, publicity: str, given: str, uk: str) -> dict:
    src = {"title": f"Report on {given} Withheldovych", "publisher": "Canary Post",
           "date": "2024-02-01", "url": "https://example.org/canary"}
    return case(cid, publicity=publicity, name={"en": f"{given} Withheldovych", "uk": uk},
                aliases=[f"{given} Secretovych"], born="1979",
                events=[{"date": "2015-05-20", "type": "detained", "place": "Canarytown",
                         "sources": ["s1"]}],
                assessment={"decision": "listed", "since": "2015-07",
                            "criteria": [{"id": "e", "sources": ["s1"]}], "by": ["test-org"]},
                sources={"s1": src}, private={"notes": "PRIVCANARY notes"})


def _people(month: int) -> dict[str, dict]:
    """The cases as committed at the end of `month` of 2024."""
    petrenko = case("petrenko-ivan", events=[
        {"date": "2014-05-10", "type": "detained", "place": "Testville", "sources": ["s1"]},
        {"date": "2015-06-01", "type": "sentenced", "sources": ["s1"],
         "term": "15y" if month < 3 else "14y"}],  # corrected in March
        private={"notes": "PRIVCANARY call"})
    koval_events = [{"date": "2015-03-02", "type": "detained", "sources": ["s1"]}]
    if month >= 3:
        koval_events.append({"date": "2024-03-05", "type": "released", "how": "exchange",
                             "sources": ["s1"]})
    koval = case("koval-maria", name={"en": "Maria Koval", "uk": "Марія Коваль"}, born="1985",
                 region="UA-65", events=koval_events)
    people = {"petrenko-ivan": petrenko, "koval-maria": koval}
    if month >= 2:
        people["anon-2024-001"] = _withheld("anon-2024-001", "anonymous", "Canaryname",
                                            "Канарейко Прихованович")
        people["hidden-2024-001"] = _withheld("hidden-2024-001", "hidden", "Canaryhidden",
                                              "Канарейка Прихованівна")
        people["bondar-petro"] = case(
            "bondar-petro", name={"en": "Petro Bondar", "uk": "Петро Бондар"}, born="1990",
            events=[{"date": "2015-11-11", "type": "detained", "sources": ["s1"]}],
            assessment={"decision": "candidate" if month < 4 else "listed", "since": "2024-04",
                        "criteria": [{"id": "e", "sources": ["s1"]}], "by": ["test-org"]})
    return {f"cases/{cid}.yaml": dump(data) for cid, data in people.items()}


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("transcripts")
    repo = GitRepo(base / "repo")
    config = dump({"repository": "private", "timezone": "UTC"})
    repo.commit("seed", "2024-01-10T10:00:00+00:00", {
        "kremlinlist.yaml": config, "criteria.yaml": dump(CRITERIA),
        "organizations/test-org.yaml": dump(ORG), **_people(1)})
    for month, day in ((2, 14), (3, 20), (4, 18)):
        repo.commit(f"month {month}", f"2024-{month:02d}-{day}T10:00:00+00:00", _people(month))
    broken = Dataset(base / "broken")
    broken.add()
    broken.add(case("petrenko-ivan-2", name={"en": "Ivan Petrenko", "uk": "Іван Петренко"}))
    broken.write("cases/zz-broken.yaml", "id: zz-broken\nname: {en: [unclosed\n")
    (base / "empty").mkdir()
    return {"base": base, "repo": repo.root, "broken": broken.root,
            "shas": repo.git("rev-list", "--all").split()}


def _help_cases() -> list[tuple[str, list[str]]]:
    """`--help` of the app, of every command and of every command of every sub-app."""
    out = [("help", ["--help"])]
    for name, cmd in sorted(get_command(app).commands.items()):
        out.append((f"help_{name}", [name, "--help"]))
        for sub in sorted(getattr(cmd, "commands", {})):
            out.append((f"help_{name}_{sub}", [name, sub, "--help"]))
    return out


AS_OF = ["--as-of", "2024-03-31"]
CASES: list[tuple[str, list[str]]] = [
    *_help_cases(),
    ("version", ["--version"]),
    ("validate", ["validate"]),
    ("validate_json", ["validate", "-f", "json"]),
    ("validate_broken", ["validate", "--root", "{broken}"]),
    ("validate_broken_json", ["validate", "--root", "{broken}", "-f", "json"]),
    ("validate_broken_github", ["validate", "--root", "{broken}", "-f", "github"]),
    ("check", ["check", "petrenko-ivan"]),
    ("check_json", ["check", "bondar-petro", "-f", "json"]),
    ("show", ["show", "petrenko-ivan"]),
    ("show_by_name_json", ["show", "Maria Koval", "-f", "json"]),
    ("stats", ["stats"]),
    ("stats_rev_csv", ["stats", "--rev", "HEAD~1", "-f", "csv"]),
    ("stats_over_time", ["stats", "--over-time"]),
    ("dupes", ["dupes"]),
    ("dupes_broken_json", ["dupes", "--root", "{broken}", "-f", "json"]),
    ("fmt_check", ["fmt", "--check"]),
    ("schema_organization", ["schema", "--kind", "organization"]),
    ("diff", ["diff", "HEAD~2", "HEAD"]),
    ("diff_md", ["diff", "HEAD~2", "HEAD", "-f", "md"]),
    ("diff_json", ["diff", "HEAD~3", "HEAD~1", "-f", "json", "--lang", "uk"]),
    ("export_md", ["export", "-f", "md", *AS_OF]),
    ("export_csv", ["export", "-f", "csv", "--rev", "HEAD~1", *AS_OF]),
    ("export_json_uk", ["export", "-f", "json", "--lang", "uk", "--as-of", "2024-04-30"]),
    ("export_html_file", ["export", "-f", "html", *AS_OF, "-o", "{tmp}/list.html"]),
    ("release", ["release", "--month", "2024-03", "-o", "{tmp}/rel"]),
    ("release_again", ["release", "--month", "2024-03", "-o", "{tmp}/rel"]),
    ("release_future", ["release", "--month", "2099-01", "-o", "{tmp}/rel"]),
    ("error_not_a_dataset", ["validate", "--root", "{base}/empty"]),
    ("error_unknown_revision", ["diff", "no-such-rev"]),
    ("error_check_unknown", ["check", "nobody-here"]),
    ("error_show_unknown", ["show", "nobody-here"]),
    ("error_month_before_history", ["release", "--month", "2023-06", "-o", "{tmp}/rel"]),
]


def _invoke(args: list[str]):
    return RUNNER.invoke(app, args, catch_exceptions=False)


def normalise(text: str, world: dict, tmp_path: Path, name: str) -> str:
    for folder in sorted({tmp_path, tmp_path.resolve(), world["base"], world["base"].resolve()},
                         key=lambda p: -len(str(p))):
        text = text.replace(str(folder), "<TMP>")
    for sha in world["shas"]:
        text = re.sub(sha[:7] + "[0-9a-f]{0,33}", "<SHA>", text)
    now = datetime.now(timezone.utc).date()
    previous = f"{now.year - (now.month == 1):04d}-{(now.month - 2) % 12 + 1:02d}"
    text = text.replace(now.isoformat(), "<TODAY>").replace(now.strftime("%Y-%m"), "<MONTH>")
    text = text.replace(previous, "<PREVIOUS_MONTH>")
    if name == "show":  # a person held today: the count grows by one every day
        text = re.sub(r"at least \d+ \(\d+\.\d years\)", "at least <DAYS> (<YEARS> years)",
                      text)
    if name == "stats_over_time":
        text = re.sub(r"│ (?!2024-0[1-4] )\d{4}-\d\d │[^\n]*\n", "", text)
    if name == "version":
        text = re.sub(r"kremlinlist \S+", "kremlinlist <VERSION>", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


@pytest.fixture(autouse=True)
def _stable_terminal(monkeypatch):
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.mark.parametrize("name,args", CASES, ids=[c[0] for c in CASES])
def test_transcript(name, args, world, tmp_path, monkeypatch):
    monkeypatch.chdir(world["repo"])
    paths = {"base": world["base"], "broken": world["broken"], "tmp": tmp_path}
    args = [a.format(**paths) for a in args]
    if name == "release_again":  # the first run writes the folder; the second is the transcript
        assert _invoke(args).exit_code == 0
    result = _invoke(args)
    written = {p: p.read_text(encoding="utf-8") for p in sorted(tmp_path.rglob("*"))
               if p.is_file() and "kremlinlist-cache" not in p.parts}
    files = "".join(f"{p.relative_to(tmp_path).as_posix()}\n" for p in written)
    got = normalise(f"exit: {result.exit_code}\n--- stdout\n{result.stdout}--- stderr\n"
                    f"{result.stderr}" + (f"--- files\n{files}" if files else ""),
                    world, tmp_path, name)
    for canary in CANARIES:
        assert canary not in got, f"{name} prints the withheld canary {canary!r}"
        for path, text in written.items():
            assert canary not in text, f"{name} writes the withheld canary {canary!r} to {path}"
    golden = GOLDEN / f"{name}.txt"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert golden.exists(), f"no {golden.name}; run with KREMLINLIST_UPDATE_GOLDEN=1 to write it"
    expected = golden.read_text(encoding="utf-8")
    if got != expected:
        pytest.fail(f"{name} prints something else now:\n" + "".join(difflib.unified_diff(
            expected.splitlines(True), got.splitlines(True), golden.name, "now")))
    status = subprocess.run(["git", "status", "--porcelain"], cwd=world["repo"], check=True,
                            capture_output=True, text=True).stdout
    assert status == "", f"{name} changed the shared repository: {status}"


def test_every_golden_file_belongs_to_a_transcript():
    names = {c[0] for c in CASES}
    assert len(names) == len(CASES)
    stale = sorted(p.stem for p in GOLDEN.glob("*.txt") if p.stem not in names)
    if UPDATE:
        for stem in stale:
            (GOLDEN / f"{stem}.txt").unlink()
    assert not stale or UPDATE, f"golden files without a transcript: {stale}"
