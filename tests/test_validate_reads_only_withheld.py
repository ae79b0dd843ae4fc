"""A warm `validate` says an action's path that names a withheld person without the name, and to
learn the names reads only the case files that may be a withheld person's: a file the clean
cache knows is a public person's (its summary from the cache carries no person) is not read for
names. On 10,000 cases, one broken action file made a warm validate read all of them."""

from __future__ import annotations

import pytest
from factory import Dataset, GitRepo, action, case, dump, invoke

from kremlinlist.caches import clean as cache_mod
from kremlinlist.checks import withheld_names
from kremlinlist.checks.withheld_names import withheld_in
from kremlinlist.files import loader

ZHUK = case("hidden-2024-002", publicity="hidden", name={"en": "Marko Zhuk", "uk": "Марко Жук"})
BONDAR = case("anon-2024-001", publicity="anonymous", name={"en": "Olha Bondar"})
PUBLIC = [case(f"petrenko-ivan-{i}") for i in range(6)]
WITHHELD = ["cases/anon-2024-001.yaml", "cases/hidden-2024-002.yaml"]
EVERY = sorted(f"cases/{c['id']}.yaml" for c in (*PUBLIC, ZHUK, BONDAR))
AID = "2024-10-12-zhuk-letter"
ACTION = f"actions/{AID}.yaml"


def _dataset(tmp_path) -> Dataset:
    """Six public people, two withheld, and an action named after one of them that refers to
    no case (an error: its path must be said)."""
    ds = Dataset(tmp_path / "data", {"repository": "private", "timezone": "UTC"})
    for data in (*PUBLIC, ZHUK, BONDAR):
        ds.add(data)
    ds.write(ACTION, dump(action(AID, **{"for": ["nobody-here"]})))
    GitRepo(ds.root)  # a checkout: its secret vouches for the cache it writes
    return ds


def _names_looked_for(monkeypatch) -> list[str]:
    asked: list[str] = []
    real = withheld_names.withheld_in

    def looking(rel, data):
        asked.append(rel)
        return real(rel, data)

    monkeypatch.setattr(withheld_names, "withheld_in", looking)
    return asked


@pytest.mark.parametrize("args", [["validate"], ["validate", "--format", "json"],
                                  ["validate", ACTION]])
def test_a_warm_validate_looks_for_names_in_the_withheld_files_only(tmp_path, monkeypatch,
                                                                       args):
    monkeypatch.setattr(cache_mod, "SETTLED_NS", 0)  # the files' status trusted at once
    ds = _dataset(tmp_path)
    first = invoke(["validate"], cwd=ds.root)  # cold: every file checked, the clean ones kept
    assert first.returncode == 1 and "zhuk-letter" not in first.stdout.lower(), first.stdout
    asked = _names_looked_for(monkeypatch)
    warm = invoke(args, cwd=ds.root)
    said = warm.stdout + warm.stderr
    assert warm.returncode == 1, said
    assert "unknown-case-reference" in said and "zhuk" not in said.lower(), said
    assert sorted(asked) == WITHHELD


def test_a_file_made_withheld_since_the_warm_run_is_looked_into(tmp_path, monkeypatch):
    """The cache knew the file as a public person's; its bytes changed since, so it is not
    known, and is read: a stale entry is never believed."""
    monkeypatch.setattr(cache_mod, "SETTLED_NS", 0)
    ds = _dataset(tmp_path)
    public = ds.add({**ZHUK, "publicity": "public", "name": {"en": "Marko Zhuk"}})
    assert invoke(["validate"], cwd=ds.root).returncode == 1
    public.write_text(dump(ZHUK), encoding="utf-8")  # another size: another status
    asked = _names_looked_for(monkeypatch)
    result = invoke(["validate"], cwd=ds.root)
    assert result.returncode == 1 and "zhuk" not in result.stdout.lower(), result.stdout
    assert sorted(asked) == WITHHELD


def _forge_public_entries(ds: Dataset) -> None:
    """What anyone who can write the cache folder (one restored in CI) and read the files can
    write: well-framed entries saying the withheld files, by their real status and blob ids,
    are public people's. Without the checkout's secret there is no voucher for them."""
    cache = cache_mod.CleanCache.open(
        ds.root, cache_mod.fingerprint(*loader.settings_bytes(ds.root)), None)
    for rel in WITHHELD:
        path = ds.root / rel
        st, blob = path.stat(), cache_mod.blob_id(path.read_bytes())
        cache.entries[blob] = (cache_mod.file_id(rel), [], [])
        cache.stats[rel] = (f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}", blob)
    cache.dirty = True
    cache.save()


def test_a_forged_cache_is_not_believed_to_say_who_is_public(tmp_path, monkeypatch):
    """Neither at once nor after a run that rewrote the cache: what it held was not all this
    checkout's, so no run vouches for it again (the forged entries would be laundered)."""
    monkeypatch.setattr(cache_mod, "SETTLED_NS", 0)
    ds = _dataset(tmp_path)
    assert invoke(["validate"], cwd=ds.root).returncode == 1
    _forge_public_entries(ds)
    for run in range(2):
        ds.add(case(f"petrenko-ivan-new-{run}"))  # a new file: the run writes the cache again
        asked = _names_looked_for(monkeypatch)
        result = invoke(["validate"], cwd=ds.root)
        assert result.returncode == 1 and "zhuk" not in result.stdout.lower(), result.stdout
        assert set(WITHHELD) <= set(asked), asked
        monkeypatch.setattr(withheld_names, "withheld_in", withheld_in)


def test_a_release_leaves_the_cache_vouched_for(tmp_path, monkeypatch):
    """A release puts in the cache what it checked itself: it vouches for it too. Opened without
    the secret, it left the cache unvouched for good (each later run read every file)."""
    monkeypatch.setattr(cache_mod, "SETTLED_NS", 0)
    ds = _dataset(tmp_path)
    repo = GitRepo(ds.root)
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "cases", date="2024-11-05T10:00:00+00:00")
    ds.add({**PUBLIC[0], "region": "UA-30"})  # the working tree moves past the commit
    assert invoke(["validate"], cwd=ds.root).returncode == 1
    invoke(["release", "--month", "2024-11", "--preview", "-o", str(tmp_path / "out")],
           cwd=ds.root)
    assert invoke(["validate"], cwd=ds.root).returncode == 1
    asked = _names_looked_for(monkeypatch)
    assert invoke(["validate"], cwd=ds.root).returncode == 1
    assert sorted(asked) == WITHHELD


def test_a_cache_saved_by_an_earlier_run_last_is_still_vouched_for(tmp_path, monkeypatch):
    """Two runs saving at once (an editor's and the hook's), or one stopped while it saved, may
    leave the earlier run's index written last. Its voucher is in the same file, so it is still
    believed; a voucher in a file of its own was then another run's, and no run vouched for the
    cache again until `cache clear`: each later run read every case file for names."""
    monkeypatch.setattr(cache_mod, "SETTLED_NS", 0)
    ds = _dataset(tmp_path)
    assert invoke(["validate"], cwd=ds.root).returncode == 1
    index = cache_mod.cache_dir(ds.root) / "validate.tsv"
    earlier = index.read_bytes()
    ds.add(case("petrenko-ivan-new"))
    assert invoke(["validate"], cwd=ds.root).returncode == 1
    index.write_bytes(earlier)  # the earlier run's save lands last
    assert invoke(["validate"], cwd=ds.root).returncode == 1
    asked = _names_looked_for(monkeypatch)
    assert invoke(["validate"], cwd=ds.root).returncode == 1
    assert sorted(asked) == WITHHELD
