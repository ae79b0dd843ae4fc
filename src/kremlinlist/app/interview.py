"""`kremlinlist new`'s questions: at a terminal each answer is checked as it is given (app.new's
checks) and asked again with the reason and examples, so one mistake never costs the answers
already given; scripts pass every answer as an option and get a usage error instead. The
terminal is passed in (`Terminal`), so the questions are asked here without a user interface."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from kremlinlist.app import new as scaffold
from kremlinlist.app import new_forms
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import N_, _, language
from kremlinlist.model.regions import region_name, ukrainian_spelling

ASK_NAME_EN = N_("Name in English, in Latin letters, given name first (e.g. Ivan Petrenko; empty "
                 "to transliterate the Ukrainian name)")
ASK_NAME_UK = N_("Name in Ukrainian, given name first (e.g. Іван Петренко)")
# The examples are the forms `new --help` names (app.new_forms), in the language of messages.
ASK_REGION = N_("Home region: name or ISO code (e.g. {examples}; empty if no source makes it "
                "certain)")
ASK_DETAINED = N_("Detention date (e.g. {examples}; empty if no source dates it)")
ASK_BY = N_("Organization filing it: its id or name (e.g. {example})")


# A yes or a no in either language, whichever the messages are in: a researcher answers in the
# language of the question, and may have the other keyboard layout on.
YES, NO = ("y", "yes", "т", "так"), ("n", "no", "н", "ні")


@dataclass(frozen=True)
class Terminal:
    """How the person is reached: `prompt(question)` returns what they typed (empty for just
    Enter), `say` and `warn` write a line to standard output or error. `asking` is False in
    scripts and CI: then nothing is asked and a bad answer is refused."""

    asking: bool
    prompt: Callable[[str], str]
    say: Callable[[str], None]
    warn: Callable[[str], None]


def new_case(root: Path, answers: scaffold.Answers, term: Terminal) -> Optional[str]:
    """The new case's file, written once its answers pass (asked for at a terminal); None when
    the person declined to create it after its warnings."""
    typed_region = answers.region  # as given: planning makes it the region's code
    if term.asking:
        answers = _ask_answers(root, answers, term)
    planned = _plan(root, answers, term)
    if not term.asking and typed_region:  # on stderr: a script's stdout is the result
        _russian_spelling(term.warn, typed_region.strip())
    for warning in planned.warnings:
        term.warn(_("warning: {message}").format(message=warning))
    if planned.warnings and term.asking and not _confirm(term, _("Create it anyway?"), False):
        return None
    scaffold.write_case(root, planned)
    return planned.rel


def _ask(term: Terminal, question: str, check: Callable[[str], object],
         given: Optional[str] = None, required: bool = False):
    """An answer that passes `check`: `given` (an option's value) first, then the person's,
    asked again with the reason until it passes. An empty answer is None unless `required`."""
    answer = given
    while True:
        if answer is None:
            answer = term.prompt(question)
        if not answer.strip() and not required:
            return None
        try:
            return check(answer)
        except KremlinlistError as exc:
            term.warn("  " + _("Not taken: {reason}").format(reason=exc.message))
            for line in exc.details:
                term.warn(f"    {line}")
            answer = None


def _confirm(term: Terminal, question: str, default: bool) -> bool:
    """Yes or no, in English or Ukrainian (y, yes, т, так; n, no, н, ні), the choices shown in
    the language of messages; Enter takes `default`."""
    choices = _("[Y/n]") if default else _("[y/N]")
    while True:
        answer = term.prompt(f"{question} {choices}").strip().casefold()
        if not answer:
            return default
        if answer in YES or answer in NO:
            return answer in YES
        term.warn("  " + _("Answer yes or no (y or n)."))


def _ask_date(term: Terminal, check_date, given: Optional[str]) -> Optional[str]:
    """A date, confirmed when it was written otherwise than it will be stored (15.03.2023)."""
    while True:
        typed: list[str] = []
        question = _(ASK_DETAINED).format(examples=new_forms.examples(new_forms.DETAINED_HELP,
                                                                     scaffold.reads_date))
        value = _ask(term, question, lambda v: typed.append(v.strip()) or check_date(v), given)
        if value is None or typed[-1] == value:
            return value
        term.say("  " + _("read as {date}").format(date=value))
        if _confirm(term, _("Is that the date?"), True):
            return value
        given = None


def _ask_region(term: Terminal, given: Optional[str]) -> Optional[str]:
    """The region's code, said with its name, and with the Ukrainian spelling to prefer when it
    was written as spelt from Russian (Kiev)."""
    typed: list[str] = []
    question = _(ASK_REGION).format(examples=new_forms.examples(new_forms.REGION_HELP,
                                                                scaffold.reads_region))
    code = _ask(term, question, lambda v: typed.append(v.strip()) or scaffold.check_region(v),
                given)
    if code:
        term.say("  " + _("region {code} ({name})").format(
            code=code, name=region_name(code, language()) or code))
        _russian_spelling(lambda line: term.say("  " + line), typed[-1])
    return code


def _russian_spelling(say: Callable[[str], None], typed: str) -> None:
    """The Ukrainian spelling to prefer, when the region was written as spelt from Russian."""
    spelling = ukrainian_spelling(typed)
    if spelling:
        say(_("{typed} is spelt as in Russian; the Ukrainian spelling is {spelling}").format(
            typed=typed, spelling=spelling))


def _ask_answers(root: Path, a: scaffold.Answers, term: Terminal) -> scaffold.Answers:
    """Every answer, each checked as it is given."""
    a.name_en = _ask(term, _(ASK_NAME_EN), scaffold.check_name_en, a.name_en)
    a.name_uk = _ask(term, _(ASK_NAME_UK), scaffold.check_name, a.name_uk, required=not a.name_en)
    a.region = _ask_region(term, a.region)
    a.detained = _ask_date(term, lambda v: scaffold.check_detained(root, v), a.detained)
    orgs = list(scaffold.organizations(root))
    if not orgs:  # nothing to choose from: plan() says to add an organization first
        return a
    a.by = _ask(term, _(ASK_BY).format(example=", ".join(orgs[:3])),
                lambda v: scaffold.check_org(root, v), a.by, required=True)
    term.say("  " + _("organization {id}").format(id=a.by))
    a.case_id = _ask_id(root, a, term)
    return a


def _ask_id(root: Path, a: scaffold.Answers, term: Terminal) -> str:
    """The id: the one given (--id), else the one made from the name or, when a case uses or
    used that one, the first free one after it (-2, -3, ...), for the person to accept or
    change; an id that cannot be used is asked again with the reason."""
    persons = scaffold.profiles(root)

    def usable(value: str) -> str:
        return scaffold.check_free_id(root, value, persons)

    if a.case_id is not None:
        return _ask(term, _("Id (e.g. petrenko-ivan-2)"), usable, a.case_id, required=True)
    try:
        derived = scaffold.derive_id(a.name_en, a.name_uk)
    except KremlinlistError:  # no letters to make it from
        return _ask(term, _("Id (e.g. petrenko-ivan)"), usable, required=True)
    suggested, reason = scaffold.free_id(root, derived, persons)
    if reason:
        term.warn("  " + _("{reason}, so the next free id is proposed").format(reason=reason))
    term.say(_("The id (surname first, as the file's name): {id}").format(id=suggested))
    if _confirm(term, _("Use this id?"), True):
        return suggested
    return _ask(term, _("Id (e.g. {id}-2)").format(id=derived), usable, required=True)


def _plan(root: Path, a: scaffold.Answers, term: Terminal) -> scaffold.Plan:
    """The planned file; at a terminal, an id already taken is asked again, not fatal."""
    while True:
        try:
            return scaffold.plan(root, a, asking=term.asking)
        except KremlinlistError as exc:
            if not term.asking or exc.code != "id-taken":
                raise
            term.warn("  " + _("Not taken: {reason}").format(reason=exc.message))
            persons = scaffold.profiles(root)
            a.case_id = _ask(term, _("Another id"),
                             lambda v: scaffold.check_free_id(root, v, persons), required=True)
