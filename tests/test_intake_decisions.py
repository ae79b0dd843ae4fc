"""Deciding on a report (docs/intake.md): promote, reject and duplicate keep every comment of the
report's file, a promoted case's id says nothing of the report, promote is all or nothing and a
retry finishes it, and nothing of the report is cut or reaches a message."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from factory import Dataset, age_key, case, dump, form_export, form_row, invoke, sealing_config

from kremlinlist.app import intake
from kremlinlist.app.validate import validate
from kremlinlist.checks.privacy import is_opaque

CANARY = "DECIDECANARY3c1d"


@pytest.fixture
def members(tmp_path):
    return [age_key(tmp_path / "keys", name) for name in ("one", "two")]


def _dataset(tmp_path, config) -> Path:
    data = Dataset(tmp_path / "data", config)
    data.add(case("petrenko-ivan"))
    return data.root


def _imported(root: Path, tmp_path, **row) -> Path:
    export = form_export(tmp_path / "exports" / "form.csv",
                         [form_row(what_happened=f"taken {CANARY}", **row)])
    assert invoke(["intake", "import", str(export)], cwd=root).returncode == 0
    return next((root / "intake").glob("r-*.yaml"))


def _commented(path: Path) -> str:
    """The imported file with comments everywhere a member may write them."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    out = ["# envelope: called back on Monday\n"]
    for line in lines:
        if line.startswith("status:"):
            line = line.rstrip("\n") + "  # being checked\n"
        if line.startswith("report:"):
            out.append("# the report as the form gave it\n")
        out.append(line)
        if line.startswith("  person:"):
            out.append("    # CANARYCOMMENT inside the report\n")
    text = "".join(out)
    path.write_text(text, encoding="utf-8")
    return text


@pytest.mark.parametrize("args", [["reject", "ID", "--reason", "not political"],
                                  ["duplicate", "ID", "petrenko-ivan"]])
def test_reject_and_duplicate_keep_every_comment_of_a_plain_report(tmp_path, args):
    root = _dataset(tmp_path, {"repository": "private"})
    path = _imported(root, tmp_path)
    before = _commented(path)
    rid = path.stem
    result = invoke(["intake", *[rid if a == "ID" else a for a in args], "--by", "ed"], cwd=root)
    assert result.returncode == 0, result.stderr
    after = path.read_text(encoding="utf-8")
    for comment in re.findall(r"#.*", before):
        assert comment in after
    assert "status: rejected  # being checked" in after or "duplicate  # being" in after
    assert after.startswith(before.split("history:")[0].split("status:")[0])  # kept as written
    assert validate(root, use_cache=False).problems == []


def test_a_sealed_reports_envelope_comments_are_kept(tmp_path, members):
    root = _dataset(tmp_path, sealing_config(members[0][1]))
    path = _imported(root, tmp_path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("history:", "# reviewed by the legal team\nhistory:  # who and when")
    path.write_text(text, encoding="utf-8")
    assert invoke(["intake", "reject", path.stem, "--reason", "out of scope"],
                  cwd=root).returncode == 0
    after = path.read_text(encoding="utf-8")
    assert "# reviewed by the legal team\nhistory:  # who and when\n" in after
    assert text.split("report:")[1] == after.split("report:")[1]  # the sealed report untouched
    assert yaml.safe_load(after)["history"][-1]["reason"] == "out of scope"


def test_a_plain_report_is_sealed_with_its_comments_when_recipients_are_set(tmp_path, members):
    """A report imported before `recipients:`: moving it on seals it as `seal` does, its comments
    sealed with it and the envelope's kept in the clear."""
    root = _dataset(tmp_path, {"repository": "private"})
    path = _imported(root, tmp_path)
    _commented(path)
    (root / "kremlinlist.yaml").write_text(dump(sealing_config(members[0][1])))
    assert invoke(["intake", "reject", path.stem, "--reason", "x"], cwd=root).returncode == 0
    after = path.read_text(encoding="utf-8")
    assert "CANARYCOMMENT" not in after and CANARY not in after
    assert "# envelope: called back on Monday" in after and "# being checked" in after
    opened = invoke(["intake", "list", "-i", str(members[0][0])], cwd=root)
    assert "Petro Vyhadanyi" in opened.stdout


def test_a_layout_that_cannot_keep_its_comments_is_refused_untouched(tmp_path):
    root = _dataset(tmp_path, {"repository": "private"})
    path = _imported(root, tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    flow = re.sub(r"history:\n(- .*\n(  .*\n)*)", "history: [{status: new, by: import, "
                  f"'on': '{data['history'][0]['on']}'}}]  # one line\n",
                  path.read_text(encoding="utf-8"))
    assert "history: [{" in flow
    path.write_text(flow, encoding="utf-8")
    result = invoke(["intake", "reject", path.stem, "--reason", "x"], cwd=root)
    assert result.returncode == 1 and "comments" in result.stderr
    assert path.read_text(encoding="utf-8") == flow
    path.write_text(flow.replace("  # one line", ""), encoding="utf-8")  # nothing to lose
    assert invoke(["intake", "reject", path.stem, "--reason", "x"], cwd=root).returncode == 0
    assert yaml.safe_load(path.read_text())["status"] == "rejected"


def test_promote_keeps_the_reports_comments_and_names_it_nowhere_public(tmp_path):
    root = _dataset(tmp_path, {"repository": "private"})
    path = _imported(root, tmp_path)
    before = _commented(path)
    result = invoke(["intake", "promote", path.stem], cwd=root)
    assert result.returncode == 0, result.stderr
    case_id = re.fullmatch(r"created cases/(\S+)\.yaml\n", result.stdout)[1]
    after = path.read_text(encoding="utf-8")
    assert all(c in after for c in re.findall(r"#.*", before))
    assert yaml.safe_load(after)["case"] == case_id
    made = yaml.safe_load((root / f"cases/{case_id}.yaml").read_text())
    public = {k: v for k, v in made.items() if k != "private"}
    assert path.stem[2:] not in str(public) and "intake" not in str(public)
    assert is_opaque(case_id)
    assert validate(root, use_cache=False).problems == []


@pytest.mark.parametrize("write", ["write_new", "write_atomic"])
def test_an_interrupted_promote_changes_nothing(tmp_path, members, monkeypatch, write):
    """Ctrl-C (or a failing write) at either of promote's two writes: the report is as it was,
    no case is left behind, and a second promote works."""
    root = _dataset(tmp_path, sealing_config(members[0][1]))
    path = _imported(root, tmp_path)
    before = path.read_bytes()

    def interrupted(*_args):
        raise KeyboardInterrupt

    with monkeypatch.context() as mp:
        mp.setattr(intake, write, interrupted)
        with pytest.raises(KeyboardInterrupt):
            intake.promote(root, path.stem, "ed", members[0][0])
    assert path.read_bytes() == before
    assert sorted(p.name for p in (root / "cases").iterdir()) == ["petrenko-ivan.yaml"]
    result = invoke(["intake", "promote", path.stem, "-i", str(members[0][0])], cwd=root)
    assert result.returncode == 0, result.stderr


def test_a_promote_killed_between_its_writes_is_finished_by_a_retry(tmp_path, members):
    """The report says promoted, its case was never written: a retry writes that case (the same
    id), the report keeps its one history line, and validate is clean again."""
    root = _dataset(tmp_path, sealing_config(members[0][1]))
    path = _imported(root, tmp_path)
    first = invoke(["intake", "promote", path.stem, "-i", str(members[0][0])], cwd=root)
    case_id = re.fullmatch(r"created cases/(\S+)\.yaml\n", first.stdout)[1]
    (root / f"cases/{case_id}.yaml").unlink()  # as if killed between the two writes
    marked = path.read_bytes()
    assert {p.code for p in validate(root, use_cache=False).problems} == {"intake-link"}
    again = invoke(["intake", "promote", path.stem, "-i", str(members[0][0])], cwd=root)
    assert (again.returncode, again.stdout) == (0, f"created cases/{case_id}.yaml\n")
    assert path.read_bytes() == marked
    assert validate(root, use_cache=False).problems == []
    third = invoke(["intake", "promote", path.stem, "-i", str(members[0][0])], cwd=root)
    assert third.returncode == 2 and "already `promoted`" in third.stderr


def test_a_case_missing_days_after_the_promotion_is_not_made_again(tmp_path, members):
    """Days later a missing case is more likely renamed by hand with the report's `case:` left
    behind: promote says what to do rather than making a second case of the person."""
    root = _dataset(tmp_path, sealing_config(members[0][1]))
    path = _imported(root, tmp_path)
    case_id = intake.promote(root, path.stem, "ed", members[0][0], today=date(2024, 6, 1))
    (root / f"cases/{case_id}.yaml").rename(root / "cases/vyhadanyi-petro.yaml")
    again = invoke(["intake", "promote", path.stem, "-i", str(members[0][0])], cwd=root)
    assert again.returncode == 2 and "set `case:` in intake/" in again.stderr, again.stderr
    assert sorted(p.name for p in (root / "cases").iterdir()) == [
        "petrenko-ivan.yaml", "vyhadanyi-petro.yaml"]


def test_a_long_contact_is_kept_whole(tmp_path, members):
    """An e-mail of 490 characters and a phone: 500 characters of `contact` cannot hold both,
    so the contact goes whole into the notes; nothing is cut."""
    root = _dataset(tmp_path, sealing_config(members[0][1]))
    email = "a" * 470 + "@example.org" + "b" * 8
    phone = "+380 CANARYPHONE 99"
    path = _imported(root, tmp_path, reporter_email=email, reporter_phone=phone)
    result = invoke(["intake", "promote", path.stem, "-i", str(members[0][0])], cwd=root)
    assert result.returncode == 0, result.stderr
    case_id = re.fullmatch(r"created cases/(\S+)\.yaml\n", result.stdout)[1]
    opened = invoke(["unseal", case_id, "-i", str(members[0][0])], cwd=root).stdout
    private = yaml.safe_load(opened)
    assert f"{email}; {phone}" in private["notes"]
    assert validate(root, use_cache=False, identity=members[0][0]).problems == []


def test_promote_with_a_broken_config_says_so(tmp_path):
    root = _dataset(tmp_path, {"repository": "private"})
    path = _imported(root, tmp_path)
    (root / "kremlinlist.yaml").write_text("repository: privat\n")
    for args in (["promote", path.stem], ["reject", path.stem, "--reason", "x"]):
        result = invoke(["intake", *args], cwd=root)
        assert result.returncode == 1, result.stderr
        assert "kremlinlist.yaml has problems" in result.stderr and "public" not in result.stderr
    assert yaml.safe_load(path.read_text())["status"] == "new"


def test_an_edit_in_place_that_would_change_the_data_is_not_kept(tmp_path):
    """The new file is read back once, and the edit in place kept only when it reads as the
    report with just its status and history changed: here the new history line would cut the
    kept blank line of a `|+` reason, so the file is rewritten whole, or, holding a comment to
    lose, refused untouched."""
    root = _dataset(tmp_path, {"repository": "private"})
    path = _imported(root, tmp_path)
    text = re.sub(r"(  'on': '[0-9-]+'\n)", r"\1  reason: |+\n    first\n\n",
                  path.read_text(encoding="utf-8"), count=1)
    for written in ("# kept by hand\n" + text, text):
        path.write_text(written, encoding="utf-8")
        result = invoke(["intake", "reject", path.stem, "--reason", "x", "--by", "ed"], cwd=root)
        if written.startswith("#"):
            assert result.returncode == 1 and "without losing its comments" in result.stderr
            assert path.read_text(encoding="utf-8") == written
    assert result.returncode == 0, result.stderr
    history = yaml.safe_load(path.read_text(encoding="utf-8"))["history"]
    assert [h.get("reason") for h in history] == ["first\n\n", "x"]
