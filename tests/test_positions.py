"""Where a problem is: always a line of the file, counted one way for every kind of finding,
whatever the line endings (LF, CRLF or CR alone, as libyaml counts them)."""

from __future__ import annotations

import re

import pytest
from factory import case, dump, examples
from hypothesis import given, settings
from hypothesis import strategies as st

from kremlinlist.files import loader
from kremlinlist.files import yamlsafe

REL = "cases/petrenko-ivan.yaml"
ENDINGS = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}


def _problems(data: bytes) -> list[tuple[str, int, int]]:
    return [(p.code, p.line, p.column) for p in loader.load_bytes(REL, data, "case").problems]


def _lines(data: bytes) -> int:
    """The file's line count, counted here on its own: CRLF, CR, LF, NEL, LS, PS end a line."""
    text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape")
    pieces = re.split("\r\n|\r|\n|\x85|\u2028|\u2029", text)
    return max(1, len(pieces) - (1 if pieces[-1] == "" else 0))


def _with(endings: str, *lines: str) -> bytes:
    return "".join(line + ENDINGS[endings] for line in lines).encode("utf-8")


@pytest.mark.parametrize("endings", ENDINGS)
def test_a_truncated_file_is_reported_on_its_last_line(endings):
    data = _with(endings, "id: petrenko-ivan", "name:", "  en: [Ivan")
    [(code, line, column)] = _problems(data)
    assert code == "yaml-syntax" and (line, column) == (3, len("  en: [Ivan") + 1)


@pytest.mark.parametrize("endings", ENDINGS)
def test_an_unclosed_quote_at_the_end_is_on_the_last_line(endings):
    data = _with(endings, "id: petrenko-ivan", "born: 1980", 'note: "open')
    assert [line for _, line, _ in _problems(data)] == [3]


@pytest.mark.parametrize("endings", ENDINGS)
def test_byte_level_findings_count_lines_as_the_parser_does(endings):
    lines = ["id: petrenko-ivan", "name:", "  en: Ivan\u200bPetrenko", "born: 1980"]
    assert ("invisible-character", 3, 11) in _problems(_with(endings, *lines))
    tabbed = ["id: petrenko-ivan", "name:", "\ten: Ivan"]
    assert ("tab-indentation", 3, 1) in _problems(_with(endings, *tabbed))
    conflict = ["id: petrenko-ivan", "<<<<<<< HEAD", "born: 1980"]
    assert ("merge-conflict", 2, 1) in _problems(_with(endings, *conflict))
    directive = ["id: petrenko-ivan", "%YAML 1.2"]
    assert ("yaml-directive", 2, 1) in _problems(_with(endings, *directive))
    bad_utf8 = _with(endings, "id: petrenko-ivan", "born: 1980", "note: x") + b"\xff"
    assert ("encoding", 4, 1) in _problems(bad_utf8)


@pytest.mark.parametrize("endings", ENDINGS)
def test_parser_and_schema_findings_land_on_the_same_lines(endings):
    dup = ["id: petrenko-ivan", "born: 1980", "born: 1981"]
    assert ("yaml-duplicate-key", 3, 1) in _problems(_with(endings, *dup))
    text = dump(case(born="in the spring"))
    born = text.splitlines().index("born: in the spring") + 1
    data = text.replace("\n", ENDINGS[endings]).encode()
    assert any(line == born and code != "yaml-syntax" for code, line, _ in _problems(data))


PIECES = [b"id: x", b"a: 1", b"- y", b"  b: [", b"]", b"{", b'"', b"'", b"\r", b"\n", b"\r\n",
          b"\t", b"%YAML 1.2", b"=======", b"\xff", b"\xe2\x80\x8b", b"\xc2\x85", b"\xe2\x80\xa8",
          b"\xef\xbb\xbf", b"&a", b"*a", b"!!str", b"---", b": ", b"#", b" ", b"\x00"]


def _assert_within(data: bytes) -> None:
    last = _lines(data)
    for code, line, column in _problems(data):
        assert line == 0 or 1 <= line <= last, (code, line, last)
        assert column >= (0 if line == 0 else 1)


@settings(max_examples=examples(400))
@given(st.binary(max_size=200))
def test_every_line_is_within_the_file_for_any_bytes(data):
    _assert_within(data)


@settings(max_examples=examples(400))
@given(st.lists(st.sampled_from(PIECES), max_size=30).map(b"".join))
def test_every_line_is_within_the_file_for_yaml_like_bytes(data):
    _assert_within(data)


def test_line_count_and_within():
    assert [yamlsafe.line_count(t) for t in ("", "a", "a\n", "a\r\nb", "a\rb\r", "\n\n")] == \
        [1, 1, 1, 2, 2, 2]
    assert yamlsafe.within("ab\rcd\r", 7, 1) == (2, 3)
    assert yamlsafe.within("ab\rcd\r", 0, 0) == (0, 0)
    assert yamlsafe.within("ab\rcd\r", 2, 1) == (2, 1)
