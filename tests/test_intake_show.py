"""`intake show ID`: an editor reads a report (sealed or not) before deciding on it; a stranger's
text cannot drive the terminal, and nothing is written anywhere."""

from __future__ import annotations

import json

import pytest
from factory import (Dataset, age_key, case, dump, form_export, form_row, invoke, sealing_config,
                     shared, tree_text)

from kremlinlist.app.intake import report_file
from kremlinlist.app.seal import sealed_yaml
from kremlinlist.files import sealed
from kremlinlist.publish.screen import FactGrid, Styled
from kremlinlist.publish.views import report_view

CANARY = "SHOWCANARY3f9d"
RID = "r-00000000000000aa"


@pytest.fixture
def members(tmp_path):
    return {name: age_key(tmp_path / "keys", name) for name in ("one", "two", "stranger")}


def _imported(root, tmp_path, **row) -> str:
    export = form_export(tmp_path / "exports" / "form.csv",
                         [form_row(what_happened=f"taken from home {CANARY}", **row)])
    assert invoke(["intake", "import", str(export), "--by", "olena"], cwd=root).returncode == 0
    return next((root / "intake").glob("r-*.yaml")).stem


@pytest.fixture
def plain(tmp_path):
    data = Dataset(tmp_path / "data", {"repository": "private", "timezone": "UTC"})
    data.add(case("petrenko-ivan"))
    return data.root, _imported(data.root, tmp_path)


@pytest.fixture
def sealed_report(tmp_path, members):
    data = Dataset(tmp_path / "data", sealing_config(members["one"][1], members["two"][1]))
    data.add(case("petrenko-ivan"))
    return data.root, _imported(data.root, tmp_path)


def _hand_written(root, report: dict, keys: list[str]) -> None:
    """A report written as a form's import would not write it (by hand, or by an e-mail)."""
    envelope = {"id": RID, "received": "2024-05-01", "via": "email", "status": "new",
                "history": [{"status": "new", "by": "olena", "on": "2024-05-02"}]}
    (root / "intake").mkdir(exist_ok=True)
    (root / "intake" / f"{RID}.yaml").write_text(report_file(envelope, report, keys),
                                                 encoding="utf-8")


def test_a_plain_report_is_shown_whole_without_an_identity(plain, monkeypatch):
    monkeypatch.delenv("KREMLINLIST_IDENTITY", raising=False)
    root, rid = plain
    result = invoke(["intake", "show", rid], cwd=root)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith(f"{rid}  new\n")
    for shown in ("received", "2024-05-01", "history", "new  olena", "Petro Vyhadanyi / Петро "
                  "Вигаданий", "Херсонська → UA-65", "15.03.2023 → 2023-03-15", "Testtown",
                  "Olha Vyhadana", "mother", "olha@example.org", "+380 00 000 0000",
                  "What happened", f"  taken from home {CANARY}"):
        assert shown in out, shown


def test_a_sealed_report_opens_with_a_members_identity(sealed_report, members, monkeypatch):
    root, rid = sealed_report
    monkeypatch.delenv("KREMLINLIST_IDENTITY", raising=False)
    given = invoke(["intake", "show", rid, "--identity", members["two"][0]], cwd=root)
    assert given.returncode == 0, given.stderr
    assert CANARY in given.stdout and "Olha Vyhadana" in given.stdout
    from_env = invoke(["intake", "show", rid], cwd=root,
                      env={"KREMLINLIST_IDENTITY": str(members["one"][0])})
    assert from_env.stdout == given.stdout


def test_a_sealed_report_without_an_identity_that_opens_it_is_refused(sealed_report, members,
                                                                     monkeypatch):
    root, rid = sealed_report
    monkeypatch.delenv("KREMLINLIST_IDENTITY", raising=False)
    missing = invoke(["intake", "show", rid], cwd=root)
    assert (missing.returncode, missing.stdout) == (2, "")
    assert "--identity FILE" in missing.stderr
    wrong = invoke(["intake", "show", rid, "-i", members["stranger"][0]], cwd=root)
    assert (wrong.returncode, wrong.stdout) == (1, "")
    assert "sealed for other keys" in wrong.stderr
    assert CANARY not in missing.stderr + wrong.stderr and "Traceback" not in wrong.stderr


def test_an_unknown_id_is_refused(plain):
    result = invoke(["intake", "show", "r-ffffffffffffffff"], cwd=plain[0])
    assert (result.returncode, result.stdout) == (2, "")
    assert "no report in intake/ has this id" in result.stderr


@pytest.mark.parametrize("hostile", ["\\u202etxt.exe", "a\\e[2Jb", "x\\u0085y"])
def test_a_report_that_does_not_load_shows_its_problems_and_nothing_of_it(tmp_path, hostile):
    """A bidi override or an escape written as a YAML escape makes the file invalid: refused with
    its problems (which quote nothing of it), nothing opened shown."""
    data = Dataset(tmp_path / "data", {"repository": "private"})
    _hand_written(data.root, {"person": {"names": [CANARY]}}, [])
    path = data.root / "intake" / f"{RID}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"- {CANARY}",
                                                             f'- "{CANARY} {hostile}"'),
                    encoding="utf-8")
    result = invoke(["intake", "show", RID], cwd=data.root)
    assert result.returncode == 1
    assert "invisible-character" in result.stdout + result.stderr
    assert CANARY not in result.stdout + result.stderr
    assert all(c.isprintable() or c == "\n" for c in result.stdout + result.stderr)


def test_a_sealed_report_that_opens_to_hostile_text_is_refused_not_shown(tmp_path, members):
    """Whoever has the coalition's public keys can seal a report; opened, it is checked as a
    plain one is."""
    data = Dataset(tmp_path / "data", sealing_config(members["one"][1]))
    _hand_written(data.root, {"person": {"names": ["Name"], "what_happened": "ok"}},
                  [members["one"][1]])
    block = dump({"person": {"names": [f"{CANARY} \u202eevil"]}})
    armored, sealed_for = sealed.seal(block.encode("utf-8"), [members["one"][1]])
    text = (data.root / "intake" / f"{RID}.yaml").read_text(encoding="utf-8")
    (data.root / "intake" / f"{RID}.yaml").write_text(
        text.split("report:")[0] + sealed_yaml("report", armored, sealed_for), encoding="utf-8")
    result = invoke(["intake", "show", RID, "-i", members["one"][0]], cwd=data.root)
    assert (result.returncode, result.stdout) == (1, "")
    assert "not a valid report" in result.stderr and CANARY not in result.stderr


def test_a_carriage_return_or_tab_in_free_text_is_shown_as_an_escape(tmp_path):
    """What a valid report may hold and a terminal would obey: a carriage return would let the
    rest of a line print over what the editor reads."""
    data = Dataset(tmp_path / "data", {"repository": "private"})
    _hand_written(data.root, {"reporter": {"name": "Olha\rFORGED"},
                              "person": {"names": ["Petro"], "place": "a\tb",
                                         "what_happened": "first\r\nsecond\rFORGED"}}, [])
    result = invoke(["intake", "show", RID], cwd=data.root)
    assert result.returncode == 0, result.stderr
    assert "\r" not in result.stdout and "\t" not in result.stdout
    assert "Olha\\rFORGED" in result.stdout and "a\\tb" in result.stdout
    assert "  first\n  second\\rFORGED\n" in result.stdout


def _texts(blocks) -> list[str]:
    out = []
    for block in blocks:
        if isinstance(block, Styled):
            out += [piece for piece, _style in block.parts]
        elif isinstance(block, FactGrid):
            out += [cell for row in block.rows for cell in row]
        else:
            out.append(block)
    return out


def _report_of(text: str) -> dict:
    typed = {"typed": text, "date": None}
    return {"id": RID, "received": "2024-05-01", "via": "form", "status": "new", "case": None,
            "history": [{"status": "new", "by": text, "on": "2024-05-02", "reason": text}],
            "sealed": True, "report": {
                "reporter": {"name": text, "relation": text, "email": text, "phone": text},
                "person": {"names": [text, text], "born": typed, "region": {"typed": text,
                                                                            "code": None},
                           "detained_on": typed, "place": text, "what_happened": text}}}


def test_every_value_of_the_view_is_printable_whatever_it_holds():
    """The model refuses such characters today; the view does not count on it."""
    strings = ["\u202etxt.exe", "a\x1b[2Jb\x1b]0;title\x07", "line\u2028sep\x85nel", "nul\x00",
               "zero\u200bwidth", "\ufeffbom", "a\rb"]
    try:
        strings += json.loads(shared("corpora", "blns", "blns.json").read_text(encoding="utf-8"))
    except pytest.skip.Exception:
        pass
    for text in strings:
        for piece in _texts(report_view(_report_of(text))):
            assert piece.isprintable(), (text, piece)


def test_labels_read_in_ukrainian(plain):
    root, rid = plain
    out = invoke(["intake", "show", rid], cwd=root, env={"KREMLINLIST_LANG": "uk"}).stdout
    for label in ("надійшло", "історія", "Про кого звернення", "імена",
                  "Хто звернувся", "ким доводиться", "телефон", "Що сталося"):
        assert label in out, label
    assert "Person concerned" not in out and "What happened" not in out
    assert "Херсонська → UA-65 (Херсонська обл.)" in out


def test_json_holds_the_envelope_and_every_field(plain):
    root, rid = plain
    result = invoke(["intake", "show", rid, "--format", "json"], cwd=root)
    assert result.returncode == 0
    shown = json.loads(result.stdout)
    assert set(shown) == {"id", "received", "via", "status", "case", "history", "sealed",
                          "report"}
    assert (shown["id"], shown["status"], shown["sealed"], shown["case"]) == (rid, "new", False,
                                                                              None)
    assert shown["history"][0]["by"] == "olena"
    assert shown["report"]["reporter"] == {"name": "Olha Vyhadana", "relation": "mother",
                                           "email": "olha@example.org",
                                           "phone": "+380 00 000 0000"}
    person = shown["report"]["person"]
    assert person["region"] == {"typed": "Херсонська", "code": "UA-65"}
    assert person["detained_on"] == {"typed": "15.03.2023", "date": "2023-03-15"}
    assert person["what_happened"] == f"taken from home {CANARY}"
    assert set(person) == {"names", "born", "region", "detained_on", "place", "what_happened"}


def _everything(tmp_path) -> dict:
    return {p.relative_to(tmp_path).as_posix(): p.read_bytes()
            for p in sorted(tmp_path.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_showing_writes_no_file_anywhere(sealed_report, members, tmp_path, fmt):
    root, rid = sealed_report
    cache = tmp_path / "kremlinlist-cache"
    invoke(["validate"], cwd=root)  # the caches exist, so a write into them would show
    before, tree_before = _everything(tmp_path), (tree_text(root), tree_text(cache))
    result = invoke(["intake", "show", rid, "-i", members["one"][0], "--format", fmt], cwd=root)
    assert result.returncode == 0 and CANARY in result.stdout
    assert _everything(tmp_path) == before
    assert (tree_text(root), tree_text(cache)) == tree_before
    assert CANARY not in tree_text(root) + tree_text(cache)

