"""Sealed private blocks (issue 13): in a fictional private dataset with two recipients, a plain
block fails validation, `seal` seals it (and the canary is gone from every file, the cache and the
outputs), the standard `age` opens it, a removed recipient no longer can after `seal`, and every
bad input gets a clean message."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import textwrap

import pyrage
import pytest
import yaml
from factory import (Dataset, GitRepo, age_key, armored_block, case, dump, invoke, sealing_config,
                     ssh_key, tree_text)

from kremlinlist.app.validate import validate
from kremlinlist.files import sealed

CANARY = "SEALCANARY4d2e"
PRIVATE_BLOCK = {"notes": f"called by {CANARY}", "health": f"asthma {CANARY}",
                 "relatives": [{"name": f"Mother {CANARY}", "contact": "+380 00 000 0000"}]}


@pytest.fixture
def keys(tmp_path):
    """Two members' fictional age keys, and a third who is not (yet) a recipient."""
    folder = tmp_path / "keys"
    return {name: age_key(folder, name) for name in ("one", "two", "three")}


@pytest.fixture
def sealing(tmp_path, keys):
    """A private dataset sealing for members one and two, with one plain private block (commented)
    that has not been committed anywhere."""
    data = Dataset(tmp_path / "data", sealing_config(keys["one"][1], keys["two"][1]))
    text = dump(case("petrenko-ivan")) + "# kept by the coalition\nprivate:\n" + textwrap.indent(
        "# who called\n" + yaml.safe_dump(PRIVATE_BLOCK, allow_unicode=True, sort_keys=False), "  ")
    data.write("cases/petrenko-ivan.yaml", text)
    return data


def _codes(root) -> list[str]:
    return [p.code for p in validate(root, use_cache=False).problems]


def test_a_plain_private_block_fails_validation(sealing):
    result = invoke(["validate", "--format", "json"], cwd=sealing.root)
    assert result.returncode == 1
    problems = json.loads(result.stdout)["problems"]
    lines = (sealing.root / "cases/petrenko-ivan.yaml").read_text(encoding="utf-8").splitlines()
    assert [(p["code"], p["line"]) for p in problems] == [("private-not-sealed",
                                                           lines.index("private:") + 1)]
    assert "kremlinlist seal" in problems[0]["message"]
    assert CANARY not in result.stdout + result.stderr


def test_seal_seals_and_the_canary_is_gone_from_files_cache_and_outputs(sealing, tmp_path):
    result = invoke(["seal"], cwd=sealing.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "sealed cases/petrenko-ivan.yaml\n"
    text = (sealing.root / "cases/petrenko-ivan.yaml").read_text(encoding="utf-8")
    assert "# kept by the coalition\nprivate:\n  sealed: |\n    -----BEGIN AGE" in text
    assert text.startswith(dump(case("petrenko-ivan")))  # the rest is kept as written
    assert CANARY not in tree_text(sealing.root)
    out = invoke(["validate"], cwd=sealing.root)
    assert out.returncode == 0, out.stdout
    for args in (["show", "petrenko-ivan"], ["stats", "--format", "json"], ["dupes"]):
        out = invoke(args, cwd=sealing.root)
        assert CANARY not in out.stdout + out.stderr
    cache = tree_text(tmp_path / "kremlinlist-cache")
    assert cache and CANARY not in cache  # the cache was written, and holds no canary


def test_seal_passes_over_a_case_with_nothing_private(sealing):
    """Most cases have no private block: seal leaves them as they are (it once failed on them)."""
    sealing.write("cases/bondar-olena.yaml", dump(case("bondar-olena")))
    before = (sealing.root / "cases/bondar-olena.yaml").read_bytes()
    result = invoke(["seal"], cwd=sealing.root)
    assert (result.returncode, result.stdout) == (0, "sealed cases/petrenko-ivan.yaml\n")
    assert (sealing.root / "cases/bondar-olena.yaml").read_bytes() == before
    one = invoke(["seal", "cases/bondar-olena.yaml"], cwd=sealing.root)
    assert (one.returncode, one.stdout) == (0, "nothing to seal\n")


def test_seal_is_idempotent(sealing):
    invoke(["seal"], cwd=sealing.root)
    before = (sealing.root / "cases/petrenko-ivan.yaml").read_bytes()
    again = invoke(["seal"], cwd=sealing.root)
    assert again.returncode == 0 and again.stdout == "nothing to seal\n"
    assert (sealing.root / "cases/petrenko-ivan.yaml").read_bytes() == before


def test_comment_lines_after_a_private_block_are_sealed_with_it(tmp_path, keys):
    """A `# ...` at column 0 inside or after the block, before the next key, is about the block:
    left in plain text it would keep what seal was asked to hide."""
    data = Dataset(tmp_path / "data", sealing_config(keys["one"][1]))
    text = dump(case("petrenko-ivan"))
    head, _sep, rest = text.partition("\n")
    data.write("cases/petrenko-ivan.yaml", head + "\nprivate:\n  notes: x\n# inside "
               f"{CANARY}\n  health: y\n\n# after {CANARY}\n\n" + rest)
    result = invoke(["seal"], cwd=data.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert CANARY not in tree_text(data.root)
    assert _codes(data.root) == []
    opened = invoke(["unseal", "petrenko-ivan", "-i", str(keys["one"][0])], cwd=data.root)
    assert f"# after {CANARY}" in opened.stdout
    assert yaml.safe_load(opened.stdout) == {"notes": "x", "health": "y"}
    after = yaml.safe_load((data.root / "cases/petrenko-ivan.yaml").read_text(encoding="utf-8"))
    assert {k: v for k, v in after.items() if k != "private"} == case("petrenko-ivan")


@pytest.mark.skipif(shutil.which("age") is None and os.environ.get("CI") != "true",
                    reason="the age command is not installed (make system-deps installs it)")
def test_the_standard_age_command_opens_a_sealed_block(sealing, keys, tmp_path):
    invoke(["seal"], cwd=sealing.root)
    block = tmp_path / "block.age"
    block.write_text(armored_block(sealing.root / "cases/petrenko-ivan.yaml"), encoding="ascii")
    for member in ("one", "two"):
        opened = subprocess.run(["age", "-d", "-i", str(keys[member][0]), str(block)],
                                capture_output=True, text=True, check=True)
        assert yaml.safe_load(opened.stdout) == PRIVATE_BLOCK
        assert opened.stdout.startswith("# who called\n")  # the block's own text, comments kept


def test_the_second_recipient_opens_and_a_removed_one_cannot_after_seal(sealing, keys):
    invoke(["seal"], cwd=sealing.root)
    opened = invoke(["unseal", "petrenko-ivan", "--identity", str(keys["two"][0])],
                    cwd=sealing.root)
    assert opened.returncode == 0 and yaml.safe_load(opened.stdout) == PRIVATE_BLOCK
    # member two leaves, member three joins
    sealing.write("kremlinlist.yaml", dump(sealing_config(keys["one"][1], keys["three"][1])))
    assert _codes(sealing.root) == ["sealed-for-other-recipients"]
    without = invoke(["seal"], cwd=sealing.root)  # re-sealing needs a key to open the block
    assert without.returncode == 0 and "give --identity FILE" in without.stdout
    resealed = invoke(["seal", "--identity", str(keys["one"][0])], cwd=sealing.root)
    assert resealed.stdout == "sealed cases/petrenko-ivan.yaml\n"
    assert _codes(sealing.root) == []
    gone = invoke(["unseal", "petrenko-ivan", "-i", str(keys["two"][0])], cwd=sealing.root)
    assert gone.returncode == 1 and "sealed for other keys" in gone.stderr
    block = armored_block(sealing.root / "cases/petrenko-ivan.yaml")
    with pytest.raises(pyrage.DecryptError):
        pyrage.decrypt(block.encode(), sealed.load_identities(keys["two"][0]))
    newcomer = invoke(["unseal", "petrenko-ivan", "-i", str(keys["three"][0])], cwd=sealing.root)
    assert yaml.safe_load(newcomer.stdout) == PRIVATE_BLOCK


def test_an_ssh_ed25519_key_is_a_recipient_and_an_identity(tmp_path, keys):
    private_key, public_key = ssh_key(tmp_path / "ssh", "id_test")
    data = Dataset(tmp_path / "data", sealing_config(keys["one"][1], public_key))
    data.add(case("petrenko-ivan", private=PRIVATE_BLOCK))
    assert invoke(["seal"], cwd=data.root).returncode == 0
    assert _codes(data.root) == []
    opened = invoke(["unseal", "petrenko-ivan", "-i", str(private_key)], cwd=data.root)
    assert yaml.safe_load(opened.stdout) == PRIVATE_BLOCK


def test_the_age_header_must_match_sealed_for(sealing, keys):
    """sealed_for is checked against the header's stanzas: a block sealed for one key and
    labelled with both is found out without any key."""
    invoke(["seal"], cwd=sealing.root)
    path = sealing.root / "cases/petrenko-ivan.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    armored, _ = sealed.seal(b"notes: x\n", [keys["one"][1]])
    data["private"]["sealed"] = armored
    path.write_text(dump(data), encoding="utf-8")
    assert _codes(sealing.root) == ["sealed-for-other-recipients"]


def test_validate_with_an_identity_checks_what_a_sealed_block_holds(sealing, keys, monkeypatch):
    path = sealing.root / "cases/petrenko-ivan.yaml"
    data = case("petrenko-ivan")
    armored, sealed_for = sealed.seal(f"notes: ok\n{CANARY}: secret\n".encode(),
                                      [keys["one"][1], keys["two"][1]])
    data["private"] = {"sealed": armored, "sealed_for": sealed_for}
    path.write_text(dump(data), encoding="utf-8")
    assert _codes(sealing.root) == []  # without a key: well-formed, right recipients
    monkeypatch.setenv("KREMLINLIST_IDENTITY", str(keys["one"][0]))
    result = invoke(["validate", "--format", "json"], cwd=sealing.root)
    problems = json.loads(result.stdout)["problems"]
    assert [p["code"] for p in problems] == ["unknown-key"]
    assert problems[0]["message"].startswith("in the sealed block: unknown key")
    assert CANARY not in result.stdout + result.stderr
    monkeypatch.setenv("KREMLINLIST_IDENTITY", str(keys["three"][0]))
    assert _codes(sealing.root) == ["sealed-not-opened"]
    monkeypatch.delenv("KREMLINLIST_IDENTITY")
    given = invoke(["validate", "--format", "json", "--identity", str(keys["two"][0])],
                   cwd=sealing.root)  # the option, as the environment variable
    assert [p["code"] for p in json.loads(given.stdout)["problems"]] == ["unknown-key"]
    assert CANARY not in given.stdout + given.stderr


@pytest.mark.parametrize("damage, code", [
    (lambda s: s.replace("-----END AGE ENCRYPTED FILE-----", ""), "invalid-value"),
    (lambda s: s.replace("YWdlLWVuY3J5cHRpb24ub3JnL3Yx", "YWdlLWVuY3J5cHRpb24ub3JnL3Yy"),
     "sealed-damaged"),
])
def test_a_damaged_sealed_block_is_an_error_without_a_key(sealing, damage, code):
    invoke(["seal"], cwd=sealing.root)
    path = sealing.root / "cases/petrenko-ivan.yaml"
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = invoke(["validate"], cwd=sealing.root)
    assert result.returncode == 1
    assert _codes(sealing.root) == [code]


def test_a_recipient_key_that_is_not_one_is_reported(tmp_path, keys):
    bad = keys["one"][1][:-1] + ("q" if keys["one"][1][-1] != "q" else "p")
    data = Dataset(tmp_path / "data", sealing_config(bad))
    assert _codes(data.root) == ["bad-recipient"]
    result = invoke(["seal"], cwd=data.root)
    assert result.returncode == 2 and "not a usable public key" in result.stderr


@pytest.mark.parametrize("args, code, words", [
    (["unseal", "petrenko-ivan"], 2, "needs your key"),
    (["unseal", "petrenko-ivan", "-i", "missing.txt"], 2, "cannot be read"),
    (["unseal", "nobody-here", "-i", "KEY"], 2, "no case has this id"),
    (["unseal", "../x", "-i", "KEY"], 2, "no case has this id"),
])
def test_unseal_refuses_cleanly(sealing, keys, args, code, words):
    invoke(["seal"], cwd=sealing.root)
    args = [str(keys["one"][0]) if a == "KEY" else a for a in args]
    result = invoke(args, cwd=sealing.root)
    assert (result.returncode, result.stdout) == (code, "")
    assert words in result.stderr and "Traceback" not in result.stderr


def test_an_identity_file_without_a_key_is_refused(sealing, tmp_path):
    invoke(["seal"], cwd=sealing.root)
    junk = tmp_path / "junk.txt"
    junk.write_text("not a key\n")
    result = invoke(["unseal", "petrenko-ivan", "-i", str(junk)], cwd=sealing.root)
    assert result.returncode == 2 and "holds no key" in result.stderr


def test_seal_without_recipients_is_refused(tmp_path):
    data = Dataset(tmp_path / "data", {"repository": "private"})
    data.add(case("petrenko-ivan", private=PRIVATE_BLOCK))
    result = invoke(["seal"], cwd=data.root)
    assert result.returncode == 2 and "no `recipients:`" in result.stderr
    assert CANARY in (data.root / "cases/petrenko-ivan.yaml").read_text()  # left as it was


def test_a_sealed_case_in_git_is_exported_without_a_key(tmp_path, keys):
    repo = GitRepo(tmp_path / "repo")
    data = Dataset(repo.root, sealing_config(keys["one"][1], keys["two"][1]))
    data.add(case("petrenko-ivan", private=PRIVATE_BLOCK))
    invoke(["seal"], cwd=repo.root)
    repo.commit("sealed", "2024-01-05T12:00:00+00:00", {})
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "all", date="2024-01-06T12:00:00+00:00")
    out = tmp_path / "list.json"
    result = invoke(["export", "--format", "json", "--output", str(out)], cwd=repo.root)
    assert result.returncode == 0, result.stderr
    assert "Petrenko" in out.read_text() and CANARY not in out.read_text()
    assert "BEGIN AGE" not in out.read_text()


def test_seal_writes_nothing_outside_cases_and_intake(sealing, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(dump(case("elsewhere", private=PRIVATE_BLOCK)))
    result = invoke(["seal", str(outside), "criteria.yaml", "cases/nobody.yaml"], cwd=sealing.root)
    assert result.returncode == 1
    assert result.stdout.count("not a case or intake file of this dataset") == 2
    assert "missing-file" in result.stdout
    assert CANARY in outside.read_text()  # untouched


def test_a_block_that_cannot_be_cut_out_is_refused_and_the_others_sealed(sealing):
    sealing.write("cases/flow-style.yaml", "{id: flow-style, name: {en: Flow Style}, assessment: "
                  "{decision: candidate}, private: {notes: " + CANARY + "}}\n")
    before = (sealing.root / "cases/flow-style.yaml").read_bytes()
    result = invoke(["seal"], cwd=sealing.root)
    assert result.returncode == 1
    assert "sealed cases/petrenko-ivan.yaml" in result.stdout
    assert "cases/flow-style.yaml: error sealed-damaged the block could not be sealed in place" \
        in result.stdout and CANARY not in result.stdout
    assert (sealing.root / "cases/flow-style.yaml").read_bytes() == before


@pytest.mark.parametrize("config, words", [
    ({"recipients": [{"label": "x", "key": "age1notakey"}]}, "`key`: write an age public key"),
    ({"recipients": [{"key": "age1notakey"}]}, "`label` is required"),
])
def test_a_malformed_recipients_list_says_what_to_write(tmp_path, config, words):
    data = Dataset(tmp_path / "data", {"repository": "private", **config})
    result = invoke(["validate"], cwd=data.root)
    assert result.returncode == 1 and words in result.stdout


def test_a_damaged_armor_says_where_it_comes_from(sealing):
    invoke(["seal"], cwd=sealing.root)
    path = sealing.root / "cases/petrenko-ivan.yaml"
    path.write_text(path.read_text().replace("-----END AGE ENCRYPTED FILE-----", ""))
    result = invoke(["validate"], cwd=sealing.root)
    assert "`sealed`: a sealed block is an armored age message" in result.stdout


def test_unseal_of_a_case_without_a_private_block_is_refused(tmp_path, keys):
    data = Dataset(tmp_path / "data", sealing_config(keys["one"][1]))
    data.add(case("petrenko-ivan"))
    result = invoke(["unseal", "petrenko-ivan", "-i", str(keys["one"][0])], cwd=data.root)
    assert result.returncode == 2 and "no private block" in result.stderr


def test_edit_private_without_recipients_is_refused(tmp_path, keys):
    data = Dataset(tmp_path / "data", {"repository": "private"})
    data.add(case("petrenko-ivan", private=PRIVATE_BLOCK))
    result = invoke(["edit-private", "petrenko-ivan", "-i", str(keys["one"][0])], cwd=data.root,
                    env={"EDITOR": "false", "VISUAL": "false"})
    assert result.returncode == 2 and "no `recipients:`" in result.stderr


def test_a_release_needs_no_key_and_holds_no_sealed_data(tmp_path, keys, monkeypatch):
    monkeypatch.delenv("KREMLINLIST_IDENTITY", raising=False)
    repo = GitRepo(tmp_path / "repo")
    data = Dataset(repo.root, sealing_config(keys["one"][1], keys["two"][1]))
    data.add(case("petrenko-ivan", private=PRIVATE_BLOCK))
    assert invoke(["seal"], cwd=repo.root).returncode == 0
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "january", date="2024-01-10T12:00:00+00:00")
    repo.commit("february", "2024-02-10T12:00:00+00:00", {
        "cases/bondar-petro.yaml": dump(case("bondar-petro", name={"en": "Petro Bondar"}))})
    out = tmp_path / "release"
    result = invoke(["release", "--month", "2024-02", "--out", str(out)], cwd=repo.root)
    assert result.returncode == 0, result.stderr
    written = tree_text(out)
    assert "Petro Bondar" in written or "Bondar" in written
    assert CANARY not in written + result.stdout and "BEGIN AGE" not in written


def test_a_damaged_block_opened_with_a_key_it_was_sealed_for_is_an_error(sealing, keys):
    """Its data is lost until restored from git history: an error, not "sealed for other keys"."""
    invoke(["seal"], cwd=sealing.root)
    path = sealing.root / "cases/petrenko-ivan.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    body = next(i for i, line in enumerate(lines) if "BEGIN AGE ENCRYPTED FILE" in line) + 2
    last = lines[body].rstrip("\n")
    flipped = last[:-4] + ("AAAA" if last[-4:] != "AAAA" else "BBBB") + "\n"
    path.write_text("".join(lines[:body] + [flipped] + lines[body + 1:]), encoding="utf-8")
    found = invoke(["validate", "--format", "json", "--identity", str(keys["one"][0])],
                   cwd=sealing.root)
    assert found.returncode == 1
    assert [p["code"] for p in json.loads(found.stdout)["problems"]] == ["sealed-damaged"]
    opened = invoke(["unseal", "petrenko-ivan", "--identity", str(keys["one"][0])],
                    cwd=sealing.root)
    assert opened.returncode != 0 and "damaged" in opened.stderr
    assert CANARY not in found.stdout + opened.stdout + opened.stderr


def _relabelled(sealing, keys) -> None:
    """The block sealed for one and three (not a recipient), then labelled by hand with the
    fingerprints of one and two: the counts agree, so nothing without a key can tell."""
    path = sealing.root / "cases/petrenko-ivan.yaml"
    data = case("petrenko-ivan")
    armored, _ = sealed.seal(f"notes: {CANARY}\n".encode(), [keys["one"][1], keys["three"][1]])
    data["private"] = {"sealed": armored,
                       "sealed_for": sorted(sealed.fingerprint(keys[n][1]) for n in ("one", "two"))}
    path.write_text(dump(data), encoding="utf-8")


def test_a_relabelled_block_is_found_out_by_the_keys_that_can_tell(sealing, keys):
    """It passed every check but the one with taras's key, which called it "damaged". validate
    with a key tells; seal does not open a block labelled for the recipients, so it leaves it."""
    _relabelled(sealing, keys)
    assert _codes(sealing.root) == []  # no key: the header agrees with sealed_for in count
    outputs = ""
    written = (sealing.root / "cases/petrenko-ivan.yaml").read_bytes()
    for who in ("two", "three"):  # named but not opening; opening but not named
        found = invoke(["validate", "--format", "json", "--identity", str(keys[who][0])],
                       cwd=sealing.root)
        assert [p["code"] for p in json.loads(found.stdout)["problems"]] == ["sealed-for-mismatch"]
        resealed = invoke(["seal", "--identity", str(keys[who][0])], cwd=sealing.root)
        assert resealed.returncode == 0 and resealed.stdout == "nothing to seal\n"
        assert (sealing.root / "cases/petrenko-ivan.yaml").read_bytes() == written
        outputs += found.stdout + found.stderr + resealed.stdout + resealed.stderr
    assert "someone else" in outputs and "damaged" not in outputs
    opened = invoke(["unseal", "petrenko-ivan", "--identity", str(keys["three"][0])],
                    cwd=sealing.root)
    assert opened.returncode == 1 and "does not name" in opened.stderr
    assert CANARY not in outputs + opened.stdout + opened.stderr
    # one's key opens it and is named: a key cannot tell what other stanzas are for
    assert invoke(["validate", "--identity", str(keys["one"][0])], cwd=sealing.root).returncode == 0


def test_a_comment_written_beside_a_sealed_block_is_an_error(sealing):
    """seal passes a sealed block over, so a comment added next to it later would stay plain."""
    invoke(["seal"], cwd=sealing.root)
    path = sealing.root / "cases/petrenko-ivan.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"# the sister's number {CANARY}\n", encoding="utf-8")
    result = invoke(["validate", "--format", "json"], cwd=sealing.root)
    problems = json.loads(result.stdout)["problems"]
    assert [(p["code"], p["line"]) for p in problems] == [
        ("comment-beside-sealed-block", len(text.splitlines()) + 1)]
    assert CANARY not in result.stdout + result.stderr
    path.write_text(text, encoding="utf-8")  # the comment before `private:` is not flagged
    assert invoke(["validate"], cwd=sealing.root).returncode == 0


def _damaged_payload(armored: str) -> str:
    """The same age message with a byte of its payload flipped: its header, all that is checked
    without a key, is intact; whoever opens it finds it damaged."""
    lines = armored.strip().splitlines()
    binary = bytearray(base64.b64decode("".join(lines[1:-1])))
    binary[-1] ^= 1
    body = base64.b64encode(bytes(binary)).decode("ascii")
    return "\n".join([lines[0], *textwrap.wrap(body, 64), lines[-1]]) + "\n"


def test_seal_opens_only_the_blocks_it_seals_again(tmp_path, keys, monkeypatch):
    """With KREMLINLIST_IDENTITY set, seal opened every sealed block of the dataset to check its
    labels (validate --identity's work), when only a block sealed for other keys needs opening.
    Each block sealed for the recipients here is damaged in its payload, which whoever opens it
    finds: none is reported and none rewritten; the one sealed before `two` was a recipient is
    opened and sealed again, the plain one sealed."""
    recipients = [keys["one"][1], keys["two"][1]]
    data = Dataset(tmp_path / "data", sealing_config(*recipients))
    for i in range(3):
        armored, sealed_for = sealed.seal(f"notes: n{i}\n".encode(), recipients)
        data.add(case(f"case-{i}", private={"sealed": _damaged_payload(armored),
                                            "sealed_for": sealed_for}))
    old, old_for = sealed.seal(b"notes: before two\n", [keys["one"][1]])
    data.add(case("bondar-olena", private={"sealed": old, "sealed_for": old_for}))
    data.add(case("petrenko-ivan", private=PRIVATE_BLOCK))
    cases = data.root / "cases"
    before = {p.name: p.read_bytes() for p in cases.iterdir()}
    monkeypatch.setenv("KREMLINLIST_IDENTITY", str(keys["one"][0]))
    result = invoke(["seal"], cwd=data.root)
    assert result.returncode == 0, result.stdout
    assert sorted(result.stdout.splitlines()) == ["sealed cases/bondar-olena.yaml",
                                                  "sealed cases/petrenko-ivan.yaml"]
    assert sorted(n for n, b in before.items() if (cases / n).read_bytes() != b) == [
        "bondar-olena.yaml", "petrenko-ivan.yaml"]
    identities = sealed.load_identities(keys["one"][0])
    for i in range(3):  # the damage is real: opening would have found it
        block = yaml.safe_load((cases / f"case-{i}.yaml").read_text(encoding="utf-8"))["private"]
        with pytest.raises(sealed.SealError) as opened:
            sealed.unseal(block["sealed"], identities, block["sealed_for"])
        assert opened.value.damaged
    resealed = yaml.safe_load((cases / "bondar-olena.yaml").read_text(encoding="utf-8"))["private"]
    assert sealed.unseal(resealed["sealed"], sealed.load_identities(keys["two"][0]),
                         resealed["sealed_for"]) == b"notes: before two\n"
