"""The dataset folder every command starts from, checked before any work: a command run in the
wrong folder must refuse rather than read it as an empty dataset (and publish an empty list)."""

from __future__ import annotations

import os
from pathlib import Path

from kremlinlist.base.i18n import _
from kremlinlist.base.errors import KremlinlistError


def is_dataset(folder: Path) -> bool:
    """A dataset has a cases/ folder or a criteria.yaml: without either it is only a folder."""
    return (folder / "cases").is_dir() or (folder / "criteria.yaml").exists()


def dataset_root(root: Path) -> Path:
    """`root` if it is a dataset, else the nearest folder above it that is (as git finds its
    repository from a subfolder, so a researcher in cases/ need not climb out first), without
    leaving the git repository `root` is in; else a usage refusal: a folder in no dataset is
    never read as an empty one."""
    if not root.is_dir():
        raise KremlinlistError("not-a-dataset", _("no dataset folder at {root}").format(root=root),
                               usage=True)
    if is_dataset(root):
        return root
    here = root.resolve()
    for folder in here.parents:
        if (here / ".git").exists():
            break  # the top of the repository: a dataset is not looked for outside it
        if is_dataset(folder):
            return folder
        here = folder
    raise KremlinlistError(
        "not-a-dataset",
        _("{root} is not a kremlinlist dataset (no cases/ folder or criteria.yaml); run the "
          "command in the dataset's folder or pass --root").format(root=root), usage=True)


def ids_in(root: Path, folder: str, prefix: str = "") -> list[str]:
    """The ids of a dataset folder's files starting with `prefix`, from file names alone: shell
    completion runs at every Tab and must not parse a file (nor name a withheld case: their file
    names are ids like anon-2024-001, which say nothing about the person)."""
    try:
        found = dataset_root(root)
        names = [e.name for e in os.scandir(found / folder)]
    except (KremlinlistError, OSError):
        return []
    return sorted(n[:-5] for n in names
                  if n.endswith(".yaml") and not n.startswith(".") and n.startswith(prefix))
