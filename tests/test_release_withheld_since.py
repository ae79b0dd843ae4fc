"""A release made after a person was withheld: the month's release is run days after the month
ended, from a checkout whose tip may already record that a family withdrew their consent. It
publishes each person at the stricter of their publicity at the month's end and at the tip, as
the site does, so no file of it names someone withheld since, and its counts agree."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from factory import GitRepo, action, case, dump, put, seed, with_events

from kremlinlist.app import release

TODAY = date(2026, 12, 3)
OLHA = case("kovalenko-olha", name={"en": "Olha Kovalenko", "uk": "Ольга Коваленко"},
            aliases=["Olga Kowalenko"],
            sources={"s1": {"title": "Olha's arrest", "url": "https://olha-canary.example/x"}})
MOROZ = case("moroz-serhii", name={"en": "Serhii Moroz", "uk": "Сергій Мороз"},
             sources={"s1": {"title": "Serhii's arrest", "url": "https://moroz-canary.example/x"}})
# what of them no file may hold: hidden now (Olha), anonymous now (Serhii)
NAMED_NOWHERE = ("kovalenko-olha", "Kovalenko", "Коваленко", "Kowalenko", "olha-canary",
                 "moroz-serhii", "Moroz", "Мороз", "moroz-canary")
OTHERS = [case(f"public-{n}", name={"en": f"Person {n}", "uk": f"Особа {n}"}) for n in "abcdef"]


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> GitRepo:
    """Olha and Serhii public at the end of November (Olha has a new event and an advocacy action
    that month); on 2 December Olha is made hidden and Serhii anonymous."""
    repo = GitRepo(tmp_path_factory.mktemp("withheld-since") / "repo")
    seed(repo, OLHA, MOROZ, *OTHERS, date="2026-09-15T12:00:00+00:00",
         config={"repository": "private", "timezone": "UTC"})
    moved = with_events(OLHA, {"date": "2026-11-05", "type": "transferred", "to": "Canary SIZO",
                               "sources": ["s1"]})
    repo.commit("november", "2026-11-10T12:00:00+00:00", {
        **put(moved, case("public-g", name={"en": "Person g", "uk": "Особа g"})),
        "actions/2026-11-letter-olha.yaml": dump(action(
            "2026-11-letter-olha", date="2026-11-08", signatures=None,
            title={"en": "Letter for Olha Kovalenko", "uk": "Лист за Ольгу Коваленко"},
            **{"for": ["kovalenko-olha", "public-a"]})),
        "actions/2026-11-letter-serhii.yaml": dump(action(
            "2026-11-letter-serhii", date="2026-11-09", signatures=None,
            title={"en": "Letter for Serhii Moroz", "uk": "Лист за Сергія Мороза"},
            **{"for": ["moroz-serhii", "public-a"]}))})
    repo.commit("withhold on request", "2026-12-02T12:00:00+00:00",
                put(dict(OLHA, publicity="hidden"), dict(MOROZ, publicity="anonymous")))
    return repo


@pytest.fixture(scope="module")
def released(repo, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out") / "2026-11"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KREMLINLIST_CACHE_DIR", str(out.parent / "cache"))
        release.release(repo.root, "2026-11", out=out, today=TODAY, lang="en,uk")
    return out


def test_no_file_names_someone_withheld_after_the_month(released):
    files = sorted(p for p in released.iterdir() if p.is_file())
    assert {p.name for p in files} >= {"CHANGELOG.md", "changes.json", "list.csv", "list.json",
                                       "list.html", "list.md", "list.uk.md", "list.uk.html"}
    for path in files:
        text = path.read_text(encoding="utf-8")
        for word in NAMED_NOWHERE:
            assert word not in text, (path.name, word)


def test_the_counts_agree_with_the_list(released):
    log = json.loads((released / "changes.json").read_text(encoding="utf-8"))
    listed = json.loads((released / "list.json").read_text(encoding="utf-8"))
    people = listed["people"]
    # Olha is in the hidden total only; Serhii is an anonymous row, counted
    assert len(people) == 8 and sum(p["id"] is None for p in people) == 1
    assert log["count"] == {"before": 7, "after": 8}
    assert [e["id"] for e in log["added"]] == ["public-g"]
    assert not log["updated"]  # Olha's transfer is not told, nor that she was withheld
    (letter,) = log["actions"]  # Olha's is not published at all, Serhii's withheld
    assert letter["withheld"] and letter["for_withheld"] == 1 and letter["for"] == [
        {"id": "public-a", "name": {"en": "Person a", "uk": "Особа a"}}]


def test_the_chart_ends_with_the_change_logs_counts(repo, tmp_path, monkeypatch):
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    rel = release.build(repo.root, "2026-11", today=TODAY)
    assert dict(rel.series)["2026-10"] == rel.log.before == 7
    assert dict(rel.series)["2026-11"] == rel.log.after == rel.public.count == 8


def test_a_withheld_line_never_says_what_was_corrected_but_its_region(tmp_path, monkeypatch):
    """Public in September, anonymous from October: October's line must not say "corrected:
    publicity", which dates the withholding the site hides; one anonymous all along says only
    the corrections of what its line shows."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    beta = case("beta-public", name={"en": "Beta Canarytwo", "uk": "Бета"})
    gamma = case("gamma-anon", name={"en": "Gamma Canarythree", "uk": "Гамма"},
                 publicity="anonymous")
    seed(repo, beta, gamma, *OTHERS, date="2026-09-15T12:00:00+00:00",
         config={"repository": "private", "timezone": "UTC"})
    repo.commit("withhold", "2026-10-15T12:00:00+00:00", {"cases/gamma-anon.yaml": None, **put(
        dict(beta, publicity="anonymous"),
        dict(gamma, region="UA-14", name={"en": "Gamma Other", "uk": "Гамма"}, id="gamma-new",
             former_ids=["gamma-anon"]))})
    out = tmp_path / "2026-10"
    release.release(repo.root, "2026-10", out=out, today=date(2026, 11, 3))
    text = (out / "changes.json").read_text(encoding="utf-8")
    assert "publicity" not in text and "former_ids" not in text and '"name"' not in text
    (line,) = json.loads(text)["updated"]
    assert line == {"id": None, "withheld": True, "corrections": ["region"]}
    assert "Canary" not in (out / "CHANGELOG.md").read_text(encoding="utf-8")


# --- the one rule, the same everywhere: a release, the site, stats ---------------------------

def _history(tmp_path: Path, *commits: tuple[str, str, dict], first: str = "2026-08-15",
             texts: dict | None = None) -> GitRepo:
    """Olha and six others public from `first`, then `commits` (message, date, files)."""
    repo = GitRepo(tmp_path / "repo")
    seed(repo, *([] if texts else [OLHA]), *OTHERS, date=f"{first}T12:00:00+00:00",
         config={"repository": "private", "timezone": "UTC"}, texts=texts)
    for message, when, files in commits:
        repo.commit(message, f"{when}T12:00:00+00:00", files)
    return repo


def _named_in(folder: Path) -> bool:
    return any("Kovalenko" in p.read_text(encoding="utf-8") or
               "kovalenko-olha" in p.read_text(encoding="utf-8")
               for p in folder.rglob("*") if p.is_file() and p.suffix in (".md", ".json",
                                                                          ".csv", ".html"))


def test_a_release_from_a_commit_inside_its_month_honours_a_withholding_since(tmp_path,
                                                                            monkeypatch):
    """release-invalid tells the editor to release from the month's last commit that validates,
    which is inside the month: the tip of that --rev cannot know that Olha was hidden on
    2 December. HEAD, the checkout's tip, does; neither the release nor the site names her."""
    from kremlinlist.app import site

    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    good = GitRepo(tmp_path / "repo")
    seed(good, OLHA, *OTHERS, date="2026-10-15T12:00:00+00:00",
         config={"repository": "private", "timezone": "UTC"})
    commit = good.commit("november", "2026-11-10T12:00:00+00:00",
                         put(case("public-g", name={"en": "Person g", "uk": "Особа g"})))
    good.commit("broken", "2026-11-25T12:00:00+00:00", put(case(
        "dd-four", name={"en": "Dd Four"}, assessment={"decision": "listed", "by": ["no-such"]})))
    good.commit("withhold", "2026-12-02T12:00:00+00:00", put(dict(OLHA, publicity="hidden")))
    with pytest.raises(Exception, match="does not validate"):
        release.build(good.root, "2026-11", today=TODAY)
    made = release.release(good.root, "2026-11", out=tmp_path / "rel", today=TODAY, rev=commit)
    assert made.public.count == 7 and made.log.hidden == 1
    assert not _named_in(tmp_path / "rel")
    site.build_site(good.root, tmp_path / "site", until="2026-11", rev=commit, today=TODAY)
    assert not _named_in(tmp_path / "site")
    october = json.loads((tmp_path / "site/data/changes/2026-10.json").read_text("utf-8"))
    assert october["count"]["after"] == 6  # the six others: no count holds her either


def test_the_warnings_never_name_the_file_of_someone_withheld_now(tmp_path, monkeypatch):
    """Olha's file was `.yml` in August and September, public then: the chart's warning named
    it. She is hidden now, and the name of her file is her id."""
    from kremlinlist.app import stats

    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = _history(tmp_path, ("read", "2026-10-10", {"cases/kovalenko-olha.yml": None,
                                                      **put(OLHA)}),
                    ("withhold", "2026-12-02", put(dict(OLHA, publicity="hidden"))),
                    texts={"cases/kovalenko-olha.yml": dump(OLHA)})
    for _run in ("cold", "from the memo"):
        said = (release.build(repo.root, "2026-11", today=TODAY).warnings
                + stats.over_time(repo.root, "HEAD", today=TODAY).warnings)
        assert len(said) == 2 and all("kovalenko" not in w for w in said), said
        assert all(w.startswith("a file not named here") for w in said)


def _site_chart(out: Path) -> list[tuple[str, int]]:
    html = (out / "en" / "index.html").read_text(encoding="utf-8")
    return [(m, int(n)) for m, n in re.findall(r"(\d{4}-\d\d): (\d+)<", html)]


def test_the_release_and_the_site_chart_every_month_without_someone_withheld_now(tmp_path,
                                                                               monkeypatch):
    """Olha, public from August, hidden on 2 December: no month of either chart counts her, cold
    or from the memo, and both charts are the same."""
    from kremlinlist.app import site

    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = _history(tmp_path, ("oct", "2026-10-10", put(case("public-g", name={"en": "Person g", "uk": "Особа g"}))),
                    ("nov", "2026-11-10", put(case("public-h", name={"en": "Person h", "uk": "Особа h"}))),
                    ("withhold", "2026-12-02", put(dict(OLHA, publicity="hidden"))))
    want = [("2026-08", 6), ("2026-09", 6), ("2026-10", 7), ("2026-11", 8)]
    for run in ("cold", "from the memo"):
        assert release.build(repo.root, "2026-11", today=TODAY).series == want
        site.build_site(repo.root, tmp_path / run, today=TODAY)
        assert _site_chart(tmp_path / run) == want


def test_one_whose_file_was_deleted_in_the_month_is_told_alike_by_the_release_and_the_site(
        tmp_path, monkeypatch):
    """A public repository withholds someone by deleting their file (and filing them again under
    an opaque id): the release named Olha among the removed, the site did not; both now give the
    month's changes.json alike, without her."""
    from kremlinlist.app import site

    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = _history(tmp_path, ("withhold", "2026-11-20", {
        "cases/kovalenko-olha.yaml": None,
        **put(case("p-7f3a", name={"en": "X Y", "uk": "Х У"}, publicity="anonymous"))}),
        first="2026-10-15")
    told = release.release(repo.root, "2026-11", out=tmp_path / "rel", today=TODAY).warnings
    site.build_site(repo.root, tmp_path / "site", today=TODAY)
    made = json.loads((tmp_path / "rel" / "changes.json").read_text(encoding="utf-8"))
    shown = json.loads((tmp_path / "site" / "data/changes/2026-11.json").read_text(
        encoding="utf-8"))
    assert made == shown
    assert made["count"] == {"before": 6, "after": 7} and made["removed"] == []
    assert not _named_in(tmp_path / "rel")
    # the editor is told, by number alone, in case the file was deleted by mistake
    assert [w for w in told if "has no file now" in w] == [
        w for w in told if w.startswith("1 person of this month has no file now")]
    assert len([w for w in told if "no file now" in w]) == 1
    assert not [w for w in told if "olha" in w.lower() or "kovalenko" in w.lower()]


def test_a_release_of_another_line_than_heads_honours_a_withholding_made_on_heads(tmp_path,
                                                                                 monkeypatch):
    """The checkout is on a branch where Olha was hidden on 2 December; the release is of the
    other line (--rev, not an ancestor of HEAD), which does not know it: HEAD's word counts too,
    and on a detached HEAD as well."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = _history(tmp_path, ("nov", "2026-11-10", put(case("public-g", name={
        "en": "Person g", "uk": "Особа g"}))), first="2026-10-15")
    repo.git("checkout", "-q", "-b", "withholding")
    hidden = repo.commit("withhold", "2026-12-02T12:00:00+00:00",
                         put(dict(OLHA, publicity="hidden")))
    repo.git("checkout", "-q", "-")
    other = repo.commit("a note", "2026-12-02T13:00:00+00:00", {"NOTES.md": "notes\n"})
    for head in ("withholding", hidden):  # on the branch, then detached at its commit
        repo.git("checkout", "-q", head)
        made = release.release(repo.root, "2026-11", out=tmp_path / head, today=TODAY,
                               rev=other)
        assert made.public.count == 7 and not _named_in(tmp_path / head)


def _listed_in_october_hidden_in_december(tmp_path, monkeypatch) -> GitRepo:
    """Olha on the list from 5 October, hidden on 2 December; August to October share the seed's
    commit, and public-g joins in November."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    later = dict(OLHA, assessment={**OLHA["assessment"], "since": "2026-10-05"})
    repo = GitRepo(tmp_path / "repo")
    seed(repo, later, *OTHERS, date="2026-08-15T12:00:00+00:00",
         config={"repository": "private", "timezone": "UTC"})
    repo.commit("nov", "2026-11-10T12:00:00+00:00",
                put(case("public-g", name={"en": "Person g", "uk": "Особа g"})))
    repo.commit("withhold", "2026-12-02T12:00:00+00:00", put(dict(later, publicity="hidden")))
    return repo


def test_months_without_a_commit_each_leave_out_whom_their_own_end_counted(tmp_path,
                                                                          monkeypatch):
    """Olha is on the list from 5 October and hidden on 2 December; August, September and
    October share the seed's commit. October's end counted her, August's and September's did
    not: each month loses only whom its own last day counted, so August and September keep
    the six others (they lost her, counted at October's end, too)."""
    from kremlinlist.app import site

    repo = _listed_in_october_hidden_in_december(tmp_path, monkeypatch)
    want = [("2026-08", 6), ("2026-09", 6), ("2026-10", 6), ("2026-11", 7)]
    assert release.build(repo.root, "2026-11", today=TODAY).series == want
    site.build_site(repo.root, tmp_path / "site", today=TODAY)
    assert _site_chart(tmp_path / "site") == want


def test_the_release_export_and_stats_chart_the_same_months(tmp_path, monkeypatch):
    """docs/editors.md promises that `export --format html` and `stats --over-time` agree with
    the release's chart: they counted Olha, hidden on 2 December, in October and November."""
    import io

    from kremlinlist.app import export, stats

    repo = _listed_in_october_hidden_in_december(tmp_path, monkeypatch)
    want = [("2026-08", 6), ("2026-09", 6), ("2026-10", 6), ("2026-11", 7)]
    for _run in ("cold", "from the memo"):
        assert release.build(repo.root, "2026-11", today=TODAY).series == want
        rows = stats.over_time(repo.root, "HEAD", today=TODAY).rows
        assert [(r["month"], r["count"]) for r in rows] == want
        page = io.BytesIO()
        export.export_list(repo.root, "html", stream=page, as_of="2026-11-30")
        assert [(m, int(n)) for m, n in re.findall(r"<title>(\d{4}-\d\d): (\d+)</title>",
                                                   page.getvalue().decode())] == want


def _november(tmp_path: Path) -> tuple[GitRepo, str, str, str]:
    """Six public from 15 October, public-g added on 10 November, a note on 2 December: the
    repository, and the commits of October, November and December."""
    repo = GitRepo(tmp_path / "repo")
    seed(repo, *OTHERS, date="2026-10-15T12:00:00+00:00",
         config={"repository": "private", "timezone": "UTC"})
    october = repo.git("rev-parse", "HEAD").strip()
    november = repo.commit("nov", "2026-11-10T12:00:00+00:00",
                           put(case("public-g", name={"en": "Person g", "uk": "Особа g"})))
    return repo, october, november, repo.commit("a note", "2026-12-02T12:00:00+00:00",
                                                {"NOTES.md": "notes\n"})


def test_a_checkout_behind_the_released_tip_hides_no_one_added_since(tmp_path, monkeypatch):
    """The checkout is at October's commit (main fetched, not merged) and the release is of
    --rev main's tip: HEAD knows nothing the tip does not, and public-g, added in November,
    was left out as if withheld."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo, october, _november_commit, tip = _november(tmp_path)
    repo.git("checkout", "-q", october)
    made = release.build(repo.root, "2026-11", today=TODAY, rev=tip)
    assert made.public.count == 7 and made.log.hidden == 0
    assert made.series == [("2026-10", 6), ("2026-11", 7)] and made.warnings == []


def test_a_file_deleted_at_head_is_told_whatever_the_released_tip(tmp_path, monkeypatch):
    """public-a's file is deleted at HEAD after the month: a release of HEAD told the editor, one
    of --rev a commit inside the month left her out unsaid."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo, _october, november, _tip = _november(tmp_path)
    repo.commit("oops", "2026-12-02T13:00:00+00:00", {"cases/public-a.yaml": None})
    for rev in ("HEAD", november):
        made = release.build(repo.root, "2026-11", today=TODAY, rev=rev)
        assert made.public.count == 6
        assert [w for w in made.warnings if "no file now" in w] == [next(
            w for w in made.warnings if w.startswith("1 person of this month has no file now"))]


def _chart(page: bytes) -> list[tuple[str, int]]:
    return [(m, int(n)) for m, n in re.findall(r"<title>(\d{4}-\d\d): (\d+)</title>",
                                               page.decode())]


def test_export_and_stats_at_a_revision_before_a_withholding_name_no_one_withheld_since(
        tmp_path, monkeypatch):
    """`export --rev nov` and `stats --rev nov` are run after Olha was hidden (2 December): the
    list at November's commit named her while the chart beside it left her out, and stats
    counted her."""
    import io

    from kremlinlist.app import export, stats

    repo = _listed_in_october_hidden_in_december(tmp_path, monkeypatch)
    nov = repo.git("rev-parse", "HEAD~1").strip()
    made = release.build(repo.root, "2026-11", today=TODAY, rev=nov)
    assert made.public.count == 7
    for fmt in ("html", "json", "csv"):
        page = io.BytesIO()
        export.export_list(repo.root, fmt, stream=page, as_of="2026-11-30", rev=nov)
        assert "Kovalenko" not in page.getvalue().decode() and \
            "kovalenko-olha" not in page.getvalue().decode(), fmt
        if fmt == "html":
            assert _chart(page.getvalue()) == made.series
    counted = stats.at_revision(repo.root, nov)[0]["totals"]
    assert counted["on_list"] == counted["cases"] == made.public.count


def test_the_chart_of_an_export_of_the_files_on_disk_honours_a_withholding_not_committed(
        tmp_path, monkeypatch):
    """Olha, public in every commit, is hidden in the working tree and not committed yet: the
    list on disk left her out while every month of its chart counted her. The memo of what each
    month loses is kept for the commits alone, so a later export of the committed files counts
    her again."""
    import io

    from kremlinlist.app import export

    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = _history(tmp_path, ("nov", "2026-11-10", put(
        case("public-g", name={"en": "Person g", "uk": "Особа g"}))))
    path = repo.root / "cases" / "kovalenko-olha.yaml"
    committed = path.read_text(encoding="utf-8")
    path.write_text(dump(dict(OLHA, publicity="hidden")), encoding="utf-8")
    without = [("2026-08", 6), ("2026-09", 6), ("2026-10", 6), ("2026-11", 7), ("2026-12", 7)]
    for _run in ("cold", "warm"):
        page = io.BytesIO()
        export.export_list(repo.root, "html", stream=page, as_of="2026-12-03")
        assert _chart(page.getvalue()) == without
    path.write_text(committed, encoding="utf-8")
    page = io.BytesIO()
    export.export_list(repo.root, "html", stream=page, as_of="2026-12-03")
    assert _chart(page.getvalue()) == [(m, n + 1) for m, n in without]


def test_someone_added_on_the_released_line_after_heads_parted_is_published(tmp_path,
                                                                           monkeypatch):
    """The checkout is on a branch that parted from main before public-g was filed on main:
    HEAD never had her file, so she was not withheld there, yet a release, stats or export
    of main counted her as gone. One deleted on HEAD's line after the parting still is."""
    from kremlinlist.app import stats

    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, OLHA, *OTHERS, date="2026-10-15T12:00:00+00:00",
         config={"repository": "private", "timezone": "UTC"})
    repo.git("checkout", "-q", "-b", "feat")
    repo.commit("feat", "2026-11-05T12:00:00+00:00", {"cases/public-a.yaml": None})
    repo.git("checkout", "-q", "-")
    main = repo.commit("nov", "2026-11-10T12:00:00+00:00",
                       put(case("public-g", name={"en": "Person g", "uk": "Особа g"})))
    repo.git("checkout", "-q", "feat")
    made = release.build(repo.root, "2026-11", today=TODAY, rev=main)
    names = {p.id for p in made.public.people}
    assert "public-g" in names and "public-a" not in names and made.public.count == 7
    assert [w for w in made.warnings if "no file now" in w][0].startswith("1 person")
    assert stats.at_revision(repo.root, main)[0]["totals"]["on_list"] == 7
