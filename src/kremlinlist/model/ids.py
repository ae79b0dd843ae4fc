"""Case ids: their pattern."""

from __future__ import annotations

import re

ID_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_PATTERN = re.compile(ID_RE)


def is_id(text: str) -> bool:
    """`text` is a well-formed case id (a file's stem must be one)."""
    return bool(ID_PATTERN.match(text))
