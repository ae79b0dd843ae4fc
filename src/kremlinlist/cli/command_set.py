"""Every command, declared: each cli module declares its own on `cli.group.commands` when
imported, and `--help` lists them in the order of MODULES, whichever was imported first (a test
or a script may import one module alone before this one)."""

from kremlinlist.cli import advocacy, commands, intake, new, sealing, site
from kremlinlist.cli.group import app, commands as declared

MODULES = (
    commands,  # the core commands and `cache`
    new,  # `new`
    advocacy,  # `actions`, `new-action`
    sealing,  # `seal`, `unseal`, `edit-private`
    site,  # `site`
    intake,  # the `intake` group
)
_ORDER = [module.__name__ for module in MODULES]
declared.registered_commands.sort(key=lambda info: _ORDER.index(info.callback.__module__))

__all__ = ["app"]
