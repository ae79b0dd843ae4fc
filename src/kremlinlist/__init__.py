"""kremlinlist: the joint list of Ukrainians deprived of liberty for political reasons by Russia.

The library API, for scripts and notebooks::

    import kremlinlist
    dataset = kremlinlist.open_dataset("path/to/dataset")
    report = dataset.validate()          # .problems: kremlinlist.Problem
    page = dataset.export("csv")         # bytes, privacy applied
    log = dataset.diff("v1", "HEAD")     # what changed between two revisions
    dataset.release("2024-05")           # writes releases/2024-05/
    dataset.actions(for_id="sentsov-oleh")   # advocacy, as it may be published
    dataset.site("public/")              # the static site of the last finished month

plus `validate`, `release` and `export` taking the folder first. A refusal is a
`KremlinlistError` (`.code`, `.message`, `.problems`). Names are looked up on first use, so
`import kremlinlist` (and `kremlinlist --help`) does not load pydantic or jinja2.
"""

from __future__ import annotations

import importlib

# name -> the module that holds it
_EXPORTS = {
    "open_dataset": "kremlinlist.app.api",
    "Dataset": "kremlinlist.app.api",
    "validate": "kremlinlist.app.api",
    "release": "kremlinlist.app.api",
    "export": "kremlinlist.app.api",
    "Problem": "kremlinlist.base.problem",
    "KremlinlistError": "kremlinlist.base.errors",
    "__version__": "kremlinlist._version",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kremlinlist' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
