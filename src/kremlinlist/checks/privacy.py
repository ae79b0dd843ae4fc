"""Nothing that identifies a withheld person in their id (in a public repository, an id that can
name no one), and in a public repository, nothing private and nothing that identifies them: no
field that holds their words, and no comment in their file."""

from __future__ import annotations

import yaml

from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Finding, Problem
from kremlinlist.checks.context import CaseContext
from kremlinlist.checks.withheld_names import names_in
from kremlinlist.files.quotable import may_quote
from kremlinlist.model.names import case_names
from kremlinlist.model.case import Case, Config

IDENTIFYING = ("name", "aliases", "born", "occupation", "summary", "former_ids", "sources")
IDENTIFYING_EVENT = ("place", "note", "to", "by")
# The one `reason` a withheld case may give in a public repository: words typed there may name
# the person, yet a `delisted` case needs a reason; the reason itself stays in the private one.
WITHHELD_REASON = "withheld"


def privacy_findings(case: Case, ctx: CaseContext) -> list[Finding]:
    """A withheld person's id names nothing of them (checked where their names are: the private
    repository); in a public repository, nothing private and nothing that identifies them."""
    config = ctx.config
    out: list[Finding] = []
    if case.publicity == "public" and case.name is None:
        out.append(Finding((), "error", "missing-key",
                           _("`name` is required for a public case: `name: {en: ..., uk: ...}` "
                             "(or set `publicity: anonymous` if the family asked)")))
    if (case.publicity != "public" and config.repository == "public"
            and not is_opaque(case.id)):
        out.append(Finding(("id",), "error", "id-not-opaque-in-public-repository",
                           _("this repository is public, and the id of a case with "
                             "`publicity: {publicity}` names its file there: it may hold only "
                             "`anon` or `hidden` and numbers, like `anon-2024-001`; give the case "
                             "such an id and rename the file to match").format(
                                 publicity=case.publicity)))
    elif case.publicity != "public" and _names_in_id(case):
        out.append(Finding(("id",), "warning", "identifying-id",
                           _("the id of a case with `publicity: {publicity}` holds part of the "
                             "person's name, and the file is named after it wherever it is "
                             "copied, the public repository too: give the case an opaque id like "
                             "`anon-2024-001` and rename the file").format(
                                 publicity=case.publicity)))
    if config.repository != "public":
        return out
    if case.private is not None:
        out.append(Finding(("private",), "error", "private-in-public-repository",
                           _("this repository is public (kremlinlist.yaml), so anyone who "
                             "clones it reads a `private` block: delete the block and keep these "
                             "notes in the coalition's private repository"), at_key=True))
    if case.publicity != "public":
        for key in IDENTIFYING:
            if getattr(case, key):
                out.append(Finding((key,), "error", "identifying-field-in-public-repository",
                                   _("a case with `publicity: {publicity}` in a public repository "
                                     "may not carry `{key}`: delete it and keep it in the private "
                                     "repository").format(publicity=case.publicity, key=key),
                                   at_key=True))
        for i, e in enumerate(case.events):
            for key in IDENTIFYING_EVENT:
                if getattr(e, key):
                    out.append(Finding(("events", i, key), "error",
                                       "identifying-field-in-public-repository",
                                       _("a case with `publicity: {publicity}` in a public "
                                         "repository may not carry event `{key}`: delete "
                                         "it").format(publicity=case.publicity, key=key),
                                       at_key=True))
            if e.sources:
                out.append(Finding(("events", i, "sources"), "error",
                                   "identifying-field-in-public-repository",
                                   _("a case with `publicity: {publicity}` in a public "
                                     "repository keeps its sources in the private repository: "
                                     "delete `sources`")
                                   .format(publicity=case.publicity), at_key=True))
        out += _assessment_words(case)
    return out


def _assessment_words(case: Case) -> list[Finding]:
    """The assessment's free text of a withheld case in a public repository: its `reason` (but
    `withheld`) and each criterion's `note`, words a researcher typed that may name the person."""
    out = []
    a = case.assessment
    if a.reason is not None and a.reason.strip() != WITHHELD_REASON:
        out.append(Finding(("assessment", "reason"), "error",
                           "identifying-field-in-public-repository",
                           _("a case with `publicity: {publicity}` in a public repository may not "
                             "give its `reason` in words, which may name the person: keep the "
                             "reason in the private repository and write `reason: withheld` here")
                           .format(publicity=case.publicity), at_key=True))
    for i, c in enumerate(a.criteria):
        if c.note is not None:
            out.append(Finding(("assessment", "criteria", i, "note"), "error",
                               "identifying-field-in-public-repository",
                               _("a case with `publicity: {publicity}` in a public "
                                 "repository may not carry a criterion's `note`: delete "
                                 "it").format(publicity=case.publicity), at_key=True))
    return out


def withheld_comments(rel: str, text: str | None, case: object,
                      config: Config) -> list[Problem]:
    """Each comment of a withheld person's case file in a public repository (`case` is the file's
    model, None when it did not load: then a file whose publicity does not read as `public`, as
    `quotable` judges it, counts as withheld). An error, not a warning: everyone reads the
    comments there, validate cannot tell whether one names the person (`# real name: ...`), and
    deleting one loses nothing the data holds. Only the comment's place is said."""
    if config.repository != "public" or text is None or "#" not in text:
        return []
    if case.publicity == "public" if isinstance(case, Case) else may_quote("case", text):
        return []
    return [Problem(rel, line, column, "error", "withheld-comment-in-public-repository", _(
        "this repository is public, so anyone reads the comments of an anonymous or hidden "
        "person's file, and validate cannot tell whether one names them: delete the comment and "
        "keep what it says in the private repository")) for line, column in comment_places(text)]


def comment_places(text: str) -> list[tuple[int, int]]:
    """The 1-based line and column of each comment's `#`, as YAML's scanner reads the text: a
    `#` between tokens, or after a block scalar's `|` or `>` on its line (the one comment a token
    holds); one in a quoted value is not a comment. Scanned by libyaml where PyYAML has it, as
    the file is loaded (the pure scanner stops at a tab libyaml takes, and every comment after it
    went unsaid); where the scanner stops, every `#` after that is taken for a comment (its error
    is said anyway)."""
    out: list[tuple[int, int]] = []
    index, line, column = 0, 0, 0
    try:
        for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            start = token.start_mark
            out += _comments_between(text, index, start.index, line, column)
            if isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
                head = text[start.index:token.end_mark.index].split("\n", 1)[0]
                if "#" in head:
                    out.append((start.line + 1, start.column + head.index("#") + 1))
            end = token.end_mark
            index, line, column = end.index, end.line, end.column
    except yaml.YAMLError:
        at = text.find("#", index)
        while at != -1:  # fail closed: the rest of the file may hold comments
            line = text.count("\n", 0, at)
            out.append((line + 1, at - (text.rfind("\n", 0, at) + 1) + 1))
            at = text.find("#", at + 1)
    return out


_BREAKS = "\r\n\x85\u2028\u2029"


def _comments_between(text: str, index: int, stop: int, line: int,
                      column: int) -> list[tuple[int, int]]:
    """The comments in text[index:stop], which holds no token, starting at (line, column)."""
    out = []
    while index < stop:
        ch = text[index]
        if ch == "#":
            out.append((line + 1, column + 1))
            while index < stop and text[index] not in _BREAKS:
                index += 1
            continue
        if ch in _BREAKS:
            if ch == "\r" and text[index + 1:index + 2] == "\n":
                index += 1
            line, column = line + 1, 0
        else:
            column += 1
        index += 1
    return out


# Words an opaque id may hold besides numbers: they label, they name no one.
OPAQUE_WORDS = frozenset({"anon", "anonymous", "hidden", "hid", "withheld", "case", "person"})


def is_opaque(cid: str) -> bool:
    """Whether an id can name no one, whatever the person's names (a public repository's file of
    a withheld case has no names to compare it with): each part is a token of 8 or more hex
    digits, or, once its digits are taken out, at most two letters or one of OPAQUE_WORDS
    (`ivanenko1` is refused). Fails closed: `kherson-2024` is refused too."""
    return all(_opaque_part(part) for part in cid.split("-"))


def _opaque_part(part: str) -> bool:
    if len(part) >= 8 and any(ch.isdigit() for ch in part) and all(
            ch in "0123456789abcdef" for ch in part):
        return True
    word = "".join(ch for ch in part if not ch.isdigit())
    return len(word) <= 2 or word in OPAQUE_WORDS


def _names_in_id(case: Case) -> bool:
    """Whether a part of the id is a part of the person's names or aliases, however transliterated
    (`ivanenko` in the id of Іваненко, `zuk` in that of Жук), or holds one glued to something
    else (`ipetrenko`, `ivanpetrenko`)."""
    return names_in(case.id, case_names(case))
