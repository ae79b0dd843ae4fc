"""Ukraine's regions by ISO 3166-2 code, in English and Ukrainian: one table for `new`, which checks
a code, and the exports, which print the region's name."""

from __future__ import annotations

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
