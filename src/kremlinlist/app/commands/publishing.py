"""The commands that count, compare and publish: stats, diff, export, release and site."""

from __future__ import annotations

from pathlib import Path

from kremlinlist.app.commands.declaration import LANG, ROOT, TABLE_FORMAT, Declared, Param, choices
from kremlinlist.app.commands.outcome import Console, Outcome
from kremlinlist.app.dataset import dataset_root
from kremlinlist.base.i18n import N_, _, language, ngettext

BRANCH = Param("rev", ("--rev",), N_("The branch whose history is published."), str, "HEAD")
MONTH_ENDS = Param("tz", ("--tz",), N_("Time zone of month ends (default: kremlinlist.yaml)."))
FORCE = Param("force", ("--force",), N_("Replace an existing release."), bool, False)

declared = Declared()


@declared.command(
    ROOT,
    Param("rev", ("--rev",),
          N_("Count the dataset as committed at this git revision, as of that commit's day "
             "(with --over-time: the branch whose history to follow; default HEAD)."),
          metavar="REV"),
    Param("fmt", ("--format", "-f"), N_("text, json or csv."), TABLE_FORMAT, "text"),
    Param("over_time", ("--over-time",),
          N_("The list's size and flows (added, released, died) month by month, from git "
             "history."), bool, False),
    MONTH_ENDS.but(metavar="ZONE", help=N_("Time zone of month ends and of --rev's day "
                                           "(default: `timezone` in kremlinlist.yaml, else "
                                           "UTC).")))
def stats(console: Console, root, rev, fmt, over_time, tz) -> Outcome:
    """Count people by region, status, decision, criteria, articles, sentence, years in custody and
    organization: on the current list (listed and held today) and over all cases; or, with
    --over-time, the list's size and flows at each month's end from git history.

    Example: kremlinlist stats --format csv > stats.csv
    """
    from kremlinlist.app import stats as counting
    from kremlinlist.publish.reports import to_json
    from kremlinlist.publish.views import series_view, stats_view

    root = dataset_root(root)
    if over_time:
        with console.progress(_("months"), fmt == "text") as progress:
            rows, warnings = counting.over_time(root, rev or "HEAD", tz, progress=progress)
        done = (Outcome().write(counting.series_csv(rows)) if fmt == "csv" else Outcome().show(
            *([to_json({"series": rows})] if fmt == "json" else series_view(rows))))
        return done.warn(*warnings)
    result, skipped = (counting.working_tree(root, tz=tz) if rev is None
                       else counting.at_revision(root, rev, tz))
    done = Outcome()
    if skipped:
        done.warn(ngettext(
            "{n} case file left out because it does not load; run kremlinlist validate",
            "{n} case files left out because they do not load; run kremlinlist validate",
            skipped).format(n=skipped))
    if fmt == "csv":
        return done.write(counting.to_csv(result))
    return done.show(*([to_json({**result, "skipped": skipped})] if fmt == "json"
                       else stats_view(result, counting.DIMENSIONS)))


@declared.command(
    Param("old", help=N_("The earlier revision (branch, tag, commit)."), default=...,
          metavar="OLD"),
    Param("new", help=N_("The later revision."), default="HEAD", metavar="NEW"),
    ROOT,
    Param("fmt", ("--format", "-f"),
          N_("text, md (a pull request's review summary) or json."),
          choices("ChangeFormat", "text md json"), "text"),
    Param("lang", ("--lang",), N_("Language of the names: en or uk (default: the language of "
                                  "messages)."), LANG))
def diff(console: Console, old, new, root, fmt, lang) -> Outcome:
    """Who was added, released, delisted or corrected between two revisions, and which rules
    the changed files now break. Exits 1 if a changed file has an error.

    Example: kremlinlist diff "$(git merge-base origin/main HEAD)" HEAD --format md
    """
    from kremlinlist.app.review import diff_revisions
    from kremlinlist.publish.changelog_text import render_log

    log = diff_revisions(dataset_root(root), old, new)
    return Outcome().write(render_log(log, fmt, lang or language())).failed_if(
        any(p.is_error for p in log.problems))


@declared.command(
    Param("fmt", ("--format", "-f"), N_("md, html, csv or json."),
          choices("ListFormat", "md html csv json"), ...),
    Param("rev", ("--rev",), N_("Read the dataset at this revision from git (default: the files "
                                "on disk).")),
    Param("as_of", ("--as-of",), N_("Who was on the list on this day, today or earlier (default: "
                                    "today, in the dataset's time zone)."),
          metavar="YYYY-MM-DD"),
    Param("output", ("--output", "-o"), N_("Write to this file (default, or `-`: standard "
                                           "output)."), metavar="<path>"),
    FORCE.but(help=N_("Replace an existing output file.")),
    Param("lang", ("--lang",), N_("Language of the list: en or uk (default: the language of "
                                  "messages)."), LANG),
    ROOT)
def export(console: Console, fmt, rev, as_of, output, force, lang, root) -> Outcome:
    """The list: the people listed and still held, privacy applied.

    Example: kremlinlist export --format html -o list.html
    """
    from kremlinlist.app.export import export_list

    target = None if output in (None, "-") else Path(output)  # a file named - is ./-
    with console.progress(_("months"), target is not None) as progress:
        result = export_list(dataset_root(root), fmt, output=target, rev=rev, as_of=as_of,
                             lang=lang or language(), force=force, progress=progress,
                             stream=console.stdout if target is None else None)
    return Outcome().warn(*result.warnings)


@declared.command(
    Param("month", ("--month",), N_("The month to publish."), default=..., metavar="YYYY-MM"),
    Param("out", ("--out", "-o"), N_("The folder to write (default: releases/YYYY-MM, with "
                                     "--preview previews/YYYY-MM)."), Path),
    FORCE,
    Param("preview", ("--preview",),
          N_("Write a preview, every file marked \"PREVIEW, not a release\", of a month that "
             "has ended or of the month under way (as of today); never into releases/."),
          bool, False),
    BRANCH, MONTH_ENDS,
    Param("lang", ("--lang",),
          N_("Language of the list and change log: en or uk, or both (en,uk: the first under "
             "the usual names, the other beside it); default: the language of messages."),
          metavar="LANG[,LANG]"),
    ROOT)
def release(console: Console, month, out, force, preview, rev, tz, lang, root) -> Outcome:
    """Write a month's release: CHANGELOG.md, changes.json and the list as md, html, csv, json.
    Only a month that has ended in the dataset's time zone is released; nothing is written if
    the dataset at the month's end does not validate.

    Example: kremlinlist release --month 2024-05
    """
    from kremlinlist.app import release as releasing
    from kremlinlist.publish.changelog_text import summary

    with console.progress(_("months"), True) as progress:
        result = releasing.release(dataset_root(root), month, out=out, force=force, rev=rev,
                                   tz=tz, lang=lang or language(), preview=preview,
                                   progress=progress)
    done = (_("wrote a preview, not a release, to {path}: {summary}") if preview
            else _("wrote {path}: {summary}"))
    return Outcome().show(done.format(path=result.path, summary=summary(result.log))).warn(
        *result.warnings)


@declared.command(
    Param("out", ("--out", "-o"), N_("The folder to write the site into."), Path, ...),
    Param("until", ("--until",), N_("The last month to publish (default: the last month that "
                                    "has ended)."), metavar="YYYY-MM"),
    FORCE.but(help=N_("Replace a site this command wrote.")),
    BRANCH, MONTH_ENDS, ROOT)
def site(console: Console, out, until, force, rev, tz, root) -> Outcome:
    """Build the public site in English and Ukrainian: the list, a page per public person, each
    month's changes with an Atom feed, about, and open data. Only finished months are published,
    as by `release`; nothing is written if the dataset at the last month's end does not validate.

    Example: kremlinlist site -o public
    """
    from kremlinlist.app.site import build_site

    result = build_site(dataset_root(root), out, until=until, force=force, rev=rev, tz=tz)
    pages = ngettext("{n} person page", "{n} person pages", result.people).format(n=result.people)
    return Outcome().show(_(
        "wrote {path}: the list as of {month}, {pages} per language, {months} months of "
        "changes, {files} files").format(path=result.path, month=result.month, pages=pages,
                                         months=len(result.months), files=result.files)).warn(
        *result.warnings)
