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


# Months by name as sources and people write them: Ukrainian (nominative, genitive, locative),
# Russian (nominative, genitive) and English (full and abbreviated).
_MONTH_NAMES = {
    name: number for number, names in enumerate((
        "січень січня січні january jan январь января",
        "лютий лютого лютому february feb февраль февраля",
        "березень березня березні march mar март марта",
        "квітень квітня квітні april apr апрель апреля",
        "травень травня травні may май мая",
        "червень червня червні june jun июнь июня",
        "липень липня липні july jul июль июля",
        "серпень серпня серпні august aug август августа",
        "вересень вересня вересні september sep sept сентябрь сентября",
        "жовтень жовтня жовтні october oct октябрь октября",
        "листопад листопада листопаді november nov ноябрь ноября",
        "грудень грудня грудні december dec декабрь декабря"), start=1)
    for name in names.split()}
_DAY_FIRST = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4})\Z")  # 15.03.2023
_MONTH_YEAR = re.compile(r"(\d{1,2})[./-](\d{4})\Z")  # 03.2023
_YEAR_FIRST = re.compile(r"(\d{4})([./-])(\d{1,2})(?:\2(\d{1,2}))?\Z")  # 2023/03/15, 2023-3-15
_TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}\S*\Z")  # a form's 2023-03-15T10:00
_YEAR = re.compile(r"\d{4}\Z")
_YEAR_WORDS = re.compile(r"\s*(?:р\.|р|року|рік|г\.|г|года|год)\Z")
_NAMED = re.compile(r"(?:(\d{1,2})\s+)?([^\W\d_]+)\.?,?\s+(\d{4})\Z")  # 15 березня 2023
_NAMED_US = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})\Z")  # March 15, 2023


# Dashes and minus signs drawn like the hyphen a date is written with: a word processor turns
# 2021-01-15 into 2021–01–15, which looks right and is no date
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_AS_HYPHENS = str.maketrans(dict.fromkeys(DASHES, "-"))


def with_hyphens(text: str) -> str:
    """`text` with every dash that looks like a hyphen made the hyphen."""
    return text.translate(_AS_HYPHENS)


def both_readings(text: str) -> tuple[PartialDate, PartialDate] | None:
    """The two dates a slashed `05/03/2023` (or hyphenated `05-03-2023`) can mean (day first, as
    in Ukraine; month first, as in the US, which writes both) when they differ; None for any
    other text. Dots (`05.03.2023`) are the day first's alone."""
    m = _DAY_FIRST.match(" ".join(with_hyphens(text).split()))
    if m is None or m[2] not in "/-":
        return None
    try:
        day_first = PartialDate.parse(f"{m[4]}-{int(m[3]):02d}-{int(m[1]):02d}")
        month_first = PartialDate.parse(f"{m[4]}-{int(m[1]):02d}-{int(m[3]):02d}")
    except ValueError:
        return None
    return (day_first, month_first) if day_first != month_first else None


_SHORT_YEAR = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{2})\Z")  # 12.03.22


def both_centuries(text: str) -> tuple[PartialDate, PartialDate] | None:
    """The two dates a `12.03.22` with its year in two digits can mean, this century's first;
    None for any other text. Which one is meant the text cannot say: a birth may be in either."""
    m = _SHORT_YEAR.match(" ".join(text.split()).rstrip(",;"))
    if m is None:
        return None
    try:
        return tuple(PartialDate.parse(f"{c}{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}")
                     for c in ("20", "19"))  # type: ignore[return-value]
    except ValueError:
        return None


def with_full_year(text: str, today: date) -> tuple[PartialDate, ...] | None:
    """What a `12.03.22` with its year in two digits may be, on `today`: the last century's date
    alone where this century's is yet to come (12.03.85 is not 2085), else both, this century's
    first; None for any other text. The one rule validate and `new` suggest the full year by."""
    both = both_centuries(text)
    if both is None:
        return None
    return (both[1],) if both[0].earliest > today else both


def lenient_fault(text: str) -> str | None:
    """Why a date written another way is no date (29.02.2022: that day does not exist), in
    `PartialDate.parse`'s words; None when it is one, or is written no way `lenient_form` reads."""
    written = lenient_form(text)
    if written is None:
        return None
    try:
        PartialDate.parse(written)
    except ValueError as exc:
        return str(exc)
    return None


def lenient_form(text: str) -> str | None:
    """The files' form (YYYY-MM-DD, YYYY-MM, YYYY) of a date written another way (15.03.2023,
    2023/03/15, березень 2023), whether or not that date exists (29.02.2022 is `2022-02-29`), so
    that `PartialDate.parse` can say what is wrong with it; None when the text is no such form,
    or when it could mean two dates (05/03/2023 or 05-03-2023: day first, or month first as in
    the US; 03/15/2023, whose second number is no month, is the US order)."""
    text = _YEAR_WORDS.sub("", " ".join(with_hyphens(text).split()).rstrip(",;"))
    year = month = day = None
    if m := _TIMESTAMP.match(text):
        year, month, day = m[1][:4], m[1][5:7], m[1][8:]
    elif m := _DAY_FIRST.match(text):
        if m[2] in "/-" and int(m[1]) <= 12 and m[1] != m[3]:
            return None  # a slash or a hyphen is also how the US writes the month first
        day, month, year = m[1], m[3], m[4]
    elif m := _MONTH_YEAR.match(text):
        month, year = m[1], m[2]
    elif m := _YEAR_FIRST.match(text):
        year, month, day = m[1], m[3], m[4]
    elif _YEAR.match(text):  # 2014 р.
        return text
    elif (m := _NAMED.match(text)) and m[2].casefold() in _MONTH_NAMES:
        day, month, year = m[1], str(_MONTH_NAMES[m[2].casefold()]), m[3]
    elif (m := _NAMED_US.match(text)) and m[1].casefold() in _MONTH_NAMES:
        month, day, year = str(_MONTH_NAMES[m[1].casefold()]), m[2], m[3]
    if year is None:
        return None
    return f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")


def read_leniently(text: str) -> PartialDate | None:
    """A date written another way than the files' (15.03.2023, 2023/03/15, 2023-3-15, березень
    2023, 15 March 2023), as the one date it can only mean; None when it is not one, or when it
    could mean two (05/03/2023 or 05-03-2023: day first, or month first as in the US)."""
    written = lenient_form(text)
    try:
        return None if written is None else PartialDate.parse(written)
    except ValueError:
        return None


def today(zone: str = "UTC") -> date:
    """Today in the time zone `zone` (the dataset's, from kremlinlist.yaml): the one place the
    clock is read, so that validate, the list, a release and its month checks agree on the day."""
    return datetime.now(ZoneInfo(zone)).date()
