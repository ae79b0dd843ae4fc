"""`kremlinlist check ID`: the rules' verdict for one person, in words an editor can act on."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kremlinlist.base.i18n import _, language, ngettext
from kremlinlist.files import loader
from kremlinlist.model import verdict as rules
from kremlinlist.model import timeline
from kremlinlist.base.problem import Problem
from kremlinlist.app.validate import validate
from kremlinlist.model.ids import is_id
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.publish.views import said_state


@dataclass
class Explanation:
    case_id: str
    decision: str
    state: str
    verdict: rules.Verdict | None
    problems: list[Problem] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [_("{id}: decision {decision}; custody status {status}").format(
            id=self.case_id, decision=self.decision, status=said_state(self.state))]
        v = self.verdict
        if v is None:
            out.append(_("the case does not load; fix the problems below first"))
            return out
        out.append(_("PACE criteria (at least one backed by a cited source is needed to be "
                     "listed):"))
        if not v.criteria:
            out.append("  " + _("none recorded"))
        for c in v.criteria:
            mark = (_("backed by {sources}").format(sources=", ".join(c.sources)) if c.backed
                    else _("NOT backed by a source"))
            out.append(f"  {c.id}: {mark}: {rules.criterion_text(c.text, c.text_uk, language())}")
        out.append(_("Signs: {signs}").format(
            signs=", ".join(s for s, _text in v.signs) or _("none recorded")))
        out.append(_("Exclusion grounds: {grounds}").format(
            grounds=", ".join(x for x, _text in v.exclusions) or _("none")))
        out.append(_("Verdict: {summary}.").format(summary=_(v.summary)))
        errors = self.errors
        if errors:
            out.append(ngettext("This case has {n} error (below); the verdict may change once it "
                                "is fixed.", "This case has {n} errors (below); the verdict may "
                                "change once they are fixed.", errors).format(n=errors))
        return out

    @property
    def errors(self) -> int:
        """How many of the problems are errors: with any, the command fails (exit 1)."""
        return sum(p.is_error for p in self.problems)

    def to_dict(self) -> dict:
        v = self.verdict
        return {
            "id": self.case_id, "decision": self.decision, "status": self.state,
            "meets_rules": v.meets_rules if v else None,
            "criteria": [{"id": c.id, "backed": c.backed, "sources": list(c.sources)}
                         for c in v.criteria] if v else [],
            "signs": [s for s, _ in v.signs] if v else [],
            "exclusions": [x for x, _ in v.exclusions] if v else [],
            "problems": [p.to_dict() for p in self.problems],
        }


def explain(root: Path, case_id: str) -> Explanation:
    rel = f"{loader.CASES_DIR}/{case_id}.yaml"
    if not is_id(case_id):  # never a path: `../x` must not reach outside cases/
        raise KremlinlistError("not-a-case-id", _("not a case id: ids use lowercase latin "
                                                  "letters, digits and single hyphens, e.g. "
                                                  "petrenko-ivan"), usage=True)
    if not (root / rel).exists() and not (root / rel).is_symlink():
        raise KremlinlistError("case-not-found", _("no case file in cases/ has this id; try "
                                                   "`kremlinlist show` with part of the name"),
                               usage=True)
    problems = validate(root, [str(root / rel)]).problems
    loaded = loader.load_file(root, rel, "case")
    criteria = loader.load_criteria(root)[0]
    case = loaded.model
    if case is None or criteria is None:
        return Explanation(case_id, "?", "?", None, problems)
    return Explanation(case_id, case.assessment.decision, timeline.status(case, loader.today(root)).state,
                       rules.verdict(case, criteria, rules.sources_withheld(
                           case, loader.load_config(root)[0])), problems)
