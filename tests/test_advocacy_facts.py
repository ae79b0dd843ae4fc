"""The advocacy facts a release and the site publish are the ones the files state: one coalition's
count (the latest surely), its current members, each cited; no date after today; an action
renamed is not published again as new; an event dated `by` bounds nothing from below."""

from __future__ import annotations

import json
from contextlib import closing

import pytest
from factory import (TODAY, Dataset, GitRepo, action, at, case, coalition, dump, invoke,
                     release_files, seed)

from kremlinlist.app import release
from kremlinlist.app.site import coalitions_at
from kremlinlist.app.validate import validate
from kremlinlist.history.git import GitClient
from kremlinlist.model.coalition import Coalition


@pytest.fixture
def advocacy(dataset):
    dataset.add(case("petrenko-ivan"))
    return dataset


def _problems(dataset, rel: str, text: str) -> list:
    dataset.write(rel, text)
    return [p for p in validate(dataset.root, use_cache=False, today=TODAY).problems
            if p.file == rel]


# -- 3. one coalition's count is the published figure ----------------------------------------

def test_a_second_coalition_with_the_criteria_is_an_error(advocacy):
    advocacy.write("coalitions/a-coalition.yaml", dump(coalition("a-coalition")))
    text = dump(coalition("b-coalition", published_counts=[
        {"count": 9, "as_of": "2024-06", "sources": ["s1"]}]))
    at(_problems(advocacy, "coalitions/b-coalition.yaml", text), "duplicate-criteria-coalition",
       text.splitlines().index("criteria: criteria.yaml") + 1, 11)
    assert [p.code for p in _problems(advocacy, "coalitions/a-coalition.yaml",
                                      dump(coalition("a-coalition")))] == [
        "duplicate-criteria-coalition"]  # each is told, naming the others


def test_a_release_refuses_a_second_coalition_with_the_criteria(tmp_path, monkeypatch):
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), texts={
        "coalitions/a-coalition.yaml": dump(coalition("a-coalition")),
        "coalitions/b-coalition.yaml": dump(coalition("b-coalition"))})
    result = invoke(["release", "--month", "2024-01"], cwd=repo.root)
    assert result.returncode == 1
    assert "duplicate-criteria-coalition" in result.stdout + result.stderr


# -- 4. members: current ones on the site, each cited -----------------------------------------

def test_a_member_without_sources_is_an_error(advocacy):
    text = dump(coalition(members=[{"org": "test-org"}]))
    found = _problems(advocacy, "coalitions/test-coalition.yaml", text)
    assert [p.code for p in found] == ["missing-key"]
    assert found[0].line == text.splitlines().index("- org: test-org") + 1


def test_the_about_page_lists_current_members_only(git_repo):
    members = [{"org": "test-org", "sources": ["s1"]},
               {"org": "gone-org", "left": "2023-05", "sources": ["s1"]},
               {"org": "back-org", "left": "2022", "sources": ["s1"]},
               {"org": "back-org", "joined": "2023", "sources": ["s1"]}]
    seed(git_repo, case("petrenko-ivan"),
         texts={"coalitions/test-coalition.yaml": dump(coalition(members=members))})
    with closing(GitClient(git_repo.root)) as git:
        shown = coalitions_at(git, git.resolve("HEAD"))
    assert [c["members"] for c in shown] == [["test-org", "back-org"]]


# -- 6. a renamed action is not new; the heading says what the section holds ------------------

@pytest.fixture
def renamed(tmp_path, monkeypatch) -> GitRepo:
    """An open letter of 2014 recorded in February; in March its file renamed (its id with it)
    and a new picket recorded."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"))
    old = action("memorial-letter-for-petrenko", date="2014-05-20")
    repo.commit("feb", "2024-02-10T10:00:00+00:00",
                {"actions/memorial-letter-for-petrenko.yaml": dump(old)})
    repo.commit("mar", "2024-03-10T10:00:00+00:00", {
        "actions/memorial-letter-for-petrenko.yaml": None,
        "actions/2014-05-20-memorial-letter.yaml": dump({**old,
                                                         "id": "2014-05-20-memorial-letter"}),
        "actions/2024-03-05-picket.yaml": dump(action("2024-03-05-picket", type="picket",
                                                      date="2024-03-05"))})
    return repo


def _recorded(repo: GitRepo, month: str, lang: str = "en") -> tuple[list, str]:
    files = release_files(release.build(repo.root, month, lang=lang))
    return ([a["id"] for a in json.loads(files["changes.json"])["actions"]],
            files["CHANGELOG.md"].decode())


def test_a_renamed_action_is_not_recorded_again(renamed):
    assert _recorded(renamed, "2024-02")[0] == ["memorial-letter-for-petrenko"]
    assert _recorded(renamed, "2024-03")[0] == ["2024-03-05-picket"]


@pytest.mark.parametrize("lang, heading", [
    ("en", "## Advocacy actions recorded this month (1)"),
    ("uk", "## Адвокаційні дії, записані цього місяця (1)")])
def test_an_old_action_is_under_a_heading_of_what_was_recorded(renamed, lang, heading):
    log = _recorded(renamed, "2024-02", lang)[1]
    assert heading in log and "2014-05-20" in log[log.index(heading):]


# -- 7. the latest published count ------------------------------------------------------------

def test_a_year_only_count_does_not_beat_a_precise_later_one():
    counts = [{"count": 151, "as_of": "2026-11-20", "sources": ["s1"]},
              {"count": 120, "qualifier": "about", "as_of": "2026", "sources": ["s1"]}]
    c = Coalition.model_validate(coalition(published_counts=counts))
    assert c.latest_count().count == 151
    c = Coalition.model_validate(coalition(published_counts=counts[::-1]))
    assert c.latest_count().count == 151
    later_year = [*counts, {"count": 170, "as_of": "2027", "sources": ["s1"]}]
    assert Coalition.model_validate(coalition(published_counts=later_year)).latest_count() \
        .count == 170
    one_start = [{"count": 5, "as_of": "2026", "sources": ["s1"]},
                 {"count": 6, "as_of": "2026-01", "sources": ["s1"]}]
    assert Coalition.model_validate(coalition(published_counts=one_start)).latest_count() \
        .count == 6


# -- 8. no source dated after today -----------------------------------------------------------

SOON = "2025-06-01"  # after TODAY


def test_an_actions_source_dated_after_today_is_an_error(advocacy):
    text = dump(action(sources={"s1": {"title": "A fictional report", "date": SOON}}))
    at(_problems(advocacy, "actions/2021-02-open-letter.yaml", text), "future-date",
       text.splitlines().index(f"    date: '{SOON}'") + 1, 11)


def test_a_coalitions_source_dated_after_today_is_an_error(advocacy):
    text = dump(coalition(sources={"s1": {"title": "A fictional page", "date": SOON}}))
    at(_problems(advocacy, "coalitions/test-coalition.yaml", text), "future-date",
       text.splitlines().index(f"    date: '{SOON}'") + 1, 11)


# -- 9. `date_is: by` gives no lower bound ----------------------------------------------------

def test_an_action_before_an_event_dated_by_is_not_before_every_event(dataset):
    """Detained by March 2021 may be detained in 2019: a letter of 2020 may follow it."""
    dataset.add(case("petrenko-ivan", events=[
        {"date": "2021-03", "date_is": "by", "type": "detained", "sources": ["s1"]},
        {"date": "2022-01-15", "type": "sentenced", "term": "10y", "sources": ["s1"]}]))
    letter = dump(action(date="2020-05-01", signatures=None))
    assert _problems(dataset, "actions/2021-02-open-letter.yaml", letter) == []
    dataset.add(case("petrenko-ivan", events=[
        {"date": "2021-03-10", "type": "detained", "sources": ["s1"]}]))
    assert [p.code for p in _problems(dataset, "actions/2021-02-open-letter.yaml", letter)] == \
        ["action-before-events"]
