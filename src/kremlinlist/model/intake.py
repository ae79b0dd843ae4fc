"""An intake report: one report of persecution as it came in (a form, an e-mail, a call), and
what became of it. Never published (docs/intake.md).

The file is an envelope and a report. The envelope (`id`, `received`, `via`, `status`, `case`,
`history`) says where the report is in the queue and is readable without a key, so the queue can
be worked without opening it; the report (who reported, the person concerned, what happened) is
sealed when `recipients:` is set. What people typed for a region or a date is kept beside what
was understood of it.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, model_validator

from kremlinlist.model.case import Date, Id, LongText, Region, Strict, Text, sealable
from kremlinlist.model.dates import PartialDate

REPORT_ID_RE = r"^r-[0-9a-f]{16}$"
ReportId = Annotated[str, Field(pattern=REPORT_ID_RE, max_length=18)]
Status = Literal["new", "reviewing", "duplicate", "promoted", "rejected"]
Channel = Literal["form", "email", "phone", "in-person"]
OPEN = ("new", "reviewing")  # the statuses a report can still leave


class TypedRegion(Strict):
    typed: Text
    code: Region | None = None


class TypedDate(Strict):
    typed: Text
    date: Date | None = None


class Reporter(Strict):
    name: Text | None = None
    relation: Text | None = None
    email: Text | None = None
    phone: Text | None = None


class Concerned(Strict):
    """The person the report is about: names in any script, as the reporter wrote them."""

    names: list[Text] = []
    born: TypedDate | None = None
    region: TypedRegion | None = None
    detained_on: TypedDate | None = None
    place: Text | None = None
    what_happened: LongText | None = None


class IntakeReport(Strict):
    reporter: Reporter = Reporter()
    person: Concerned


class StatusChange(Strict):
    status: Status
    by: Text
    on: Date
    reason: LongText | None = None


class IntakeFile(Strict):
    id: ReportId
    received: Date
    via: Channel = "form"
    status: Status = "new"
    case: Id | None = None
    history: list[StatusChange] = []
    report: sealable(IntakeReport)  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _linked(self) -> "IntakeFile":
        if self.status in ("promoted", "duplicate") and self.case is None:
            raise ValueError(f"a `{self.status}` report names its case in `case:`")
        return self


_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
_MY = re.compile(r"^(\d{1,2})[./-](\d{4})$")
# A time after a date, as forms write it: 2023-03-15T10:00:00Z, 31.12.2024 23:59, 5/1/2024 10:00 PM
_CLOCK = re.compile(r"^(.*?\d)(?:T|,?\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                    r"(?:\s*[AaPp]\.?[Mm]\.?)?\s*(?:Z|UTC|[+-]\d{2}:?\d{2})?$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _without_time(typed: str) -> str:
    text = typed.strip()
    return m[1] if (m := _CLOCK.match(text)) else text


def typed_date(typed: str) -> PartialDate | None:
    """A date as people type it: 15.03.2023, 15/03/2023 (day first), 2023-03-15, 03.2023, 2023,
    or with a time after it (2023-03-15T10:00:00, 15.03.2023 10:00); None when it is not one."""
    text = _without_time(typed)
    if m := _DMY.match(text):
        text = f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    elif m := _MY.match(text):
        text = f"{m[2]}-{int(m[1]):02d}"
    try:
        return PartialDate.parse(text)
    except ValueError:
        return None


def slash_order(typed: str) -> str | None:
    """Which comes first in a timestamp's slashed date: "day" (13/05/2024), "month" (5/13/2024),
    "either" (5/1/2024: a US form writes the month first, most others the day); None when it is
    not a slashed date, or reads the same both ways (1/1/2024)."""
    m = _SLASHED.match(_without_time(typed))
    if m is None or m[1] == m[2]:
        return None
    first, second = int(m[1]), int(m[2])
    return "day" if first > 12 else "month" if second > 12 else "either"


def form_timestamp(typed: str, month_first: bool | None) -> PartialDate | None:
    """The day a form's timestamp (`submitted`) names. A slashed date that reads both ways is
    read as `month_first` says (what the export's other rows settle); None when nothing does."""
    order = slash_order(typed)
    m = _SLASHED.match(_without_time(typed))
    if m is None or order is None:
        return typed_date(typed)
    if order == "either" and month_first is None:
        return None
    day, month = (m[2], m[1]) if order == "month" or (order == "either" and month_first) \
        else (m[1], m[2])
    return typed_date(f"{m[3]}-{int(month):02d}-{int(day):02d}")
