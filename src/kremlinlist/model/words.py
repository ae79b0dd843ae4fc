"""The words researchers write, in Ukrainian (or in Russian, or Ukrainian as Russian shaped it) or
in everyday English, for a value the files keep in English: `type: затримання` and `type:
arrested` are `type: detained`. A message says the value to write (with the Ukrainian name of a
value beside it); never what was typed. Small on purpose: the words people actually write, by the
enum they belong to.

A value is suggested by its spelling only for a typo of the value itself (`detaned`): a word of
these tables, or one that differs from every value by more than a slip of a finger, gets none, for
`arrested` is not a misspelt `released` and a researcher following such a hint would record a
release for an arrest."""

from __future__ import annotations

from kremlinlist.model.names import as_latin, fold_words

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

# value -> the everyday English words for it. A release's word that says how (`exchanged`) is the
# word of its `how`: for an event's `type` it means `type: released` with that `how`. A word that
# may mean one value or another (a verdict may acquit, a hearing may extend custody, a suspect is
# not charged yet, someone missing may be detained) is not here: it gets the list of values.
ENGLISH: dict[str, tuple[str, ...]] = {
    "detained": ("arrested", "arrest", "detention", "detain", "jailed", "imprisoned",
                 "imprisonment", "incarcerated", "abducted", "abduction", "kidnapped", "captured",
                 "taken prisoner", "taken into custody", "in custody", "custody", "seized",
                 "apprehended", "locked up"),
    "charged": ("charge", "charges", "indicted", "indictment", "accused", "prosecuted",
                "prosecution"),
    "trial": ("tried", "on trial", "trial began", "trial started"),
    "sentenced": ("convicted", "conviction", "sentence", "found guilty", "guilty", "condemned"),
    "appeal": ("appealed", "appeal hearing", "cassation"),
    "transferred": ("transfer", "moved", "relocated", "transported", "etap"),
    "hunger-strike": ("hunger strike", "hunger striking", "on hunger strike", "hungerstrike"),
    "health": ("ill", "illness", "sick", "sickness", "disease", "medical", "hospitalized",
               "hospitalised"),
    "released": ("freed", "free", "set free", "release", "liberated", "let go"),
    "died": ("dead", "death", "die", "deceased", "killed", "murdered", "passed away"),
    "disappeared": ("disappearance", "vanished", "whereabouts unknown",
                    "enforced disappearance"),
    "recognized": ("recognition", "recognised", "political prisoner",
                   "declared political prisoner"),
    "exchange": ("exchanged", "swap", "swapped", "prisoner exchange", "prisoner swap"),
    "sentence-served": ("served", "sentence served", "term served", "served sentence",
                        "served the sentence", "end of term", "term ended"),
    "acquitted": ("acquittal", "not guilty", "found not guilty"),
    "pardoned": ("pardon", "clemency"),
    "general": ("general regime", "common regime"),
    "strict": ("strict regime",),
    "special": ("special regime",),
    "settlement": ("colony settlement", "penal settlement", "settlement colony"),
    "prison": ("jail", "prison regime"),
    "candidate": ("pending", "under review", "in review", "review", "proposed", "nominated",
                  "candidacy"),
    "listed": ("approved", "accepted", "included", "added", "on the list", "relisted"),
    "delisted": ("removed", "excluded", "off the list", "unlisted", "delist"),
    "male": ("m", "man", "men", "boy", "masculine"),
    "female": ("f", "w", "woman", "women", "girl", "feminine"),
    "public": ("open", "named", "published"),
    "anonymous": ("anon", "anonymised", "anonymized", "unnamed", "nameless", "name withheld"),
    "hidden": ("secret", "unpublished", "not published"),
    "on": ("exactly", "exact"),
    "by": ("before", "no later than", "at the latest"),
}
# The ways of a release (case.ReleaseHow) a word may name for an event's `type`
RELEASES = ("exchange", "sentence-served", "acquitted", "pardoned")

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
_ENGLISH_OF = {_fold(w): value for value, words in ENGLISH.items() for w in words}
_COUNTRY_OF = {_fold(w): code for code, words in COUNTRIES.items() for w in words}


def meaning(typed: str, allowed: list[str] | tuple[str, ...]) -> tuple[str, str | None] | None:
    """What `typed`, a word of the tables, means among `allowed`: the value, and the `how` of a
    release where the word says it (`exchanged` for an event's `type`: `released`, `exchange`);
    None when it is no word of theirs, or one for a value not allowed here."""
    folded = _fold(typed)
    value = (_VALUE_OF.get(folded) or _ENGLISH_OF.get(folded)
             or (folded if folded in RELEASES else None))  # `type: pardoned`
    if value in allowed:
        return value, None
    if value in RELEASES and "released" in allowed:
        return "released", value
    return None


def is_ukrainian(typed: str) -> bool:
    """Whether `typed` is one of the Ukrainian (or Russian) words of the tables."""
    return _fold(typed) in _VALUE_OF


def is_word(typed: str) -> bool:
    """Whether `typed` is a word of the tables, or a value of another list (`type: exchange`):
    a word that means something, so never a typo of another value."""
    folded = _fold(typed)
    return folded in _VALUE_OF or folded in _ENGLISH_OF or folded in WORDS


# QWERTY's neighbouring keys, the slips of a finger a typo is made of
_ROWS = ("1234567890-", "qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEAR = {(a, b) for r, row in enumerate(_ROWS) for c, a in enumerate(row)
         for dr, dc in ((0, -1), (0, 1), (-1, 0), (-1, 1), (1, -1), (1, 0))
         if 0 <= r + dr < len(_ROWS) and 0 <= c + dc < len(_ROWS[r + dr])
         for b in _ROWS[r + dr][c + dc]}
_VOWELS = frozenset("aeiouy")
_SAME_SOUND = frozenset(map(frozenset, ("sc", "ck", "sz")))  # sentensed, sentenzed


def _plain(text: str) -> str:
    """A value as its typos are compared: lower case, `-`, `_` and spaces alike, doubled letters
    once (`transfered`, `dissapeared`, `Hunger strike` are not slips)."""
    text = "-".join(as_latin(fold_words(text)).replace("_", " ").replace("-", " ").split())
    return "".join(ch for i, ch in enumerate(text) if i == 0 or ch != text[i - 1])


def _one_slip(typed: str, value: str) -> bool:
    """Whether `typed` is `value` with at most one slip: a letter left out or added, two letters
    swapped, a neighbouring key struck, or (in a long value) one vowel for another, or one
    letter for another of the same sound (`sentensed`); never in the first letter, which a
    typo seldom hits and another word often does (`retained`)."""
    if typed == value:
        return True
    if not typed or typed[0] != value[0] or abs(len(typed) - len(value)) > 1:
        return False
    if len(typed) != len(value):
        short, long_ = sorted((typed, value), key=len)
        return any(long_[:i] + long_[i + 1:] == short for i in range(1, len(long_)))
    diff = [i for i, (a, b) in enumerate(zip(typed, value)) if a != b]
    if len(diff) == 2:
        i, j = diff
        return j == i + 1 and typed[i] == value[j] and typed[j] == value[i]
    a, b = typed[diff[0]], value[diff[0]]
    return len(diff) == 1 and ((a, b) in _NEAR or (len(value) >= 8 and (
        {a, b} <= _VOWELS or frozenset((a, b)) in _SAME_SOUND)))


def typo_of(typed: str, allowed: list[str] | tuple[str, ...]) -> str | None:
    """The one of `allowed` that `typed` is a typo of (`detaned`, `Femal`, `hunger strike`);
    None for a word that means something (`arrested`, `exchanged`: `meaning` says what), one a
    slip away from two values (`fmale`), and one further from every value. A value of three
    letters or fewer (`on`, `by`) is given only for a difference of letter case."""
    plain = _plain(typed)
    same = [v for v in allowed if plain == _plain(v)]
    if same or is_word(typed):
        return same[0] if len(same) == 1 else None
    found = [v for v in allowed if len(v) > 3 and _one_slip(plain, _plain(v))]
    return found[0] if len(found) == 1 else None


def ukrainian_name(value: str) -> str:
    """What a value is called in Ukrainian, as a message says it beside the value."""
    return WORDS[value][0]


def country_for(typed: str) -> str | None:
    """The ISO 3166-1 code of a country written by its name; None when not one of the table's."""
    return _COUNTRY_OF.get(_fold(typed))


def country_name(code: str, lang: str) -> str:
    """The country's name in `lang` (en or uk)."""
    return COUNTRIES[code][1 if lang == "uk" else 0]
