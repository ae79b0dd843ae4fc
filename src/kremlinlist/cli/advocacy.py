"""`kremlinlist actions` and `kremlinlist new-action`: the advocacy actions of the dataset, listed
and filtered as the redaction rule lets them be published, and a new action file scaffolded."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from kremlinlist.app.dataset import dataset_root as _root
from kremlinlist.base.i18n import N_, _, language, ngettext
from kremlinlist.cli.group import commands
from kremlinlist.cli.options import ActionKind, Lang, RootOption, TableFormat
from kremlinlist.cli.render import draw, echo
from kremlinlist.publish.reports import printable, problems_report, to_json


@commands.command("actions")
def actions_command(
    for_id: Optional[str] = typer.Option(None, "--for", metavar="ID",
                                         help=N_("Only actions for this case (id or former id).")),
    kind: Optional[ActionKind] = typer.Option(None, "--type",
                                              help=N_("Only actions of this type.")),
    by: Optional[str] = typer.Option(None, "--by", metavar="ORG",
                                     help=N_("Only actions by this organization (its id).")),
    since: Optional[str] = typer.Option(None, "--since", metavar="YYYY[-MM[-DD]]",
                                        help=N_("Only actions on or after this date.")),
    until: Optional[str] = typer.Option(None, "--until", metavar="YYYY[-MM[-DD]]",
                                        help=N_("Only actions on or before this date.")),
    fmt: TableFormat = typer.Option(TableFormat.text, "--format", "-f",
                                    help=N_("text, json or csv.")),
    lang: Optional[Lang] = typer.Option(None, "--lang",
                                        help=N_("Language of the titles: en or uk (default: the "
                                                "language of messages).")),
    root: Path = RootOption,
) -> None:
    """List the advocacy actions, newest first, as they may be published: an action for a
    person whose name is withheld never names them.

    Example: kremlinlist actions --for sentsov-oleh --since 2018
    """
    from kremlinlist.app import actions as advocacy
    from kremlinlist.publish.changelog_text import action_line

    views = advocacy.list_actions(_root(root), advocacy.ActionFilter(
        for_id, kind.value if kind else None, by, since, until))
    if fmt is TableFormat.json:
        echo(to_json({"actions": [v.to_dict() for v in views]}))
    elif fmt is TableFormat.csv:
        echo(advocacy.actions_csv(views), nl=False)
    else:
        for v in views:
            echo(printable(action_line(v, lang.value if lang else language())))
        if not views:
            echo(_("no action matches"))
    if views.unreadable:
        echo("kremlinlist: " + ngettext(
            "{n} action file does not load and is not listed; run kremlinlist validate",
            "{n} action files do not load and are not listed; run kremlinlist validate",
            views.unreadable).format(n=views.unreadable), err=True)


@commands.command("new-action")
def new_action_command(
    action_id: str = typer.Option(..., "--id", help=N_("The file's id, e.g. 2018-05-open-letter.")),
    kind: ActionKind = typer.Option(..., "--type", help=N_("What kind of action it is.")),
    title_en: str = typer.Option(..., "--title-en", help=N_("Its title in English.")),
    title_uk: Optional[str] = typer.Option(None, "--title-uk", help=N_("Its title in Ukrainian.")),
    date: Optional[str] = typer.Option(None, "--date", metavar="YYYY[-MM[-DD]]",
                                       help=N_("When it happened, if a source dates it.")),
    by: Optional[List[str]] = typer.Option(None, "--by", metavar="ORG",
                                           help=N_("The id of an organization that acted "
                                                   "(repeat for several).")),
    for_ids: Optional[List[str]] = typer.Option(None, "--for", metavar="ID",
                                                help=N_("A case it is for (repeat for several).")),
    root: Path = RootOption,
) -> None:
    """Start an action file in actions/; it validates once its sources are added.

    Example: kremlinlist new-action --id 2018-05-open-letter --type open-letter --title-en "Open letter" --by ccl --by zmina --for sentsov-oleh
    """
    from kremlinlist.app.new_action import NewAction, id_warnings, write_action

    rel = write_action(_root(root), NewAction(action_id, kind.value, title_en, date,
                                              tuple(by or ()), tuple(for_ids or ()), title_uk))
    echo(_("created {rel}: add its sources, then run `kremlinlist validate {rel}`")
         .format(rel=rel))
    draw(problems_report(id_warnings(_root(root), rel), "text"))
