"""Every command, every format, one dataset with canaries: what is private never comes out.

PRIVATE canaries sit in `private` blocks and must appear nowhere at all. WITHHELD canaries sit in
the identifying fields of anonymous and hidden people (names in every script, aliases, places,
notes, a `to`, source titles and urls, a delisting's reason text) and must appear in no public
output (exports, releases, change logs, reviews, statistics, validation messages) and in no file
the tool writes, its cache folder included; only the maintainer's own card of that very person
(`show`/`check` of its id) may print them. DATES are exact dates of withheld people, chosen so
that no other date in the dataset or its history equals them; IDS are their ids, former ids and
source ids. The cache folder holds nothing about a withheld person, so it is searched for every
canary, dates and ids included; so are the HOME, TMPDIR and XDG_CACHE_HOME the sweep runs with.
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from factory import (CRITERIA, ORG, GitRepo, age_key, case, dump, form_export, form_row, invoke,
                     tree_text)

from kremlinlist.app.intake import import_export
from kremlinlist.app.seal import seal_paths

from kremlinlist.base import i18n

PRIVATE = "PRIVCANARY7f3a"
WITHHELD = "WITHCANARY9b1c"
CYRILLIC = "Канарейченко"
DATES = ("1901-02-17", "1903-07-19", "1903-09-30", "1904-03-23", "1902-11-23", "2020-08-17",
         "2020-08-13", "1906-05-14")
CASE_IDS = ("anon-2020-001", "anon-2020-002", "hidden-2020-001")
IDS = CASE_IDS + ("formerqz7k-x", "srcqz7k-y")


def _withheld(case_id: str, publicity: str, detained: str, region: str = "UA-43",
              **overrides) -> dict:
    data = case(
        case_id,
        publicity=publicity,
        region=region,
        former_ids=["formerqz7k-x"] if case_id == "anon-2020-001" else [],
        name={"en": f"Olena {WITHHELD}", "uk": f"Олена {CYRILLIC} {WITHHELD}",
              "ru": f"Елена {CYRILLIC} {WITHHELD}", "crh": f"Olena {WITHHELD}"},
        aliases=[f"Alias {WITHHELD}", f"Олена {CYRILLIC}"],
        born="1901-02-17",
        occupation=f"teacher {WITHHELD}",
        summary=f"summary {WITHHELD}",
        events=[{"date": detained, "type": "detained", "place": f"Town {WITHHELD}",
                 "note": f"note {WITHHELD}", "sources": ["srcqz7k-y"]},
                {"date": "1903-09-30", "type": "transferred", "to": f"Prison {WITHHELD}",
                 "sources": ["srcqz7k-y"]}],
        assessment={"decision": "listed", "since": "1904-03-23",
                     "criteria": [{"id": "e", "sources": ["srcqz7k-y"],
                                   "note": f"criterion note {WITHHELD}"}],
                     "by": ["test-org"]},
        sources={"srcqz7k-y": {"title": f"Report {WITHHELD}", "date": "1906-05-14",
                               "url": f"https://example.org/{WITHHELD}"}},
        private={"notes": f"notes {PRIVATE}", "health": f"health {PRIVATE}",
                 "relatives": [{"name": f"Mother {PRIVATE}", "contact": f"+380 {PRIVATE}"}]},
    )
    data.update(overrides)
    return data


def _anon_released() -> dict:
    data = _withheld("anon-2020-001", "anonymous", "1903-07-19")
    data["events"] = data["events"] + [
        {"date": "2020-08-17", "type": "released", "how": "exchange", "place": f"Town {WITHHELD}",
         "sources": ["srcqz7k-y"]}]
    return data


def _anon_delisted() -> dict:
    data = _withheld("anon-2020-002", "anonymous", "1903-07-19")
    data["assessment"] = {**data["assessment"], "decision": "delisted",
                          "reason": f"reason {WITHHELD}"}
    return data


def _hidden_sentenced() -> dict:
    data = _withheld("hidden-2020-001", "hidden", "1902-11-23", region="UA-65")
    data["events"] = data["events"] + [{"date": "2020-08-13", "type": "sentenced", "term": "5y",
                                        "sources": ["srcqz7k-y"]}]
    return data


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
        "cases/anon-2020-001.yaml": dump(_withheld("anon-2020-001", "anonymous", "1903-07-19")),
        "cases/anon-2020-002.yaml": dump(_withheld("anon-2020-002", "anonymous", "1903-07-19")),
        "cases/hidden-2020-001.yaml": dump(_withheld("hidden-2020-001", "hidden", "1902-11-23",
                                                     region="UA-65")),
    }
    repo.commit("first cases", "2020-07-10T12:00:00+00:00", base)
    repo.commit("august changes", "2020-08-20T12:00:00+00:00", {
        "cases/anon-2020-001.yaml": dump(_anon_released()),
        "cases/anon-2020-002.yaml": dump(_anon_delisted()),
        "cases/hidden-2020-001.yaml": dump(_hidden_sentenced()),
        "cases/new-person.yaml": dump(case("new-person", name={"en": "Petro Bondar"},
                                           private={"notes": f"x {PRIVATE}"})),
        "actions/2020-08-open-letter-x.yaml": dump(_anon_action()),
        "actions/2020-08-appeal-y.yaml": dump(_hidden_action()),
    })
    return repo


def _anon_action() -> dict:
    """An open letter for a public person and (by a former id) an anonymous one, with canaries
    in every free text a researcher could write their name into."""
    return {"id": "2020-08-open-letter-x", "type": "open-letter",
            "title": {"en": f"Letter for Olena {WITHHELD}", "uk": f"Лист {CYRILLIC}"},
            "date": "2020-08-17", "by": ["test-org", {"name": f"Brother {WITHHELD}"}],
            "to": f"Governor {WITHHELD}", "for": ["petrenko-ivan", "formerqz7k-x"],
            "signatures": {"count": 5, "sources": ["s1"]}, "outcome": f"outcome {WITHHELD}",
            "summary": f"summary {WITHHELD} {CYRILLIC}",
            "sources": {"s1": {"title": f"Letter {WITHHELD}",
                               "url": f"https://example.org/{WITHHELD}"}}}


def _hidden_action() -> dict:
    """An appeal for a hidden person only: published nowhere."""
    return {"id": "2020-08-appeal-y", "type": "appeal",
            "title": {"en": f"Appeal for {WITHHELD}"}, "date": "2020-08-13",
            "by": ["test-org"], "for": ["hidden-2020-001"],
            "sources": {"s1": {"title": f"Appeal {WITHHELD}"}}}


def _written(folder: Path | None) -> str:
    text = ""
    if folder is not None and folder.exists():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                text += path.read_text(encoding="utf-8", errors="replace")
    return text


def _outputs(result, folder: Path | None = None) -> str:
    return result.stdout + result.stderr + _written(folder)


def _leaks(text: str, *, dates: bool = True, ids: tuple[str, ...] = IDS) -> list[str]:
    """The canaries found in `text` (case-insensitively: an id is a lowercased name)."""
    low = text.lower()
    canaries = [PRIVATE, WITHHELD, CYRILLIC] + (list(DATES) if dates else []) + list(ids)
    return [c for c in canaries if c.lower() in low]


def _cache_leaks() -> list[str]:
    """Canaries, dates and ids included, in any file of this test's cache folder (conftest gives
    each its own)."""
    return _leaks(_written(Path(os.environ["KREMLINLIST_CACHE_DIR"])))


@pytest.fixture(autouse=True)
def _sweep_folders(tmp_path, monkeypatch):
    """HOME, TMPDIR and XDG_CACHE_HOME point at folders of this test's own, which hold no canary
    when it ends: no copy of a withheld value is left where the tool might put one."""
    folders = [tmp_path / f"sweep-{name}" for name in ("home", "tmp", "xdg-cache")]
    for folder, var in zip(folders, ("HOME", "TMPDIR", "XDG_CACHE_HOME")):
        folder.mkdir()
        monkeypatch.setenv(var, str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)  # tempfile reads TMPDIR again
    yield
    for folder in folders:
        assert _leaks(_written(folder)) == [], folder.name


PUBLIC_COMMANDS = [
    ["validate"], ["validate", "--format", "json"], ["validate", "--format", "github"],
    ["validate", "cases/anon-2020-001.yaml", "--format", "json"],
    ["validate", "cases/hidden-2020-001.yaml", "--format", "github"],
    ["stats"], ["stats", "--format", "json"], ["stats", "--format", "csv"],
    ["stats", "--rev", "HEAD~1", "--format", "json"],
    ["stats", "--over-time"], ["stats", "--over-time", "--format", "json"],
    ["stats", "--over-time", "--format", "csv"],
    ["dupes"], ["dupes", "--format", "json"],
    ["diff", "HEAD~1", "HEAD"], ["diff", "HEAD~1", "HEAD", "--format", "md"],
    ["diff", "HEAD~1", "HEAD", "--format", "json"],
    ["diff", "HEAD~1", "HEAD", "--format", "md", "--lang", "uk"],
    ["export", "--format", "md"], ["export", "--format", "html"], ["export", "--format", "csv"],
    ["export", "--format", "json"], ["export", "--format", "md", "--lang", "uk"],
    ["export", "--format", "html", "--lang", "uk"], ["export", "--format", "csv", "--lang", "uk"],
    ["export", "--format", "json", "--lang", "uk"],
    ["export", "--format", "json", "--rev", "HEAD~1"],
    ["fmt", "--check"],
    ["show", "petrenko-ivan"], ["show", "petrenko-ivan", "--format", "json"],
    ["check", "petrenko-ivan"], ["check", "petrenko-ivan", "--format", "json"],
    ["actions"], ["actions", "--format", "json"], ["actions", "--format", "csv"],
    ["actions", "--for", "petrenko-ivan", "--lang", "uk"], ["actions", "--type", "appeal"],
]


@pytest.mark.parametrize("args", PUBLIC_COMMANDS, ids=" ".join)
def test_no_private_or_withheld_value_in_any_public_output(repo, args):
    result = invoke(args, cwd=repo.root)
    assert "Traceback" not in result.stderr
    out = _outputs(result)
    # validate, dupes and fmt name the files they find something in: the location is the one
    # path they show (the three withheld people are likely duplicates of each other)
    located = args[0] in ("validate", "dupes", "fmt")
    ids = tuple(i for i in IDS if not located or i not in CASE_IDS)
    assert _leaks(out, ids=ids) == []
    assert _cache_leaks() == []
    if args[0] in ("export", "show"):
        assert "Petrenko" in out or "Петренко" in out  # real output: the absence means something
    if args[0] == "actions" and "appeal" not in args:
        assert "open letter" in out or "відкритий лист" in out or "open-letter" in out


def test_an_action_for_a_withheld_person_never_names_them(repo, tmp_path):
    """The anonymous person's letter is published as its type, month and organization with the
    public person it is also for; the hidden person's appeal is published nowhere."""
    import json

    shown = json.loads(invoke(["actions", "--format", "json"], cwd=repo.root).stdout)["actions"]
    assert shown == [{"id": None, "type": "open-letter", "date": "2020-08", "withheld": True,
                      "by": {"organizations": ["test-org"], "others": []},
                      "for": [{"id": "petrenko-ivan",
                               "name": {"en": "Ivan Petrenko", "uk": "Іван Петренко"}}],
                      "for_withheld": 1, "sources": []}]
    card = json.loads(invoke(["show", "petrenko-ivan", "--format", "json"],
                             cwd=repo.root).stdout)
    assert card["actions"] == shown
    listed = json.loads(invoke(["export", "--format", "json"], cwd=repo.root).stdout)
    assert [p.get("actions") for p in listed["people"] if p["id"] == "petrenko-ivan"] == [shown]
    assert not any("actions" in p for p in listed["people"] if p["anonymous"])
    stats = json.loads(invoke(["stats", "--format", "json"], cwd=repo.root).stdout)
    assert stats["actions"]["by_type"] == {"open-letter": 1}
    out = tmp_path / "rel"
    assert invoke(["release", "--month", "2020-08", "--out", str(out)],
                  cwd=repo.root).returncode == 0
    log = (out / "CHANGELOG.md").read_text(encoding="utf-8")
    section = log[log.index("## Advocacy actions recorded this month (1)"):]
    assert "2020-08 · open letter — by: `test-org`; for: **Ivan Petrenko** (`petrenko-ivan`), " \
           "a person whose name is withheld" in section
    assert _leaks(log + (out / "changes.json").read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("args", [a for a in PUBLIC_COMMANDS if a[0] not in ("export", "stats")],
                         ids=" ".join)
def test_no_private_or_withheld_value_in_ukrainian_output(repo, args, monkeypatch):
    """The same sweep with every message in Ukrainian (a translation says its own words around
    the same values, so a value the English leaves out must stay out in Ukrainian too)."""
    monkeypatch.setenv("KREMLINLIST_LANG", "uk")  # the command line's own choice of language
    with i18n.speaking("uk"):
        result = invoke(args, cwd=repo.root)
    assert "Traceback" not in result.stderr
    out = _outputs(result)
    located = args[0] in ("validate", "dupes", "fmt")
    assert _leaks(out, ids=tuple(i for i in IDS if not located or i not in CASE_IDS)) == []
    assert _cache_leaks() == []
    if args[0] in ("check", "show") and "json" not in args:  # real Ukrainian output
        assert re.search("[а-яіїєґ]{4}", out.lower().replace(CYRILLIC.lower(), "")), out


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json"])
def test_exported_files_hold_no_withheld_value(repo, tmp_path, fmt):
    for lang in ("en", "uk"):
        target = tmp_path / "out" / f"list-{lang}.{fmt}"
        target.parent.mkdir(exist_ok=True)
        result = invoke(["export", "--format", fmt, "--lang", lang, "--output", str(target)],
                     cwd=repo.root)
        assert result.returncode == 0, result.stderr
        text = _outputs(result, target.parent)
        assert "Petrenko" in text or "Петренко" in text
        assert _leaks(text) == []
    assert _cache_leaks() == []


@pytest.mark.parametrize("month,lang,preview", [
    ("2020-07", "en", False), ("2020-08", "en", False), ("2020-07", "uk", False),
    ("2020-08", "uk", False), ("2020-08", "en", True), ("2020-08", "uk", True),
    ("this month", "en", True), ("this month", "uk", True)])
def test_release_files_hold_no_private_or_withheld_value(repo, tmp_path, month, lang, preview):
    if month == "this month":  # a preview of the month under way, as of the test's own run
        month = datetime.now(timezone.utc).strftime("%Y-%m")
    out_dir = tmp_path / month
    result = invoke(["release", "--month", month, "--lang", lang, "--out", str(out_dir)]
                    + (["--preview"] if preview else []), cwd=repo.root)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "CHANGELOG.md", "changes.json", "list.csv", "list.html", "list.json", "list.md"]
    assert _leaks(_outputs(result, out_dir)) == []
    assert _cache_leaks() == []


def test_the_site_holds_no_private_or_withheld_value(repo, tmp_path):
    """`kremlinlist site`: no canary in any file under the folder, nor in any path there (ids are
    canaries too), nor in the cache; a public person does get a page, so the scan reads pages."""
    out_dir = tmp_path / "site"
    result = invoke(["site", "-o", str(out_dir), "--until", "2020-08"], cwd=repo.root)
    assert result.returncode == 0, result.stderr
    assert (out_dir / "en" / "people" / "petrenko-ivan" / "index.html").is_file()
    assert _leaks(_outputs(result, out_dir)) == []
    paths = "\n".join(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*"))
    assert _leaks(paths) == []
    assert _cache_leaks() == []


def test_the_default_cache_folders_hold_no_canary(repo, tmp_path, monkeypatch):
    """Without KREMLINLIST_CACHE_DIR: the cache in the checkout's git folder, and for a dataset
    outside git the one under XDG_CACHE_HOME (the sweep's own)."""
    import shutil

    from kremlinlist.caches.clean import cache_dir

    monkeypatch.delenv("KREMLINLIST_CACHE_DIR")
    plain = tmp_path / "plain"
    shutil.copytree(repo.root, plain, ignore=shutil.ignore_patterns(".git"))
    for args, where in ((["validate"], repo.root), (["stats", "--over-time"], repo.root),
                        (["release", "--month", "2020-08", "--out", str(tmp_path / "rel")],
                         repo.root),
                        (["diff", "HEAD~1", "HEAD", "--format", "json"], repo.root),
                        (["validate"], plain), (["export", "--format", "html"], plain),
                        (["stats", "--format", "json"], plain)):
        assert invoke(args, cwd=where).returncode == 0, args
    for cache in (cache_dir(repo.root), Path(os.environ["XDG_CACHE_HOME"])):
        assert any(p.is_file() for p in cache.rglob("*")), cache  # the cache was written there
        assert _leaks(_written(cache)) == []


def test_maintainer_card_of_a_withheld_person_never_shows_private(repo):
    for args in (["show", "anon-2020-001"], ["show", "hidden-2020-001", "--format", "json"],
                 ["check", "anon-2020-001"]):
        result = invoke(args, cwd=repo.root)
        assert "Traceback" not in result.stderr
        assert result.returncode == 0, result.stderr  # a refusal would hold no canary anyway
        assert PRIVATE not in _outputs(result)
    # the maintainer's card names the person: the search above looked at a real card
    assert WITHHELD in invoke(["show", "anon-2020-001"], cwd=repo.root).stdout


def test_a_broken_private_block_is_reported_without_its_content(repo, tmp_path):
    broken = dump(case("broken-one", private={"notes": f"n {PRIVATE}"})).replace(
        "  notes:", f"  {PRIVATE}key: 1\n  notes:")
    path = repo.root / "cases" / "broken-one.yaml"
    path.write_text(broken, encoding="utf-8")
    try:
        for fmt in ("text", "json", "github"):
            result = invoke(["validate", "--format", fmt], cwd=repo.root)
            assert result.returncode == 1
            assert PRIVATE not in _outputs(result)
    finally:
        path.unlink()


# --- each fix of issue 10, by a test that fails without it ---------------------------------------

def _release(repo, tmp_path, month: str) -> tuple[str, dict]:
    import json

    out = tmp_path / month
    result = invoke(["release", "--month", month, "--out", str(out)], cwd=repo.root)
    assert result.returncode == 0, result.stderr
    return ((out / "CHANGELOG.md").read_text(encoding="utf-8"),
            json.loads((out / "changes.json").read_text(encoding="utf-8")))


def test_an_anonymous_change_is_dated_by_its_month_only(repo, tmp_path):
    md, data = _release(repo, tmp_path, "2020-08")
    (released,) = [e for e in data["released"] if e.get("withheld")]
    assert released == {"id": None, "withheld": True, "date": "2020-08"}
    assert "name is withheld at the family's request released in 2020-08\n" in md
    _, july = _release(repo, tmp_path, "2020-07")
    added = [e for e in july["added"] if e.get("withheld")]
    assert added == [{"id": None, "withheld": True}] * 2  # no "since", no detention date


def test_an_anonymous_delisting_with_a_reason_is_not_flagged(repo, tmp_path):
    md, data = _release(repo, tmp_path, "2020-08")
    (delisted,) = data["delisted"]
    assert delisted == {"id": None, "withheld": True, "reason_withheld": True}
    assert "reason recorded, not published" in md
    assert "without a recorded reason" not in md


def test_one_hidden_person_is_not_broken_down_in_stats(repo):
    import json

    result = invoke(["stats", "--format", "json"], cwd=repo.root)
    data = json.loads(result.stdout)
    everyone = data["counts"]["all"]
    assert "UA-65" not in result.stdout  # the hidden person's region, theirs alone
    assert "not published" not in everyone["region"]  # the anonymous ones show theirs
    assert everyone["sentence"] == {"5-10y": 2, "not published": "fewer than 5"}
    assert data["totals"]["cases"] == 4  # nor in the totals: only in one total of their own
    assert data["totals"]["not_published"] == "fewer than 5"


def test_hidden_people_are_one_total_floored_to_k(dataset):
    from kremlinlist.model import redaction
    from kremlinlist.publish import stats
    from kremlinlist.model.case import Case
    from datetime import date

    people = [Case.model_validate(case(f"hidden-{i}", publicity="hidden")) for i in range(11)]
    assert redaction.K == 5
    for n, said in ((0, "fewer than 5"), (4, "fewer than 5"), (5, "at least 5"),
                    (9, "at least 5"), (10, "at least 10"), (11, "at least 10")):
        result = stats.compute(people[:n], date(2026, 1, 1))
        assert result["counts"]["list"]["region"] == {}
        assert result["totals"]["cases"] == 0 and result["totals"]["not_published"] == said
    assert redaction.hidden_total(7, "uk") == "щонайменше 5"


def test_a_withheld_file_that_does_not_load_is_not_named_in_a_review(tmp_path):
    repo = GitRepo(tmp_path / "review")
    repo.commit("base", "2024-01-10T12:00:00+00:00", {
        "kremlinlist.yaml": dump({"repository": "private"}),
        "criteria.yaml": dump(CRITERIA), "organizations/test-org.yaml": dump(ORG),
        "cases/petrenko-ivan.yaml": dump(case("petrenko-ivan"))})
    broken = {**_withheld("hidden-2024-777", "hidden", "1903-07-19"), "colour": "blue"}
    repo.commit("pr", "2024-02-02T10:00:00+00:00", {
        "cases/hidden-2024-777.yaml": dump(broken),
        "cases/unreadable-2024-778.yaml": "id: [unclosed\npublicity: hidden\n"})
    for fmt in ("md", "json", "text"):
        result = invoke(["diff", "HEAD~1", "HEAD", "--format", fmt], cwd=repo.root)
        assert result.returncode == 1  # the problems are reported...
        assert "unknown-key" in result.stdout and "yaml-syntax" in result.stdout
        assert result.stdout.count("a withheld case") == 2
        assert "2024-777" not in result.stdout and "2024-778" not in result.stdout  # ...unnamed
        assert _leaks(result.stdout + result.stderr, ids=()) == []


INJECTIONS = ("x`[Verify here](https://evil.example)`", "y`![pixel](https://evil.example/p.png)`")


def _links_and_images(md: str) -> list[str]:
    from markdown_it import MarkdownIt

    found = []
    for token in MarkdownIt("commonmark").enable("table").parse(md):
        for t in [token, *(token.children or [])]:
            if t.type in ("link_open", "image") or "evil" in (t.attrGet("href") or "") + (
                    t.attrGet("src") or ""):
                found.append(t.type)
    return found


def test_injected_keys_render_no_link_or_image_in_a_review(tmp_path):
    repo = GitRepo(tmp_path / "inject")
    repo.commit("base", "2024-01-10T12:00:00+00:00", {
        "criteria.yaml": dump(CRITERIA), "organizations/test-org.yaml": dump(ORG),
        "cases/petrenko-ivan.yaml": dump(case("petrenko-ivan"))})
    files = {}
    for i, key in enumerate(INJECTIONS):
        data = case(f"koval-{'ab'[i]}", name={"en": f"Person {'AB'[i]}"})
        data[key] = 1  # an unknown top-level key
        data["sources"] = {**data["sources"], "s1": {**data["sources"]["s1"], key: 2}}
        files[f"cases/koval-{'ab'[i]}.yaml"] = dump(data)
    files["cases/[v](https:evil.example)![i](evil.png)`x`.yaml"] = dump(case("odd-file"))
    repo.commit("pr", "2024-02-02T10:00:00+00:00", files)
    result = invoke(["diff", "HEAD~1", "HEAD", "--format", "md"], cwd=repo.root)
    assert result.returncode == 1 and "unknown-key" in result.stdout
    assert _links_and_images(result.stdout) == []
    assert "Verify here" not in result.stdout and "pixel" not in result.stdout


def test_a_release_log_line_does_not_count_hidden_people_by_kind(repo, tmp_path):
    result = invoke(["release", "--month", "2020-07", "--out", str(tmp_path / "r")], cwd=repo.root)
    assert result.returncode == 0, result.stderr
    # Petrenko and two anonymous people; the hidden one only in the list's hidden total
    assert "0 → 3 people on the list (and fewer than 5 more whose details are not published), " \
           "3 newly listed, 0 released" in result.stdout


# --- hidden people cannot be found by subtraction (issue 10 follow-up) ---------------------------

HIDDEN_NAMES = ("Zoryana Kvitka", "Bohdan Yarema", "Marta Dovbush", "Oksana Tymchuk",
                "Yurii Lozynskyi", "Halyna Sydor", "Ostap Vyshnia", "Solomiia Hrabar",
                "Taras Zhuravel", "Iryna Movchan")


def _hidden(i: int) -> dict:
    return case(f"hidden-2024-{i:03d}", publicity="hidden", name={"en": HIDDEN_NAMES[i]},
                born=str(1950 + 3 * i), region="UA-14")


def _history(root: Path, hidden: int, joining: int) -> GitRepo:
    """A history of public and anonymous people with `hidden` hidden ones from the start and
    `joining` more who join in February 2024; everything else the same in every such history."""
    repo = GitRepo(root)
    anon = case("anon-2024-001", publicity="anonymous", name=None, born=None)
    repo.commit("first", "2024-01-10T12:00:00+00:00", {
        "kremlinlist.yaml": dump({"repository": "private", "timezone": "UTC"}),
        "criteria.yaml": dump(CRITERIA), "organizations/test-org.yaml": dump(ORG),
        "cases/petrenko-ivan.yaml": dump(case("petrenko-ivan")),
        **{f"cases/hidden-2024-{i:03d}.yaml": dump(_hidden(i)) for i in range(hidden)}})
    repo.commit("february", "2024-02-12T12:00:00+00:00", {
        "cases/anon-2024-001.yaml": dump(anon),
        "cases/bondar-petro.yaml": dump(case("bondar-petro", name={"en": "Petro Bondar"},
                                             born="1975")),
        **{f"cases/hidden-2024-{i:03d}.yaml": dump(_hidden(i))
           for i in range(hidden, hidden + joining)}})
    released = case("petrenko-ivan")
    released["events"] = released["events"] + [
        {"date": "2024-03-04", "type": "released", "how": "exchange", "sources": ["s1"]}]
    repo.commit("march", "2024-03-05T12:00:00+00:00", {"cases/petrenko-ivan.yaml": dump(released)})
    return repo


SUBTRACTION_COMMANDS = [
    *[["export", "--format", fmt, "--lang", lang]
      for fmt in ("md", "html", "csv", "json") for lang in ("en", "uk")],
    ["export", "--format", "json", "--rev", "HEAD~1"],
    ["stats"], ["stats", "--format", "json"], ["stats", "--format", "csv"],
    ["stats", "--rev", "HEAD~1", "--format", "json"], ["stats", "--rev", "HEAD~1", "--format", "csv"],
    ["stats", "--over-time"], ["stats", "--over-time", "--format", "json"],
    ["stats", "--over-time", "--format", "csv"],
    *[["diff", a, b, "--format", fmt] for a, b in (("HEAD~2", "HEAD~1"), ("HEAD~1", "HEAD"),
                                                   ("HEAD~2", "HEAD"))
      for fmt in ("text", "md", "json")],
]


def _every_output(repo: GitRepo, out: Path) -> dict[str, str]:
    """What every public command prints and every release writes, commit ids and the folder
    made the same in every history."""
    found: dict[str, str] = {}
    for args in SUBTRACTION_COMMANDS:
        result = invoke(args, cwd=repo.root)
        found[" ".join(args)] = f"{result.returncode}\n{result.stdout}\n{result.stderr}"
    for month in ("2024-01", "2024-02", "2024-03"):
        for lang in ("en", "uk"):
            folder = out / f"{month}-{lang}"
            result = invoke(["release", "--month", month, "--lang", lang, "--out", str(folder)],
                            cwd=repo.root)
            assert result.returncode == 0, result.stderr
            found[f"release {month} {lang}"] = result.stdout.replace(str(folder), "<out>")
            for path in sorted(folder.iterdir()):
                found[f"release {month} {lang} {path.name}"] = path.read_text(encoding="utf-8")
    shas = repo.git("rev-list", "--reverse", "HEAD").split()
    for key, text in found.items():
        for n, sha in enumerate(shas):
            for cut in (40, 12, 10, 7):
                text = text.replace(sha[:cut], f"<commit {n}>")
        found[key] = text
    return found


@pytest.mark.parametrize("hidden", [0, 1, 5, 8])
def test_one_hidden_person_joining_changes_no_output(tmp_path, hidden):
    """Subtraction: with hidden people in any count, a month's "1 -> 3" next to one newly listed
    person, or a list's count against its rows, would say when a hidden person joined. Below K
    the hidden total reads the same "fewer than 5"; from K up it moves only in steps of K."""
    without = _every_output(_history(tmp_path / "a", hidden, 0), tmp_path / "out-a")
    joined = _every_output(_history(tmp_path / "b", hidden, 1), tmp_path / "out-b")
    assert without.keys() == joined.keys()
    differ = [k for k in without if without[k] != joined[k]]
    assert differ == [], f"{differ[0]}:\n{without[differ[0]]}\n---\n{joined[differ[0]]}"
    said = "fewer than 5" if hidden + 1 < 5 else "at least 5"
    assert f"and {said} more whose details are not published" in joined[
        "release 2024-02 en CHANGELOG.md"]
    assert "Petro Bondar" in joined["export --format md --lang en"]  # real outputs


# --- sealed private blocks and intake reports (issue 13) ------------------------------------------


@pytest.fixture(scope="module")
def sealed_repo(tmp_path_factory) -> tuple[GitRepo, Path]:
    """The canary dataset, sealing for two members: every private block sealed before its first
    commit, and a form export of reports full of canaries imported (sealed) into intake/. The
    second member's identity file comes with it."""
    top = tmp_path_factory.mktemp("sealed")
    keys = [age_key(top / "keys", name) for name in ("one", "two")]
    repo = GitRepo(top / "repo")
    files = {
        "kremlinlist.yaml": dump({"repository": "private", "timezone": "UTC",
                                  "recipients": [{"label": f"m{i}", "key": k}
                                                 for i, (_, k) in enumerate(keys)]}),
        "criteria.yaml": dump(CRITERIA), "organizations/test-org.yaml": dump(ORG),
        "cases/petrenko-ivan.yaml": dump(case("petrenko-ivan", private={
            "notes": f"call {PRIVATE}", "relatives": [{"contact": f"phone {PRIVATE}"}]})),
        "cases/anon-2020-001.yaml": dump(_withheld("anon-2020-001", "anonymous", "1903-07-19")),
        "cases/hidden-2020-001.yaml": dump(_withheld("hidden-2020-001", "hidden", "1902-11-23",
                                                     region="UA-65")),
    }
    for rel, text in files.items():
        (repo.root / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo.root / rel).write_text(text, encoding="utf-8")
    assert seal_paths(repo.root).written == sorted(r for r in files if r.startswith("cases/"))
    export = form_export(top / "form.csv", [form_row(
        f"Olena {PRIVATE}", person_name_uk=f"Олена {PRIVATE}", reporter_name=f"R {PRIVATE}",
        reporter_email=f"{PRIVATE}@example.org", place=f"Town {PRIVATE}",
        what_happened=f"detained {PRIVATE}")])
    assert len(import_export(repo.root, export, by="editor").added) == 1
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "sealed", date="2020-07-10T12:00:00+00:00")
    repo.commit("august", "2020-08-20T12:00:00+00:00", {
        "cases/anon-2020-001.yaml": dump(_anon_released())})
    seal_paths(repo.root, ["cases/anon-2020-001.yaml"])
    repo.git("commit", "-q", "-am", "sealed again", date="2020-08-20T13:00:00+00:00")
    return repo, keys[1][0]


def _private_leaks(text: str) -> list[str]:
    return [PRIVATE] if PRIVATE.lower() in text.lower() else []


@pytest.mark.parametrize("args", PUBLIC_COMMANDS + [
    ["intake", "list"], ["intake", "list", "--format", "json"], ["seal"]], ids=" ".join)
def test_sealed_blocks_and_intake_reports_reach_no_output_file_or_cache(sealed_repo, args):
    repo, _identity = sealed_repo
    result = invoke(args, cwd=repo.root)
    assert "Traceback" not in result.stderr
    assert _private_leaks(_outputs(result)) == []
    assert _private_leaks(_written(Path(os.environ["KREMLINLIST_CACHE_DIR"]))) == []
    assert _private_leaks(tree_text(repo.root)) == []  # the working tree holds ciphertext only
    if args[0] in ("export", "show"):
        assert "Petrenko" in _outputs(result) or "Петренко" in _outputs(result)


def test_validate_with_an_identity_opens_blocks_and_says_nothing_of_them(sealed_repo,
                                                                          monkeypatch):
    repo, identity = sealed_repo
    monkeypatch.setenv("KREMLINLIST_IDENTITY", str(identity))
    result = invoke(["validate", "--format", "json"], cwd=repo.root)
    assert result.returncode == 0, result.stdout
    assert _private_leaks(_outputs(result)) == []
    assert _private_leaks(_written(Path(os.environ["KREMLINLIST_CACHE_DIR"]))) == []
    listed = invoke(["intake", "list", "-i", str(identity)], cwd=repo.root)
    assert PRIVATE in listed.stdout  # the holder of a key sees the names, on the terminal only
    assert _private_leaks(_written(Path(os.environ["KREMLINLIST_CACHE_DIR"]))) == []
