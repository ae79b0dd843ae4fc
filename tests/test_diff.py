"""`kremlinlist diff` as a pull request's review summary, and `kremlinlist export`."""

from __future__ import annotations

import json

import pytest
from factory import GitRepo, case, dump, invoke, person, put, seed

from kremlinlist.cli import app


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    uncited = person("aa-one", "Aa One", events=[{"date": "2020-03-10", "type": "detained"}])
    seed(repo, uncited, person("bb-two", "Bb Two"))
    return repo


def test_review_summary_for_a_pull_request(repo):
    base = repo.git("rev-parse", "HEAD")
    repo.git("checkout", "-q", "-b", "pr")
    unbacked = person("cc-three", "Cc Three", assessment={
        "decision": "listed", "criteria": ["e"], "by": ["test-org"]})
    sentenced = person("aa-one", "Aa One", events=[
        {"date": "2020-03-10", "type": "detained"},
        {"date": "2024-01-20", "type": "sentenced", "term": "8y6m", "sources": ["s1"]}])
    repo.commit("pr", "2024-02-02T10:00:00+00:00", put(unbacked, sentenced))
    result = invoke(["diff", base, "pr", "--format", "md"], cwd=repo.root)
    assert result.returncode == 1  # a changed file breaks a rule
    md = result.stdout
    assert "## Newly listed (1)\n\n- **Cc Three** (`cc-three`) detained on 2020-03-10" in md
    assert "| `listed-without-criterion` | a `listed` case needs" in md
    assert "- **Aa One** (`aa-one`)\n  - new: sentenced on 2024-01-20 (term: 8y6m)" in md
    assert "## Rules that now fail" in md
    table = [ln for ln in md.splitlines() if ln.startswith("| cases/")]
    assert table and all(ln.startswith("| cases/cc-three.yaml") for ln in table)
    assert "1 problem(s) in these files were there before" in md  # aa-one's uncited event
    data = json.loads(invoke(["diff", base, "pr", "--format", "json"], cwd=repo.root).stdout)
    assert data["from"] == base and [e["id"] for e in data["added"]] == ["cc-three"]
    assert {p["file"] for p in data["problems"]} == {"cases/cc-three.yaml"}
    text = invoke(["diff", base, "pr"], cwd=repo.root).stdout
    assert "Newly listed (1):" in text and "People on the list: +1" in text


def test_a_review_of_many_changed_files_reads_both_versions_in_batches(repo):
    """Ten changed files (above the size where blobs are read in one `git cat-file` batch): each
    old problem is counted as there before, each new one reported once."""
    def uncited(cid: str, **kw) -> dict:
        return person(cid, cid.title(), events=[{"date": "2020-03-10", "type": "detained"}], **kw)

    names = [f"p{i}-x" for i in range(10)]
    base = repo.commit("ten", "2024-01-10T10:00:00+00:00", put(*(uncited(n) for n in names)))
    head = repo.commit("edit", "2024-02-02T10:00:00+00:00",
                       put(*(uncited(n, region="UA-40") for n in names[:9]),
                           uncited(names[9], born="2030")))
    data = json.loads(invoke(["diff", base, head, "--format", "json"], cwd=repo.root).stdout)
    assert sorted((p["file"], p["code"]) for p in data["problems"]) == [
        ("cases/p9-x.yaml", "event-before-birth"), ("cases/p9-x.yaml", "future-date")]
    assert data["problems_before"] == 10


def test_diff_of_a_clean_change_exits_zero(repo):
    head = repo.commit("fix", "2024-02-02T10:00:00+00:00",
                       put(person("bb-two", "Bb Two", region="UA-40")))
    result = invoke(["diff", "HEAD~1", head], cwd=repo.root)
    assert result.returncode == 0, result.stdout
    assert "corrected: region" in result.stdout


def test_export_from_the_working_tree_or_a_revision(repo):
    from typer.testing import CliRunner

    (repo.root / "cases" / "dd-four.yaml").write_text(dump(person("dd-four", "Dd Four")),
                                                      encoding="utf-8")
    runner = CliRunner()
    now = runner.invoke(app, ["export", "--format", "json", "-C", str(repo.root)])
    assert now.exit_code == 0, now.output
    assert {p["id"] for p in json.loads(now.stdout)["people"]} == {"aa-one", "bb-two", "dd-four"}
    at_head = runner.invoke(app, ["export", "--format", "json", "--rev", "HEAD",
                                  "-C", str(repo.root)])
    assert {p["id"] for p in json.loads(at_head.stdout)["people"]} == {"aa-one", "bb-two"}
    early = runner.invoke(app, ["export", "--format", "json", "--as-of", "2020-01-01",
                                "-C", str(repo.root)])
    assert json.loads(early.stdout)["count"] == 0


def test_export_to_a_file_refuses_to_overwrite(repo, tmp_path):
    out = tmp_path / "list.md"
    out.write_text("keep me", encoding="utf-8")
    result = invoke(["export", "--format", "md", "-o", str(out)], cwd=repo.root)
    assert result.returncode == 2 and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    result = invoke(["export", "--format", "md", "-o", str(out), "--force", "--lang", "uk"],
                 cwd=repo.root)
    assert result.returncode == 0, result.stderr
    assert "Aa One" in out.read_text(encoding="utf-8")


def test_an_export_whose_template_fails_leaves_the_file_as_it_was(repo, tmp_path):
    """The list is streamed into a temporary file that replaces the target only when complete."""
    (repo.root / "templates").mkdir()
    (repo.root / "templates" / "list.md.j2").write_text(
        "{% for r in rows %}{{ r['name'] }}{% endfor %}{{ no_such_value }}")
    out = tmp_path / "list.md"
    out.write_text("keep me", encoding="utf-8")
    result = invoke(["export", "--format", "md", "-o", str(out), "--force"], cwd=repo.root)
    assert result.returncode == 1 and "template" in result.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".list")) == []


def test_an_exported_file_gets_the_permissions_a_plain_write_would(repo, tmp_path):
    """Written through a temporary file (mkstemp makes those 0600), yet readable by a web server
    as any file the user writes; a replaced file keeps the permissions it had."""
    import os
    import stat

    out = tmp_path / "list.html"
    old = os.umask(0o022)
    try:
        assert invoke(["export", "--format", "html", "-o", str(out)], cwd=repo.root).returncode == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        out.chmod(0o640)
        assert invoke(["export", "--format", "html", "-o", str(out), "--force"],
                   cwd=repo.root).returncode == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_export_refuses_an_incomplete_list(repo):
    (repo.root / "cases" / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    result = invoke(["export", "--format", "csv"], cwd=repo.root)
    assert result.returncode == 1
    assert "cases/broken.yaml" in result.stdout and "incomplete" in result.stderr
    assert invoke(["export", "--format", "csv", "--as-of", "yesterday"],
               cwd=repo.root).returncode == 2


def test_withheld_problem_files_are_not_named(tmp_path, monkeypatch):
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo)
    anon = case("anon-2024-009", publicity="anonymous")  # names in a public repository: errors
    repo.commit("anon", "2024-02-02T10:00:00+00:00",
                {"cases/anon-2024-009.yaml": dump({**anon, "id": "anon-2024-010"})})
    result = invoke(["diff", "HEAD~1", "HEAD", "--format", "md"], cwd=repo.root)
    assert result.returncode == 1
    assert "identifying-field-in-public-repository" in result.stdout
    assert "id-mismatch" in result.stdout  # its message names both ids: they are withheld
    for secret in ("anon-2024-009", "anon-2024-010", "Ivan"):
        assert secret not in result.stdout


def test_a_review_lists_at_most_a_hundred_problems_of_a_file(repo):
    """The review's Markdown is a pull request's comment and step summary (1 MiB at most): a
    file of 20,000 unknown keys made 4.4 MB of table rows."""
    base = repo.git("rev-parse", "HEAD")
    repo.commit("keys", "2024-02-02T10:00:00+00:00",  # three times the hundred shown
                {"cases/zz-keys.yaml": "".join(f"a{i}: 1\n" for i in range(300))})
    data = json.loads(invoke(["diff", base, "HEAD", "--format", "json"], cwd=repo.root).stdout)
    mine = [p for p in data["problems"] if p["file"] == "cases/zz-keys.yaml"]
    assert len(mine) == 101 and mine[-1]["code"] == "more-problems"


def test_two_withheld_cases_with_the_same_problem_are_two_problems(repo):
    """The review names each withheld case's problems without its file, so two such cases share
    a name: capping them had merged their equal problems into one."""
    base = repo.git("rev-parse", "HEAD")
    files = {f"cases/anon-2024-00{i}.yaml": dump(case(f"anon-2024-00{i}", publicity="hidden",
                                                     born="19x0")) for i in (1, 2)}
    repo.commit("two", "2024-02-02T10:00:00+00:00", files)
    data = json.loads(invoke(["diff", base, "HEAD", "--format", "json"], cwd=repo.root).stdout)
    born = [p for p in data["problems"] if "born" in p["message"] or p["code"] == "invalid-date"]
    assert len(born) == 2, data["problems"]


def test_a_cut_review_ends_the_affected_list_with_what_it_left_out(tmp_path, monkeypatch):
    """Cut below 60,000 characters, the section on affected cases said "… and N more" before
    the line counting the withheld ones, so the cut seemed to come in the middle: that count
    closes the list of people, and "… and N more" is the list's last line."""
    from factory import CRITERIA

    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    suffix = " Longname" * 40  # long lines: two hundred people overfill a comment
    people = [person(f"zz-{i:04d}", f"Zz Person {i:04d}{suffix}") for i in range(200)]
    hidden = [case(f"anon-2024-{i:03d}", publicity="hidden") for i in (1, 2)]
    seed(repo, *people, *hidden)
    base = repo.head()
    fewer = {**CRITERIA, "criteria": [c for c in CRITERIA["criteria"] if c["id"] != "e"]}
    repo.commit("criteria", "2024-02-02T10:00:00+00:00", {"criteria.yaml": dump(fewer)})
    md = invoke(["diff", base, "HEAD", "--format", "md"], cwd=repo.root).stdout
    assert len(md) < 60_000
    section = md.split("## Affected by changes to criteria.yaml (202)\n\n", 1)[1]
    lines = section.split("\n## ", 1)[0].rstrip("\n").splitlines()
    shown = sum(ln.startswith("- **Zz Person") for ln in lines)
    assert 0 < shown < 200
    assert lines[shown:] == ["- and 2 withheld cases", "", f"… and {200 - shown} more"]
