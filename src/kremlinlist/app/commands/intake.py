"""`kremlinlist intake import|list|show|promote|reject|duplicate`: the queue of reports of
persecution (docs/intake.md)."""

from __future__ import annotations

from pathlib import Path

from kremlinlist.app.commands.declaration import (IDENTITY, ROOT, TEXT_OR_JSON, Declared, Group,
                                                  Param)
from kremlinlist.app.commands.outcome import Console, Outcome
from kremlinlist.app.dataset import dataset_root
from kremlinlist.base.i18n import N_, _, ngettext

BY = Param("by", ("--by",), N_("Who does this, for the report's history (default: your user "
                              "name)."), metavar="NAME")
REPORT_ID = Param("report_id", help=N_("The report's id (r-...)."), default=..., metavar="ID")

intake_commands = Declared()


@intake_commands.command(
    Param("export", help=N_("The form's export: CSV or JSON lines."), kind=Path, default=...,
          metavar="FILE"),
    Param("map_file", ("--map",), N_("A YAML mapping of the form's columns onto the default "
                                     "ones."), Path, metavar="FILE"),
    ROOT, BY, name="import")
def import_export(console: Console, export, map_file, root, by) -> Outcome:
    """Write one report per new row of a form's export into intake/ (sealed when kremlinlist.yaml
    lists recipients). Importing the same export again adds nothing; bad rows are reported by
    number and skipped.

    Example: kremlinlist intake import form-export.csv
    """
    from kremlinlist.app import intake
    from kremlinlist.publish.reports import problems_report

    done = intake.import_export(dataset_root(root), export, map_file,
                                by or intake.current_user())
    return Outcome().show(
        ngettext("{n} report added", "{n} reports added", len(done.added))
        .format(n=len(done.added)) + "; " +
        ngettext("{n} already imported", "{n} already imported", done.known).format(n=done.known),
        *problems_report(done.problems, "text")).failed_if(bool(done.problems))


@intake_commands.command(ROOT, IDENTITY, TEXT_OR_JSON, name="list")
def list_queue(console: Console, root, identity, fmt) -> Outcome:
    """The queue: each report's status, age, region and likely duplicates among cases and other
    reports; names only with --identity.

    Example: kremlinlist intake list --identity key.txt
    """
    from kremlinlist.app import intake
    from kremlinlist.publish.reports import problems_report, to_json
    from kremlinlist.publish.views import queue_view

    rows, problems = intake.queue(dataset_root(root), identity)
    if fmt == "json":
        done = Outcome().show(to_json({"reports": [vars(r) for r in rows],
                                       "problems": [p.to_dict() for p in problems]}))
    else:
        done = Outcome().show(*queue_view(rows), *problems_report(problems, "text"))
    return done.failed_if(bool(problems))


@intake_commands.command(REPORT_ID, ROOT, IDENTITY, TEXT_OR_JSON, name="show")
def show_report(console: Console, report_id, root, identity, fmt) -> Outcome:
    """Print a report, opened, to the terminal (never to a file of ours): its status and history,
    the person concerned, the reporter and what happened. A sealed report needs --identity.

    Example: kremlinlist intake show r-0123456789abcdef --identity key.txt
    """
    from kremlinlist.app import intake_show
    from kremlinlist.publish.reports import to_json
    from kremlinlist.publish.views import report_view

    shown = intake_show.read_report(dataset_root(root), report_id, identity)
    return Outcome().show(*([to_json(shown.to_dict())] if fmt == "json"
                            else report_view(shown.to_dict())))


@intake_commands.command(REPORT_ID, ROOT, IDENTITY, BY)
def promote(console: Console, report_id, root, identity, by) -> Outcome:
    """Create a hidden `candidate` case from a report: the report becomes its private, sealed
    source; nothing is public until a public source is cited.

    Example: kremlinlist intake promote r-0123456789abcdef --identity key.txt
    """
    from kremlinlist.app import intake

    case_id = intake.promote(dataset_root(root), report_id, by or intake.current_user(), identity)
    return Outcome().show(_("created cases/{id}.yaml").format(id=case_id))


@intake_commands.command(
    REPORT_ID,
    Param("reason", ("--reason",), N_("Why (kept in the report's history, unsealed: name no "
                                      "one)."), default=...),
    ROOT, BY)
def reject(console: Console, report_id, reason, root, by) -> Outcome:
    """Reject a report, saying why.

    Example: kremlinlist intake reject r-0123456789abcdef --reason "not political"
    """
    from kremlinlist.app import intake

    intake.set_status(dataset_root(root), report_id, "rejected", by or intake.current_user(),
                      reason=reason)
    return Outcome().show(_("rejected {id}").format(id=report_id))


@intake_commands.command(
    REPORT_ID,
    Param("case_id", help=N_("The case it duplicates."), default=..., metavar="CASE"),
    ROOT, BY)
def duplicate(console: Console, report_id, case_id, root, by) -> Outcome:
    """Mark a report as about a person who already has a case.

    Example: kremlinlist intake duplicate r-0123456789abcdef petrenko-ivan
    """
    from kremlinlist.app import intake

    intake.set_status(dataset_root(root), report_id, "duplicate", by or intake.current_user(),
                      case=case_id)
    return Outcome().show(_("{id} duplicates {case}").format(id=report_id, case=case_id))


INTAKE = Group("intake", N_("Reports of persecution as they came in: import, list, read, promote "
                            "to a candidate case, reject, mark as a duplicate. Never published."
                            "\n\nExample: kremlinlist intake list"), tuple(intake_commands.commands))
