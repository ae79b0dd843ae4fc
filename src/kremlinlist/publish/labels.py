"""The list's values as words of its language: sentences, numbers, regions, "people"."""

from __future__ import annotations

from kremlinlist.model.regions import region_name
from kremlinlist.model.terms import LIFE, parse_term
from kremlinlist.publish.words import WORDS


def people_word(n: int, lang: str) -> str:
    w = WORDS[lang]
    if lang == "uk":
        if n % 10 == 1 and n % 100 != 11:
            return w["people_one"]
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return w["people_few"]
        return w["people_many"]
    return w["people_one"] if n == 1 else w["people_many"]


def sentence_label(term: str | None, lang: str) -> str | None:
    """`8y6m` as words: "8 years 6 months" or "8 р. 6 міс."."""
    if not term:
        return None
    w = WORDS[lang]
    parsed = parse_term(term)
    if parsed == LIFE:
        return w["life"]
    if parsed is None:
        return term
    parts = [f"{n} {w[unit][0] if n == 1 else w[unit][1]}" for n, unit in zip(parsed, "ymd") if n]
    return " ".join(parts) or term


def sentence_months(term: str | None) -> float | None:
    """A term as a sortable length; life sorts above any term."""
    parsed = parse_term(term)
    if parsed == LIFE:
        return 100000.0
    if parsed is None:
        return None
    y, mo, d = parsed
    return round(y * 12 + mo + d / 30, 2)


def number_label(n: int | None, lang: str) -> str | None:
    if n is None:
        return None
    return f"{n:,}".replace(",", "\u00a0" if lang == "uk" else ",")


def region_label(code: str | None, lang: str) -> str | None:
    if code is None:
        return None
    return region_name(code, lang) or code
