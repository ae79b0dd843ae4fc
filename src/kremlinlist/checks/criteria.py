"""One case's decision against the coalition's rules in criteria.yaml (model.verdict judges)."""

from __future__ import annotations

from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Finding
from kremlinlist.checks.context import CaseContext
from kremlinlist.model.case import Case
from kremlinlist.model.ids import listed
from kremlinlist.model.verdict import verdict


def criteria_findings(case: Case, ctx: CaseContext) -> list[Finding]:
    """The decision follows criteria.yaml: known ids, and `listed` only with a backed criterion
    and no exclusion. Nothing to check against when criteria.yaml does not load."""
    if ctx.criteria is None:
        return []
    criteria, withheld = ctx.criteria, ctx.withheld
    out: list[Finding] = []
    known = criteria.ids
    a = case.assessment
    codes = {"criteria": "unknown-criterion", "signs": "unknown-sign",
             "exclusions": "unknown-exclusion"}
    for kind, refs in (("criteria", [c.id for c in a.criteria]), ("signs", a.signs),
                       ("exclusions", a.exclusions)):
        for i, ref in enumerate(refs):
            if ref not in known[kind]:
                # A criterion may be written as a plain id or as {id: ...}; locate() falls back
                # from the missing `id` key to the item itself.
                path = ("assessment", kind, i) + (("id",) if kind == "criteria" else ())
                out.append(Finding(path, "error", codes[kind],
                                   _("not an id in criteria.yaml's `{kind}`; use one of: {ids}")
                                   .format(kind=kind, ids=listed(known[kind]))))
    v = verdict(case, criteria, withheld)
    if a.decision == "listed":
        if v.exclusions:
            out.append(Finding(("assessment", "exclusions"), "error", "listed-with-exclusion",
                               _("a case with an exclusion ground cannot be `listed`; set "
                                 "`decision: candidate` or `delisted`, or remove the exclusion")))
        if not any(c.backed for c in v.criteria):
            out.append(Finding(("assessment", "criteria"), "error", "listed-without-criterion",
                               _("a `listed` case needs at least one criterion (a-e); its "
                                 "sources are kept in the private repository: write "
                                 "`- {id: e}`") if withheld else
                               _("a `listed` case needs at least one criterion (a-e) backed by "
                                 "a source: write `- {id: e, sources: [s1]}` or add "
                                 "`assessment.sources`")))
    elif a.decision == "candidate" and v.meets_rules and not a.reason:
        out.append(Finding(("assessment", "decision"), "warning", "candidate-meets-criteria",
                           _("this candidate meets the criteria (a backed criterion, no "
                             "exclusion): for the coalition's editors to decide (a researcher "
                             "leaves `decision: candidate`); an editor sets `decision: listed` "
                             "with `since:`, or says why not in `reason:`")))
    return out
