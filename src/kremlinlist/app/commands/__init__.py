"""Every command of the command line, declared as data (app.commands.declaration): its
parameters, its help and the use case it runs, which returns an Outcome to print. The command
line (cli.commands) builds its parser from `DECLARED`, in this order, which `--help` lists."""

from kremlinlist.app.commands import (advocacy, cache, checking, intake, new_case, publishing,
                                      sealing)

_BY_NAME = {c.name: c for c in (*checking.declared.commands, *publishing.declared.commands,
                                *new_case.declared.commands, *advocacy.declared.commands,
                                *sealing.declared.commands)}
_ORDER = ("validate check show stats dupes fmt schema diff export release new actions new-action "
          "seal unseal edit-private site").split()

DECLARED = (*(_BY_NAME[name] for name in _ORDER), cache.CACHE, intake.INTAKE)

__all__ = ["DECLARED"]
