"""The nesting guard answers `yaml-too-deep` whatever libyaml's own nesting limit says first.

libyaml 0.2.5 (bundled by PyYAML 6.0.2 and later, e.g. 6.0.4) refuses more than 1000 flow levels
while scanning ahead, before any event reaches the guard; older wheels have no such limit."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from kremlinlist.files import yamlsafe

DEPTH = yamlsafe.MAX_DEPTH


def finding(text: str) -> yamlsafe.YamlError:
    with pytest.raises(yamlsafe.YamlError) as info:
        yamlsafe.parse(text)
    return info.value


@pytest.mark.parametrize("levels", [DEPTH + 1, 1001, 5000, 100_000])
@pytest.mark.parametrize("opener, closer", [("[", "]"), ("{a: ", "}")])
def test_deep_flow_nesting_is_too_deep_at_the_guards_level(levels, opener, closer):
    text = "id: x\nlist: " + opener * levels + closer * levels + "\n"
    e = finding(text)
    # the root mapping is the first level: the guard stops at the DEPTH-th opener
    assert (e.code, e.line, e.column) == ("yaml-too-deep", 2, 7 + (DEPTH - 1) * len(opener))


def test_deep_flow_nesting_over_many_lines_and_unclosed():
    text = "id: x\nlist:\n" + "".join(" [\n" for _ in range(3000))
    e = finding(text)
    assert (e.code, e.line) == ("yaml-too-deep", 2 + DEPTH)


def test_libyaml_alone_would_answer_a_syntax_error():
    """Why the re-read exists: without it this PyYAML's answer is not the guard's."""
    if not yamlsafe.FAST:
        pytest.skip("PyYAML without libyaml")
    from yaml._yaml import CParser

    parser = CParser("a: " + "[" * 100_000)
    depth = 0
    try:
        with pytest.raises(yaml.YAMLError):  # unclosed: every libyaml fails at last
            while (event := parser.get_event()) is not None:
                depth += isinstance(event, yaml.CollectionStartEvent)
    finally:
        parser.dispose()
    if depth > DEPTH:
        pytest.skip("this libyaml has no nesting limit that comes before the guard")
    assert yamlsafe._too_deep_before("a: " + "[" * 100_000, 1).code == "yaml-too-deep"


def test_an_ordinary_syntax_error_keeps_libyamls_message():
    e = finding("id: x\nlist: [a, b\nname: {c\n")
    assert e.code == "yaml-syntax" and e.message.startswith("invalid YAML: ")
    many = "".join(f"k{i}: [a]\n" for i in range(DEPTH + 5)) + "bad: [\n"
    assert finding(many).code == "yaml-syntax"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["[", "{a: ", "[x, ", "{b: ["]), min_size=DEPTH + 1,
                max_size=1500))
def test_any_mix_of_flow_openers_past_the_guard_is_too_deep(openers):
    assert finding("id: x\nlist: " + "".join(openers) + "\n").code == "yaml-too-deep"
