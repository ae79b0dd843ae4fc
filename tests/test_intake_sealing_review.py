"""What a privacy review found in intake and sealing: a sealed report is never opened into a
plain case when kremlinlist.yaml lists no recipients; a comment on, in or after a sealed report's
block (or on a sealed private block's key line) is an error that never quotes it; and a sealed
report that opens damaged points to what repairs it, not to `edit-private`, which edits cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from factory import Dataset, age_key, case, dump, form_export, form_row, invoke, sealing_config

from kremlinlist.app import intake, intake_case
from kremlinlist.app.seal import sealed_yaml, splice
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.files import sealed

CANARY = "REVIEWCANARY7e2a"
PLAIN = {"repository": "private", "timezone": "UTC"}
PRIVATE_BLOCK = {"notes": f"the sister called, {CANARY}"}


@pytest.fixture
def member(tmp_path) -> tuple[Path, str]:
    return age_key(tmp_path / "keys", "one")


def _sealed_report(tmp_path, member) -> tuple[Path, Path]:
    """A dataset sealing for `member`: one case and one report imported, each sealed."""
    data = Dataset(tmp_path / "data", sealing_config(member[1]))
    data.add(case("petrenko-ivan", private=PRIVATE_BLOCK))
    export = form_export(tmp_path / "exports" / "form.csv",
                         [form_row(what_happened=f"taken {CANARY}",
                                   reporter_email=f"{CANARY}@example.org")])
    assert invoke(["intake", "import", str(export)], cwd=data.root).returncode == 0
    assert invoke(["seal"], cwd=data.root).returncode == 0
    report = next((data.root / "intake").glob("r-*.yaml"))
    assert CANARY not in "".join(p.read_text(encoding="utf-8") for p in data.root.rglob("*.yaml"))
    return data.root, report


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.parts}


def _problems(root: Path, *args: str) -> tuple[list[tuple[str, str, int]], str]:
    result = invoke(["validate", "--format", "json", *args], cwd=root)
    found = json.loads(result.stdout)["problems"]
    return ([(p["code"], p["file"], p["line"]) for p in found],
            result.stdout + result.stderr)


def test_a_sealed_report_is_not_promoted_into_plain_text_without_recipients(tmp_path, member):
    """During a key change, or in a checkout whose kremlinlist.yaml lacks `recipients:`, promote
    opened the report with the member's key and wrote the case's private block unsealed."""
    root, report = _sealed_report(tmp_path, member)
    (root / "kremlinlist.yaml").write_text(dump(PLAIN), encoding="utf-8")
    before = _files(root)
    result = invoke(["intake", "promote", report.stem, "-i", str(member[0])], cwd=root)
    assert result.returncode == 2 and "no `recipients:`" in result.stderr
    assert CANARY not in result.stdout + result.stderr
    assert _files(root) == before  # no case, and the report still `new`
    unkeyed = invoke(["intake", "promote", report.stem], cwd=root,
                     env={"KREMLINLIST_IDENTITY": ""})  # said before a key is asked for
    assert unkeyed.returncode == 2 and "no `recipients:`" in unkeyed.stderr
    with pytest.raises(KremlinlistError) as refused:
        intake.promote(root, report.stem, "ed", identity=member[0])
    assert refused.value.code == "no-recipients"


def test_the_case_text_of_a_sealed_report_is_never_plain(tmp_path, member):
    """Whatever its caller passes, a sealed report's case is refused rather than made plain; a
    plain report without recipients still makes a plain case."""
    root, report = _sealed_report(tmp_path, member)
    model, _data = intake.load_report(root, report.stem)
    what = intake.opened(model, sealed.load_identities(member[0]))
    assert what is not None
    with pytest.raises(KremlinlistError) as refused:
        intake_case.case_text("hidden-0123456789abcdef", model, what, [])
    assert refused.value.code == "no-recipients"
    plain = model.model_copy(update={"report": what})
    text = intake_case.case_text("hidden-0123456789abcdef", plain, what, []).decode("utf-8")
    assert CANARY in yaml.safe_load(text)["private"]["relatives"][0]["contact"]


def test_a_recipient_age_cannot_seal_for_is_refused_not_a_crash(tmp_path, member):
    """A key that passes the config's schema but not age (a wrong checksum) crashed import and
    promote with an internal error; it is refused, nothing written."""
    root, report = _sealed_report(tmp_path, member)
    good = member[1]
    bad = good[:-1] + ("q" if good[-1] != "q" else "p")
    (root / "kremlinlist.yaml").write_text(dump(sealing_config(bad)), encoding="utf-8")
    before = _files(root)
    export = form_export(tmp_path / "exports" / "other.csv", [form_row("Ivan Vyhadanyi")])
    for args in (["intake", "import", str(export)],
                 ["intake", "promote", report.stem, "-i", str(member[0])]):
        result = invoke(args, cwd=root)
        assert result.returncode == 2 and "not a usable public key" in result.stderr, args
    assert _files(root) == before


def test_edit_private_of_a_sealed_block_without_recipients_writes_nothing(tmp_path, member):
    """The other path that opens a sealed block and writes it back: refused before it opens."""
    root, _report = _sealed_report(tmp_path, member)
    (root / "kremlinlist.yaml").write_text(dump(PLAIN), encoding="utf-8")
    before = _files(root)
    editor = f"sh -c 'echo \"notes: {CANARY}\" > \"$0\"'"
    result = invoke(["edit-private", "petrenko-ivan", "-i", str(member[0])], cwd=root,
                    env={"EDITOR": editor, "VISUAL": editor})
    assert result.returncode == 2 and "no `recipients:`" in result.stderr
    assert _files(root) == before


def test_comments_beside_a_sealed_report_are_errors_that_quote_nothing(tmp_path, member):
    root, report = _sealed_report(tmp_path, member)
    text = report.read_text(encoding="utf-8")
    rel, lines = f"intake/{report.name}", len(text.splitlines())
    report.write_text(text + f"  # {CANARY} inside\n# {CANARY}: mother phoned again\n",
                      encoding="utf-8")
    found, said = _problems(root)
    assert found == [("comment-beside-sealed-block", rel, lines + 1),
                     ("comment-beside-sealed-block", rel, lines + 2)]
    assert CANARY not in said and "edit-private" in said
    keyed = text.replace("report:\n", f"report:  # {CANARY} eol\n")
    assert keyed != text
    report.write_text(keyed, encoding="utf-8")
    found, said = _problems(root)
    at = text.splitlines().index("report:") + 1
    assert found == [("comment-beside-sealed-block", rel, at)] and CANARY not in said
    # the envelope's comments, and one before `report:`, are the queue's, in the clear
    envelope = text.replace("status: new", "status: new  # called back").replace(
        "report:\n", "# the report as the form gave it\nreport:\n")
    report.write_text(envelope, encoding="utf-8")
    assert _problems(root)[0] == []


def test_a_comment_on_a_sealed_private_blocks_key_line_is_an_error(tmp_path, member):
    root, _report = _sealed_report(tmp_path, member)
    path = root / "cases" / "petrenko-ivan.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("private:\n", f"private:  # {CANARY} eol\n"), encoding="utf-8")
    found, said = _problems(root)
    at = text.splitlines().index("private:") + 1
    assert found == [("comment-beside-sealed-block", "cases/petrenko-ivan.yaml", at)]
    assert CANARY not in said
    # one after a value inside the block: `sealed_for: [...]  # ...`
    lines = text.splitlines(keepends=True)
    i = next(n for n, line in enumerate(lines) if line.lstrip().startswith("sealed_for"))
    lines[i] = lines[i].rstrip("\n") + f"  # {CANARY} is the source\n"
    path.write_text("".join(lines), encoding="utf-8")
    found, said = _problems(root)
    assert found == [("comment-beside-sealed-block", "cases/petrenko-ivan.yaml", i + 1)]
    assert CANARY not in said


def test_a_sealed_report_that_opens_damaged_points_to_git_history(tmp_path, member):
    """`edit-private` edits cases only: a report that opens but is not YAML is restored."""
    root, report = _sealed_report(tmp_path, member)
    armored, sealed_for = sealed.seal(f"reporter: [{CANARY}\n".encode("utf-8"), [member[1]])
    text = report.read_text(encoding="utf-8")
    report.write_text(splice(text, "report", sealed_yaml("report", armored, sealed_for)),
                      encoding="utf-8")
    result = invoke(["validate", "--format", "json", "-i", str(member[0])], cwd=root)
    found = json.loads(result.stdout)["problems"]
    assert [p["code"] for p in found] == ["sealed-damaged"]
    assert "edit-private" not in found[0]["message"] and "git log" in found[0]["message"]
    assert CANARY not in result.stdout + result.stderr
