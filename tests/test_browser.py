"""list.html in a real headless Chromium: searching, filtering and sorting as a reader would.

Needs Debian's `chromium` and `chromium-driver` (`make chromium`) and selenium (the `dev` extras).
Skipped where they are missing, except in CI (CI=true), where a skip would hide a broken setup.
"""

from __future__ import annotations

import functools

import pytest
from factory import AS_OF, SERIES, fictional_models, visible_row_names

from kremlinlist.publish import public_list, writers

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser(chromium_with_javascript):
    """The worker's Chromium (conftest), skipped where it is missing, failed under CI=true; its
    console log read empty first: what another module's pages logged is not this module's."""
    chromium_with_javascript.get_log("browser")
    return chromium_with_javascript


@pytest.fixture
def page(browser, tmp_path):
    """Opens a rendered list.html; returns a function listing the names of the visible rows."""

    def open_list(lang: str = "en", hostile: str | None = None):
        pl = public_list.build_list(fictional_models(), AS_OF)
        if hostile:
            pl.people.insert(0, public_list.PublicPerson(
                id="x", names={"en": hostile}, region=None, detained=None, status="in-custody",
                days_in_custody=None, sentence=None, summary=hostile))
        path = tmp_path / f"list.{lang}.html"
        path.write_text(writers.render_list(pl, "html", lang=lang, series=SERIES), encoding="utf-8")
        browser.get(path.as_uri())
        return functools.partial(visible_row_names, browser)

    return open_list


def _type(browser, text: str) -> None:
    from selenium.webdriver.common.by import By

    from selenium.webdriver.common.keys import Keys

    box = browser.find_element(By.ID, "q")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)  # real key presses fire `input`, as for a reader
    if text:
        box.send_keys(text)


def _select(browser, element_id: str, value: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(By.ID, element_id)).select_by_value(value)


def _shown(browser) -> str:
    from selenium.webdriver.common.by import By

    return browser.find_element(By.ID, "shown").text


def test_search_shows_only_matching_rows(browser, page):
    visible = page()
    assert len(visible()) == 7 and _shown(browser) == "Showing 7 of 7"
    _type(browser, "petrenko")
    assert visible() == ["Ivan Petrenko"]
    assert _shown(browser) == "Showing 1 of 7"
    _type(browser, "Ковальч")  # the Ukrainian spelling finds the English row
    assert visible() == ["Olena Kovalchuk"]
    _type(browser, "nobody-by-this-name")
    assert visible() == []
    from selenium.webdriver.common.by import By

    assert browser.find_element(By.ID, "empty").is_displayed()
    _type(browser, "")
    assert len(visible()) == 7


def test_filters_by_region_and_status_combine_with_search(browser, page):
    visible = page()
    _select(browser, "f-region", "UA-43")
    assert sorted(visible()) == ["Ivan Petrenko", "Serhii Moroz"]
    _type(browser, "moroz")
    assert visible() == ["Serhii Moroz"]
    _type(browser, "")
    _select(browser, "f-region", "")
    _select(browser, "f-status", "disappeared")
    assert visible() == ["Taras Bondar"]
    _select(browser, "f-status", "in-custody")
    assert "Taras Bondar" not in visible() and len(visible()) == 6


def test_sorting_by_days_in_custody(browser, page):
    from selenium.webdriver.common.by import By

    visible = page()
    header = browser.find_element(By.CSS_SELECTOR, "th[data-key='4']")
    header.find_element(By.TAG_NAME, "button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert visible()[:5] == ["Olena Kovalchuk", "Taras Bondar", "Ivan Petrenko",
                             "Mykola Hrytsenko", "Serhii Moroz"]
    header.find_element(By.TAG_NAME, "button").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert visible()[0] == "Serhii Moroz"


def test_ukrainian_page_searches_in_both_scripts(browser, page):
    visible = page("uk")
    _type(browser, "Petrenko")
    assert visible() == ["Іван Петренко"]
    assert _shown(browser) == "Показано 1 з 7"


def test_hostile_name_shows_as_text_and_runs_nothing(browser, page):
    hostile = "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>"
    visible = page(hostile=hostile)
    assert browser.title != "pwned"
    assert hostile in visible()
    logs = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert logs == [], logs  # nothing blocked by the policy, no script error
