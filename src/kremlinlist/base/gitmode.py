"""The modes git gives a tree entry, as far as a dataset file goes: only a regular file's blob
is ever read as a file. A link's blob is its target's name, and a submodule's entry (a
gitlink) names a commit of another repository."""

from __future__ import annotations

SYMLINK_MODE = "120000"
FILE_MODES = frozenset({"100644", "100755", "100664"})  # 100664: written by very old gits


def is_file_mode(mode: str) -> bool:
    """Whether an entry of this mode is a regular file's blob."""
    return mode in FILE_MODES
