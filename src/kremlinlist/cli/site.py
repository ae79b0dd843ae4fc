"""`kremlinlist site`: parse, one call into app.site, one line of what was written."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from kremlinlist.app.dataset import dataset_root as _root
from kremlinlist.base.i18n import N_, _, ngettext
from kremlinlist.cli.group import commands
from kremlinlist.cli.options import RootOption
from kremlinlist.cli.render import echo


@commands.command()
def site(
    out: Path = typer.Option(..., "--out", "-o", help=N_("The folder to write the site into.")),
    until: Optional[str] = typer.Option(None, "--until", metavar="YYYY-MM",
                                        help=N_("The last month to publish (default: the last "
                                             "month that has ended).")),
    force: bool = typer.Option(False, "--force", help=N_("Replace a site this command wrote.")),
    rev: str = typer.Option("HEAD", "--rev", help=N_("The branch whose history is published.")),
    tz: Optional[str] = typer.Option(None, "--tz",
                                     help=N_("Time zone of month ends (default: "
                                             "kremlinlist.yaml).")),
    root: Path = RootOption,
) -> None:
    """Build the public site in English and Ukrainian: the list, a page per public person, each
    month's changes with an Atom feed, about, and open data. Only finished months are published,
    as by `release`; nothing is written if the dataset at the last month's end does not validate.

    Example: kremlinlist site -o public
    """
    from kremlinlist.app.site import build_site

    result = build_site(_root(root), out, until=until, force=force, rev=rev, tz=tz)
    pages = ngettext("{n} person page", "{n} person pages", result.people).format(n=result.people)
    echo(_("wrote {path}: the list as of {month}, {pages} per language, {months} months "
           "of changes, {files} files").format(path=result.path, month=result.month,
                                               pages=pages, months=len(result.months),
                                               files=result.files))
    for warning in result.warnings:
        echo(f"kremlinlist: {warning}", err=True)
