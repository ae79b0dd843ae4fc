"""`kremlinlist stats --rev` and `--over-time`, on git repositories the tests build."""

import csv
import io
import json

from factory import Dataset, case, dump, invoke

RELEASED = {"date": "2024-03-05", "type": "released", "how": "exchange", "sources": ["s1"]}


def listed(case_id, detained="2024-01-10", since="2024-01"):
    return case(case_id, events=[{"date": detained, "type": "detained", "sources": ["s1"]}],
                assessment={"decision": "listed", "since": since,
                            "criteria": [{"id": "e", "sources": ["s1"]}], "by": ["test-org"]})


def build(git_repo):
    Dataset(git_repo.root)
    git_repo.git("add", "-A")
    git_repo.commit("dataset", "2024-01-02T10:00:00+00:00", {})
    jan = git_repo.commit("two people", "2024-01-20T10:00:00+00:00", {
        "cases/koval-ivan.yaml": dump(listed("koval-ivan")),
        "cases/moroz-petro.yaml": dump(listed("moroz-petro"))})
    released = listed("koval-ivan")
    released["events"].append(RELEASED)
    mar = git_repo.commit("a release", "2024-03-10T10:00:00+00:00", {
        "cases/koval-ivan.yaml": dump(released),
        "cases/shevchuk-oleh.yaml": dump(listed("shevchuk-oleh", "2024-03-01", "2024-03"))})
    return jan, mar


def test_stats_at_a_revision_reads_git_not_the_working_tree(git_repo):
    jan, mar = build(git_repo)
    (git_repo.root / "cases" / "moroz-petro.yaml").unlink()  # uncommitted: --rev ignores it
    result = invoke(["stats", "--rev", jan, "--format", "json"], cwd=git_repo.root)
    assert result.returncode == 0, result.stderr
    r = json.loads(result.stdout)
    assert (r["rev"], r["as_of"]) == (jan, "2024-01-20")
    assert r["totals"] == {"cases": 2, "listed": 2, "in_custody": 2, "on_list": 2,
                           "not_published": "fewer than 5"}
    r = json.loads(invoke(["stats", "--rev", mar, "-f", "json"], cwd=git_repo.root).stdout)
    assert r["totals"]["on_list"] == 2 and r["counts"]["all"]["status"]["released"] == 1
    here = json.loads(invoke(["stats", "-f", "json"], cwd=git_repo.root).stdout)
    assert here["totals"]["cases"] == 2  # the working tree, with the deletion
    assert "commit" in invoke(["stats", "--rev", "HEAD"], cwd=git_repo.root).stdout


def test_over_time_counts_the_list_and_its_flows_month_by_month(git_repo):
    jan, mar = build(git_repo)
    result = invoke(["stats", "--over-time", "--format", "json"], cwd=git_repo.root)
    assert result.returncode == 0, result.stderr
    series = json.loads(result.stdout)["series"]
    assert [(p["month"], p["count"], p["added"], p["released"], p["died"]) for p in series] == [
        ("2024-01", 2, 2, 0, 0), ("2024-02", 2, 0, 0, 0), ("2024-03", 2, 1, 1, 0)]
    assert series[0]["commit"] == jan and series[2]["commit"] == mar
    rows = list(csv.DictReader(io.StringIO(
        invoke(["stats", "--over-time", "-f", "csv"], cwd=git_repo.root).stdout)))
    assert rows[2]["month"] == "2024-03" and rows[2]["released"] == "1"
    text = invoke(["stats", "--over-time"], cwd=git_repo.root).stdout
    assert "2024-02" in text


def test_history_errors_are_usage_errors(git_repo, tmp_path):
    build(git_repo)
    bad = invoke(["stats", "--rev", "no-such-rev"], cwd=git_repo.root)
    assert bad.returncode == 2 and "no such commit" in bad.stderr
    assert "Traceback" not in bad.stderr
    plain = Dataset(tmp_path / "plain")
    plain.add(case())
    outside = invoke(["stats", "--over-time"], cwd=plain.root)
    assert outside.returncode == 2 and "git" in outside.stderr


def test_time_zone_moves_a_commit_across_a_month_end(git_repo):
    Dataset(git_repo.root)
    git_repo.git("add", "-A")
    git_repo.commit("dataset", "2024-01-02T10:00:00+00:00", {})
    # 22:30 UTC on 31 January is already February in Kyiv.
    git_repo.commit("one person", "2024-01-31T22:30:00+00:00", {
        "cases/koval-ivan.yaml": dump(listed("koval-ivan"))})
    utc = json.loads(invoke(["stats", "--over-time", "-f", "json"], cwd=git_repo.root).stdout)
    kyiv = json.loads(invoke(["stats", "--over-time", "--tz", "Europe/Kyiv", "-f", "json"],
                          cwd=git_repo.root).stdout)
    assert [(p["month"], p["count"]) for p in utc["series"]] == [("2024-01", 1)]
    assert [(p["month"], p["count"]) for p in kyiv["series"]] == [("2024-01", 0),
                                                                  ("2024-02", 1)]
    at = json.loads(invoke(["stats", "--rev", "HEAD", "--tz", "Europe/Kyiv", "-f", "json"],
                        cwd=git_repo.root).stdout)
    assert at["as_of"] == "2024-02-01"


def test_counted_in_parts_on_several_cores_as_in_one(git_repo, monkeypatch):
    """The files counted in parts by forked workers give the counts and the files left out
    that one count in this process gives, on disk and at a revision (a symbolic link and a file
    that does not load are left out)."""
    from kremlinlist.app import stats as counting
    from kremlinlist.base import parallel

    build(git_repo)
    (git_repo.root / "cases" / "link.yaml").symlink_to("koval-ivan.yaml")
    git_repo.git("add", "cases/link.yaml")
    git_repo.commit("odd files", "2024-03-20T10:00:00+00:00", {
        "cases/broken.yaml": "id: broken\nname: [\n",
        **{f"cases/p-{i}.yaml": dump(listed(f"p-{i}")) for i in range(7)}})
    whole = (counting.working_tree(git_repo.root), counting.at_revision(git_repo.root, "HEAD"))
    assert whole[0][1] == whole[1][1] == 2 and whole[1][0]["totals"]["cases"] == 10
    monkeypatch.setattr(counting, "_PART", 2)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    forked = []

    def watched(fn, items, **kwargs):
        forked.append(len(items))
        return parallel.fork_map(fn, items, **kwargs)

    monkeypatch.setattr(counting, "fork_map", watched)
    parts = (counting.working_tree(git_repo.root), counting.at_revision(git_repo.root, "HEAD"))
    assert parts == whole
    assert forked == [6, 6]  # twelve files in parts of two, on two cores
