"""What a release reads to say its problems: only what it prints. A release that succeeds prints
none of them, so it never reads the case files' names to say its warnings without them: it reads
only the names of those withheld at the month's end, once, which no published text may hold
(`app.published_names`)."""

from __future__ import annotations

from datetime import date

import pytest

from factory import GitRepo, action, case, dump, seed

from kremlinlist.app import release
from kremlinlist.app.validate import validate
from kremlinlist.checks.advocacy import unnamed_file
from kremlinlist.publish import withheld_since

TODAY = date(2024, 11, 3)
HIDDEN = case("qx-hidden", name={"en": "Canary Hiddenname", "uk": "Канарка"},
              publicity="hidden")
# an action with a warning (the same person twice), on a path a withheld name could be in
WARNED = {"actions/2024-10-12-picket.yaml": dump(action(
    "2024-10-12-picket", date="2024-10-12", **{"for": ["petrenko-ivan", "petrenko-ivan"]}))}


@pytest.fixture
def names_read(monkeypatch) -> list[int]:
    """How many case files each read of the withheld people's names reads, from now on."""
    reads: list[int] = []
    real = withheld_since.withheld_in_versions

    def counted(git, items):
        reads.append(len(items))
        return real(git, items)

    monkeypatch.setattr(withheld_since, "withheld_in_versions", counted)
    return reads


def test_a_release_that_succeeds_reads_no_names_for_its_warnings(tmp_path, monkeypatch,
                                                                 names_read):
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), HIDDEN, date="2024-09-15T12:00:00+00:00",
         config={"repository": "private", "timezone": "UTC"})
    repo.commit("oct", "2024-10-20T10:00:00+00:00", WARNED)
    warned = validate(repo.root, use_cache=False, today=TODAY).problems
    assert [(p.file, p.severity) for p in warned] == [(*WARNED, "warning")]
    release.release(repo.root, "2024-10", out=tmp_path / "out", today=TODAY)
    assert (tmp_path / "out" / "list.json").is_file() and names_read == [1]  # qx-hidden's


def test_a_refused_release_reads_the_names_to_say_its_errors(tmp_path, monkeypatch, names_read):
    """The error of a path is said without a withheld name: the names are read for it."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), HIDDEN, date="2024-09-15T12:00:00+00:00",
         config={"repository": "private", "timezone": "UTC"})
    repo.commit("oct", "2024-10-20T10:00:00+00:00", {
        **WARNED, "actions/2024-10-13-canary-hiddenname.yaml": dump(action(
            "2024-10-13-canary-hiddenname", date="2024-10-13", sources={},
            signatures=None))})
    with pytest.raises(release.KremlinlistError) as refused:
        release.release(repo.root, "2024-10", out=tmp_path / "out", today=TODAY)
    said = [(p.file, p.code) for p in refused.value.problems]
    assert said == [(unnamed_file(1), "uncited-action")]
    assert "hiddenname" not in str(said).lower() and names_read
