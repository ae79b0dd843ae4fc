"""The forms of a region and a date `new` reads, as its help names them: one text for the help
(app/commands/new_case.py), the interview's questions and `new`'s refusals of a region and a
date, so that none of them names fewer forms than the others. Light, since the help is built
from it before any work."""

from __future__ import annotations

import re
from typing import Callable

from kremlinlist.base.i18n import N_, _

REGION_HELP = N_('The home region: its code ("UA-65", "UA 65"), its name in English or Ukrainian '
                 '("Kherson", "Херсонська область", "Kherson Oblast, Ukraine") or as it is '
                 'spoken of ("Херсонщина", "Запоріжжя"). "Kyiv" is the city, "Kyiv Oblast" or '
                 '"Київщина" the oblast.')
DETAINED_HELP = N_('Detention date: "2022", "2022-03", "2022-03-12", or as written in Ukraine '
                   '("12.03.2022", "03.2022", "березень 2022", "12 березня 2022"). Not '
                   '"05/03/2022": the day or the month may come first.')


def examples(help_text: str, reads: Callable[[str], bool]) -> str:
    """The forms `help_text` quotes, in the language of messages, that `reads` (the one a help
    names to refuse left out), quoted as the help quotes them."""
    return ", ".join(f'"{form}"' for form in re.findall(r'"([^"]+)"', _(help_text))
                     if reads(form))
