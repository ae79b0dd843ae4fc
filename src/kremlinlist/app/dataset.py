"""The dataset folder every command starts from, checked before any work: a command run in the
wrong folder must refuse rather than read it as an empty dataset (and publish an empty list)."""

from __future__ import annotations

from pathlib import Path

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import _


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
