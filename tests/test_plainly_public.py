"""The withheld people's names are read from the raw YAML of every case file that may be
theirs; a file whose bytes plainly show a public person is not parsed (`_plainly_public`), so
that `fmt actions/ONE.yaml` in the pre-commit hook does not parse 10,000 public files (7 s). The
shortcut may only skip a file the parser would also call public."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from factory import case, dump
from kremlinlist.checks import withheld_names
from kremlinlist.checks.withheld_names import _plainly_public, raw_withheld, withheld_of
from kremlinlist.files import yamlsafe

PUBLIC = dump(case("petrenko-ivan", publicity="public"))


def _public_by_parser(text: str) -> bool:
    data = yamlsafe.parse(text)[0]
    said = raw_withheld(data)
    return said is not None and said[0] is False


def test_a_plain_public_file_is_not_parsed(monkeypatch):
    assert _plainly_public(PUBLIC.encode()) and _public_by_parser(PUBLIC)
    parsed = []
    real = yamlsafe.parse
    monkeypatch.setattr(withheld_names.yamlsafe, "parse", lambda *a, **k: parsed.append(1)
                        or real(*a, **k))
    assert withheld_of([(f"cases/p{i}.yaml", PUBLIC.encode()) for i in range(50)]) == ([], set())
    assert parsed == []


@pytest.mark.parametrize("extra", [
    "publicity: hidden\n",  # a second publicity
    "publicity: hiden\n",
    "pubicity: anonymus\n",  # an unknown key may be a misspelled publicity
    "Publicity: x\n",
    "notes: hidden somewhere\n",
    "alias_of: &a x\n",
    "<<: {publicity: hidden}\n",
    "---\npublicity: hidden\n",
    "%YAML 1.1\n",
    "title: !!str x\n",
    "- a list\n",
])
def test_anything_that_could_say_otherwise_is_parsed(extra):
    assert not _plainly_public((PUBLIC + extra).encode())


@pytest.mark.parametrize("text", [
    PUBLIC.replace("publicity: public\n", "publicity: public\n  continued\n"),
    PUBLIC.replace("publicity: public\n", "publicity: public\n\n  continued\n"),
    PUBLIC.replace("publicity: public\n", 'publicity: "public"\n'),
    PUBLIC.replace("publicity: public\n", ""),  # no publicity: parsed, whatever the default
    PUBLIC.replace("publicity: public", "publicity: \\x68idden"),
    "\ufeff" + PUBLIC,
])
def test_a_publicity_written_otherwise_is_parsed(text):
    assert not _plainly_public(text.encode())


def test_bytes_that_are_not_utf8_are_parsed():
    assert not _plainly_public(PUBLIC.encode() + b"occupation: \xff\n")


_SNIPPETS = ["publicity: public\n", "publicity: hidden\n", "publicity: anonymous\n",
             "  publicity: hidden\n", "publicity:\n  hidden\n", "# publicity: hidden\n",
             "occupation: x\n", "occupation: 'a\npublicity: public'\n", "born: 1980\n",
             "occupation: >-\n  publicity: hidden\n", "\n", "publicity: public # note\n",
             "publicity: public\n  x\n", "summary: |\n  text\n", "- x\n", "- publicity: hidden\n",
             "publicity: public\n- x\n", "born: 1980\n", "id: x\n", "region:\n  - a\n",
             "region:\n  a: b\n", "- z\n", "summary: >-\n  a\n", "occupation: x\n  y\n",
             "occupation: x # c\n", "  - y\n", "# c\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SNIPPETS), max_size=6), st.integers(0, 30))
def test_the_shortcut_never_calls_public_what_the_parser_does_not(snippets, at):
    lines = PUBLIC.replace("publicity: public\n", "").splitlines(keepends=True)
    at = min(at, len(lines))
    text = "".join(lines[:at] + snippets + lines[at:])
    try:
        public = _public_by_parser(text)
    except Exception:  # noqa: BLE001 (not YAML)
        # what no parser reads may be skipped only where nothing in it could say withheld: no
        # withheld level anywhere (every command that publishes refuses a file that does not
        # load; this is only whose names are read)
        lowered = text.lower()
        public = "hidden" not in lowered and "anonymous" not in lowered
    if _plainly_public(text.encode()):
        assert public, text
