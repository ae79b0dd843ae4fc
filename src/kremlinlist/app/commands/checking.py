"""The commands that check and read the dataset: validate, check, show, dupes, fmt and schema.

Each makes one call into its use case and has the result made into text blocks
(publish.reports, publish.views); both are imported inside, so that `--help` starts
without pydantic."""

from __future__ import annotations

import os
from pathlib import Path

from kremlinlist.app.commands.declaration import (CASE_ID, IDENTITY, ROOT, TEXT_OR_JSON, Declared,
                                                  Param, choices)
from kremlinlist.app.commands.outcome import Console, Ending, Outcome
from kremlinlist.app.dataset import dataset_root
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import N_, _

PROBLEM_FORMAT = choices("ProblemFormat", "text json github")
SCHEMA_KIND = choices("SchemaKind", "case organization criteria config action coalition")

declared = Declared()


def _folder(root: Path):
    """Where GitHub's annotations are said from (they name files from the workspace)."""
    from kremlinlist.publish.reports import annotated_folder

    return annotated_folder(root, os.environ.get("GITHUB_WORKSPACE"))


@declared.command(
    Param("paths", help=N_("Only report on these files (still checked against the whole "
                           "dataset)."), kind=list),
    ROOT,
    Param("fmt", ("--format", "-f"), N_("text, json, or github (workflow annotations)."),
          PROBLEM_FORMAT, "text"),
    Param("strict", ("--strict",), N_("Warnings fail too (exit 1)."), bool, False),
    Param("no_cache", ("--no-cache",),
          N_("Check every file, ignoring and not writing the cache."), bool, False),
    Param("jobs", ("--jobs", "-j"), N_("Processes for a cold run (default: all cores)."), int,
          minimum=1),
    Param("changed_since", ("--changed-since",),
          N_("Only the dataset files changed since this git revision (and untracked new ones), "
             "with the check for likely duplicates, as a pull request's CI runs it."),
          metavar="REV"),
    Param("staged", ("--staged",),
          N_("Only the dataset files staged for the next commit (`git add`, `git rm`; files "
             "never added are left out), compared with HEAD (or --changed-since), read as "
             "they are on disk (pre-commit sets unstaged changes aside first), with the check "
             "for likely duplicates: what the pre-commit hook runs."), bool, False),
    IDENTITY)
def validate(console: Console, paths, root, fmt, strict, no_cache, jobs, changed_since, staged,
             identity) -> Outcome:
    """Check every case, organization and criteria.yaml.

    Given files (or --changed-since), also report on the cases they affect (every case for
    criteria.yaml or kremlinlist.yaml, the cases citing a changed or deleted organization, the
    cases dupes.yaml names), and warn when a case looks like a person already in the dataset
    (`likely-duplicate`); pairs ruled out in dupes.yaml are not reported.

    Example: kremlinlist validate --format github cases/sentsov-oleh.yaml
    """
    from kremlinlist.app.validate import validate as run
    from kremlinlist.publish.reports import checked_summary, problems_report

    root = dataset_root(root)
    with console.progress(_("checking"), fmt == "text") as progress:
        report = run(root, paths or None, use_cache=not no_cache, jobs=jobs, progress=progress,
                     changed_since=changed_since, identity=identity, staged=staged)
    ok = report.ok(strict)
    done = Outcome().show(*problems_report(report.problems, fmt, report.to_dict(strict),
                                           _folder(root)))
    if fmt == "text":
        done.note(checked_summary(report.checked, len(report.errors), len(report.warnings), ok),
                  good=ok)
    return done.failed_if(not ok)


@declared.command(
    CASE_ID, ROOT,
    Param("fmt", ("--format", "-f"),
          N_("text, json, or github (the problems as workflow annotations)."), PROBLEM_FORMAT,
          "text"))
def check(console: Console, case_id, root, fmt) -> Outcome:
    """Explain the rules' verdict for one person, criterion by criterion.

    Example: kremlinlist check sentsov-oleh
    """
    from kremlinlist.app import check as explaining
    from kremlinlist.publish.reports import explanation_report

    root = dataset_root(root)
    result = explaining.explain(root, case_id)
    return Outcome().show(*explanation_report(result, fmt, _folder(root))).failed_if(
        bool(result.errors))


@declared.command(
    CASE_ID.but(name="query", metavar="ID|NAME",
                help=N_("An id, a former id, or a name in any script or spelling.")),
    ROOT, TEXT_OR_JSON)
def show(console: Console, query, root, fmt) -> Outcome:
    """Print one person's card: names, derived status, days in custody, timeline, criteria verdict
    and sources. The `private` block is never shown.

    Example: kremlinlist show "Oleg Sentsov"
    """
    from kremlinlist.app import show as card
    from kremlinlist.publish.reports import problems_report, to_json
    from kremlinlist.publish.views import card_view

    result, problems = card.show_card(dataset_root(root), query)
    if result is None:
        return Outcome(ending=Ending.PROBLEMS).show(*problems_report(problems, fmt))
    return Outcome().show(*([to_json(result)] if fmt == "json"
                            else card_view(result, card.card_facts(result)))).failed_if(
        bool(result["errors"]))


@declared.command(ROOT, TEXT_OR_JSON)
def dupes(console: Console, root, fmt) -> Outcome:
    """List likely duplicate persons: one person filed twice under other spellings, scripts or name
    orders, scored with birth year, region and detention date. Pairs an editor ruled to be
    different people in dupes.yaml are not listed. Exit 1 when pairs are found.

    Example: kremlinlist dupes --format json
    """
    from kremlinlist.app.dupes import find_dupes
    from kremlinlist.publish.reports import dupes_report, dupes_summary

    found = find_dupes(dataset_root(root))
    done = Outcome().show(*dupes_report(found, fmt))
    if fmt == "text":
        done.note(dupes_summary(found))
    return done.failed_if(bool(found.pairs) or any(p.is_error for p in found.problems))


@declared.command(
    Param("paths", help=N_("Files or folders to format (default: every file in cases/, "
                           "organizations/, actions/ and coalitions/)."), kind=list),
    ROOT,
    Param("check", ("--check",),
          N_("Write nothing; exit 1 and list the files that would change."), bool, False),
    name="fmt")
def fmt_files(console: Console, paths, root, check) -> Outcome:
    """Rewrite files in the canonical key order and layout, keeping every comment and value.

    A file is written only when its data and comments come out unchanged; files with YAML errors
    are reported and left alone.

    Example: kremlinlist fmt --check cases/petrenko-ivan.yaml
    """
    from kremlinlist.app.fmt import format_paths
    from kremlinlist.publish.reports import formatting_report, formatting_summary

    outcomes = format_paths(dataset_root(root), paths or None, check=check)
    done = Outcome().show(*formatting_report(outcomes, check))
    done.note(formatting_summary(outcomes, check), err=True)
    return done.failed_if(any(o.problems for o in outcomes)
                          or (check and any(o.changed for o in outcomes)))


@declared.command(
    Param("kind", ("--kind", "-k"), N_("Which file's schema: case, organization, criteria, "
                                       "config, action, coalition."), SCHEMA_KIND, "case"),
    Param("install", ("--install",),
          N_("Write the schemas to .vscode/ in the dataset and map them in "
             ".vscode/settings.json (other settings are kept)."), bool, False),
    Param("modeline", ("--modeline",),
          N_("Print the `# yaml-language-server: $schema=...` line to put at the top of a file "
             "instead."), bool, False),
    ROOT)
def schema(console: Console, kind, install, modeline, root) -> Outcome:
    """Print the JSON Schema of a case (or of another kind of file) for editors and validators.

    With the VS Code YAML extension, `--install` makes it check and complete cases as you type.

    Example: kremlinlist schema --install
    """
    from kremlinlist.app import schema as schemas

    if install and modeline:
        raise KremlinlistError("conflicting-options", _("use either --install or --modeline"),
                               usage=True)
    if modeline:
        return Outcome().show(schemas.modeline(kind))
    if not install:
        return Outcome().write(schemas.render_schema(kind))
    written = schemas.install(dataset_root(root))
    return Outcome().note(*(_("wrote {file}").format(file=rel) for rel in written.files),
                          *written.notes)
