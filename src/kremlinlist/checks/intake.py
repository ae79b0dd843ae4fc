"""The intake queue's files (intake/*.yaml): each a valid report, named by its id, sealed when
`recipients:` is set, and linked to an existing case when promoted or a duplicate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Finding, Problem
from kremlinlist.checks.sealing import (block_findings, comments_beside_sealed,
                                         opened_findings)
from kremlinlist.files import loader
from kremlinlist.files.layout import INTAKE_DIR
from kremlinlist.model.case import Config, Sealed
from kremlinlist.model.intake import IntakeFile, IntakeReport


def report_findings(report: IntakeFile, rel: str, config: Config, case_ids: set[str],
                    identities: list[Any]) -> list[Finding]:
    out: list[Finding] = []
    if Path(rel).stem != report.id:
        out.append(Finding(("id",), "error", "id-mismatch",
                           _("the file name must be the report's id followed by .yaml; rename "
                             "the file or correct `id`")))
    if report.case is not None and report.case not in case_ids:
        out.append(Finding(("case",), "error", "intake-link",
                           _("no case in cases/ has this id: name the case the report became or "
                             "duplicates")))
    out += block_findings(report.report, ("report",), config)
    if identities and isinstance(report.report, Sealed):
        out += opened_findings(report.report, ("report",), IntakeReport, identities)
    return out


def in_public_repository(rel: str) -> Problem:
    """A file of intake/ in a repository kremlinlist.yaml says is public."""
    return Problem(rel, 0, 0, "error", "intake-in-public-repository", _(
        "intake reports must not be in a public repository (kremlinlist.yaml says "
        "`repository: public`): remove this file and keep reports in the coalition's private "
        "repository"))


def intake_problems(root: Path, config: Config, case_ids: set[str],
                    identities: list[Any] = ()) -> list[Problem]:  # type: ignore[assignment]
    """Every intake file's problems; with identities, sealed reports are opened and checked."""
    rels, problems = loader.list_yaml(root, INTAKE_DIR)
    if config.repository == "public":
        problems += [in_public_repository(rel) for rel in _intake_files(root)]
    for rel in rels:
        loaded = loader.load_file(root, rel, "intake")
        problems += loaded.problems
        if isinstance(loaded.model, IntakeFile):
            problems += loaded.place(report_findings(loaded.model, rel, config, case_ids,
                                                     list(identities)))
            if isinstance(loaded.model.report, Sealed) and loaded.text is not None:
                problems += comments_beside_sealed(rel, loaded.text, "report")
    return problems


def _intake_files(root: Path) -> list[str]:
    """Every file under intake/ (the salt and any stray file too), in a stable order. An intake/
    that is a link is not followed (list_yaml reports it): the folder it names, /etc or /, is
    not the dataset's, and its file names would reach the log."""
    folder = root / INTAKE_DIR
    if folder.is_symlink() or not folder.is_dir():
        return []
    return sorted(p.relative_to(root).as_posix() for p in folder.rglob("*")
                  if p.is_file() or p.is_symlink())
