"""`kremlinlist new`: a case file for a new person, its answers asked for at a terminal."""

from __future__ import annotations

from kremlinlist.app import new_forms
from kremlinlist.app.commands.declaration import ROOT, Declared, Param
from kremlinlist.app.commands.outcome import Console, Ending, Outcome
from kremlinlist.app.dataset import dataset_root
from kremlinlist.base.i18n import N_, _

declared = Declared()


@declared.command(
    Param("name_en", ("--name-en",), N_('The name in English, in Latin letters, given name '
                                        'first: "Ivan Petrenko".')),
    Param("name_uk", ("--name-uk",), N_('The name in Ukrainian, given name first: "Іван '
                                        'Петренко" (the id is made from it).')),
    Param("region", ("--region",), new_forms.REGION_HELP),
    Param("detained", ("--detained",), new_forms.DETAINED_HELP),
    Param("by", ("--by",), N_("The organization filing it: its id or name."),
          complete="organizations"),
    Param("case_id", ("--id",), N_("Use this id instead of the derived one, e.g. "
                                   "petrenko-ivan-2 for a namesake.")),
    ROOT)
def new(console: Console, name_en, name_uk, region, detained, by, case_id, root) -> Outcome:
    """Start a case file for a new person, as a candidate with a placeholder source to replace.

    In a terminal, asks for what is missing and asks again, with the reason, for an answer it
    cannot use; scripts pass every answer as an option. Refuses an id that is, or was, used by
    another case.

    Example: kremlinlist new --name-en "Ivan Petrenko" --name-uk "Іван Петренко" --region UA-43 --detained 2020-03 --by ccl
    """
    from kremlinlist.app import interview, new as filing

    asking = console.interactive
    term = interview.Terminal(asking, console.ask, console.say,
                              lambda line: console.say(line, err=True))
    rel = interview.new_case(dataset_root(root), filing.Answers(
        name_en, name_uk, region, detained, by if asking else by or "", case_id), term)
    if rel is None:
        return Outcome(ending=Ending.PROBLEMS)
    return Outcome().show(_("created {file}: fill in the sources, then run `kremlinlist validate "
                            "{file}`").format(file=rel))
