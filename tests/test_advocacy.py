"""Actions and coalitions: the shipped dataset holds the seeds' advocacy, validate gives located
errors for what is wrong in the new files, and a month's change log shows its new actions in
both languages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from factory import (ORG, TODAY, Dataset, GitRepo, action, at, case, coalition, dump, invoke,
                     only, release_files, seed)

from kremlinlist.app import release
from kremlinlist.app.validate import validate
from kremlinlist.files import loader
from kremlinlist.model.action import Action
from kremlinlist.model.coalition import Coalition

REPO = Path(__file__).resolve().parents[1]


# -- the shipped dataset ----------------------------------------------------------------------

def _shipped(folder: str, kind: str) -> dict:
    rels, problems = loader.list_yaml(REPO, folder)
    assert not problems
    models = {rel: loader.load_file(REPO, rel, kind).model for rel in rels}
    assert all(models.values()), [r for r, m in models.items() if m is None]
    return {m.id: m for m in models.values()}


def test_the_shipped_dataset_validates_with_its_advocacy():
    report = validate(REPO, use_cache=False)
    assert not report.problems, report.problems
    assert report.checked >= 7 + 19 + 14 + 2 + 1


def test_the_shipped_actions_are_the_seeds_each_cited():
    actions: dict[str, Action] = _shipped("actions", "action")
    assert {"2014-06-memorial-recognizes-sentsov", "2014-06-28-moscow-film-festival-plea",
            "2015-12-amnesty-russia-campaign", "2018-05-25-pussy-riot-le-monde",
            "2018-05-21-svobodnoye-slovo-statement", "2018-05-23-kinosoyuz-statement",
            "free-ukrainian-political-prisoners-petition",
            "house-of-commons-petition-for-ukrainian-political-prisoners",
            "amnesty-letters-of-support-for-sentsov", "russian-pickets-for-sentsov"} <= set(actions)
    assert all(a.sources and all(s.quote for s in a.sources.values()) for a in actions.values())
    le_monde = actions["2018-05-25-pussy-riot-le-monde"]
    assert (le_monde.type, str(le_monde.date), le_monde.for_) == \
        ("open-letter", "2018-05-25", ["sentsov-oleh"])
    assert actions["2018-05-21-svobodnoye-slovo-statement"].signatures.count == 81
    official = actions["house-of-commons-petition-for-ukrainian-political-prisoners"]
    assert official.signatures.threshold == 500
    assert actions["free-ukrainian-political-prisoners-petition"].signatures.goal == 1000
    amnesty = actions["2015-12-amnesty-russia-campaign"]
    assert set(amnesty.for_) == {"sentsov-oleh", "kolchenko-oleksandr", "afanasiev-hennadii"}


def test_the_shipped_coalitions_are_the_seeds():
    coalitions: dict[str, Coalition] = _shipped("coalitions", "coalition")
    ccpk = coalitions["defense-of-prisoners-of-the-kremlin"]
    assert len(ccpk.members) == 8 and ccpk.criteria == "criteria.yaml"
    count = ccpk.latest_count()
    assert (count.count, count.qualifier, count.as_of) == (151, "at-least", None)
    free = coalitions["free-the-kremlins-political-prisoners"]
    assert len(free.members) == 12
    assert all(m.role == "founding-member" for m in free.members)
    assert [f.name for f in free.facilitators] == [
        "Vladimir Kara-Murza", "David J. Kramer", "Natalia Arno", "Oleksandra Matviichuk"]
    orgs = _shipped("organizations", "organization")
    assert {m.org for m in free.members} <= set(orgs)


# -- located errors ---------------------------------------------------------------------------

@pytest.fixture
def advocacy(dataset):
    dataset.add(case("petrenko-ivan"))
    return dataset


def _problems(dataset, data: dict | str, rel: str = "actions/2021-02-open-letter.yaml"):
    dataset.write(rel, data if isinstance(data, str) else dump(data))
    report = validate(dataset.root, use_cache=False, today=TODAY)
    return [p for p in report.problems if p.file == rel]


def test_a_valid_action_and_coalition_give_no_problem(advocacy):
    assert _problems(advocacy, action()) == []
    assert _problems(advocacy, coalition(), "coalitions/test-coalition.yaml") == []


def test_a_broken_case_reference_is_located(advocacy):
    text = dump(action(**{"for": ["petrenko-ivan", "nobody-here"]}))
    line = text.splitlines().index("- nobody-here") + 1
    at(_problems(advocacy, text), "unknown-case-reference", line, 3)


def test_a_former_id_resolves(advocacy):
    advocacy.add(case("petrenko-ivan", former_ids=["petrenko-i"]))
    assert _problems(advocacy, action(**{"for": ["petrenko-i"]})) == []


def _withheld_case(publicity: str) -> dict:
    """A withheld person's case as a public repository may hold it: nothing identifying."""
    return {"id": "anon-2024-001", "publicity": publicity, "region": "UA-43",
            "events": [{"date": "2020-03-10", "type": "detained"}],
            "assessment": {"decision": "listed", "since": "2020-04", "criteria": [{"id": "e"}],
                           "by": ["test-org"]}}


@pytest.mark.parametrize("publicity", ["anonymous", "hidden"])
def test_an_action_for_a_withheld_person_is_refused_in_a_public_repository(tmp_path, publicity):
    """Its title, summary and sources are free text that may name the person, and `for` ties
    them to the case's region and dates: in a public repository, the file itself is the leak."""
    for repository, wanted in (("public", ["withheld-action-in-public-repository"]),
                               ("private", [])):
        data = Dataset(tmp_path / repository, {"repository": repository, "timezone": "UTC"})
        data.add(case("petrenko-ivan"))
        data.add(_withheld_case(publicity))
        text = dump(action(**{"for": ["petrenko-ivan", "anon-2024-001"]}))
        found = _problems(data, text)
        assert [p.code for p in found] == wanted, found
        if wanted:
            at(found, wanted[0], text.splitlines().index("- anon-2024-001") + 1, 3)
        assert _problems(data, action()) == []  # for a public person only: nothing to say


def test_a_case_withheld_in_a_change_reports_the_actions_for_it(tmp_path):
    """The pre-commit hook and a pull request's check name only the changed case: the action
    for it, now an error in a public repository, was left out of what they reported."""
    data = Dataset(tmp_path / "pub", {"repository": "public", "timezone": "UTC"})
    data.add(case("petrenko-ivan"))
    withheld = _withheld_case("anonymous")
    data.add(case("anon-2024-001", name={"en": "Anna Fictional"}))  # public, at first
    data.write("actions/2021-02-open-letter.yaml",
               dump(action(**{"for": ["anon-2024-001"]})))
    assert validate(data.root, use_cache=False, today=TODAY).errors == []
    data.add(withheld)
    report = validate(data.root, ["cases/anon-2024-001.yaml"], use_cache=False, today=TODAY)
    assert ("actions/2021-02-open-letter.yaml", "withheld-action-in-public-repository") in {
        (p.file, p.code) for p in report.problems}
    assert report.checked == 1  # the action is not one of the files checked, only reported on
    # withheld as a public repository must: a new opaque id, the old file deleted
    (data.root / "cases/anon-2024-001.yaml").unlink()
    data.add({**withheld, "id": "anon-2024-002"})
    report = validate(data.root, ["cases/anon-2024-002.yaml"], deleted=["cases/anon-2024-001.yaml"],
                      use_cache=False, today=TODAY)
    assert ("actions/2021-02-open-letter.yaml", "unknown-case-reference") in {
        (p.file, p.code) for p in report.problems}


def test_a_case_that_does_not_load_adds_no_error_to_the_actions_for_it(tmp_path):
    """One unknown key in a public person's file made every action for them "withheld" (a file
    that does not load counted as such) and told editors to move public actions into a private
    repository: 14 false errors for one typo. The case's own problem is what is reported."""
    data = Dataset(tmp_path / "pub", {"repository": "public", "timezone": "UTC"})
    data.write("cases/petrenko-ivan.yaml", dump(case("petrenko-ivan")) + "bogus: 1\n")
    data.write("actions/2021-02-open-letter.yaml", dump(action(**{"for": ["petrenko-ivan"]})))
    for asked in (None, ["cases/petrenko-ivan.yaml"]):
        report = validate(data.root, asked, use_cache=False, today=TODAY)
        assert [(p.file, p.code) for p in report.errors] == [
            ("cases/petrenko-ivan.yaml", "unknown-key")], asked


def test_the_other_problems_of_an_action_are_not_a_changed_cases(advocacy):
    """Only what a change to a case can cause, at that case's entry in `for`, is reported of
    the actions for it: their own warnings, or another entry's error, would fail a hook run
    that touched only the case."""
    advocacy.write("actions/2021-02-open-letter.yaml", dump(action(
        **{"for": ["petrenko-ivan", "petrenko-ivan", "nobody-such"]})))  # a warning, an error
    report = validate(advocacy.root, ["cases/petrenko-ivan.yaml"], use_cache=False,
                      today=TODAY)
    assert [p for p in report.problems if p.file.startswith("actions/")] == []


def test_a_release_refuses_an_action_for_a_withheld_person_in_a_public_repository(tmp_path):
    """The month-end commit is checked as validate checks the working tree."""
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), _withheld_case("hidden"),
         config={"repository": "public", "timezone": "UTC"})
    repo.commit("action", "2024-01-20T10:00:00+00:00", {
        "actions/2021-02-open-letter.yaml": dump(action(**{"for": ["anon-2024-001"]}))})
    result = invoke(["release", "--month", "2024-01", "--out", str(tmp_path / "out")],
                    cwd=repo.root)
    assert result.returncode == 1 and "withheld-action-in-public-repository" in result.stdout
    assert not (tmp_path / "out").exists()


def test_a_broken_organization_reference_is_located(advocacy):
    text = dump(action(by=["no-such-org"]))
    line = text.splitlines().index("- no-such-org") + 1
    at(_problems(advocacy, text), "unknown-organization-reference", line, 3)
    text = dump(coalition(members=[{"org": "no-such-org", "sources": ["s1"]}]))
    p = only(_problems(advocacy, text, "coalitions/test-coalition.yaml"),
             "unknown-organization-reference")
    assert text.splitlines()[p.line - 1].startswith("- org: no-such-org")


def test_an_unknown_type_is_located(advocacy):
    text = dump(action(type="sit-in"))
    line = text.splitlines().index("type: sit-in") + 1
    p = at(_problems(advocacy, text), "invalid-value", line, 7)
    assert "open-letter" in p.message and "sit-in" not in p.message


def test_a_future_as_of_is_located(advocacy):
    data = action()
    data["signatures"]["as_of"] = "2031-01"
    text = dump(data)
    line = text.splitlines().index("  as_of: 2031-01") + 1
    at(_problems(advocacy, text), "future-date", line, 10)
    text = dump(coalition(published_counts=[{"count": 3, "as_of": "2031-01",
                                             "sources": ["s1"]}]))
    p = only(_problems(advocacy, text, "coalitions/test-coalition.yaml"), "future-date")
    assert text.splitlines()[p.line - 1].strip() == "as_of: 2031-01"


def test_an_uncited_action_is_an_error(advocacy):
    """Said at the `sources` key, where the source is to be added."""
    data = action(sources={})
    data.pop("signatures")
    text = dump(data)
    p = only(_problems(advocacy, text), "uncited-action")
    assert p.severity == "error"
    assert (p.line, p.column) == (text.splitlines().index("sources: {}") + 1, 1)


def test_a_citation_of_no_source_is_located(advocacy):
    data = action()
    data["signatures"]["sources"] = ["s9"]
    text = dump(data)
    p = only(_problems(advocacy, text), "unknown-source")
    assert text.splitlines()[p.line - 1].strip() == "- s9"


def test_until_before_date_and_an_action_before_every_event(advocacy):
    problems = _problems(advocacy, action(date="2019-05", until="2019-04"))
    only(problems, "until-before-date")
    w = only(problems, "action-before-events")
    assert w.severity == "warning"


def test_an_organization_in_a_coalition_with_no_file(advocacy):
    rel = "organizations/test-org.yaml"
    advocacy.write(rel, dump({**ORG, "coalitions": [{"id": "no-coalition"}]}))
    report = validate(advocacy.root, use_cache=False, today=TODAY)
    only([p for p in report.problems if p.file == rel], "unknown-coalition")
    advocacy.write("coalitions/no-coalition.yaml", dump(coalition("no-coalition", members=[])))
    report = validate(advocacy.root, use_cache=False, today=TODAY)
    assert only([p for p in report.problems if p.file == rel],
                "membership-mismatch").severity == "warning"


def test_unknown_keys_name_the_for_key_as_written(advocacy):
    p = only(_problems(advocacy, {**action(), "fro": ["petrenko-ivan"]}), "unknown-key")
    assert "`for`" in p.message and "for_" not in p.message


def test_validate_path_accepts_an_action_file(advocacy):
    advocacy.write("actions/2021-02-open-letter.yaml", dump(action(type="sit-in")))
    report = validate(advocacy.root, ["actions/2021-02-open-letter.yaml"], use_cache=False,
                      today=TODAY)
    assert [p.code for p in report.problems] == ["invalid-value"]


# -- the change log ---------------------------------------------------------------------------

@pytest.fixture
def advocacy_repo(tmp_path, monkeypatch):
    """A public person seeded in January; in February an open letter for them, and the
    coalition's published count."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"))
    repo.commit("feb", "2024-02-10T10:00:00+00:00", {
        "actions/2024-02-open-letter.yaml": dump(action("2024-02-open-letter",
                                                        date="2024-02-05")),
        "coalitions/test-coalition.yaml": dump(coalition())})
    return repo


@pytest.mark.parametrize("lang, heading, title, name", [
    ("en", "## Advocacy actions recorded this month (1)", "A fictional open letter", "Ivan Petrenko"),
    ("uk", "## Адвокаційні дії, записані цього місяця (1)", "Вигаданий відкритий лист", "Іван Петренко"),
])
def test_the_change_log_shows_a_new_action_in_each_language(advocacy_repo, lang, heading,
                                                               title, name):
    built = release.build(advocacy_repo.root, "2024-02", lang=lang)
    log = release_files(built)["CHANGELOG.md"].decode()
    section = log[log.index(heading):]
    line = section.splitlines()[2]
    assert line.startswith("- 2024-02-05 · ")
    assert f"**{title}**" in line and f"**{name}** (`petrenko-ivan`)" in line
    assert "`test-org`" in line and "Fictional Writers Union" in line
    published = "at least 40" if lang == "en" else "щонайменше 40"
    assert published in log and "A fictional coalition page" in log


def test_changes_json_has_the_actions_and_january_none(advocacy_repo):
    feb = json.loads(release_files(release.build(advocacy_repo.root, "2024-02"))["changes.json"])
    assert [a["id"] for a in feb["actions"]] == ["2024-02-open-letter"]
    assert feb["actions"][0]["for"] == [{"id": "petrenko-ivan",
                                         "name": {"en": "Ivan Petrenko", "uk": "Іван Петренко"}}]
    jan = json.loads(release_files(release.build(advocacy_repo.root, "2024-01"))["changes.json"])
    assert jan["actions"] == [] and "published" not in jan


def test_the_release_line_reconciles_with_the_published_count(advocacy_repo):
    result = invoke(["release", "--month", "2024-02"], cwd=advocacy_repo.root)
    assert result.returncode == 0, result.stderr
    assert ("the dataset holds 1 of the at least 40 people Test Coalition published "
            "(on 2023-12; source: A fictional coalition page): 39 fewer") in result.stdout
    uk = invoke(["--lang", "uk", "release", "--month", "2024-02", "--out", "uk-out"],
                cwd=advocacy_repo.root)
    assert uk.returncode == 0, uk.stderr
    assert ("набір даних містить 1 із щонайменше 40 людей, про яких повідомила Тестова коаліція "
            "(2023-12; джерело: A fictional coalition page): на 39 менше") in uk.stdout
    assert not {"fewer", "dataset", "source", "published"} & set(re.findall(r"[a-z]+",
                                                                           uk.stdout))


# -- the published list -----------------------------------------------------------------------

def test_the_list_shows_a_persons_actions_and_the_published_figure(advocacy):
    advocacy.write("actions/2021-02-open-letter.yaml", dump(action()))
    advocacy.write("actions/2019-06-petition.yaml", dump(action(
        "2019-06-petition", type="petition", date="2019-06",
        title={"en": "A fictional petition", "uk": "Вигадана петиція"})))
    advocacy.write("coalitions/test-coalition.yaml", dump(coalition()))
    out = advocacy.root / "list.json"
    assert invoke(["export", "--format", "json", "-o", str(out)],
                  cwd=advocacy.root).returncode == 0
    listed = json.loads(out.read_text(encoding="utf-8"))
    assert listed["published"]["count"] == 40 and listed["published"]["qualifier"] == "at-least"
    assert [a["id"] for a in listed["people"][0]["actions"]] == ["2021-02-open-letter",
                                                                 "2019-06-petition"]
    page = advocacy.root / "list.html"
    assert invoke(["export", "--format", "html", "--lang", "uk", "-o", str(page)],
                  cwd=advocacy.root).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert "Коаліція оприлюднила: щонайменше 40 (A fictional coalition page, станом на 2023-12)" \
        in html
    assert html.index("2021-02-01 · відкритий лист · Вигаданий відкритий лист") < \
        html.index("2019-06 · петиція · Вигадана петиція")


def test_a_release_refuses_a_month_whose_action_does_not_validate(advocacy_repo):
    advocacy_repo.commit("broken", "2024-03-10T10:00:00+00:00", {
        "actions/2024-03-x.yaml": dump(action("2024-03-x", **{"for": ["nobody-here"]}))})
    result = invoke(["release", "--month", "2024-03"], cwd=advocacy_repo.root)
    assert result.returncode == 1
    assert "actions/2024-03-x.yaml" in result.stdout + result.stderr
    assert "unknown-case-reference" in result.stdout + result.stderr
    assert not (advocacy_repo.root / "releases" / "2024-03").exists()


def test_a_person_or_member_named_twice_is_a_located_warning(tmp_path):
    """`for: [a, a]` would list one person twice; a member listed twice counts twice."""
    ds = Dataset(tmp_path / "data", {"repository": "public"})
    ds.add(case("petrenko-ivan", former_ids=["petrenko-i"]))
    ds.write("actions/2021-02-open-letter.yaml", dump(action(
        **{"for": ["petrenko-ivan", "petrenko-i"]})))
    members = [{"org": "test-org", "role": "founding-member", "sources": ["s1"]} for _ in "ab"]
    ds.write("coalitions/test-coalition.yaml", dump(coalition(members=members)))
    found = [(p.file, p.line, p.code) for p in validate(ds.root, use_cache=False).problems
             if p.code == "duplicate-reference"]
    assert [f for f, _line, _code in found] == ["actions/2021-02-open-letter.yaml",
                                                "coalitions/test-coalition.yaml"]
    assert all(line > 0 for _f, line, _code in found)
