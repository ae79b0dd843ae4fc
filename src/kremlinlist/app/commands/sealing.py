"""`kremlinlist seal`, `unseal ID` and `edit-private ID`: private blocks sealed with age."""

from __future__ import annotations

from kremlinlist.app.commands.declaration import CASE_ID, IDENTITY, ROOT, Declared, Param
from kremlinlist.app.commands.outcome import Console, Ending, Outcome
from kremlinlist.app.dataset import dataset_root
from kremlinlist.base.i18n import N_, _, ngettext

declared = Declared()


@declared.command(
    Param("paths", help=N_("Case or intake files to seal (default: every file in cases/ and "
                           "intake/)."), kind=list),
    ROOT, IDENTITY)
def seal(console: Console, paths, root, identity) -> Outcome:
    """Seal every plain private block and intake report for the `recipients:` of
    kremlinlist.yaml; with --identity, also seal again the blocks sealed for other keys (after a
    key was added or removed). Plaintext is never written to disk; running it twice changes
    nothing.

    Example: kremlinlist seal --identity ~/.config/kremlinlist/key.txt
    """
    from kremlinlist.app import seal as sealing
    from kremlinlist.publish.reports import printable, problems_report

    def written(rel: str) -> None:  # said at once: after Ctrl-C, the list is already out
        console.say(_("sealed {file}").format(file=printable(rel)))

    try:
        report = sealing.seal_paths(dataset_root(root), paths or None, identity, written)
    except KeyboardInterrupt:
        return Outcome(ending=Ending.INTERRUPTED).stderr(_(
            "interrupted: the files listed above are sealed, the others are unchanged; run "
            "seal again to seal them"))
    done = Outcome().show(*problems_report(report.problems, "text"))
    if not report.written and not report.problems:
        done.show(_("nothing to seal"))
    return done.failed_if(any(p.is_error for p in report.problems))


@declared.command(CASE_ID, ROOT, IDENTITY)
def unseal(console: Console, case_id, root, identity) -> Outcome:
    """Print a case's sealed private block, opened, to the terminal (never to a file of ours).

    Example: kremlinlist unseal petrenko-ivan --identity key.txt
    """
    from kremlinlist.app import seal as sealing

    return Outcome().write(sealing.unseal_block(dataset_root(root), case_id, identity))


@declared.command(CASE_ID, ROOT, IDENTITY)
def edit_private(console: Console, case_id, root, identity) -> Outcome:
    """Edit a case's private block in $EDITOR: it is opened into an owner-only file in a private
    folder (in memory where the system has one), checked and sealed again when you save, and the
    file is removed whatever happens. Use a terminal editor that keeps no copies (vim, which is
    started with its swap, undo and history files off, or nano), not a graphical one.

    Example: kremlinlist edit-private petrenko-ivan --identity key.txt
    """
    from kremlinlist.app import private_edit
    from kremlinlist.publish.reports import printable

    editor = console.editor()
    try:
        done = private_edit.edit_private(dataset_root(root), case_id, editor, identity)
    except private_edit.EditInterrupted as stopped:  # said, then the interrupt's own exit code
        return Outcome(interrupt=stopped.interrupt).warn(printable(stopped.kept.message))
    said = Outcome()
    if done.stale_removed:
        said.stderr(ngettext(
            "removed {count} folder with an opened private block left by an edit-private that "
            "was killed",
            "removed {count} folders with an opened private block left by edit-private runs "
            "that were killed", done.stale_removed).format(count=done.stale_removed))
    return said.show(_("sealed the changed private block") if done.changed
                     else _("nothing changed"))
