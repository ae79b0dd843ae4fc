"""A character as a message names it: its code point and a name in the language of messages.

A researcher reading Ukrainian was told of a `NO-BREAK SPACE` or an `EN DASH` in English, as
Python's Unicode data names them. The characters messages about a file meet (spaces that are
not a space, dashes and minus, zero-width and bidi marks, the byte-order mark, controls, curly
quotes, look-alike letters) have their names in the catalog, keyed by their Unicode name, so
English keeps the Unicode name and another language says its own; any other character keeps
its Unicode name. The code point is always given, so a name is never the only clue.
"""

from __future__ import annotations

import re
import unicodedata

from kremlinlist.base.i18n import DEFAULT, N_, _, language

# The Unicode names of the characters with a name in the catalog.
NAMED = frozenset((
    # spaces that are not the space
    N_("NO-BREAK SPACE"), N_("NARROW NO-BREAK SPACE"), N_("FIGURE SPACE"), N_("THIN SPACE"),
    N_("HAIR SPACE"), N_("EN SPACE"), N_("EM SPACE"), N_("THREE-PER-EM SPACE"),
    N_("FOUR-PER-EM SPACE"), N_("SIX-PER-EM SPACE"), N_("PUNCTUATION SPACE"),
    N_("MEDIUM MATHEMATICAL SPACE"), N_("IDEOGRAPHIC SPACE"), N_("OGHAM SPACE MARK"),
    # dashes, hyphens and minus
    N_("HYPHEN-MINUS"), N_("HYPHEN"), N_("NON-BREAKING HYPHEN"), N_("SOFT HYPHEN"),
    N_("FIGURE DASH"), N_("EN DASH"), N_("EM DASH"), N_("HORIZONTAL BAR"), N_("MINUS SIGN"),
    N_("SMALL EM DASH"), N_("SMALL HYPHEN-MINUS"), N_("FULLWIDTH HYPHEN-MINUS"),
    # zero-width characters and the byte-order mark
    N_("ZERO WIDTH SPACE"), N_("ZERO WIDTH NON-JOINER"), N_("ZERO WIDTH JOINER"),
    N_("WORD JOINER"), N_("ZERO WIDTH NO-BREAK SPACE"), N_("COMBINING GRAPHEME JOINER"),
    N_("MONGOLIAN VOWEL SEPARATOR"),
    # marks and controls of the direction of text
    N_("LEFT-TO-RIGHT MARK"), N_("RIGHT-TO-LEFT MARK"), N_("ARABIC LETTER MARK"),
    N_("LEFT-TO-RIGHT EMBEDDING"), N_("RIGHT-TO-LEFT EMBEDDING"),
    N_("POP DIRECTIONAL FORMATTING"), N_("LEFT-TO-RIGHT OVERRIDE"),
    N_("RIGHT-TO-LEFT OVERRIDE"), N_("LEFT-TO-RIGHT ISOLATE"), N_("RIGHT-TO-LEFT ISOLATE"),
    N_("FIRST STRONG ISOLATE"), N_("POP DIRECTIONAL ISOLATE"),
    # line breaks other than the line feed, and the controls a file meets
    N_("LINE SEPARATOR"), N_("PARAGRAPH SEPARATOR"), N_("NEXT LINE"), N_("NULL"),
    N_("BACKSPACE"), N_("CHARACTER TABULATION"), N_("LINE FEED"), N_("LINE TABULATION"),
    N_("FORM FEED"), N_("CARRIAGE RETURN"), N_("ESCAPE"), N_("DELETE"),
    N_("CONTROL CHARACTER"), N_("REPLACEMENT CHARACTER"), N_("OBJECT REPLACEMENT CHARACTER"),
    # quotes, apostrophes and what is taken for them
    N_("QUOTATION MARK"), N_("APOSTROPHE"), N_("GRAVE ACCENT"), N_("ACUTE ACCENT"),
    N_("LEFT SINGLE QUOTATION MARK"), N_("RIGHT SINGLE QUOTATION MARK"),
    N_("SINGLE LOW-9 QUOTATION MARK"), N_("SINGLE HIGH-REVERSED-9 QUOTATION MARK"),
    N_("LEFT DOUBLE QUOTATION MARK"), N_("RIGHT DOUBLE QUOTATION MARK"),
    N_("DOUBLE LOW-9 QUOTATION MARK"), N_("DOUBLE HIGH-REVERSED-9 QUOTATION MARK"),
    N_("LEFT-POINTING DOUBLE ANGLE QUOTATION MARK"),
    N_("RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK"),
    N_("SINGLE LEFT-POINTING ANGLE QUOTATION MARK"),
    N_("SINGLE RIGHT-POINTING ANGLE QUOTATION MARK"),
    N_("MODIFIER LETTER APOSTROPHE"), N_("PRIME"), N_("DOUBLE PRIME"),
    N_("FULLWIDTH QUOTATION MARK"), N_("FULLWIDTH APOSTROPHE"),
))

# The controls' names (Unicode's aliases: Python's data gives a control none).
_CONTROLS = {0x00: "NULL", 0x08: "BACKSPACE", 0x09: "CHARACTER TABULATION", 0x0A: "LINE FEED",
             0x0B: "LINE TABULATION", 0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN",
             0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE"}

# A letter of the scripts whose letters look alike: its name says the script, the case and the
# letter itself (a letter is visible, and says more than its English name, `IE`, `GHE`).
_LETTER = re.compile(r"(LATIN|CYRILLIC|GREEK) (SMALL|CAPITAL) LETTER \S")
_LETTER_NAMES = {
    ("LATIN", "SMALL"): N_("Latin small letter {letter}"),
    ("LATIN", "CAPITAL"): N_("Latin capital letter {letter}"),
    ("CYRILLIC", "SMALL"): N_("Cyrillic small letter {letter}"),
    ("CYRILLIC", "CAPITAL"): N_("Cyrillic capital letter {letter}"),
    ("GREEK", "SMALL"): N_("Greek small letter {letter}"),
    ("GREEK", "CAPITAL"): N_("Greek capital letter {letter}"),
}


def unicode_name(ch: str) -> str:
    """The Unicode name of `ch`, or for a control its alias, else what kind of character it is
    (Python's data names no control, noncharacter or private-use character)."""
    cp = ord(ch)
    if cp in _CONTROLS:
        return _CONTROLS[cp]
    name = unicodedata.name(ch, "")
    if name:
        return name
    category = unicodedata.category(ch)
    if category == "Cc":
        return "CONTROL CHARACTER"
    return _("(no name in this Python's Unicode data)")


def spoken_name(ch: str) -> str:
    """The name of `ch` in the language of messages: `NO-BREAK SPACE` in English, `нерозривний
    пробіл` in Ukrainian (the Unicode name where the catalog has none)."""
    name = unicode_name(ch)
    if language() != DEFAULT:
        if name in NAMED:
            name = _(name)
        elif (m := _LETTER.match(name)) and unicodedata.category(ch) in ("Lu", "Ll"):
            name = _(_LETTER_NAMES[m.group(1), m.group(2)]).format(letter=ch)
    return name


def char_name(ch: str) -> str:
    """`U+00A0 NO-BREAK SPACE` in English, `U+00A0 нерозривний пробіл` in Ukrainian: the code
    point, then `spoken_name`."""
    return f"U+{ord(ch):04X} {spoken_name(ch)}"
