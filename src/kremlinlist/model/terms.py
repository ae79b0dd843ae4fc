"""Sentence terms (`20y`, `8y6m`, `6m`, `15d`, `life`): one reading for validation, statistics and
exports, so a term the model accepts is a term every output understands."""

from __future__ import annotations

import re
from typing import Literal

_TERM = re.compile(r"(?:(\d{1,2})y)?(?:(\d{1,2})m)?(?:(\d{1,2})d)?")
LIFE = "life"


def parse_term(term: str | None) -> tuple[int, int, int] | Literal["life"] | None:
    """(years, months, days), "life", or None for no term or one not written as the format says."""
    if term == LIFE:
        return LIFE
    m = _TERM.fullmatch(term) if isinstance(term, str) and term else None
    if m is None:
        return None
    years, months, days = (int(g or 0) for g in m.groups())
    return years, months, days
