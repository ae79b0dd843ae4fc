"""`kremlinlist diff --format md` as a pull request's comment: what it says of withheld cases, of
files that are not cases and of a change to the repository's publicity, and how long it may be."""

from __future__ import annotations

import json

import pytest
from factory import GitRepo, case, dump, invoke, person, put, seed


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("bb-two", "Bb Two"))
    return repo


def _anonymous(cid: str, **overrides) -> dict:
    """An anonymous case that carries nothing a public repository refuses."""
    data = case(cid, publicity="anonymous", **overrides)
    for key in ("name", "sources"):
        data.pop(key)
    for event in data["events"]:
        event.pop("sources", None)
        event.pop("place", None)
    data["assessment"]["criteria"] = [{"id": "e"}]
    return data


@pytest.mark.parametrize("cid", ["line", "deep", "file", "key"])
def test_a_withheld_case_named_by_a_common_word_leaves_the_messages_whole(repo, cid):
    """Its id was replaced wherever it stood in a message's words ('first on \\(withheld\\) 1',
    'in this \\(withheld\\)'s `sources`'), which garbled the message and told the id."""
    base = repo.git("rev-parse", "HEAD")
    data = _anonymous(cid, deeper={"a": 1})
    data["assessment"]["criteria"][0]["sources"] = ["zz"]
    first = repo.commit("a", "2024-02-02T10:00:00+00:00", {f"cases/{cid}.yaml": dump(data)})
    twice = dump(_anonymous(cid)) + "born: 1981\n"  # a key twice: 'first on line 2'
    repo.commit("b", "2024-02-03T10:00:00+00:00", {f"cases/{cid}.yaml": twice})
    md = (invoke(["diff", base, first, "--format", "md"], cwd=repo.root).stdout
          + invoke(["diff", first, "HEAD", "--format", "md"], cwd=repo.root).stdout)
    assert "| `unknown-key` | unknown key; keys allowed here: aliases" in md
    assert ("in a public repository keeps its sources in the private repository, so this file "
            "has none to cite: remove this source id") in md
    assert "`yaml-duplicate-key` | the key `born` is written twice" in md
    assert "first on line 2" in md
    assert "withheld\\)" not in md.replace("\\(a withheld case\\)", "")
    assert f"{cid}.yaml" not in md and "deeper" not in md


def test_a_case_made_public_but_withheld_before_quotes_nothing_of_its_file(repo):
    """The checks quote a public person's values; the review withholds the file while either
    version is withheld, so such a message is not told there."""
    old = repo.commit("a", "2024-01-02T10:00:00+00:00",
                      {"cases/anon-2024-001.yaml": dump(_anonymous("anon-2024-001"))})
    public = case("anon-2024-001", name={"en": "Canary Zyx", "uk": "Канарка"})
    public["events"][0]["sources"] = ["canary-source"]
    repo.commit("b", "2024-02-02T10:00:00+00:00", {"cases/anon-2024-001.yaml": dump(public)})
    result = invoke(["diff", old, "HEAD", "--format", "json"], cwd=repo.root)
    problems = json.loads(result.stdout)["problems"]
    assert [p["code"] for p in problems] == ["unknown-source"]
    assert problems[0]["file"] == "(a withheld case)"
    for fmt in ("md", "text", "json"):
        out = invoke(["diff", old, "HEAD", "--format", fmt], cwd=repo.root).stdout
        assert "canary-source" not in out and "anon-2024-001" not in out


@pytest.mark.parametrize("lang, said", [
    ("en", "This change makes the dataset private (`repository: private`)"),
    ("uk", "Ця зміна робить набір даних приватним (`repository: private`)")])
def test_a_change_that_makes_the_dataset_private_is_said_first(repo, lang, said):
    """It turns off every check of a public repository, and was only 'Affected by changes to
    kremlinlist.yaml (0)'."""
    base = repo.git("rev-parse", "HEAD")
    repo.commit("private", "2024-02-02T10:00:00+00:00",
                {"kremlinlist.yaml": dump({"repository": "private"})})
    result = invoke(["diff", base, "HEAD", "--format", "md"], cwd=repo.root,
                    env={"KREMLINLIST_LANG": lang})
    assert result.returncode == 1
    head = result.stdout.split("\n\n")
    assert head[1].replace("\\", "").startswith("**" + said)
    assert "`repository-made-private`" in result.stdout
    text = invoke(["diff", base, "HEAD"], cwd=repo.root, env={"KREMLINLIST_LANG": lang}).stdout
    assert text.splitlines()[1].startswith(said)
    data = json.loads(invoke(["diff", base, "HEAD", "--format", "json"], cwd=repo.root).stdout)
    assert data["made_private"] is True
    back = invoke(["diff", "HEAD", base, "--format", "md"], cwd=repo.root)
    assert back.returncode == 0 and "private" not in back.stdout.split("\n\n")[1]


def test_the_review_of_thousands_of_new_cases_fits_in_a_comment(repo):
    """3,000 new cases made 238 KB of Markdown, and GitHub posts no comment above 65,536
    characters: the longest lists are cut, whole lines at a time, and say what they left out.
    The text and JSON keep everything. 200 cases with long ids and names make both lists
    longer than the limit, as 3,000 short ones did, for a fifteenth of the work."""
    n = 200
    base = repo.git("rev-parse", "HEAD")
    people = [person(f"zz-{'z' * 70}-{i:04d}", f"Zz Person {'Zz' * 200} {i:04d}", assessment={
        "decision": "listed", "criteria": ["e"], "by": ["test-org"]}) for i in range(n)]
    repo.commit("many", "2024-02-02T10:00:00+00:00", put(*people))
    result = invoke(["diff", base, "HEAD", "--format", "md"], cwd=repo.root)
    md = result.stdout
    assert result.returncode == 1 and len(md) < 60_000
    assert f"## Newly listed ({n})" in md and f"## Rules that now fail ({n})" in md
    shown = md.count("\n- **Zz Person")
    rows = md.count("\n| cases/zz-")
    assert shown and rows and f"… and {n - shown} more" in md
    assert f"… and {n - rows} more" in md
    assert all(ln.endswith(" |") for ln in md.splitlines() if ln.startswith("| "))
    data = json.loads(invoke(["diff", base, "HEAD", "--format", "json"], cwd=repo.root).stdout)
    assert len(data["added"]) == n and len(data["problems"]) == n


def test_the_review_tells_the_problems_of_files_that_are_not_cases(repo):
    """An action with an unknown key, a stray file, a secret key, an intake report in a public
    repository: validate refuses each, and the review said 'No changes.' and exited 0. A file
    that could name a withheld person is not named, nor a line of it quoted."""
    base = repo.git("rev-parse", "HEAD")
    key = "# created: 2024-01-01\nAGE-SECRET-KEY-1" + "Q" * 50 + "\n"
    repo.commit("other", "2024-02-02T10:00:00+00:00", {
        "actions/2024-02-canary-letter.yaml": dump({"id": "2024-02-canary-letter",
                                                   "canary_key": "Canary Zyx"}),
        "cases/canary-zyx-notes.csv": "name\nCanary Zyx\n",
        "cases/.canary-zyx.yaml": dump(_anonymous("canary-zyx")),
        "canary.key": key,
        "intake/r-canary.yaml": "id: r-canary\n",
        "organizations/test-org.yaml": dump({"id": "test-org", "canary": 1}),
        "organizations/zz-canary.yaml": dump({"id": "zz-canary", "publicity": "hidden"})})
    result = invoke(["diff", base, "HEAD", "--format", "md"], cwd=repo.root)
    assert result.returncode == 1
    md = result.stdout
    for code in ("unknown-key", "stray-file", "secret-key-in-dataset",
                 "intake-in-public-repository", "missing-key"):
        assert f"`{code}`" in md
    assert "| \\(a file in actions/\\) |  | error | `unknown-key` |" in md
    assert "| organizations/test-org.yaml | 2 | error | `unknown-key` |" in md
    assert "| \\(a file in organizations/\\) |  | error | `unknown-key` |" in md  # a case?
    assert "7 files that are not cases have problems above" in md
    assert "canary" not in md.lower().replace("test-org.yaml", "")
    validated = invoke(["validate", "--changed-since", base, "--format", "json"],
                       cwd=repo.root)
    said = {p["code"] for p in json.loads(validated.stdout)["problems"]}
    data = json.loads(invoke(["diff", base, "HEAD", "--format", "json"], cwd=repo.root).stdout)
    assert said <= {p["code"] for p in data["problems"]} and data["other_files"] == 7
    fixed = repo.commit("fix", "2024-02-03T10:00:00+00:00",
                        {"organizations/test-org.yaml": dump({"id": "test-org", "canary": 2})})
    again = json.loads(invoke(["diff", "HEAD~1", fixed, "--format", "json"],
                              cwd=repo.root).stdout)
    assert "problems" not in again and again["problems_before"] == 3


def test_the_review_cuts_the_people_affected_and_keeps_the_count_of_those_withheld():
    """Of the section on cases a change to criteria.yaml judges differently, the review cuts
    the people named, whole lines, and says how many it left out; the line counting the
    withheld ones stays, and the text keeps everyone."""
    from kremlinlist.publish.changelog import ChangeLog, LogEntry
    from kremlinlist.publish.changelog_text import render_log

    log = ChangeLog(None, "a" * 40, "b" * 40, 3000, 3000, partial=True)
    log.affected_by = ["criteria.yaml"]
    log.affected = [LogEntry("affected", f"zz-{i:04d}", {"en": f"Zz Person {i:04d}"})
                    for i in range(3000)]
    log.affected_withheld = 2
    cut = render_log(log, "md", "en")
    shown = cut.count("\n- **Zz Person")
    assert len(cut) < 60_000 and 0 < shown < 3000
    assert "## Affected by changes to criteria.yaml (3002)\n\n- **Zz Person 0000**" in cut
    assert cut.endswith(f"- **Zz Person {shown - 1:04d}** (`zz-{shown - 1:04d}`)\n"
                        f"- and 2 withheld cases\n\n… and {3000 - shown} more\n")
    text = render_log(log, "text", "en")
    assert text.count("\n- Zz Person") == 3000 and text.endswith("- and 2 withheld cases\n")


def test_only_the_review_is_cut_a_release_log_stays_whole():
    """A month's CHANGELOG.md is the published record: every person in it, however long."""
    from kremlinlist.publish.changelog import ChangeLog, LogEntry
    from kremlinlist.publish.changelog_text import render_log, render_md

    log = ChangeLog(None, "a" * 40, "b" * 40, 0, 3000, partial=True)
    log.entries["added"] = [LogEntry("added", f"zz-{i:04d}", {"en": f"Zz Person {i:04d}"},
                                     date="2024-02") for i in range(3000)]
    whole = render_md(log, "en")
    assert whole.count("\n- **Zz Person") == 3000 and "… and" not in whole
    cut = render_log(log, "md", "en")
    assert len(cut) < 60_000 and cut.endswith(f"… and {3000 - cut.count('- **Zz')} more\n")


@pytest.mark.parametrize("text, code", [("different: [1\n", "yaml-syntax"),
                                        ("- a\n", "not-a-mapping")])
def test_the_review_refuses_a_broken_dupes_yaml_as_validate_does(repo, text, code):
    """A pull request breaking dupes.yaml made `validate --changed-since` exit 1 while the
    review showed nothing and exited 0; a file broken before the change is not the change's."""
    base = repo.git("rev-parse", "HEAD")
    repo.commit("dupes", "2024-02-02T10:00:00+00:00", {"dupes.yaml": text})
    validated = invoke(["validate", "--changed-since", base, "--format", "json"], cwd=repo.root)
    assert validated.returncode == 1
    assert code in {p["code"] for p in json.loads(validated.stdout)["problems"]}
    result = invoke(["diff", base, "HEAD", "--format", "md"], cwd=repo.root)
    assert result.returncode == 1 and f"| dupes.yaml | 1 | error | `{code}` |" in result.stdout
    broken = repo.git("rev-parse", "HEAD")
    repo.commit("dupes again", "2024-02-03T10:00:00+00:00", {"dupes.yaml": "# noted\n" + text})
    again = json.loads(invoke(["diff", broken, "HEAD", "--format", "json"], cwd=repo.root).stdout)
    assert "problems" not in again and again["problems_before"] == 1


def test_a_review_of_many_stray_files_looks_up_no_tree_for_each(tmp_path, monkeypatch):
    """A pull request adding thousands of files to one folder: the review read each by its
    path, which parsed the folder's whole tree again for each (48 s for 4,000 files). It reads
    them by the ids the tree diff gave: no tree lookup grows with their number."""
    from kremlinlist.history.git.trees import TreeEntries

    repo = GitRepo(tmp_path / "repo")
    base = seed(repo, person("aa-one", "Aa One"))
    repo.commit("junk", "2024-02-10T10:00:00+00:00",
                {f"cases/junk/f{i}.txt": "x\n" for i in range(300)})
    looked = []
    tree_at = TreeEntries._tree_at
    monkeypatch.setattr(TreeEntries, "_tree_at",
                        lambda self, *a: looked.append(a) or tree_at(self, *a))
    said = invoke(["diff", base, "HEAD", "--format", "md"], cwd=repo.root)
    assert said.returncode == 1 and "stray-file" in said.stdout, said.stdout[-500:]
    assert len(looked) < 20, len(looked)
