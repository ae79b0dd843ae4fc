"""The change log of a month: who is announced where, and what never appears."""

from __future__ import annotations

import json

import pytest
from factory import CANARIES, GitRepo, case, invoke, person, put, seed, with_events

from kremlinlist.app import review
from kremlinlist.publish import changelog as changes
from kremlinlist.publish import changelog_text

WITHHELD_IDS = ("anon-2024-001", "anon-2024-003", "hidden-2024-002")


def _release(repo, tmp_path):
    out = tmp_path / "rel"
    result = invoke(["release", "--month", "2024-02", "--out", str(out)], cwd=repo.root)
    assert result.returncode == 0, result.stdout + result.stderr
    return out, result


def test_change_log_sorts_people_into_what_editors_announce(february, tmp_path):
    out, _ = _release(february, tmp_path)
    data = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    assert set(data) >= {"month", "from", "to", "count", "added", "released", "died", "delisted",
                         "removed", "updated"}
    assert data["month"] == "2024-02"
    assert data["to"] == february.git("rev-parse", "HEAD~1")
    assert data["from"] == february.git("rev-parse", "HEAD~2")
    # hidden people in no count (issue 10), nor delta-d, whose file was deleted in February: gone
    # now, which is how a public repository withholds someone, so hidden at both ends
    assert data["count"] == {"before": 8, "after": 7}
    ids = {k: [e["id"] for e in data[k]] for k in changes.CATEGORIES}
    assert ids["added"] == ["india-i", "juliet-j", None]
    assert data["added"][1]["date"] == "2024-02-20"
    # an anonymous person: no "since", no detention date (issue 10)
    assert data["added"][2] == {"id": None, "withheld": True}
    assert data["released"][0] == {"id": "alpha-a", "name": {"en": "Alpha A", "uk": "Alpha A"},
                                   "date": "2024-02-10", "how": "exchange"}
    # an anonymous person: the month of the change only, no exact date, no how (issue 10)
    assert data["released"][1] == {"id": None, "withheld": True, "date": "2024-02"}
    assert ids["died"] == ["bravo-b"] and data["died"][0]["date"] == "2024-02-12"
    assert ids["delisted"] == ["charlie-c"]
    assert data["delisted"][0]["reason"] == "The coalition reviewed the case."
    assert ids["removed"] == []
    updated = {e["id"]: e for e in data["updated"]}
    assert set(updated) == {"echo-e", "foxtrot-f", "golf-gg", "hotel-new"}
    assert updated["golf-gg"]["former_id"] == "golf-g"
    assert updated["golf-gg"]["corrections"] == ["id"]
    assert [ev["type"] for ev in updated["echo-e"]["events"]] == [
        "sentenced", "transferred", "hunger-strike"]
    assert updated["echo-e"]["events"][0] == {"type": "sentenced", "date": "2024-02-03",
                                              "term": "12y", "regime": "strict"}
    assert updated["foxtrot-f"]["corrections"] == ["detained event: date", "name"]
    assert updated["hotel-new"]["former_id"] == "hotel-h"
    assert data["hidden"] == "fewer than 5"  # hidden people only as one total (issue 10)

    md = (out / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "People on the list: 8 → 7 (-1)" in md
    assert "Delta" not in md and "## Removed without a recorded reason" not in md
    order = [md.index(h) for h in ("## Newly listed", "## Released", "## Died in custody",
                                    "## Delisted", "## New events and corrections")]
    assert order == sorted(order)
    assert "**Alpha A** (`alpha-a`) released by exchange on 2024-02-10" in md
    assert "A person whose name is withheld at the family's request released in 2024-02\n" in md
    assert "new: sentenced on 2024-02-03 (term: 12y; regime: strict)" in md
    assert "(id was `hotel-h`)" in md
    assert "7 people on the list, and fewer than 5 more whose details are not published." in md
    assert "changes to people whose details" not in md  # no count of their changes (issue 10)
    assert "Kilo" not in md  # committed a minute after the month ended


def test_canaries_and_withheld_ids_appear_nowhere(february, tmp_path):
    out, result = _release(february, tmp_path)
    texts = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
    assert set(texts) == {"CHANGELOG.md", "changes.json", "list.md", "list.html", "list.csv",
                          "list.json"}
    base, head = february.git("rev-parse", "HEAD~2"), february.git("rev-parse", "HEAD~1")
    for fmt in ("text", "md", "json"):
        r = invoke(["diff", base, head, "--format", fmt], cwd=february.root)
        texts[f"diff.{fmt}"] = r.stdout + r.stderr
    texts["release output"] = result.stdout + result.stderr
    for name, text in texts.items():
        for secret in CANARIES + WITHHELD_IDS:
            assert secret not in text, (name, secret)
    assert "Name withheld" in texts["list.md"] or "withheld" in texts["list.md"].lower()


def test_markdown_escapes_hostile_names(tmp_path, monkeypatch):
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo)
    base = repo.git("rev-parse", "HEAD")
    hostile = "Pipe | *Star* <script>alert(1)</script> @octocat #12 [x](javascript:alert(1))\n- item"
    head = repo.commit("hostile", "2024-02-02T10:00:00+00:00",
                       put(case("hostile-name", name={"en": hostile, "uk": "Ok"})))
    log = review.diff_revisions(repo.root, base, head, review=False)
    md = changelog_text.render_md(log)
    (line,) = [ln for ln in md.splitlines() if "hostile-name" in ln]
    assert line.startswith("- **") and line.endswith(
        "(`hostile-name`) listed since 2020-04, detained on 2020-03-10")
    for raw in ("<script>", "@octocat", "#12", "](", " | ", "*Star*"):
        assert raw not in line, raw
    assert "\\|" in line and "&lt;script&gt;" in line
    text = changelog_text.render_text(log)
    assert "\n- item" not in text and "\x1b" not in text


def test_nothing_changed_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("aa-one", "Aa One"))
    repo.commit("docs", "2024-02-02T10:00:00+00:00", {"README.md": "hello\n"})
    log = review.diff_revisions(repo.root, "HEAD~1", "HEAD")
    assert log.empty and log.to_dict()["count"] == {"net": 0}
    assert "No changes." in changelog_text.render_md(log)


def test_leaving_the_list_without_a_reason_is_flagged(tmp_path, monkeypatch):
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("aa-one", "Aa One"), person("bb-two", "Bb Two"),
         person("cc-three", "Cc Three"))
    base = repo.git("rev-parse", "HEAD")
    head = repo.commit("edits", "2024-02-02T10:00:00+00:00", put(
        person("aa-one", "Aa One", assessment={"decision": "candidate", "by": ["test-org"]}),
        person("bb-two", "Bb Two", events=[]),
        case("cc-three", publicity="hidden")))
    log = review.diff_revisions(repo.root, base, head, review=False)
    (delisted,) = log.entries["delisted"]
    assert delisted.id == "aa-one" and delisted.reason is None
    assert "without a recorded reason" in delisted.flag
    (removed,) = log.entries["removed"]
    assert removed.id == "bb-two" and "check the timeline" in removed.flag
    # a person who became hidden is in no entry and no count, under the stricter publicity
    assert not log.entries["updated"] and "cc-three" not in changelog_text.render_md(log)


def test_change_log_in_ukrainian_uses_ukrainian_names(tmp_path, monkeypatch):
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo)
    repo.commit("add", "2024-02-02T10:00:00+00:00",
                put(case("petrenko-ivan")))
    result = invoke(["release", "--month", "2024-02", "--lang", "uk", "--out",
                  str(tmp_path / "rel")], cwd=repo.root)
    assert result.returncode == 0, result.stderr
    md = (tmp_path / "rel" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "**Іван Петренко** (`petrenko-ivan`)" in md


def test_counts_follow_dates_that_pass_in_files_that_did_not_change(tmp_path, monkeypatch):
    """The count before a month is derived from the count after it, corrected by the files that
    changed or whose dates fall in the month: a release written in January and dated in
    February counts in January and not in February, though the file did not change."""
    from kremlinlist.app import release

    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    planned = with_events(person("alpha-a", "Alpha A"),
                          {"date": "2024-02-10", "type": "released", "how": "exchange",
                           "sources": ["s1"]})
    later = person("bravo-b", "Bravo B", assessment={
        "decision": "listed", "since": "2024-03", "criteria": [{"id": "e", "sources": ["s1"]}],
        "by": ["test-org"]})
    seed(repo, planned, later, person("charlie-c", "Charlie C"), date="2024-01-05T10:00:00+00:00")
    repo.commit("feb", "2024-02-15T10:00:00+00:00", put(person("delta-d", "Delta D")))
    repo.commit("mar", "2024-03-15T10:00:00+00:00", {})
    expected = {"2024-01": (None, 2), "2024-02": (2, 2), "2024-03": (2, 3)}
    for month, (before, after) in expected.items():
        log = release.build(repo.root, month).log
        if before is not None:
            assert (log.before, log.after) == (before, after), month
        else:
            assert log.after == after
    feb = release.build(repo.root, "2024-02").log
    assert [e.id for e in feb.entries["released"]] == ["alpha-a"]
    assert [e.id for e in feb.entries["added"]] == ["delta-d"]
    assert [e.id for e in release.build(repo.root, "2024-03").log.entries["added"]] == ["bravo-b"]
