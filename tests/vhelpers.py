"""Helpers for the validate tests: a hand-written case whose line numbers are known."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kremlinlist.base.problem import Problem
from kremlinlist.app.validate import validate

TODAY = date(2025, 1, 1)
SHARED = Path(__file__).resolve().parents[1].parent / "shared"

# Line numbers matter: tests replace one line and assert the reported position.
BASE = """\
id: petrenko-ivan
name:
  en: Ivan Petrenko
  uk: Іван Петренко
born: 1980
region: UA-43
publicity: public
events:
  - date: 2020-03-10
    type: detained
    place: Testville
    sources: [s1]
  - date: 2021-01-15
    type: sentenced
    term: 10y
    sources: [s1]
assessment:
  decision: listed
  since: 2020-04
  criteria:
    - id: e
      sources: [s1]
  by: [test-org]
sources:
  s1:
    title: A fictional report
    publisher: Test News
    date: 2020-03-11
    url: https://example.org/report
"""


def edit(old: str, new: str, text: str = BASE) -> str:
    """BASE with exactly one occurrence of `old` replaced."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def check_text(dataset, text: str | bytes, rel: str = "cases/petrenko-ivan.yaml",
               today: date = TODAY) -> list[Problem]:
    """Write one file into the dataset and return the problems validate reports for it."""
    dataset.write(rel, text)
    report = validate(dataset.root, use_cache=False, today=today)
    return [p for p in report.problems if p.file == rel]


def only(problems: list[Problem], code: str) -> Problem:
    """The single problem with `code` (fails listing all problems otherwise)."""
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, problems
    return found[0]


def at(problems: list[Problem], code: str, line: int, column: int,
       severity: str = "error") -> Problem:
    p = only(problems, code)
    assert (p.line, p.column, p.severity) == (line, column, severity), p
    return p
