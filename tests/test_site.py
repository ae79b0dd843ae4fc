"""`kremlinlist site`: the bilingual static site built from a fictional history of three finished
months. Every public person has a page in both languages; no withheld person appears anywhere
under the folder (canary scan of every file's bytes and every path); the feed is Atom with one
entry per finished month; the data package and the JSON files validate; with JavaScript off the
list is a plain table with no dead control."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from factory import LATER_CANARY, SITE_CANARY, SITE_MONTHS, GitRepo, invoke, site_history

TODAY = date(2024, 4, 10)  # April under way: March is the last finished month
PEOPLE = ("bondar-taras", "kovalchuk-olena", "moroz-serhii", "petrenko-ivan")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[GitRepo, Path]:
    base = tmp_path_factory.mktemp("site")
    repo = site_history(GitRepo(base / "repo"))
    from kremlinlist.app.site import build_site

    with pytest.MonkeyPatch.context() as mp:  # this fixture's cache, not every later test's
        mp.setenv("KREMLINLIST_CACHE_DIR", str(base / "cache"))
        build_site(repo.root, base / "out", today=TODAY)
    return repo, base / "out"


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_every_public_person_has_a_page_in_both_languages(built):
    _, out = built
    for lang in ("en", "uk"):
        pages = sorted(p.parent.name for p in (out / lang / "people").glob("*/index.html")
                       if "http-equiv=\"refresh\"" not in p.read_text(encoding="utf-8"))
        assert pages == list(PEOPLE)
    page = (out / "uk" / "people" / "petrenko-ivan" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="uk">' in page and "Іван Петренко" in page and "Ivan Petrenko" in page
    assert "Iwan Petrenko" in page  # an alias
    assert "A fictional quote." in page  # a source's quote on the timeline
    assert "критерій e" in page  # the criterion met, in the page's language
    assert "щонайменше 1\u00a0482 станом на 2024-03-31" in page  # days, "at least", and the day


def test_no_withheld_person_anywhere_under_the_folder(built):
    repo, out = built
    for path in _files(out):
        rel = path.relative_to(out).as_posix()
        assert SITE_CANARY not in rel, rel
        assert SITE_CANARY.encode() not in path.read_bytes(), rel
        assert LATER_CANARY.encode() not in path.read_bytes(), rel
        for cid in ("savchuk-andrii", "tkachenko-iryna"):  # public in January, withheld now
            assert cid not in rel and cid.encode() not in path.read_bytes(), rel
    cache = out.parent / "cache"  # the build's own cache folder (the fixture's)
    assert _files(cache)
    assert all(SITE_CANARY.encode() not in p.read_bytes() for p in _files(cache))
    # the canary is really there to find: in both withheld people and a public one's private block
    assert sum(SITE_CANARY in p.read_text(encoding="utf-8")
               for p in (repo.root / "cases").glob("*.yaml")) == 3
    # the anonymous person is on the list, as a row with no name
    listing = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert listing.count('class="anon"') == 2
    # January's log listed the two people withheld since: one is now a withheld line, the
    # hidden one has no line at all
    january = json.loads((out / "data" / "changes" / "2024-01.json").read_text())
    assert [e["id"] for e in january["added"]].count(None) == 2  # the anonymous ones


def test_the_search_data_holds_the_aliases_of_public_people(built):
    _, out = built
    page = (out / "en" / "index.html").read_text(encoding="utf-8")
    row = re.search(r'<tr [^>]*data-search="([^"]*Petrenko[^"]*)"', page)
    assert row and "Iwan Petrenko" in row.group(1) and "Іван Петренко" in row.group(1)
    assert 'href="people/petrenko-ivan/"' in page


def test_a_former_id_redirects_to_the_page(built):
    _, out = built
    page = (out / "en" / "people" / "moroz-serhiy" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../moroz-serhii/">' in page
    assert '<a href="../moroz-serhii/">' in page


def test_the_feed_is_atom_with_an_entry_per_finished_month(built):
    _, out = built
    for lang in ("en", "uk"):
        root = ET.parse(out / lang / "changes" / "feed.atom").getroot()
        assert root.tag == f"{ATOM}feed"
        for tag in ("id", "title", "updated", "author"):
            assert root.find(f"{ATOM}{tag}") is not None, tag
        entries = root.findall(f"{ATOM}entry")
        months = [e.find(f"{ATOM}link").get("href") for e in entries]
        assert months == [f"{m}/" for m in reversed(SITE_MONTHS)]
        assert len({e.find(f"{ATOM}id").text for e in entries}) == len(SITE_MONTHS)
        for m in SITE_MONTHS:
            assert (out / lang / "changes" / m / "index.html").is_file()


def test_the_change_log_page_links_people_and_names_no_withheld_one(built):
    _, out = built
    page = (out / "en" / "changes" / "2024-02" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../people/kovalchuk-olena/">Olena Kovalchuk</a>' in page
    assert "Released" in page


def test_codes_of_the_files_are_words_on_the_pages(built):
    """A release's `how` and a regime were printed as the file's codes ("(exchange)" on a
    Ukrainian page), and a newly listed line's date did not say it was the listing date."""
    _, out = built
    uk = (out / "uk" / "changes" / "2024-02" / "index.html").read_text(encoding="utf-8")
    assert "(обмін)" in uk and "(exchange)" not in uk
    person = (out / "uk" / "people" / "kovalchuk-olena" / "index.html").read_text("utf-8")
    assert "обмін" in person and ">exchange<" not in person and ": exchange" not in person
    added = [(out / lang / "changes" / "2024-01" / "index.html").read_text(encoding="utf-8")
             for lang in ("en", "uk")]
    assert "listed since <time" in added[0] and "у списку з <time" in added[1]


def test_a_line_from_before_a_rename_links_to_the_redirect(built):
    _, out = built
    page = (out / "en" / "changes" / "2024-01" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../people/moroz-serhiy/">' in page


def test_the_data_package_validates_with_frictionless(built):
    frictionless = pytest.importorskip("frictionless")
    _, out = built
    report = frictionless.validate(str(out / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    package = json.loads((out / "data" / "datapackage.json").read_text(encoding="utf-8"))
    described = {r["path"] for r in package["resources"]}
    on_disk = {p.relative_to(out / "data").as_posix() for p in _files(out / "data")}
    assert described | {"datapackage.json"} == on_disk  # every file under data/ is described


def test_the_json_files_validate_against_their_schemas(built):
    from jsonschema import Draft202012Validator

    _, out = built
    data = out / "data"
    schemas = {name: json.loads((data / "schemas" / f"{name}.schema.json").read_text())
               for name in ("list", "changes", "counter")}
    for schema in schemas.values():
        Draft202012Validator.check_schema(schema)
        assert schema["version"] == "1.0.0"

    def check(name: str, path: Path) -> None:
        errors = list(Draft202012Validator(schemas[name]).iter_errors(json.loads(path.read_text())))
        assert errors == [], (path.name, errors[:1])

    check("list", data / "list.json")
    for month in SITE_MONTHS:
        check("changes", data / "changes" / f"{month}.json")
    counters = sorted((out / "counter").glob("*.json"))
    assert [p.stem for p in counters] == ["bondar-taras", "moroz-serhii", "petrenko-ivan"]
    for path in counters:
        check("counter", path)
    # a schema that could fail: the list without its people is refused
    broken = json.loads((data / "list.json").read_text())
    del broken["people"]
    assert list(Draft202012Validator(schemas["list"]).iter_errors(broken))


def test_the_csv_opens_in_spreadsheets(built):
    _, out = built
    raw = (out / "data" / "list.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    ivan = next(r for r in rows if r["id"] == "petrenko-ivan")
    assert ivan["detained"] == "2020-03-10" and ivan["region"] == "UA-43"
    assert ivan["region_en"] == "Crimea" and ivan["region_uk"] == "Крим"
    assert ivan["status_en"] == "In custody" and ivan["status_uk"] == "Під вартою"
    assert ivan["page_en"] == "en/people/petrenko-ivan/"
    assert "Iwan Petrenko" in ivan["aliases"]
    anon = next(r for r in rows if not r["id"])
    assert anon["page_en"] == "" and anon["aliases"] == ""


def test_without_javascript_the_list_is_a_plain_table(built):
    """The controls are hidden until the script shows them, and the sort buttons are made by the
    script: the page as served has no button and shows no control."""
    _, out = built
    page = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert "<button" not in page
    assert re.search(r'<div class="controls" role="search" hidden>', page)
    assert re.search(r'<p id="shown" class="shown" aria-live="polite" hidden', page)
    assert page.count("<tr data-region=") == 5  # three public rows and two anonymous


def test_noindex_only_when_the_dataset_asks(built, tmp_path, monkeypatch):
    from kremlinlist.app.site import build_site

    _, out = built
    for rel in ("index.html", "en/index.html", "en/people/petrenko-ivan/index.html"):
        assert 'name="robots"' not in (out / rel).read_text(encoding="utf-8")
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = site_history(GitRepo(tmp_path / "repo"), config={
        "repository": "private", "timezone": "UTC", "noindex": True,
        "coalition": {"en": "Fictional Coalition", "uk": "Вигадана коаліція"}})
    build_site(repo.root, tmp_path / "out", today=TODAY)
    for rel in ("index.html", "en/index.html", "uk/index.html", "en/people/petrenko-ivan/index.html",
                "en/changes/2024-02/index.html", "uk/about/index.html"):
        assert '<meta name="robots" content="noindex">' in (tmp_path / "out" / rel).read_text()
    assert "Вигадана коаліція" in (tmp_path / "out" / "uk" / "index.html").read_text()
    # a release's and an export's page follow the same setting
    invoke(["release", "--month", "2024-02", "--out", str(tmp_path / "rel")], cwd=repo.root)
    assert 'content="noindex"' in (tmp_path / "rel" / "list.html").read_text()
    exported = invoke(["export", "--format", "html", "--lang", "uk"], cwd=repo.root).stdout
    assert 'content="noindex"' in exported and "Вигадана коаліція" in exported


def test_until_builds_an_earlier_month(built, tmp_path):
    from kremlinlist.app.site import build_site

    repo, _ = built
    result = build_site(repo.root, tmp_path / "jan", until="2024-01", today=TODAY)
    assert result.month == "2024-01" and result.months == ["2024-01"]
    assert not (tmp_path / "jan" / "en" / "people" / "moroz-serhii").exists()  # listed in Feb


def test_the_command_and_its_refusals(built, tmp_path):
    repo, _ = built
    target = tmp_path / "site"
    ok = invoke(["site", "-o", str(target), "--until", "2024-03"], cwd=repo.root)
    assert ok.returncode == 0, ok.stderr
    assert "4 person pages per language" in ok.stdout and "3 months" in ok.stdout
    again = invoke(["site", "-o", str(target), "--until", "2024-03"], cwd=repo.root)
    assert again.returncode == 2 and "--force" in again.stderr
    forced = invoke(["site", "-o", str(target), "--until", "2024-02", "--force"], cwd=repo.root)
    assert forced.returncode == 0, forced.stderr
    assert not (target / "en" / "changes" / "2024-03").exists()  # replaced whole
    for force in (["--force"], []):  # without it, no hint to a --force that would be refused
        cases = invoke(["site", "-o", str(repo.root / "cases"), *force], cwd=repo.root)
        assert cases.returncode == 2 and (repo.root / "cases" / "petrenko-ivan.yaml").is_file()
        assert "not a folder `kremlinlist site` wrote" in cases.stderr
        assert "--force" not in cases.stderr
    future = invoke(["site", "-o", str(tmp_path / "f"), "--until", "2999-01"], cwd=repo.root)
    assert future.returncode == 2 and "Traceback" not in future.stderr
    assert not (tmp_path / "f").exists()
    this_month = date.today().strftime("%Y-%m")  # under way: not a finished month
    running = invoke(["site", "-o", str(tmp_path / "r"), "--until", this_month], cwd=repo.root)
    assert running.returncode == 2 and "--until" in running.stderr
    assert "--preview" not in running.stderr  # the release's option, which site does not have


def test_the_site_says_the_months_its_chart_counted_without_a_file(tmp_path, monkeypatch):
    """The site's chart is its release's: a month that left out a file it never reads is said
    as `release` says it (it was drawn in silence), never naming a withheld person's file."""
    from factory import case, dump, seed

    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), config={"repository": "private", "timezone": "UTC"})
    hidden = case("hidden-2024-017", publicity="hidden", name={"en": "Olha Hiddenko"})
    repo.commit("filed", "2024-01-10T10:00:00+00:00", {
        "cases/old/bondar-petro.yaml": dump(case("bondar-petro")),
        "cases/hidden-2024-017.yml": dump(hidden)})
    repo.commit("moved", "2024-02-10T10:00:00+00:00", {
        "cases/old/bondar-petro.yaml": None, "cases/hidden-2024-017.yml": None,
        "cases/bondar-petro.yaml": dump(case("bondar-petro")),
        "cases/hidden-2024-017.yaml": dump(hidden)})
    result = invoke(["site", "-o", str(tmp_path / "out"), "--until", "2024-02"], cwd=repo.root)
    assert result.returncode == 0, result.stderr
    said = [line.split(" was in ")[0] for line in result.stderr.splitlines()
            if line.startswith("kremlinlist: ")]
    assert said == ["kremlinlist: a file not named here (it may be a withheld person's)",
                    "kremlinlist: cases/old"]
    assert "at the end of 2024-01," in result.stderr
    assert "hidden-2024-017" not in result.stdout + result.stderr
    assert "Hiddenko" not in result.stdout + result.stderr


def test_the_days_of_a_person_not_held_are_dated_to_the_day_custody_ended(built):
    """A released person's count stopped at the release: dated to the site's day (March's end)
    it read as counted on to then."""
    _, out = built
    en = (out / "en" / "people" / "kovalchuk-olena" / "index.html").read_text(encoding="utf-8")
    uk = (out / "uk" / "people" / "kovalchuk-olena" / "index.html").read_text(encoding="utf-8")
    assert "at least 1,432 as of 2024-02-10" in en  # from 10 March 2020 to the release
    assert "щонайменше 1\u00a0432 станом на 2024-02-10" in uk
    assert "2024-03-31" not in en + uk


def test_the_days_of_a_person_who_died_in_custody_are_dated_to_the_death():
    from kremlinlist.model.case import Case
    from kremlinlist.publish.site_pages import SiteInfo, person_context

    from factory import DETAINED, SENTENCED, case

    died = Case.model_validate(case("moroz-anna", events=[
        DETAINED, SENTENCED, {"date": "2024-01-20", "type": "died", "sources": ["s1"]}]))
    held = Case.model_validate(case("petrenko-ivan"))
    info = SiteInfo(as_of=date(2024, 3, 31))
    assert person_context(died, info, "en", [])["days"] == "at least 1,411 as of 2024-01-20"
    assert person_context(held, info, "en", [])["days"] == "at least 1,482 as of 2024-03-31"
