"""A case file the tree at a revision holds where it is never read (in a folder inside cases/, or
as `.yml`/`.YAML`) is refused by `export --rev` and `stats --rev`, as a release refuses its
month and as both refuse it on disk: the list and the counts left the person out in silence."""

from __future__ import annotations

import pytest
from factory import GitRepo, dump, invoke, person, seed

import kremlinlist
from kremlinlist.app import stats
from kremlinlist.base.errors import KremlinlistError

UNREAD = {"cases/sub/bondar-petro.yaml": ("cases/sub", "stray-folder"),
          "cases/bondar-petro.yml": ("cases/bondar-petro.yml", "file-extension"),
          "cases/bondar-petro.YAML": ("cases/bondar-petro.YAML", "file-extension")}


def _history(tmp_path, rel: str) -> GitRepo:
    """Ivan in a case file read, Petro in `rel` at HEAD; the working tree without Petro's file."""
    repo = GitRepo(tmp_path / "repo")
    seed(repo, person("petrenko-ivan", "Ivan Petrenko"))
    repo.commit("filed", "2024-01-10T10:00:00+00:00",
                {rel: dump(person("bondar-petro", "Petro Bondar"))})
    repo.git("rm", "-q", "--", rel)  # git takes the emptied folder away too
    return repo


@pytest.mark.parametrize("rel", sorted(UNREAD))
@pytest.mark.parametrize("call", ["export", "stats"])
def test_a_case_not_read_at_the_revision_is_refused(tmp_path, rel, call):
    repo = _history(tmp_path, rel)
    with pytest.raises(KremlinlistError) as refused:
        if call == "export":
            kremlinlist.open_dataset(repo.root).export("json", rev="HEAD")
        else:
            stats.at_revision(repo.root, "HEAD")
    assert refused.value.code == "list-incomplete" and not refused.value.usage
    assert [(p.file, p.code) for p in refused.value.problems] == [UNREAD[rel]]


@pytest.mark.parametrize("args", [["export", "--format", "csv", "--rev", "HEAD"],
                                  ["stats", "--rev", "HEAD"], ["stats", "--rev", "HEAD",
                                                                 "-f", "json"]])
def test_the_commands_refuse_it_as_release_does(tmp_path, args):
    """Exit 1 with the file and its code, as `release` says of a month's end; nothing counted or
    listed on stdout."""
    repo = _history(tmp_path, "cases/sub/bondar-petro.yaml")
    result = invoke(args, cwd=repo.root)
    assert result.returncode == 1, (result.stdout, result.stderr)
    said = result.stdout + result.stderr
    assert "cases/sub" in said and "stray-folder" in said
    assert "Ivan Petrenko" not in result.stdout and "petrenko-ivan" not in result.stdout
    assert "Traceback" not in said


def test_the_tip_without_it_is_read_as_before(tmp_path):
    """The commit after the file went away: nothing unread, the one person listed and counted."""
    repo = _history(tmp_path, "cases/sub/bondar-petro.yaml")
    repo.commit("moved away", "2024-01-11T10:00:00+00:00", {})
    assert b"Ivan Petrenko" in kremlinlist.open_dataset(repo.root).export("csv", rev="HEAD")
    assert stats.at_revision(repo.root, "HEAD")[0]["totals"]["cases"] == 1


def test_stats_on_disk_refuses_it_too(tmp_path):
    """On disk the file was dropped from the counts as well, unlike export, which refused it."""
    repo = _history(tmp_path, "cases/sub/bondar-petro.yaml")
    (repo.root / "cases" / "sub").mkdir()
    (repo.root / "cases" / "sub" / "bondar-petro.yaml").write_text(
        dump(person("bondar-petro", "Petro Bondar")), encoding="utf-8")
    with pytest.raises(KremlinlistError) as refused:
        stats.working_tree(repo.root)
    assert [(p.file, p.code) for p in refused.value.problems] == [("cases/sub", "stray-folder")]
    with pytest.raises(KremlinlistError) as listed:
        kremlinlist.open_dataset(repo.root).export("csv")
    assert [(p.file, p.code) for p in listed.value.problems] == [("cases/sub", "stray-folder")]
