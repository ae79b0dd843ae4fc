"""Ukraine's regions by ISO 3166-2 code, in English and Ukrainian: one table for `new`, which checks
a code, and the exports, which print the region's name; and one reading of a region as people
write it, for `new`, intake and validate's messages."""

from __future__ import annotations

import re

from kremlinlist.model.names import fold_words, normalize

LANGS = ("en", "uk")

REGIONS: dict[str, tuple[str, str]] = {  # code -> (English, Ukrainian)
    "UA-05": ("Vinnytsia Oblast", "Вінницька обл."), "UA-07": ("Volyn Oblast", "Волинська обл."),
    "UA-09": ("Luhansk Oblast", "Луганська обл."),
    "UA-12": ("Dnipropetrovsk Oblast", "Дніпропетровська обл."),
    "UA-14": ("Donetsk Oblast", "Донецька обл."), "UA-18": ("Zhytomyr Oblast", "Житомирська обл."),
    "UA-21": ("Zakarpattia Oblast", "Закарпатська обл."),
    "UA-23": ("Zaporizhzhia Oblast", "Запорізька обл."),
    "UA-26": ("Ivano-Frankivsk Oblast", "Івано-Франківська обл."),
    "UA-30": ("Kyiv", "Київ"), "UA-32": ("Kyiv Oblast", "Київська обл."),
    "UA-35": ("Kirovohrad Oblast", "Кіровоградська обл."), "UA-40": ("Sevastopol", "Севастополь"),
    "UA-43": ("Crimea", "Крим"), "UA-46": ("Lviv Oblast", "Львівська обл."),
    "UA-48": ("Mykolaiv Oblast", "Миколаївська обл."), "UA-51": ("Odesa Oblast", "Одеська обл."),
    "UA-53": ("Poltava Oblast", "Полтавська обл."), "UA-56": ("Rivne Oblast", "Рівненська обл."),
    "UA-59": ("Sumy Oblast", "Сумська обл."), "UA-61": ("Ternopil Oblast", "Тернопільська обл."),
    "UA-63": ("Kharkiv Oblast", "Харківська обл."), "UA-65": ("Kherson Oblast", "Херсонська обл."),
    "UA-68": ("Khmelnytskyi Oblast", "Хмельницька обл."),
    "UA-71": ("Cherkasy Oblast", "Черкаська обл."), "UA-74": ("Chernihiv Oblast", "Чернігівська обл."),
    "UA-77": ("Chernivtsi Oblast", "Чернівецька обл."),
}


def region_name(code: str, lang: str) -> str | None:
    """The region's name in `lang` (en or uk); None for a code not in the table."""
    names = REGIONS.get(code)
    return names[LANGS.index(lang)] if names else None


# Names people call a region by that the table's names do not begin: its centre or its land, and
# the towns of the occupied areas that reports name for where a person was taken. Ukrainian's
# -щина/-ччина names (Херсонщина) are made from the table (`_spoken`).
_ALSO_CALLED: dict[str, tuple[str, ...]] = {
    "UA-07": ("Волинь", "Луцьк"), "UA-21": ("Закарпаття", "Ужгород"),
    "UA-09": ("Сєвєродонецьк", "Лисичанськ", "Алчевськ", "Старобільськ"),
    "UA-14": ("Маріуполь", "Горлівка", "Макіївка", "Краматорськ", "Бахмут"),
    "UA-23": ("Запоріжжя", "Мелітополь", "Бердянськ", "Енергодар"),
    "UA-35": ("Кропивницький",), "UA-43": ("АРК", "Сімферополь", "Ялта", "Керч", "Євпаторія",
                                            "Феодосія", "Джанкой", "Бахчисарай", "Армянськ"),
    "UA-63": ("Ізюм", "Куп'янськ"), "UA-65": ("Нова Каховка", "Каховка", "Скадовськ", "Генічеськ",
                                               "Олешки"),
    "UA-77": ("Буковина",),
}
# Words around a region's name that say no more of which one it is, except that an oblast's or a
# city's word tells Kyiv Oblast (UA-32) from Kyiv (UA-30): `_kind`.
_OBLAST_WORDS = ("oblast", "region", "obl", "область", "обл", "регіон")
_CITY_WORDS = ("city", "misto", "місто", "м", "город")
_NOISE = re.compile(r"\b(" + "|".join(_OBLAST_WORDS + _CITY_WORDS) + r"|ar|autonomous|republic|of|"
                    r"avtonomna|respublika|ар|автономна|республіка|автономная|республика|"
                    r"ukraine|україна|украина)\b")
_CITIES = ("UA-30", "UA-40")  # the two cities with a region's status: Kyiv and Sevastopol
_UA_CODE = re.compile(r"^ua\s*[-_\s\u2010-\u2015\u2212]?\s*(\d{2})$")


# Spellings from Russian that sources in English still use, with the Ukrainian one to prefer; a
# word of a region's name (`Lugansk Oblast`, `Ivano-Frankovsk`), folded as `fold_words` folds it.
_FROM_RUSSIAN = {
    "kiev": "Kyiv", "kharkov": "Kharkiv", "odessa": "Odesa", "nikolaev": "Mykolaiv",
    "nikolayev": "Mykolaiv", "lugansk": "Luhansk", "zaporozhye": "Zaporizhzhia",
    "zaporozhie": "Zaporizhzhia", "zaporozhe": "Zaporizhzhia", "dnepropetrovsk": "Dnipropetrovsk",
    "dnepr": "Dnipro", "zhitomir": "Zhytomyr", "rovno": "Rivne", "chernigov": "Chernihiv",
    "chernovtsy": "Chernivtsi", "kirovograd": "Kirovohrad", "ternopol": "Ternopil",
    "khmelnitsky": "Khmelnytskyi", "khmelnitskiy": "Khmelnytskyi", "vinnitsa": "Vinnytsia",
    "lvov": "Lviv", "frankovsk": "Frankivsk", "cherkassy": "Cherkasy", "zakarpatye": "Zakarpattia",
}


def ukrainian_spelling(typed: str) -> str | None:
    """`typed` with each word of a region's name spelt from Russian spelt the Ukrainian way
    (`Kiev Oblast` -> `Kyiv Oblast`), for a message to say which to prefer; None when it has
    none."""
    spelt = re.sub(r"[^\W\d_]+", lambda m: _FROM_RUSSIAN.get(fold_words(m[0]), m[0]), typed)
    return spelt if spelt != typed else None


def _fold(text: str) -> str:
    text = _NOISE.sub(" ", re.sub(r"[.,;()\-\u2010-\u2015]", " ", fold_words(text)))
    return " ".join(text.split())


def _kind(text: str) -> str | None:
    """"oblast" or "city" when `text` has a word for the one and none for the other."""
    words = set(re.findall(r"\w+", fold_words(text)))
    oblast, city = bool(words & set(_OBLAST_WORDS)), bool(words & set(_CITY_WORDS))
    return "oblast" if oblast and not city else "city" if city and not oblast else None


def _without_country(text: str) -> str:
    return " ".join(re.sub(r"\b(ukraine|україна|украина)\b|[.,;]", " ", fold_words(text)).split())


def _spoken(uk: str) -> tuple[str, ...]:
    """The name Ukrainian speaks of an oblast by: Херсонська обл. -> Херсонщина, Донецька ->
    Донеччина."""
    adjective = uk.split()[0]
    for ending, region in (("цька", "ччина"), ("ська", "щина")):
        if uk.endswith(" обл.") and adjective.endswith(ending):
            return (adjective.removesuffix(ending) + region,)
    return ()


_NAMES = {code: (en, uk, *_spoken(uk), *_ALSO_CALLED.get(code, ()))
          for code, (en, uk) in REGIONS.items()}
_FOLDED = {code: tuple(_fold(n) for n in names) for code, names in _NAMES.items()}


def _latin(folded: str) -> str:
    """A folded name with the differences between transliterations folded away (`names.normalize`):
    `Kyivs'ka`, `Kyivska` and `Київська` are one."""
    return " ".join(normalize(folded))


_LATIN = {code: tuple(_latin(n) for n in names) for code, names in _FOLDED.items()}


def region_codes(typed: str) -> tuple[str, ...]:
    """The codes of Ukraine's regions that `typed` may mean, as people write a region: its code
    (`ua-65`, `UA 65`), its name in English or Ukrainian (`Kherson`, `Херсонська обл.`,
    `Автономна Республіка Крим`), the name Ukrainian speaks of it by (`Херсонщина`,
    `Запоріжжя`), the start of one of those (of four letters at least to mean one), with or
    without the country after it (`Kherson Oblast, Ukraine`); `Kyiv Oblast`, `Київ обл.`,
    `Київщина` are UA-32, `Kyiv city`, `місто Київ` and a bare `Kyiv` UA-30; the Ukrainian name
    in any common transliteration (`Kyivska oblast`, `Kharkivs'ka`), or spelt from Russian
    (`Kiev`, `Lugansk`: `ukrainian_spelling`). One reading for `new`, intake and validate's
    messages: none when nothing fits, several when more than one region does."""
    raw = (ukrainian_spelling(typed) or typed).strip()
    if "," in raw:  # "Енергодар, Запорізька обл.": a place and its region, if all say one
        said = {region_codes(part) for part in raw.split(",") if _fold(part)}
        if len(said) == 1 and len(found := said.pop()) == 1:
            return found
    if raw.upper() in REGIONS:
        return (raw.upper(),)
    want = _fold(raw)
    code = _UA_CODE.match(want)
    if code:
        return (f"UA-{code[1]}",) if f"UA-{code[1]}" in REGIONS else ()
    if not want:
        return ()
    latin = _latin(want)
    kind = _kind(raw)
    exact = [c for c, names in _FOLDED.items() if want in names] or [
        c for c, names in _LATIN.items() if latin in names]
    if kind and exact and all(_kind_of(c) != kind for c in exact):
        # "Київ обл.": the oblast's word on the city's name, which the oblast's name begins
        exact = [c for c in _starting(want, latin) if _kind_of(c) == kind] or exact
    if len(exact) > 1:  # "Kyiv Oblast, Ukraine", "Kyiv city": the word says which
        exact = [c for c in exact if _kind_of(c) == kind] or exact
    if len(exact) > 1:  # "Kyiv", "Kyiv, Ukraine", "Kyyiv": the city, whose name is what was typed
        bare = _latin(_without_country(raw))
        exact = [c for c, names in _NAMES.items()
                 if any(_latin(_without_country(n)) == bare for n in names)] or exact
    if exact:
        return tuple(exact)
    found = _starting(want, latin)
    # `Ж`, `Lu`: too short to be taken for one region (`Kh` may still list those it starts)
    return () if len(want) < 4 and len(found) == 1 else found


def _kind_of(code: str) -> str:
    return "city" if code in _CITIES else "oblast"


def _starting(want: str, latin: str) -> tuple[str, ...]:
    """The regions one of whose names begins with `want` (folded), else with `latin`."""
    return tuple(c for c, names in _FOLDED.items() if any(n.startswith(want) for n in names)) \
        or tuple(c for c, names in _LATIN.items() if any(n.startswith(latin) for n in names))


def region_code(typed: str) -> str | None:
    """The one region `typed` means (`region_codes`); None when none or several fit."""
    found = region_codes(typed)
    return found[0] if len(found) == 1 else None
