"""One name written in the many Latin spellings of its Cyrillic, reduced to a skeleton they share:
for telling whether an id or a file name holds a withheld person's name however the one who
typed it transliterated it (`Zhuk`, `Žuk`, `Zuk`; `Shchuka`, `Ščuka`, `Szczuka`, `Schuka`).

It is coarser than `names.fold` on purpose: a file name that might name the person is said
without its name, which costs little, while one that does name them and is missed reaches public
logs. The duplicate finder keeps `names.fold`, whose scores and goldens this does not touch.
"""

from __future__ import annotations

import functools
import re

from kremlinlist.model.names import normalize

_DOUBLE = re.compile(r"(.)\1+")
# Each step reads what `fold` left (kh, gh, g -> h; ts, tz -> c; j, y -> i; w -> v; x -> ks).
_STEPS = (
    (re.compile(r"(?<=[sz])h"), ""),  # zh, sh: ž and š without their accent are z and s
    (re.compile(r"s(?:ch)+"), "s"),  # German sch (ш), and shch once its h went: щ as ш
    (re.compile(r"(?<=[sc])z"), ""),  # Polish sz (ш), cz (ч)
    (re.compile(r"sc"), "s"),  # šč (щ) without accents, and Polish szcz once its z went
)
_GLIDE = re.compile(r"i(?=[aeou])")  # я, ю, ё: ya, ia, ja, and ISO 9's â, û without accent
# `ch` is ч in the national and English spellings, х in the Polish, German and Czech ones.
_CH = re.compile(r"ch")


@functools.lru_cache(maxsize=1 << 16)
def skeletons(part: str) -> frozenset[str]:
    """The skeletons of one part `normalize` gave: two where it holds `ch`, read as ч and as х."""
    for pattern, to in _STEPS:
        part = pattern.sub(to, part)
    readings = {_CH.sub("c", part), _CH.sub("h", part)}
    return frozenset(_DOUBLE.sub(r"\1", _GLIDE.sub("", reading)) for reading in readings)


def skeleton_parts(text: str) -> list[frozenset[str]]:
    """The skeletons of each part of `text` (an id, a file name), in written order."""
    return [skeletons(part) for part in normalize(text)]


# Given names whose Russian form a Ukrainian one is often written in (Олексій as Aleksei,
# Alexey), and which no folding of letters makes one: Ukrainian first, then its Russian form.
# Kept short, to the common names: a form not here is found only if it is among the aliases.
RUSSIAN_FORMS = (
    ("Олексій", "Алексей"), ("Олександр", "Александр"), ("Олександра", "Александра"),
    ("Микола", "Николай"), ("Андрій", "Андрей"), ("Сергій", "Сергей"), ("Дмитро", "Дмитрий"),
    ("Василь", "Василий"), ("Петро", "Пётр"), ("Павло", "Павел"), ("Михайло", "Михаил"),
    ("Володимир", "Владимир"), ("Євген", "Евгений"), ("Костянтин", "Константин"),
    ("Федір", "Фёдор"), ("Семен", "Семён"), ("Артем", "Артём"), ("Кирило", "Кирилл"),
    ("Данило", "Даниил"), ("Гліб", "Глеб"), ("Тимофій", "Тимофей"), ("Матвій", "Матвей"),
    ("Олена", "Елена"), ("Катерина", "Екатерина"), ("Тетяна", "Татьяна"), ("Ганна", "Анна"),
    ("Світлана", "Светлана"), ("Надія", "Надежда"), ("Віра", "Вера"),
)


@functools.cache
def _counterparts() -> dict[str, frozenset[str]]:
    """Each skeleton of a name of RUSSIAN_FORMS -> the skeletons of the other form."""
    out: dict[str, frozenset[str]] = {}
    for uk, ru in RUSSIAN_FORMS:
        (uk_part,), (ru_part,) = normalize(uk), normalize(ru)
        for one, other in ((uk_part, ru_part), (ru_part, uk_part)):
            for skeleton in skeletons(one):
                out[skeleton] = out.get(skeleton, frozenset()) | skeletons(other)
    return out


def name_skeletons(name: str) -> set[str]:
    """Every skeleton of each part of a person's name, and of the other form of a given name
    of RUSSIAN_FORMS."""
    out = {skeleton for part in skeleton_parts(name) for skeleton in part}
    return out | {other for skeleton in out for other in _counterparts().get(skeleton, ())}
