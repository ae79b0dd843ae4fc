"""`kremlinlist new` at a real terminal (a pseudo-terminal): a researcher's wrong answers are asked
again with the reason, and the session ends with a valid case without starting over."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factory import dump
from kremlinlist.app.validate import validate
from kremlinlist.files import yamlsafe

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")

SRC = str(Path(__file__).resolve().parent.parent / "src")


class Terminal:
    """The CLI in a subprocess whose standard streams are a pseudo-terminal: what it prints is
    read as a person would see it, and answers are typed when a prompt appears."""

    def __init__(self, args: list[str], cwd: Path):
        self.fd, child = os.openpty()
        env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", ""),
               "NO_COLOR": "1", "TERM": "dumb", "KREMLINLIST_LANG": "en"}
        env.pop("CI", None)
        self.proc = subprocess.Popen([sys.executable, "-m", "kremlinlist", *args], cwd=cwd,
                                     env=env, stdin=child, stdout=child, stderr=child,
                                     close_fds=True)
        os.close(child)
        self.seen = ""

    def expect(self, text: str, timeout: float = 60) -> str:
        """Everything printed up to and including `text` (which must appear in time)."""
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            assert left > 0, f"never printed {text!r}; the screen so far:\n{self.seen}"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:  # the child closed the terminal
                    chunk = b""
                assert chunk, f"ended before printing {text!r}:\n{self.seen}"
                self.seen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        upto = self.seen.index(text) + len(text)
        out, self.seen = self.seen[:upto], self.seen[upto:]
        return out

    def type(self, answer: str) -> None:
        os.write(self.fd, (answer + "\n").encode("utf-8"))

    def close(self) -> int:
        try:
            return self.proc.wait(timeout=60)
        finally:
            os.close(self.fd)


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
        assert "not a region of Ukraine" in shown and "UA-65" in shown
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
    assert data["events"] == [{"date": "2023-03-15", "type": "detained"}]
    assert data["assessment"]["by"] == ["zmina-test"]
    assert validate(dataset.root, [rel], use_cache=False).errors == []


def test_a_taken_id_is_asked_again_at_a_terminal(dataset):
    dataset.write("cases/petrenko-ivan.yaml", dump({"id": "petrenko-ivan"}))
    term = Terminal(["new", "--name-en", "Ivan Petrenko", "--by", "test-org", "--region", "",
                     "--detained", "", "-C", str(dataset.root)], dataset.root)
    try:
        term.expect("Name in Ukrainian")
        term.type("")
        term.expect("Use this id?")
        term.type("")
        assert "already used" in term.expect("Another id")
        term.type("petrenko-ivan-2")
        term.expect("created cases/petrenko-ivan-2.yaml")
        assert term.close() == 0
    finally:
        if term.proc.poll() is None:
            term.proc.kill()
