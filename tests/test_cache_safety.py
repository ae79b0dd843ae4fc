"""Caches hold nothing about a withheld person, live in the checkout's git folder, owner-only, and a
damaged cache file is a miss: every command's output is the same bytes as without a cache."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from datetime import date
import stat
from pathlib import Path

import pytest
from factory import CRITERIA, ORG, GitRepo, case, dump, examples, person, put, seed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kremlinlist.caches import series as series_memo
from kremlinlist.caches import clean as cache_mod
from kremlinlist.caches import snapshots as snapcache
from kremlinlist.cli import app
from kremlinlist.publish import series

# Fictional canaries, Latin and Cyrillic, in every field of the withheld people
ANON_ID, HIDDEN_ID = "qxanon-kanareika", "qxhidden-prykhovanyi"
CANARIES = (
    ANON_ID, HIDDEN_ID, "qxformer-anon", "qxformer-hidden", "Qxlatinanon", "Квканарейка",
    "Qxlatinhidden", "Квприхований", "Qxaliasanon", "Кваліас", "1911-11-11", "1912-12-12",
    "2019-07-19", "2018-08-18", "UA-09", "UA-14",
)


def _withheld(former_ids: bool = True) -> list[dict]:
    formers = (["qxformer-anon"], ["qxformer-hidden"]) if former_ids else ([], [])
    anon = case(ANON_ID, publicity="anonymous", former_ids=formers[0],
                name={"en": "Qxlatinanon Testenko", "uk": "Квканарейка Тестенко"},
                aliases=["Qxaliasanon", "Кваліас"], born="1911-11-11", region="UA-09",
                events=[{"date": "2019-07-19", "type": "detained", "sources": ["s1"]}])
    hidden = case(HIDDEN_ID, publicity="hidden", former_ids=formers[1],
                  name={"en": "Qxlatinhidden Probenko", "uk": "Квприхований Пробенко"},
                  born="1912-12-12", region="UA-14",
                  events=[{"date": "2018-08-18", "type": "detained", "sources": ["s1"]}])
    return [anon, hidden]


def _public(cid: str, en: str, detained: str = "2020-03-10") -> dict:
    return case(cid, name={"en": en, "uk": en},
                events=[{"date": detained, "type": "detained", "sources": ["s1"]}])


def make_repo(root: Path, public_only: bool = False, former_ids: bool = True) -> GitRepo:
    """A private repository with two months of history: public people and, unless
    `public_only`, an anonymous and a hidden one carrying the canaries (and former ids unless not
    `former_ids`)."""
    repo = GitRepo(root)
    people = [_public("aa-first", "Aaron First"), _public("bb-second", "Bella Second")]
    if not public_only:
        people += _withheld(former_ids)
    files = {"criteria.yaml": dump(CRITERIA), "organizations/test-org.yaml": dump(ORG),
             "kremlinlist.yaml": dump({"repository": "private", "timezone": "UTC"})}
    files.update({f"cases/{c['id']}.yaml": dump(c) for c in people})
    repo.commit("seed", "2024-01-10T12:00:00+00:00", files)
    later = {"cases/cc-third.yaml": dump(_public("cc-third", "Cyril Third", "2024-02-02"))}
    if not public_only:
        edited = _withheld(former_ids)[0]
        edited["events"] = [*edited["events"], {"date": "2024-02-05", "type": "released",
                                                "how": "exchange", "sources": ["s1"]}]
        later[f"cases/{ANON_ID}.yaml"] = dump(edited)
    repo.commit("february", "2024-02-20T12:00:00+00:00", later)
    return repo


@pytest.fixture
def repo(tmp_path, monkeypatch) -> GitRepo:
    monkeypatch.delenv(cache_mod.CACHE_ENV, raising=False)  # the default place: the git folder
    return make_repo(tmp_path / "repo")


def commands(root: Path, out: Path) -> list[list[str]]:
    c = ["-C", str(root)]
    return [
        ["validate", *c], ["validate", *c, f"cases/{ANON_ID}.yaml", "cases/aa-first.yaml"],
        ["validate", *c, f"cases/{HIDDEN_ID}.yaml"], ["dupes", *c, "--format", "json"],
        ["stats", *c], ["stats", *c, "--over-time", "--format", "csv"],
        ["export", *c, "--format", "json", "--as-of", "2024-03-01"],
        ["export", *c, "--format", "html", "--as-of", "2024-03-01", "--rev", "HEAD"],
        ["release", *c, "--month", "2024-01", "--out", str(out), "--force"],
        ["release", *c, "--month", "2024-02", "--out", str(out), "--force"],
    ]


def outputs(root: Path, out: Path) -> list:
    """Every command's exit code and output, and every file the releases wrote."""
    runner = CliRunner()
    seen = []
    for args in commands(root, out):
        result = runner.invoke(app, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        seen.append((args[0], result.exit_code, result.stdout))
    seen.append(sorted((p.name, p.read_bytes()) for p in out.iterdir()))
    return seen


def cache_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_the_cache_lives_in_the_git_folder_and_holds_no_withheld_person(restored):
    """What a run with no cache writes, then read by a warm run, then written again by a run with
    no cache, which is what is searched."""
    repo, out, cold, folder = restored  # `cold`: every output of the module's run with no cache
    assert folder == repo.root / ".git" / "kremlinlist-cache"
    assert outputs(repo.root, out) == cold  # warm
    shutil.rmtree(folder)
    assert outputs(repo.root, out) == cold  # cold again
    files = cache_files(folder)
    names = {p.name for p in files}
    assert {"validate.tsv", "persons.tsv", "history-series.json", "history-held.json",
            "worktree.json"} <= names
    assert any(n.startswith("snap-") for n in names)
    for path in [folder, *folder.rglob("*")]:
        rel = path.relative_to(folder).as_posix()
        assert not [c for c in CANARIES if c.lower() in rel.lower()], rel
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (rel, oct(mode))
        if path.is_file():
            data = path.read_bytes()
            for canary in CANARIES:
                assert canary.encode() not in data, (rel, canary)
                assert canary.encode("unicode_escape") not in data, (rel, canary)
    # the withheld people are in the outputs' counts, so they were read, not skipped
    assert '"count"' in cold[4][2] or cold[4][2]


def test_withheld_people_without_former_ids_leave_only_tokens(tmp_path, monkeypatch):
    """Such a person's clean file is known to a warm run by a one-way token: the cache still
    holds no canary and no blob id of theirs, and every output is the same bytes as before."""
    monkeypatch.delenv(cache_mod.CACHE_ENV, raising=False)
    repo = make_repo(tmp_path / "repo", former_ids=False)
    out = tmp_path / "out"
    first = outputs(repo.root, out)  # no cache to read: it is written
    folder = cache_mod.cache_dir(repo.root)
    index = cache_mod.CleanCache.open(repo.root, _frame(folder / "validate.tsv")[0]
                                      .decode().split("\t")[3].strip(), None)
    # the two withheld files, and January's version of one, which a release of January checked
    assert len(index.withheld) == 3 and len(index.entries) == 3
    assert outputs(repo.root, out) == first  # warm
    withheld_blobs = {cache_mod.blob_id((repo.root / "cases" / f"{cid}.yaml").read_bytes())
                      for cid in (ANON_ID, HIDDEN_ID)}
    withheld_blobs.add(cache_mod.blob_id(dump(_withheld(False)[0]).encode()))  # January's
    for path in cache_files(folder):
        data = path.read_bytes()
        for secret in (*CANARIES, *withheld_blobs):
            assert secret.encode() not in data, (path.name, secret)
            assert secret.encode("unicode_escape") not in data, (path.name, secret)


def test_the_canaries_would_be_seen(repo, tmp_path):
    """The canary search finds what a cache without the rule would hold: a withheld person's
    record as the snapshot cache builds it."""
    from kremlinlist.model.case import Case

    rec = snapcache.record(Case.model_validate(_withheld()[0]))
    text = json.dumps(rec, ensure_ascii=False).encode()
    assert ANON_ID.encode() in text and b"2019-07-19" in text and b"UA-09" in text
    assert not snapcache.storable(rec)


def _frame(path: Path) -> tuple[bytes, bytes]:
    """(header line, body) of a cache file."""
    data = path.read_bytes()
    header, _, rest = data.partition(b"\n")
    return header + b"\n", rest[:-65]


def _reframe(path: Path, header: bytes, body: bytes) -> None:
    """Write `body` under `header` with a valid checksum, as the tool would."""
    data = header + body
    path.write_bytes(data + b"\n" + hashlib.sha256(data).hexdigest().encode())


def _wrong_types(value):
    """Ints become strings and strings ints, keys kept: JSON that parses, of the wrong shape."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return 7
    if isinstance(value, list):
        return [_wrong_types(v) for v in value]
    return {k: _wrong_types(v) for k, v in value.items()}


def damage(path: Path, how: str, other: Path | None) -> None:
    data = path.read_bytes()
    if how == "flip":
        i = len(data) // 2
        path.write_bytes(data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1:])
    elif how == "flip-last":
        path.write_bytes(data[:-1] + bytes([data[-1] ^ 0x01]))
    elif how == "truncate":
        path.write_bytes(data[: len(data) * 2 // 3])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "wrong-version":
        header, body = _frame(path)
        fields = header.split(b"\t")
        fields[2] = str(cache_mod.FRAME + 1).encode()
        _reframe(path, b"\t".join(fields), body)
    elif how == "wrong-shape":
        header, body = _frame(path)
        if path.name == "validate.tsv":
            body += b"\nC\tnot-a-blob\tx"
        elif path.name == "persons.tsv":
            body += b"\n" + b"0" * 40 + b"\tOleh\t\t\t\t"
        else:
            body = json.dumps(_wrong_types(json.loads(body))).encode()
        _reframe(path, header, body)
    elif how == "extra-data":
        header, body = _frame(path)
        if path.name == "validate.tsv":
            body += b"\nS\tcases/aa-first.yaml\t1:2:3:4\t" + b"0" * 40
        elif path.name == "persons.tsv":
            body += b"\n" + b"0" * 40 + b"\taaa bbb\t1980\t\t\t"
        else:
            body = json.dumps([json.loads(body), 1]).encode()
        _reframe(path, header, body)
    elif how == "another-dataset":
        assert other is not None
        path.write_bytes(other.read_bytes())
    elif how == "stale-checksum":
        # a plausible edit (one digit of a count, a date or an id) under the old checksum: the
        # body still parses and has the right shape, so only the checksum can refuse it
        header, body = _frame(path)
        i = max(i for i, b in enumerate(body) if 0x30 <= b <= 0x39)
        edited = body[:i] + str((body[i] - 0x30 + 1) % 10).encode() + body[i + 1:]
        path.write_bytes(header + edited + path.read_bytes()[-65:])


DAMAGES = ["flip", "flip-last", "truncate", "empty", "wrong-version", "wrong-shape",
           "extra-data", "another-dataset", "stale-checksum"]


@pytest.fixture(scope="module")
def cold(tmp_path_factory) -> tuple[GitRepo, Path, list, Path]:
    """The repository, every command's output with no cache to read, and a copy of the cache
    files that run wrote: made once for all the damaged-cache cases, each of which puts those
    files back before damaging them (a run with no cache cost a second a case)."""
    top = tmp_path_factory.mktemp("cold")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(cache_mod.CACHE_ENV, raising=False)  # the default place: the git folder
        repo = make_repo(top / "repo")
        uncached = outputs(repo.root, top / "out")
        folder = cache_mod.cache_dir(repo.root)
    assert {p.name for p in cache_files(folder)} >= {"validate.tsv", "persons.tsv",
                                                       "history-series.json", "worktree.json"}
    shutil.copytree(folder, top / "written")  # copy2: the modes too
    return repo, top / "out", uncached, top / "written"


@pytest.fixture
def restored(cold, monkeypatch) -> tuple[GitRepo, Path, list, Path]:
    """`cold`, its cache folder put back as the run with no cache wrote it, byte for byte."""
    monkeypatch.delenv(cache_mod.CACHE_ENV, raising=False)
    repo, out, uncached, written = cold
    folder = cache_mod.cache_dir(repo.root)
    shutil.rmtree(folder)
    shutil.copytree(written, folder)
    return repo, out, uncached, folder


@pytest.mark.parametrize("how", DAMAGES)
def test_a_damaged_cache_file_is_a_miss_and_changes_no_output(restored, tmp_path, how):
    repo, out, uncached, folder = restored
    others: dict[str, Path] = {}
    if how == "another-dataset":
        other = make_repo(tmp_path / "other", public_only=True)
        outputs(other.root, tmp_path / "other-out")
        other_folder = cache_mod.cache_dir(other.root)
        for p in cache_files(other_folder):
            others[p.name if not p.name.startswith("snap-") else "snap"] = p
    for path in cache_files(folder):
        damage(path, how, others.get(path.name if not path.name.startswith("snap-") else "snap"))
    assert outputs(repo.root, out) == uncached
    assert outputs(repo.root, out) == uncached  # and the files written back are good


def test_a_damaged_series_count_gives_no_crash(restored):
    """Counts of the wrong type (damage the checksum would catch, written here with a valid
    one) are computed again: no internal error, no other number published."""
    repo, out, good, _ = restored
    path = cache_mod.cache_dir(repo.root) / "history-series.json"
    header, body = _frame(path)
    memo = json.loads(body)
    assert memo  # something to damage
    for point in memo.values():
        point["count"], point["added"] = None, [point["added"]]
    _reframe(path, header, json.dumps(memo).encode())
    assert outputs(repo.root, out) == good


def test_a_worktree_keeps_its_cache_in_its_own_git_folder(repo, tmp_path):
    repo.git("worktree", "add", "-q", str(tmp_path / "wt"), "HEAD")
    folder = cache_mod.cache_dir(tmp_path / "wt")
    assert (tmp_path / "wt" / ".git").is_file()
    assert folder.parent.parent == (repo.root / ".git" / "worktrees").resolve()
    assert folder.name == cache_mod.FOLDER
    assert CliRunner().invoke(app, ["validate", "-C", str(tmp_path / "wt")]).exit_code == 0
    assert (folder / "validate.tsv").is_file()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_dataset_in_a_subfolder_has_its_own_cache(repo, tmp_path):
    sub = repo.root / "sub"
    sub.mkdir()
    folder = cache_mod.cache_dir(sub)
    assert folder.parent == repo.root / ".git" / cache_mod.FOLDER
    assert folder != cache_mod.cache_dir(repo.root)


def test_a_dataset_outside_git_uses_the_user_cache(tmp_path, monkeypatch):
    monkeypatch.delenv(cache_mod.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    (tmp_path / "plain").mkdir()
    folder = cache_mod.cache_dir(tmp_path / "plain")
    assert folder.parent == tmp_path / "xdg" / "kremlinlist"
    monkeypatch.setenv(cache_mod.CACHE_ENV, str(tmp_path / "mine"))
    assert cache_mod.cache_dir(tmp_path / "plain") == tmp_path / "mine"


def test_cache_path_and_clear(repo, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    runner = CliRunner()
    folder = repo.root / ".git" / cache_mod.FOLDER
    shown = runner.invoke(app, ["cache", "path", "-C", str(repo.root)])
    assert shown.exit_code == 0 and shown.stdout.strip() == str(folder)
    assert runner.invoke(app, ["cache", "clear", "-C", str(repo.root)]).stdout.startswith("no ")
    assert runner.invoke(app, ["stats", "-C", str(repo.root), "--over-time"]).exit_code == 0
    assert folder.is_dir()
    legacy = cache_mod.user_cache_dir(repo.root)  # where earlier versions kept it
    (legacy / "snapshots").mkdir(parents=True)
    (legacy / "persons.json").write_text("{}")
    cleared = runner.invoke(app, ["cache", "clear", "-C", str(repo.root)])
    assert cleared.exit_code == 0 and not folder.exists() and not legacy.exists()
    assert (repo.root / ".git" / "HEAD").is_file() and (tmp_path / "xdg").is_dir()


@pytest.mark.parametrize("foreign", ["notes.txt", "snapshots/photo.jpg", "link"])
def test_cache_clear_refuses_a_folder_it_did_not_fill(tmp_path, monkeypatch, foreign, dataset):
    folder = tmp_path / "users-folder"
    monkeypatch.setenv(cache_mod.CACHE_ENV, str(folder))
    (folder / "snapshots").mkdir(parents=True)
    (folder / "validate.tsv").write_text("x")
    if foreign == "link":
        (folder / "link").symlink_to(tmp_path)
    else:
        (folder / foreign).write_text("keep me")
    result = CliRunner().invoke(app, ["cache", "clear", "-C", str(dataset.root)])
    assert result.exit_code == 1 and "nothing was removed" in result.stderr
    assert (folder / "validate.tsv").is_file()


def test_the_key_covers_the_code_not_only_the_version(tmp_path, monkeypatch):
    """An edit that keeps a file's size and time still changes the key."""
    pkg = tmp_path / "pkg"
    shutil.copytree(Path(cache_mod.__file__).parent.parent, pkg,
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_mod, "__file__", str(pkg / "caches" / "clean.py"))
    before = cache_mod.code_hash.__wrapped__()
    rules = pkg / "checks" / "criteria.py"
    st = rules.stat()
    text = rules.read_bytes()
    rules.write_bytes(text.replace(b"error", b"errox", 1))
    os.utime(rules, ns=(st.st_atime_ns, st.st_mtime_ns))
    edited = cache_mod.code_hash.__wrapped__()
    assert edited != before
    (pkg / "templates").mkdir(exist_ok=True)
    (pkg / "templates" / "new.html").write_text("x")
    assert cache_mod.code_hash.__wrapped__() not in (before, edited)


def test_a_changed_rule_drops_what_the_old_code_judged_clean(dataset, monkeypatch):
    from kremlinlist.app.validate import validate

    bad = case("petrenko-ivan")
    bad["events"][0]["type"] = "arrested"
    path = dataset.add(bad)
    key = cache_mod.fingerprint((dataset.root / "criteria.yaml").read_bytes(), b"")
    forged = cache_mod.CleanCache.open(dataset.root, key, date(2000, 1, 1))  # the old code thought it clean
    forged.put((path.name, cache_mod.blob_id(path.read_bytes())),
               {"id": "petrenko-ivan", "former_ids": [], "by": [],
                "person": {"publicity": "public"}})
    forged.save()
    assert validate(dataset.root, jobs=1).problems == []
    cache_mod.code_hash.cache_clear()
    monkeypatch.setattr(cache_mod, "code_hash", lambda: "the code changed")
    assert {p.code for p in validate(dataset.root, jobs=1).problems} == {"invalid-value"}


def test_the_snapshot_cache_leaves_out_withheld_records(tmp_path):
    public, anon = (["p", [], "public", None, ["P", None], None, [], ["listed", None, None], []],
                    ["a", [], "anonymous", "UA-09", None, None, [], ["listed", None, None], []])
    path = tmp_path / "snap.json"
    snapcache.write(path, {"cases/p.yaml": ["1" * 40, public], "cases/a.yaml": ["2" * 40, anon]},
                    {"3" * 40: anon})
    assert snapcache.read(path) == ({"cases/p.yaml": ["1" * 40, public]}, {})
    assert b"UA-09" not in path.read_bytes() and b"cases/a.yaml" not in path.read_bytes()


def test_a_series_memo_of_the_wrong_shape_is_empty(tmp_path):
    path = tmp_path / "s.json"
    good = {"2024-01:None:abc": {"month": "2024-01", "commit": "abc", "count": 1, "added": 1,
                                 "released": 0, "died": 0}}
    cache_mod.write_checked(path, series_memo.KIND, "k", json.dumps(good).encode())
    assert series_memo.read(path, "k") == good
    assert series_memo.read(path, "other key") == {}
    for bad in ({**good["2024-01:None:abc"], "count": "1"}, {**good["2024-01:None:abc"], "x": 1},
                {**good["2024-01:None:abc"], "commit": "abd"}, [1], None):
        cache_mod.write_checked(path, series_memo.KIND, "k",
                                json.dumps({"2024-01:None:abc": bad}).encode())
        assert series_memo.read(path, "k") == {}


@pytest.mark.parametrize("former_ids", [True, False])  # False: known by a token when warm
def test_duplicates_of_a_withheld_person_are_found_from_their_file(tmp_path, monkeypatch,
                                                                   former_ids):
    """Nothing of the withheld person is cached, so `validate PATH` reads their file again on a
    warm run (parsing it only if its text holds a part of the asked file's names), and still
    warns without naming them; a file sharing no name part with them is told the same as
    without a cache."""
    monkeypatch.delenv(cache_mod.CACHE_ENV, raising=False)
    repo = make_repo(tmp_path / "repo", former_ids=former_ids)
    runner = CliRunner()
    assert runner.invoke(app, ["validate", "-C", str(repo.root)]).exit_code == 0
    tokens = (cache_mod.cache_dir(repo.root) / "validate.tsv").read_bytes().count(b"\nW\t")
    assert tokens == (0 if former_ids else 2)
    twin = _withheld()[0]
    twin.update(id="zz-new-twin", publicity="public", former_ids=[])
    other = _public("zz-other-one", "Zoryana Unrelated")
    for person in (twin, other):
        (repo.root / "cases" / f"{person['id']}.yaml").write_text(dump(person), encoding="utf-8")
    for rel in ("cases/zz-new-twin.yaml", "cases/zz-other-one.yaml"):
        args = ["validate", "-C", str(repo.root), "--format", "json", rel]
        bare = runner.invoke(app, [*args, "--no-cache"]).stdout
        for _ in range(2):  # cold for the new file, then warm
            result = runner.invoke(app, args)
            assert result.stdout == bare
        found = [p for p in json.loads(bare)["problems"] if p["code"] == "likely-duplicate"]
        assert bool(found) == (rel == "cases/zz-new-twin.yaml") and ANON_ID not in bare
        assert not found or "withheld" in found[0]["message"]


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=30)


@settings(max_examples=examples(150), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_json)
def test_any_json_body_with_a_valid_checksum_is_read_without_a_crash(tmp_path, body):
    """Whatever shape a cache file's JSON has, the readers give a (possibly empty) memo and every
    record they hand on is rebuilt or refused with ValueError: never another exception."""
    data = json.dumps(body).encode()
    path = tmp_path / "f.json"
    cache_mod.write_checked(path, snapcache.KIND, snapcache.key(), data)
    files, near = snapcache.read(path)
    for rec in [*(item[1] for item in files.values()), *near.values()]:
        try:
            snapcache.lite(rec, {})
        except ValueError:
            pass
    cache_mod.write_checked(path, series_memo.KIND, "k", data)
    for point in series_memo.read(path, "k").values():
        series.MonthPoint(**point)


_RECORD = ["aa-first", [], "public", "UA-43", ["Aaron First", None], None,
           [["detained", "2020-03-10", "on", None, None, []],
            ["sentenced", "2021", "by", "8y", None, ["RU-CC-275"]]],
           ["listed", "2020-04", None], [["A report", "Test News", "2020-03-11", "https://x"]]]


@settings(max_examples=examples(300), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.lists(st.integers(0, 8), min_size=1, max_size=3), value=_json)
def test_a_record_damaged_anywhere_is_rebuilt_or_refused(tmp_path, where, value):
    """A valid record with any one part replaced (valid checksum: as a bug or forger would
    write it): `lite` gives a case of the right types or ValueError, never another exception."""
    import copy

    rec = copy.deepcopy(_RECORD)
    node = rec
    for i in where[:-1]:
        if not isinstance(node[i % len(node)], list) or not node[i % len(node)]:
            break
        node = node[i % len(node)]
    node[where[-1] % len(node)] = value
    path = tmp_path / "snap.json"
    cache_mod.write_checked(path, snapcache.KIND, snapcache.key(), json.dumps(
        {"files": {"cases/aa-first.yaml": ["0" * 40, rec]}, "near": {}}).encode())
    for item in snapcache.read(path)[0].values():
        try:
            lite = snapcache.lite(item[1], {})
        except ValueError:
            continue
        from kremlinlist.model import timeline
        from kremlinlist.model.dates import PartialDate

        assert isinstance(lite.id, str) and all(
            e.date is None or isinstance(e.date, PartialDate) for e in lite.events)
        timeline.on_list(lite, date(2024, 1, 31))


def test_persons_of_any_shape_are_checked(tmp_path):
    """A line of persons.tsv of any other shape than the store writes makes the whole file a
    miss; a person the store holds is given back only for a blob still known clean."""
    from kremlinlist.caches.persons import KIND, PersonStore

    good = "1" * 40 + "\toleh petrenko|oleg petrenko\t1980\tUA-43\tmale\t2019-03"
    store = PersonStore(tmp_path, "k", holds=lambda blob: blob != "2" * 40)
    for bad in ("0" * 40 + "\tOleh\t\t\t\t", "0" * 40 + "\tx\t19800\t\t\t",
                "0" * 40 + "\tx\t\tkyiv\t\t", "0" * 40 + "\tx\t\t\tmen\t",
                "0" * 39 + "\tx\t\t\t\t", "0" * 40 + "\tx\t\t\t", "0" * 40 + "\tx y|\t\t\t\t"):
        cache_mod.write_checked(store.path, KIND, store.key, (good + "\n" + bad).encode())
        store._stored = None
        assert store.split(["1" * 40]) == ({}, ["1" * 40]), bad
    cache_mod.write_checked(store.path, KIND, store.key,
                            (good + "\n" + "2" * 40 + good[40:]).encode())
    store._stored = None
    person = ((("oleh", "petrenko"), ("oleg", "petrenko")), "1980", "UA-43", "male", "2019-03")
    assert store.split(["1" * 40, "2" * 40]) == ({"1" * 40: person}, ["2" * 40])
    store.put("3" * 40, ((("Олег",),), None, None, None, None))  # not storable: not kept
    store.put("2" * 40, person)  # not a blob the clean cache vouches for: not kept
    store.save()
    store._stored = None
    assert set(store.split(["1" * 40, "2" * 40, "3" * 40])[0]) == {"1" * 40}


def test_a_split_keeps_its_persons_after_the_store_is_saved(tmp_path):
    """`save` forgets a person no longer held without changing what an earlier split gave."""
    from kremlinlist.caches.persons import KIND, PersonStore

    held = {"1" * 40, "2" * 40}
    store = PersonStore(tmp_path, "k", holds=held.__contains__)
    body = "\n".join(f"{b}\toleh petrenko\t1980\tUA-43\tmale\t2019-03" for b in sorted(held))
    cache_mod.write_checked(store.path, KIND, store.key, body.encode())
    known, _todo = store.split(sorted(held))
    held.discard("2" * 40)
    store.save()
    assert known["2" * 40][1] == "1980"
    assert set(store.split(["1" * 40, "2" * 40])[0]) == {"1" * 40}


@settings(max_examples=examples(150), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(alphabet="SCDW\t\n,:0123456789abcdef-xé", max_size=200))
def test_any_clean_files_body_is_read_without_a_crash(tmp_path, monkeypatch, body):
    monkeypatch.setenv(cache_mod.CACHE_ENV, str(tmp_path / "c"))
    cache_mod.write_checked(tmp_path / "c" / "validate.tsv", cache_mod.CleanCache.KIND, "k",
                            body.encode())
    opened = cache_mod.CleanCache.open(tmp_path, "k", date(2026, 12, 2))
    for rel, (_, blob) in opened.stats.items():
        assert blob in opened.entries


def test_a_fifo_in_place_of_a_cache_file_or_the_secret_is_a_miss_not_a_hang(tmp_path):
    """A planted FIFO would have a run wait for a writer that never comes: only a regular file is
    read. In a child process with a time limit, so that a hang fails the test instead of the
    suite."""
    repo = make_repo(tmp_path / "repo", former_ids=False)
    folder = tmp_path / "cache"
    folder.mkdir()
    os.mkfifo(folder / "validate.tsv")
    os.mkfifo(repo.root / ".git" / "kremlinlist-token-secret")
    done = subprocess.run([sys.executable, "-m", "kremlinlist", "-C", str(repo.root), "validate"],
                          env={**os.environ, cache_mod.CACHE_ENV: str(folder)},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("renamed", [False, True], ids=["same id", "new id"])
def test_the_snapshot_of_a_commit_withholding_a_person_keeps_none_of_their_records(tmp_path,
                                                                                   monkeypatch,
                                                                                   renamed):
    """A month's snapshot keeps the previous month's changed records beside it (`near`). Those
    of a person public then and withheld at this month's end had been kept there too: the
    snapshot of a commit where the person is withheld held their name and summary."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    canary = "Zqlaterhidden"
    seed(repo, person("aa-one", "Aa One"), person("zz-later", f"Zoryana {canary}"),
         config={"repository": "private", "timezone": "UTC"})
    repo.commit("feb", "2024-02-10T10:00:00+00:00",
                put(person("zz-later", f"Zoryana {canary}", summary=f"{canary} in February")))
    withheld = repo.commit("mar", "2024-03-10T10:00:00+00:00",
                           put(person("zz-later", f"Zoryana {canary}", publicity="hidden")))
    if renamed:  # as a public repository withholds someone: a new opaque id, no former ids
        withheld = repo.commit("mar, renamed", "2024-03-11T10:00:00+00:00",
                               {"cases/zz-later.yaml": None,
                                "cases/anon-2024-001.yaml": dump(case(
                                    "anon-2024-001", publicity="hidden",
                                    name={"en": f"Zoryana {canary}"}))})
    for month in ("2024-02", "2024-03"):
        result = CliRunner().invoke(app, ["release", "-C", str(repo.root), "--month", month,
                                          "--out", str(tmp_path / month)])
        assert result.exit_code == 0, result.output
    snaps = list((tmp_path / "cache" / "snapshots").glob(f"snap-{withheld}*.json"))
    assert snaps, list((tmp_path / "cache" / "snapshots").iterdir())
    for snap in snaps:
        assert canary.encode() not in snap.read_bytes()


def test_a_cache_folder_a_pull_request_could_commit_is_refused(tmp_path, monkeypatch):
    """A cache file whose frame and checksum are right is believed: one committed into the
    checkout (KREMLINLIST_CACHE_DIR=.kremlinlist-cache, as a CI cache step might set) could
    pass a file validate refuses. Such a folder is refused; one in the git folder is not."""
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("aa-one", "Aa One"))
    (repo.root / "a" / "b").mkdir(parents=True)
    (repo.root / "lnk").symlink_to("a/b")  # `lnk/../../kc` reads as outside, but is not
    for folder, code in ((repo.root / ".kremlinlist-cache", 2),
                         (repo.root / "cases" / "c", 2),
                         (repo.root / "lnk" / ".." / ".." / "kc", 2),
                         (repo.root / ".git" / "elsewhere", 0),
                         (tmp_path / "outside", 0)):
        monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(folder))
        result = CliRunner().invoke(app, ["-C", str(repo.root), "validate"])
        assert result.exit_code == code, (folder, result.output)
        assert (code == 2) is ("folder inside the checkout" in result.output)


def test_a_cache_folder_in_a_submodules_superproject_is_refused(tmp_path, monkeypatch):
    """A dataset kept as a submodule: a pull request to the outer repository can commit files
    in its working tree too."""
    inner = GitRepo(tmp_path / "inner")
    seed(inner, person("aa-one", "Aa One"))
    outer = GitRepo(tmp_path / "outer")
    outer.commit("readme", "2024-01-05T12:00:00+00:00", {"README": "outer\n"})
    subprocess.run(["git", "-c", "protocol.file.allow=always", "submodule", "add", "-q",
                    str(inner.root), "data"], cwd=outer.root, check=True, capture_output=True)
    for folder, code in ((outer.root / "kc", 2), (tmp_path / "outside", 0)):
        monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(folder))
        result = CliRunner().invoke(app, ["-C", str(outer.root / "data"), "validate"])
        assert result.exit_code == code, (folder, result.output)


def test_a_cache_folder_in_an_unrelated_outer_repository_is_allowed(tmp_path, monkeypatch):
    """A clone inside a folder that is itself kept in git (a home folder): the outer
    repository does not hold the dataset, so a pull request to the dataset cannot write there."""
    home = GitRepo(tmp_path / "home")
    home.commit("dotfiles", "2024-01-05T12:00:00+00:00", {".profile": "x\n"})
    repo = GitRepo(tmp_path / "home" / "work" / "data")
    seed(repo, person("aa-one", "Aa One"))
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(home.root / ".cache" / "kl"))
    result = CliRunner().invoke(app, ["-C", str(repo.root), "validate"])
    assert result.exit_code == 0, result.output
