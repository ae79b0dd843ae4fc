"""Partial dates: sources often know only a year or a month, so every date in a case may be partial."""

from __future__ import annotations

from kremlinlist.base.i18n import N_, _

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

_PATTERN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\Z")  # ASCII digits only
FORMAT_HINT = N_("write a date as YYYY, YYYY-MM or YYYY-MM-DD with zero padding, e.g. 2014-05-10")
# Parsed dates by their text: a dataset of 10,000 cases writes ~180,000 dates but only ~4,500
# distinct ones, and a PartialDate is immutable, so one object serves every equal text.
_PARSED: dict[str, "PartialDate"] = {}
_PARSED_MAX = 100_000  # bounded: past it, new texts are parsed each time


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: Any) -> "PartialDate":
        if type(value) is str:
            known = _PARSED.get(value)
            if known is not None and cls is PartialDate:
                return known
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise ValueError(_("expected a date; {hint}").format(hint=_(FORMAT_HINT)))
        m = _PATTERN.match(value)
        if not m:
            raise ValueError(_("not a date; {hint}").format(hint=_(FORMAT_HINT)))
        year, month, day = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
        if not 1900 <= year <= 2100:
            raise ValueError(_("the year must be between 1900 and 2100"))
        if month is not None and not 1 <= month <= 12:
            raise ValueError(_("the month must be 01 to 12; {hint}").format(hint=_(FORMAT_HINT)))
        if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise ValueError(_("that day does not exist in that month; {hint}").format(
                hint=_(FORMAT_HINT)))
        parsed = cls(year, month or None, day or None)
        if cls is PartialDate and len(_PARSED) < _PARSED_MAX:
            _PARSED[value] = parsed
        return parsed

    # Kept on the object once computed: equal texts share one object (`_PARSED`), and the
    # timeline asks for these a dozen times a date.
    @functools.cached_property
    def earliest(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @functools.cached_property
    def latest(self) -> date:
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def today(zone: str = "UTC") -> date:
    """Today in the time zone `zone` (the dataset's, from kremlinlist.yaml): the one place the
    clock is read, so that validate, the list, a release and its month checks agree on the day."""
    return datetime.now(ZoneInfo(zone)).date()
