"""`kremlinlist fmt`: one canonical key order and layout for dataset files, losing nothing.

The layout is rebuilt from the parser's events, but every scalar and every flow collection is
copied from the file as written (only re-indented), so quoting, folding and flow style survive
exactly. Comments are found in the text between those values and travel with the key or list item
they annotate. A result is written only when it loads to the same data and holds the same comments.
"""

from __future__ import annotations

import bisect
import json
import re
import types
import typing
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import BaseModel

from kremlinlist.base.i18n import _
from kremlinlist.model.kinds import KINDS

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader

INDENT = 2


def scalar(value: str) -> str:
    """A value as YAML for a file the tool writes (`new`, `new-action`): plain when nothing in it
    can be misread, else double-quoted (JSON's string syntax is a subset of YAML's)."""
    if re.fullmatch(r"[^\W\d_][\w .'’ʼ-]*", value) and value.lower() not in (
            "yes", "no", "on", "off", "true", "false", "null", "y", "n") and not value.endswith(" "):
        return value
    return json.dumps(value, ensure_ascii=False)


class Unformattable(Exception):
    """The file is valid YAML but uses a layout this formatter does not rewrite safely; where
    that layout is (1-based line and column), when one place is to blame, else 0 and 0."""

    def __init__(self, message: str, line: int = 0, column: int = 0):
        super().__init__(message)
        self.line, self.column = line, column


# ---- where each key goes: the field order of the models ------------------------------------

def _unwrap(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _unwrap(args[0]) if len(args) == 1 else None
    return tp


def _spec(tp: Any) -> Any:
    """A type annotation as a layout spec: a model class, ("list", spec), ("dict", spec) or None."""
    tp = _unwrap(tp)
    origin = typing.get_origin(tp)
    if origin is list:
        return ("list", _spec(typing.get_args(tp)[0]))
    if origin is dict:
        return ("dict", _spec(typing.get_args(tp)[1]))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    return None


def _child_spec(spec: Any, key: str | None) -> Any:
    if isinstance(spec, type) and issubclass(spec, BaseModel):
        fld = next((f for n, f in spec.model_fields.items() if key in (n, f.alias)), None)
        return _spec(fld.annotation) if fld else None
    if isinstance(spec, tuple):
        return spec[1]
    return None


def _order(spec: Any) -> list[str]:
    if isinstance(spec, type) and issubclass(spec, BaseModel):
        return [f.alias or n for n, f in spec.model_fields.items()]
    return []


# ---- reading: a tree of block nodes whose leaves are spans of the original text -------------

@dataclass
class Leaf:
    """A scalar or a flow collection, kept as the text written."""

    text: str
    value: Any = None  # the key's text when this leaf is a mapping key
    line: int = 0
    end_line: int = 0
    col: int = 0
    flow_entries: list[tuple["Leaf", "Leaf"]] | None = None  # a one-line flow mapping's pairs


@dataclass
class MappingEntry:
    """A block mapping's key and value, or a block sequence's item."""

    key: Leaf | None
    value: "Leaf | Block | None"
    line: int
    col: int
    depth: int
    parent: "Block"
    before: list[str] = field(default_factory=list)
    eol: str | None = None

    @property
    def head_end(self) -> int:
        return self.value.end_line if isinstance(self.value, Leaf) else self.line


@dataclass
class Block:
    kind: str  # "map" or "seq"
    entries: list[MappingEntry] = field(default_factory=list)
    trailing: list[str] = field(default_factory=list)
    owner: MappingEntry | None = None

    @property
    def col(self) -> int:
        return self.entries[0].col


@dataclass
class Comment:
    line: int
    col: int
    text: str
    eol: bool


class _Text:
    def __init__(self, text: str):
        self.text = text
        self.starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self.starts.append(i + 1)

    def offset(self, mark) -> int:
        return self.starts[mark.line] + mark.column if mark.line < len(self.starts) else len(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, offset - self.starts[line]


def _events(text: str) -> list:
    try:
        return list(yaml.parse(text, Loader=_Loader))
    except yaml.YAMLError as exc:  # yamlsafe accepted it, so this should not happen
        raise Unformattable(_("the YAML parser refused the file")) from exc


class _Reader:
    def __init__(self, text: str):
        self.src = _Text(text)
        self.events = _events(text)
        self.i = 0
        self.spans: list[tuple[int, int]] = []  # leaf spans, in order
        self.entries: list[MappingEntry] = []  # block entries in document order
        self.pending_items: list[MappingEntry] = []  # sequence items whose dash is not yet found

    def next(self):
        e = self.events[self.i]
        self.i += 1
        return e

    def read(self) -> Block | None:
        while self.i < len(self.events):
            e = self.events[self.i]
            if isinstance(e, (yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.ScalarEvent)):
                node = self.node(None, 0)
                if not isinstance(node, Block) or node.kind != "map":
                    raise Unformattable(_("the file is not a mapping"))
                return node
            self.i += 1
        return None

    def leaf_text(self, start: int, end: int, style: str | None) -> str:
        raw = self.src.text[start:end]
        if style in ("|", ">") and "+" in raw.split("\n", 1)[0]:
            raw = raw.rstrip(" ")
            return raw[:-1] if raw.endswith("\n") else raw
        return raw.rstrip()

    def node(self, owner: MappingEntry | None, depth: int) -> Leaf | Block | None:
        e = self.next()
        start = self.src.offset(e.start_mark)
        if isinstance(e, yaml.ScalarEvent):
            end = self.src.offset(e.end_mark)
            if end == start:
                return None
            text = self.leaf_text(start, end, e.style or None)
            self.spans.append((start, start + len(text)))
            line = e.start_mark.line
            return Leaf(text, e.value, line, line + text.count("\n"), e.start_mark.column)
        if e.flow_style:
            return self.flow(e, start)
        block = Block("map" if isinstance(e, yaml.MappingStartEvent) else "seq", owner=owner)
        end_type = yaml.MappingEndEvent if block.kind == "map" else yaml.SequenceEndEvent
        while not isinstance(self.events[self.i], end_type):
            if block.kind == "map":
                key = self.node(None, depth + 1)
                if not isinstance(key, Leaf):
                    raise Unformattable(_("a mapping key is empty or not plain text"))
                entry = MappingEntry(key, None, key.line, key.col, depth, block)
                self.entries.append(entry)
            else:
                entry = MappingEntry(None, None, -1, -1, depth, block)
                self.entries.append(entry)
                self.pending_items.append(entry)
            entry.value = self.node(entry, depth + 1)
            block.entries.append(entry)
        self.next()
        return block

    def flow(self, first, start: int) -> Leaf:
        depth = 1
        top_parts: list[Any] = []  # the top level's scalars, and (start, end) of its collections
        inner_start = 0
        while depth:
            e = self.next()
            if isinstance(e, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if depth == 1:
                    inner_start = self.src.offset(e.start_mark)
                depth += 1
            elif isinstance(e, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
                if depth == 1:
                    top_parts.append((inner_start, self.src.offset(e.end_mark)))
                if depth == 0:
                    end = self.src.offset(e.end_mark)
            elif isinstance(e, yaml.ScalarEvent) and depth == 1:
                top_parts.append(e)
        text = self.src.text[start:end]
        self.spans.append((start, end))
        line = first.start_mark.line
        leaf = Leaf(text, None, line, line + text.count("\n"))
        if isinstance(first, yaml.MappingStartEvent) and "\n" not in text:
            leaf.flow_entries = self._flow_pairs(top_parts)
        return leaf

    def _flow_pairs(self, parts: list) -> list | None:
        """The key and value texts of a one-line flow mapping whose keys are plain scalars (a
        value may be a collection, as in `{date: 2020, sources: [s1], type: detained}`)."""
        if len(parts) % 2:
            return None
        pairs = []
        for k, v in zip(parts[::2], parts[1::2]):
            if isinstance(k, tuple):
                return None
            ks, ke = self.src.offset(k.start_mark), self.src.offset(k.end_mark)
            vs, ve = v if isinstance(v, tuple) else (self.src.offset(v.start_mark),
                                                      self.src.offset(v.end_mark))
            if ks == ke or vs == ve:
                return None
            pairs.append((Leaf(self.src.text[ks:ke], k.value), Leaf(self.src.text[vs:ve])))
        return pairs

    def comments(self) -> tuple[list[Comment], list[tuple[int, int]]]:
        """Comments and `-` indicators: what lies between the values is nothing else. A tab
        there is a space YAML allows (after a key's colon, before a comment): the canonical
        layout writes a space in its place, and nothing written is lost."""
        text = self.src.text
        found: list[Comment] = []
        dashes: list[tuple[int, int]] = []
        pos = 0
        for s, e in [*self.spans, (len(text), len(text))]:
            i = pos
            while i < s:
                ch = text[i]
                if ch in " \t\n\r:?":
                    i += 1
                elif ch == "#":
                    j = text.find("\n", i, s)
                    j = s if j == -1 else j
                    line, col = self.src.position(i)
                    before = text[self.src.starts[line]:i]
                    found.append(Comment(line, col, text[i:j].rstrip(), bool(before.strip())))
                    i = j
                elif ch in "-." and text.startswith(ch * 3, i) and self.src.position(i)[1] == 0:
                    i += 3
                elif ch == "-":
                    dashes.append(self.src.position(i))
                    i += 1
                else:
                    line, col = self.src.position(i)
                    raise Unformattable(_("unexpected text between values"), line + 1, col + 1)
            pos = max(pos, e)
        return found, dashes


def read(text: str) -> tuple[Block, list[str]]:
    """The file's block tree with every comment attached, and the comments of its header."""
    r = _Reader(text)
    root = r.read()
    if root is None:
        raise Unformattable(_("the file holds no mapping"))
    comments, dashes = r.comments()
    if len(dashes) != len(r.pending_items):
        raise Unformattable(_("could not match list items to their dashes"))
    for item, (line, col) in zip(r.pending_items, dashes):
        item.line, item.col = line, col
    return root, _attach(root, r.entries, comments)


def _ancestors(entry: MappingEntry) -> list[Block]:
    out = []
    block: Block | None = entry.parent
    while block is not None:
        out.append(block)
        block = block.owner.parent if block.owner else None
    return out


def _attach(root: Block, entries: list[MappingEntry], comments: list[Comment]) -> list[str]:
    header: list[str] = []
    first_line = entries[0].line if entries else 0
    by_head: dict[int, MappingEntry] = {}
    for e in entries:
        current = by_head.get(e.head_end)
        if current is None or e.depth >= current.depth:
            by_head[e.head_end] = e
    # A key whose scalar value starts on a later line: a comment after the key, or between it
    # and its value, cannot stay there (the value is written on the key's line); it goes above it
    before_value = {line: e for e in entries if isinstance(e.value, Leaf) and e.value.line > e.line
                    for line in range(e.line, e.value.line)}
    for c in comments:
        if c.eol and c.line in by_head and by_head[c.line].eol is None:
            by_head[c.line].eol = c.text
            continue
        if c.line in before_value:
            before_value[c.line].before.append(c.text)
            continue
        if c.line < first_line:
            header.append(c.text)
            continue
        nxt = next((e for e in entries if e.line > c.line), None)
        prev = [e for e in entries if e.line < c.line][-1]
        keep = set(map(id, _ancestors(nxt))) if nxt else set()
        closing = [b for b in _ancestors(prev) if id(b) not in keep]
        target = next((b for b in closing if b.col <= c.col), None)
        if target is not None:
            target.trailing.append(c.text)
        elif nxt is not None:
            nxt.before.append(c.text)
        else:
            root.trailing.append(c.text)
    return header


# ---- writing ---------------------------------------------------------------------------------

def _placed(keys: list[Any], spec: Any) -> list[int]:
    """The positions that sort `keys` into the model's field order. A key the model does not know
    (a typo, `еvents:` with a Cyrillic `е`) stays after the key written above it: sent to the end,
    the block a researcher wrote would seem to be gone."""
    order = {k: i for i, k in enumerate(_order(spec))}
    rank = -1
    ranks = []
    for key in keys:
        rank = order.get(key, rank)
        ranks.append(rank)
    return sorted(range(len(keys)), key=ranks.__getitem__)  # stable


def _sorted(block: Block, spec: Any) -> list[MappingEntry]:
    if block.kind != "map":
        return block.entries
    return [block.entries[i] for i in _placed([e.key.value for e in block.entries], spec)]


def _leaf_lines(leaf: Leaf, spec: Any, indent: int) -> list[str]:
    if leaf.flow_entries is not None:
        pairs = [leaf.flow_entries[i]
                 for i in _placed([k.value for k, _v in leaf.flow_entries], spec)]
        return ["{" + ", ".join(f"{k.text}: {v.text}" for k, v in pairs) + "}"]
    lines = leaf.text.split("\n")
    rest = lines[1:]
    margin = min((len(s) - len(s.lstrip(" ")) for s in rest if s.strip()), default=0)
    pad = " " * (indent + INDENT)
    return [lines[0]] + [pad + s[margin:].rstrip() if s.strip() else "" for s in rest]


def _emit_block(block: Block, spec: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for entry in _sorted(block, spec):
        for c in entry.before:
            out.append(pad + c)
        _emit_entry(entry, spec, indent, out)
    for c in block.trailing:
        out.append(pad + c)


def _emit_entry(entry: MappingEntry, spec: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    child = _child_spec(spec, entry.key.value if entry.key else None)
    head = pad + (f"{entry.key.text}:" if entry.key else "-")
    value = entry.value
    if value is None:
        out.append(head + _eol(entry.eol))
    elif isinstance(value, Leaf):
        lines = _leaf_lines(value, child, indent)
        lines[0] = f"{head} {lines[0]}"
        lines[-1] += _eol(entry.eol)
        out.extend(lines)
    elif entry.key is not None:
        out.append(head + _eol(entry.eol))
        _emit_block(value, child, indent + INDENT, out)
    else:
        # A list item holding a block: `- ` takes the place of the first line's indentation, and
        # comments that would sit between the dash and that line move above the dash.
        first = _sorted(value, child)[0]
        if entry.eol:
            out.append(pad + entry.eol)
        out.extend(pad + c for c in first.before)
        first.before = []
        inner: list[str] = []
        _emit_block(value, child, indent + INDENT, inner)
        inner[0] = pad + "- " + inner[0][indent + INDENT:]
        out.extend(inner)


def _eol(comment: str | None) -> str:
    return f"  {comment}" if comment else ""


def format_text(text: str, kind: str) -> str:
    """The canonical form of a file's text; raises Unformattable, yamlsafe.YamlError."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    root, header = read(text)
    out = list(header)
    _emit_block(root, KINDS[kind], 0, out)
    return "\n".join(out) + "\n"


def comment_texts(text: str) -> Counter:
    r = _Reader(text.replace("\r\n", "\n").replace("\r", "\n"))
    r.read()
    return Counter(c.text for c in r.comments()[0])
