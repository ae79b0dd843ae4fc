"""The wording of a date refused by the schema because it is written another way than the files'
(15.03.2023, березень 2023, 12.03.85, 05/03/2023), for every kind of file: a case, an action, a
coalition. One rule, `model.dates`' (`read_leniently`, `lenient_fault`, `both_readings`,
`with_full_year`), says what such a text may mean, here as `new` says it.

Where a value may be said (`schema_messages`' `said`), the date to write; elsewhere (a withheld
person's file, an action, which may be for one) only how a date is written, since the date
worked out from the value is the value.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kremlinlist.base.i18n import _
from kremlinlist.base.problem import Finding
from kremlinlist.model.dates import both_readings, lenient_fault, read_leniently, with_full_year


def date_finding(err: dict, path: tuple, name: str, value: Any, said: bool,
                 today: date) -> Finding | None:
    """A date field's value written another way: the date to write where it may be said and
    can mean only one date, the dates it may mean where it can mean two; why one in such a form
    is none (29.02.2022), which repeats nothing of it. None for any other text."""
    if err["type"] != "value_error" or not isinstance(value, str):
        return None
    fixed = read_leniently(value)
    if fixed is None and (fault := lenient_fault(value)) is not None:  # 29.02.2022
        return Finding(path, "error", "invalid-value", f"`{name}`: {fault}")
    both = with_full_year(value, today) if fixed is None else None
    readings = both_readings(value) if fixed is None and both is None else None
    if fixed is None and both is None and readings is None:
        return None
    if not said:
        return _form_only(path, name, short_year=both is not None)
    if both is not None and len(both) == 1:  # 12.03.85: not 2085
        fixed, both = both[0], None
    if both is not None:
        return Finding(path, "error", "invalid-value", _(
            "`{name}`: write the year in full, year first: `{recent}`, or `{older}` if the year "
            "is of the last century").format(name=name, recent=both[0], older=both[1]))
    if readings is not None:
        if "/" in value:
            message = _("`{name}`: with slashes, the day or the month may come first; write the "
                        "date year first: `{day_first}` if the day comes first, `{month_first}` "
                        "if the month does")
        else:
            message = _("`{name}`: with hyphens, the day or the month may come first; write the "
                        "date year first: `{day_first}` if the day comes first, `{month_first}` "
                        "if the month does")
        return Finding(path, "error", "invalid-value", message.format(
            name=name, day_first=readings[0], month_first=readings[1]))
    return Finding(path, "error", "invalid-value",
                   _("`{name}`: a date is written year first as YYYY-MM-DD, YYYY-MM or YYYY, "
                     "with zero padding; write `{date}`").format(name=name, date=fixed))


def _form_only(path: tuple, name: str, short_year: bool) -> Finding:
    """How to write a date read another way, shown on a date of no file (10 May 2014), where
    the date it is may not be said."""
    if short_year:
        return Finding(path, "error", "invalid-value", _(
            "`{name}`: write the year in full and first, then the month and the day: "
            "YYYY-MM-DD, with hyphens and zero padding (10.05.14 is written `2014-05-10`)")
            .format(name=name))
    return Finding(path, "error", "invalid-value", _(
        "`{name}`: a date is written year first, then the month and the day: YYYY-MM-DD, "
        "YYYY-MM or YYYY, with hyphens and zero padding (10.05.2014 is written `2014-05-10`, "
        "May 2014 `2014-05`)").format(name=name))

