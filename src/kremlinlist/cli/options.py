"""Tab completion of the ids a command takes, from the names of the dataset's files."""

from __future__ import annotations

from pathlib import Path

import typer

from kremlinlist.app.dataset import ids_in


def _root_of(ctx: typer.Context) -> Path:
    """The folder a command will run in: its --root, inside the global -C (which completion
    does not act on, as it only parses)."""
    root = ctx.params.get("root")  # a Path, or the text typed where completion does not convert
    root = Path(root) if isinstance(root, (str, Path)) and str(root) else Path(".")
    outer = ctx.parent.params.get("directory") if ctx.parent is not None else None
    return Path(outer) / root if outer is not None else root


def complete_case_id(ctx: typer.Context, incomplete: str) -> list[str]:
    """Tab completion of a case id, from the names of the files in cases/."""
    return ids_in(_root_of(ctx), "cases", incomplete)


def complete_organization_id(ctx: typer.Context, incomplete: str) -> list[str]:
    """Tab completion of an organization id, from the names of the files in organizations/."""
    return ids_in(_root_of(ctx), "organizations", incomplete)
