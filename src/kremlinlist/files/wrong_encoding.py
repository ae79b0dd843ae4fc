"""Which encoding a file that is not UTF-8 was saved in, when a researcher's editor likely chose it.

Notepad's "Unicode" is UTF-16, and older Windows editors save Cyrillic as Windows-1251. Read as
UTF-8, the first looked like a file of NUL characters (five `invisible-character` errors whose
advice, to delete them, could not help) and both like a file broken at one byte. Said once for
the whole file, with the setting that fixes it; the file's bytes are never quoted.
"""

from __future__ import annotations

import re

from kremlinlist.base.i18n import _

SAMPLE = 4096  # the bytes looked at: a file's first lines say which encoding it is in
# UTF-16 of text that is mostly ASCII (a case's keys, ids and dates): every other byte is NUL.
_MIN_NULS = 4
# Windows-1251's Cyrillic letters (А-я, Ё ё, Є є, Ї ї, І і, Ґ ґ) and the punctuation Ukrainian
# text has in it (« » – — № ’ “ ” „ …).
_CP1251_TEXT = bytes(sorted({*range(0xC0, 0x100), 0xA8, 0xB8, 0xAA, 0xBA, 0xAF, 0xBF, 0xB2, 0xB3,
                             0xA5, 0xB4, 0xAB, 0xBB, 0x96, 0x97, 0xB9, 0x92, 0x93, 0x94, 0x84,
                             0x85, 0xA0}))
_ASCII = bytes(range(0x80))
_RUN = re.compile(rb"[\x80-\xff]{2,}")


def utf16(data: bytes) -> bool:
    """Whether `data` is UTF-16: a UTF-16 byte-order mark, or NULs in every other byte (ASCII
    text saved as UTF-16 without the mark). A stray NUL in a UTF-8 file is no such pattern."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" not in data:
        return False
    sample = data[:SAMPLE]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    most, fewest = max(even, odd), min(even, odd)
    return most >= _MIN_NULS and most * 3 >= len(sample) // 2 and fewest * 8 <= most


def windows_1251(data: bytes) -> bool:
    """Whether `data`, which is not UTF-8, reads as Cyrillic text in Windows-1251: nearly all its
    bytes above ASCII are that encoding's Cyrillic letters and Ukrainian punctuation, and most
    stand together, as the letters of Cyrillic words do (Latin-1's accented letters, which are
    the same bytes, stand one by one among ASCII letters: `Müller`)."""
    sample = data[:SAMPLE * 4]
    high = sample.translate(None, _ASCII)
    others = len(high.translate(None, _CP1251_TEXT))
    together = sum(map(len, _RUN.findall(sample)))
    return len(high) >= 2 and others * 10 <= len(high) and together * 2 >= len(high)


def utf16_message() -> str:
    return _("the file is saved in UTF-16 (Notepad calls it \"Unicode\"); save it as UTF-8: "
             "\"Save As\" → \"Encoding: UTF-8\"")


def windows_1251_message() -> str:
    return _("the file seems to be saved in Windows-1251 (Cyrillic); save it as UTF-8: "
             "\"Save As\" → \"Encoding: UTF-8\"")
