"""Everything the command line shows: problems as rich text, JSON or GitHub annotations, and the
rich tables of a card, the counts and the series. Only this package imports rich; it is imported
inside the functions, so that `validate` on a clean dataset starts without it (~40 ms)."""

from __future__ import annotations

import json
import os
import re
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

from kremlinlist.base.i18n import _, ngettext
from kremlinlist.base.problem import Problem
from kremlinlist.cli.options import OutputFormat, ProblemFormat, TableFormat

if TYPE_CHECKING:  # for the annotation only: rich is imported inside the functions
    from rich.text import Text


_QUIET = [False]  # the global --quiet, for the one command being run
_NOT_A_CHOICE = re.compile(r"^(?:Value error, )?'(.*)' is not (?:one of )?((?:'[^']*'(?:, )?)+)\.?$",
                           re.DOTALL)


def set_quiet(quiet: bool) -> None:
    """`--quiet`: from now on, no progress bar and no summary lines, only problems and results."""
    _QUIET[0] = quiet


def note(message: str, err: bool = False) -> None:
    """A line for a person that says how things went (a summary, what was written): left out
    under --quiet, where only problems and results are printed."""
    if not _QUIET[0]:
        typer.echo(message, err=err)


def human_choice_error(message: str) -> str:
    """An option's wrong choice said plainly ("`yaml` is not a choice here; choose text, json or
    github") instead of the parser's "Value error, 'yaml' is not one of 'text', ..."."""
    found = _NOT_A_CHOICE.match(message)
    if not found:
        return message.removeprefix("Value error, ")
    choices = re.findall(r"'([^']*)'", found[2])
    return _("`{value}` is not a choice here; choose {choices}").format(
        value=found[1], choices=", ".join(choices))


def printable(text: str) -> str:
    """Text for a terminal: control and invisible characters (say, in a file name from a pull
    request) shown as escapes, so they cannot move the cursor, recolour or fake a line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def to_json(payload: dict) -> str:
    """JSON that is always valid UTF-8: a file name that is not UTF-8 (held as surrogate escapes)
    is written as \\u escapes instead of as bytes no JSON reader takes."""
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(payload, ensure_ascii=True, indent=2)
    return text


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(p: Problem) -> str:
    """One `::error ...::` line; file names are escaped too, since they come from pull requests."""
    level = "error" if p.severity == "error" else "warning"
    props = [f"file={_escape_property(p.file)}"]
    if p.line:
        props += [f"line={p.line}", f"col={p.column}"]
    props.append(f"title={_escape_property('kremlinlist ' + p.code)}")
    return f"::{level} {','.join(props)}::{_escape_data(p.message)}"


def rich_console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def print_problems(problems, fmt: ProblemFormat, payload: dict | None = None) -> None:
    """Render problems as rich text, JSON (payload) or GitHub annotations."""
    if fmt is ProblemFormat.json:
        typer.echo(to_json(payload or {"problems": [p.to_dict() for p in problems]}))
        return
    if fmt is ProblemFormat.github:
        for p in problems:
            typer.echo(github_annotation(p))
        return
    if not problems:
        return
    from rich.markup import escape

    console = rich_console()
    for p in problems:
        where = printable(f"{p.file}:{p.line}:{p.column}" if p.line else p.file)
        style = "red" if p.severity == "error" else "yellow"
        console.print(f"[bold]{escape(where)}[/]: [{style}]{p.severity}[/] "
                      f"[dim]{escape(p.code)}[/] {escape(printable(p.message))}")


def colored(word: str, color: str) -> str:
    """A word in color for a person at a terminal (without rich: `validate` prints only this line
    when the dataset is clean, and rich costs 40 ms to import); NO_COLOR is honoured."""
    if not sys.stdout.isatty() or os.environ.get("NO_COLOR"):
        return word
    return typer.style(word, fg=color)


@contextmanager
def progress_bar(label: str, text_output: bool):
    """A rich progress bar on stderr, only for a person at a terminal: never in CI logs (the `CI`
    variable), never under --quiet and never around machine output; yields the callback (done,
    total) or None. Rich redraws it on its own thread, so it moves while the work runs."""
    if not (text_output and not _QUIET[0] and sys.stdout.isatty() and sys.stderr.isatty()
            and not os.environ.get("CI")):
        yield None
        return
    from rich.progress import Progress

    with Progress(console=rich_console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def text_of(value) -> Text:
    """File content as rich Text, so markup in a value is shown, never interpreted."""
    from rich.text import Text

    return Text("" if value is None else str(value))


def print_card(c: dict, facts_rows: list[tuple[str, object]]) -> None:
    """A card (app.show.card, with its app.show.card_facts) as a title, a grid of facts and
    tables of timeline, criteria and sources; values go through Text so markup in a file is
    shown, never interpreted."""
    from rich.table import Table
    from rich.text import Text

    console = rich_console()
    title = Text(c["names"].get("en") or _("(no name recorded)"), style="bold")
    title.append(f"  {c['id']}", style="dim")
    console.print(title)
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()

    for label, value in facts_rows:
        facts.add_row(label, text_of(value))
    console.print(facts)

    events = Table(title=_("Timeline"), title_justify="left", show_lines=False)
    for col in (_("date"), _("event"), _("details"), _("sources")):
        events.add_column(col)
    for e in c["timeline"]:
        details = "; ".join(f"{k}: {v}" for k, v in e["details"].items())
        events.add_row(text_of(e["date"] or _("(undated)")), text_of(e["type"]), text_of(details),
                       text_of(", ".join(e["sources"])))
    console.print(events if c["timeline"] else Text(_("Timeline: no events recorded")))

    v = c["verdict"]
    if v is None:
        console.print(Text(_("Criteria: criteria.yaml does not load; run kremlinlist validate")))
    else:
        crit = Table(title=_("Criteria: {summary}").format(summary=_(v["summary"])),
                     title_justify="left")
        for col in (_("criterion"), _("backed by"), _("text")):
            crit.add_column(col)
        for cr in v["criteria"]:
            crit.add_row(text_of(cr["id"]), text_of(", ".join(cr["sources"]) if cr["backed"]
                                                else _("NOT backed by a source")),
                          text_of(cr["text"]))
        console.print(crit)
        console.print(Text(_("signs: {signs}; exclusions: {exclusions}").format(
            signs=", ".join(v["signs"]) or _("none"),
            exclusions=", ".join(v["exclusions"]) or _("none"))))
    console.print(Text(_("Sources") if c["sources"] else _("Sources: none recorded"),
                       style="italic"))
    for sid, src in c["sources"].items():
        line = Text(f"{sid}: ", style="bold")
        line.append(", ".join(filter(None, [src["title"], src["publisher"], src["date"]])))
        console.print(line)
        if src["url"]:
            console.print(Text("  " + src["url"]), no_wrap=True, crop=False)


def print_stats(result: dict, skipped: int, fmt: TableFormat, dimensions, to_csv) -> None:
    """The counts (app.stats) as rich tables, JSON or CSV (`to_csv`), after a warning on stderr
    for the case files left out."""
    if skipped:
        typer.echo("kremlinlist: " + ngettext(
            "{n} case file left out because it does not load; run kremlinlist validate",
            "{n} case files left out because they do not load; run kremlinlist validate",
            skipped).format(n=skipped), err=True)
    if fmt is TableFormat.json:
        typer.echo(to_json({**result, "skipped": skipped}))
        return
    if fmt is TableFormat.csv:
        typer.echo(to_csv(result), nl=False)
        return
    from rich.table import Table

    console = rich_console()
    t = result["totals"]
    at = _(" (commit {commit})").format(commit=result["rev"][:10]) if result.get("rev") else ""
    console.print(_("as of {date}{at}: {on_list} on the list (listed and held), {held} held, "
                    "{listed} listed, {cases} cases in all; {hidden} more whose details are not "
                    "published").format(date=result["as_of"], at=at, on_list=t["on_list"],
                                        held=t["in_custody"], listed=t["listed"],
                                        cases=t["cases"], hidden=t["not_published"]))
    for dim in dimensions:
        table = Table(title=dim.replace("_", " "), title_justify="left")
        table.add_column(dim.replace("_", " "))
        table.add_column(_("on the list"), justify="right")
        table.add_column(_("all cases"), justify="right")
        counts = result["counts"]
        keys = list(dict.fromkeys([*counts["all"][dim], *counts["list"][dim]]))
        for key in keys:
            table.add_row(text_of(key), str(counts["list"][dim].get(key, 0)),
                          str(counts["all"][dim].get(key, 0)))
        console.print(table)
    actions = result.get("actions")
    if actions and actions["total"]:
        console.print(_("advocacy actions: {total}, and {hidden} not published").format(
            total=actions["total"], hidden=actions["not_published"]))
        for key, title in (("by_type", _("actions by type")), ("by_month", _("actions by month"))):
            table = Table(title=title, title_justify="left")
            table.add_column(_("type") if key == "by_type" else _("month"))
            table.add_column(_("actions"), justify="right")
            for name, n in actions[key].items():
                table.add_row(text_of(name), str(n))
            console.print(table)


def print_series(rows: list[dict], fmt: TableFormat, to_csv) -> None:
    """The list month by month (app.stats.over_time) as a rich table, JSON or CSV (`to_csv`)."""
    if fmt is TableFormat.json:
        typer.echo(to_json({"series": rows}))
        return
    if fmt is TableFormat.csv:
        typer.echo(to_csv(rows), nl=False)
        return
    from rich.table import Table

    table = Table(title=_("the list at each month's end"), title_justify="left")
    columns = (("month", _("month")), ("count", _("on the list")), ("added", _("added")),
               ("released", _("released")), ("died", _("died")), ("commit", _("commit")))
    for key, col in columns:
        table.add_column(col, justify="left" if key in ("month", "commit") else "right")
    for r in rows:
        table.add_row(r["month"], str(r["count"]), str(r["added"]), str(r["released"]),
                      str(r["died"]), r["commit"][:10])
    rich_console().print(table)


def print_validation(report, fmt: ProblemFormat, strict: bool) -> None:
    """A validation report (app.validate): its problems, then one summary line for a person."""
    print_problems(report.problems, fmt, report.to_dict(strict))
    if fmt is ProblemFormat.text:
        ok = report.ok(strict)
        note(colored(_("ok") if ok else _("failed"), "green" if ok else "red") + " "
             + checked_summary(report.checked, len(report.errors), len(report.warnings)))


def checked_summary(files: int, errors: int, warnings: int) -> str:
    """"checked 1 file: 0 errors, 1 warning", each count with its own plural form."""
    return _("{checked}: {errors}, {warnings}").format(
        checked=ngettext("checked {n} file", "checked {n} files", files).format(n=files),
        errors=ngettext("{n} error", "{n} errors", errors).format(n=errors),
        warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings))


def print_explanation(result, fmt: ProblemFormat) -> None:
    """The rules' verdict for one person (app.check) as JSON or as lines of text."""
    if fmt is ProblemFormat.json:
        typer.echo(to_json(result.to_dict()))
        return
    if fmt is ProblemFormat.github:  # annotations on the case's file: what a workflow shows
        print_problems(result.problems, fmt)
        return
    from rich.markup import escape

    console = rich_console()
    for line in result.lines():
        console.print(escape(line))
    print_problems(result.problems, ProblemFormat.text)


def print_dupes(found, fmt: OutputFormat) -> None:
    """Likely duplicate pairs (app.dupes) as JSON or text, with what to do about them."""
    pairs, problems = found.pairs, found.problems
    if fmt is OutputFormat.json:
        typer.echo(to_json({"pairs": [p.to_dict() for p in pairs],
                            "problems": [p.to_dict() for p in problems]}))
        return
    from rich.text import Text

    console = rich_console()
    for pair in pairs:
        line = Text(f"{pair.score:.2f}  ", style="bold")
        line.append(f"{pair.a.rel}  {pair.b.rel}")
        console.print(line)
        console.print(Text("      " + "; ".join(pair.reasons), style="dim"))
    print_problems(problems, ProblemFormat.text)
    summary = ngettext("{n} likely duplicate pair among {cases} cases",
                       "{n} likely duplicate pairs among {cases} cases",
                       len(pairs)).format(n=len(pairs), cases=found.cases)
    if pairs:
        summary += ". " + _("Same person: merge the files, keeping the other id in `former_ids`. "
                            "Different people: record the pair in dupes.yaml: `different: "
                            "[{pair: [id-a, id-b], reason: ..., by: ...}]`.")
    if not _QUIET[0]:
        console.print(Text(summary))  # Text: `[id-a, id-b]` is data, not rich markup


def print_formatting(outcomes, check: bool) -> None:
    """What `fmt` changed (or would change, with --check) and the files it left alone: the
    summary counts the files it read, and says how many it could not."""
    problems = [p for o in outcomes for p in o.problems]
    changed = [o.rel for o in outcomes if o.changed]
    for rel in changed:
        typer.echo((_("would reformat {file}") if check else _("formatted {file}")).format(
            file=rel))
    print_problems(problems, ProblemFormat.text)
    files = len(outcomes)
    left = sum(1 for o in outcomes if o.problems)
    if check:
        line = (ngettext("{changed} of {n} file would be reformatted",
                         "{changed} of {n} files would be reformatted", files)
                if changed else ngettext("{n} file already formatted",
                                         "{n} files already formatted", files - left))
    else:
        line = ngettext("formatted {changed} of {n} file", "formatted {changed} of {n} files",
                        files)
    line = line.format(changed=len(changed), n=files - left if check and not changed else files)
    if left:
        line += "; " + ngettext("{n} not formatted because of the problem above",
                                "{n} not formatted because of the problems above",
                                left).format(n=left)
    note(line, err=True)
