"""PyYAML's events of a text, each with where it stands: a mapping's key, or the value of which
key, at which depth and path, in a one-line `{…}` or `[…]` or not. One walk serves every reader:
whether a file says it is public (files.quotable), and what reads but likely says something else
(files.yaml_misreadings: a value cut at ` #`, curly quotes, a value a `#` emptied)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

import yaml

_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_NODES = (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)


class Placed(NamedTuple):
    """A scalar, alias or collection start, and where it stands."""

    event: Any
    depth: int  # how many collections are around it
    is_key: bool
    key: Any  # the scalar key it is the value of (None: a key, a list's item, a key no scalar)
    path: tuple  # the keys and list indexes down to it (a key's: its mapping's)
    key_event: Any  # the event of the key it is the value of, else None
    in_flow: bool  # whether the collection around it is written in `{…}` or `[…]`


def walk(text: str) -> Iterator[Placed]:
    """Each scalar, alias and collection start of `text`, placed. A YAMLError is raised where
    the text stops reading, after the events before it."""
    # per open collection: [a mapping?, expects a key, the last key, its event, path, items, flow]
    stack: list[list] = []
    for ev in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        kind = type(ev)
        if kind in _ENDS:
            stack.pop()
            continue
        if kind not in _NODES:
            continue
        is_key, key, key_event, path, flow = False, None, None, (), False
        if stack:
            parent = stack[-1]
            path, flow = parent[4], parent[6]
            if not parent[0]:
                path = path + (parent[5],)
                parent[5] += 1
            elif parent[1]:
                is_key, parent[1], parent[3] = True, False, ev
                parent[2] = ev.value if kind is yaml.ScalarEvent else None
            else:
                parent[1], key, key_event = True, parent[2], parent[3]
                path = path + (key,)
        yield Placed(ev, len(stack), is_key, key, path, key_event, flow)
        if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            stack.append([kind is yaml.MappingStartEvent, True, None, None, path, 0,
                          bool(ev.flow_style)])


def placed_events(text: str) -> Iterator[tuple[Any, int, bool, Any]]:
    """(event, depth, is a key, its key) of each placed event of `text` (`walk`)."""
    for placed in walk(text):
        yield placed[:4]
