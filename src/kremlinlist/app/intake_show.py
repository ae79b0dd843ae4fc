"""`kremlinlist intake show ID`: one report as an editor reads it before deciding on it.

The envelope is read as it is; the report is opened, when sealed, with the editor's identity.
Like `unseal`, this only returns the opened report to the caller, who prints it: nothing is
written, no file and no cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kremlinlist.app.intake import load_report, opened
from kremlinlist.app.seal import identities_for
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import _
from kremlinlist.files import sealed
from kremlinlist.model.case import Sealed


@dataclass
class ReadReport:
    """A report as read: its envelope (id, received, via, status, case, history), whether it was
    sealed, and what it says (reporter and person concerned, every field, None where empty)."""

    envelope: dict
    sealed: bool
    report: dict

    def to_dict(self) -> dict:
        return {**self.envelope, "sealed": self.sealed, "report": self.report}


def read_report(root: Path, rid: str, identity: Path | None = None) -> ReadReport:
    """The report `rid`, opened: a plain one needs no identity; a sealed one is refused, as
    `unseal` refuses a block, without an identity (--identity or KREMLINLIST_IDENTITY) that
    opens it. A report whose file does not load is refused with its problems."""
    report, _data = load_report(root, rid)
    closed = isinstance(report.report, Sealed)
    identities = identities_for(identity) if closed else []
    what = opened(report, identities)
    if what is None:
        raise _why_unread(report.report, identities)
    return ReadReport(report.model_dump(mode="json", exclude={"report"}), closed,
                      what.model_dump(mode="json"))


def _why_unread(block: Sealed, identities: list[Any]) -> KremlinlistError:
    """Why a sealed report could not be read, said as `unseal` says it of a block: for other
    keys, relabelled, damaged; or opened but not a valid report."""
    try:
        sealed.unseal(block.sealed, identities, block.sealed_for)
    except sealed.SealError as exc:
        return KremlinlistError("sealed-for-mismatch" if exc.mislabelled else "identity-unusable",
                                exc.message)
    return KremlinlistError("intake-state", _(
        "the report opens with your key but is not a valid report; `kremlinlist validate "
        "--identity FILE` says what is wrong with it"))


__all__ = ["read_report", "ReadReport"]
