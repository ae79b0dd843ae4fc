"""`kremlinlist cache`: where the dataset's cache lives, and removing it.

The command line reaches the caches only through here, so the refusal to remove a folder the tool
did not write stays in one place (caches.clean).
"""

from __future__ import annotations

from pathlib import Path

from kremlinlist.caches import clean


def cache_folder(root: Path) -> Path:
    """The cache folder of the dataset at `root` (it may not exist yet)."""
    return clean.cache_dir(root)


def clear_cache(root: Path) -> list[Path]:
    """Remove the dataset's cache folders; the folders removed (none: there was no cache)."""
    return clean.clear(root)
