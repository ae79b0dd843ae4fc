"""What the duplicate finder may cost: a pull request of files of many names drawn from common
given names made every pair of them 2,500 name comparisons (60 files: over five minutes of
`validate --changed-since`). The work is counted here, not timed. Fictional people only."""

import random

import pytest
from factory import case

from kremlinlist.checks import duplicates as dupes
from kremlinlist.checks import name_likeness
from kremlinlist.model.dates import PartialDate

GIVEN = ["Ivan", "Petro", "Mykola", "Oleksandr", "Andrii", "Serhii", "Volodymyr", "Yurii",
         "Vasyl", "Dmytro"]


def _flood(count, aliases, seed, first=None, own=False):
    """`count` case files of `aliases` names of four common given names each (`first`, if
    given, begins every name); with `own`, the last of the four is the file's own word, so no
    two files share a name and every pair must be scored (no exact match ends it early)."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        names = [" ".join(([first] if first else []) + rng.sample(GIVEN, 4 - bool(first) - own)
                          + ([f"Zorian{chr(97 + i % 26)}{chr(97 + i // 26)}"] if own else []))
                 for _ in range(aliases)]
        out.append(dupes.profile(f"cases/flood-{i:03d}.yaml",
                                 case(f"flood-{i:03d}", name={"en": names[0]}, aliases=names)))
    return out


@pytest.fixture
def counted(monkeypatch):
    """How many names (name_score) and name parts (_ratio) the finder compares."""
    calls = {"names": 0, "parts": 0}
    name_score, ratio = name_likeness.name_score, name_likeness._ratio

    def names(a, b):
        calls["names"] += 1
        return name_score(a, b)

    def parts(a, b):
        calls["parts"] += 1
        return ratio(a, b)

    monkeypatch.setattr(name_likeness, "name_score", names)
    monkeypatch.setattr(name_likeness, "_ratio", parts)
    return calls


@pytest.mark.parametrize("files, aliases", [(12, 50), (16, 31), (16, 20)])
def test_a_flood_of_files_of_many_names_costs_a_bounded_number_of_comparisons(counted, files,
                                                                              aliases):
    """Each file asked about spends at most COMPARISONS name comparisons on the others (each
    of at most 24 orders of 4 parts), whatever they hold: the ratchet of `validate` on the
    files of a pull request, and `dupes` on a dataset they were merged into."""
    flood = _flood(files, aliases, seed=files * aliases, own=True)
    bound = files * dupes.COMPARISONS
    pairs = files * (files - 1) // 2
    assert pairs * name_likeness.PAIR_COMPARISONS > bound  # unbounded, they would spend more
    dupes.find(flood, only=[p.rel for p in flood])
    assert 0 < counted["names"] <= bound
    assert counted["parts"] <= 24 * 4 * bound
    counted["names"] = counted["parts"] = 0
    dupes.find(flood)
    assert counted["names"] <= bound
    assert counted["parts"] <= 24 * 4 * bound


def test_one_pair_costs_at_most_pair_comparisons_and_a_name_both_have_none(counted):
    """Two persons of 50 names are compared by their first 20 each (their own names first); a
    name both have, in any order, is found without comparing names at all."""
    def of(rel, surname):
        names = tuple(("ivan", f"{surname}{k:02d}") for k in range(50))
        return dupes.CaseProfile(rel, rel, (), names, None, None, None, None)

    a, b = of("a", "petrenko"), of("b", "kovalenko")
    dupes.score(a, b)
    assert counted["names"] == name_likeness.PAIR_COMPARISONS == 20 * 20
    counted["names"] = 0
    twin = of("twin", "kovalenko")
    twin = dupes.CaseProfile("twin", "twin", (), (*twin.names[:49], a.names[-1][::-1]), None,
                             None, None, None)
    assert dupes.score(a, twin)[0] == 1.0 and counted["names"] == 0


def test_a_true_duplicate_is_found_among_a_flood_sharing_its_given_name():
    """A person's candidates are taken from its smallest groups first (a rarer shared part is
    stronger evidence): 40 files of 31 names beginning `Oleh`, listed first, do not use up what
    `Oleg Petrenko` may compare before `Oleh Petrenko` is compared."""
    flood = _flood(40, 31, seed=5, first="Oleh")
    mine = dupes.profile("cases/petrenko-oleg.yaml", case("petrenko-oleg",
                                                          name={"en": "Oleg Petrenko"}))
    theirs = dupes.profile("cases/petrenko-oleh.yaml", case("petrenko-oleh",
                                                            name={"en": "Oleh Petrenko"}))
    persons = [*flood, theirs, mine]
    assert len(flood) * 31 > dupes.COMPARISONS  # the flood alone would spend it
    wanted = frozenset((mine.rel, theirs.rel))
    assert wanted in {frozenset((p.a.rel, p.b.rel)) for p in dupes.find(persons,
                                                                         only=[mine.rel])}
    assert wanted in {frozenset((p.a.rel, p.b.rel)) for p in dupes.find(persons)}


PARTS = ["ivan", "ivanov", "petro", "petrenko", "petrenco", "oleh", "olih", "olehov", "marko",
         "marka", "markov", "serhii", "sergii", "kovalenko", "kovalenka", "li", "bo"]


def test_a_pair_scores_its_best_name_pair_as_before():
    """Below the bound nothing changes: the score of a pair is that of its best pair of names,
    each name of one tried with each of the other (a name both have, in another order, is 1.0
    at once), and every pair sharing a name part is compared."""
    rng = random.Random(11)
    people = []
    for i in range(120):
        written = {tuple(rng.choice(PARTS) for _ in range(rng.randint(1, 4)))
                   for _ in range(rng.randint(0, 5))}
        people.append(dupes.CaseProfile(
            f"cases/p{i}.yaml", f"p{i}", (), tuple(sorted(written)),
            rng.choice((None, PartialDate.parse(f"19{rng.randint(70, 73)}"))),
            rng.choice((None, "UA-09", "UA-14")), rng.choice((None, "male", "female")), None))
    for a, b in zip(people, people[1:]):
        every = max((name_likeness.name_score(x, y) for x in a.names for y in b.names), default=0.0)
        assert dupes.score(a, b) == dupes.score(a, b, every)
    small = people[:40]  # few enough that no one reaches the bound
    found = {(p.a.rel, p.b.rel): p.score for p in dupes.find(small, threshold=0.0)}
    expected = {}
    for i, a in enumerate(small):
        for b in small[i + 1:]:
            if not dupes.block_parts(a.names).isdisjoint(dupes.block_parts(b.names)):
                expected[a.rel, b.rel] = dupes.score(a, b)[0]
    assert found == expected
