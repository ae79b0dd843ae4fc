"""Names compared across scripts and transliterations."""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from typing import Any, Iterator

CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ye", "ё": "yo",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ъ": "", "ы": "y", "э": "e", "ю": "yu",
    "я": "ya", "ı": "i",
}
_APOSTROPHES = "'’ʼ`´‘"
_SPLIT = re.compile(r"[^a-z]+")
_FOLDS = (("kh", "h"), ("gh", "h"), ("g", "h"), ("x", "ks"), ("w", "v"), ("tz", "c"),
          ("ts", "c"), ("ck", "k"), ("q", "k"), ("j", "i"), ("y", "i"))
_DOUBLE = re.compile(r"(.)\1+")
_GLIDE = re.compile(r"(?<=[aeou])i(?=[aeiou])")  # Abdullaiev -> Abdullaev
_SOFT_E = re.compile(r"ie")  # Afanasiev, Afanasyev -> Afanasev; Yevhen -> Evhen


_TO_LATIN = str.maketrans({**CYRILLIC_TO_LATIN, **dict.fromkeys(_APOSTROPHES)})


def _latin(text: str) -> str:
    """Lower case, Cyrillic transliterated, apostrophes, accents and other combining marks gone:
    each step one pass in C (a character at a time in Python cost more than parsing the file)."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", text).lower()
                                 .translate(_TO_LATIN))
    marks = {ord(ch): None for ch in set(text) if unicodedata.combining(ch)}
    return text.translate(marks) if marks else text


@functools.lru_cache(maxsize=1 << 16)
def fold(token: str) -> str:
    """One Latin name part with the spelling variants of transliterations folded together."""
    for a, b in _FOLDS:
        token = token.replace(a, b)
    token = _DOUBLE.sub(r"\1", token)
    token = _GLIDE.sub("", token)
    token = _SOFT_E.sub("e", token)
    return _DOUBLE.sub(r"\1", token)


def _parts(text: str) -> Iterator[str]:
    """The folded Latin parts of `text`, in written order, folded as they are asked for."""
    return (part for token in _SPLIT.split(_latin(text)) if token and (part := fold(token)))


def normalize(name: str) -> tuple[str, ...]:
    """A name in any script as folded Latin parts, in written order (order is compared later)."""
    return tuple(_parts(name))


def raw_names(data: dict) -> list[str]:
    """Every written form of a case's name, in one order for every reader (the duplicate
    finder's profile of a file and of its summary): each script of `name`, then each alias."""
    out: list[str] = []
    name = data.get("name")
    if isinstance(name, dict):
        out += [v for k in ("en", "uk", "ru", "crh") if isinstance(v := name.get(k), str)]
    aliases = data.get("aliases")
    if isinstance(aliases, list):
        out += [a for a in aliases if isinstance(a, str)]
    return out


def case_names(case: Any) -> list[str]:
    """`raw_names` of a loaded case (a `Case`), read from its fields: dumping the whole case
    would dump its private block too (and pydantic's warning about a sealed one quotes it)."""
    name = getattr(case, "name", None)
    scripts = [getattr(name, k, None) for k in ("en", "uk", "ru", "crh")] if name else []
    return [n for n in (*scripts, *(getattr(case, "aliases", None) or ())) if isinstance(n, str)]


def first_parts(name: str, count: int) -> tuple[str, ...]:
    """`normalize(name)[:count]`, without folding the parts after those."""
    return tuple(itertools.islice(_parts(name), count))


def parts_in_text(text: str) -> set[str]:
    """Every part `normalize` gives of the whole of `text`: a name that stands in the text as
    written (not escaped) has all its parts among them, so a file whose text holds none of a
    person's parts cannot name that person. The distinct tokens are folded, not every one (a
    file repeats its keys): 15% less of the hook's time on a withheld file. An ASCII text (most
    files) is split as bytes: `_latin` would only lower it and drop its apostrophes, and a byte
    table then a split do what the regex split did at a third of the cost; its words' parts are
    remembered by their bytes (the hook's run looks through 1,000 withheld files alike)."""
    if not text.isascii():
        return {part for token in set(_SPLIT.split(_latin(text)))
                if token and (part := fold(token))}
    out = set()
    for token in set(text.encode().lower().translate(_NOT_LETTER, b"'`").split()):
        part = _FOLDED.get(token)
        if part is None:
            part = fold(token.decode())
            if len(_FOLDED) < _FOLDED_MAX and len(token) <= _FOLDED_LONGEST:
                _FOLDED[token] = part
        if part:
            out.add(part)
    return out


# every byte but a-z as a space (the ASCII apostrophes are deleted before: `_latin` drops them)
_NOT_LETTER = bytes(b if 97 <= b <= 122 else 32 for b in range(256))
# an ASCII token's folded part, by its bytes: the files of a dataset share most of their words
_FOLDED: dict[bytes, str] = {}
_FOLDED_MAX, _FOLDED_LONGEST = 1 << 16, 40  # words, and letters a word: a few MB at most


def fold_case(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def fold_words(text: str) -> str:
    """Words as people type them, folded for looking up in a table of words (regions, the
    values' Ukrainian words): compatibility forms and case gone, either apostrophe typed as `'`."""
    return unicodedata.normalize("NFKC", text).casefold().replace("’", "'").replace("ʼ", "'")


# Cyrillic letters drawn like a Latin one in common fonts: typed on a Cyrillic keyboard layout in
# a key, an id, a code or an English name, one cannot be seen, yet makes the word another one.
LOOKALIKES = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
    "ѕ": "s", "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԛ": "Q", "Ԝ": "W", "Ӏ": "I",
    "Һ": "H",
}
_TO_LOOKED_LIKE = str.maketrans(LOOKALIKES)


def as_latin(text: str) -> str:
    """`text` with each Cyrillic look-alike replaced by the Latin letter it looks like."""
    return text.translate(_TO_LOOKED_LIKE)


def first_lookalike(text: str) -> tuple[int, str, str] | None:
    """The first Cyrillic look-alike of `text`: its index, itself and the Latin letter it looks
    like; None when there is none."""
    return next(((i, ch, LOOKALIKES[ch]) for i, ch in enumerate(text) if ch in LOOKALIKES), None)


def first_cyrillic_among_latin(text: str) -> int | None:
    """The index of the first Cyrillic letter of a text that also holds Latin letters (a name
    mixing scripts, which looks right but matches nothing written in one script); None when
    the text keeps to one script."""
    latin = cyrillic = None
    for i, ch in enumerate(text):
        if not ch.isalpha():
            continue
        script = unicodedata.name(ch, "").split(" ", 1)[0]
        if script == "LATIN" and latin is None:
            latin = i
        elif script == "CYRILLIC" and cyrillic is None:
            cyrillic = i
        if latin is not None and cyrillic is not None:
            return cyrillic
    return None


# Latin letters drawn like a Ukrainian Cyrillic one: typed on a Latin layout inside a Ukrainian
# name (`Ковалiv` with a Latin i), they cannot be seen, yet no search in Cyrillic finds the name.
CYRILLIC_LOOKALIKES = {latin: cyrillic for cyrillic, latin in LOOKALIKES.items()
                       if cyrillic in "аеорсухіАВЕКМНОРСТХІ"}
_WORD = re.compile(r"[^\W\d_]+")


def first_latin_in_cyrillic_word(text: str) -> int | None:
    """The index of the first Latin letter in a word that also holds Cyrillic letters (a word of
    a Ukrainian name typed partly on a Latin layout); None when every word keeps to one script."""
    for word in _WORD.finditer(text):
        scripts = [unicodedata.name(ch, "").split(" ", 1)[0] for ch in word[0]]
        if "CYRILLIC" in scripts and "LATIN" in scripts:
            return word.start() + scripts.index("LATIN")
    return None
