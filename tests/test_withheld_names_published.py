"""A withheld person's full name typed into a public record's text is never published: a
release, the site and `export` publish that text as "(withheld: ...)" and warn, saying the file
and the field, never the name. The redaction rule decides which fields are shown; it cannot read
what a researcher typed into one (`Held with Kvitoslava Zhabokryk` in a public person's
summary)."""

from __future__ import annotations

import json
import subprocess

import pytest
from factory import ORG, GitRepo, action, case, dump, invoke, seed

from kremlinlist.publish.withheld_since import _nameless
from kremlinlist.publish.withheld_text import WITHHELD_TEXT, FullNames, Scrubber

ZHABOKRYK = {"en": "Kvitoslava Zhabokryk", "uk": "Квітослава Жабокрик"}  # fictional, withheld
PRIVATE = {"repository": "private", "timezone": "UTC"}
SECRET = ("zhabokryk", "жабокрик", "zhabokrik")  # no output or message may hold these


def named_fields(record: dict, names: FullNames, own=()) -> list[str]:
    """The fields of `record` a release would publish withheld."""
    scrub = Scrubber(names)
    scrubbed = scrub("cases/x.yaml", record, own)
    assert (scrubbed is record) == (not scrub.found)  # a record left whole is not copied
    return [path for _rel, path in scrub.found]


def _anonymous(**kw) -> dict:
    return case("anon-2024-001", **{"publicity": "anonymous", "name": ZHABOKRYK, **kw})


@pytest.mark.parametrize("text", [
    "Held with Kvitoslava Zhabokryk in Simferopol.",
    "Утримується разом із Квітославою Жабокрик",  # a case ending
    "Свободу Квітославі Жабокрик!",
    "Zhabokryk's sister Kvitoslava",  # a possessive, the parts one word apart
    "#KvitoslavaZhabokryk",  # glued
    "Утримується разом із Квітослава Жабокрик.",
    "ZHABOKRYK, Kvitoslava (née ...)",
    "https://news.example.org/2024/kvitoslava-zhabokryk-detained",
    "Kvitoslava Zhabokrik",  # another transliteration
    "Kvitoslava\nZhabokryk",
    "Kvito\u00adslava Zhabo\u200bkryk",  # a soft hyphen, a zero-width space
    "https://news.example.org/%D0%96%D0%B0%D0%B1%D0%BE%D0%BA%D1%80%D0%B8%D0%BA-kvitoslava",
])
def test_a_full_name_is_found_however_written(text):
    assert named_fields({"summary": text}, FullNames(ZHABOKRYK.values())) == ["summary"], text


@pytest.mark.parametrize("text", [
    "Zhabokryk's mother was questioned",  # a surname alone: no full name
    "Kvitoslava Petrenko",  # a given name shared with someone else
    "Kvitoslava Melnyk and Petro Zhabokryk were detained",  # both parts, not together
    "A fictional report", "", "2024-10-12",
])
def test_a_part_of_a_name_alone_is_not_taken_for_it(text):
    assert named_fields({"summary": text}, FullNames(ZHABOKRYK.values())) == []


@pytest.mark.parametrize("withheld, text", [
    ("Андрій Ковальський", "Андрія Ковальського етапували"),  # an adjective surname's case
    ("Юрій Бондар", "Утримується разом із Юрієм Бондарем"),  # a name ending in -ій
    ("Ігор Бондар", "Ігореві Бондареві відмовили"),
    ("Наталія Мороз", "з Наталією Мороз"),
    ("Ян Бик", "Held with Yan Byk."),  # short parts: still looked for
    ("Мар'яна Дем'янчук", 'Мар"яна Дем"янчук'),  # a quote typed for the apostrophe
])
def test_ukrainian_forms_are_found(withheld, text):
    assert named_fields({"t": text}, FullNames([withheld])) == ["t"]


@pytest.mark.parametrize("withheld, text", [
    ("Яна Король", "Анна Король"),  # Яна's glide is kept apart
    ("Інна Мороз", "in Moroz"),  # a two-letter stem is no name's
    ("Іван Жук", "Petro Zhuk, Ivan Melnyk"),  # a comma between two people
    ("Іван Мельник", "Петро Мельник та Іван Жук"),
])
def test_two_people_side_by_side_are_not_taken_for_one(withheld, text):
    assert named_fields({"t": text}, FullNames([withheld])) == []


def test_a_given_names_russian_form_is_looked_for():
    names = FullNames(["Олексій Жук"])
    assert [bool(named_fields({"t": t}, names)) for t in (
        "Aleksei Zhuk", "Алексей Жуком", "Олексієм Жуком", "Oleksandr Zhuk")] == [
        True, True, True, False]


def test_a_one_part_name_and_a_namesakes_own_name_are_not_looked_for():
    names = FullNames(["Zhuk", "Ivan Petrenko"])
    record = {"names": {"en": "Ivan Petrenko"}, "summary": "Ivan Petrenko was detained; Zhuk"}
    assert named_fields(record, names, own=["Ivan Petrenko"]) == []
    assert named_fields(record, names) == ["names.en", "summary"]  # no own name: both


def test_fields_are_said_by_their_path():
    record = {"summary": "none", "sources": [{"title": "t"}, {"title": "On Kvitoslava Zhabokryk"}],
              "title": {"en": "x", "uk": "Лист за Квітослава Жабокрик"}}
    assert named_fields(record, FullNames(ZHABOKRYK.values())) == ["sources[1].title",
                                                                  "title.uk"]


def _repo(tmp_path, *public: dict, files: dict | None = None) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    seed(repo, *public, _anonymous(), config=PRIVATE)
    repo.commit("oct", "2024-10-20T10:00:00+00:00", files or {"cases/anon-2024-001.yaml":
                                                             dump(_anonymous(region="UA-30"))})
    return repo


def _unsaid(*texts: str) -> str:
    said = "\n".join(texts).lower()
    assert not [s for s in SECRET if s in said], said
    return said


def _released(repo: GitRepo, out) -> str:
    """The release's messages and every file it wrote, none holding the withheld name."""
    result = invoke(["release", "--month", "2024-10", "-o", str(out)], cwd=repo.root)
    assert result.returncode == 0, result.stdout + result.stderr
    return _unsaid(result.stdout, result.stderr,
                   *(p.read_text(encoding="utf-8") for p in sorted(out.iterdir())))


def test_a_public_summary_naming_a_withheld_person_is_published_withheld(tmp_path):
    repo = _repo(tmp_path, case("petrenko-ivan", summary="Held with Kvitoslava Zhabokryk."))
    said = _released(repo, tmp_path / "out")
    assert "cases/petrenko-ivan.yaml: withheld-name-published: `summary` holds" in said, said
    rows = json.loads((tmp_path / "out" / "list.json").read_text(encoding="utf-8"))["people"]
    assert [r["summary"] for r in rows if r["id"] == "petrenko-ivan"] == [WITHHELD_TEXT]
    for args in (["export", "--format", "json"], ["export", "--format", "md", "--rev", "HEAD"]):
        exported = invoke(args, cwd=repo.root)
        assert exported.returncode == 0 and "withheld-name-published" in _unsaid(
            exported.stdout, exported.stderr)


def test_an_action_title_is_withheld_and_its_path_said_without_a_name(tmp_path):
    """An action for public people only is published whole: its title names someone else."""
    title = {"en": "A letter for Petrenko", "uk": "Лист за Квітослава Жабокрик"}
    repo = _repo(tmp_path, case("petrenko-ivan"), files={
        "actions/2024-10-12-letter-kvitoslava.yaml": dump(action(
            "2024-10-12-letter-kvitoslava", date="2024-10-12", title=title,
            **{"for": ["petrenko-ivan"]}))})
    said = _released(repo, tmp_path / "out")
    assert "actions/(file 1 not named here" in said and "`title.uk` holds" in said, said
    assert "a letter for petrenko" in said  # the other language's title stays


def test_someone_public_at_the_months_end_and_withheld_now_is_looked_for_too(tmp_path):
    """Made hidden after the month (a family asked): the month's release names them nowhere,
    in their own row or in another person's summary, and is not stopped by it."""
    bondar = {"en": "Olha Bondar", "uk": "Ольга Бондар"}
    repo = _repo(tmp_path, case("petrenko-ivan", summary="Held with Olha Bondar."),
                 case("bondar-olha", name=bondar))
    repo.commit("nov", "2024-11-02T10:00:00+00:00", {"cases/bondar-olha.yaml": dump(case(
        "bondar-olha", name=bondar, publicity="hidden"))})
    said = _released(repo, tmp_path / "out")
    assert "bondar" not in said and "cases/petrenko-ivan.yaml: withheld-name-published" in said


def test_a_namesake_and_a_surname_alone_are_published(tmp_path):
    namesake = case("petrenko-ivan", summary="Ivan Petrenko, a teacher; Zhabokryk's cellmate.")
    repo = _repo(tmp_path, namesake, _anonymous(name={"en": "Ivan Petrenko"}) | {
        "id": "anon-2024-002"})
    result = invoke(["release", "--month", "2024-10", "-o", str(tmp_path / "out")], cwd=repo.root)
    assert result.returncode == 0 and "withheld-name-published" not in result.stderr
    assert "Ivan Petrenko, a teacher" in (tmp_path / "out" / "list.json").read_text()


def test_the_site_withholds_an_event_note_on_a_person_page(tmp_path):
    """An event's note is on the person's page only, not in the release's list."""
    events = case()["events"]
    events[0]["note"] = "Detained together with Квітослава Жабокрик."
    repo = _repo(tmp_path, case("petrenko-ivan", events=events))
    site = invoke(["site", "--until", "2024-10", "-o", str(tmp_path / "site")], cwd=repo.root)
    pages = [p.read_text(encoding="utf-8") for p in sorted((tmp_path / "site").rglob("*"))
             if p.is_file() and p.suffix in (".html", ".json", ".xml", ".csv", ".md")]
    said = _unsaid(site.stdout, site.stderr, *pages)
    assert site.returncode == 0 and "cases/petrenko-ivan.yaml: withheld-name-published: " \
        "`events[0].note` holds" in said, said  # the file's field, not the template's
    page = (tmp_path / "site" / "en" / "people" / "petrenko-ivan" / "index.html").read_text()
    assert WITHHELD_TEXT in page


def test_the_sites_months_and_about_page_are_withheld_too(tmp_path):
    """An earlier month's change log (an action's title, a delisting's reason) and an
    organization's description on the about page."""
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), _anonymous(), config=PRIVATE, texts={
        "organizations/test-org.yaml": dump({**ORG, "description": "Founded by Kvitoslava "
                                                                   "Zhabokryk's family"})})
    repo.commit("sep", "2024-09-20T10:00:00+00:00", {
        "actions/2024-09-12-letter.yaml": dump(action(
            "2024-09-12-letter", date="2024-09-12", title={"en": "Free Kvitoslava Zhabokryk"},
            **{"for": ["petrenko-ivan"]}))})
    repo.commit("oct", "2024-10-20T10:00:00+00:00", {"cases/anon-2024-001.yaml": dump(
        _anonymous(region="UA-30"))})
    site = invoke(["site", "--until", "2024-10", "-o", str(tmp_path / "site")], cwd=repo.root)
    assert site.returncode == 0, site.stdout + site.stderr
    pages = [p.read_text(encoding="utf-8") for p in sorted((tmp_path / "site").rglob("*"))
             if p.is_file() and p.suffix in (".html", ".json", ".xml", ".csv", ".atom")]
    said = _unsaid(site.stdout, site.stderr, *pages)
    assert "actions/2024-09-12-letter.yaml: withheld-name-published" in said, said
    assert "organizations/: withheld-name-published" in said, said


def test_an_alias_of_someone_withheld_after_the_month_is_looked_for(tmp_path):
    bondar = {"en": "Olha Bondar", "uk": "Ольга Бондар"}
    public = case("bondar-olha", name=bondar, aliases=["Helga Teperish"])
    repo = _repo(tmp_path, case("petrenko-ivan", summary="Held with Helga Teperish."), public)
    repo.commit("nov", "2024-11-02T10:00:00+00:00", {"cases/bondar-olha.yaml": dump(
        {**public, "publicity": "hidden"})})
    said = _released(repo, tmp_path / "out")
    assert "teperish" not in said and "cases/petrenko-ivan.yaml: withheld-name-published" in said


def test_export_reads_a_withheld_file_not_named_as_its_id(tmp_path):
    repo = _repo(tmp_path, case("petrenko-ivan", summary="Held with Kvitoslava Zhabokryk."))
    (repo.root / "cases" / "anon-2024-001.yaml").rename(repo.root / "cases" / "anon-old.yaml")
    exported = invoke(["export", "--format", "json"], cwd=repo.root)
    assert "withheld-name-published" in _unsaid(exported.stdout, exported.stderr)


def test_the_actions_listing_is_withheld_too(tmp_path):
    """docs/actions.md counts `kremlinlist actions` among the places actions are published."""
    repo = _repo(tmp_path, case("petrenko-ivan"), files={
        "actions/2024-10-12-letter.yaml": dump(action(
            "2024-10-12-letter", date="2024-10-12", to="Kvitoslava Zhabokryk's judge",
            **{"for": ["petrenko-ivan"]}))})
    for fmt in ("text", "json", "csv"):
        listed = invoke(["actions", "--format", fmt], cwd=repo.root)
        said = _unsaid(listed.stdout, listed.stderr)
        assert listed.returncode == 0 and "withheld-name-published: `to`" in said, said


def test_someone_whose_file_was_deleted_during_the_month_is_looked_for(tmp_path):
    """How a public repository withholds someone: the file deleted (a family asked)."""
    bondar = case("bondar-olha", name={"en": "Olha Bondar", "uk": "Ольга Бондар"})
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan", summary="Held with Olha Bondar."), bondar, _anonymous(),
         config=PRIVATE)
    repo.commit("sep", "2024-09-20T10:00:00+00:00", {"cases/anon-2024-001.yaml": dump(
        _anonymous(region="UA-30"))})
    repo.commit("oct", "2024-10-20T10:00:00+00:00", {"cases/bondar-olha.yaml": None})
    said = _released(repo, tmp_path / "out")
    assert "bondar" not in said and "cases/petrenko-ivan.yaml: withheld-name-published" in said


def test_names_that_cannot_be_read_publish_nothing(tmp_path):
    """A case file that does not parse may be a withheld person's whose name an action's title
    holds: the listing refuses (fails closed) rather than publish what it cannot make sure of."""
    repo = _repo(tmp_path, case("petrenko-ivan"), files={
        "actions/2024-10-12-letter.yaml": dump(action(
            "2024-10-12-letter", date="2024-10-12", **{"for": ["petrenko-ivan"]}))})
    assert invoke(["actions"], cwd=repo.root).returncode == 0
    (repo.root / "cases" / "anon-2024-002.yaml").write_text("id: [anon\n", encoding="utf-8")
    refused = invoke(["actions"], cwd=repo.root)
    assert refused.returncode == 1 and "cannot be read" in refused.stderr, refused.stderr
    assert refused.stdout == ""


def test_both_versions_of_someone_withheld_since_are_read(tmp_path):
    """Public at the month's start and end under two versions of one file, hidden now: the
    names of each version are looked for (two versions of a path were read as one)."""
    old = {"en": "Olha Bondar", "uk": "Ольга Бондар"}
    sources = case()["sources"]
    sources["s1"]["title"] = "On Olena Bondar"
    repo = _repo(tmp_path, case("petrenko-ivan", summary="Held with Olha Bondar.",
                                sources=sources), case("bondar-olha", name=old))
    repo.commit("oct2", "2024-10-25T10:00:00+00:00", {"cases/bondar-olha.yaml": dump(case(
        "bondar-olha", name={"en": "Olena Bondar", "uk": "Олена Бондар"}))})
    repo.commit("nov", "2024-11-02T10:00:00+00:00", {"cases/bondar-olha.yaml": dump(case(
        "bondar-olha", name=old, publicity="hidden"))})
    said = _released(repo, tmp_path / "out")
    assert "withheld-name-published: `summary`" in said, said
    assert "withheld-name-published: `sources[0].title`" in said, said


def test_a_warning_never_prints_a_source_id(tmp_path):
    """A source's id is typed by a researcher and may hold a name: a warning says the source
    by its place (`sources[0].title`)."""
    sources = {"zhabokryk-letter": {"title": "Kvitoslava Zhabokryk's letter",
                                    "url": "https://example.org/letter"}}
    events = case()["events"]
    for e in events:
        e["sources"] = ["zhabokryk-letter"]
    repo = _repo(tmp_path, case("petrenko-ivan", sources=sources, events=events,
                                assessment={**case()["assessment"], "criteria": [
                                    {"id": "e", "sources": ["zhabokryk-letter"]}]}))
    site = invoke(["site", "--until", "2024-10", "-o", str(tmp_path / "site")], cwd=repo.root)
    said = _unsaid(site.stdout, site.stderr)
    assert site.returncode == 0 and "`sources[0].title` holds" in said, said


def _deleted_before_the_month(tmp_path, *later: dict) -> GitRepo:
    """Olha Bondar public in August, her file deleted in September (a family asked), and in
    October a public person's summary naming her; `later`: files written in November."""
    bondar = case("bondar-olha", name={"en": "Olha Bondar", "uk": "Ольга Бондар"})
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), bondar, _anonymous(), config=PRIVATE,
         date="2024-08-10T10:00:00+00:00")
    repo.commit("sep", "2024-09-20T10:00:00+00:00", {"cases/bondar-olha.yaml": None})
    repo.commit("oct", "2024-10-20T10:00:00+00:00", {"cases/petrenko-ivan.yaml": dump(case(
        "petrenko-ivan", summary="Held with Olha Bondar."))})
    if later:
        repo.commit("nov", "2024-11-02T10:00:00+00:00", {
            f"cases/{c['id']}.yaml": dump(c) for c in later})
    return repo


def test_someone_whose_file_was_deleted_before_the_month_is_looked_for(tmp_path):
    """Deleted in a month before the one released: no snapshot of the month holds the file,
    but a month end before it did."""
    repo = _deleted_before_the_month(tmp_path)
    said = _released(repo, tmp_path / "out")
    assert "cases/petrenko-ivan.yaml: withheld-name-published: `summary`" in said, said
    assert "bondar" not in said
    for args in (["export", "--format", "json"], ["export", "--format", "md", "--rev", "HEAD"]):
        exported = invoke(args, cwd=repo.root)
        assert exported.returncode == 0 and "withheld-name-published" in _unsaid(
            exported.stdout, exported.stderr), exported.stderr
    site = invoke(["site", "--until", "2024-10", "-o", str(tmp_path / "site")],
                  cwd=tmp_path / "repo")
    assert site.returncode == 0, site.stderr
    pages = "".join(p.read_text(encoding="utf-8") for p in sorted(
        (tmp_path / "site").rglob("*")) if p.is_file() and p.suffix in (".html", ".json",
                                                                        ".md", ".csv", ".xml"))
    assert "petrenko" in pages and "bondar" not in (site.stdout + site.stderr + pages).lower()


def test_someone_deleted_and_restored_or_renamed_with_former_ids_is_public(tmp_path):
    """The file back under its id, or renamed with the old id in `former_ids`: public now, so
    a summary naming them is published as written."""
    restored = case("bondar-olha", name={"en": "Olha Bondar", "uk": "Ольга Бондар"})
    renamed = case("bondar-olha-2", name={"en": "Olha Bondar", "uk": "Ольга Бондар"},
                   former_ids=["bondar-olha"])
    for back in (restored, renamed):
        out = tmp_path / back["id"]
        repo = _deleted_before_the_month(out, back)
        result = invoke(["release", "--month", "2024-10", "-o", str(out / "out")],
                        cwd=repo.root)
        assert result.returncode == 0 and "withheld-name-published" not in result.stderr
        rows = json.loads((out / "out" / "list.json").read_text(encoding="utf-8"))["people"]
        assert [r["summary"] for r in rows if r["id"] == "petrenko-ivan"] == [
            "Held with Olha Bondar."]


def test_a_deleted_file_that_cannot_be_read_is_said_and_stops_nothing(tmp_path):
    """A version at a month end that does not parse tells no name: the release says so (a
    month's old commit cannot be changed, so it must not stop every release after it)."""
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), _anonymous(), config=PRIVATE,
         date="2024-08-10T10:00:00+00:00", texts={"cases/bondar-olha.yaml": "id: bondar-olha\nname: {en: [Olha\n"})
    repo.commit("sep", "2024-09-20T10:00:00+00:00", {"cases/bondar-olha.yaml": None})
    repo.commit("oct", "2024-10-20T10:00:00+00:00", {"cases/anon-2024-001.yaml": dump(
        _anonymous(region="UA-30"))})
    said = _released(repo, tmp_path / "out")
    assert "1 case file of a person withheld or deleted since cannot be read" in said, said


def test_the_actions_listing_looks_for_someone_deleted_before(tmp_path):
    repo = _deleted_before_the_month(tmp_path)
    repo.commit("nov", "2024-11-02T10:00:00+00:00", {
        "actions/2024-11-01-letter.yaml": dump(action(
            "2024-11-01-letter", date="2024-11-01", title={"en": "For Olha Bondar"},
            **{"for": ["petrenko-ivan"]}))})
    listed = invoke(["actions", "--format", "json"], cwd=repo.root)
    said = listed.stdout + listed.stderr
    assert listed.returncode == 0 and "withheld-name-published: `title.en`" in said, said
    assert "bondar" not in said.lower()


def test_an_export_from_a_shallow_clone_refuses(tmp_path):
    """Its history would say whose file was deleted; without it, a name could be published."""
    repo = _deleted_before_the_month(tmp_path)
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.root.as_uri(), str(shallow)],
                   check=True, capture_output=True)
    for args in (["export", "--format", "json"], ["export", "--format", "csv"],
                 ["export", "--format", "json", "--rev", "HEAD"]):
        refused = invoke(args, cwd=shallow)
        assert refused.returncode == 2 and "git fetch --unshallow" in refused.stderr
        assert "bondar" not in refused.stdout.lower()


@pytest.mark.parametrize("text, found", [
    ("Held with Olena Bondarenko.", True),  # one half of a double surname
    ("Свободу Олені Коваль!", True),
    ("Olena Koval-Bondarenko", True),
    ("Koval-Bondarenko's lawyer", False),  # the surname alone
    ("Olha Bondarenko", False),
])
def test_either_half_of_a_double_surname_is_looked_for(text, found):
    names = FullNames(["Olena Koval-Bondarenko", "Олена Коваль-Бондаренко"])
    assert (named_fields({"t": text}, names) == ["t"]) is found


def _stripped_anonymous(cid: str) -> dict:
    """A withheld person's file as a public repository keeps it: no name."""
    anon = case(cid, publicity="anonymous")
    anon.pop("name")
    return anon


@pytest.mark.parametrize("how", ["made anonymous in place", "stripped, then deleted",
                                 "alias dropped, then deleted"])
def test_a_name_only_an_earlier_version_held_is_looked_for(tmp_path, how):
    """Public in August under an opaque id; in September made anonymous with her names taken
    out (as a public repository must), or an alias dropped; deleted in October, or not: the
    names of every version at a month end are looked for, not only the last one's."""
    named = case("ua-0042", name={"en": "Olha Bondar", "uk": "Ольга Бондар"},
                 aliases=["Slava Kvak"])
    later = (_stripped_anonymous("ua-0042") if how != "alias dropped, then deleted"
             else case("ua-0042", name={"en": "Olha Bondar", "uk": "Ольга Бондар"}))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), named, _anonymous(), config=PRIVATE,
         date="2024-08-10T10:00:00+00:00")
    repo.commit("sep", "2024-09-20T10:00:00+00:00", {"cases/ua-0042.yaml": dump(later)})
    summary = "Held with Slava Kvak." if how.startswith("alias") else "Held with Olha Bondar."
    repo.commit("oct", "2024-10-20T10:00:00+00:00", {
        "cases/petrenko-ivan.yaml": dump(case("petrenko-ivan", summary=summary)),
        **({} if how == "made anonymous in place" else {"cases/ua-0042.yaml": None})})
    said = _released(repo, tmp_path / "out")
    assert "cases/petrenko-ivan.yaml: withheld-name-published: `summary`" in said, said
    for args in (["export", "--format", "json"], ["export", "--format", "md", "--rev", "HEAD"]):
        exported = invoke(args, cwd=repo.root)
        assert exported.returncode == 0, exported.stderr
        assert "bondar" not in exported.stdout.lower() and "kvak" not in exported.stdout.lower()


def test_a_file_deleted_on_disk_and_not_committed_is_withheld_in_an_export(tmp_path):
    repo = _repo(tmp_path, case("petrenko-ivan", summary="Held with Olha Bondar."),
                 case("bondar-olha", name={"en": "Olha Bondar", "uk": "Ольга Бондар"}))
    assert "Held with Olha Bondar." in invoke(["export", "--format", "json"],
                                              cwd=repo.root).stdout
    (repo.root / "cases" / "bondar-olha.yaml").unlink()  # `git rm`, not committed yet
    exported = invoke(["export", "--format", "json"], cwd=repo.root)
    assert exported.returncode == 0 and "bondar" not in exported.stdout.lower()
    assert "withheld-name-published" in exported.stderr


@pytest.mark.parametrize("data", [
    b"id: ua-1\npublicity: anonymous\n", b'"n\\x61me": {en: Olha Bondar}\n',
    "name: {en: Olha Bondar}\n".encode("utf-16"), b"? name\n: {en: Olha Bondar}\n",
    b"base: &b {en: Olha Bondar}\nname: *b\n", b"'aliases': [Olha Bondar]\n",
])
def test_a_version_is_skipped_unparsed_only_where_it_names_no_one(data):
    """Each but the first spells a `name` or `aliases` key another way (or its value may): it
    is parsed."""
    assert _nameless(data) is (data == b"id: ua-1\npublicity: anonymous\n")


def test_a_warning_never_prints_a_path_naming_someone_deleted(tmp_path):
    """An action's file named after someone whose file was deleted: the warning about its
    title says the file without its name, as it does for someone withheld now."""
    repo = _deleted_before_the_month(tmp_path)
    repo.commit("nov", "2024-11-02T10:00:00+00:00", {
        "actions/2024-11-01-olha-bondar-letter.yaml": dump(action(
            "2024-11-01-olha-bondar-letter", date="2024-11-01",
            title={"en": "For Olha Bondar"}, **{"for": ["petrenko-ivan"]}))})
    runs = [invoke(args, cwd=repo.root) for args in (
        ["actions"], ["export", "--format", "json"], ["export", "--format", "json", "--rev", "HEAD"],
        ["release", "--month", "2024-11", "-o", str(tmp_path / "out")])]
    for run in runs:
        assert run.returncode == 0, run.stderr
        assert "withheld-name-published: `title.en`" in run.stderr, run.stderr
        assert "bondar" not in (run.stdout + run.stderr).lower(), run.stderr


def test_an_earlier_month_is_published_without_a_name_only_a_later_file_held(tmp_path):
    """Released (or exported at its commit) after the fact: her file came after the month and
    went again, so the month's own snapshots never held her; she is withheld now all the same."""
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan", summary="Held with Olha Bondar."), _anonymous(),
         config=PRIVATE, date="2024-08-10T10:00:00+00:00")
    repo.commit("sep", "2024-09-20T10:00:00+00:00", {"cases/bondar-olha.yaml": dump(case(
        "bondar-olha", name={"en": "Olha Bondar", "uk": "Ольга Бондар"}))})
    repo.commit("oct", "2024-10-20T10:00:00+00:00", {"cases/bondar-olha.yaml": None})
    repo.commit("nov", "2024-11-20T10:00:00+00:00", {"cases/anon-2024-001.yaml": dump(
        _anonymous(region="UA-30"))})
    runs = [invoke(["release", "--month", "2024-08", "-o", str(tmp_path / "out")],
                   cwd=repo.root),
            invoke(["export", "--format", "json", "--rev", "HEAD~3"], cwd=repo.root)]
    for run in runs:
        assert run.returncode == 0, run.stderr
        assert "withheld-name-published" in run.stderr, run.stderr
    published = [runs[1].stdout, *(p.read_text(encoding="utf-8")
                                   for p in sorted((tmp_path / "out").iterdir()))]
    assert "petrenko-ivan" in published[0] and "bondar" not in "".join(published).lower()


@pytest.mark.parametrize("text", ["Held with Mariia Bondarenko.", "Свободу Марії Бондаренко!",
                                  "Anna Koval"])
def test_any_part_of_each_double_word_is_looked_for(text):
    names = FullNames(["Anna-Mariia Koval-Bondarenko", "Анна-Марія Коваль-Бондаренко"])
    assert named_fields({"t": text}, names) == ["t"]


def test_a_name_only_a_future_dated_tip_holds_is_looked_for(tmp_path):
    """A committer's clock ahead: the tip, dated after today's month, is read too (months are
    counted up to today's), and so is a line whose root is dated after the commits on it."""
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), case("bondar-olha", name={"en": "Olha Bondar"}),
         _anonymous(), config=PRIVATE, date="2024-08-10T10:00:00+00:00")
    repo.commit("oct", "2024-10-20T10:00:00+00:00", {"cases/petrenko-ivan.yaml": dump(case(
        "petrenko-ivan", summary="Held with Slava Kvak."))})
    repo.commit("ahead", "2027-01-05T10:00:00+00:00", {"cases/bondar-olha.yaml": dump(case(
        "bondar-olha", name={"en": "Olha Bondar"}, aliases=["Slava Kvak"], publicity="hidden"))})
    said = invoke(["release", "--month", "2024-10", "-o", str(tmp_path / "out")], cwd=repo.root)
    assert said.returncode == 0 and "withheld-name-published: `summary`" in said.stderr, \
        said.stderr
    assert "kvak" not in (tmp_path / "out" / "list.json").read_text(encoding="utf-8").lower()
    (repo.root / "cases" / "bondar-olha.yaml").unlink()  # on disk, only HEAD names the alias
    exported = invoke(["export", "--format", "json"], cwd=repo.root)
    assert exported.returncode == 0 and "kvak" not in exported.stdout.lower(), exported.stdout
