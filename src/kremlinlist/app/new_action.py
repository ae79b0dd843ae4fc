"""`kremlinlist new-action`: a new action file scaffolded from the options, each answer checked
on its own so that a refusal names the option to fix (`--for`, `--by`...), in the words `new`
uses for the same kind of answer."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kremlinlist.app.new import check_date
from kremlinlist.app.validate import validate
from kremlinlist.base.atomic import write_new
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Problem
from kremlinlist.checks.advocacy import is_unnamed
from kremlinlist.files import loader, yamlfmt, yamlsafe
from kremlinlist.files.layout import ACTIONS_DIR
from kremlinlist.model.action import ACTION_TYPES, Action
from kremlinlist.model.ids import MAX_ID_LENGTH, is_id


@dataclass(frozen=True)
class NewAction:
    id: str
    type: str
    title_en: str
    date: str | None = None
    by: tuple[str, ...] = ()
    for_ids: tuple[str, ...] = ()
    title_uk: str | None = None


def _refused(message: str) -> KremlinlistError:
    return KremlinlistError("bad-answer", message, usage=True)


def _ids(option: str, values: tuple[str, ...], example: str) -> None:
    """Each value of a repeated id option is one id: a space or a comma between two is two
    ids run together, to be given as the option twice. `--by` that is no id is someone with no
    file, whom the file names under `by` instead."""
    for value in values:
        if is_id(value):
            _short(option, value)
            continue
        parts = value.replace(",", " ").split()
        if len(parts) > 1 and all(is_id(p) for p in parts):
            raise _refused(_("{option}: one id a time; repeat the option for each: "
                             "{repeated}").format(option=option, repeated=" ".join(
                                 f"{option} {p}" for p in parts)))
        if option == "--by":
            raise _refused(_("--by: the id of an organization with a file in organizations/, "
                             "in lowercase latin letters, digits and single hyphens, e.g. --by "
                             "ccl; anyone else is written in the file, under `by`, as "
                             "`- {name: ...}`"))
        raise _refused(_("{option}: an id uses lowercase latin letters, digits and single "
                         "hyphens, e.g. {option} {example}").format(option=option,
                                                                     example=example))


def _short(option: str, value: str) -> None:
    """An id no longer than the model takes: one it refuses would end in a traceback."""
    if len(value) > MAX_ID_LENGTH:
        raise _refused(_("{option}: an id is at most {n} characters").format(
            option=option, n=MAX_ID_LENGTH))


def _checked(root: Path, answers: NewAction) -> str | None:
    """The answers checked option by option; the date in the files' form."""
    if not is_id(answers.id):
        raise _refused(_("--id: an id uses lowercase latin letters, digits and single hyphens, "
                         "e.g. 2018-05-open-letter"))
    _short("--id", answers.id)
    if answers.type not in ACTION_TYPES:
        raise KremlinlistError("unknown-action-type", _("--type must be one of: {types}").format(
            types=", ".join(ACTION_TYPES)), usage=True)
    for option, title in (("--title-en", answers.title_en), ("--title-uk", answers.title_uk)):
        if title is not None and (not title.strip() or len(title) > 500 or not title.isprintable()
                                  or yamlsafe.invisible_char(title)):
            raise _refused(_("{option}: one line of at most 500 printable characters").format(
                option=option))
    _ids("--by", answers.by, "ccl")
    _ids("--for", answers.for_ids, "petrenko-ivan")
    try:
        return check_date(answers.date, loader.today(root))
    except KremlinlistError as exc:
        raise _refused(f"--date: {exc.message}") from None


def write_action(root: Path, answers: NewAction) -> str:
    """Write `actions/<id>.yaml` from the answers, refusing an id already used, and return its
    path. The file does not validate until a source is added under `sources`, on purpose."""
    when = _checked(root, answers)
    rel = f"{ACTIONS_DIR}/{answers.id}.yaml"
    taken = KremlinlistError("id-taken", _("an action with this id exists already; choose "
                                           "another id"))
    if os.path.lexists(root / rel):
        raise taken
    by = list(dict.fromkeys(answers.by))
    for_ids = list(dict.fromkeys(answers.for_ids))
    title = {"en": answers.title_en, **({"uk": answers.title_uk} if answers.title_uk else {})}
    Action.model_validate({"id": answers.id, "type": answers.type, "title": title, "date": when,
                           "by": by, "for": for_ids})  # what is written loads, but its sources
    lines = [f"id: {answers.id}", f"type: {answers.type}", "title:",
             f"  en: {yamlfmt.scalar(answers.title_en)}"]
    if answers.title_uk:
        lines.append(f"  uk: {yamlfmt.scalar(answers.title_uk)}")
    if when:
        lines.append(f"date: {when}")
    lines += ["by: [" + ", ".join(by) + "]", "for: [" + ", ".join(for_ids) + "]",
              "sources: {}  # s1: {title: ..., publisher: ..., url: ..., quote: ...}", ""]
    (root / ACTIONS_DIR).mkdir(exist_ok=True)
    try:
        write_new(root / rel, "\n".join(lines).encode("utf-8"))
    except FileExistsError:
        raise taken from None
    return rel


def id_warnings(root: Path, rel: str) -> list[Problem]:
    """`identifying-id` of the new file as `validate` reports it (said of a placeholder, not
    of its path): the id the maintainer chose names a withheld person the action is for, which
    its file name would carry wherever it is copied, and is best changed before it is."""
    return [p for p in validate(root, [str(root / rel)]).problems if p.code == "identifying-id"
            and (p.file == rel or is_unnamed(p.file))]
