"""Every check of one case, with one signature and the codes it may emit, in the order they run.

The order is the order problems were found in before the split (identity, privacy, timeline,
criteria); problems are sorted before they are shown anyway. tests/test_problem_codes.py checks
every code listed here is declared in base/codes.py.
"""

from __future__ import annotations

from typing import Callable

from kremlinlist.base.problem import Finding
from kremlinlist.checks.across import cross_findings
from kremlinlist.checks.advocacy import (action_findings, coalition_findings,
                                         criteria_coalition_findings, membership_findings)
from kremlinlist.checks.context import CaseContext
from kremlinlist.checks.criteria import criteria_findings
from kremlinlist.checks.identity import identity_findings, org_findings
from kremlinlist.checks.privacy import privacy_findings
from kremlinlist.checks.sealing import sealing_findings
from kremlinlist.checks.text import control_characters, one_line_findings
from kremlinlist.checks.timeline import timeline_findings
from kremlinlist.model.case import Case

Check = Callable[[Case, CaseContext], list[Finding]]

CHECKS: list[tuple[Check, tuple[str, ...]]] = [
    (identity_findings, ("id-mismatch", "former-id-is-current", "unknown-source",
                         "placeholder-source", "invalid-value", "missing-key")),
    (privacy_findings, ("missing-key", "identifying-id", "id-not-opaque-in-public-repository", "private-in-public-repository",
                        "identifying-field-in-public-repository")),
    (timeline_findings, ("future-date", "until-before-date", "event-before-birth",
                         "uncited-event", "release-without-detention", "release-before-detention",
                         "died-twice", "event-after-death")),
    (criteria_findings, ("unknown-criterion", "unknown-sign", "unknown-exclusion",
                         "listed-with-exclusion", "listed-without-criterion",
                         "candidate-meets-criteria")),
    (one_line_findings, ("control-character-in-line",)),  # added after the split
    (sealing_findings, ("private-not-sealed", "sealed-damaged", "sealed-for-other-recipients")),
]

# Checks across files keep their own signatures (they read summaries or a file, not a case).
ACROSS: list[tuple[Callable, tuple[str, ...]]] = [
    (cross_findings, ("duplicate-id", "unknown-organization")),
    (org_findings, ("id-mismatch",)),
    (control_characters, ("control-character-in-line",)),  # on organizations
    # actions/ and coalitions/ (run by app.actions.advocacy_problems)
    (action_findings, ("id-mismatch", "uncited-action", "future-date", "until-before-date",
                       "missing-key", "unknown-organization-reference", "unknown-case-reference",
                       "action-before-events", "unknown-source", "duplicate-reference",
                       "withheld-action-in-public-repository", "identifying-id")),
    (coalition_findings, ("id-mismatch", "future-date", "unknown-organization-reference",
                          "until-before-date", "unknown-source", "duplicate-reference")),
    (criteria_coalition_findings, ("duplicate-criteria-coalition",)),
    (membership_findings, ("unknown-coalition", "membership-mismatch")),
]


def case_checks(case: Case, ctx: CaseContext) -> list[Finding]:
    """Every per-case check on one valid case, in CHECKS order."""
    return [f for check, _ in CHECKS for f in check(case, ctx)]
