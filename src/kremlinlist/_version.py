"""The installed version, looked up on first use: importlib.metadata costs ~40 ms at start-up."""

import functools


@functools.cache
def _installed_version() -> str:
    """The version pyproject.toml gave the installed distribution: the one source of truth."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kremlinlist")
    except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _installed_version()
    raise AttributeError(f"module 'kremlinlist._version' has no attribute {name!r}")
