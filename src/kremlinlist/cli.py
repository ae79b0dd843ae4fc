"""The command line: parses arguments, calls the library, renders results. No logic of its own.

rich, jinja2 and GitPython are imported inside the commands that need them, so that `validate`
starts fast. Exit codes: 0 clean, 1 problems found, 2 usage error.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(
    name="kremlinlist",
    help="Validate, review and publish the joint list of Ukrainians deprived of liberty for "
         "political reasons by Russia.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,
)

RootOption = typer.Option(Path("."), "--root", "-C", help="The dataset's folder.",
                          show_default=True)


class ProblemFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def _root(root: Path) -> Path:
    if not root.is_dir():
        _usage(f"no dataset folder at {root}")
    return root


def _usage(message: str) -> None:
    typer.echo(f"kremlinlist: {message}", err=True)
    raise typer.Exit(2)


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def print_problems(problems, fmt: ProblemFormat, payload: dict | None = None) -> None:
    """Render problems as rich text, JSON (payload) or GitHub annotations."""
    from kremlinlist import report

    if fmt is ProblemFormat.json:
        typer.echo(report.to_json(payload or {"problems": [p.to_dict() for p in problems]}))
        return
    if fmt is ProblemFormat.github:
        for p in problems:
            typer.echo(report.github_annotation(p))
        return
    from rich.markup import escape

    console = _console()
    for p in problems:
        where = f"{p.file}:{p.line}:{p.column}" if p.line else p.file
        style = "red" if p.severity == "error" else "yellow"
        console.print(f"[bold]{escape(where)}[/]: [{style}]{p.severity}[/] "
                      f"[dim]{escape(p.code)}[/] {escape(p.message)}")


@app.command()
def validate(
    paths: Optional[List[str]] = typer.Argument(
        None, help="Only report on these files (still checked against the whole dataset)."),
    root: Path = RootOption,
    fmt: ProblemFormat = typer.Option(ProblemFormat.text, "--format", "-f",
                                      help="text, json, or github (workflow annotations)."),
    strict: bool = typer.Option(False, "--strict", help="Warnings fail too (exit 1)."),
    no_cache: bool = typer.Option(False, "--no-cache",
                                  help="Check every file, ignoring and not writing the cache."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1,
                                       help="Processes for a cold run (default: all cores)."),
) -> None:
    """Check every case, organization and criteria.yaml.

    Example: kremlinlist validate --format github cases/sentsov-oleh.yaml
    """
    from kremlinlist.validate import validate as run

    report = run(_root(root), paths or None, use_cache=not no_cache, jobs=jobs)
    print_problems(report.problems, fmt, report.to_dict(strict))
    if fmt is ProblemFormat.text:
        e, w = len(report.errors), len(report.warnings)
        summary = f"checked {report.checked} files: {e} error{'s' * (e != 1)}, " \
                  f"{w} warning{'s' * (w != 1)}"
        _console().print(("[green]ok[/] " if report.ok(strict) else "[red]failed[/] ") + summary)
    raise typer.Exit(0 if report.ok(strict) else 1)


@app.command()
def check(
    case_id: str = typer.Argument(..., metavar="ID", help="The case's id."),
    root: Path = RootOption,
    fmt: ProblemFormat = typer.Option(ProblemFormat.text, "--format", "-f",
                                      help="text or json."),
) -> None:
    """Explain the rules' verdict for one person, criterion by criterion.

    Example: kremlinlist check sentsov-oleh
    """
    from kremlinlist import explain

    try:
        result = explain.explain(_root(root), case_id)
    except explain.NotFound as exc:
        _usage(str(exc))
        return
    if fmt is ProblemFormat.json:
        from kremlinlist import report

        typer.echo(report.to_json(result.to_dict()))
    else:
        from rich.markup import escape

        console = _console()
        for line in result.lines():
            console.print(escape(line))
        print_problems(result.problems, ProblemFormat.text)
    raise typer.Exit(1 if any(p.is_error for p in result.problems) else 0)


class ChangeFormat(str, Enum):
    text = "text"
    md = "md"
    json = "json"


class ListFormat(str, Enum):
    md = "md"
    html = "html"
    csv = "csv"
    json = "json"


class Lang(str, Enum):
    en = "en"
    uk = "uk"


def _history_failed(exc) -> None:
    typer.echo(f"kremlinlist: {exc.problem.message}", err=True)
    raise typer.Exit(2)


@app.command()
def diff(
    old: str = typer.Argument(..., metavar="OLD", help="The earlier revision (branch, tag, commit)."),
    new: str = typer.Argument("HEAD", metavar="NEW", help="The later revision."),
    root: Path = RootOption,
    fmt: ChangeFormat = typer.Option(ChangeFormat.text, "--format", "-f",
                                     help="text, md (a pull request's review summary) or json."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the names: en or uk."),
) -> None:
    """Who was added, released, delisted or corrected between two revisions, and which rules
    the changed files now break. Exits 1 if a changed file has an error.

    Example: kremlinlist diff origin/main HEAD --format md
    """
    from kremlinlist import changes
    from kremlinlist.history import HistoryError

    try:
        log = changes.diff_revisions(_root(root), old, new)
    except HistoryError as exc:
        _history_failed(exc)
        return
    typer.echo(changes.render(log, fmt.value, lang.value), nl=False)
    raise typer.Exit(1 if any(p.is_error for p in log.problems) else 0)


@app.command()
def export(
    fmt: ListFormat = typer.Option(..., "--format", "-f", help="md, html, csv or json."),
    rev: Optional[str] = typer.Option(None, "--rev",
                                      help="Read the dataset at this revision from git "
                                           "(default: the files on disk)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="YYYY-MM-DD",
                                        help="Who was on the list on this day (default: today)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Write to this file (default: standard output)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing output file."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the list: en or uk."),
    root: Path = RootOption,
) -> None:
    """The list: the people listed and still held, privacy applied.

    Example: kremlinlist export --format html -o list.html
    """
    from datetime import date

    from kremlinlist import export as exporting
    from kremlinlist import history
    from kremlinlist.cache import write_atomic

    root = _root(root)
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        _usage("--as-of takes a date as YYYY-MM-DD")
        return
    if output is not None and output.exists() and not force:
        _usage(f"{output} exists; pass --force to replace it")
    if output is not None and not output.parent.is_dir():
        _usage(f"no folder {output.parent} to write {output.name} into")
    if rev is not None:
        try:
            hist = history.History(root)
            snap = hist.snapshot(hist.resolve(rev))
        except history.HistoryError as exc:
            _history_failed(exc)
            return
        cases = list(history.cases_of(snap))
        problems = [p for ps in snap.problems.values() for p in ps]
    else:
        cases, problems = history.working_tree_cases(root)
    errors = [p for p in problems if p.is_error]
    if errors:
        print_problems(errors, ProblemFormat.text)
        typer.echo("kremlinlist: some case files do not load, so the list would be incomplete; "
                   "fix them first", err=True)
        raise typer.Exit(1)
    templates = root / "templates"
    try:
        text = exporting.render(exporting.build_list(cases, day), fmt.value, lang=lang.value,
                                template_dirs=[templates] if templates.is_dir() else None)
    except exporting.ExportError as exc:
        typer.echo(f"kremlinlist: {exc}", err=True)
        raise typer.Exit(1) from None
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text.encode())


@app.command()
def release(
    month: str = typer.Option(..., "--month", metavar="YYYY-MM", help="The month to publish."),
    out: Optional[Path] = typer.Option(None, "--out",
                                       help="The folder to write (default: releases/YYYY-MM)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing release."),
    rev: str = typer.Option("HEAD", "--rev", help="The branch whose history is published."),
    tz: Optional[str] = typer.Option(None, "--tz",
                                     help="Time zone of month ends (default: kremlinlist.yaml)."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the list: en or uk."),
    root: Path = RootOption,
) -> None:
    """Write a month's release: CHANGELOG.md, changes.json and the list as md, html, csv, json.
    Nothing is written if the dataset at the month's end does not validate.

    Example: kremlinlist release --month 2024-05
    """
    from kremlinlist import release as releasing
    from kremlinlist.export import ExportError
    from kremlinlist.history import HistoryError

    try:
        result = releasing.release(_root(root), month, out=out, force=force, rev=rev, tz=tz,
                                   lang=lang.value)
    except HistoryError as exc:
        _history_failed(exc)
        return
    except ExportError as exc:
        typer.echo(f"kremlinlist: {exc}; nothing was written", err=True)
        raise typer.Exit(1) from None
    except releasing.ReleaseError as exc:
        if exc.usage:
            _usage(exc.problems[0].message + f": {exc.problems[0].file}")
        print_problems(exc.problems, ProblemFormat.text)
        typer.echo(f"kremlinlist: the dataset at the end of {month} does not validate; nothing "
                   "was written", err=True)
        raise typer.Exit(1)
    log = result.log
    typer.echo(f"wrote {result.path}: {log.before} → {log.after} people on the list, "
               f"{len(log.entries['added']) + log.hidden['added']} newly listed, "
               f"{len(log.entries['released']) + log.hidden['released']} released")


def main() -> None:
    """Entry point: a bug shows its type, never a traceback with input in it."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("KREMLINLIST_DEBUG"):
            raise
        typer.echo(f"kremlinlist: internal error ({type(exc).__name__}); please report it. "
                   "Set KREMLINLIST_DEBUG=1 to see the traceback.", err=True)
        sys.exit(3)
