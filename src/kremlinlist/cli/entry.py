"""The entry point (`kremlinlist`, `python -m kremlinlist`): the last line of defence, where an
unexpected error becomes a message and an exit code instead of a traceback that could quote input.
`kremlinlist --version` alone is answered here, before typer and the commands are imported: it is
what scripts and editors run to find the tool.

pydantic's plugins are turned off for the process before any model is built: a plugin sees every
value a model validates (an observability package installed beside the tool would be sent private
blocks and withheld people's files), and looking for plugins costs every run a scan of the
installed packages."""

from __future__ import annotations

import os
import sys
import warnings

from kremlinlist import _version
from kremlinlist.base.i18n import _
from kremlinlist.cli.streams import writable


def main() -> None:
    """Entry point: a bug shows its type, never a traceback with input in it."""
    if sys.argv[1:] == ["--version"]:  # the same line typer's --version prints
        sys.stdout.write(f"kremlinlist {_version.__version__}\n")
        return
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    warnings.showwarning = _said_by_kind
    import typer

    from kremlinlist.cli.command_set import app  # after the --version answer: typer is 50 ms

    try:
        app(prog_name="kremlinlist")  # also under `python -m`: its usage lines and completion
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:  # a folder or file that cannot be written or read: the user's to fix
        where = f": {exc.filename}" if exc.filename else ""
        typer.echo(writable(f"kremlinlist: {exc.strerror or type(exc).__name__}{where}"),
                   err=True)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("KREMLINLIST_DEBUG"):
            raise
        typer.echo("kremlinlist: " + _("internal error ({kind}); please report it. Set "
                                       "KREMLINLIST_DEBUG=1 to see the traceback.").format(
            kind=type(exc).__name__), err=True)
        sys.exit(3)


def _said_by_kind(message, category, filename, lineno, file=None, line=None) -> None:
    """A library's warning said by its kind alone: pydantic's quote the value they are about,
    which may be a private block (sealed, but with whom it is sealed for)."""
    sys.stderr.write(writable("kremlinlist: " + _("internal warning ({kind}); please report it")
                              .format(kind=category.__name__)) + "\n")
