"""The dataset folder every command starts from, checked before any work: a command run in the
wrong folder must refuse rather than read it as an empty dataset (and publish an empty list)."""

from __future__ import annotations

from pathlib import Path

from kremlinlist.base.i18n import _
from kremlinlist.base.errors import KremlinlistError


def dataset_root(root: Path) -> Path:
    """`root` if it looks like a dataset (a cases/ folder or a criteria.yaml), else a usage
    refusal: a folder without either is never a dataset, only the wrong folder."""
    if not root.is_dir():
        raise KremlinlistError("not-a-dataset", _("no dataset folder at {root}").format(root=root),
                               usage=True)
    if not (root / "cases").is_dir() and not (root / "criteria.yaml").exists():
        raise KremlinlistError(
            "not-a-dataset",
            _("{root} is not a kremlinlist dataset (no cases/ folder or criteria.yaml); run the "
              "command in the dataset's folder or pass --root").format(root=root), usage=True)
    return root
