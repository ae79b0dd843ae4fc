"""PyYAML's events of a text, each with where it stands: a mapping's key, or the value of which
key, at which depth. Two readers walk them: whether a file says it is public (files.quotable)
and what reads but likely says something else (files.yaml_misreadings)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_NODES = (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)


def placed_events(text: str) -> Iterator[tuple[Any, int, bool, Any]]:
    """(event, depth, is a key, its key) for each scalar, alias and collection start of `text`:
    depth is the number of collections around it; its key is the scalar key it is the value of
    (None for a key, a sequence's item, or a key that is not a scalar). A YAMLError is raised
    where the text stops reading, after the events before it."""
    stack: list[list] = []  # per open collection: [is a mapping, expects a key, the last key]
    for ev in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        kind = type(ev)
        if kind in _ENDS:
            stack.pop()
            continue
        if kind not in _NODES:
            continue
        parent = stack[-1] if stack else None
        is_key, key = False, None
        if parent is not None and parent[0]:
            if parent[1]:
                is_key, parent[1], parent[2] = True, False, (
                    ev.value if kind is yaml.ScalarEvent else None)
            else:
                parent[1], key = True, parent[2]
        yield ev, len(stack), is_key, key
        if kind is yaml.MappingStartEvent:
            stack.append([True, True, None])
        elif kind is yaml.SequenceStartEvent:
            stack.append([False, False, None])
