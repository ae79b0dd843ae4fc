"""`kremlinlist stats`: counts for reports and press answers, over the current list and over all cases.

Two scopes side by side, because they answer different questions: "the list" is the people the
coalition recognizes who are still held today (`timeline.on_list`), what a press release counts;
"all cases" is every person ever filed, whatever the decision or status, what a researcher's
workload is. The totals and breakdowns follow `redaction`: a public person counts under every
dimension, an anonymous one only under status, decision and region (what the list shows of
them) and as `not published` under the others, a number only from `redaction.K` up. A hidden
person (or one whose publicity cannot be read) is in no total and no breakdown, only in the one
total `not_published`, said as `redaction.hidden_total`: a total that moved with one hidden
person would tell, against the list or last month's stats, when they arrived.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date
from typing import Iterable

from kremlinlist.model import redaction
from kremlinlist.model import timeline
from kremlinlist.model.case import Case
from kremlinlist.model.terms import parse_term

DIMENSIONS = ("status", "decision", "region", "criteria", "articles", "sentence",
              "years_in_custody", "organization")
SCOPES = ("list", "all")
SENTENCE_BUCKETS = ("<5y", "5-10y", "10-15y", "15-20y", ">20y", "life", "unknown")
CUSTODY_BUCKETS = ("<1y", "1-3y", "3-5y", "5-10y", ">10y", "unknown")
UNKNOWN = "unknown"
NOT_PUBLISHED = "not published"
# What of an anonymous person a breakdown may show: what the public list shows of them.
ANONYMOUS_DIMENSIONS = ("status", "decision", "region")


def sentence_years(term: str | None) -> float | None:
    """A term such as `8y6m` in years; None for no term or `life`."""
    parsed = parse_term(term)
    if not isinstance(parsed, tuple):
        return None
    y, mo, d = parsed
    return y + mo / 12 + d / 365.25


def sentence_bucket(term: str | None) -> str:
    """Bounds belong to the lower bucket: 10y is "5-10y", 20y is "15-20y"."""
    if term == "life":
        return "life"
    years = sentence_years(term)
    return UNKNOWN if years is None else _bucket(years, (5, 10, 15, 20), SENTENCE_BUCKETS)


def custody_bucket(days: int | None) -> str:
    """Years held over all custody periods (at least; see timeline); a bound belongs below."""
    return UNKNOWN if days is None else _bucket(days / 365.25, (1, 3, 5, 10), CUSTODY_BUCKETS)


def _bucket(years: float, bounds: tuple[float, ...], labels: tuple[str, ...]) -> str:
    """`labels[0]` below the first bound; then up to and including each next bound; the label
    after those above the last."""
    if years < bounds[0]:
        return labels[0]
    for label, upper in zip(labels[1:], bounds[1:]):
        if years <= upper:
            return label
    return labels[len(bounds)]


def _values(case: Case, st: timeline.Status) -> dict[str, list[str]]:
    """The keys one case counts under, per dimension (a case may count under several articles,
    criteria or organizations)."""
    a = case.assessment
    return {
        "status": [st.state],
        "decision": [a.decision],
        "region": [case.region or UNKNOWN],
        "criteria": sorted({c.id for c in a.criteria}) or ["none"],
        "articles": list(st.articles) or [UNKNOWN],
        "sentence": [sentence_bucket(st.sentence)],
        "years_in_custody": [custody_bucket(st.days_in_custody)],
        "organization": sorted(set(a.by)) or ["none"],
    }


class Tally:
    """The counts of cases as of a day, one case added at a time; the tallies of parts of a
    dataset (counted on several cores) add up to the tally of the whole."""

    def __init__(self, as_of: date):
        self.as_of = as_of
        self.counts = {scope: {d: Counter() for d in DIMENSIONS} for scope in SCOPES}
        self.totals: Counter = Counter()
        self.hidden = 0

    def add(self, case: Case) -> None:
        v = redaction.view(case)
        if v is None:
            self.hidden += 1
            return
        st = timeline.status(case, self.as_of)
        listed = timeline.on_list(case, self.as_of)
        self.totals["cases"] += 1
        self.totals["listed"] += case.assessment.decision == "listed"
        self.totals["in_custody"] += st.in_custody
        self.totals["on_list"] += listed
        shown = ANONYMOUS_DIMENSIONS if v.anonymous else DIMENSIONS
        for dim, keys in _values(case, st).items():
            keys = keys if dim in shown else [NOT_PUBLISHED]
            self.counts["all"][dim].update(keys)
            if listed:
                self.counts["list"][dim].update(keys)

    def merge(self, other: "Tally") -> None:
        for scope in SCOPES:
            for dim in DIMENSIONS:
                self.counts[scope][dim].update(other.counts[scope][dim])
        self.totals.update(other.totals)
        self.hidden += other.hidden

    def result(self) -> dict:
        """Totals and counts per dimension in both scopes, as `stats` prints them."""
        totals = self.totals
        return {
            "as_of": self.as_of.isoformat(),
            "totals": {**{k: totals[k] for k in ("cases", "listed", "in_custody", "on_list")},
                       "not_published": redaction.hidden_total(self.hidden)},
            "scopes": {"list": "listed by the coalition and held today (the current list)",
                       "all": "every case file, whatever its decision or status"},
            "counts": {scope: {d: _ordered(d, Counter(self.counts[scope][d]))
                               for d in DIMENSIONS} for scope in SCOPES},
        }


def compute(cases: Iterable[Case], as_of: date) -> dict:
    """Totals and counts per dimension in both scopes, as of a day."""
    tally = Tally(as_of)
    for case in cases:
        tally.add(case)
    return tally.result()


def _ordered(dim: str, counter: Counter) -> dict[str, int | str]:
    """Keys in their order (buckets as declared, others by count), `not published` last."""
    withheld = counter.pop(NOT_PUBLISHED, 0)
    order = {"sentence": SENTENCE_BUCKETS, "years_in_custody": CUSTODY_BUCKETS}.get(dim)
    out: dict[str, int | str] = (
        {k: counter[k] for k in order if counter[k]} if order else
        dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))))
    if withheld:
        out[NOT_PUBLISHED] = redaction.count(withheld)
    return out


def to_csv(result: dict) -> str:
    """One row per count: scope, dimension, key, count (totals under dimension `total`)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["scope", "dimension", "key", "count"])
    for key, n in result["totals"].items():
        w.writerow(["", "total", key, n])
    for scope in SCOPES:
        for dim in DIMENSIONS:
            for key, n in result["counts"][scope][dim].items():
                w.writerow([scope, dim, key, n])
    return out.getvalue()


def series_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    fields = ["month", "commit", "count", "added", "released", "died"]
    w.writerow(fields)
    for row in rows:
        w.writerow([row.get(f, "") for f in fields])
    return out.getvalue()
