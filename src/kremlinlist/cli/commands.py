"""The commands: each parses its arguments, makes one call into `kremlinlist.app`, has the result
made into text blocks (publish.reports, publish.views) and draws them (cli.render.draw), choosing
the exit code: 0 clean, 1 problems found, 2 usage error.

The use cases are imported inside the commands, so that `--help` and `--version` start without
pydantic, rich or jinja2.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

from kremlinlist.app.dataset import dataset_root as _root
from kremlinlist.base.i18n import LANGUAGES, N_, _, language, ngettext
from kremlinlist.cli.group import Subcommands, commands, usage
from kremlinlist.cli.options import (ChangeFormat, IdentityOption, Lang, ListFormat,
                                     OutputFormat, ProblemFormat, RootOption, SchemaKind,
                                     TableFormat, complete_case_id)
from kremlinlist.cli.render import colored, draw, echo, note, progress_bar, quiet
from kremlinlist.publish.reports import (annotated_folder, checked_summary, dupes_report,
                                         dupes_summary, explanation_report, formatting_report,
                                         formatting_summary, problems_report, to_json)
from kremlinlist.publish.views import card_view, series_view, stats_view


def release_languages(lang: Optional[str]) -> str:
    """--lang of a release: one language or several, comma-separated, each one the tool speaks."""
    if lang is None:
        return language()
    parts = [p.strip().lower() for p in lang.split(",") if p.strip()]
    if not parts or any(p not in LANGUAGES for p in parts):
        usage(_("--lang: choose one of {choices}, or several separated by commas (en,uk)").format(
            choices=", ".join(LANGUAGES)))
    return ",".join(dict.fromkeys(parts))


@commands.command()
def validate(
    paths: Optional[List[str]] = typer.Argument(
        None, help=N_("Only report on these files (still checked against the whole dataset).")),
    root: Path = RootOption,
    fmt: ProblemFormat = typer.Option(ProblemFormat.text, "--format", "-f",
                                      help=N_("text, json, or github (workflow annotations).")),
    strict: bool = typer.Option(False, "--strict", help=N_("Warnings fail too (exit 1).")),
    no_cache: bool = typer.Option(False, "--no-cache",
                                  help=N_("Check every file, ignoring and not writing the cache.")),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1,
                                       help=N_("Processes for a cold run (default: all cores).")),
    changed_since: Optional[str] = typer.Option(
        None, "--changed-since", metavar="REV",
        help=N_("Only the dataset files changed since this git revision (and untracked new ones), "
                "with the check for likely duplicates, as a pull request's CI runs it.")),
    staged: bool = typer.Option(
        False, "--staged",
        help=N_("Only the dataset files staged for the next commit (`git add`, `git rm`; files "
                "never added are left out), compared with HEAD (or --changed-since), read as "
                "they are on disk (pre-commit sets unstaged changes aside first), with the check "
                "for likely duplicates: what the pre-commit hook runs.")),
    identity: Optional[Path] = IdentityOption,
) -> None:
    """Check every case, organization and criteria.yaml.

    Given files (or --changed-since), also report on the cases they affect (every case for
    criteria.yaml or kremlinlist.yaml, the cases citing a changed or deleted organization, the
    cases dupes.yaml names), and warn when a case looks like a person already in the dataset
    (`likely-duplicate`); pairs ruled out in dupes.yaml are not reported.

    Example: kremlinlist validate --format github cases/sentsov-oleh.yaml
    """
    from kremlinlist.app.validate import validate as run

    root = _root(root)
    with progress_bar(_("checking"), fmt is ProblemFormat.text) as progress:
        report = run(root, paths or None, use_cache=not no_cache, jobs=jobs, progress=progress,
                     changed_since=changed_since, identity=identity, staged=staged)
    draw(problems_report(report.problems, fmt.value, report.to_dict(strict),
                         annotated_folder(root, os.environ.get("GITHUB_WORKSPACE"))))
    if fmt is ProblemFormat.text:
        ok = report.ok(strict)
        note(colored(checked_summary(report.checked, len(report.errors), len(report.warnings),
                                     ok), "green" if ok else "red"))
    raise typer.Exit(0 if report.ok(strict) else 1)


@commands.command()
def check(
    case_id: str = typer.Argument(..., metavar="ID", help=N_("The case's id."),
                                  autocompletion=complete_case_id),
    root: Path = RootOption,
    fmt: ProblemFormat = typer.Option(ProblemFormat.text, "--format", "-f",
                                      help=N_("text, json, or github (the problems as workflow "
                                              "annotations).")),
) -> None:
    """Explain the rules' verdict for one person, criterion by criterion.

    Example: kremlinlist check sentsov-oleh
    """
    from kremlinlist.app import check as explain

    root = _root(root)
    result = explain.explain(root, case_id)
    draw(explanation_report(result, fmt.value,
                            annotated_folder(root, os.environ.get("GITHUB_WORKSPACE"))))
    raise typer.Exit(1 if result.errors else 0)


@commands.command()
def show(
    query: str = typer.Argument(..., metavar="ID|NAME", autocompletion=complete_case_id,
                                help=N_("An id, a former id, or a name in any script or "
                                        "spelling.")),
    root: Path = RootOption,
    fmt: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help=N_("text or json.")),
) -> None:
    """Print one person's card: names, derived status, days in custody, timeline, criteria verdict
    and sources. The `private` block is never shown.

    Example: kremlinlist show "Oleg Sentsov"
    """
    from kremlinlist.app import show as card

    result, problems = card.show_card(_root(root), query)
    if result is None:
        draw(problems_report(problems, fmt.value))
        raise typer.Exit(1)
    draw([to_json(result)] if fmt is OutputFormat.json
         else card_view(result, card.card_facts(result)))
    raise typer.Exit(1 if result["errors"] else 0)


@commands.command()
def stats(
    root: Path = RootOption,
    rev: Optional[str] = typer.Option(
        None, "--rev", metavar="REV",
        help=N_("Count the dataset as committed at this git revision, as of that commit's day "
                "(with --over-time: the branch whose history to follow; default HEAD).")),
    fmt: TableFormat = typer.Option(TableFormat.text, "--format", "-f",
                                    help=N_("text, json or csv.")),
    over_time: bool = typer.Option(False, "--over-time",
                                   help=N_("The list's size and flows (added, released, died) "
                                           "month by month, from git history.")),
    tz: Optional[str] = typer.Option(None, "--tz", metavar="ZONE",
                                     help=N_("Time zone of month ends and of --rev's day (default: "
                                             "`timezone` in kremlinlist.yaml, else UTC).")),
) -> None:
    """Count people by region, status, decision, criteria, articles, sentence, years in custody and
    organization: on the current list (listed and held today) and over all cases; or, with
    --over-time, the list's size and flows at each month's end from git history.

    Example: kremlinlist stats --format csv > stats.csv
    """
    from kremlinlist.app import stats as counting

    root = _root(root)
    if over_time:
        with progress_bar(_("months"), fmt is TableFormat.text) as progress:
            rows, warnings = counting.over_time(root, rev or "HEAD", tz, progress=progress)
        if fmt is TableFormat.csv:
            echo(counting.series_csv(rows), nl=False)
        else:
            draw([to_json({"series": rows})] if fmt is TableFormat.json else series_view(rows))
        for warning in warnings:
            echo(f"kremlinlist: {warning}", err=True)
        return
    result, skipped = (counting.working_tree(root, tz=tz) if rev is None
                       else counting.at_revision(root, rev, tz))
    if skipped:
        echo("kremlinlist: " + ngettext(
            "{n} case file left out because it does not load; run kremlinlist validate",
            "{n} case files left out because they do not load; run kremlinlist validate",
            skipped).format(n=skipped), err=True)
    if fmt is TableFormat.csv:
        echo(counting.to_csv(result), nl=False)
    else:
        draw([to_json({**result, "skipped": skipped})] if fmt is TableFormat.json
             else stats_view(result, counting.DIMENSIONS))


@commands.command()
def dupes(
    root: Path = RootOption,
    fmt: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help=N_("text or json.")),
) -> None:
    """List likely duplicate persons: one person filed twice under other spellings, scripts or name
    orders, scored with birth year, region and detention date. Pairs an editor ruled to be
    different people in dupes.yaml are not listed. Exit 1 when pairs are found.

    Example: kremlinlist dupes --format json
    """
    from kremlinlist.app.dupes import find_dupes

    found = find_dupes(_root(root))
    draw(dupes_report(found, fmt.value))
    if fmt is OutputFormat.text and not quiet():
        draw([dupes_summary(found)])
    raise typer.Exit(1 if found.pairs or any(p.is_error for p in found.problems) else 0)


@commands.command("fmt")
def fmt_command(
    paths: Optional[List[str]] = typer.Argument(
        None, help=N_("Files or folders to format (default: every file in cases/, "
                      "organizations/, actions/ and coalitions/).")),
    root: Path = RootOption,
    check: bool = typer.Option(False, "--check",
                               help=N_("Write nothing; exit 1 and list the files that would "
                                       "change.")),
) -> None:
    """Rewrite files in the canonical key order and layout, keeping every comment and value.

    A file is written only when its data and comments come out unchanged; files with YAML errors
    are reported and left alone.

    Example: kremlinlist fmt --check cases/petrenko-ivan.yaml
    """
    from kremlinlist.app.fmt import format_paths

    outcomes = format_paths(_root(root), paths or None, check=check)
    draw(formatting_report(outcomes, check))
    note(formatting_summary(outcomes, check), err=True)
    changed = any(o.changed for o in outcomes)
    raise typer.Exit(1 if any(o.problems for o in outcomes) or (check and changed) else 0)


@commands.command("schema")
def schema_command(
    kind: SchemaKind = typer.Option(SchemaKind.case, "--kind", "-k",
                                    help=N_("Which file's schema: case, organization, criteria, "
                                            "config, action, coalition.")),
    install: bool = typer.Option(False, "--install",
                                 help=N_("Write the schemas to .vscode/ in the dataset and map "
                                         "them in .vscode/settings.json (other settings are "
                                         "kept).")),
    modeline: bool = typer.Option(False, "--modeline",
                                  help=N_("Print the `# yaml-language-server: $schema=...` line to "
                                          "put at the top of a file instead.")),
    root: Path = RootOption,
) -> None:
    """Print the JSON Schema of a case (or of another kind of file) for editors and validators.

    With the VS Code YAML extension, `--install` makes it check and complete cases as you type.

    Example: kremlinlist schema --install
    """
    from kremlinlist.app import schema

    if install and modeline:
        usage(_("use either --install or --modeline"))
    if modeline:
        echo(schema.modeline(kind.value))
    elif install:
        written = schema.install(_root(root))
        for rel in written.files:
            note(_("wrote {file}").format(file=rel))
        for line in written.notes:
            note(line)
    else:
        echo(schema.render_schema(kind.value), nl=False)


@commands.command()
def diff(
    old: str = typer.Argument(..., metavar="OLD",
                              help=N_("The earlier revision (branch, tag, commit).")),
    new: str = typer.Argument("HEAD", metavar="NEW", help=N_("The later revision.")),
    root: Path = RootOption,
    fmt: ChangeFormat = typer.Option(ChangeFormat.text, "--format", "-f",
                                     help=N_("text, md (a pull request's review summary) or "
                                             "json.")),
    lang: Optional[Lang] = typer.Option(None, "--lang",
                                        help=N_("Language of the names: en or uk (default: the "
                                                "language of messages).")),
) -> None:
    """Who was added, released, delisted or corrected between two revisions, and which rules
    the changed files now break. Exits 1 if a changed file has an error.

    Example: kremlinlist diff "$(git merge-base origin/main HEAD)" HEAD --format md
    """
    from kremlinlist.app.review import diff_revisions
    from kremlinlist.publish.changelog_text import render_log

    log = diff_revisions(_root(root), old, new)
    echo(render_log(log, fmt.value, lang.value if lang else language()), nl=False)
    raise typer.Exit(1 if any(p.is_error for p in log.problems) else 0)


@commands.command()
def export(
    fmt: ListFormat = typer.Option(..., "--format", "-f", help=N_("md, html, csv or json.")),
    rev: Optional[str] = typer.Option(None, "--rev",
                                      help=N_("Read the dataset at this revision from git "
                                              "(default: the files on disk).")),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="YYYY-MM-DD",
                                        help=N_("Who was on the list on this day, today or earlier "
                                                "(default: today, in the dataset's time zone).")),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="<path>",
                                         help=N_("Write to this file (default, or `-`: "
                                                 "standard output).")),
    force: bool = typer.Option(False, "--force", help=N_("Replace an existing output file.")),
    lang: Optional[Lang] = typer.Option(None, "--lang",
                                        help=N_("Language of the list: en or uk (default: the "
                                                "language of messages).")),
    root: Path = RootOption,
) -> None:
    """The list: the people listed and still held, privacy applied.

    Example: kremlinlist export --format html -o list.html
    """
    from kremlinlist.app.export import export_list

    target = None if output in (None, "-") else Path(output)  # a file named - is ./-
    sys.stdout.flush()
    with progress_bar(_("months"), target is not None) as progress:
        result = export_list(_root(root), fmt.value, output=target, rev=rev, as_of=as_of,
                             lang=lang.value if lang else language(), force=force,
                             progress=progress,
                             stream=sys.stdout.buffer if target is None else None)
    sys.stdout.buffer.flush()
    for warning in result.warnings:
        echo(f"kremlinlist: {warning}", err=True)


@commands.command()
def release(
    month: str = typer.Option(..., "--month", metavar="YYYY-MM", help=N_("The month to publish.")),
    out: Optional[Path] = typer.Option(None, "--out", "-o",
                                       help=N_("The folder to write (default: releases/YYYY-MM, "
                                               "with --preview previews/YYYY-MM).")),
    force: bool = typer.Option(False, "--force", help=N_("Replace an existing release.")),
    preview: bool = typer.Option(False, "--preview",
                                 help=N_("Write a preview, every file marked \"PREVIEW, not a "
                                         "release\", of a month that has ended or of the month "
                                         "under way (as of today); never into releases/.")),
    rev: str = typer.Option("HEAD", "--rev", help=N_("The branch whose history is published.")),
    tz: Optional[str] = typer.Option(None, "--tz",
                                     help=N_("Time zone of month ends (default: "
                                             "kremlinlist.yaml).")),
    lang: Optional[str] = typer.Option(
        None, "--lang", metavar="LANG[,LANG]",
        help=N_("Language of the list and change log: en or uk, or both (en,uk: the first under "
                "the usual names, the other beside it); default: the language of messages.")),
    root: Path = RootOption,
) -> None:
    """Write a month's release: CHANGELOG.md, changes.json and the list as md, html, csv, json.
    Only a month that has ended in the dataset's time zone is released; nothing is written if
    the dataset at the month's end does not validate.

    Example: kremlinlist release --month 2024-05
    """
    from kremlinlist.app import release as releasing
    from kremlinlist.publish.changelog_text import summary

    with progress_bar(_("months"), True) as progress:
        result = releasing.release(_root(root), month, out=out, force=force, rev=rev, tz=tz,
                                   lang=release_languages(lang), preview=preview,
                                   progress=progress)
    done = (_("wrote a preview, not a release, to {path}: {summary}") if preview
            else _("wrote {path}: {summary}"))
    echo(done.format(path=result.path, summary=summary(result.log)))
    for warning in result.warnings:
        echo(f"kremlinlist: {warning}", err=True)


cache_app = typer.Typer(
    cls=Subcommands, no_args_is_help=True,
    help=N_("The dataset's cache folder: inside the checkout's git folder, owner-only, never "
            "holding a withheld person. Example: kremlinlist cache clear"))
commands.add_typer(cache_app, name="cache")


@cache_app.command("path")
def cache_path(root: Path = RootOption) -> None:
    """Print the cache folder of the dataset (it may not exist yet).

    Example: kremlinlist cache path
    """
    from kremlinlist.app.cache import cache_folder

    echo(str(cache_folder(_root(root))))


@cache_app.command("clear")
def cache_clear(root: Path = RootOption) -> None:
    """Remove the cache folder of the dataset; refuse if it holds anything the tool does not write.

    Example: kremlinlist cache clear
    """
    from kremlinlist.app.cache import clear_cache

    removed = clear_cache(_root(root))
    for folder in removed:
        note(_("removed {folder}").format(folder=folder))
    if not removed:
        note(_("no cache to remove"))
