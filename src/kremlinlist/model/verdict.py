"""The coalition's rules for the list, driven by criteria.yaml.

A `listed` case must meet at least one PACE criterion backed by a cited source and no exclusion
ground; a `candidate` that meets them is flagged so that editors decide on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kremlinlist.base.i18n import N_, _

if TYPE_CHECKING:  # annotations only: `--help` shows criteria words without pydantic
    from kremlinlist.model.case import Case, Config, Criteria

NOT_IN_CRITERIA = N_("(not in criteria.yaml)")


def criterion_text(en: str, uk: str | None, lang: str) -> str:
    """A criterion's text in `lang` (en or uk), as criteria.yaml words it."""
    text = uk if lang == "uk" and uk else en
    return _(text) if text == NOT_IN_CRITERIA else text


@dataclass(frozen=True)
class CriterionVerdict:
    id: str
    text: str  # in English, as JSON carries it; `text_uk` in Ukrainian (`criterion_text`)
    backed: bool
    sources: tuple[str, ...]
    text_uk: str = NOT_IN_CRITERIA


@dataclass(frozen=True)
class Verdict:
    decision: str
    criteria: tuple[CriterionVerdict, ...]
    signs: tuple[tuple[str, str], ...]
    exclusions: tuple[tuple[str, str], ...]

    @property
    def meets_rules(self) -> bool:
        """At least one backed criterion and no exclusion ground."""
        return any(c.backed for c in self.criteria) and not self.exclusions

    @property
    def summary(self) -> str:
        """In English, as JSON carries it; `_(summary)` says it in the reader's language."""
        if self.exclusions:
            return N_("an exclusion ground is recorded: the case cannot be listed")
        if self.meets_rules:
            return N_("meets the criteria for the list")
        if self.criteria:
            return N_("criteria are claimed but none is backed by a cited source")
        return N_("no criterion is recorded")


def sources_withheld(case: Case, config: Config) -> bool:
    """A withheld person's sources live in the private repository: a public one shows none, so
    there a recorded criterion is all the file can show."""
    return case.publicity != "public" and config.repository == "public"


def verdict(case: Case, criteria: Criteria, withheld: bool = False) -> Verdict:
    texts = {kind: {d.id: d.text.en for d in getattr(criteria, kind)}
             for kind in ("criteria", "signs", "exclusions")}
    texts_uk = {d.id: d.text.uk for d in criteria.criteria}
    a = case.assessment
    shared = tuple(a.sources)
    return Verdict(
        decision=a.decision,
        criteria=tuple(
            CriterionVerdict(c.id, texts["criteria"].get(c.id, NOT_IN_CRITERIA),
                             bool(c.sources or shared or withheld) and c.id in texts["criteria"],
                             tuple(c.sources) or shared, texts_uk.get(c.id, NOT_IN_CRITERIA))
            for c in a.criteria),
        signs=tuple((s, texts["signs"].get(s, NOT_IN_CRITERIA)) for s in a.signs),
        exclusions=tuple((x, texts["exclusions"].get(x, NOT_IN_CRITERIA))
                         for x in a.exclusions),
    )
