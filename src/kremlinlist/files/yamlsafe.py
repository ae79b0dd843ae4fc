"""Reading untrusted YAML from pull requests by strangers.

Files are read at the event level (libyaml's C parser where installed), so anchors, aliases, tags,
directives and deep nesting are refused before anything is built: an alias bomb never expands and
no constructor ever recurses. Every scalar is kept as a string (a plain `~`/`null`/empty one as None),
so YAML 1.1 traps (`no`, `on`, `2024-5-1`, `010`) reach the model as the text the researcher typed
and get a precise error there. Positions are recorded only when asked (`track=True`): the fast path
pays nothing for them, and files with problems are parsed a second time to place them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml import events as ev
from yaml.parser import Parser as _PyParser
from yaml.reader import Reader as _Reader
from yaml.scanner import Scanner as _Scanner

from kremlinlist.base.charnames import char_name
from kremlinlist.base.i18n import _
from kremlinlist.files import wrong_encoding
from kremlinlist.model._unicode_tables import INVISIBLE

try:
    from yaml._yaml import CParser as _Parser

    FAST = True
except ImportError:  # pragma: no cover - PyYAML without libyaml: same events, slower
    FAST = False

MAX_DEPTH = 32
MAX_FILE_BYTES = 256 * 1024
MAX_REPORTED_CHARS = 5
NULLS = frozenset(("", "~", "null", "Null", "NULL"))

Path = tuple  # a path into the data: keys (str) and list indexes (int)

# Every Default_Ignorable_Code_Point, bidi control, control and format character, line or
# paragraph separator and noncharacter, as the Unicode data defines them (tools/ makes the table).
_BAD_CHAR = re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in INVISIBLE) + "]")
# The same below U+10000 only: the regex engine tests such a class against a bitmap, ten times
# faster than the whole one, and most files have no character beyond it.
_BAD_BMP_CHAR = re.compile("[" + "".join(f"\\u{a:04x}-\\u{min(b, 0xFFFF):04x}"
                                         for a, b in INVISIBLE if a <= 0xFFFF) + "]")
_ASTRAL_LEADS = (b"\xf0", b"\xf1", b"\xf2", b"\xf3", b"\xf4")  # UTF-8 of U+10000 and beyond


def _first_bytes() -> bytes:
    """Every byte the UTF-8 of a refused character starts with: the ASCII controls but tab, line
    feed and carriage return, and the lead bytes of the others (a range of code points of one
    length in UTF-8 has a range of lead bytes)."""
    found: set[int] = set()
    for a, b in INVISIBLE:
        for low, high in ((0, 0x7F), (0x80, 0x7FF), (0x800, 0xFFFF), (0x10000, 0x10FFFF)):
            if max(a, low) <= min(b, high):
                found.update(range(chr(max(a, low)).encode("utf-8", "surrogatepass")[0],
                                   chr(min(b, high)).encode("utf-8", "surrogatepass")[0] + 1))
    return bytes(sorted(found))


# The bytes to delete from a file to keep only those that may start a refused character: most
# files keep none, and are spared the regex's scan.
_INNOCENT_BYTES = bytes(sorted(set(range(256)) - set(_first_bytes())))

# Line breaks as libyaml counts them, so byte-level and parser-level findings agree on lines in
# files with LF, CRLF or CR-only endings (and the two agree with the parser's own positions).
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_LINE_START = "(?<![^\r\n\x85\u2028\u2029])"  # the text's start, or just after a line break
_TAB_INDENT = re.compile(_LINE_START + " *\t")
_CONFLICT = re.compile(_LINE_START + "(<{7}|={7}|>{7})(?: |$|[\r\n])")
_DIRECTIVE = re.compile("%(?<![^\r\n\x85\u2028\u2029]%)")  # the literal first: fast


class YamlError(Exception):
    """A finding that stops reading a file, with its 1-based position. A syntax error also keeps
    what libyaml said and where it started reading the construct that failed (`problem`,
    `context`, `context_line`), for files.yaml_mistakes to explain in a researcher's words; a
    duplicate key, the line its first occurrence is on (`context_line`)."""

    def __init__(self, line: int, column: int, code: str, message: str,
                 problem: str | None = None, context: str | None = None,
                 context_line: int | None = None):
        super().__init__(message)
        self.line, self.column, self.code, self.message = line, column, code, message
        self.problem, self.context, self.context_line = problem, context, context_line


@dataclass
class Positions:
    """Where each value (and each mapping key) starts, for placing problems."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Path, at_key: bool = False) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that exists."""
        path = tuple(path)
        while True:
            if at_key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return (1, 1)
            path = path[:-1]


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of `offset` in `text`."""
    line, start = 1, 0
    for m in _BREAK.finditer(text, 0, offset):
        line, start = line + 1, m.end()
    return line, offset - start + 1


_COUNTED: list = [None, 0]  # the last text counted and its count: a file's findings ask again


def line_count(text: str) -> int:
    """How many lines `text` has: a final line break ends the last line, it starts none; an empty
    file has its one empty line. The last text's count is kept: placing each of a file's
    findings counted its lines again (27,000 findings of one file took six minutes)."""
    if _COUNTED[0] is text:
        return _COUNTED[1]
    ends = bool(text) and text[-1] in "\r\n\x85\u2028\u2029"
    count = max(1, len(_BREAK.findall(text)) + (0 if ends else 1))
    _COUNTED[:] = [text, count]
    return count


def split_lines(text: str) -> list[str]:
    """The lines of `text` without their breaks, split where libyaml counts a line break."""
    return _BREAK.split(text)


def within(text: str, line: int, column: int) -> tuple[int, int]:
    """A parser's position moved into the file: past its end (a truncated file's end of stream)
    is the end of the last line; 0 (the whole file) stays."""
    if line <= 0:
        return line, column
    last = line_count(text)
    if line <= last:
        return line, column
    lines = _BREAK.split(text)
    return last, len(lines[last - 1]) + 1 if last <= len(lines) else 1


def decode(data: bytes) -> tuple[str, list[YamlError]]:
    """Bytes to text, with every byte-level finding. Any finding means: do not parse this file."""
    if wrong_encoding.utf16(data):  # one finding for the file, not one per NUL
        return "", [YamlError(0, 0, "encoding", wrong_encoding.utf16_message())]
    findings: list[YamlError] = []
    if data.startswith(b"\xef\xbb\xbf"):
        findings.append(YamlError(1, 1, "bom", _("the file starts with a byte-order mark (BOM); "
                                                 "save it as UTF-8 without BOM")))
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if wrong_encoding.windows_1251(data):
            findings.append(YamlError(0, 0, "encoding", wrong_encoding.windows_1251_message()))
            return "", findings
        valid = data[:exc.start].decode("utf-8")
        findings.append(YamlError(*_line_col(valid, len(valid)), "encoding",
                                  _("the file is not valid UTF-8 here; save it as UTF-8")))
        return "", findings
    # The anchored patterns test every line start; a substring test first spares most files them.
    conflict = "<<<<<<<" in text or "=======" in text or ">>>>>>>" in text
    for i, m in enumerate(_CONFLICT.finditer(text) if conflict else ()):
        if i == MAX_REPORTED_CHARS:  # each is placed from the start: 32,000 took minutes
            break
        findings.append(YamlError(*_line_col(text, m.start()), "merge-conflict",
                                  _("a git merge-conflict marker is left in the file; resolve "
                                    "the conflict and delete the marker lines")))
    suspects = data.translate(None, _INNOCENT_BYTES)
    astral = any(lead in suspects for lead in _ASTRAL_LEADS)
    for i, m in enumerate((_BAD_CHAR if astral else _BAD_BMP_CHAR).finditer(text)
                          if suspects else ()):
        if i == MAX_REPORTED_CHARS:
            break
        findings.append(YamlError(*_line_col(text, m.start()), "invisible-character",
                                  _invisible(m.group())))
    for m in (_TAB_INDENT.finditer(text) if "\t" in text else ()):
        findings.append(YamlError(*_line_col(text, m.end() - 1), "tab-indentation",
                                  _("a tab is used for indentation; indent with spaces")))
        break
    for m in (_DIRECTIVE.finditer(text) if "%" in text else ()):
        findings.append(YamlError(*_line_col(text, m.start()), "yaml-directive",
                                  _("YAML directives such as %YAML or %TAG are not allowed; "
                                    "delete the line")))
        break
    return text, findings


def _escaped_bad_char(value: str) -> str | None:
    """The first character a double-quoted scalar may not hold (one an escape made), or None.
    Printable ASCII holds none: the usual value is answered without the regex's scan."""
    if value.isascii() and value.isprintable():
        return None
    m = _BAD_CHAR.search(value)
    return m.group() if m else None


def invisible_char(text: str) -> str | None:
    """The first character of `text` a file may not hold (see _BAD_CHAR), or None."""
    m = _BAD_CHAR.search(text)
    return m.group() if m else None


def _invisible(ch: str) -> str:
    return _("invisible or control character {char}; delete it (it can make text display "
             "differently from what it is)").format(char=char_name(ch))


def _fail(event, code: str, message: str, context_line: int | None = None):
    mark = event.start_mark
    raise YamlError(mark.line + 1, mark.column + 1, code, message, context_line=context_line)


def _key_label(path: Path) -> str:
    """A mapping key for a message, never the key itself: a researcher wrote it, and it may be
    private or written to render as a link in a pull request's comment."""
    return _("a key in the private block") if path and path[0] == "private" else _("a key")


class _Pure(_Reader, _Scanner, _PyParser):
    """PyYAML's Python event parser: the fallback without libyaml, and the depth re-read."""

    def __init__(self, stream):
        _Reader.__init__(self, stream)
        _Scanner.__init__(self)
        _PyParser.__init__(self)

    def dispose(self):
        pass


def _make_parser(text: str):
    return _Parser(text) if FAST else _Pure(text)


def _too_deep_before(text: str, line: int) -> YamlError | None:
    """The nesting guard's finding in the text up to the end of `line`, if it has one.

    libyaml has a nesting limit of its own (1000 levels since 0.2.5, the one PyYAML 6.0.2+ wheels
    bundle), checked while its scanner reads ahead of the events: on deep flow nesting
    (`[[[[...`) its syntax error comes before our guard sees the 33rd level. The Python parser
    reads ahead less and has no such limit, so it finds the guard's answer whatever libyaml's
    version says first. Only files libyaml rejects with more flow openers than the guard allows
    before the error pay for it (block nesting reaches the guard before libyaml looks far ahead),
    and only up to the error's line."""
    end = -1
    for _ in range(line):
        end = text.find("\n", end + 1)
        if end < 0:
            end = len(text)
            break
    if text.count("[", 0, end) + text.count("{", 0, end) <= MAX_DEPTH:
        return None
    try:
        _build(_Pure(text[:end]), track=False)
    except YamlError as exc:
        return exc if exc.code == "yaml-too-deep" else None
    except yaml.YAMLError:
        return None
    return None


_NOKEY = object()
_SCALAR, _MAP_START, _SEQ_START = ev.ScalarEvent, ev.MappingStartEvent, ev.SequenceStartEvent
_MAP_END, _SEQ_END, _ALIAS, _DOC_START = (ev.MappingEndEvent, ev.SequenceEndEvent, ev.AliasEvent,
                                          ev.DocumentStartEvent)


class _Unusual(Exception):
    """Anything `_build_plain` does not handle: the careful `_build` reads the file again."""


def parse(text: str, track: bool = False) -> tuple[object, Positions | None]:
    """One YAML document to plain data (dicts, lists, str, None), refusing unsafe constructs."""
    if FAST and not track:
        plain = _Parser(text)
        try:
            return _build_plain(plain), None
        except (_Unusual, yaml.YAMLError):
            pass  # a finding to make: `_build` below makes it, with its position and words
        finally:
            plain.dispose()
    parser = _make_parser(text)
    try:
        return _build(parser, track)
    except YamlError as exc:
        if exc.code == "yaml-duplicate-key" and not track:
            return parse(text, track=True)  # the same error, but its label knows if it is private
        exc.line, exc.column = within(text, exc.line, exc.column)
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = within(text, mark.line + 1, mark.column + 1) if mark else (1, 1)
        if FAST and mark and (deep := _too_deep_before(text, mark.line + 1)) is not None:
            raise deep from None
        what = exc.problem or exc.context or "invalid YAML"  # libyaml's words, in English
        context = exc.context_mark.line + 1 if exc.problem and exc.context_mark else None
        raise YamlError(line, column, "yaml-syntax", _("invalid YAML: {problem}").format(
            problem=what), exc.problem, exc.context, context) from None
    except yaml.YAMLError:
        raise YamlError(1, 1, "yaml-syntax", _("invalid YAML")) from None
    finally:
        parser.dispose()


def _build_plain(parser) -> object:
    """`_build` without positions, for a file with nothing to refuse (nearly every file): the
    same data, at half the cost per event. Whatever `_build` would refuse, and a syntax error,
    raise _Unusual or yaml's error instead, so every finding comes from `_build` alone."""
    get = parser.get_event
    root = None
    documents = 0
    stack: list[tuple] = []  # (the enclosing container, whether it is a list)
    container: dict | list | None = None
    is_list = False
    key = _NOKEY
    while (e := get()) is not None:
        kind = type(e)
        if kind is _SCALAR:
            if e.anchor is not None or e.tag is not None:
                raise _Unusual
            value = e.value
            if e.implicit[0] and value in NULLS:
                value = None
            elif e.style == '"' and _escaped_bad_char(value):
                raise _Unusual
            if is_list:
                container.append(value)  # type: ignore[union-attr]
            elif container is None:
                root = value
            elif key is _NOKEY:
                if value is None or value in container:
                    raise _Unusual
                key = value
            else:
                container[key] = value  # type: ignore[index]
                key = _NOKEY
        elif kind is _MAP_START or kind is _SEQ_START:
            if e.anchor is not None or e.tag is not None or len(stack) >= MAX_DEPTH:
                raise _Unusual
            value = {} if kind is _MAP_START else []
            if is_list:
                container.append(value)  # type: ignore[union-attr]
            elif container is None:
                root = value
            elif key is _NOKEY:
                raise _Unusual  # a complex key
            else:
                container[key] = value  # type: ignore[index]
                key = _NOKEY
            stack.append((container, is_list))
            container, is_list = value, kind is _SEQ_START
        elif kind is _MAP_END or kind is _SEQ_END:
            container, is_list = stack.pop()
        elif kind is _DOC_START:
            documents += 1
            if documents > 1 or e.version or e.tags:
                raise _Unusual
        elif kind is _ALIAS:
            raise _Unusual
    return root


def _build(parser, track: bool):
    positions = Positions() if track else None
    root = None
    documents = 0
    stack: list[list] = []  # [container, path, pending key, key position]
    if type(parser) is not _Pure:
        get = parser.get_event  # libyaml's parser returns None after the stream's end
    else:
        def get():
            return parser.get_event() if parser.check_event() else None
    while (e := get()) is not None:
        kind = type(e)
        if kind is _SCALAR or kind is _MAP_START or kind is _SEQ_START:
            if e.anchor is not None:
                _fail(e, "yaml-anchor", _("anchors (&name) are not allowed; write each value "
                                          "out in full"))
            if e.tag is not None:
                _fail(e, "yaml-tag", _("explicit tags such as !!str or !!python/object are not "
                                       "allowed; write a plain value (quote it to keep it as "
                                       "text)"))
            if kind is _SCALAR:
                value = e.value
                if e.implicit[0] and value in NULLS:
                    value = None
                elif e.style == '"' and (ch := _escaped_bad_char(value)):
                    _fail(e, "invisible-character", _invisible(ch))
            else:
                value = {} if kind is _MAP_START else []
            path = None
            if stack:
                top = stack[-1]
                container = top[0]
                if type(container) is list:
                    if track:
                        path = top[1] + (len(container),)
                    container.append(value)
                elif top[2] is _NOKEY:
                    if kind is not _SCALAR:
                        _fail(e, "yaml-complex-key", _("a mapping key must be plain text"))
                    if value is None:
                        _fail(e, "yaml-empty-key", _("a mapping key is empty; write `key: "
                                                     "value`"))
                    if value in container:  # with `track`, the line the key is first on
                        first = positions.keys.get(top[1] + (value,)) if positions else None
                        _fail(e, "yaml-duplicate-key",
                              _("{key} appears twice in this mapping; keep one").format(
                                  key=_key_label(top[1] or ())),
                              context_line=first[0] if first else None)
                    top[2] = value
                    if track:
                        top[3] = (e.start_mark.line + 1, e.start_mark.column + 1)
                    continue
                else:
                    key = top[2]
                    container[key] = value
                    top[2] = _NOKEY
                    if track:
                        path = top[1] + (key,)
                        positions.keys[path] = top[3]
            else:
                root = value
                path = ()
            if track:
                positions.values[path] = (e.start_mark.line + 1, e.start_mark.column + 1)
            if kind is not _SCALAR:
                if len(stack) >= MAX_DEPTH:
                    _fail(e, "yaml-too-deep", _("nesting deeper than {n} levels is not allowed; "
                                                "a case needs only a few").format(n=MAX_DEPTH))
                stack.append([value, path, _NOKEY, None])
        elif kind is _MAP_END or kind is _SEQ_END:
            stack.pop()
        elif kind is _ALIAS:
            _fail(e, "yaml-alias", _("aliases (*name) are not allowed; write the value out in "
                                     "full"))
        elif kind is _DOC_START:
            documents += 1
            if documents > 1:
                _fail(e, "yaml-multiple-documents", _("a file holds one document; delete the "
                                                      "`---` and what follows, or move it to its "
                                                      "own file"))
            if e.version or e.tags:
                _fail(e, "yaml-directive", _("YAML directives such as %YAML or %TAG are not "
                                             "allowed; delete them"))
    return root, positions


# What must be in a decoded text for one of its scalars to hold a control character: a backslash
# escape, a raw tab or carriage return, a block scalar (`|`, `>`), or an empty line inside a folded
# multi-line scalar (its line break is kept). decode() refuses every other raw control character.
# Substring tests where they do (`in` and `find` run some thirty times faster than a regex's
# search for a class of characters).
_EMPTY_LINE = re.compile(r"\n *\n")
# A block scalar's header line, `key: >-` (also as a list item's first key), with an optional
# comment that holds no other `|` or `>`.
_BLOCK_HEADER = re.compile(r" *(?:- +)*([A-Za-z_][A-Za-z0-9_-]*): +([|>])[-+1-9]*"
                           r"(?: +#[^|>\n]*)? *")


def no_control_in_values(text: str, block_keys: frozenset[str] = frozenset()) -> bool:
    """Whether no scalar of `text` (decoded without findings) can hold a control character or a
    line break, block scalars under one of `block_keys` aside, so that the one-line check has
    nothing to find (most files). Every `|` and `>` of the text must be such a header: any other
    one (in a quote or a comment, say) counts as a block scalar, so the answer errs towards "may
    hold"."""
    if "\\" in text or "\t" in text or "\r" in text or _EMPTY_LINE.search(text) is not None:
        return False
    for mark in "|>":
        at = text.find(mark)
        while at >= 0:
            end = text.find("\n", at)
            header = _BLOCK_HEADER.fullmatch(text, text.rfind("\n", 0, at) + 1,
                                             len(text) if end < 0 else end)
            if header is None or header.start(2) != at or header.group(1) not in block_keys:
                return False
            at = text.find(mark, at + 1)
    return True


def read_text(data: bytes) -> str:
    """Decode or raise the first byte-level finding (for callers that need one answer)."""
    text, findings = decode(data)
    if findings:
        raise findings[0]
    return text
