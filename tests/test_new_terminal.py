"""`kremlinlist new` at a real terminal (a pseudo-terminal): a researcher's wrong answers are asked
again with the reason, and the session ends with a valid case without starting over."""

from __future__ import annotations

import os
import signal
import subprocess

import pytest

from factory import Terminal, dump
import waiting
from kremlinlist.app.validate import validate
from kremlinlist.files import yamlsafe

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")


def test_three_wrong_answers_end_with_a_valid_case_without_starting_over(dataset):
    dataset.write("organizations/zmina-test.yaml", dump({
        "id": "zmina-test", "name": {"en": "Zmina Test Centre", "uk": "Центр Зміна Тест"},
        "short": "ZMINA", "country": "UA"}))
    term = Terminal(["new", "-C", str(dataset.root)], dataset.root)
    try:
        term.expect("Name in English")
        term.type("Тарас Жовтоборюк")  # Cyrillic where Latin letters go: asked again
        assert "Latin letters" in term.expect("Name in English")
        term.type("Taras Zhovtoboriuk")
        term.expect("Name in Ukrainian")
        term.type("Тарас Жовтоборюк")
        term.expect("Home region")
        term.type("Atlantis")  # no such region: the reason and examples, then the question again
        shown = term.expect("Home region")
        assert "could not recognise the region" in shown and "UA-65" in shown
        term.type("Kherson")  # by name: understood
        assert "UA-65" in term.expect("Detention date")
        term.type("15.03.2023")  # the usual Ukrainian form: understood and confirmed
        assert "2023-03-15" in term.expect("Is that the date?")
        term.type("y")
        term.expect("Organization filing it")
        term.type("Zmina")  # by name, in another letter case
        assert "zhovtoboriuk-taras" in term.expect("Use this id?")
        term.type("")
        term.expect("created cases/zhovtoboriuk-taras.yaml")
        assert term.close() == 0
    finally:
        if term.proc.poll() is None:
            term.proc.kill()
    rel = "cases/zhovtoboriuk-taras.yaml"
    data = yamlsafe.parse((dataset.root / rel).read_text(encoding="utf-8"))[0]
    assert data["name"] == {"en": "Taras Zhovtoboriuk", "uk": "Тарас Жовтоборюк"}
    assert data["region"] == "UA-65"
    assert data["events"] == [{"date": "2023-03-15", "type": "detained",
                               "sources": ["report-1"]}]
    assert data["assessment"]["by"] == ["zmina-test"]
    assert [p.code for p in validate(dataset.root, [rel], use_cache=False).errors] == [
        "placeholder-source"]


def test_a_taken_id_is_replaced_by_a_free_one_at_a_terminal(dataset):
    """A person at a terminal is offered the next free id with the reason, never told to rerun
    the command with --id."""
    dataset.write("cases/petrenko-ivan.yaml", dump({"id": "petrenko-ivan"}))
    term = Terminal(["new", "--name-en", "Ivan Petrenko", "--by", "test-org", "--region", "",
                     "--detained", "", "-C", str(dataset.root)], dataset.root)
    try:
        term.expect("Name in Ukrainian")
        term.type("")
        shown = term.expect("Use this id?")
        assert "already used" in shown and "petrenko-ivan-2" in shown and "--id" not in shown
        term.type("")
        assert "--id" not in term.expect("created cases/petrenko-ivan-2.yaml")
        assert term.close() == 0
    finally:
        if term.proc.poll() is None:
            term.proc.kill()


@pytest.mark.skipif(signal.getsignal(signal.SIGINT) == signal.SIG_IGN,
                    reason="Ctrl-C is ignored here, and so in the command run from here")
def test_ctrl_c_stops_new_in_the_language_of_messages(dataset):
    term = Terminal(["new", "-C", str(dataset.root)], dataset.root,
                    env={"KREMLINLIST_LANG": "uk"})
    try:
        term.expect("Ім'я англійською")
        term.expect("): ")
        for _attempt in range(20):  # one that comes just before the read blocks is not seen
            # sent once the prompt's read waits: one sent earlier was missed three times in
            # five, and each miss cost the 3 s wait below
            waiting.until(lambda: waiting.asleep(term.proc.pid), "new never read the answer")
            term.proc.send_signal(signal.SIGINT)
            try:
                term.proc.wait(timeout=3)
                break
            except subprocess.TimeoutExpired:
                continue
        rest = term.rest()
        assert term.close() == 130
    finally:
        if term.proc.poll() is None:
            term.proc.kill()
    assert "зупинено: файл не створено" in rest and "Aborted" not in rest, rest
    assert list((dataset.root / "cases").iterdir()) == []


def test_a_wrong_option_at_a_terminal_is_asked_again_not_fatal(dataset):
    term = Terminal(["new", "--name-en", "Ivan Petrenko", "--name-uk", "", "--by", "TEST-ORG",
                     "--region", "Atlantis", "--detained", "", "--id", "Bad_Id",
                     "-C", str(dataset.root)], dataset.root)
    try:
        assert "could not recognise the region" in term.expect("Home region")
        term.type("UA-43")
        assert "lowercase latin letters" in term.expect("Id (e.g.")
        term.type("petrenko-ivan-3")
        term.expect("created cases/petrenko-ivan-3.yaml")
        assert term.close() == 0
    finally:
        if term.proc.poll() is None:
            term.proc.kill()
    text = (dataset.root / "cases/petrenko-ivan-3.yaml").read_text(encoding="utf-8")
    assert "region: UA-43" in text and "by: [test-org]" in text
