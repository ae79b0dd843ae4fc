"""The export use case from the library: its refusals are KremlinlistErrors with a declared code,
and nothing is written when it refuses. Fictional people only."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest

from kremlinlist.app.export import export_list
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.codes import CODES
from kremlinlist.model import dates
from factory import case


def _refusal(dataset, **kw) -> KremlinlistError:
    with pytest.raises(KremlinlistError) as info:
        export_list(dataset.root, "json", **kw)
    assert info.value.code in CODES
    return info.value


def test_the_list_goes_to_a_stream_or_a_file(dataset, tmp_path):
    dataset.add()
    stream = io.BytesIO()
    assert export_list(dataset.root, "json", stream=stream).warnings == []
    assert [p["id"] for p in json.loads(stream.getvalue())["people"]] == ["petrenko-ivan"]
    out = tmp_path / "list.json"
    export_list(dataset.root, "json", output=out)
    assert out.read_bytes() == stream.getvalue()


def test_refusals_are_usage_errors_and_write_nothing(dataset, tmp_path):
    dataset.add()
    future = (dates.today("UTC") + timedelta(days=2)).isoformat()
    assert _refusal(dataset, stream=io.BytesIO(), as_of="2024-13-01").code == "bad-date"
    assert _refusal(dataset, stream=io.BytesIO(), as_of=future).code == "date-in-future"
    taken = tmp_path / "taken.json"
    taken.write_text("kept")
    error = _refusal(dataset, output=taken)
    assert (error.code, error.usage, taken.read_text()) == ("output-exists", True, "kept")
    assert _refusal(dataset, output=tmp_path / "no" / "list.json").code == "no-output-folder"
    assert not (tmp_path / "no").exists()


def test_a_list_with_a_broken_case_is_refused_with_its_problems(dataset):
    dataset.add()
    dataset.write("cases/broken-case.yaml", "id: [")
    stream = io.BytesIO()
    error = _refusal(dataset, stream=stream)
    assert (error.code, error.usage) == ("list-incomplete", False)
    assert error.problems and all(p.is_error for p in error.problems)
    assert stream.getvalue() == b""


def test_the_page_without_history_says_it_has_no_chart(dataset):
    dataset.add(case())
    stream = io.BytesIO()
    result = export_list(dataset.root, "html", stream=stream)
    assert [w.startswith("the page has no chart") for w in result.warnings] == [True]
    assert stream.getvalue().startswith(b"<!")


@pytest.mark.parametrize("linked", ["file", "folder"])
def test_a_template_that_is_a_link_is_refused_and_nothing_of_its_target_is_written(
        dataset, tmp_path, linked):
    """A merged pull request's `templates/list.md.j2 -> /etc/hostname` put a file of the machine
    into the exported list (the release job's machine, into the published release)."""
    dataset.add(case("petrenko-ivan"))
    secret = tmp_path / "machine" / "list.md.j2"
    secret.parent.mkdir()
    secret.write_text("LINKCANARY {{ count }}\n", encoding="utf-8")
    if linked == "file":
        (dataset.root / "templates").mkdir()
        (dataset.root / "templates" / "list.md.j2").symlink_to(secret)
    else:
        (dataset.root / "templates").symlink_to(secret.parent)
    out = io.BytesIO()
    with pytest.raises(KremlinlistError) as refused:
        export_list(dataset.root, "md", stream=out)
    assert refused.value.code == "template-link"
    assert b"LINKCANARY" not in out.getvalue()


def test_a_refusal_naming_a_hostile_file_name_prints_it_escaped(dataset, tmp_path):
    """A link named `a\\n::error::x` in templates/: the refusal names it, escaped, so that it
    cannot start a workflow command of its own in a CI log."""
    from factory import invoke

    dataset.add(case("petrenko-ivan"))
    (dataset.root / "templates").mkdir()
    (dataset.root / "templates" / "a\x1b[31m\n::error::x.j2").symlink_to(tmp_path)
    result = invoke(["export", "--format", "md"], cwd=dataset.root)
    assert result.returncode == 1 and "template-link" not in result.stdout
    assert "\n::error::x" not in result.stderr and "\x1b" not in result.stderr
    assert "\\n::error::x" in result.stderr
