"""Case ids: their pattern, and a list of them as a message may give it."""

from __future__ import annotations

import re
from typing import Iterable

from kremlinlist.base.i18n import _

ID_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_PATTERN = re.compile(ID_RE)
MAX_ID_LENGTH = 80  # an id is a file's name, in paths and addresses


def is_id(text: str) -> bool:
    """`text` is a well-formed case id (a file's stem must be one)."""
    return bool(ID_PATTERN.match(text))


MAX_LISTED = 12  # ids a message lists: the file that defines them may hold thousands


def listed(ids: Iterable[str]) -> str:
    """Ids for a message, sorted, at most MAX_LISTED of them: every finding of a file repeated
    all of a 5,000-id criteria.yaml, which made a gigabyte of output from two small files."""
    ids = sorted(ids)
    if len(ids) <= MAX_LISTED:
        return ", ".join(ids)
    return _("{ids} and {n} more").format(ids=", ".join(ids[:MAX_LISTED]),
                                          n=len(ids) - MAX_LISTED)
