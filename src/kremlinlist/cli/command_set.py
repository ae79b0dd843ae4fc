"""Every command, declared: each cli module declares its own on `cli.group.commands` when
imported, and `--help` lists them (commands, then groups) in the order of MODULES, whichever was
imported first (a test or a script may import one module alone before this one)."""

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
_ORDER = {module.__name__: i for i, module in enumerate(MODULES)}


def _place(callbacks) -> int:
    """Where a command (or a group, by its commands) comes in MODULES; one declared elsewhere
    comes last."""
    return min((_ORDER.get(c.__module__, len(MODULES)) for c in callbacks), default=len(MODULES))


declared.registered_commands.sort(key=lambda info: _place([info.callback]))
declared.registered_groups.sort(key=lambda info: _place(
    [c.callback for c in info.typer_instance.registered_commands]))

__all__ = ["app"]
