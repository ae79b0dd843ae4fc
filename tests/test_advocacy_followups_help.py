"""`new-action --help`'s example reads whole, in English and in Ukrainian: click wraps help
at 80 columns and breaks a word at a hyphen, and the example's last id was cut in two
(`sentsov-` / `oleh`), which a reader copies as two words."""

from __future__ import annotations

import pytest
from factory import invoke

ENV = {"COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1"}  # as the help goldens are made


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_the_new_action_example_wraps_only_between_words(tmp_path, lang):
    result = invoke(["--lang", lang, "new-action", "--help"], tmp_path, env=ENV)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if "kremlinlist new-action --id" in line)
    example = lines[start:lines.index("", start)]
    assert not [line for line in example if line.endswith("-")], example
    said = " ".join(line.strip() for line in example)
    assert said.endswith('new-action --id 2018-05-open-letter --type open-letter --title-en '
                         '"Open letter" --by ccl --by zmina --for sentsov-oleh'), said
