"""The duplicate finder, dupes.yaml and the validate ratchet, on fictional people."""

import json

import pytest
from factory import Dataset, case, dump, examples, invoke
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kremlinlist.checks import duplicates as dupes
from kremlinlist.checks import name_likeness
from kremlinlist.files import yamlsafe
from kremlinlist.model import names
from kremlinlist.cli import app

runner = CliRunner()


def person(case_id, names, **facts):
    """A fictional case with the given `name` mapping."""
    return case(case_id, name=names, **facts)


def dupes_json(root):
    result = runner.invoke(app, ["dupes", "-C", str(root), "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def pair_set(payload):
    return {frozenset((p["a"], p["b"])) for p in payload["pairs"]}


@pytest.mark.parametrize("a, b", [
    ({"en": "Oleg Petrenko"}, {"en": "Oleh Petrenko"}),
    ({"en": "Rustem Abdullaiev"}, {"en": "Rustem Abdullayev"}),
    ({"en": "Rustem Abdullaev"}, {"en": "Rustem Abdullaiev"}),
    ({"en": "Ivan Petrenko"}, {"en": "Petrenko", "uk": "Іван Петренко"}),
    ({"en": "Petrenko Ivan"}, {"en": "Ivan Petrenko"}),
    ({"en": "Hennadii Moroz"}, {"en": "Moroz", "ru": "Геннадий Мороз"}),
    ({"en": "Oleksandr Kovalchuk"}, {"en": "Alexander Kovalchuk"}),
])
def test_transliteration_pairs_are_found(tmp_path, a, b):
    ds = Dataset(tmp_path / "d")
    ds.add(person("first", a))
    ds.add(person("second", b))
    # Same surname, different given name, born elsewhere and later: a different person.
    ds.add(person("other", {"en": "Mykola " + a["en"].split()[-1]}, born="1995", region="UA-14"))
    code, payload = dupes_json(ds.root)
    assert code == 1
    assert pair_set(payload) == {frozenset(("cases/first.yaml", "cases/second.yaml"))}
    assert payload["pairs"][0]["score"] >= dupes.THRESHOLD


def test_alias_in_any_script_counts(tmp_path):
    ds = Dataset(tmp_path / "d")
    ds.add(person("first", {"en": "Taras Bondar"}, aliases=["Тарас Бондарь"]))
    ds.add(person("second", {"en": "T. Bondar", "ru": "Тарас Бондарь"}))
    assert pair_set(dupes_json(ds.root)[1]) == {frozenset(("cases/first.yaml",
                                                           "cases/second.yaml"))}


def test_people_sharing_a_surname_are_not_flagged(tmp_path):
    ds = Dataset(tmp_path / "d")
    ds.add(person("petrenko-ivan", {"en": "Ivan Petrenko", "uk": "Іван Петренко"}))
    ds.add(person("petrenko-petro", {"en": "Petro Petrenko"}, born="1992", region="UA-14"))
    ds.add(person("petrenko-oleksii", {"en": "Oleksii Petrenko"}))
    ds.add(person("petrenko-oleksandr", {"en": "Oleksandr Petrenko"}))
    # The same name but born 35 years apart in another region: namesakes, not one person.
    ds.add(person("petrenko-ivan-1945", {"en": "Ivan Petrenko"}, born="1945", region="UA-14",
                  events=[{"date": "2023-05-01", "type": "detained", "sources": ["s1"]}]))
    code, payload = dupes_json(ds.root)
    assert (code, payload["pairs"]) == (0, [])


def test_agreeing_facts_raise_and_conflicting_facts_lower_the_score():
    base = case("a", name={"en": "Oleh Petrenko"})
    same = dupes.profile("cases/b.yaml", case("b", name={"en": "Oleg Petrenko"}))
    agreeing = dupes.score(dupes.profile("cases/a.yaml", base), same)[0]
    bare = dupes.score(dupes.profile("cases/a.yaml", {**base, "born": None, "region": None,
                                                     "events": []}), same)[0]
    conflicting = dupes.score(dupes.profile("cases/a.yaml", {**base, "born": "1960",
                                                            "region": "UA-14"}), same)[0]
    assert conflicting < dupes.THRESHOLD <= bare <= agreeing


def test_normalize_folds_scripts_and_variants():
    key = dupes.normalize("Ivan Petrenko")
    assert dupes.normalize("Іван Петренко") == key
    assert dupes.normalize("Иван Петренко") == key
    assert dupes.normalize("IVAN  PETRENKO") == key
    assert dupes.normalize("Oleg Sentsov") == dupes.normalize("Олег Сенцов")
    assert dupes.normalize("Abdullaiev")[0] == dupes.normalize("Abdullayev")[0] == \
        dupes.normalize("Абдуллаєв")[0] == dupes.normalize("Abdullaev")[0]
    assert dupes.normalize("Hennadii")[0] == dupes.normalize("Gennadiy")[0] == \
        dupes.normalize("Геннадий")[0]
    assert dupes.normalize("Teimur Abdullaiev") != dupes.normalize("Uzeir Abdullaiev")


def test_a_pair_in_dupes_yaml_is_not_reported_again(tmp_path):
    ds = Dataset(tmp_path / "d")
    ds.add(person("petrenko-oleh", {"en": "Oleh Petrenko"}))
    ds.add(person("petrenko-oleg", {"en": "Oleg Petrenko"}, former_ids=["petrenko-o"]))
    assert len(dupes_json(ds.root)[1]["pairs"]) == 1
    # Recorded under a former id: the decision follows a renamed case.
    ds.write("dupes.yaml", dump({"different": [
        {"pair": ["petrenko-o", "petrenko-oleh"], "reason": "different fathers in the court "
         "records", "by": "test-editor", "date": "2025-01-02"}]}))
    code, payload = dupes_json(ds.root)
    assert (code, payload["pairs"], payload["problems"]) == (0, [], [])
    result = runner.invoke(app, ["validate", "-C", str(ds.root),
                                 str(ds.root / "cases/petrenko-oleg.yaml")])
    assert "likely-duplicate" not in result.stdout


def test_a_broken_dupes_yaml_is_reported_with_its_line(tmp_path):
    ds = Dataset(tmp_path / "d")
    ds.add(person("petrenko-oleh", {"en": "Oleh Petrenko"}))
    ds.write("dupes.yaml", "different:\n  - pair: [petrenko-oleh, nobody-here]\n"
                           "    by: test-editor\n  - pair: [x]\n    reason: r\n    by: e\n")
    code, payload = dupes_json(ds.root)
    assert code == 1
    codes = {(p["code"], p["line"]) for p in payload["problems"]}
    assert ("missing-key", 2) in codes  # no reason
    ds.write("dupes.yaml", "different:\n  - pair: [petrenko-oleh, nobody-here]\n"
                           "    reason: r\n    by: e\n")
    code, payload = dupes_json(ds.root)
    assert code == 0
    assert [(p["code"], p["severity"], p["line"]) for p in payload["problems"]] == \
        [("unknown-case", "warning", 2)]
    ds.write("dupes.yaml", "different: &a [*a]\n")
    assert dupes_json(ds.root)[0] == 1


def _warnings(result):
    return [p for p in json.loads(result.stdout)["problems"] if p["code"] == "likely-duplicate"]


def test_validate_ratchet_reports_only_pairs_touching_the_given_files(tmp_path):
    ds = Dataset(tmp_path / "d")
    ds.add(person("petrenko-oleh", {"en": "Oleh Petrenko"}))
    ds.add(person("petrenko-oleg", {"en": "Oleg Petrenko"}))  # an old, unreviewed pair
    ds.add(person("bondar-taras", {"en": "Taras Bondar"}))
    root = str(ds.root)
    unrelated = runner.invoke(app, ["validate", "-C", root, "--format", "json",
                                    str(ds.root / "cases/bondar-taras.yaml")])
    assert unrelated.exit_code == 0 and _warnings(unrelated) == []
    plain = runner.invoke(app, ["validate", "-C", root, "--format", "json"])
    assert _warnings(plain) == []  # a plain validate does not look for duplicates

    ds.add(person("bondar-taras-2", {"en": "Taras Bondar", "ru": "Тарас Бондарь"}))
    new = runner.invoke(app, ["validate", "-C", root, "--format", "json",
                              str(ds.root / "cases/bondar-taras-2.yaml")])
    warnings = _warnings(new)
    assert new.exit_code == 0  # a warning, not an error
    assert [(w["file"], w["line"], w["severity"]) for w in warnings] == \
        [("cases/bondar-taras-2.yaml", 2, "warning")]
    assert "cases/bondar-taras.yaml" in warnings[0]["message"]
    assert "Bondar" not in warnings[0]["message"]  # messages never quote names
    strict = runner.invoke(app, ["validate", "-C", root, "--strict",
                                 str(ds.root / "cases/bondar-taras-2.yaml")])
    assert strict.exit_code == 1


CANARY = "zqcanaryxw"  # in a withheld case's file name: must never reach a message


@pytest.mark.parametrize("publicity", ["anonymous", "hidden"])
def test_validate_and_new_word_a_withheld_look_alike_alike_and_never_name_it(tmp_path, publicity):
    ds = Dataset(tmp_path / "d", config={"repository": "private"})  # names allowed on withheld
    ds.add(person(f"hrytsenko-{CANARY}", {"en": "Olha Hrytsenko"}, publicity=publicity,
                  former_ids=[f"hrytsenko-olha-{CANARY}"]))
    ds.add(person("gritsenko-olga", {"en": "Olga Gritsenko"}))
    args = ["validate", "-C", str(ds.root), "--format", "json",
            str(ds.root / "cases/gritsenko-olga.yaml")]
    for attempt in ("parsed", "from the cache"):
        result = runner.invoke(app, args)
        assert [w["message"] for w in _warnings(result)] == [dupes.WITHHELD_MATCH], attempt
        assert CANARY not in result.stdout

    new = runner.invoke(app, ["new", "-C", str(ds.root), "--name-en", "Olga Hrytsenko",
                              "--by", "test-org"])
    assert new.exit_code == 0
    assert dupes.WITHHELD_MATCH in new.output and CANARY not in new.output
    reused = runner.invoke(app, ["new", "-C", str(ds.root), "--name-en", "Olga Hrytsenko",
                                 "--by", "test-org", "--id", f"hrytsenko-olha-{CANARY}"])
    assert reused.exit_code == 1
    assert "former id of a case whose name is withheld" in reused.output
    given = f"hrytsenko-olha-{CANARY}"  # echoed back as given, never the withheld file's own
    assert CANARY not in reused.output.replace(given, "")


@pytest.mark.parametrize("publicity", ["anonymous", "hidden"])
def test_a_withheld_persons_warning_never_names_the_public_look_alike(tmp_path, publicity):
    """The warning sits on the withheld person's file: naming their public match in a CI log
    would say who they are (the public file's name, and why they match)."""
    ds = Dataset(tmp_path / "d", config={"repository": "private"})
    ds.add(person(f"hidden-{CANARY}", {"en": "Olha Hrytsenko"}, publicity=publicity))
    ds.add(person(f"gritsenko-{CANARY}", {"en": "Olga Gritsenko"}))
    for fmt in ("json", "github", "text"):
        for attempt in ("parsed", "from the cache"):
            result = runner.invoke(app, ["validate", "-C", str(ds.root), "--format", fmt,
                                         str(ds.root / f"cases/hidden-{CANARY}.yaml")])
            assert dupes.MATCH_OF_WITHHELD in result.stdout, (fmt, attempt, result.stdout)
            assert f"gritsenko-{CANARY}" not in result.stdout, (fmt, attempt)
            assert "Gritsenko" not in result.stdout and "score" not in result.stdout


def test_a_public_look_alike_is_named(tmp_path):
    ds = Dataset(tmp_path / "d", config={"repository": "private"})
    ds.add(person("hrytsenko-olha", {"en": "Olha Hrytsenko"}))
    ds.add(person("gritsenko-olga", {"en": "Olga Gritsenko"}))
    result = runner.invoke(app, ["validate", "-C", str(ds.root), "--format", "json",
                                 str(ds.root / "cases/gritsenko-olga.yaml")])
    assert "cases/hrytsenko-olha.yaml" in _warnings(result)[0]["message"]


def test_changed_since_checks_the_files_a_branch_adds_or_changes(git_repo):
    ds = Dataset(git_repo.root)
    ds.add(person("petrenko-oleh", {"en": "Oleh Petrenko"}))
    ds.add(person("petrenko-oleg", {"en": "Oleg Petrenko"}))
    ds.add(person("bondar-taras", {"en": "Taras Bondar"}))
    git_repo.git("add", "-A")
    git_repo.git("commit", "-qm", "old data", date="2025-01-01T12:00:00+00:00")
    base = git_repo.git("rev-parse", "HEAD")
    root = str(git_repo.root)

    result = invoke(["validate", "--changed-since", base, "--format", "json"], cwd=git_repo.root)
    assert result.returncode == 0
    assert json.loads(result.stdout)["checked"] == 0

    ds.add(person("bondar-taras", {"en": "Taras Bondar"}, born="1981"))  # changed, no duplicate
    ds.add(person("petrenko-oleh-2", {"en": "Олег Петренко"}))  # new and untracked
    result = invoke(["validate", "-C", root, "--changed-since", base, "--format", "json"],
                 cwd=git_repo.root)
    payload = json.loads(result.stdout)
    assert payload["checked"] == 2
    assert {w["file"] for w in _warnings(result)} == {"cases/petrenko-oleh-2.yaml"}

    git_repo.git("add", "-A")
    git_repo.git("commit", "-qm", "new data", date="2025-02-01T12:00:00+00:00")
    result = invoke(["validate", "--changed-since", base, "--format", "github"], cwd=git_repo.root)
    assert "::warning file=cases/petrenko-oleh-2.yaml" in result.stdout
    assert "petrenko-oleg.yaml,line" not in result.stdout  # the old pair stays quiet

    bad = invoke(["validate", "--changed-since", "no-such-branch"], cwd=git_repo.root)
    assert bad.returncode == 2 and "not a commit" in bad.stderr
    assert "no-such-branch" not in bad.stderr  # never repeated: it may hold a line break
    both = invoke(["validate", "--changed-since", base, "cases/bondar-taras.yaml"],
               cwd=git_repo.root)
    assert both.returncode == 2


def test_private_data_never_reaches_dupes_output(tmp_path):
    ds = Dataset(tmp_path / "d", config={"repository": "private"})
    canary = "CANARY-7f3a-private"
    ds.add(person("petrenko-oleh", {"en": "Oleh Petrenko"},
                  private={"notes": canary, "relatives": [{"name": canary}]}))
    ds.add(person("petrenko-oleg", {"en": "Oleg Petrenko"}, private={"health": canary}))
    for args in (["dupes"], ["dupes", "--format", "json"],
                 ["validate", "cases/petrenko-oleg.yaml", "--format", "json"]):
        result = invoke([*args, "-C", str(ds.root)], cwd=ds.root)
        assert "petrenko-oleh" in result.stdout
        assert canary not in result.stdout + result.stderr


def _surname(i):
    syllables = ["ba", "ko", "ri", "su", "me", "tal", "vy", "no", "pe", "dro"]
    return "".join(syllables[int(d)] for d in f"{i:03d}").capitalize()


def test_many_cases_sharing_a_given_name_are_split_not_skipped():
    """A common given name makes a big group; the finder splits it and still finds the pair."""
    persons = [dupes.profile(f"cases/p{i}.yaml",
                            case(f"p{i}", name={"en": f"Oleksandr {_surname(i)}"},
                                 born=str(1950 + i % 40)))
               for i in range(dupes.SMALL_BLOCK * 3)]
    persons.append(dupes.profile("cases/dup.yaml",
                                case("dup", name={"en": f"Aleksandr {_surname(7)}"},
                                     born="1957")))
    found = {frozenset((p.a.rel, p.b.rel)) for p in dupes.find(persons)}
    assert found == {frozenset(("cases/p7.yaml", "cases/dup.yaml"))}


def test_changed_since_in_a_dataset_below_the_repository_root(git_repo):
    ds = Dataset(git_repo.root / "data")
    ds.add(person("petrenko-oleh", {"en": "Oleh Petrenko"}))
    git_repo.git("add", "-A")
    git_repo.git("commit", "-qm", "data", date="2025-01-01T12:00:00+00:00")
    ds.add(person("petrenko-oleg", {"en": "Oleg Petrenko"}))
    result = invoke(["validate", "-C", "data", "--changed-since", "HEAD", "--format", "json"],
                 cwd=git_repo.root)
    payload = json.loads(result.stdout)
    assert payload["checked"] == 1
    assert [w["file"] for w in _warnings(result)] == ["cases/petrenko-oleg.yaml"]


def test_ratchet_compares_with_cached_summaries_of_clean_files(tmp_path):
    """`validate PATH` takes the other people from the clean cache; a stale cache entry from an
    older summary shape is never used (the cache format is part of its key)."""
    from kremlinlist.app.validate import validate

    ds = Dataset(tmp_path / "data")
    ds.add(case("petrenko-oleh", name={"en": "Oleh Petrenko", "uk": "Олег Петренко"}))
    assert validate(ds.root).problems == []  # fills the cache with the clean file's summary
    ds.add(case("petrenko-oleg", name={"en": "Oleg Petrenko"}))
    report = validate(ds.root, [str(ds.root / "cases" / "petrenko-oleg.yaml")])
    codes = [(p.file, p.code) for p in report.problems]
    assert ("cases/petrenko-oleg.yaml", "likely-duplicate") in codes


def test_dupes_takes_clean_public_people_from_the_caches_validate_keeps(tmp_path, monkeypatch):
    """After a `validate`, `dupes` prints the same as with no cache, a withheld look-alike
    included; and what it printed came from persons.tsv: a forged entry there changes it."""
    from kremlinlist.app.validate import validate
    from kremlinlist.caches import clean as cache_mod

    monkeypatch.setenv(cache_mod.CACHE_ENV, str(tmp_path / "cache"))
    ds = Dataset(tmp_path / "data", config={"repository": "private"})
    ds.add(person("petrenko-oleh", {"en": "Oleh Petrenko", "uk": "Олег Петренко"}, born="1980"))
    ds.add(person("petrenko-oleg", {"en": "Oleg Petrenko"}, born="1980"))
    ds.add(case("anon-2024-001", publicity="anonymous", name={"en": "Oleg Petrenko"}))
    ds.add(person("moroz-ivan", {"en": "Ivan Moroz"}, born="1970"))
    cold = dupes_json(ds.root)
    assert len(cold[1]["pairs"]) >= 2
    assert validate(ds.root).problems == []  # fills validate.tsv and persons.tsv
    assert dupes_json(ds.root) == cold
    persons = tmp_path / "cache" / "persons.tsv"
    header, _, rest = persons.read_bytes().partition(b"\n")
    body = rest[:-65].replace(b"\tivan moroz", b"\toleh petrenko")
    assert body != rest[:-65]
    data = header + b"\n" + body
    persons.write_bytes(data + b"\n" + cache_mod.hashlib.sha256(data).hexdigest().encode())
    forged = dupes_json(ds.root)[1]
    assert "cases/moroz-ivan.yaml" in {p for pair in forged["pairs"] for p in (pair["a"], pair["b"])}


def test_every_name_and_detention_counts_with_the_caches_as_without(tmp_path, monkeypatch):
    """A person is compared by up to MAX_NAMES names and by every detention alike: by `dupes`
    with an empty cache, by `dupes` after a `validate` (the persons' cache), and by the ratchet;
    a name past the bound counts nowhere."""
    from kremlinlist.app.validate import validate
    from kremlinlist.caches import clean as cache_mod

    monkeypatch.setenv(cache_mod.CACHE_ENV, str(tmp_path / "cache"))
    ds = Dataset(tmp_path / "data")
    letters = "bdflmnprtv"  # none that folding merges (y, j, q, w, x, g...) or doubles
    fillers = [f"Filler{a}{b} Nobody" for a in letters for b in letters if a != b][:48]
    detentions = [{"date": f"20{10 + i}-03-01", "type": "detained", "sources": ["s1"]}
                  for i in range(11)]
    detentions[-1]["date"] = "2009-05-01"  # the earliest, last
    ds.add(person("varnavsky-q", {"en": "Quintus Varnavsky"}, born="1980", region="UA-14",
                  events=[{"date": "2009-05-20", "type": "detained", "sources": ["s1"]}]))
    ds.add(person("many-names", {"en": "Someone Else"}, born="1980", region="UA-14",
                  aliases=[*fillers, "Quintus Varnavsky"], events=detentions))
    cold = dupes_json(ds.root)
    assert {frozenset(("cases/many-names.yaml", "cases/varnavsky-q.yaml"))} == pair_set(cold[1])
    assert "detained within a month of each other" in cold[1]["pairs"][0]["reasons"]
    assert validate(ds.root).problems == []
    assert dupes_json(ds.root) == cold
    ratchet = validate(ds.root, [str(ds.root / "cases" / "varnavsky-q.yaml")])
    assert [p.code for p in ratchet.problems] == ["likely-duplicate"]
    assert dupes.MAX_NAMES == 50  # the 50th name above was compared: one more is not
    ds.add(person("many-names", {"en": "Someone Else"}, born="1980", region="UA-14",
                  aliases=[*fillers, "Extra Filler", "Quintus Varnavsky"], events=detentions))
    assert validate(ds.root).problems == []
    past = dupes_json(ds.root)
    assert past[1]["pairs"] == [] and past == _without_cache(ds.root, monkeypatch, tmp_path)
    ratchet = validate(ds.root, [str(ds.root / "cases" / "varnavsky-q.yaml")])
    assert ratchet.problems == []


def _without_cache(root, monkeypatch, tmp_path):
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "no-cache-yet"))
    try:
        return dupes_json(root)
    finally:
        monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))


def test_a_withheld_person_is_never_kept_in_the_persons_cache(tmp_path, monkeypatch):
    """Even where a forged index calls a withheld person's file clean, the hook's run keeps
    nothing of them in persons.tsv."""
    from kremlinlist.app.validate import validate
    from kremlinlist.caches import clean as cache_mod

    monkeypatch.setenv(cache_mod.CACHE_ENV, str(tmp_path / "cache"))
    ds = Dataset(tmp_path / "data", config={"repository": "private"})
    ds.add(person("petrenko-oleh", {"en": "Oleh Petrenko"}, born="1980"))
    hidden = ds.add(case("anon-2024-001", publicity="hidden", name={"en": "Qzcanary Petrenko"}))
    assert validate(ds.root).problems == []
    header = (tmp_path / "cache" / "validate.tsv").read_bytes().split(b"\n", 1)[0].decode()
    index = cache_mod.CleanCache.open(ds.root, header.split("\t")[3], None)
    index.entries[cache_mod.blob_id(hidden.read_bytes())] = ("anon-2024-001", [], [])
    index.dirty = True
    index.save()
    (tmp_path / "cache" / "persons.tsv").unlink()
    validate(ds.root, [str(ds.root / "cases" / "petrenko-oleh.yaml")])
    body = (tmp_path / "cache" / "persons.tsv").read_bytes().split(b"\n")[1:-1]
    assert len(body) == 1 and b"oleh petrenko" in body[0]  # the public person alone


@pytest.mark.parametrize("date", ["1980-13", "2020-02-31", "0000", "\u0661\u0669\u0668\u0660"])
def test_a_forged_date_in_the_persons_cache_is_a_miss_not_a_crash(tmp_path, monkeypatch, date):
    from kremlinlist.app.validate import validate
    from kremlinlist.caches import clean as cache_mod

    monkeypatch.setenv(cache_mod.CACHE_ENV, str(tmp_path / "cache"))
    ds = Dataset(tmp_path / "data")
    ds.add(person("petrenko-oleh", {"en": "Oleh Petrenko"}, born="1980"))
    ds.add(person("petrenko-oleg", {"en": "Oleg Petrenko"}, born="1980"))
    cold = dupes_json(ds.root)
    asked = [str(ds.root / "cases" / "petrenko-oleg.yaml")]
    uncached = validate(ds.root, asked, use_cache=False)
    assert validate(ds.root).problems == []
    persons = tmp_path / "cache" / "persons.tsv"
    header, _, rest = persons.read_bytes().partition(b"\n")
    body = rest[:-65].replace(b"\t1980\t", f"\t{date}\t".encode())
    assert body != rest[:-65]
    data = header + b"\n" + body
    persons.write_bytes(data + b"\n" + cache_mod.hashlib.sha256(data).hexdigest().encode())
    assert dupes_json(ds.root) == cold
    assert validate(ds.root, asked) == uncached


def test_the_ratchet_names_a_look_alike_only_if_its_file_says_it_is_public(tmp_path):
    """A profile from a cache may claim a withheld person is public (forged): before a warning
    names the other file, that file is read again, and a withheld one is never named."""
    import dataclasses

    from kremlinlist.files import loader

    ds = Dataset(tmp_path / "data", config={"repository": "private"})
    ds.add(person("petrenko-oleh", {"en": "Oleh Petrenko"}, born="1980"))
    ds.add(case("anon-2024-001", publicity="hidden", name={"en": "Oleg Petrenko"}, born="1980"))
    people = [dupes.profile(rel, yamlsafe.parse(yamlsafe.read_text(
        loader.read_file(ds.root, rel)))[0]) for rel in ("cases/petrenko-oleh.yaml",
                                                         "cases/anon-2024-001.yaml")]
    forged = [people[0], dataclasses.replace(people[1], withheld=False)]
    for given in (people, forged):
        found = dupes.ratchet(ds.root, ["cases/petrenko-oleh.yaml"], people=given)
        assert [p.code for p in found] == ["likely-duplicate"]
        assert "anon-2024-001" not in found[0].message
    on_withheld = dupes.ratchet(ds.root, ["cases/anon-2024-001.yaml"], people=people)
    # on the withheld person's own file, not even a public look-alike is named
    assert on_withheld[0].message == dupes.MATCH_OF_WITHHELD


_PART_LETTERS = "aeiouklmnprstvyzhšžčїієґ'-"


_PART = st.text(alphabet=_PART_LETTERS, min_size=1, max_size=14)


@st.composite
def _near(draw):
    """A name part and another a few letters away from it (replaced, dropped, added or moved),
    where similarities sit near TOKEN_MIN."""
    a = draw(_PART)
    b = list(a)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(b)))
        kind = draw(st.sampled_from("replace drop add move".split()))
        letter = draw(st.sampled_from(_PART_LETTERS))
        if kind == "add" or not b:
            b.insert(at, letter)
        elif kind == "drop":
            del b[min(at, len(b) - 1)]
        elif kind == "replace":
            b[min(at, len(b) - 1)] = letter
        else:
            b.insert(at, b.pop(0))
    return a, "".join(b) or letter


@settings(max_examples=500)
@given(st.one_of(st.tuples(_PART, _PART), _near()))
def test_the_shared_letters_bound_never_changes_a_name_parts_similarity(pair):
    """Two name parts too few of whose letters are shared are not aligned by difflib: the
    similarity is used only from TOKEN_MIN up, and there it is difflib's, exactly."""
    import difflib

    a, b = pair

    exact = 1.0 if a == b else difflib.SequenceMatcher(None, *sorted((a, b))).ratio()
    found = name_likeness._ratio(a, b)
    assert (found >= name_likeness.TOKEN_MIN) == (exact >= name_likeness.TOKEN_MIN)
    if exact >= name_likeness.TOKEN_MIN:
        assert found == exact


def test_the_bound_skips_difflib_for_parts_with_few_letters_in_common():
    assert name_likeness._shared_letters("petrenko", "kovalchuk") == 2  # one k, one o
    assert name_likeness._ratio("petrenko", "kovalenko") == 0.0
    assert name_likeness._ratio("petrenko", "petrenka") == pytest.approx(0.875)


# -- the names' folding, and the hook's test of a file's text ---------------------------------------

NAME_CHARS = st.sampled_from(
    list("aAbBeEiIoOnNkKhHsStTyYjJxXwW") + list("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВГҐЄІЇЙЩЬЮЯ")
    + list("'’ʼ`´‘ \t-.,:#[]{}\"\n") + ["\u0301", "\u0306", "é", "İ", "ı", "ß", "Σ", "ǅ", "ﬁ",
                                     "\u200b", "😀", "0", "7"])
NAMES = st.text(NAME_CHARS, max_size=40)


def _latin_by_character(text: str) -> str:
    """names._latin as it was written before it was made a pass of str.translate."""
    import unicodedata

    text = unicodedata.normalize("NFC", text).lower()
    text = "".join(names.CYRILLIC_TO_LATIN.get(ch, ch) for ch in text
                   if ch not in names._APOSTROPHES)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@settings(max_examples=examples(300))
@given(st.one_of(NAMES, st.text(max_size=40)))
def test_the_latin_form_is_the_same_as_by_character(text):
    assert names._latin(text) == _latin_by_character(text)


@settings(max_examples=examples(200))
@given(NAMES, st.integers(1, 5))
def test_first_parts_are_the_first_of_all_parts(name, count):
    assert names.first_parts(name, count) == names.normalize(name)[:count]


@settings(max_examples=examples(300))
@given(st.lists(NAMES, min_size=1, max_size=4), st.lists(NAMES, max_size=3))
def test_every_part_of_a_name_written_without_escapes_is_a_part_of_the_files_text(written,
                                                                                    aliases):
    """What lets `validate PATH` skip parsing a withheld file whose text shares no name part with
    the asked file's: dumped as YAML (quoted, folded, in flow or block style as the dumper
    chooses), every name's parts are parts of the whole text, unless the text has escapes."""
    data = case("qq-test", name=dict(zip(("en", "uk", "ru", "crh"), written)), aliases=aliases)
    text = dump(data)
    if "\\" in text:
        return
    person = dupes.profile("cases/qq-test.yaml", yamlsafe.parse(text)[0])
    assert person is not None
    in_text = names.parts_in_text(text)
    assert {part for name in person.names for part in name} <= in_text


def test_the_reasons_are_said_in_the_language_of_messages(tmp_path):
    """`kremlinlist --lang uk dupes` gave its reasons in English; JSON keeps them English."""
    ds = Dataset(tmp_path / "d")
    ds.add(person("first", {"en": "Oleksandr Kovalchuk"}))
    ds.add(person("second", {"en": "Alexander Kovalchuk"}))
    uk = invoke(["--lang", "uk", "dupes"], ds.root)
    assert uk.returncode == 1 and "той самий регіон" in uk.stdout, uk.stdout
    assert "the same region" not in uk.stdout
    assert "the same region" in invoke(["dupes"], ds.root).stdout


def test_the_review_parses_each_version_of_a_changed_dupes_yaml_once(git_repo, monkeypatch):
    """The review of a change to dupes.yaml parsed the new version twice, once for its own
    problems and once for the pairs naming the cases it re-judges: one parse serves both."""
    from kremlinlist.app.review import diff_revisions

    ds = Dataset(git_repo.root)
    for cid, name in (("petrenko-oleh", "Oleh Petrenko"), ("petrenko-oleg", "Oleg Petrenko"),
                      ("bondar-taras", "Taras Bondar")):
        ds.add(person(cid, {"en": name}))
    entry = {"reason": "different fathers in the court records", "by": "test-editor"}
    old = dump({"different": [{"pair": ["bondar-taras", "petrenko-oleh"], **entry}]})
    new = dump({"different": [{"pair": ["petrenko-oleg", "petrenko-oleh"], **entry}]})
    ds.write("dupes.yaml", old)
    git_repo.git("add", "-A")
    git_repo.git("commit", "-qm", "old", date="2025-01-01T12:00:00+00:00")
    ds.write("dupes.yaml", new)
    git_repo.git("commit", "-qam", "new", date="2025-02-01T12:00:00+00:00")
    parsed: list[str] = []
    real = yamlsafe.parse

    def spy(text, track=False):
        parsed.append(text)
        return real(text, track)

    monkeypatch.setattr(yamlsafe, "parse", spy)
    log = diff_revisions(git_repo.root, "HEAD~1", "HEAD")
    assert (parsed.count(old), parsed.count(new)) == (1, 1)
    assert log.affected_by == ["dupes.yaml"] and not log.problems
    assert sorted(e.id for e in log.affected) == ["bondar-taras", "petrenko-oleg",
                                                  "petrenko-oleh"]
