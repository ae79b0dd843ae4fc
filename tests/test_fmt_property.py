"""fmt on generated case files with comments everywhere: same data, every comment kept, idempotent."""

from hypothesis import given, settings
from hypothesis import strategies as st

from kremlinlist.files import yamlfmt as fmt
from kremlinlist.files import yamlsafe
from kremlinlist.model.case import Case

SCALARS = ["alpha", "beta gamma", "Іван Петренко", "2014-05", "2020", "yes", "x#y", "s1",
           '"a: b"', "'it''s # here'", '"with # hash"', "https://example.org/a#b"]
KEYS = ["id", "name", "aliases", "born", "region", "summary", "publicity", "events", "assessment",
        "sources", "zz-extra"]


class Writer:
    """Writes fictional case-shaped YAML in a random layout, with comments in random places."""

    def __init__(self, data, indent: int, seq_offset: int):
        self.data, self.indent, self.seq_offset = data, indent, seq_offset
        self.comments: list[str] = []
        self.lines: list[str] = []

    def flip(self) -> bool:
        return self.data.draw(st.booleans())

    def comment(self) -> str:
        text = f"# note {len(self.comments) + 1} {self.data.draw(st.sampled_from(SCALARS))}"
        self.comments.append(text)
        return text

    def before(self, col: int) -> None:
        if self.flip():
            self.lines.append(" " * col + self.comment())

    def eol(self) -> str:
        return f"  {self.comment()}" if self.flip() else ""

    def scalar(self) -> str:
        return self.data.draw(st.sampled_from(SCALARS))

    def flow(self, value) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k}: {self.flow(v)}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.flow(v) for v in value) + "]"
        return value

    def value(self, head: str, value, col: int) -> None:
        """`head` is `key:` or `-`; the value goes after it or on the lines below."""
        if isinstance(value, str) or ((value or isinstance(value, dict)) and self.flip()) \
                or value == []:
            text = value if isinstance(value, str) else self.flow(value)
            self.lines.append(f"{' ' * col}{head} {text}{self.eol()}")
        elif head == "-" and isinstance(value, dict):
            start = len(self.lines)
            self.mapping(value, col + 2, first_comment=False)
            self.lines[start] = " " * col + "- " + self.lines[start][col + 2:]
        else:
            self.lines.append(f"{' ' * col}{head}{self.eol()}")
            if isinstance(value, dict):
                self.mapping(value, col + self.indent)
            else:
                self.sequence(value, col + self.seq_offset if head != "-" else col + 2)

    def mapping(self, value: dict, col: int, first_comment: bool = True) -> None:
        for i, (k, v) in enumerate(value.items()):
            if i or first_comment:
                self.before(col)
            if k == "summary" and self.flip():
                self.lines.append(f"{' ' * col}{k}: >-{self.eol()}")
                self.lines += [" " * (col + self.indent) + w for w in ("folded words", "more")]
            else:
                self.value(f"{k}:", v, col)
        if self.flip():
            self.lines.append(" " * col + self.comment())

    def sequence(self, value: list, col: int) -> None:
        for v in value:
            self.before(col)
            self.value("-", v, col)


@st.composite
def documents(draw):
    data = draw(st.data())
    w = Writer(data, draw(st.sampled_from([2, 4])), draw(st.sampled_from([0, 2, 4])))
    events = [dict(draw(st.permutations([("type", w.scalar()), ("date", w.scalar()),
                                          ("sources", [w.scalar()])]))) for _ in
              range(draw(st.integers(0, 3)))]
    values = {
        "id": w.scalar(), "name": dict(draw(st.permutations([("uk", w.scalar()),
                                                             ("en", w.scalar())]))),
        "aliases": [w.scalar() for _ in range(draw(st.integers(0, 2)))],
        "born": w.scalar(), "region": w.scalar(), "summary": w.scalar(), "publicity": "public",
        "events": events,
        "assessment": dict(draw(st.permutations([("by", [w.scalar()]), ("decision", "candidate"),
                                                 ("criteria", [w.scalar()])]))),
        "sources": {f"s{i}": dict(draw(st.permutations([("url", w.scalar()),
                                                        ("title", w.scalar())])))
                    for i in range(draw(st.integers(1, 2)))},
        "zz-extra": w.scalar(),
    }
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=2, max_size=len(KEYS), unique=True))
    if draw(st.booleans()):
        w.lines.append(w.comment())
    w.mapping({k: values[k] for k in keys}, 0)
    return "\n".join(w.lines) + "\n", w.comments


@settings(max_examples=60, deadline=None)
@given(documents())
def test_fmt_keeps_data_and_comments_and_is_idempotent(doc):
    text, comments = doc
    before = yamlsafe.parse(text)[0]
    once = fmt.format_text(text, "case")
    assert yamlsafe.parse(once)[0] == before
    for c in comments:
        assert once.count(c + "\n") == 1, c
    assert fmt.format_text(once, "case") == once
    order = [k for k in Case.model_fields if k in before]
    assert [k for k in before_keys(once) if k in order] == order


def before_keys(text: str) -> list[str]:
    return [line.split(":", 1)[0] for line in text.splitlines()
            if line and line[0] not in " #-"]
