"""Text rules from the Unicode standard: invisible characters refused in files, and a CSV guard
that sees through the ways a formula can be dressed."""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import sys
import unicodedata
from pathlib import Path

import pytest
from factory import case, dump, examples, hostile_list
from hypothesis import given, settings
from hypothesis import strategies as st

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.model import _unicode_tables as tables
from kremlinlist.publish import escape, writers
from kremlinlist.files import loader
from kremlinlist.app import new
from kremlinlist.files import yamlsafe

UCD = Path("/usr/share/unicode")
ROOT = Path(__file__).resolve().parent.parent
NAME = "Ivan Petrenko"
MUST_REFUSE = [0xE0040, 0x3164, 0x115F, 0x1160, 0xFFA0, 0x200B, 0x200D, 0x2066, 0x202E, 0xFEFF,
               0x180E, 0x00AD, 0x034F, 0xFE0F, 0x061C, 0x200E, 0x2028]
MUST_PASS = "ğĞıİşŞçÇñÑüÜöÖâїЇєЄґҐіІʼ'’"


def _ucd_or_skip() -> Path:
    if not (UCD / "DerivedCoreProperties.txt").exists():
        if os.environ.get("CI") == "true":
            pytest.fail("the Unicode data files are missing (install Debian's unicode-data)")
        pytest.skip("the Unicode data files are not installed")
    return UCD


def _points(path: Path, prop: str) -> set[int]:
    out: set[int] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = [f.strip() for f in line.split("#")[0].split(";")]
        if len(fields) == 2 and fields[1] == prop:
            first, _, last = fields[0].partition("..")
            out.update(range(int(first, 16), int(last or first, 16) + 1))
    return out


def _expand(table) -> set[int]:
    return {cp for a, b in table for cp in range(a, b + 1)}


def _case_text(name: str) -> bytes:
    return dump(case()).replace(NAME, name).encode("utf-8")


def _codes(data: bytes) -> list[tuple[str, int]]:
    return [(p.code, p.line) for p in loader.load_bytes("cases/petrenko-ivan.yaml", data,
                                                        "case").problems]


def _refusals(data: bytes) -> list[tuple[str, int]]:
    """`_codes` but the warning that an English name mixes scripts: these names are made so."""
    return [c for c in _codes(data) if c[0] != "mixed-script-name"]


def _name_line() -> int:
    return dump(case()).splitlines().index(f"  en: {NAME}") + 1


# --- the table is the standard's -------------------------------------------------------------------

def test_the_table_is_the_unicode_data():
    ucd = _ucd_or_skip()
    assert _expand(tables.DEFAULT_IGNORABLE) == _points(ucd / "DerivedCoreProperties.txt",
                                                         "Default_Ignorable_Code_Point")
    assert _expand(tables.BIDI_CONTROL) == _points(ucd / "PropList.txt", "Bidi_Control")
    assert _expand(tables.WHITE_SPACE) == _points(ucd / "PropList.txt", "White_Space")
    header = (ucd / "DerivedCoreProperties.txt").read_text(encoding="utf-8").splitlines()[0]
    assert tables.UNICODE_VERSION in header


def test_the_generated_module_is_what_the_script_writes_today():
    ucd = _ucd_or_skip()
    spec = importlib.util.spec_from_file_location("gen", ROOT / "tools" / "gen_unicode_tables.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    assert gen.render(ucd) == (ROOT / "src/kremlinlist/model/_unicode_tables.py").read_text("utf-8")


def test_the_refused_set_holds_every_ignorable_and_bidi_control_but_no_structure():
    invisible = _expand(tables.INVISIBLE)
    assert _expand(tables.DEFAULT_IGNORABLE) <= invisible
    assert _expand(tables.BIDI_CONTROL) <= invisible
    assert not {0x09, 0x0A, 0x0D, 0x20} & invisible
    for table in (tables.DEFAULT_IGNORABLE, tables.BIDI_CONTROL, tables.WHITE_SPACE,
                  tables.INVISIBLE):
        assert all(a <= b < c for (a, b), (c, _) in zip(table, table[1:]))


@given(st.integers(0, sys.maxunicode))
def test_bisect_lookup_agrees_with_the_ranges(cp):
    assert tables.contains(tables.INVISIBLE, cp) == any(a <= cp <= b for a, b in tables.INVISIBLE)


# --- refused in files -------------------------------------------------------------------------------

@pytest.mark.parametrize("cp", MUST_REFUSE, ids=hex)
def test_invisible_characters_in_a_name_are_refused_where_they_are(cp):
    data = _case_text(f"Ivan{chr(cp)} Petrenko")
    assert ("invisible-character", _name_line()) in _codes(data)


@pytest.mark.parametrize("cp", MUST_REFUSE, ids=hex)
def test_invisible_characters_written_as_escapes_are_refused(cp):
    data = dump(case()).replace(f"en: {NAME}", f'en: "Ivan\\U{cp:08X} Petrenko"').encode()
    assert ("invisible-character", _name_line()) in _codes(data)


@given(st.text(st.characters(max_codepoint=0x7F)) | st.text())
def test_a_quoted_value_is_judged_as_the_whole_table_judges_it(value):
    """Printable ASCII is answered without the regex: none of it is in the table."""
    first = next((ch for ch in value if tables.contains(tables.INVISIBLE, ord(ch))), None)
    assert yamlsafe._escaped_bad_char(value) == first


def test_every_refused_character_starts_with_a_byte_the_file_scan_looks_for():
    """A file without any of these bytes is not scanned for refused characters."""
    first = set(yamlsafe._first_bytes())
    assert all(chr(cp).encode("utf-8", "surrogatepass")[0] in first
               for a, b in tables.INVISIBLE for cp in range(a, b + 1))
    # Ukrainian and Crimean Tatar letters are not among them: such a file is not scanned
    assert not first & set("\t\n\r abcАбвЇїЄєҐґІіʼğĞıİşŞçÇñÑüÜöÖâ".encode())


def test_ukrainian_and_crimean_tatar_letters_pass():
    data = _case_text(f"Ivan Petrenko {MUST_PASS} Ölmez Çelebi Іван Петрен\u02bcко")
    assert _refusals(data) == []
    assert new.check_name(MUST_PASS) == MUST_PASS


def test_the_new_command_refuses_what_validate_refuses():
    for cp in (cp for cp in MUST_REFUSE if not chr(cp).isspace()):  # white space is folded
        with pytest.raises(KremlinlistError):
            new.check_name(f"Ivan{chr(cp)}Petrenko")


def _refusable():
    return st.sampled_from(tables.INVISIBLE).flatmap(lambda r: st.integers(*r)).filter(
        lambda cp: not 0xD800 <= cp <= 0xDFFF)  # surrogates cannot be in UTF-8 at all


@settings(max_examples=examples(300))
@given(_refusable())
def test_every_code_point_of_the_table_is_refused_in_a_file(cp):
    data = _case_text(f"Ivan {chr(cp)}Petrenko")
    assert ("invisible-character", _name_line()) in _codes(data)


@settings(max_examples=examples(300))
@given(st.characters(categories=("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Nd"))
       .filter(lambda ch: not tables.contains(tables.INVISIBLE, ord(ch))))
def test_letters_outside_the_table_pass(ch):
    assert _refusals(_case_text(f"Ivan {ch}Petrenko")) == []


def test_messages_name_the_code_point_not_the_text():
    data = _case_text("Secretname\u3164 Petrenko")
    problems = loader.load_bytes("cases/petrenko-ivan.yaml", data, "case").problems
    assert problems and all("Secretname" not in p.message for p in problems)
    assert any("U+3164" in p.message for p in problems)
    assert yamlsafe.invisible_char("a\u3164b") == "\u3164" and yamlsafe.invisible_char("ab") is None
    codes = {cp: loader.load_bytes("cases/a.yaml", f"id: a\nnote: x{chr(cp)}\n".encode(),
                                   "case").problems[0].message for cp in (0x01, 0xE0040, 0xFFF0)}
    assert "U+0001 CONTROL CHARACTER" in codes[0x01]
    assert "U+E0040 TAG COMMERCIAL AT" in codes[0xE0040]
    assert "U+FFF0 (no name" in codes[0xFFF0]  # reserved: a name would be a guess


# --- the CSV guard ----------------------------------------------------------------------------------

BYPASSES = [" =1+1", "\u00a0=1+1", "\u3000=1+1", "\n=1+1", "\uff1d1+1", "\u200b=1+1",
            "\U000e0040=1+1", " \t+1", "\uff0b1", "\uff0d1", "\uff20SUM(A1)", "\u2003@x",
            "\u3164-1", "\r\n=1"]


@pytest.mark.parametrize("text", BYPASSES, ids=ascii)
def test_a_dressed_formula_is_still_neutralized(text):
    assert escape.csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Ivan", "Іван", " Ivan", "\u3000Ivan", "1+1", "a=b", "ї-2", ""])
def test_ordinary_text_is_left_alone(text):
    assert escape.csv_cell(text) == text


def test_the_exported_csv_neutralizes_every_bypass():
    out = writers.render_list(hostile_list(BYPASSES), "csv")
    rows = list(csv.reader(io.StringIO(out, newline="")))[1:]
    assert [row[1] for row in rows] == ["'" + s for s in BYPASSES]


@given(st.text())
def test_no_cell_starts_a_formula_once_folded(text):
    cell = escape.csv_cell(text)
    folded = [ch for ch in unicodedata.normalize("NFKC", cell)
              if not (tables.contains(tables.WHITE_SPACE, ord(ch))
                      or tables.contains(tables.INVISIBLE, ord(ch)))]
    assert cell[:1] not in ("\t", "\r", "\n") and folded[:1] not in (["="], ["+"], ["-"], ["@"])


def test_the_clean_cache_is_dropped_when_the_refused_characters_change(tmp_path, monkeypatch):
    """The clean cache's key hashes every file of the package, the table of refused characters
    included: a file cached as clean before the table grew is checked again."""
    import shutil

    import kremlinlist
    from kremlinlist.caches import clean

    pkg = tmp_path / "kremlinlist"
    package = Path(kremlinlist.__file__).parent
    shutil.copytree(package, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(clean, "__file__", str(pkg / Path(clean.__file__).relative_to(package)))
    before = clean.code_hash.__wrapped__()
    table = pkg / Path(tables.__file__).relative_to(package)
    table.write_text(table.read_text().replace("(0x", "(0x0, 0x0), (0x", 1))
    assert clean.code_hash.__wrapped__() != before
