"""The words researchers write in Ukrainian (or in Russian, or Ukrainian as Russian shaped it) for
a value the files keep in English: `type: затримання` is `type: detained`. A message says the
value to write, and the value's Ukrainian name (the first word of its row) beside it; never what
was typed. Small on purpose: the words people actually write, by the enum they belong to."""

from __future__ import annotations

from kremlinlist.model.names import fold_words

# value -> its Ukrainian name first, then other words for it. A value shared by two enums
# (`public`) has one row, which serves both.
WORDS: dict[str, tuple[str, ...]] = {
    # event `type` (case.EventType)
    "detained": ("затримання", "затримано", "затриманий", "затримана", "затримали", "арешт",
                 "заарештовано", "заарештований", "заарештована", "задержання", "задержание",
                 "задержан", "задержана", "арест"),
    "charged": ("обвинувачення", "обвинувачено", "підозра", "повідомлення про підозру",
                "обвинение", "обвинен"),
    "trial": ("суд", "судовий процес", "судовий розгляд", "судебный процесс"),
    "sentenced": ("вирок", "засуджено", "засуджений", "засуджена", "присуд", "приговор",
                  "осужден", "осуждена"),
    "appeal": ("апеляція", "апеляційний суд", "апелляция"),
    "transferred": ("переведення", "переведено", "етапування", "етап", "этап", "перевод"),
    "hunger-strike": ("голодування", "голодовка"),
    "health": ("здоров'я", "стан здоров'я", "здоровье"),
    "released": ("звільнення", "звільнено", "звільнений", "звільнена", "вийшов на волю",
                 "освобождение", "освобожден", "освобождена"),
    "died": ("смерть", "помер", "померла", "загинув", "загинула", "умер", "умерла"),
    "disappeared": ("зникнення", "зник", "зникла", "зник безвісти", "зникла безвісти", "пропал",
                    "пропала"),
    "recognized": ("визнання", "визнано", "визнаний", "визнана"),
    # event `how` of a release (case.ReleaseHow)
    "exchange": ("обмін", "обміняли", "обмен"),
    "sentence-served": ("відбув строк", "відбула строк", "відбув покарання",
                        "відбула покарання"),
    "acquitted": ("виправдано", "виправданий", "виправдана", "виправдання", "оправдан"),
    "pardoned": ("помилування", "помилувано", "помилуваний", "помилувана", "помилован"),
    # event `regime`
    "general": ("загальний", "загальний режим", "общий режим"),
    "strict": ("суворий", "суворий режим", "строгий", "строгий режим"),
    "special": ("особливий", "особливий режим", "особый режим"),
    "settlement": ("колонія-поселення", "поселення", "колония-поселение", "поселение"),
    "prison": ("тюрма", "в'язниця", "тюремний режим", "тюрьма"),
    # assessment `decision`
    "candidate": ("кандидат", "кандидатура", "на розгляді"),
    "listed": ("у списку", "в списку", "внесено", "включено", "внесений", "внесена"),
    "delisted": ("виключено", "вилучено", "виключений", "виключена"),
    # `sex`
    "male": ("чоловік", "чоловіча", "чоловіча стать", "ч", "чол", "мужчина", "мужской", "м"),
    "female": ("жінка", "жіноча", "жіноча стать", "ж", "жін", "женщина", "женский"),
    # `publicity`
    "public": ("публічна", "публічний", "публічно", "відкрито", "публичный"),
    "anonymous": ("анонімна", "анонімно", "анонімний", "анонимно"),
    "hidden": ("прихована", "приховано", "прихований", "скрыто"),
}

# ISO 3166-1 code -> the country's names in English and Ukrainian, then other words for it: the
# countries the files name most (`citizenship`, an organization's `country`).
COUNTRIES: dict[str, tuple[str, ...]] = {
    "UA": ("Ukraine", "Україна", "Украина", "українець", "українка", "громадянин України"),
    "RU": ("Russia", "Росія", "Россия", "Російська Федерація", "РФ"),
    "BY": ("Belarus", "Білорусь", "Беларусь"),
    "MD": ("Moldova", "Молдова"),
    "GE": ("Georgia", "Грузія", "Грузия"),
    "KZ": ("Kazakhstan", "Казахстан"),
    "PL": ("Poland", "Польща", "Польша"),
}


def _fold(text: str) -> str:
    return " ".join(fold_words(text).strip(" .,;:!").split())


_VALUE_OF = {_fold(w): value for value, words in WORDS.items() for w in words}
_COUNTRY_OF = {_fold(w): code for code, words in COUNTRIES.items() for w in words}


def value_for(typed: str, allowed: list[str] | tuple[str, ...]) -> str | None:
    """The one of `allowed` that `typed` is a word for; None when it is none of theirs."""
    value = _VALUE_OF.get(_fold(typed))
    return value if value in allowed else None


def ukrainian_name(value: str) -> str:
    """What a value is called in Ukrainian, as a message says it beside the value."""
    return WORDS[value][0]


def country_for(typed: str) -> str | None:
    """The ISO 3166-1 code of a country written by its name; None when not one of the table's."""
    return _COUNTRY_OF.get(_fold(typed))


def country_name(code: str, lang: str) -> str:
    """The country's name in `lang` (en or uk)."""
    return COUNTRIES[code][1 if lang == "uk" else 0]
