"""What a problem code is: its severity, its group and its documentation (the registry of every
code is `codes.py`), and the groups, in the order a file meets the checks."""

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Code:
    """One problem code: its severity wherever it is raised, its group, and its documentation."""

    severity: Literal["error", "warning"]
    group: str
    title: str
    fix: str


# The order a file meets the checks in: the order of CODES and of docs/problems.md.
GROUPS: dict[str, str] = {
    "file": "Files and folders",
    "yaml": "Text and YAML",
    "schema": "Keys and values",
    "identity": "Ids and sources",
    "privacy": "Privacy of withheld people and private data",
    "timeline": "Timeline",
    "criteria": "Criteria and decision",
    "across": "Across files",
    "duplicates": "Likely duplicates",
    "fmt": "Formatting (`kremlinlist fmt`)",
    "history": "Git history",
    "release": "Releases",
    "export": "Exporting the list",
    "usage": "Refusals of a command",
    "site": "The site (`kremlinlist site`)",
    "sealing": "Sealed private data and intake",
}
