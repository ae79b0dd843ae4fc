"""docs/actions.md says the change log's heading and show's JSON of a person's actions in the
words the code writes, so that a reader can find them."""

from __future__ import annotations

from pathlib import Path

from kremlinlist.app.show import _PUBLISHED
from kremlinlist.publish.words import ADVOCACY_WORDS

DOC = (Path(__file__).resolve().parents[1] / "docs" / "actions.md").read_text(encoding="utf-8")
FLAT = " ".join(DOC.split())  # a phrase may be wrapped across lines


def test_the_doc_quotes_the_change_logs_heading():
    assert f'"{ADVOCACY_WORDS["en"]["title"]}"' in FLAT
    assert '"Advocacy this month"' not in FLAT


def test_the_doc_says_what_shows_json_holds_of_a_persons_actions():
    for said in _PUBLISHED.values():
        assert f"`{said}`" in FLAT, said
    assert "`actions_left_out`" in FLAT
