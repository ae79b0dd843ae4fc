"""The site in a real headless Chromium, served over HTTP as a static host serves it: a reader
finds a person by an alias, follows the link to the person's page, and axe-core finds no
violation on the list, a person page and a change-log page; with JavaScript off the list is a
readable table and no control that would do nothing is shown."""

from __future__ import annotations

import functools
import http.server
import threading
from datetime import date
from pathlib import Path

import pytest

from factory import GitRepo, site_history, visible_row_names

pytestmark = pytest.mark.browser

TODAY = date(2024, 4, 10)


def _axe_source() -> str:
    axe = pytest.importorskip("axe_core_python")  # ships axe-core's axe.min.js (4.4)
    return (Path(axe.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The site of a fictional history, served on a local port; yields its base URL."""
    base = tmp_path_factory.mktemp("site-browser")
    repo = site_history(GitRepo(base / "repo"))
    from kremlinlist.app.site import build_site

    with pytest.MonkeyPatch.context() as mp:  # this fixture's cache, not every later test's
        mp.setenv("KREMLINLIST_CACHE_DIR", str(base / "cache"))
        build_site(repo.root, base / "out", today=TODAY)
    (base / "out" / "embedded.html").write_text(  # another site's page, with the documented snippet
        "<!DOCTYPE html><html lang=en><head><title>Elsewhere</title>"
        '<link rel="icon" href="data:,"></head><body><p>Days: '
        '<span class="kremlinlist-counter" data-src="/counter/petrenko-ivan.json">?</span></p>'
        '<script src="/embed/counter.js" defer></script></body></html>', encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(base / "out"))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(chromium_with_javascript):
    """The worker's Chromium (conftest), its console log read empty first: what another
    module's pages logged is not this module's."""
    chromium_with_javascript.get_log("browser")
    return chromium_with_javascript


@pytest.fixture
def no_script_browser(browser):
    """The same Chromium with JavaScript off (DevTools' switch, kept across the page's loads) for
    one test, then on again: a second Chromium cost two seconds to start and quit. Its test
    finding no sort button also shows that no script ran."""
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        yield browser
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def _axe_violations(browser, source: str) -> list[dict]:
    browser.execute_script(source)
    result = browser.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, function (err, r) { done(err ? {error: String(err)} : r); });")
    assert "error" not in result, result
    return [{"id": v["id"], "nodes": [n["html"][:120] for n in v["nodes"][:3]]}
            for v in result["violations"]]


def _severe_logs(browser) -> list[dict]:
    return [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]


def test_an_alias_finds_the_person_and_the_link_opens_their_page(browser, served):
    from selenium.webdriver.common.by import By

    browser.get(served + "en/")
    assert len(visible_row_names(browser)) == 5  # three public rows, two anonymous
    box = browser.find_element(By.ID, "q")
    box.send_keys("Iwan")  # an alias: neither the English nor the Ukrainian name
    assert visible_row_names(browser) == ["Ivan Petrenko"]
    browser.find_element(By.CSS_SELECTOR, "#people tbody tr:not([hidden]) a.name").click()
    assert browser.current_url == served + "en/people/petrenko-ivan/"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Ivan Petrenko"
    nav = browser.find_element(By.CSS_SELECTOR, ".site-nav ul")
    assert nav.value_of_css_property("display") == "flex"  # site.css loaded under the policy
    assert _severe_logs(browser) == []


def test_the_sort_buttons_exist_and_show_their_focus(browser, served):
    from selenium.webdriver.common.by import By

    browser.get(served + "uk/")
    buttons = browser.find_elements(By.CSS_SELECTOR, "#people thead button")
    assert len(buttons) == 6 and all(b.is_displayed() for b in buttons)
    assert browser.find_element(By.CSS_SELECTOR, ".controls").is_displayed()
    browser.find_element(By.ID, "q").click()
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    ActionChains(browser).send_keys(Keys.TAB, Keys.TAB, Keys.TAB).perform()  # to the first
    focused = browser.switch_to.active_element
    assert focused.tag_name == "button"
    assert focused.value_of_css_property("outline-style") == "solid"


@pytest.mark.parametrize("path", ["en/", "uk/people/petrenko-ivan/", "en/changes/2024-02/"])
def test_axe_finds_no_violation(browser, served, path):
    browser.get(served + path)
    assert _axe_violations(browser, _axe_source()) == []


def test_without_javascript_the_list_is_readable_and_shows_no_dead_control(no_script_browser,
                                                                           served):
    from selenium.webdriver.common.by import By

    browser = no_script_browser
    browser.get(served + "en/")
    assert len(visible_row_names(browser)) == 5  # three public rows, two anonymous
    assert "Ivan Petrenko" in visible_row_names(browser)
    for selector in (".controls", "#shown", "#q", "#f-region", "#f-status"):
        assert not browser.find_element(By.CSS_SELECTOR, selector).is_displayed(), selector
    assert browser.find_elements(By.CSS_SELECTOR, "button") == []
    assert [h.text for h in browser.find_elements(By.CSS_SELECTOR, "#people thead th")][0]


def test_the_embedded_counter_counts_up_to_the_readers_today(browser, served):
    import json
    import urllib.request

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    data = json.loads(urllib.request.urlopen(served + "counter/petrenko-ivan.json").read())
    browser.get(served + "embedded.html")
    span = browser.find_element(By.CSS_SELECTOR, ".kremlinlist-counter")
    WebDriverWait(browser, 10).until(lambda _: span.get_attribute("data-days"))
    expected = data["days_in_custody"] + (date.today() - date.fromisoformat(data["as_of"])).days
    assert abs(int(span.text) - expected) <= 1  # the reader's clock may be a day apart from ours
