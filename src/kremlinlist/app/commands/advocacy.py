"""The commands of the advocacy actions: `actions` lists them as the redaction rule lets them be
published, `new-action` starts a file."""

from __future__ import annotations

from kremlinlist.app.commands.declaration import LANG, ROOT, TABLE_FORMAT, Declared, Param, choices
from kremlinlist.app.commands.outcome import Console, Outcome
from kremlinlist.app.dataset import dataset_root
from kremlinlist.base.i18n import N_, _, language, ngettext

ACTION_KIND = choices("ActionKind", "statement petition open-letter letter-campaign picket rally "
                                    "campaign recognition appeal other")
DATE = "YYYY[-MM[-DD]]"

declared = Declared()


@declared.command(
    Param("for_id", ("--for",), N_("Only actions for this case (id or former id)."), metavar="ID"),
    Param("kind", ("--type",), N_("Only actions of this type."), ACTION_KIND),
    Param("by", ("--by",), N_("Only actions by this organization (its id)."), metavar="ORG"),
    Param("since", ("--since",), N_("Only actions on or after this date."), metavar=DATE),
    Param("until", ("--until",), N_("Only actions on or before this date."), metavar=DATE),
    Param("fmt", ("--format", "-f"), N_("text, json or csv."), TABLE_FORMAT, "text"),
    Param("lang", ("--lang",), N_("Language of the titles: en or uk (default: the language of "
                                  "messages)."), LANG),
    ROOT)
def actions(console: Console, for_id, kind, by, since, until, fmt, lang, root) -> Outcome:
    """List the advocacy actions, newest first, as they may be published: an action for a
    person whose name is withheld never names them.

    Example: kremlinlist actions --for sentsov-oleh --since 2018
    """
    from kremlinlist.app import actions as advocacy
    from kremlinlist.publish.changelog_text import action_line
    from kremlinlist.publish.reports import printable, to_json

    views = advocacy.list_actions(dataset_root(root),
                                  advocacy.ActionFilter(for_id, kind, by, since, until))
    if fmt == "json":
        done = Outcome().show(to_json({"actions": [v.to_dict() for v in views]}))
    elif fmt == "csv":
        done = Outcome().write(advocacy.actions_csv(views))
    else:
        done = Outcome().show(*(printable(action_line(v, lang or language())) for v in views),
                              *([] if views else [_("no action matches")]))
    if views.withheld:
        done.warn(*views.withheld)
    if views.unreadable:
        done.warn(ngettext(
            "{n} action file does not load and is not listed; run kremlinlist validate",
            "{n} action files do not load and are not listed; run kremlinlist validate",
            views.unreadable).format(n=views.unreadable))
    return done


@declared.command(
    Param("action_id", ("--id",), N_("The file's id, e.g. 2018-05-open-letter."), default=...),
    Param("kind", ("--type",), N_("What kind of action it is."), ACTION_KIND, ...),
    Param("title_en", ("--title-en",), N_("Its title in English."), default=...),
    Param("title_uk", ("--title-uk",), N_("Its title in Ukrainian.")),
    Param("date", ("--date",), N_("When it happened, if a source dates it."), metavar=DATE),
    Param("by", ("--by",), N_("The id of an organization that acted (repeat for several)."),
          list, metavar="ORG"),
    Param("for_ids", ("--for",), N_("A case it is for (repeat for several)."), list,
          metavar="ID"),
    ROOT)
def new_action(console: Console, action_id, kind, title_en, title_uk, date, by, for_ids,
               root) -> Outcome:
    """Start an action file in actions/; it validates once its sources are added.

    Example: kremlinlist new-action --id 2018-05-open-letter --type open-letter --title-en "Open letter" --by ccl --by zmina --for sentsov-oleh
    """
    from kremlinlist.app.new_action import NewAction, id_warnings, write_action
    from kremlinlist.publish.reports import problems_report

    rel = write_action(dataset_root(root), NewAction(action_id, kind, title_en, date,
                                                     tuple(by or ()), tuple(for_ids or ()),
                                                     title_uk))
    # said at once: the check of its id that follows reads the dataset, and may be interrupted
    console.say(_("created {rel}: add its sources, then run `kremlinlist validate {rel}`")
                .format(rel=rel))
    return Outcome().show(*problems_report(id_warnings(dataset_root(root), rel), "text"))
