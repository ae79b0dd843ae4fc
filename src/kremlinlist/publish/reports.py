"""Problems and the outcome of a check, by the name of the reporter a reader wants (as
check-jsonschema's reporters): `text` for a person, `json` for scripts, `github` for a
workflow's annotations. Each returns screen blocks; the command line only draws them."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from kremlinlist.base.i18n import _, ngettext
from kremlinlist.base.problem import Problem
from kremlinlist.publish.screen import Shown, Styled

_NOT_A_CHOICE = re.compile(r"^(?:Value error, )?'(.*)' is not (?:one of )?"
                           r"((?:'[^']*'(?:, )?)+)\.?$", re.DOTALL)


def printable(text: str) -> str:
    """Text for a terminal: control and invisible characters (say, in a file name from a pull
    request) shown as escapes, so they cannot move the cursor, recolour or fake a line; a byte
    of a file name that is not UTF-8 (held as a surrogate escape) as the byte, `\\xff`."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else f"\\x{ord(c) - 0xDC00:02x}"
                   if "\udc80" <= c <= "\udcff" else ascii(c)[1:-1] for c in text)


def _not_a_command(where: str) -> str:
    """A place that begins a line, never read as a workflow command: a file at the dataset's top
    named `::add-mask::x` or `##[group]` printed first on a line of a CI log is one."""
    return "./" + where if where.startswith((":", "#")) else where


def to_json(payload: dict) -> str:
    """JSON that is always valid UTF-8: a file name that is not UTF-8 (held as surrogate escapes)
    is written as \\u escapes instead of as bytes no JSON reader takes."""
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(payload, ensure_ascii=True, indent=2)
    return text


def human_choice_error(message: str) -> str:
    """An option's wrong choice said plainly ("`yaml` is not a choice here; choose text, json or
    github") instead of the parser's "Value error, 'yaml' is not one of 'text', ..."."""
    found = _NOT_A_CHOICE.match(message)
    if not found:
        return message.removeprefix("Value error, ")
    choices = re.findall(r"'([^']*)'", found[2])
    return _("`{value}` is not a choice here; choose {choices}").format(
        value=found[1], choices=", ".join(choices))


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotated_folder(root: str | os.PathLike, workspace: str | None) -> str:
    """Where the dataset at `root` is in the checkout GitHub names `workspace`
    ($GITHUB_WORKSPACE), as the start of an annotation's file ("data/"): an annotation's file is
    the repository's path, so one on `cases/x.yaml` of a dataset kept in `data/` would be shown
    on no file. Nothing outside a workflow, or for a dataset outside the checkout."""
    if not workspace:
        return ""
    rel = os.path.relpath(os.path.realpath(root), os.path.realpath(workspace))
    if rel == "." or rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return ""
    return Path(rel).as_posix() + "/"


def github_annotation(p: Problem, folder: str = "") -> str:
    """One `::error ...::` line; file names are escaped too, since they come from pull requests.
    `folder`: the dataset's place in the repository (`annotated_folder`)."""
    level = "error" if p.severity == "error" else "warning"
    # a bidi mark or a control in a file name shown as an escape; a line break as GitHub's %0A
    file = "".join(c if c in "\r\n" else printable(c) for c in folder + p.file)
    props = [f"file={_escape_property(file)}"]
    if p.line:
        props += [f"line={p.line}", f"col={p.column}"]
    props.append(f"title={_escape_property('kremlinlist ' + p.code)}")
    return f"::{level} {','.join(props)}::{_escape_data(p.message)}"


def problem_line(p: Problem) -> Styled:
    """`file:line:column: severity code message`, the place in bold, the severity in colour."""
    where = _not_a_command(printable(f"{p.file}:{p.line}:{p.column}" if p.line else p.file))
    return Styled(((where, "bold"), (": ", ""), (p.severity, "red" if p.severity == "error"
                                                           else "yellow"),
                   (" ", ""), (p.code, "dim"), (" " + printable(p.message), "")))


def problems_report(problems, fmt: str, payload: dict | None = None,
                    folder: str = "") -> list[Shown]:
    """Problems as text lines, one JSON document (`payload`, else the problems) or annotations
    (on files under `folder`, the dataset's place in the repository)."""
    if fmt == "json":
        return [to_json(payload or {"problems": [p.to_dict() for p in problems]})]
    if fmt == "github":
        return [github_annotation(p, folder) for p in problems]
    return [problem_line(p) for p in problems]


def checked_summary(files: int, errors: int, warnings: int, ok: bool) -> str:
    """"ok checked 1 file: 0 errors, 1 warning", each count with its own plural form. The
    verdict is one with the sentence, not a word put before it, so that a language may say it
    as a sentence says it (Ukrainian: "Перевірено 1 файл: помилок немає.")."""
    checked = ngettext("checked {n} file", "checked {n} files", files).format(n=files)
    if not errors and not warnings:
        return _("ok {checked}: 0 errors, 0 warnings").format(checked=checked)
    said = (_("ok {checked}: {errors}, {warnings}") if ok
            else _("failed {checked}: {errors}, {warnings}"))
    return said.format(
        checked=checked, errors=ngettext("{n} error", "{n} errors", errors).format(n=errors),
        warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings))


def explanation_report(result, fmt: str, folder: str = "") -> list[Shown]:
    """The rules' verdict for one person (app.check): JSON, the problems as annotations on the
    case's file (what a workflow shows), or lines of text and then the problems."""
    if fmt == "json":
        return [to_json(result.to_dict())]
    if fmt == "github":
        return problems_report(result.problems, fmt, folder=folder)
    return [*(Styled.of(line) for line in result.lines()),
            *problems_report(result.problems, "text")]


def dupes_report(found, fmt: str) -> list[Shown]:
    """Likely duplicate pairs (app.dupes) as JSON, or as text lines and the problems."""
    if fmt == "json":
        return [to_json({"pairs": [p.to_dict() for p in found.pairs],
                         "problems": [p.to_dict() for p in found.problems]})]
    shown: list[Shown] = []
    for pair in found.pairs:
        shown.append(Styled.of(f"{pair.score:.2f}  {printable(pair.a.rel)}  "
                               f"{printable(pair.b.rel)}", "bold"))
        shown.append(Styled.of("      " + pair.said_reasons(), "dim"))
    return shown + problems_report(found.problems, "text")


def dupes_summary(found) -> Styled:
    """How many pairs, and what to do about them (`[id-a, id-b]` is text, never markup)."""
    pairs = found.pairs
    summary = ngettext("{n} likely duplicate pair among {cases} cases",
                       "{n} likely duplicate pairs among {cases} cases",
                       len(pairs)).format(n=len(pairs), cases=found.cases)
    if pairs:
        summary += ". " + _("Same person: merge the files, keeping the other id in `former_ids`. "
                            "Different people: record the pair in dupes.yaml: `different: "
                            "[{pair: [id-a, id-b], reason: ..., by: ...}]`.")
    return Styled.of(summary)


def formatting_report(outcomes, check: bool) -> list[Shown]:
    """What `fmt` changed (or would change, with --check), then the problems of the files it
    left alone."""
    problems = [p for o in outcomes for p in o.problems]
    done = _("would reformat {file}") if check else _("formatted {file}")
    return [*(done.format(file=printable(o.rel)) for o in outcomes if o.changed),
            *problems_report(problems, "text")]


def formatting_summary(outcomes, check: bool) -> str:
    """The files `fmt` read, how many it changed, and how many it could not format."""
    changed = sum(1 for o in outcomes if o.changed)
    files = len(outcomes)
    left = sum(1 for o in outcomes if o.problems)
    if check:
        line = (ngettext("{changed} of {n} file would be reformatted",
                         "{changed} of {n} files would be reformatted", files)
                if changed else ngettext("{n} file already formatted",
                                         "{n} files already formatted", files - left))
    else:
        line = ngettext("formatted {changed} of {n} file", "formatted {changed} of {n} files",
                        files)
    line = line.format(changed=changed, n=files - left if check and not changed else files)
    if left:
        line += "; " + ngettext("{n} not formatted because of the problem above",
                                "{n} not formatted because of the problems above",
                                left).format(n=left)
    return line
