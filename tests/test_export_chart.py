"""`export --format html` draws the month-by-month chart from git history when it can."""

from factory import CRITERIA, ORG, Dataset, case, dump, invoke


def test_html_export_charts_the_history_of_the_list(git_repo):
    base = {"criteria.yaml": dump(CRITERIA), "organizations/test-org.yaml": dump(ORG),
            "cases/petrenko-ivan.yaml": dump(case("petrenko-ivan"))}
    git_repo.commit("first", "2024-01-15T12:00:00+00:00", base)
    git_repo.commit("second", "2024-02-15T12:00:00+00:00",
                    {"cases/bondar-petro.yaml": dump(case("bondar-petro",
                                                          name={"en": "Petro Bondar"}))})
    result = invoke(["export", "--format", "html", "--as-of", "2024-03-31"], cwd=git_repo.root)
    assert result.returncode == 0, result.stderr
    assert "<svg" in result.stdout
    for month in ("2024-01", "2024-02", "2024-03"):
        assert month in result.stdout


def test_html_export_without_history_still_makes_the_page(tmp_path):
    ds = Dataset(tmp_path / "data")
    ds.add()
    result = invoke(["export", "--format", "html"], cwd=ds.root)
    assert result.returncode == 0
    assert "Ivan Petrenko" in result.stdout and "<svg" not in result.stdout
    assert "no chart" in result.stderr


def test_the_charts_last_bar_is_the_list_of_the_day(git_repo):
    """The chart's last point counted the month's end, after the list's day: someone released
    later that month was in the headline's count and not in the highlighted bar."""
    released = case("bondar-petro", name={"en": "Petro Bondar"})
    released["events"] = [*released["events"], {"date": "2024-03-20", "type": "released",
                                                "how": "exchange"}]
    git_repo.commit("first", "2024-01-15T12:00:00+00:00", {
        "criteria.yaml": dump(CRITERIA), "organizations/test-org.yaml": dump(ORG),
        "cases/petrenko-ivan.yaml": dump(case("petrenko-ivan")),
        "cases/bondar-petro.yaml": dump(released)})
    result = invoke(["export", "--format", "html", "--as-of", "2024-03-10"], cwd=git_repo.root)
    assert result.returncode == 0, result.stderr
    assert "<title>2024-03: 2</title>" in result.stdout and "<title>2024-02: 2</title>" in result.stdout
    assert result.stdout.count('class="bar bar-last"') == 1
