"""A withheld person's full name typed into a public record's text is never published: a
release, the site and `export` refuse, saying the file and the field, never the name. The
redaction rule decides which fields are shown; it cannot read what a researcher typed into
one (`Held with Kvitoslava Zhabokryk` in a public person's summary)."""

from __future__ import annotations

import pytest
from factory import GitRepo, action, case, dump, invoke, seed

from kremlinlist.publish.withheld_text import FullNames, named_fields

ZHABOKRYK = {"en": "Kvitoslava Zhabokryk", "uk": "Квітослава Жабокрик"}  # fictional, withheld
PRIVATE = {"repository": "private", "timezone": "UTC"}
SECRET = ("zhabokryk", "жабокрик", "zhabokrik")  # no output or message may hold these


def _anonymous(**kw) -> dict:
    return case("anon-2024-001", **{"publicity": "anonymous", "name": ZHABOKRYK, **kw})


@pytest.mark.parametrize("text", [
    "Held with Kvitoslava Zhabokryk in Simferopol.",
    "Утримується разом із Квітославою Жабокрик",  # another case of the given name: not a form
    "Утримується разом із Квітослава Жабокрик.",
    "ZHABOKRYK, Kvitoslava (née ...)",
    "https://news.example.org/2024/kvitoslava-zhabokryk-detained",
    "Kvitoslava Zhabokrik",  # another transliteration
    "Kvitoslava\nZhabokryk",
])
def test_a_full_name_is_found_however_written(text):
    found = bool(named_fields({"summary": text}, FullNames(ZHABOKRYK.values())))
    assert found == ("Квітославою" not in text), text


@pytest.mark.parametrize("text", [
    "Zhabokryk's mother was questioned",  # a surname alone: no full name
    "Kvitoslava Petrenko",  # a given name shared with someone else
    "A fictional report", "", "2024-10-12",
])
def test_a_part_of_a_name_alone_is_not_taken_for_it(text):
    assert named_fields({"summary": text}, FullNames(ZHABOKRYK.values())) == []


def test_a_one_part_name_and_a_namesakes_own_name_are_not_looked_for():
    names = FullNames(["Zhuk", "Ivan Petrenko"])
    record = {"names": {"en": "Ivan Petrenko"}, "summary": "Ivan Petrenko was detained; Zhuk"}
    assert named_fields(record, names, own=["Ivan Petrenko"]) == []
    assert named_fields(record, names) == ["summary"]


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


def _unsaid(result) -> str:
    said = (result.stdout + result.stderr).lower()
    assert not [s for s in SECRET if s in said], said
    return said


def test_a_release_refuses_a_public_summary_that_names_a_withheld_person(tmp_path):
    repo = _repo(tmp_path, case("petrenko-ivan", summary="Held with Kvitoslava Zhabokryk."))
    result = invoke(["release", "--month", "2024-10", "-o", str(tmp_path / "out")], cwd=repo.root)
    said = _unsaid(result)
    assert result.returncode == 1 and not (tmp_path / "out").exists()
    assert "cases/petrenko-ivan.yaml: error withheld-name-published `summary`" in said, said
    for args in (["export", "--format", "json"], ["export", "--format", "md", "--rev", "HEAD"]):
        refused = invoke(args, cwd=repo.root)
        assert refused.returncode == 1 and "withheld-name-published" in _unsaid(refused)


def test_a_release_refuses_an_action_title_and_says_its_path_without_a_name(tmp_path):
    """An action for public people only is published whole: its title names someone else."""
    title = {"en": "A letter for Petrenko", "uk": "Лист за Квітослава Жабокрик"}
    repo = _repo(tmp_path, case("petrenko-ivan"), files={
        "actions/2024-10-12-letter-zhabokryk.yaml": dump(action(
            "2024-10-12-letter-zhabokryk", date="2024-10-12", title=title,
            **{"for": ["petrenko-ivan"]}))})
    result = invoke(["release", "--month", "2024-10", "-o", str(tmp_path / "out")], cwd=repo.root)
    said = _unsaid(result)
    assert result.returncode == 1 and "withheld-name-published `title.uk`" in said, said
    assert "actions/(file 1 not named here" in said


def test_someone_public_at_the_months_end_and_withheld_now_is_looked_for_too(tmp_path):
    """Made hidden after the month (a family asked): the month's release names them nowhere,
    in their own row or in another person's summary."""
    repo = _repo(tmp_path, case("petrenko-ivan", summary="Held with Olha Bondar."),
                 case("bondar-olha", name={"en": "Olha Bondar", "uk": "Ольга Бондар"}))
    repo.commit("nov", "2024-11-02T10:00:00+00:00", {"cases/bondar-olha.yaml": dump(case(
        "bondar-olha", name={"en": "Olha Bondar", "uk": "Ольга Бондар"}, publicity="hidden"))})
    result = invoke(["release", "--month", "2024-10", "-o", str(tmp_path / "out")], cwd=repo.root)
    assert result.returncode == 1 and "bondar" not in (result.stdout + result.stderr).lower()
    assert "cases/petrenko-ivan.yaml: error withheld-name-published `summary`" in result.stdout


def test_a_namesake_and_a_surname_alone_are_published(tmp_path):
    namesake = case("petrenko-ivan", summary="Ivan Petrenko, a teacher; Zhabokryk's cellmate.")
    repo = _repo(tmp_path, namesake, _anonymous(name={"en": "Ivan Petrenko"}) | {
        "id": "anon-2024-002"})
    result = invoke(["release", "--month", "2024-10", "-o", str(tmp_path / "out")], cwd=repo.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Ivan Petrenko, a teacher" in (tmp_path / "out" / "list.json").read_text()
    assert invoke(["export", "--format", "csv"], cwd=repo.root).returncode == 0


def test_the_site_refuses_a_person_page_whose_event_note_names_a_withheld_person(tmp_path):
    """An event's note is on the person's page only, not in the release's list."""
    events = case()["events"]
    events[0]["note"] = "Detained together with Квітослава Жабокрик."
    repo = _repo(tmp_path, case("petrenko-ivan", events=events))
    released = invoke(["release", "--month", "2024-10", "-o", str(tmp_path / "out")],
                      cwd=repo.root)
    assert released.returncode == 0, released.stdout + released.stderr
    site = invoke(["site", "--until", "2024-10", "-o", str(tmp_path / "site")], cwd=repo.root)
    said = _unsaid(site)
    assert site.returncode == 1 and not (tmp_path / "site").exists()
    assert "cases/petrenko-ivan.yaml: error withheld-name-published `events[0].note`" in said
