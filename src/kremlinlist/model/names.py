"""Names compared across scripts and transliterations."""

from __future__ import annotations

import re
import unicodedata

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


def _latin(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower()
    text = "".join(CYRILLIC_TO_LATIN.get(ch, ch) for ch in text if ch not in _APOSTROPHES)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def fold(token: str) -> str:
    """One Latin name part with the spelling variants of transliterations folded together."""
    for a, b in _FOLDS:
        token = token.replace(a, b)
    token = _DOUBLE.sub(r"\1", token)
    token = _GLIDE.sub("", token)
    token = _SOFT_E.sub("e", token)
    return _DOUBLE.sub(r"\1", token)


def normalize(name: str) -> tuple[str, ...]:
    """A name in any script as folded Latin parts, in written order (order is compared later)."""
    return tuple(f for f in (fold(t) for t in _SPLIT.split(_latin(name)) if t) if f)


def fold_case(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())
