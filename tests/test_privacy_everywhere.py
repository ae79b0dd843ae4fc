"""Every command, every format, one dataset with canaries: what is private never comes out.

PRIVATE canaries sit in `private` blocks and must appear nowhere at all. WITHHELD canaries sit in
the identifying fields of anonymous and hidden people and must appear in no public output (exports,
releases, change logs, reviews, statistics, validation messages); only the maintainer's own card
of that very person (`show`/`check` of its id) may print them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factory import CRITERIA, ORG, GitRepo, case, dump, run

PRIVATE = "PRIVCANARY7f3a"
WITHHELD = "WITHCANARY9b1c"


def _withheld(case_id: str, publicity: str, detained: str) -> dict:
    return case(
        case_id,
        publicity=publicity,
        name={"en": f"Olena {WITHHELD}", "uk": f"Олена {WITHHELD}"},
        aliases=[f"Alias {WITHHELD}"],
        occupation=f"teacher {WITHHELD}",
        summary=f"summary {WITHHELD}",
        events=[{"date": detained, "type": "detained", "place": f"Town {WITHHELD}",
                 "sources": ["s1"]}],
        sources={"s1": {"title": f"Report {WITHHELD}", "url": f"https://example.org/{WITHHELD}"}},
        private={"notes": f"notes {PRIVATE}", "health": f"health {PRIVATE}",
                 "relatives": [{"name": f"Mother {PRIVATE}", "contact": f"+380 {PRIVATE}"}]},
    )


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> GitRepo:
    repo = GitRepo(tmp_path_factory.mktemp("privacy") / "repo")
    public = case("petrenko-ivan", private={"notes": f"call {PRIVATE}",
                                            "relatives": [{"contact": f"phone {PRIVATE}"}]})
    base = {
        "kremlinlist.yaml": dump({"repository": "private", "timezone": "UTC"}),
        "criteria.yaml": dump(CRITERIA),
        "organizations/test-org.yaml": dump(ORG),
        "cases/petrenko-ivan.yaml": dump(public),
        "cases/anon-2020-001.yaml": dump(_withheld("anon-2020-001", "anonymous", "2020-05-01")),
        "cases/hidden-2020-001.yaml": dump(_withheld("hidden-2020-001", "hidden", "2020-06-01")),
    }
    repo.commit("first cases", "2020-07-10T12:00:00+00:00", base)
    released = case("anon-2020-001", **{k: v for k, v in _withheld(
        "anon-2020-001", "anonymous", "2020-05-01").items() if k != "id"})
    released["events"] = released["events"] + [
        {"date": "2020-08-02", "type": "released", "how": "exchange", "place": f"Town {WITHHELD}",
         "sources": ["s1"]}]
    hidden = _withheld("hidden-2020-001", "hidden", "2020-06-01")
    hidden["events"].append({"date": "2020-08-03", "type": "sentenced", "term": "5y",
                             "sources": ["s1"]})
    repo.commit("august changes", "2020-08-20T12:00:00+00:00", {
        "cases/anon-2020-001.yaml": dump(released),
        "cases/hidden-2020-001.yaml": dump(hidden),
        "cases/new-person.yaml": dump(case("new-person", name={"en": "Petro Bondar"},
                                           private={"notes": f"x {PRIVATE}"})),
    })
    return repo


def _outputs(result, folder: Path | None = None) -> str:
    text = result.stdout + result.stderr
    if folder is not None:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                text += path.read_text(encoding="utf-8", errors="replace")
    return text


PUBLIC_COMMANDS = [
    ["validate"], ["validate", "--format", "json"], ["validate", "--format", "github"],
    ["validate", "cases/anon-2020-001.yaml", "--format", "json"],
    ["stats"], ["stats", "--format", "json"], ["stats", "--format", "csv"],
    ["stats", "--over-time", "--format", "json"],
    ["dupes"], ["dupes", "--format", "json"],
    ["diff", "HEAD~1", "HEAD"], ["diff", "HEAD~1", "HEAD", "--format", "md"],
    ["diff", "HEAD~1", "HEAD", "--format", "json"],
    ["export", "--format", "md"], ["export", "--format", "html"], ["export", "--format", "csv"],
    ["export", "--format", "json"], ["export", "--format", "html", "--lang", "uk"],
    ["export", "--format", "json", "--rev", "HEAD~1"],
    ["fmt", "--check"],
    ["show", "petrenko-ivan"], ["show", "petrenko-ivan", "--format", "json"],
    ["check", "petrenko-ivan"], ["check", "petrenko-ivan", "--format", "json"],
]


@pytest.mark.parametrize("args", PUBLIC_COMMANDS, ids=" ".join)
def test_no_private_or_withheld_value_in_any_public_output(repo, args):
    result = run(args, cwd=repo.root)
    assert "Traceback" not in result.stderr
    out = _outputs(result)
    assert PRIVATE not in out
    assert WITHHELD not in out
    if args[0] in ("export", "show"):
        assert "Petrenko" in out  # the output is real, so the absence above means something


@pytest.mark.parametrize("month", ["2020-07", "2020-08"])
def test_release_files_hold_no_private_or_withheld_value(repo, tmp_path, month):
    out_dir = tmp_path / month
    result = run(["release", "--month", month, "--out", str(out_dir)], cwd=repo.root)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "CHANGELOG.md", "changes.json", "list.csv", "list.html", "list.json", "list.md"]
    text = _outputs(result, out_dir)
    assert PRIVATE not in text
    assert WITHHELD not in text
    assert "anon-2020-001" not in text and "hidden-2020-001" not in text


def test_maintainer_card_of_a_withheld_person_never_shows_private(repo):
    for args in (["show", "anon-2020-001"], ["show", "hidden-2020-001", "--format", "json"],
                 ["check", "anon-2020-001"]):
        result = run(args, cwd=repo.root)
        assert "Traceback" not in result.stderr
        assert PRIVATE not in _outputs(result)


def test_a_broken_private_block_is_reported_without_its_content(repo, tmp_path):
    broken = dump(case("broken-one", private={"notes": f"n {PRIVATE}"})).replace(
        "  notes:", f"  {PRIVATE}key: 1\n  notes:")
    path = repo.root / "cases" / "broken-one.yaml"
    path.write_text(broken, encoding="utf-8")
    try:
        for fmt in ("text", "json", "github"):
            result = run(["validate", "--format", fmt], cwd=repo.root)
            assert result.returncode == 1
            assert PRIVATE not in _outputs(result)
    finally:
        path.unlink()
