"""The installed version, looked up on first use: importlib.metadata costs ~55 ms at start-up, so
the installed distribution's METADATA is read directly where it is found the way importlib.metadata
finds it (the first sys.path entry holding one), and importlib.metadata answers otherwise."""

import functools
import os
import sys

_NAME = "kremlinlist"


def _from_dist_info() -> str | None:
    """The Version of the first `kremlinlist-*.dist-info` on sys.path; None when that entry holds
    none, several, or one without a version (then importlib.metadata decides)."""
    for entry in sys.path:
        try:
            names = [n for n in os.listdir(entry or ".")
                     if n.startswith(_NAME + "-") and n.endswith((".dist-info", ".egg-info"))]
        except OSError:
            continue
        if not names:
            continue
        if len(names) != 1 or not names[0].endswith(".dist-info"):
            return None
        try:
            with open(os.path.join(entry or ".", names[0], "METADATA"), encoding="utf-8") as f:
                for line in f:
                    if line.startswith("Version:"):
                        return line[len("Version:"):].strip() or None
                    if not line.strip():
                        return None  # the headers ended without one
        except OSError:
            return None
        return None
    return None


@functools.cache
def _installed_version() -> str:
    """The version pyproject.toml gave the installed distribution: the one source of truth."""
    found = _from_dist_info()
    if found is not None:
        return found
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(_NAME)
    except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _installed_version()
    raise AttributeError(f"module 'kremlinlist._version' has no attribute {name!r}")
