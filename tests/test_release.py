"""The release folder: whole or nothing, never over an existing one without --force."""

from __future__ import annotations

import codecs
import csv
import io
import json
from datetime import date

import pytest
from factory import (CRITERIA, ORG, GitRepo, case, dump, folder_filler, invoke, person, put,
                     release_files, seed)

from kremlinlist.base.errors import KremlinlistError
from kremlinlist.history import months
from kremlinlist.history.git import GitClient
from kremlinlist.history.snapshot import Snapshots, config_at
from kremlinlist.app import release
from kremlinlist.app.validate import validate

FILES = {"CHANGELOG.md", "changes.json", "list.md", "list.html", "list.csv", "list.json"}


def test_release_writes_the_folder(two_month_repo):
    result = invoke(["release", "--month", "2024-02"], cwd=two_month_repo.root)
    assert result.returncode == 0, result.stderr
    folder = two_month_repo.root / "releases" / "2024-02"
    assert {p.name for p in folder.iterdir()} == FILES
    listed = json.loads((folder / "list.json").read_text(encoding="utf-8"))
    assert listed["count"] == 3 and listed["as_of"] == "2024-02-29"
    changes = json.loads((folder / "changes.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in changes["added"]] == ["cc-three"]
    assert changes["count"] == {"before": 2, "after": 3}
    html = (folder / "list.html").read_text(encoding="utf-8")
    assert "<svg" in html  # the month-by-month chart from history
    # no temp left
    assert [p.name for p in (two_month_repo.root / "releases").iterdir()] == ["2024-02"]


def test_release_refuses_to_overwrite_without_force(two_month_repo, tmp_path):
    out = tmp_path / "out"
    assert invoke(["release", "--month", "2024-02", "--lang", "uk", "--out", str(out)],
                  cwd=two_month_repo.root).returncode == 0  # replaced by the English one below
    before = (out / "CHANGELOG.md").read_text(encoding="utf-8")
    result = invoke(["release", "--month", "2024-02", "--out", str(out)], cwd=two_month_repo.root)
    assert result.returncode == 2 and "--force" in result.stderr
    assert (out / "CHANGELOG.md").read_text(encoding="utf-8") == before
    result = invoke(["release", "--month", "2024-02", "--out", str(out), "--force"],
                    cwd=two_month_repo.root)
    assert result.returncode == 0, result.stderr
    after = (out / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "2024-02" in after and after != before
    assert {p.name for p in tmp_path.iterdir() if p.name.startswith(".out")} == set()


def test_force_replaces_a_release_and_nothing_else(two_month_repo, tmp_path):
    """`--out cases --force` once swapped the dataset's own folder away; --force replaces only a
    folder holding a release's files."""
    root = two_month_repo.root
    cases = sorted(p.name for p in (root / "cases").iterdir())
    result = invoke(["release", "--month", "2024-01", "--out", "cases", "--force"], cwd=root)
    assert result.returncode == 2 and "files a release does not write" in result.stderr
    assert sorted(p.name for p in (root / "cases").iterdir()) == cases
    a_file = tmp_path / "notes.txt"
    a_file.write_text("keep me", encoding="utf-8")
    result = invoke(["release", "--month", "2024-01", "--out", str(a_file), "--force"], cwd=root)
    assert result.returncode == 2 and "not a folder" in result.stderr
    assert a_file.read_text(encoding="utf-8") == "keep me"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert invoke(["release", "--month", "2024-01", "--out", str(empty), "--force"],
                  cwd=root).returncode == 0
    assert {p.name for p in empty.iterdir()} == release.RELEASE_FILES


def test_a_folder_that_is_no_release_is_refused_as_such_not_with_a_hint_to_force(two_month_repo):
    """Without --force, `--out cases` was answered "pass --force to replace it", which --force
    then refused: the refusal that holds comes first."""
    result = invoke(["release", "--month", "2024-01", "--out", "cases"], cwd=two_month_repo.root)
    assert result.returncode == 2 and "files a release does not write" in result.stderr
    assert "--force" not in result.stderr


def test_a_previews_csv_begins_with_its_byte_order_mark(two_month_repo, tmp_path):
    """The mark is a first line after the byte-order mark: before it, the mark hid the BOM in
    the text and a spreadsheet read the header's first cell as "\\ufeffid"."""
    out = tmp_path / "preview"
    result = invoke(["release", "--month", "2024-02", "--preview", "--out", str(out)],
                    cwd=two_month_repo.root)
    assert result.returncode == 0, result.stderr
    data = (out / "list.csv").read_bytes()
    assert data.startswith(codecs.BOM_UTF8 + b'"# PREVIEW, not a release"\n')
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["# PREVIEW, not a release"] and rows[1][0] == "id"  # one cell


def test_a_preview_never_goes_into_releases_nor_replaces_a_release(two_month_repo, tmp_path):
    root = two_month_repo.root
    for out in ("releases/2024-02", "releases", "releases/x/../2024-01"):
        result = invoke(["release", "--month", "2024-02", "--preview", "--out", out, "--force"],
                        cwd=root)
        assert result.returncode == 2 and "never written into releases/" in result.stderr, out
        assert not (root / "releases").exists()
    published = tmp_path / "published"
    assert invoke(["release", "--month", "2024-01", "--out", str(published)],
                  cwd=root).returncode == 0
    before = (published / "changes.json").read_bytes()
    result = invoke(["release", "--month", "2024-02", "--preview", "--out", str(published),
                     "--force"], cwd=root)
    assert result.returncode == 2 and "a preview never replaces" in result.stderr
    assert (published / "changes.json").read_bytes() == before
    garbled = tmp_path / "garbled"  # a changes.json that is not UTF-8: not a preview's either
    garbled.mkdir()
    (garbled / "changes.json").write_bytes(b"\xff\xfe")
    result = invoke(["release", "--month", "2024-02", "--preview", "--out", str(garbled),
                     "--force"], cwd=root)
    assert result.returncode == 2 and "a preview never replaces" in result.stderr, result.stderr
    scratch = tmp_path / "scratch"
    for _ in range(2):  # a preview replaces a preview
        assert invoke(["release", "--month", "2024-02", "--preview", "--out", str(scratch),
                       "--force"], cwd=root).returncode == 0
    assert json.loads((scratch / "changes.json").read_text(encoding="utf-8"))["preview"] is True
    # and a release replaces a preview
    assert invoke(["release", "--month", "2024-02", "--out", str(scratch), "--force"],
                  cwd=root).returncode == 0
    assert "preview" not in json.loads((scratch / "changes.json").read_text(encoding="utf-8"))


def test_a_config_that_does_not_load_at_head_is_refused_not_read_as_utc(two_month_repo, tmp_path):
    """The month's time zone comes from kremlinlist.yaml at HEAD: one that does not load was
    read as the defaults (UTC, a public repository), and the month ended elsewhere silently."""
    root = two_month_repo.root
    config = (root / "kremlinlist.yaml").read_text(encoding="utf-8")
    two_month_repo.commit("zone", "2024-03-05T10:00:00+00:00",
                          {"kremlinlist.yaml": config.replace("timezone: UTC",
                                                              "timezone: Mars/Base")})
    result = invoke(["release", "--month", "2024-02", "--out", str(tmp_path / "a")], cwd=root)
    assert result.returncode == 1 and "does not load at commit" in result.stderr
    assert "--tz" in result.stderr and not (tmp_path / "a").exists()
    given = invoke(["release", "--month", "2024-02", "--out", str(tmp_path / "b"), "--tz", "UTC"],
                   cwd=root)
    assert given.returncode == 0, given.stderr


def test_only_the_time_zones_refusal_offers_tz(two_month_repo):
    """--tz stands in for the time zone of the revision a release starts from, not for the
    settings of a month's end commit (a site's month, a release's page): there the refusal does
    not offer it."""
    root = two_month_repo.root
    two_month_repo.commit("zone", "2024-03-05T10:00:00+00:00",
                          {"kremlinlist.yaml": "timezone: [not, a, zone]\n"})
    git = GitClient(root)
    with pytest.raises(KremlinlistError) as at_the_end:
        config_at(git, git.resolve("HEAD"))
    assert at_the_end.value.code == "config-invalid"
    assert "--tz" not in " ".join([at_the_end.value.message, *at_the_end.value.details])
    with pytest.raises(KremlinlistError) as for_the_zone:
        months.timezone_for(Snapshots(git), "HEAD", None)
    assert any("--tz" in line for line in for_the_zone.value.details)


def test_a_config_that_is_a_link_at_head_is_refused_not_read_as_utc(two_month_repo, tmp_path):
    """A kremlinlist.yaml committed as a link is not read (links never are), and so not known:
    it had been taken for the defaults, as a missing one is."""
    root = two_month_repo.root
    (tmp_path / "elsewhere.yaml").write_text("repository: public\ntimezone: Pacific/Kiritimati\n")
    (root / "kremlinlist.yaml").unlink()
    (root / "kremlinlist.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    two_month_repo.git("add", "-A")
    two_month_repo.git("commit", "-q", "-m", "link", date="2024-03-05T10:00:00+00:00")
    result = invoke(["release", "--month", "2024-02", "--out", str(tmp_path / "a")], cwd=root)
    assert result.returncode == 1 and "does not load at commit" in result.stderr


def test_an_invalid_month_writes_nothing(two_month_repo, tmp_path):
    broken = case("dd-four", name={"en": "Dd Four"}, assessment={"decision": "listed",
                                                                  "by": ["no-such-org"]})
    two_month_repo.commit("broken", "2024-03-05T10:00:00+00:00", put(broken))
    out = tmp_path / "rel"
    result = invoke(["release", "--month", "2024-03", "--out", str(out)], cwd=two_month_repo.root)
    assert result.returncode == 1
    assert "cases/dd-four.yaml" in result.stdout and "does not validate" in result.stderr
    commit = two_month_repo.git("rev-parse", "HEAD").strip()
    assert f"commit {commit[:12]} of 2024-03-05" in result.stderr  # where the lines are from
    assert not out.exists()
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".rel")] == []
    # February, before the broken commit, still publishes
    assert invoke(["release", "--month", "2024-02", "--out", str(out)],
               cwd=two_month_repo.root).returncode == 0


def test_an_invalid_month_is_released_from_its_last_commit_that_validates(two_month_repo,
                                                                           tmp_path):
    """A commit cannot be fixed by a later one: the refusal says what does work, `--rev` and the
    month's last commit that validates, and that commit releases."""
    good = two_month_repo.commit("valid", "2024-03-03T10:00:00+00:00",
                                 put(person("ee-five", "Ee Five")))
    broken = case("dd-four", name={"en": "Dd Four"}, assessment={"decision": "listed",
                                                                  "by": ["no-such-org"]})
    two_month_repo.commit("broken", "2024-03-05T10:00:00+00:00", put(broken))
    out = tmp_path / "rel"
    refused = invoke(["release", "--month", "2024-03", "--out", str(out)],
                     cwd=two_month_repo.root)
    assert refused.returncode == 1 and "--rev COMMIT" in refused.stderr
    assert "last commit that validates" in refused.stderr
    done = invoke(["release", "--month", "2024-03", "--rev", good, "--out", str(out)],
                  cwd=two_month_repo.root)
    assert done.returncode == 0, done.stderr
    changes = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    assert changes["to"] == good and [e["id"] for e in changes["added"]] == ["ee-five"]


def test_write_folder_swaps_atomically(tmp_path):
    target = tmp_path / "r"
    release.write_folder(target, folder_filler(a_txt=b"one"))
    with pytest.raises(KremlinlistError) as refused:
        release.write_folder(target, folder_filler(a_txt=b"two"))
    assert refused.value.code == "release-exists" and refused.value.usage
    release.write_folder(target, folder_filler(b_txt=b"two"), force=True,
                         replaceable=lambda folder: None)
    assert [p.name for p in target.iterdir()] == ["b.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]


def test_a_release_that_fails_while_writing_leaves_the_old_one(tmp_path):
    target = tmp_path / "r"
    release.write_folder(target, folder_filler(a_txt=b"one"))

    def broken(folder):
        (folder / "half.txt").write_bytes(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        release.write_folder(target, broken, force=True,
                         replaceable=lambda folder: None)
    assert [(p.name, p.read_bytes()) for p in target.iterdir()] == [("a.txt", b"one")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]


def test_release_library_call(two_month_repo):
    rel = release.build(two_month_repo.root, "2024-02", tz="Europe/Kyiv")
    assert set(release_files(rel)) == FILES
    assert rel.log.before == 2 and rel.log.after == 3
    assert rel.log.entries["added"][0].id == "cc-three"


def test_bad_month_and_timezone_are_usage_errors(two_month_repo):
    for args in (["--month", "2024-13"], ["--month", "24-02"],
                 # each would have named a second folder for a month (int() reads them)
                 ["--month", "+2024-2"], ["--month", "2024-+2"], ["--month", " 2024-2"],
                 ["--month", "２０２４-02"], ["--month", "2024-02\n"],
                 ["--month", "2024-02", "--tz", "Mars/Olympus"]):
        result = invoke(["release", *args], cwd=two_month_repo.root)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr


def test_a_month_whose_files_clash_across_files_is_not_released(git_repo, tmp_path):
    """The same checks across files as validate: a duplicate id or an unknown organization."""
    clash = case("bondar-petro", name={"en": "Petro Bondar"}, former_ids=["petrenko-ivan"])
    git_repo.commit("cases", "2024-01-10T12:00:00+00:00", {
        "criteria.yaml": dump(CRITERIA), "organizations/test-org.yaml": dump(ORG),
        "cases/petrenko-ivan.yaml": dump(case("petrenko-ivan")),
        "cases/bondar-petro.yaml": dump(clash),
        "cases/moroz-serhii.yaml": dump(case("moroz-serhii", name={"en": "Serhii Moroz"},
                                             assessment={"decision": "candidate",
                                                         "by": ["no-such-org"]}))})
    out = tmp_path / "out"
    result = invoke(["release", "--month", "2024-01", "--out", str(out)], cwd=git_repo.root)
    assert result.returncode == 1
    assert not out.exists()
    assert "duplicate-id" in result.stdout and "unknown-organization" in result.stdout
    dup = [line for line in result.stdout.splitlines() if "duplicate-id" in line]
    assert all("`petrenko-ivan`" not in line for line in dup)


def test_a_month_without_criteria_is_not_released(tmp_path, monkeypatch):
    """criteria.yaml is read from the month's commit, with the message validate gives for it."""
    from kremlinlist.files import loader

    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("aa-one", "Aa One"), date="2024-01-05T10:00:00+00:00")
    repo.commit("drop criteria", "2024-02-05T10:00:00+00:00", {"criteria.yaml": None})
    assert release.build(repo.root, "2024-01").log.after == 1
    with pytest.raises(KremlinlistError) as refused:
        release.build(repo.root, "2024-02")
    assert refused.value.problems == [loader.MISSING_CRITERIA]
    assert refused.value.code == "release-invalid" and not refused.value.usage


def test_a_refused_release_leaves_no_git_running(two_month_repo, tmp_path):
    """A script that is refused in a loop (a month whose end does not validate) piled up `git
    cat-file` processes: the refusal's traceback kept each client alive until a collection."""
    import gc
    import os

    root = two_month_repo.root
    two_month_repo.commit("broken", "2024-03-05T10:00:00+00:00",
                          {"cases/zz-broken.yaml": "id: zz-broken\nbogus: [\n"})
    gc.disable()
    try:
        for _ in range(3):
            with pytest.raises(KremlinlistError):
                release.release(root, "2024-03", out=tmp_path / "out", today=date(2024, 4, 2))
        children = [p for p in os.listdir("/proc") if p.isdigit() and _parent(p) == os.getpid()
                    and b"cat-file" in _cmdline(p)]
    finally:
        gc.enable()
    assert children == []


def _parent(pid: str) -> int:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError):
        return -1


def _cmdline(pid: str) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read()
    except OSError:
        return b""


@pytest.mark.parametrize("rel", ["cases/sub/bondar-petro.yaml", "cases/bondar-petro.yml"])
def test_a_case_the_release_would_not_read_is_refused_not_left_out(tmp_path, rel):
    """A case filed in a folder inside cases/ (or as .yml) was left out of the month's list in
    silence; validate on disk reports both, and so does the month's check now."""
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"))
    repo.commit("filed", "2024-01-10T10:00:00+00:00",
                {rel: dump(case("bondar-petro", name={"en": "Petro Bondar"}))})
    with pytest.raises(KremlinlistError) as refused:
        release.release(repo.root, "2024-01", out=tmp_path / "out", today=date(2024, 2, 2))
    assert refused.value.code == "release-invalid"
    assert [(p.file, p.code) for p in refused.value.problems] == [
        (rel.rsplit("/", 1)[0] if rel.count("/") > 1 else rel,
         "stray-folder" if rel.count("/") > 1 else "file-extension")]
    assert not (tmp_path / "out").exists()


def test_a_case_with_a_capital_extension_is_refused_not_left_out(tmp_path, dataset):
    """`.YAML` was neither read nor reported, on disk or at a month's end."""
    dataset.add()
    dataset.write("cases/bondar-petro.YAML", dump(case("bondar-petro", name={"en": "Petro Bondar"})))
    problems = validate(dataset.root, use_cache=False).problems
    assert ("cases/bondar-petro.YAML", "file-extension") in {(p.file, p.code) for p in problems}
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"))
    repo.commit("filed", "2024-01-10T10:00:00+00:00",
                {"cases/bondar-petro.YAML": dump(case("bondar-petro"))})
    with pytest.raises(KremlinlistError) as refused:
        release.release(repo.root, "2024-01", out=tmp_path / "out", today=date(2024, 2, 2))
    assert ("cases/bondar-petro.YAML", "file-extension") in {
        (p.file, p.code) for p in refused.value.problems}



@pytest.mark.parametrize("rel,code", [("cases/sub", "stray-folder"),
                                      ("cases/bondar-petro.yaml", "not-a-file")])
def test_a_submodule_in_cases_is_refused_not_left_out(tmp_path, rel, code):
    """A submodule (a gitlink, mode 160000) in cases/ holds no case the release reads: one named
    as a folder was passed over in silence, the month released without whoever it held."""
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"))
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{repo.head()},{rel}")
    repo.git("commit", "-q", "-m", "a submodule", date="2024-01-10T10:00:00+00:00")
    with pytest.raises(KremlinlistError) as refused:
        release.release(repo.root, "2024-01", out=tmp_path / "out", today=date(2024, 2, 2))
    assert refused.value.code == "release-invalid"
    assert [(p.file, p.code) for p in refused.value.problems] == [(rel, code)]
    assert not (tmp_path / "out").exists()


HIDDEN_ID = "hidden-2024-017"  # a withheld person's id: the name of their file


def _unread_in_january(tmp_path) -> GitRepo:
    """Bondar filed in a folder inside cases/ and a hidden person as `.yml` in January, both
    moved to where they are read in February: January's count left them out."""
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), config={"repository": "private", "timezone": "UTC"})
    bondar = case("bondar-petro", name={"en": "Petro Bondar", "uk": "Петро Бондар"})
    hidden = case(HIDDEN_ID, publicity="hidden", name={"en": "Olha Hiddenko", "uk": "Ольга"})
    repo.commit("filed", "2024-01-10T10:00:00+00:00", {
        "cases/old/bondar-petro.yaml": dump(bondar), f"cases/{HIDDEN_ID}.yml": dump(hidden)})
    repo.commit("moved", "2024-02-10T10:00:00+00:00", {
        "cases/old/bondar-petro.yaml": None, f"cases/{HIDDEN_ID}.yml": None,
        "cases/bondar-petro.yaml": dump(bondar), f"cases/{HIDDEN_ID}.yaml": dump(hidden)})
    return repo


def test_a_release_says_the_months_its_chart_counted_without_a_file(tmp_path, monkeypatch):
    """The chart of a release walks the months as `stats --over-time` does; a month that left
    out a file it never reads was drawn in silence (export and stats said it). The hidden
    person's file is not named: its name is their id."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = _unread_in_january(tmp_path)
    made = release.release(repo.root, "2024-02", out=tmp_path / "lib", today=date(2024, 3, 2))
    assert [w.split(" was in ")[0] for w in made.warnings] == [
        "a file not named here (it may be a withheld person's)", "cases/old"]
    assert all("at the end of 2024-01," in w for w in made.warnings)
    result = invoke(["release", "--month", "2024-02", "--out", str(tmp_path / "cli")],
                    cwd=repo.root)
    assert result.returncode == 0, result.stderr
    said = [line for line in result.stderr.splitlines() if line.startswith("kremlinlist: ")]
    assert said == [f"kremlinlist: {w}" for w in made.warnings]
    assert HIDDEN_ID not in result.stdout + result.stderr
    assert "Hiddenko" not in result.stdout + result.stderr
