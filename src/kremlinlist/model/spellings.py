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


# Marks written inside a word for the soft sign or the apostrophe, which `normalize` would take
# for a break between two words (`olʹha` as `ol` and `ha`): ISO 9's and the scholarly prime, its
# double, the turned comma.
_MARKS = str.maketrans(dict.fromkeys("\u02b9\u02ba\u2032\u2033\u02bb\u02bd"))


def unmarked(text: str) -> str:
    """`text` without the soft signs and apostrophes written as marks inside its words."""
    return text.translate(_MARKS)


def skeleton_parts(text: str) -> list[frozenset[str]]:
    """The skeletons of each part of `text` (an id, a file name), in written order."""
    return [skeletons(part) for part in normalize(text)]


# Given names whose Russian form a Ukrainian one is often written in (Олексій as Aleksei,
# Alexey), and which no folding of letters makes one: Ukrainian first, then its Russian form,
# then any other common Latin form no folding reaches (Alexander, Petr, Fedor). Kept short, to
# the common names: a form not here is found only if it is among the aliases.
RUSSIAN_FORMS: tuple[tuple[str, ...], ...] = (
    ("Олексій", "Алексей"), ("Олександр", "Александр", "Alexander", "Oleksander"),
    ("Олександра", "Александра"),
    ("Микола", "Николай"), ("Андрій", "Андрей"), ("Сергій", "Сергей"), ("Дмитро", "Дмитрий"),
    ("Василь", "Василий"), ("Петро", "Пётр", "Petr"), ("Павло", "Павел"), ("Михайло", "Михаил"),
    ("Володимир", "Владимир"), ("Євген", "Евгений"), ("Костянтин", "Константин"),
    ("Федір", "Фёдор", "Fedor"), ("Семен", "Семён"), ("Артем", "Артём"), ("Кирило", "Кирилл"),
    ("Данило", "Даниил"), ("Гліб", "Глеб"), ("Тимофій", "Тимофей"), ("Матвій", "Матвей"),
    ("Олена", "Елена"), ("Катерина", "Екатерина"), ("Тетяна", "Татьяна"), ("Ганна", "Анна"),
    ("Світлана", "Светлана"), ("Надія", "Надежда"), ("Віра", "Вера"),
)


@functools.cache
def _counterparts() -> dict[str, frozenset[str]]:
    """Each skeleton of a name of RUSSIAN_FORMS -> the skeletons of its other forms."""
    out: dict[str, frozenset[str]] = {}
    for forms in RUSSIAN_FORMS:
        parts = [normalize(form)[0] for form in forms]
        every = frozenset(s for part in parts for s in skeletons(part))
        for part in parts:
            for skeleton in skeletons(part):
                out[skeleton] = out.get(skeleton, frozenset()) | every
    return out


def name_skeletons(name: str) -> set[str]:
    """Every skeleton of each part of a person's name, and of the other forms of a given name
    of RUSSIAN_FORMS."""
    out = {skeleton for part in skeleton_parts(name) for skeleton in part}
    return out | {other for skeleton in out for other in _counterparts().get(skeleton, ())}
