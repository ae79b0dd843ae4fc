"""A key typed not quite as its field (a capital letter, a Cyrillic letter that looks Latin) is one
mistake: said once, at the key written, with the key to write, and not again as the field missing.
Every person here is fictional."""

from __future__ import annotations

import pytest
from factory import BASE, check_text, edit

from kremlinlist.base import i18n


@pytest.mark.parametrize("written,column", [("Type", 5), ("TYPE", 5), ("tуpe", 6), ("Tуpe", 6)])
def test_a_key_in_another_case_is_said_once_at_the_key(dataset, written, column):
    """`Type: detained` got the unknown-key error and a `missing-key` error for `type` too."""
    problems = check_text(dataset, edit("    type: detained", f"    {written}: detained"))
    assert [(p.code, p.line, p.column) for p in problems] == [("unknown-key", 10, column)]
    assert problems[0].message.endswith(": `type`"), problems[0].message
    assert written not in problems[0].message


def test_a_top_level_key_in_capitals_is_said_in_ukrainian(dataset):
    with i18n.speaking("uk"):
        problems = check_text(dataset, edit("id: petrenko-ivan", "ID: petrenko-ivan"))
    assert [(p.code, p.line, p.column, p.message) for p in problems] == [
        ("unknown-key", 1, 1, "цей ключ пишуть малими літерами: `id`")]


def test_a_key_in_another_case_in_the_private_block_names_no_field(dataset):
    """The private block's keys get no likely key (`files.schema_messages`), so the field it
    lacks is still said."""
    dataset.write("kremlinlist.yaml", "repository: private\n")
    text = BASE + "private:\n  sources:\n    p1: {Title: A call}\n"
    problems = check_text(dataset, text)
    assert sorted(p.code for p in problems) == ["missing-key", "unknown-key"], problems
    assert not any("lower case" in p.message for p in problems)
