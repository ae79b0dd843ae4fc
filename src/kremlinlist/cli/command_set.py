"""Every command, declared: each cli module declares its own on `cli.group.commands` when
imported (one line a module, in the order `--help` lists them)."""

from kremlinlist.cli import commands  # noqa: F401  (the core commands and `cache`)
from kremlinlist.cli import new  # noqa: F401  (`new`)
from kremlinlist.cli import advocacy  # noqa: F401  (`actions`, `new-action`)
from kremlinlist.cli import sealing  # noqa: F401  (`seal`, `unseal`, `edit-private`)
from kremlinlist.cli import site  # noqa: F401  (`site`)
from kremlinlist.cli import intake  # noqa: F401  (the `intake` group)
from kremlinlist.cli.group import app

__all__ = ["app"]
