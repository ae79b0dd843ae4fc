"""`kremlinlist stats --rev` and `--over-time`, on git repositories the tests build."""

import csv
import io
import json

from factory import Dataset, case, dump, invoke

from kremlinlist.history.git import GitClient
from kremlinlist.history.months import previous_month
from kremlinlist.model import dates

RELEASED = {"date": "2024-03-05", "type": "released", "how": "exchange", "sources": ["s1"]}


def listed(case_id, detained="2024-01-10", since="2024-01"):
    return case(case_id, events=[{"date": detained, "type": "detained", "sources": ["s1"]}],
                assessment={"decision": "listed", "since": since,
                            "criteria": [{"id": "e", "sources": ["s1"]}], "by": ["test-org"]})


def last_ended(zone="UTC"):
    """The last month that has ended today in `zone`: where `--over-time` ends."""
    return previous_month(dates.today(zone).strftime("%Y-%m"))


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
    flows = [(p["month"], p["count"], p["added"], p["released"], p["died"]) for p in series]
    assert flows[:3] == [
        ("2024-01", 2, 2, 0, 0), ("2024-02", 2, 0, 0, 0), ("2024-03", 2, 1, 1, 0)]
    assert series[0]["commit"] == jan and series[2]["commit"] == mar
    # on to the last month that has ended, with no commit since March; never the one under way
    assert all(f[1:] == (2, 0, 0, 0) and p["commit"] == mar
               for f, p in zip(flows[3:], series[3:]))
    assert series[-1]["month"] == last_ended() and len(series) > 3
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
    assert [(p["month"], p["count"]) for p in utc["series"][:2]] == [("2024-01", 1),
                                                                     ("2024-02", 1)]
    assert [(p["month"], p["count"]) for p in kyiv["series"][:2]] == [("2024-01", 0),
                                                                      ("2024-02", 1)]
    assert kyiv["series"][-1]["month"] == last_ended("Europe/Kyiv")
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


def test_over_time_says_each_month_that_counted_without_a_file_it_never_reads(
        git_repo, tmp_path, monkeypatch):
    """A case in a folder inside cases/ or in a `.yml` file is left out of a month's count: the
    walk says so, naming the file and the months, rather than refuse, as a month gone by cannot
    be fixed. The memo holds counts only, so a second run says the same."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    build(git_repo)
    git_repo.commit("filed where it is not read", "2024-04-10T10:00:00+00:00", {
        "cases/old/moroz-anna.yaml": dump(listed("moroz-anna", "2024-04-01", "2024-04")),
        "cases/bilyk-oksana.yml": dump(listed("bilyk-oksana", "2024-04-01", "2024-04"))})
    git_repo.commit("renamed", "2024-05-10T10:00:00+00:00", {
        "cases/bilyk-oksana.yml": None,
        "cases/bilyk-oksana.yaml": dump(listed("bilyk-oksana", "2024-04-01", "2024-04"))})
    git_repo.commit("a note", "2024-06-10T10:00:00+00:00", {"NOTES.md": "notes\n"})
    for _run in ("cold", "from the memo"):
        result = invoke(["stats", "--over-time", "--format", "json"], cwd=git_repo.root)
        assert result.returncode == 0, result.stderr
        series = json.loads(result.stdout)["series"]
        assert [(p["month"], p["count"]) for p in series[3:6]] == [
            ("2024-04", 2), ("2024-05", 3), ("2024-06", 3)]
        assert all(p.keys() == {"month", "commit", "count", "added", "released", "died"}
                   for p in series)
        said = [line for line in result.stderr.splitlines() if line.startswith("kremlinlist: ")]
        assert said == [
            "kremlinlist: cases/bilyk-oksana.yml was in `cases/` at the end of 2024-04, where a "
            "folder, a submodule or a file not ending in `.yaml` is never read, so that month's "
            "count leaves out whoever it held",
            f"kremlinlist: cases/old was in `cases/` at the end of months from 2024-04 to "
            f"{last_ended()}, where a folder, a submodule or a file not ending in `.yaml` is "
            "never read, so those months' counts leave out whoever it held"]
    text = invoke(["stats", "--over-time"], cwd=git_repo.root)
    assert text.returncode == 0 and "cases/old was in" in text.stderr


def test_the_html_exports_chart_says_the_months_it_counted_without_a_file(git_repo, tmp_path,
                                                                         monkeypatch):
    """The page's chart walks the same months as `stats --over-time`: a month that left out a
    file it never reads is said there too (it was drawn in silence)."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    build(git_repo)
    git_repo.commit("filed where it is not read", "2024-04-10T10:00:00+00:00", {
        "cases/old/moroz-anna.yaml": dump(listed("moroz-anna", "2024-04-01", "2024-04"))})
    git_repo.commit("moved", "2024-05-10T10:00:00+00:00", {
        "cases/old/moroz-anna.yaml": None,
        "cases/moroz-anna.yaml": dump(listed("moroz-anna", "2024-04-01", "2024-04"))})
    result = invoke(["export", "--format", "html", "--as-of", "2024-07-01"], cwd=git_repo.root)
    assert result.returncode == 0, result.stderr
    assert "cases/old was in `cases/` at the end of 2024-04," in result.stderr


def test_the_walks_unread_entries_are_each_commits_own(git_repo):
    """Two git runs for every month's odd entries give what `ls-tree` gives of each commit, in
    a dataset folder whose name a glob would misread, in any order of commits."""
    folder = git_repo.root / "data[1]"
    Dataset(folder)
    git_repo.git("add", "-A")
    a = git_repo.commit("dataset", "2024-01-02T10:00:00+00:00", {
        "data[1]/cases/koval-ivan.yaml": dump(listed("koval-ivan")),
        "data[1]/cases/.gitkeep": "", "data[1]/cases/x.YAML": "id: x\n",
        "data[1]/cases/old/a.yaml": "id: a\n", "data[1]/cases/old/deep/b.txt": "b\n"})
    b = git_repo.commit("moved", "2024-02-02T10:00:00+00:00", {
        "data[1]/cases/x.YAML": None, "data[1]/cases/old/a.yaml": None,
        "data[1]/cases/.hidden/c.yaml": "id: c\n", "data[1]/cases/y.yml": "id: y\n"})
    c = git_repo.commit("cleaned", "2024-03-02T10:00:00+00:00", {
        "data[1]/cases/old/deep/b.txt": None, "data[1]/cases/y.yml": None})
    git = GitClient(folder)
    for commits in ([a, b, c], [c, b, a, a, c], [b]):
        assert git.unread_along(commits) == [git.entry_problems(x, "cases") for x in commits]
    assert [[p.file for p in ps] for ps in git.unread_along([a, b, c])] == [
        ["cases/old", "cases/x.YAML"], ["cases/old", "cases/y.yml"], []]
    git.close()


def test_the_walk_says_a_submodule_in_cases(git_repo, tmp_path, monkeypatch):
    """A submodule (a gitlink, mode 160000) where a case file goes or as a folder in cases/ is
    read as no case: the walk counted those months without a word, so a person seemed to
    vanish. Each is said as the other unread entries are, until it is a file again."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    build(git_repo)
    head = git_repo.head()
    for rel in ("cases/moroz-anna.yaml", "cases/sub"):
        git_repo.git("update-index", "--add", "--cacheinfo", f"160000,{head},{rel}")
    apr = git_repo.commit("submodules", "2024-04-10T10:00:00+00:00", {})
    git_repo.git("rm", "-q", "--cached", "cases/moroz-anna.yaml")
    may = git_repo.commit("the file itself", "2024-05-10T10:00:00+00:00", {
        "cases/moroz-anna.yaml": dump(listed("moroz-anna", "2024-04-01", "2024-04"))})
    git = GitClient(git_repo.root)
    assert [[(p.file, p.code) for p in ps] for ps in git.unread_along([apr, may])] == [
        [("cases/moroz-anna.yaml", "not-a-file"), ("cases/sub", "stray-folder")],
        [("cases/sub", "stray-folder")]]
    assert git.unread_along([apr, may]) == [git.entry_problems(c, "cases", gitlinks=True)
                                            for c in (apr, may)]
    assert [p.file for p in git.entry_problems(apr, "cases")] == ["cases/sub"]
    git.close()
    result = invoke(["stats", "--over-time", "--format", "json"], cwd=git_repo.root)
    assert result.returncode == 0, result.stderr
    said = [line for line in result.stderr.splitlines() if line.startswith("kremlinlist: ")]
    # a submodule named as a case file holds nothing to tell whose it is: not named
    assert [line.split(" was in ")[0] for line in said] == [
        "kremlinlist: a file not named here (it may be a withheld person's)",
        "kremlinlist: cases/sub"]
    assert "at the end of 2024-04," in said[0] and f"from 2024-04 to {last_ended()}" in said[1]
    assert "moroz-anna" not in result.stdout + result.stderr


def test_the_walks_unread_entries_come_in_the_trees_order(git_repo):
    """A folder sorts in a tree as its name and a `/`: `cases/a.yml` before the folder
    `cases/a`, as `ls-tree` lists them (the walk sorted them as bare names, `cases/a` first)."""
    a = git_repo.commit("odd", "2024-01-02T10:00:00+00:00", {
        "cases/a/koval-ivan.yaml": dump(listed("koval-ivan")), "cases/a.yml": "id: a\n"})
    git = GitClient(git_repo.root)
    assert [p.file for p in git.entry_problems(a, "cases")] == ["cases/a.yml", "cases/a"]
    assert git.unread_along([a]) == [git.entry_problems(a, "cases")]
    git.close()


def test_the_walk_reads_each_version_of_an_unread_file_once(tmp_path, monkeypatch):
    """Five `.yml` files kept for a year: whether each may be named is decided once per version
    of it, not asked of git again (an `ls-tree` each) at every month's end."""
    from datetime import date

    from factory import GitRepo, put, seed

    from kremlinlist.app import stats

    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitRepo(tmp_path / "repo")
    seed(repo, case("petrenko-ivan"), date="2024-01-15T12:00:00+00:00",
         config={"repository": "private", "timezone": "UTC"},
         texts={f"cases/stray-{i}.yml": dump(case(f"stray-{i}")) for i in range(5)})
    for m in range(2, 13):
        repo.commit(f"m{m}", f"2024-{m:02d}-10T12:00:00+00:00",
                    put(case(f"p-{m}", name={"en": f"P {m}", "uk": f"П {m}"})))
    asked: list[tuple] = []
    real = GitClient._git_bytes

    def spy(self, *args, **kwargs):
        asked.append(args)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(GitClient, "_git_bytes", spy)
    for _run in ("cold", "from the memo"):
        asked.clear()
        said = stats.over_time(repo.root, "HEAD", today=date(2025, 1, 5)).warnings
        assert len(said) == 1 and "from 2024-01 to 2024-12" in said[0]
        assert sum(a[:1] == ("ls-tree",) and any("stray-" in str(x) for x in a)
                   for a in asked) <= 5
