"""The levers of a warm and a one-file `validate` change no answer: the duplicate finder's
narrowing to the persons an asked file could be compared with, and the cache files read in one
pass."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings, strategies as st

from kremlinlist.caches import clean, persons as person_store
from kremlinlist.caches.clean_files import CleanFiles
from kremlinlist.caches.tokens import TokenKey
from kremlinlist.checks import duplicates as dupes
from kremlinlist.model.dates import PartialDate

from factory import examples

# Few parts, so that fictional people share them often (and some groups pass SMALL_BLOCK).
PARTS = ["ivan", "ivanov", "petro", "petrenko", "oleh", "olehov", "anna", "annenko", "li", "bo",
         "marko", "markov", "iryna", "irynenko", "taras", "tarasenko"]


def _people(rng: random.Random, n: int) -> list[dupes.CaseProfile]:
    out = []
    for i in range(n):
        names = tuple(tuple(rng.sample(PARTS, rng.choice((1, 2, 2, 3)))) for _ in
                      range(rng.choice((0, 1, 1, 2))))
        born = rng.choice((None, PartialDate.parse(f"19{rng.randint(60, 99)}")))
        out.append(dupes.CaseProfile(f"cases/p{i}.yaml", f"p{i}", (), names, born,
                                     rng.choice((None, "UA-09", "UA-14")),
                                     rng.choice((None, "male", "female")), None,
                                     rng.random() < 0.1))
    return out


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=2, max_value=160),
       st.integers(min_value=1, max_value=4))
def test_find_for_some_files_is_the_full_search_limited_to_them(seed, n, asked):
    """`find(only=...)` leaves out whoever shares no name part with an asked person before
    grouping; its pairs are exactly the full search's pairs that involve an asked file."""
    rng = random.Random(seed)
    people = _people(rng, n)
    only = {p.rel for p in rng.sample(people, min(asked, n))}
    full = [p for p in dupes.find(people, threshold=0.0) if p.a.rel in only or p.b.rel in only]
    assert dupes.find(people, only=only, threshold=0.0) == full


def test_a_large_group_is_split_the_same_when_narrowed():
    """More than SMALL_BLOCK people share a part: the group is split by the other parts'
    prefixes, which the narrowed search must see whole (everyone with the part is kept)."""
    many = [dupes.CaseProfile(f"cases/x{i}.yaml", f"x{i}", (), (("ivan", f"sur{i:03d}a"),),
                              None, None, None, None) for i in range(dupes.SMALL_BLOCK + 5)]
    many.append(dupes.CaseProfile("cases/y.yaml", "y", (), (("ivan", "sur001b"),), None, None,
                                  None, None))
    only = {"cases/y.yaml"}
    full = [p for p in dupes.find(many, threshold=0.0) if "cases/y.yaml" in (p.a.rel, p.b.rel)]
    assert full and dupes.find(many, only=only, threshold=0.0) == full


def test_block_parts_are_the_parts_a_person_is_grouped_by():
    assert dupes.block_parts([("ivan", "li"), ("bo",), ("anna", "petrenko")]) == {
        "ivan", "anna", "petrenko"}
    assert dupes.block_parts([]) == set()


GOOD = ("0123456789abcdef0123456789abcdef01234567\tivan petrenko|petro ivanenko\t1980-01\t"
        "UA-09\tmale\t2019-03-02\n"
        "89abcdef0123456789abcdef0123456789abcdef\t\t\t\t\t")


def test_the_person_store_reads_a_whole_body_in_one_pass():
    got = person_store._parse(GOOD)
    assert got["0123456789abcdef0123456789abcdef01234567"] == (
        (("ivan", "petrenko"), ("petro", "ivanenko")), "1980-01", "UA-09", "male", "2019-03-02")
    assert got["89abcdef0123456789abcdef0123456789abcdef"] == ((), None, None, None, None)
    assert person_store._parse("") == {}


def test_a_stored_name_is_bounded_as_the_duplicate_finder_bounds_it():
    """A line may hold MAX_NAMES names of MAX_TOKENS parts, no more: a forged longer one (whose
    every order of parts scoring would try) drops the whole body."""
    from kremlinlist.checks.duplicates import MAX_NAMES, MAX_TOKENS

    def line(names: int, parts: int) -> str:
        name = " ".join(["ab"] * parts)
        return "0123456789abcdef0123456789abcdef01234567\t" + "|".join([name] * names) + "\t\t\t\t"

    assert person_store._parse(line(MAX_NAMES, MAX_TOKENS))
    for bad in (line(MAX_NAMES + 1, 1), line(1, MAX_TOKENS + 1)):
        with pytest.raises(ValueError):
            person_store._parse(bad)


@pytest.mark.parametrize("damaged", [
    GOOD + "\n",  # an empty last line
    GOOD.replace("male", "mail"),
    GOOD.replace("UA-09", "ua-09"),
    GOOD.replace("1980-01", "1980-1"),
    GOOD.replace("ivan petrenko", "Ivan Petrenko"),
    GOOD.replace("\t\t\t\t\t", "\t\t\t\t"),  # a field short
    GOOD.replace("01234567\t", "0123456\t", 1),  # a short blob id
    GOOD.replace("\n", "\n\n"),
])
def test_a_damaged_person_line_drops_the_whole_body(damaged):
    with pytest.raises(ValueError):
        person_store._parse(damaged)


LOWER, UPPER, DIGITS = "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789"
# the dates a profile can hold: PartialDate parses them (years 1900-2100)
DAY = st.builds(lambda y, m, d, parts: "-".join([f"{y:04d}", f"{m:02d}", f"{d:02d}"][:parts]),
                st.integers(1900, 2100), st.integers(1, 12), st.integers(1, 28), st.integers(1, 3))


@settings(deadline=None)  # no timing in a test: the machine may be busy
@given(st.lists(st.tuples(
    st.binary(min_size=20, max_size=20).map(bytes.hex),
    st.lists(st.lists(st.text(LOWER, min_size=1, max_size=6), min_size=1, max_size=3).map(tuple),
             max_size=3).map(tuple),
    st.one_of(st.none(), DAY),
    st.one_of(st.none(), st.builds(lambda a, b: f"{a}-{b}", st.text(UPPER, min_size=2,
                                                                   max_size=2),
                                   st.text(UPPER + DIGITS, min_size=1, max_size=3))),
    st.sampled_from((None, "male", "female")),
    st.one_of(st.none(), DAY)), max_size=8))
def test_a_person_line_reads_back_as_written(rows):
    lines = [person_store._encode(b, (names, *rest)) for b, names, *rest in rows]
    assert all(lines)
    expected = {b: (names, *rest) for b, names, *rest in rows}
    assert person_store._parse("\n".join(lines)) == expected  # type: ignore[arg-type]


def test_the_clean_index_reads_what_it_wrote(tmp_path):
    cache = clean.CleanCache(tmp_path / "validate.tsv", "k")
    cache.day = "2026-12-02"
    blob = "0123456789abcdef0123456789abcdef01234567"
    cache.put(("cases/a-b.yaml", blob), {"id": "a-b", "former_ids": ["c-d", "e"], "by": ["org"],
                                         "person": {"publicity": "public"}})
    cache.put(("cases/f.yaml", "89abcdef0123456789abcdef0123456789abcdef"),
              {"id": "f", "former_ids": [], "by": [], "person": {"publicity": "public"}})
    cache.put_stat("cases/a-b.yaml", "10:20:30:40", blob)
    cache.put_withheld(TokenKey(b"s" * 32, frozenset({"org"})).token("cases/g.yaml", "1" * 40))
    cache.save()
    body = clean.read_checked(tmp_path / "validate.tsv", clean.CleanCache.KIND, "k")
    assert body is not None and body.startswith(b"V\t\n")  # no secret: an empty voucher
    day, stats, entries, withheld = clean._parse(body.partition(b"\n")[2].decode())
    assert stats == cache.stats and entries == cache.entries and withheld == cache.withheld
    assert len(withheld) == 1 and day == "2026-12-02"


@pytest.mark.parametrize("line", [
    "S\tcases/a.yaml\t1:2:3\t0123456789abcdef0123456789abcdef01234567",  # a short stat key
    "S\tcases/a,b.yaml\t1:2:3:4\t0123456789abcdef0123456789abcdef01234567",  # a comma
    "C\t0123456789abcdef0123456789abcdef01234567\ta\t,b\t",  # an empty former id
    "C\t0123456789abcdef0123456789abcdef01234567\t\t\t",  # no id
    "C\t0123456789abcdef0123456789abcdef0123456\ta\t\t",  # a short blob id
    "X\tsomething",
    "W\t" + "0" * 63,  # a short token
    "W\t" + "0" * 64 + "\tcases/a.yaml",  # a token with a path beside it
    "",
])
def test_a_damaged_index_line_drops_the_whole_index(line):
    good = "D\t2026-12-02\nC\t89abcdef0123456789abcdef0123456789abcdef\tf\t\t"
    with pytest.raises(ValueError):
        clean._parse(good + "\n" + line)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


# Values written every way YAML offers, broken over lines every way: what puts a line break or a
# control character into a value (escapes, block scalars, tabs, blank lines) and what does not.
_WORDS = st.lists(st.sampled_from(["a", "b c", "d-e", "\u00e9", "x\\ny", "t\tu", "v>w"]),
                  min_size=1, max_size=4)
_BREAKS = st.sampled_from([" ", "\n  ", "\n\n  ", "\n  \n  ", "\r\n  ", "\r\n\r\n  ", "\r\r  ",
                          "\n \t\n  "])


@st.composite
def _value(draw):
    words = draw(_WORDS)
    body = words[0] + "".join(draw(_BREAKS) + w for w in words[1:])
    style = draw(st.sampled_from(["plain", "single", "double", "block", "flow"]))
    if style == "single":
        return "'" + body + "'"
    if style == "double":
        return '"' + body + '"'
    if style == "block":
        lines = draw(st.sampled_from(["\n  ", "\n\n  "])).join(words)
        return draw(st.sampled_from(["|", ">", "|-", ">-", "|+"])) + "\n  " + lines
    if style == "flow":
        return "[" + ", ".join(words) + "]"
    return body


@settings(max_examples=examples(600), deadline=None)
@given(st.lists(_value(), min_size=1, max_size=3))
def test_a_text_said_plain_parses_to_values_without_a_control_character(values):
    """The one-line check is skipped when the text shows no value can hold a control character:
    whatever such a text parses to holds none."""
    from kremlinlist.checks.text import _CONTROL
    from kremlinlist.files import yamlsafe

    text = "".join(f"k{i}: {v}\n" for i, v in enumerate(values))
    decoded, findings = yamlsafe.decode(text.encode())
    if findings or not yamlsafe.no_control_in_values(decoded):
        return
    try:
        data = yamlsafe.parse(decoded)[0]
    except yamlsafe.YamlError:
        return
    assert not any(_CONTROL.search(s) for s in _strings(data))


@pytest.mark.parametrize("text", ['name: {en: "a\\nb"}\n', "name:\n  en: |\n    a\n    b\n",
                                  "name:\n  en: a\n\n    b\n", "name: {en: a\tb}\n"])
def test_a_line_break_in_a_name_is_still_found(tmp_path, text):
    """Each way into a one-line field keeps the check (the text is not said plain)."""
    from kremlinlist.checks.context import Context
    from kremlinlist.checks.engine import check_file_bytes
    from kremlinlist.model.case import Config

    data = ("id: a-b\n" + text + "assessment: {decision: candidate}\n").encode()
    result = check_file_bytes("cases/a-b.yaml", data, Context(None, Config(), __import__(
        "datetime").date(2026, 1, 1)))
    assert "control-character-in-line" in {p.code for p in result.problems}


_NODES = st.recursive(
    st.one_of(_value(), st.sampled_from(["&a x", "*a", "!!str 1", "~", "null", "", "'~'", '""',
                                         "&b [x]", "!!map {k: x}"])),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(st.sampled_from(["k", "k", "j", "~", "? k", "[a]"]), inner),
                 max_size=3).map(lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}")),
    max_leaves=8)


def _careful(text):
    """What the careful reader alone makes of `text`: its data, or its refusal's code."""
    import yaml

    from kremlinlist.files import yamlsafe

    parser = yamlsafe._make_parser(text)
    try:
        return ("data", yamlsafe._build(parser, False)[0])
    except yamlsafe.YamlError as exc:
        return ("refused", exc.code)
    except yaml.YAMLError:
        return ("refused", "yaml-syntax")
    finally:
        parser.dispose()


def _parsed(text):
    from kremlinlist.files import yamlsafe

    try:
        return ("data", yamlsafe.parse(text)[0])
    except yamlsafe.YamlError as exc:
        return ("refused", exc.code)


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "a", "c"]), _NODES), min_size=1,
                max_size=3),
       st.sampled_from(["", "---\n", "%YAML 1.1\n---\n"]), st.sampled_from(["", "--- x\n"]))
def test_the_plain_reader_gives_what_the_careful_one_gives(items, head, tail):
    """parse() reads a file without positions on a shorter path and hands anything unusual to
    the careful reader: the data, or the refusal, is the careful reader's."""
    text = head + "".join(f"{k}: {v}\n" for k, v in items) + tail
    careful = _careful(text)
    fast = _parsed(text)
    if careful[0] == "data":
        assert fast == careful
    else:
        assert fast[0] == "refused"
        assert careful[1] == "yaml-syntax" or fast == careful


def test_bytes_read_to_hash_a_known_file_are_let_go_at_once(tmp_path):
    """A checkout that touched every file makes the clean files' seam read each to hash it; the
    reader is told at once which bytes were a known file's, so a run holds only the unknown."""
    (tmp_path / "cases").mkdir()
    known, unknown = b"id: known\n", b"id: unknown\n"
    (tmp_path / "cases" / "known.yaml").write_bytes(known)
    (tmp_path / "cases" / "unknown.yaml").write_bytes(unknown)
    cache = clean.CleanCache(tmp_path / "validate.tsv", "k")
    summary = {"id": "known", "former_ids": [], "by": [], "person": {"publicity": "public"}}
    cache.put(("cases/known.yaml", clean.blob_id(known)), summary)
    kept: dict[str, bytes] = {}

    def read(rel: str):
        kept[rel] = (tmp_path / rel).read_bytes()
        return kept[rel], None

    seam = CleanFiles(cache, str(tmp_path), read, 1 << 20, lambda rel: kept.pop(rel, None))
    found, todo = seam.split(["cases/known.yaml", "cases/unknown.yaml"])
    assert list(found) == ["cases/known.yaml"] and todo == ["cases/unknown.yaml"]
    assert kept == {"cases/unknown.yaml": unknown}
