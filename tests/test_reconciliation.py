"""The release's line that sets the dataset's count against the coalition's published one: it
said "the dataset holds 6600 of the at least 151 people ..." of a dataset holding more than the
figure, which is false; each case has its own wording, in English and in Ukrainian."""

from __future__ import annotations

import re

import pytest

from kremlinlist.base.i18n import speaking
from kremlinlist.publish.changelog import ChangeLog
from kremlinlist.publish.changelog_text import reconciliation

PUBLISHED = {"coalition": "Test Coalition", "count": 151, "qualifier": "at-least",
             "as_of": "2023-12", "source": "A fictional coalition page"}


def _line(held: int, lang: str, hidden: int | None = None) -> str:
    log = ChangeLog("2024-02", None, None, 0, held, hidden=hidden, published=PUBLISHED)
    with speaking(lang):
        return reconciliation(log)


def test_a_dataset_holding_fewer_says_how_many_of_the_figure_it_holds():
    assert _line(7, "en") == ("the dataset holds 7 of the at least 151 people Test Coalition "
                              "published (on 2023-12; source: A fictional coalition page): "
                              "144 fewer")
    assert _line(7, "uk") == ("набір даних містить 7 із щонайменше 151 людей, про яких повідомила "
                              "Test Coalition (2023-12; джерело: A fictional coalition page): "
                              "на 144 менше")


def test_a_dataset_holding_more_does_not_say_it_holds_them_of_the_figure():
    en = _line(6600, "en", hidden=3)
    assert en == ("the dataset holds 6600 people, 6449 more than the at least 151 people Test "
                  "Coalition published (on 2023-12; source: A fictional coalition page), not "
                  "counting the people whose details are not published")
    assert "6600 of" not in en
    assert _line(6600, "uk") == ("набір даних містить 6600 людей, на 6449 більше за щонайменше "
                                 "151, про яких повідомила Test Coalition (2023-12; джерело: A "
                                 "fictional coalition page)")


@pytest.mark.parametrize(("held", "people"), [(152, "людини"), (171, "людину"), (211, "людей")])
def test_the_ukrainian_line_says_people_in_the_form_its_number_takes(held, people):
    line = _line(held, "uk")
    assert line.startswith(f"набір даних містить {held} {people}, на {held - 151} більше")
    assert not re.search(r"[a-z]{4,}", line.replace("Test Coalition", "").replace(
        "A fictional coalition page", ""))  # no English left in it
