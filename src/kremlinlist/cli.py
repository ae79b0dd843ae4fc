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
        where = report.printable(f"{p.file}:{p.line}:{p.column}" if p.line else p.file)
        style = "red" if p.severity == "error" else "yellow"
        console.print(f"[bold]{escape(where)}[/]: [{style}]{p.severity}[/] "
                      f"[dim]{escape(p.code)}[/] {escape(report.printable(p.message))}")


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


@app.command("fmt")
def fmt_command(
    paths: Optional[List[str]] = typer.Argument(
        None, help="Files or folders to format (default: every file in cases/ and organizations/)."),
    root: Path = RootOption,
    check: bool = typer.Option(False, "--check",
                               help="Write nothing; exit 1 and list the files that would change."),
) -> None:
    """Rewrite files in the canonical key order and layout, keeping every comment and value.

    A file is written only when its data and comments come out unchanged; files with YAML errors
    are reported and left alone.

    Example: kremlinlist fmt --check cases/petrenko-ivan.yaml
    """
    from kremlinlist import fmt as formatter

    outcomes = formatter.run(_root(root), paths or None, check=check)
    problems = [p for o in outcomes for p in o.problems]
    changed = [o.rel for o in outcomes if o.changed]
    for rel in changed:
        typer.echo(f"{'would reformat' if check else 'formatted'} {rel}")
    print_problems(problems, ProblemFormat.text)
    files = sum(1 for o in outcomes if not o.problems)
    if check:
        typer.echo(f"{len(changed)} of {files} files would be reformatted" if changed
                   else f"{files} files already formatted", err=True)
    else:
        typer.echo(f"formatted {len(changed)} of {files} files", err=True)
    raise typer.Exit(1 if problems or (check and changed) else 0)


class SchemaKind(str, Enum):
    case = "case"
    organization = "organization"
    criteria = "criteria"
    config = "config"


@app.command("schema")
def schema_command(
    kind: SchemaKind = typer.Option(SchemaKind.case, "--kind", "-k",
                                    help="Which file's schema: case, organization, criteria, "
                                         "config."),
    install: bool = typer.Option(False, "--install",
                                 help="Write the schemas to .vscode/ in the dataset and map them "
                                      "in .vscode/settings.json (other settings are kept)."),
    modeline: bool = typer.Option(False, "--modeline",
                                  help="Print the `# yaml-language-server: $schema=...` line to "
                                       "put at the top of a file instead."),
    root: Path = RootOption,
) -> None:
    """Print the JSON Schema of a case (or of another kind of file) for editors and validators.

    With the VS Code YAML extension, `--install` makes it check and complete cases as you type.

    Example: kremlinlist schema --install
    """
    from kremlinlist import schema

    if install and modeline:
        _usage("use either --install or --modeline")
    if modeline:
        typer.echo(schema.modeline(kind.value))
    elif install:
        try:
            written = schema.install(_root(root))
        except schema.SettingsError as exc:
            _usage(str(exc))
            return
        for rel in written:
            typer.echo(f"wrote {rel}")
    else:
        typer.echo(schema.render(kind.value), nl=False)


@app.command("new")
def new_command(
    name_en: Optional[str] = typer.Option(None, "--name-en",
                                          help='The name in English, given name first: '
                                               '"Ivan Petrenko".'),
    name_uk: Optional[str] = typer.Option(None, "--name-uk",
                                          help='The name in Ukrainian: "Іван Петренко".'),
    region: Optional[str] = typer.Option(None, "--region",
                                         help="ISO 3166-2 code of the home region, e.g. UA-43."),
    detained: Optional[str] = typer.Option(None, "--detained",
                                           help="Detention date: YYYY, YYYY-MM or YYYY-MM-DD."),
    by: Optional[str] = typer.Option(None, "--by", help="Id of the organization filing it."),
    case_id: Optional[str] = typer.Option(None, "--id",
                                          help="Use this id instead of the derived one, e.g. "
                                               "petrenko-ivan-2 for a namesake."),
    root: Path = RootOption,
) -> None:
    """Start a case file for a new person, as a candidate that validates.

    Asks for what is missing when run in a terminal; scripts pass every answer as an option.
    Refuses an id that is, or was, used by another case.

    Example: kremlinlist new --name-en "Ivan Petrenko" --name-uk "Іван Петренко" --region UA-43 --detained 2020-03 --by ccl
    """
    from kremlinlist import new as scaffold

    root = _root(root)
    if scaffold.interactive():
        name_en = name_en or typer.prompt("Name in English, given name first", default="",
                                          show_default=False) or None
        name_uk = name_uk or typer.prompt("Name in Ukrainian", default="",
                                          show_default=False) or None
        region = region or typer.prompt("Home region (ISO 3166-2, e.g. UA-43; empty if no "
                                        "source makes it certain)", default="",
                                        show_default=False) or None
        detained = detained or typer.prompt("Detention date (YYYY, YYYY-MM or YYYY-MM-DD; empty "
                                            "if no source dates it)", default="",
                                            show_default=False) or None
        by = by or typer.prompt("Organization filing it (id in organizations/)")
    answers = scaffold.Answers(name_en, name_uk, region, detained, by or "", case_id)
    try:
        planned = scaffold.plan(root, answers)
    except scaffold.InputError as exc:
        _usage(str(exc))
        return
    except scaffold.IdTaken as exc:
        typer.echo(f"kremlinlist: {exc}", err=True)
        raise typer.Exit(1)
    for warning in planned.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if planned.warnings and scaffold.interactive() and not typer.confirm("Create it anyway?"):
        raise typer.Exit(1)
    try:
        scaffold.write(root, planned)
    except scaffold.IdTaken as exc:
        typer.echo(f"kremlinlist: {exc}", err=True)
        raise typer.Exit(1)
    typer.echo(f"created {planned.rel}: fill in the sources, then run "
               f"`kremlinlist validate {planned.rel}`")


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
