"""What the per-case checks read besides the case: the dataset's settings and "today"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kremlinlist.base.problem import Problem
from kremlinlist.files import loader
from kremlinlist.model import dates
from kremlinlist.model.case import Case, Config, Criteria
from kremlinlist.model.verdict import sources_withheld


@dataclass(frozen=True)
class Context:
    """What per-file checks depend on besides the file itself (and so what the cache is keyed on)."""

    criteria: Criteria | None
    config: Config
    today: date

    def for_case(self, rel: str, case: Case, plain_text: bool = False) -> CaseContext:
        """The context of one case: where it was read, and whether its sources are withheld
        (computed once per file, for every check)."""
        return CaseContext(rel, self.criteria, self.config, self.today,
                           sources_withheld(case, self.config), plain_text)


@dataclass(frozen=True)
class CaseContext:
    """What one check of one case reads besides the case: the one argument every check takes."""

    rel: str  # dataset-relative path of the case file, e.g. cases/petrenko-ivan.yaml
    criteria: Criteria | None  # None when criteria.yaml is missing or does not load
    config: Config
    today: date
    withheld: bool  # a withheld person's sources live in the private repository
    # The file's text shows that no value can hold a control character, block scalars under
    # keys that never hold one-line text aside (files.yamlsafe.no_control_in_values,
    # checks.text.block_keys): the one-line check is spared its walk of the case.
    plain_text: bool = False


def context_from(criteria_bytes: bytes | None, config_bytes: bytes | None,
                 today: date | None = None) -> tuple[Context, list[Problem]]:
    """The per-file checks' context from criteria.yaml's and kremlinlist.yaml's bytes (None where
    the file is missing, as at a commit in git), with those files' own problems."""
    problems: list[Problem] = []
    criteria = None
    if criteria_bytes is None:
        problems.append(loader.missing_criteria())
    else:
        loaded = loader.load_bytes(loader.CRITERIA_FILE, criteria_bytes, "criteria")
        problems += loaded.problems
        criteria = loaded.model
    config = Config()
    if config_bytes is not None:
        loaded = loader.load_bytes(loader.CONFIG_FILE, config_bytes, "config")
        problems += loaded.problems
        config = loaded.model or config  # type: ignore[assignment]
    return Context(criteria, config, today or dates.today(config.timezone)), problems  # type: ignore[arg-type]
