"""The list's rows are rendered by the templates themselves: a dataset's own template decides how
a row looks, sees only what the redaction rule lets through, and the page is written in chunks."""

from __future__ import annotations

import io

from factory import AS_OF, Dataset, case, invoke, person

from kremlinlist.publish import writers
from kremlinlist.publish.words import WITHHELD_NAME
from kremlinlist.publish.public_list import PublicList, PublicPerson, SourceRef

CANARIES = ("CANARYPRIVATE", "CANARYANON", "CANARYHIDDEN")


def _dataset(root) -> Dataset:
    data = Dataset(root)
    data.add(person("aa-one", "Aa One"))
    data.add(person("bb-two", "Bb Two", private={"notes": "CANARYPRIVATE"}))
    data.add(case("cc-anon", name={"en": "CANARYANON", "uk": "CANARYANON"},
                  publicity="anonymous"))
    data.add(case("dd-hidden", name={"en": "CANARYHIDDEN", "uk": "CANARYHIDDEN"},
                  publicity="hidden"))
    return data


def _export(data: Dataset, template: str, fmt: str = "md") -> str:
    (data.root / "templates").mkdir(exist_ok=True)
    (data.root / "templates" / f"list.{fmt}.j2").write_text(template, encoding="utf-8")
    result = invoke(["export", "--format", fmt, "--as-of", "2024-06-01"], cwd=data.root)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_dataset_template_decides_how_a_row_looks(tmp_path):
    data = _dataset(tmp_path / "data")
    out = _export(data, "{% for r in rows %}{{ r.name }}\n{% endfor %}")
    assert out.splitlines() == ["Aa One", "Bb Two", WITHHELD_NAME["en"]]


def test_a_dataset_template_cannot_reach_withheld_data(tmp_path):
    """Everything a row holds, printed whole, in both formats: nothing private, anonymous or
    hidden is in it, since the rows come from the redaction rule."""
    data = _dataset(tmp_path / "data")
    dump = "{% for r in rows %}{{ r }}|{% for k in r %}{{ r[k] }}{% endfor %}\n{% endfor %}"
    for fmt in ("md", "html"):
        out = _export(data, dump, fmt)
        assert "Aa One" in out and "Bb Two" in out
        assert not [c for c in CANARIES if c in out], fmt


def test_the_page_is_written_in_chunks():
    """Many people: many writes, none near the size of the page (no join of all the rows)."""
    people = [PublicPerson(id=f"p{i}", names={"en": f"Person {i}", "uk": f"Особа {i}"},
                           region="UA-43", detained="2020-01-02", status="in-custody",
                           days_in_custody=10, sentence="10y", summary="s",
                           sources=(SourceRef("t", "p", "2020-01-03", "https://example.org/a"),))
              for i in range(3000)]
    public = PublicList(as_of=AS_OF, count=len(people), people=people)
    for fmt in ("md", "html"):
        writes: list[int] = []

        class Recorder(io.BytesIO):
            def write(self, data):
                writes.append(len(data))
                return super().write(data)

        out = Recorder()
        writers.write_list(public, fmt, out)
        total = len(out.getvalue())
        assert len(writes) > 10 and max(writes) < total / 10, fmt


def test_a_dataset_templates_rows_are_escaped_for_their_format(tmp_path):
    (tmp_path / "list.md.j2").write_text("{% for r in rows %}{{ r.name }};{% endfor %}",
                                         encoding="utf-8")
    (tmp_path / "list.html.j2").write_text("{% for r in rows %}{{ r.name }};{% endfor %}",
                                           encoding="utf-8")
    public = PublicList(as_of=AS_OF, count=1, people=[PublicPerson(
        id="p0", names={"en": "<b>*x*</b>", "uk": None}, region=None, detained=None,
        status="in-custody", days_in_custody=None, sentence=None)])
    md = writers.render_list(public, "md", template_dirs=[tmp_path])
    page = writers.render_list(public, "html", template_dirs=[tmp_path])
    assert md == "&lt;b&gt;\\*x\\*&lt;/b&gt;;" and page == "&lt;b&gt;*x*&lt;/b&gt;;"


def test_a_template_failing_after_its_rows_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    """The page is streamed into a temporary file: rows already written are thrown away. Five
    pieces a write, so the 24 rows are written in several chunks before the failure (as 600
    rows would be at the real 500)."""
    monkeypatch.setattr(writers, "CHUNK", 5)
    data = _dataset(tmp_path / "data")
    for i in range(24):
        data.add(person(f"p-{i:04d}", f"Person {i}"))
    (data.root / "templates").mkdir()
    (data.root / "templates" / "list.md.j2").write_text(
        "{% for r in rows %}{{ r.name }}\n{% endfor %}{{ no_such_value }}", encoding="utf-8")
    out = tmp_path / "list.md"
    out.write_text("keep me", encoding="utf-8")
    result = invoke(["export", "--format", "md", "-o", str(out), "--force",
                     "--as-of", "2024-06-01"], cwd=data.root)
    assert result.returncode == 1 and "template" in result.stderr
    assert out.read_text(encoding="utf-8") == "keep me"


def test_a_template_changed_between_two_exports_in_one_process_is_used(tmp_path):
    """The environments are kept for the process (a release renders the same templates many
    times): a dataset's template written, changed, then removed is seen by the next export."""
    data = _dataset(tmp_path / "data")
    first = _export(data, "A{% for r in rows %}{{ r.name }};{% endfor %}")
    second = _export(data, "B{% for r in rows %}{{ r.name }};{% endfor %}")
    assert first.startswith("A") and second.startswith("B")
    (data.root / "templates" / "list.md.j2").unlink()
    result = invoke(["export", "--format", "md", "--as-of", "2024-06-01"], cwd=data.root)
    assert result.returncode == 0 and result.stdout.startswith("#"), result.stdout[:80]
