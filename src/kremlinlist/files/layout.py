"""Where things are in a dataset: its folders and files, and which paths belong to it."""

from __future__ import annotations

import os
from pathlib import Path

from kremlinlist.files import yamlsafe

CASES_DIR = "cases"
ORGS_DIR = "organizations"
ACTIONS_DIR = "actions"
COALITIONS_DIR = "coalitions"
CRITERIA_FILE = "criteria.yaml"
CONFIG_FILE = "kremlinlist.yaml"
MAX_FILE_BYTES = yamlsafe.MAX_FILE_BYTES
DUPES_FILE = "dupes.yaml"
# Reports of persecution as they came in (docs/intake.md): validated, never published, and not a
# dependency of any case. The salt keys their opaque ids, so a re-import adds nothing.
INTAKE_DIR = "intake"
INTAKE_SALT_FILE = "intake/.salt"
# The files besides organizations that cases depend on, declared here once: a change to a settings
# file re-checks every case, a change to dupes.yaml the cases whose ruled-out pairs it changes.
SETTINGS_FILES = (CRITERIA_FILE, CONFIG_FILE)
DEPENDENCY_FILES = (*SETTINGS_FILES, DUPES_FILE)
KIND_OF_FOLDER = {CASES_DIR: "case", ORGS_DIR: "organization", ACTIONS_DIR: "action",
                  COALITIONS_DIR: "coalition"}
# The folders whose `.yaml` files validate reads: anything else in them is never checked
DATA_FOLDERS = (*KIND_OF_FOLDER, INTAKE_DIR)


def is_dataset_file(rel: str) -> bool:
    """A file `validate` checks or that bears on the checks of cases: a case, an organization,
    an action, a coalition, an intake report, criteria.yaml, the config or dupes.yaml."""
    folder, _, name = rel.rpartition("/")
    if folder in DATA_FOLDERS:
        return name.endswith(".yaml") and not name.startswith(".")
    return rel in DEPENDENCY_FILES


def kind_of(rel: str) -> str | None:
    if rel == CRITERIA_FILE:
        return "criteria"
    if rel == CONFIG_FILE:
        return "config"
    folder, _, name = rel.partition("/")
    if "/" not in name and name.endswith(".yaml"):
        return KIND_OF_FOLDER.get(folder)
    return None


def dataset_path_or_none(root: Path, path: str) -> str | None:
    """A path given on the command line as a dataset path, or None when it is outside the dataset."""
    p = Path(path)
    absolute = Path(os.path.normpath(p if p.is_absolute() else Path.cwd() / p))
    try:
        return absolute.relative_to(os.path.normpath(root.absolute())).as_posix()
    except ValueError:
        pass  # perhaps named through a link to the dataset (the file's own is not followed)
    try:
        return (Path(os.path.realpath(absolute.parent)) / absolute.name).relative_to(
            os.path.realpath(root)).as_posix()
    except ValueError:
        return None


def dataset_path(root: Path, path: str) -> str:
    """A path given on the command line (relative to the current folder) as a dataset path; one
    outside the dataset as it was given (it is then reported as not a dataset file)."""
    inside = dataset_path_or_none(root, path)
    return inside if inside is not None else Path(path).as_posix()
