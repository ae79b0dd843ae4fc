"""The command line: the only package that imports typer or rich, prints, or exits.

`app` (the typer application with every command registered, cli.command_set) and `main` (the
entry point, cli.entry) are looked up on first use, so that `kremlinlist --version` answers before
typer is imported.
"""

import importlib

_EXPORTS = {"app": "kremlinlist.cli.command_set", "main": "kremlinlist.cli.entry"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kremlinlist.cli' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
