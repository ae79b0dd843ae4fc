"""The clean-file cache may only ever skip work that would have found nothing."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import stat
import subprocess
import time

import pytest

import kremlinlist
from factory import CRITERIA, ORG, Dataset, GitRepo, case, dump
from kremlinlist.base import parallel
from kremlinlist.caches import clean as cache_mod
from kremlinlist.caches import tokens as tokens_mod
from kremlinlist.app.validate import validate


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    path = tmp_path / "cache"
    monkeypatch.setenv(cache_mod.CACHE_ENV, str(path))
    return path


def codes(report, rel=None):
    return {p.code for p in report.problems if rel is None or p.file == rel}


def stored(cache_dir) -> tuple[dict, dict, str]:
    """(stats, entries, key) as the cache file holds them."""
    header = (cache_dir / "validate.tsv").read_bytes().split(b"\n", 1)[0].decode()
    key = header.split("\t")[3]
    return (*cache_mod._parse(_index(cache_dir, key))[1:3], key)


def _index(cache_dir, key: str) -> str:
    """The cache file's index: its body after the voucher's line."""
    body = cache_mod.read_checked(cache_dir / "validate.tsv", cache_mod.CleanCache.KIND, key)
    return body.partition(b"\n")[2].decode()


def entries(cache_dir) -> dict:
    return stored(cache_dir)[1]


def tokens(cache_dir) -> set:
    """The withheld tokens the cache file holds."""
    return cache_mod._parse(_index(cache_dir, stored(cache_dir)[2]))[3]


def write_stored(cache_dir, stats: dict, entries: dict, key: str, withheld=(),
                 day: str = "2000-01-01") -> None:
    """A cache file as the tool writes it (for forgeries and damage), its verdicts holding from
    `day` (by default long ago: believed on any day)."""
    c = cache_mod.CleanCache(cache_dir / "validate.tsv", key)
    c.stats, c.entries, c.withheld, c.dirty = stats, entries, set(withheld), True
    c.day = day
    cache_dir.mkdir(parents=True, exist_ok=True)
    c.save()


def test_clean_files_are_cached_and_a_warm_run_agrees(dataset, cache_dir):
    dataset.add(case("petrenko-ivan"))
    dataset.add(case("koval-olena", name={"en": "Olena Koval", "uk": "Олена Коваль"}))
    first = validate(dataset.root, jobs=1)
    assert first.problems == []
    assert len(entries(cache_dir)) == 2
    second = validate(dataset.root, jobs=1)
    assert second.problems == [] and second.checked == first.checked


def test_editing_a_cached_file_shows_its_problem(dataset, cache_dir):
    path = dataset.add(case("petrenko-ivan"))
    assert validate(dataset.root, jobs=1).problems == []
    broken = case("petrenko-ivan")
    broken["events"][0]["type"] = "arrested"
    path.write_text(dump(broken), encoding="utf-8")
    report = validate(dataset.root, jobs=1)
    assert "invalid-value" in codes(report, "cases/petrenko-ivan.yaml")


@pytest.mark.parametrize("settled", [True, False])
def test_an_edit_that_keeps_size_and_time_still_shows(dataset, cache_dir, monkeypatch, settled):
    """A cache that trusted file size and modification time would miss this edit; the status
    change time (ctime) gives it away. Without `settled`, the file was written too recently for its
    status to be trusted at all; with it, the status is trusted and must be compared. Both are
    set, not left to the clock: on a loaded machine more than the 2 s after which a status is
    trusted can pass between the write and the check."""
    monkeypatch.setattr(cache_mod, "SETTLED_NS", 0 if settled else 10**18)
    path = dataset.add(case("petrenko-ivan"))
    st = os.stat(path)
    assert validate(dataset.root, jobs=1).problems == []
    stats = stored(cache_dir)[0]
    assert bool(stats) is settled
    if settled:
        time.sleep(0.05)  # let the kernel's coarse clock move on, so the write gets a new ctime
    path.write_text(path.read_text(encoding="utf-8").replace("detained", "arrested"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(path).st_size == st.st_size
    assert "invalid-value" in codes(validate(dataset.root, jobs=1), "cases/petrenko-ivan.yaml")


def test_changing_criteria_drops_the_cache(dataset, cache_dir):
    dataset.add(case("petrenko-ivan"))  # listed on criterion e
    assert validate(dataset.root, jobs=1).problems == []
    without_e = {**CRITERIA, "criteria": [c for c in CRITERIA["criteria"] if c["id"] != "e"]}
    dataset.write("criteria.yaml", dump(without_e))
    found = codes(validate(dataset.root, jobs=1), "cases/petrenko-ivan.yaml")
    assert "unknown-criterion" in found


def test_changing_the_dataset_config_drops_the_cache(dataset, cache_dir):
    dataset.write("kremlinlist.yaml", dump({"repository": "private"}))
    dataset.add(case("petrenko-ivan", private={"notes": "call the family first"}))
    assert validate(dataset.root, jobs=1).problems == []
    dataset.write("kremlinlist.yaml", dump({"repository": "public"}))
    assert "private-in-public-repository" in codes(validate(dataset.root, jobs=1))


def _forge_clean(dataset, cache_dir, rel: str) -> None:
    """Record a file as clean under the current key, as an older tool that missed a check would."""
    blob = cache_mod.blob_id((dataset.root / rel).read_bytes())
    stats, entries, key = stored(cache_dir)
    entries[blob] = ("petrenko-ivan", [], ["test-org"])
    write_stored(cache_dir, stats, entries, key)


def test_a_new_tool_version_discards_the_cache(dataset, cache_dir, monkeypatch):
    dataset.add(case("koval-olena", name={"en": "Olena Koval"}))
    validate(dataset.root, jobs=1)
    dataset.add(case("petrenko-ivan", events=[{"date": "2030-01-01", "type": "detained",
                                                "sources": ["s1"]}]))
    _forge_clean(dataset, cache_dir, "cases/petrenko-ivan.yaml")
    # The same version trusts its own cache: the forged entry hides the problem ...
    assert "future-date" not in codes(validate(dataset.root, jobs=1))
    # ... and a new version does not.
    monkeypatch.setattr(kremlinlist._version, "__version__", kremlinlist.__version__ + ".post1")
    assert "future-date" in codes(validate(dataset.root, jobs=1), "cases/petrenko-ivan.yaml")


H = b"kremlinlist clean files\tKEY\n"


@pytest.mark.parametrize("garbage", [
    b"", b"\n", b"\x00\xff garbage", b"kremlinlist clean files\tOTHERKEY\nE\t0",
    H + b"C\tBLOB\tpetrenko-ivan\t\ttest-org",  # cut short: no closing line
    H + b"C\tBLOB\tpetrenko-ivan\t\ttest-org\nE\t2",  # the closing line miscounts
    H + b"C\tBLOB\tpetrenko-ivan\nE\t1",
    H + b"C\tBLOB\tpetrenko-ivan\t\t\textra\nE\t1",
    H + b"C\tBLOB\t\t\t\nE\t1",
    H + b"C\tshort\tpetrenko-ivan\t\t\nE\t1",
    H + b"C\tBLOB\tpetrenko-ivan\t\t\nS\tcases/x.yaml\t1:2:3:4\nE\t2",
    H + b"C\tBLOB\tpetrenko-ivan\t\t\nX\tsomething\nE\t2",
    H + b"C\tBLOB\tpetrenko-ivan\t\t\n\xff\xfe\nE\t2",
])
def test_a_corrupt_cache_is_ignored(dataset, cache_dir, garbage):
    path = dataset.add(case("petrenko-ivan", assessment={"decision": "listed"}))
    from kremlinlist.files import loader

    key = cache_mod.fingerprint(*loader.settings_bytes(dataset.root))
    cache_dir.mkdir()
    (cache_dir / "validate.tsv").write_bytes(
        garbage.replace(b"KEY", key.encode()).replace(b"BLOB", cache_mod.blob_id(path.read_bytes()).encode()))
    report = validate(dataset.root, jobs=1)
    assert {"missing-key", "listed-without-criterion"} <= codes(report, "cases/petrenko-ivan.yaml")


def test_a_cache_folder_that_cannot_be_written_does_not_fail_validate(dataset, tmp_path,
                                                                      monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv(cache_mod.CACHE_ENV, str(blocker))
    dataset.add(case("petrenko-ivan"))
    dataset.write("cases/bad-id.yaml", dump(case("Bad Id")))
    for _ in range(2):
        report = validate(dataset.root, jobs=1)
        assert "invalid-value" in codes(report, "cases/bad-id.yaml")
        assert codes(report, "cases/petrenko-ivan.yaml") == set()
    assert blocker.read_text() == "a file where the cache folder should be"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only permissions")
def test_a_read_only_cache_folder_does_not_fail_validate(dataset, cache_dir):
    cache_dir.mkdir()
    cache_dir.chmod(0o500)
    try:
        dataset.add(case("petrenko-ivan"))
        assert validate(dataset.root, jobs=1).problems == []
    finally:
        cache_dir.chmod(0o700)


def test_a_renamed_file_with_the_same_content_still_gets_the_id_check(dataset, cache_dir):
    path = dataset.add(case("petrenko-ivan"))
    assert validate(dataset.root, jobs=1).problems == []
    path.rename(dataset.root / "cases" / "petrenko-ivan-2.yaml")
    assert "id-mismatch" in codes(validate(dataset.root, jobs=1), "cases/petrenko-ivan-2.yaml")


def test_two_files_with_identical_content(dataset, cache_dir):
    text = dump(case("petrenko-ivan"))
    dataset.write("cases/petrenko-ivan.yaml", text)
    dataset.write("cases/petrenko-ivan-copy.yaml", text)
    for _ in range(2):  # cold, then with the first file cached
        report = validate(dataset.root, jobs=1)
        assert "id-mismatch" in codes(report, "cases/petrenko-ivan-copy.yaml")
        assert "id-mismatch" not in codes(report, "cases/petrenko-ivan.yaml")
        assert "duplicate-id" in codes(report)


def test_cached_files_still_get_the_checks_across_files(dataset, cache_dir):
    dataset.add(case("petrenko-ivan"))
    assert validate(dataset.root, jobs=1).problems == []
    (dataset.root / "organizations" / "test-org.yaml").unlink()
    assert "unknown-organization" in codes(validate(dataset.root, jobs=1),
                                           "cases/petrenko-ivan.yaml")
    dataset.add(case("koval-olena", former_ids=["petrenko-ivan"], name={"en": "Olena Koval"}))
    assert "duplicate-id" in codes(validate(dataset.root, jobs=1), "cases/koval-olena.yaml")


def test_validating_one_path_does_not_trust_or_spoil_the_cache(dataset, cache_dir):
    good = dataset.add(case("petrenko-ivan"))
    dataset.add(case("koval-olena", name={"en": "Olena Koval"}))
    validate(dataset.root, jobs=1)
    broken = case("petrenko-ivan", born="1980-13")
    good.write_text(dump(broken), encoding="utf-8")
    only = validate(dataset.root, [str(good)], jobs=1)
    assert "invalid-value" in codes(only, "cases/petrenko-ivan.yaml")
    assert "invalid-value" in codes(validate(dataset.root, jobs=1), "cases/petrenko-ivan.yaml")


def test_the_cache_is_used_by_the_parallel_path_too(dataset, cache_dir, monkeypatch):
    from kremlinlist.app import validate as validate_mod

    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    for i in range(6):
        dataset.add(case(f"petrenko-ivan-{i}"))
    dataset.add(case("bad-year", born="19x0"))
    for _ in range(2):
        report = validate(dataset.root, jobs=2)
        assert codes(report) == {"invalid-value"}
        assert {p.file for p in report.problems} == {"cases/bad-year.yaml"}
    assert len(entries(cache_dir)) == 6


def test_a_cached_file_replaced_by_a_link_is_refused(dataset, cache_dir, monkeypatch, tmp_path):
    monkeypatch.setattr(cache_mod, "SETTLED_NS", 0)  # trust file status at once
    path = dataset.add(case("petrenko-ivan"))
    assert validate(dataset.root, jobs=1).problems == []
    outside = tmp_path / "outside.yaml"
    outside.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(outside)
    assert "symlink" in codes(validate(dataset.root, jobs=1), "cases/petrenko-ivan.yaml")


def test_a_cache_planted_in_the_dataset_is_not_trusted(tmp_path, monkeypatch):
    """A pull request can commit files anywhere in the checkout; the default cache is elsewhere."""
    import json

    from kremlinlist.caches.clean import blob_id, cache_dir, fingerprint
    from kremlinlist.app.validate import validate

    monkeypatch.delenv("KREMLINLIST_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    ds = Dataset(tmp_path / "data")
    bad = dump(case("petrenko-ivan", assessment={"decision": "listed", "criteria": ["e"],
                                                 "exclusions": ["war-crimes"], "by": ["test-org"]}))
    ds.write("cases/petrenko-ivan.yaml", bad)
    assert not str(cache_dir(ds.root)).startswith(str(ds.root))
    key = fingerprint((ds.root / "criteria.yaml").read_bytes(), b"")
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(ds.root / ".kremlinlist-cache"))
    write_stored(ds.root / ".kremlinlist-cache", {},
                 {blob_id(bad.encode()): ("petrenko-ivan", [], ["test-org"])}, key)
    assert validate(ds.root).problems == []  # the forgery works where a cache is trusted ...
    monkeypatch.delenv("KREMLINLIST_CACHE_DIR")
    codes = {p.code for p in validate(ds.root).problems}  # ... and the default is not there
    assert "listed-with-exclusion" in codes


@pytest.mark.parametrize("persons", ["kept", "deleted", "damaged"])
def test_validate_path_finds_a_duplicate_among_cached_files(dataset, cache_dir, persons):
    """`validate PATH` compares the new file with every other person; the others' fields come from
    the cache's persons.tsv, or are parsed again when it is missing or damaged."""
    dataset.add(case("petrenko-oleh", name={"en": "Oleh Petrenko", "uk": "Олег Петренко"},
                     born="1980"))
    dataset.add(case("koval-olena", name={"en": "Olena Koval"}))
    assert validate(dataset.root, jobs=1).problems == []
    assert (cache_dir / "persons.tsv").is_file()
    if persons == "deleted":
        (cache_dir / "persons.tsv").unlink()
    elif persons == "damaged":
        (cache_dir / "persons.tsv").write_bytes(b'kremlinlist cache\tpersons\t1\tx\n')
    new = dataset.add(case("petrenko-oleg", name={"en": "Oleg Petrenko", "uk": "Олег Петренко"},
                           born="1980"))
    for _ in range(2):  # the second run reads the persons the first one stored
        found = validate(dataset.root, [str(new)], jobs=1)
        assert "likely-duplicate" in codes(found, "cases/petrenko-oleg.yaml")
    assert "likely-duplicate" not in codes(validate(dataset.root, jobs=1))  # a ratchet only


def test_file_names_with_tabs_and_line_breaks_do_not_damage_the_cache(dataset, cache_dir,
                                                                      monkeypatch):
    monkeypatch.setattr(cache_mod, "SETTLED_NS", 0)
    dataset.add(case("petrenko-ivan"))
    dataset.write("cases/odd\tname\n,x.yaml", dump(case("petrenko-ivan")))
    first = validate(dataset.root, jobs=1)
    assert "id-mismatch" in codes(first, "cases/odd\tname\n,x.yaml")
    stats, entries, _ = stored(cache_dir)
    assert list(stats) == ["cases/petrenko-ivan.yaml"] and len(entries) == 1
    assert validate(dataset.root, jobs=1).problems == first.problems


def test_a_file_name_that_is_not_utf8_is_a_problem_not_a_crash(dataset, cache_dir, monkeypatch):
    """Such a name reaches Python with stand-ins for its bytes; the cache cannot hold it."""
    monkeypatch.setattr(cache_mod, "SETTLED_NS", 0)
    dataset.add(case("petrenko-ivan"))
    bad = os.path.join(os.fsencode(dataset.root / "cases"), b"\xff\xfe.yaml")
    with open(bad, "wb") as f:
        f.write(dump(case("petrenko-ivan")).encode())
    for _ in range(2):
        report = validate(dataset.root, jobs=1)
        assert report.problems and all(p.file != "cases/petrenko-ivan.yaml" or p.code ==
                                       "duplicate-id" for p in report.problems)
    assert list(stored(cache_dir)[0]) == ["cases/petrenko-ivan.yaml"]


@pytest.mark.parametrize("persons", ["deleted", "no cache yet"])
def test_validate_path_reads_the_other_files_on_workers_too(dataset, cache_dir, monkeypatch,
                                                           persons):
    """The other people's fields, parsed again (persons.tsv missing) or for the first time (no
    cache), come from forked workers when there are many files; the same warning results."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1)
    dataset.add(case("petrenko-oleh", name={"en": "Oleh Petrenko", "uk": "Олег Петренко"},
                     born="1980"))
    dataset.add(case("koval-olena", name={"en": "Olena Koval"}))
    if persons == "deleted":
        assert validate(dataset.root, jobs=2).problems == []
        (cache_dir / "persons.tsv").unlink()
    new = dataset.add(case("petrenko-oleg", name={"en": "Oleg Petrenko", "uk": "Олег Петренко"},
                           born="1980"))
    found = validate(dataset.root, [str(new)], jobs=2)
    assert codes(found) == {"likely-duplicate"}


def test_a_plain_warm_run_leaves_the_persons_file_to_the_run_that_asks(dataset, cache_dir):
    """A cold run writes every clean person's folded names; a plain run after an edit does not
    read or rewrite the file (a warm run stays cheap); `validate PATH` adds what it lacks."""
    from kremlinlist.caches.persons import KIND, _parse

    dataset.add(case("petrenko-oleh", name={"en": "Oleh Petrenko"}, born="1980"))
    dataset.add(case("koval-olena", name={"en": "Olena Koval"}))
    assert validate(dataset.root, jobs=1).problems == []
    persons = cache_dir / "persons.tsv"
    first = persons.read_bytes()
    key = first.split(b"\n", 1)[0].decode().split("\t")[3]
    assert len(_parse(cache_mod.read_checked(persons, KIND, key).decode())) == 2
    new = dataset.add(case("koval-oleg", name={"en": "Oleg Koval"}))
    assert validate(dataset.root, jobs=1).problems == []
    assert persons.read_bytes() == first
    validate(dataset.root, [str(new)], jobs=1)
    assert len(_parse(cache_mod.read_checked(persons, KIND, key).decode())) == 3


# -- a withheld person's clean file, known by a token alone ---------------------------------------

def withheld(cid: str = "qx-anon", **overrides) -> dict:
    return case(cid, **{"publicity": "anonymous", "born": "1911-11-11",
                        "name": {"en": "Qxlatin Testenko", "uk": "Квканарейка"}, **overrides})


@pytest.fixture
def private(tmp_path) -> Dataset:
    """A private repository's dataset, where a withheld person's file may name them, in a git
    checkout (whose git folder keeps the secret tokens are keyed with)."""
    GitRepo(tmp_path / "data")
    return Dataset(tmp_path / "data", config={"repository": "private"})


def token_key(dataset: Dataset, orgs=("test-org",)) -> tokens_mod.TokenKey:
    return tokens_mod.TokenKey(tokens_mod.token_secret(dataset.root), frozenset(orgs))


FUTURE = [{"date": "2030-01-01", "type": "detained", "sources": ["s1"]}]


def test_a_clean_withheld_file_is_kept_as_a_token_alone(private, cache_dir):
    path = private.add(withheld())
    private.add(case("petrenko-ivan"))
    cold = validate(private.root, use_cache=False, jobs=1)
    assert validate(private.root, jobs=1) == cold  # writes the cache
    assert len(tokens(cache_dir)) == 1 and len(entries(cache_dir)) == 1
    text = b"".join(p.read_bytes() for p in cache_dir.iterdir())
    for secret in ("qx-anon", "Qxlatin", "Квканарейка", "1911-11",
                   cache_mod.blob_id(path.read_bytes())):
        assert secret.encode() not in text, secret
    assert validate(private.root, jobs=1) == cold  # warm: known by its token
    assert len(tokens(cache_dir)) == 1


def test_a_warm_run_trusts_a_token_and_an_edit_misses_it(private, cache_dir):
    """Forged for a file with a problem, the token hides it (so the checks were skipped); once the
    file is edited, the token no longer matches."""
    private.add(case("petrenko-ivan"))
    validate(private.root, jobs=1)
    path = private.add(withheld(events=FUTURE))
    rel = "cases/qx-anon.yaml"
    assert "future-date" in codes(validate(private.root, jobs=1), rel)
    stats, kept, key = stored(cache_dir)
    forged = token_key(private).token(rel, cache_mod.blob_id(path.read_bytes()))
    write_stored(cache_dir, stats, kept, key, {forged})
    assert "future-date" not in codes(validate(private.root, jobs=1))
    path.write_text(dump(withheld(events=FUTURE, born="1911-13")), encoding="utf-8")
    assert {"future-date", "invalid-value"} <= codes(validate(private.root, jobs=1), rel)


def test_a_renamed_withheld_file_still_gets_the_id_check(private, cache_dir):
    path = private.add(withheld())
    assert validate(private.root, jobs=1).problems == []
    assert len(tokens(cache_dir)) == 1
    path.rename(private.root / "cases" / "qx-anon-2.yaml")
    assert "id-mismatch" in codes(validate(private.root, jobs=1), "cases/qx-anon-2.yaml")


def test_no_token_for_former_ids_or_an_unknown_organization(private, cache_dir):
    """A former id is compared with other files' ids on every run, and an organization missing
    from organizations/ is a problem across files that a token, keeping no `by`, would hide."""
    private.add(case("petrenko-ivan"))
    private.add(withheld(former_ids=["qx-old"]))
    private.add(withheld("qx-cites", assessment={**case()["assessment"], "by": ["no-such-org"]}))
    for _ in range(2):  # cold, then warm
        report = validate(private.root, jobs=1)
        assert codes(report) == {"unknown-organization"}
    assert tokens(cache_dir) == set() and len(entries(cache_dir)) == 1


def test_an_organization_removed_or_changed_reaches_the_withheld_files_citing_it(private,
                                                                                 cache_dir):
    other = private.write("organizations/other-org.yaml",
                          dump({**ORG, "id": "other-org", "name": {"en": "Other"}}))
    private.add(withheld(assessment={**case()["assessment"], "by": ["test-org", "other-org"]}))
    private.add(case("petrenko-ivan"))
    assert validate(private.root, jobs=1).problems == []
    assert len(tokens(cache_dir)) == 1
    # the file of an organization it cites, given by name: the cases citing it are reported on
    given = [str(other)]
    warm = validate(private.root, given, jobs=1)
    assert warm.checked == 2 and warm == validate(private.root, given, use_cache=False, jobs=1)
    other.unlink()
    warm = validate(private.root, jobs=1)
    assert "unknown-organization" in codes(warm, "cases/qx-anon.yaml")
    assert warm == validate(private.root, use_cache=False, jobs=1)


def test_tokens_are_keyed_with_a_secret_of_the_checkout_outside_the_cache(private, cache_dir,
                                                                          tmp_path, monkeypatch):
    """A cache copied without its checkout cannot confirm a guess of a withheld file's bytes (an
    earlier public version with only `publicity` changed, say): the same file gives another
    token in another checkout, and a dataset outside git gets none."""
    path = private.add(withheld())
    private.add(case("petrenko-ivan"))
    validate(private.root, jobs=1)
    secret = private.root / ".git" / tokens_mod.SECRET_FILE
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert not [p for p in cache_dir.rglob("*") if p.name == secret.name]
    mine = tokens(cache_dir)
    assert mine == {token_key(private).token("cases/qx-anon.yaml",
                                             cache_mod.blob_id(path.read_bytes()))}
    other = tmp_path / "other"
    GitRepo(other)
    shutil.copytree(private.root / "cases", other / "cases")
    shutil.copytree(private.root / "organizations", other / "organizations")
    for name in ("criteria.yaml", "kremlinlist.yaml"):
        shutil.copy(private.root / name, other / name)
    monkeypatch.setenv(cache_mod.CACHE_ENV, str(tmp_path / "other-cache"))
    validate(other, jobs=1)
    theirs = tokens(tmp_path / "other-cache")
    assert len(theirs) == 1 and theirs != mine
    shutil.rmtree(other / ".git")
    monkeypatch.setenv(cache_mod.CACHE_ENV, str(tmp_path / "no-git-cache"))
    validate(other, jobs=1)
    assert tokens(tmp_path / "no-git-cache") == set()


def test_a_token_goes_with_its_file_and_stays_through_a_run_that_does_not_look(private,
                                                                               cache_dir):
    path = private.add(withheld())
    private.add(withheld("qx-other", name={"en": "Second Person"}))
    org = private.root / "organizations" / "test-org.yaml"
    assert validate(private.root, jobs=1).problems == []
    assert len(tokens(cache_dir)) == 2
    assert validate(private.root, [str(org)], jobs=1).problems == []  # tokens not looked up
    assert len(tokens(cache_dir)) == 2
    path.unlink()
    validate(private.root, jobs=1)
    assert len(tokens(cache_dir)) == 1


def test_a_hooks_first_run_leaves_the_files_not_asked_about_known(private, cache_dir):
    """With no cache yet, the files not asked about are checked in full where the cache can keep
    them, a withheld person's as a token too, so that the next run is warm."""
    private.add(withheld())
    asked = private.add(case("petrenko-ivan"))
    validate(private.root, [str(asked)], jobs=1)
    assert len(tokens(cache_dir)) == 1 and len(entries(cache_dir)) == 1


def test_runs_at_once_agree_on_one_secret_and_a_damaged_one_is_replaced(tmp_path):
    """Two first runs at once must not key their tokens differently (each would then find none of
    the other's), and a damaged secret is made again, owner-only."""
    root = GitRepo(tmp_path / "repo").root
    with multiprocessing.get_context("fork").Pool(6) as pool:
        made = pool.map(tokens_mod.token_secret, [root] * 6)
    assert len(set(made)) == 1 and len(made[0]) == 32
    path = root / ".git" / tokens_mod.SECRET_FILE
    assert not [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    path.write_bytes(b"junk")
    fresh = tokens_mod.token_secret(root)
    assert fresh not in (None, made[0]) and tokens_mod.token_secret(root) == fresh
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_lost_persons_file_is_filled_again_by_the_next_run_that_asks(dataset, cache_dir):
    """The name-part test of `validate PATH` skips only persons the cache may not keep: a clean
    public file missing from persons.tsv is parsed and stored again, sharing a part or not."""
    from kremlinlist.caches.persons import KIND, _parse

    dataset.add(case("petrenko-oleh", name={"en": "Oleh Petrenko"}, born="1980"))
    dataset.add(case("koval-olena", name={"en": "Olena Koval"}))
    dataset.add(case("shevchenko-taras", name={"en": "Taras Shevchenko"}))
    assert validate(dataset.root, jobs=1).problems == []
    persons = cache_dir / "persons.tsv"
    key = persons.read_bytes().split(b"\n", 1)[0].decode().split("\t")[3]
    persons.unlink()
    new = dataset.add(case("zz-newcomer", name={"en": "Zoryana Newcomer"}))
    validate(dataset.root, [str(new)], jobs=1)
    assert len(_parse(cache_mod.read_checked(persons, KIND, key).decode())) == 4


# -- a release's month-end commit: the same tokens, looked up by the blob ids git names ----------

def _committed(dataset: Dataset):
    """Everything in the dataset committed; its GitClient, commit and case files' listing."""
    from kremlinlist.history.git import GitClient

    for args in (["add", "-A"], ["commit", "-qm", "data"]):
        subprocess.run(["git", *args], cwd=dataset.root, check=True, capture_output=True)
    git = GitClient(dataset.root)
    commit = git.resolve("HEAD")
    return git, commit, git.changed_files(None, commit)


def test_a_release_knows_a_clean_withheld_file_by_its_token(private, cache_dir):
    """The month-end commit's withheld file that `validate` kept as a token is not read again
    (no snapshot record is made of it); a forged token hides a problem, so the token is what
    is used; a release that checked the file itself leaves the token for `validate`."""
    from kremlinlist.app.release import validate_snapshot

    path = private.add(withheld())
    private.add(case("petrenko-ivan"))
    blob = cache_mod.blob_id(path.read_bytes())
    git, commit, listing = _committed(private)
    problems, records = validate_snapshot(git, commit, listing)
    assert problems == [] and blob in records  # no cache yet: read and checked
    assert len(tokens(cache_dir)) == 1  # ... and kept as a token
    assert validate(private.root, jobs=1).problems == []  # warm: the release's token
    problems, records = validate_snapshot(git, commit, listing)
    assert problems == [] and records == {}

    path.write_text(dump(withheld(events=FUTURE)), encoding="utf-8")
    git, commit, listing = _committed(private)
    rel, bad = "cases/qx-anon.yaml", cache_mod.blob_id(path.read_bytes())
    assert "future-date" in {p.code for p in validate_snapshot(git, commit, listing)[0]}
    stats, kept, key = stored(cache_dir)
    write_stored(cache_dir, stats, kept, key, {token_key(private).token(rel, bad)})
    assert validate_snapshot(git, commit, listing)[0] == []


def test_a_link_is_never_known_by_a_token(private, cache_dir):
    from kremlinlist.caches.clean_blobs import CleanBlobs

    key = token_key(private)
    cache = cache_mod.CleanCache(cache_dir / "validate.tsv", "k")
    cache.withheld = {key.token("cases/qx-anon.yaml", "ab" * 20)}
    seam = CleanBlobs(cache, key)
    assert seam.split([("cases/qx-anon.yaml", "ab" * 20 + ":100644")])[1] == []
    assert seam.split([("cases/qx-anon.yaml", "ab" * 20 + ":120000")]) == (
        {}, [("cases/qx-anon.yaml", "ab" * 20 + ":120000")])
    assert CleanBlobs(cache, None).split([("cases/qx-anon.yaml", "ab" * 20 + ":100644")])[0] == {}


def test_a_verdict_is_believed_from_its_day_on_never_before(private, cache_dir):
    """A date after today is the one finding that depends on the day, and only an earlier day
    can make it: a verdict made on a day holds on every later day (the cache is used), never on
    an earlier one (another time zone's date, or a day given): then the file is checked."""
    from datetime import date

    from kremlinlist.app.release import validate_snapshot

    tomorrow = [{"date": "2026-12-03", "type": "detained", "sources": ["s1"]}]
    private.add(case("petrenko-ivan"))
    path = private.add(withheld(events=tomorrow))
    public = private.add(case("moroz-olha", events=tomorrow))
    dec2, dec3, dec4 = date(2026, 12, 2), date(2026, 12, 3), date(2026, 12, 4)
    assert validate(private.root, jobs=1, today=dec3).problems == []  # both kept as clean
    assert len(tokens(cache_dir)) == 1 and len(entries(cache_dir)) == 2
    late = validate(private.root, jobs=1, today=dec2)
    assert {(p.file, p.code) for p in late.problems} == {
        ("cases/qx-anon.yaml", "future-date"), ("cases/moroz-olha.yaml", "future-date")}
    git, commit, listing = _committed(private)
    assert {p.code for p in validate_snapshot(git, commit, listing, dec2)[0]} == {"future-date"}
    # a forged verdict, made "on" Dec 3, hides a problem on Dec 4 (so the cache is used then)
    path.write_text(dump(withheld(events=FUTURE)), encoding="utf-8")
    stats, kept, key = stored(cache_dir)
    forged = token_key(private).token("cases/qx-anon.yaml", cache_mod.blob_id(path.read_bytes()))
    write_stored(cache_dir, stats, kept, key, {forged}, day="2026-12-03")
    assert validate(private.root, jobs=1, today=dec4).problems == []
    write_stored(cache_dir, stats, kept, key, {forged}, day="2026-12-05")
    assert "future-date" in codes(validate(private.root, jobs=1, today=dec4), "cases/qx-anon.yaml")
    assert public.exists()
