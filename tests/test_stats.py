"""`kremlinlist stats` on a dataset the test builds."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from factory import TODAY, Dataset, case
from typer.testing import CliRunner

from kremlinlist.publish import stats
from kremlinlist.cli import app

runner = CliRunner()


def held(case_id, term=None, articles=(), region="UA-43", by=("test-org",), **kw):
    events = [{"date": "2020-03-10", "type": "detained", "sources": ["s1"]}]
    if term:
        events.append({"date": "2021-01-15", "type": "sentenced", "term": term,
                       "articles": list(articles), "sources": ["s1"]})
    return case(case_id, region=region, events=events,
                assessment={"decision": "listed", "since": "2020-04",
                            "criteria": [{"id": "e", "sources": ["s1"]}], "by": list(by)}, **kw)


@pytest.fixture
def ds(tmp_path):
    ds = Dataset(tmp_path / "d")
    ds.write("organizations/other-org.yaml",
             "id: other-org\nname: {en: Other Org}\ncountry: UA\n")
    ds.add(held("a-one", "10y", ["RU-CC-275"]))
    ds.add(held("a-two", "life", ["RU-CC-275", "RU-CC-205.5-2"], region="UA-14",
                by=("test-org", "other-org")))
    ds.add(held("a-three", "3y6m", ["RU-CC-280.1"]))
    ds.add(held("a-four", None, region="UA-14"))
    released = held("a-five", "25y")
    released["events"].append({"date": "2022-03-10", "type": "released", "how": "exchange",
                               "sources": ["s1"]})
    ds.add(released)
    ds.add(case("a-six", region="UA-09", publicity="hidden", name=None, born=None, events=[],
                sources={}, assessment={"decision": "candidate", "by": ["test-org"]}))
    return ds


def stats_json(ds, *args):
    result = runner.invoke(app, ["stats", "-C", str(ds.root), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_hidden_total_is_said_in_the_language_of_messages(ds):
    """JSON and CSV keep the English form; the text a person reads says it in their language."""
    uk = runner.invoke(app, ["--lang", "uk", "stats", "-C", str(ds.root)])
    assert uk.exit_code == 0, uk.output
    assert "ще менше ніж 5, чиї дані не оприлюднюються" in uk.stdout
    assert "fewer" not in uk.stdout
    assert stats_json(ds)["totals"]["not_published"] == "fewer than 5"


def test_totals_and_counts_in_both_scopes(ds):
    r = stats_json(ds)
    # the hidden case is in no total and no breakdown, only in `not_published` (issue 10)
    assert r["totals"] == {"cases": 5, "listed": 5, "in_custody": 4, "on_list": 4,
                           "not_published": "fewer than 5"}
    on_list, everyone = r["counts"]["list"], r["counts"]["all"]
    assert on_list["region"] == {"UA-14": 2, "UA-43": 2}
    assert everyone["region"] == {"UA-43": 3, "UA-14": 2}
    assert everyone["status"] == {"in-custody": 4, "released": 1}
    assert everyone["decision"] == {"listed": 5}
    assert on_list["sentence"] == {"<5y": 1, "5-10y": 1, "life": 1, "unknown": 1}
    assert everyone["sentence"][">20y"] == 1
    assert on_list["articles"] == {"RU-CC-275": 2, "RU-CC-205.5-2": 1, "RU-CC-280.1": 1,
                                   "unknown": 1}
    assert on_list["organization"] == {"test-org": 4, "other-org": 1}
    assert on_list["criteria"] == {"e": 4}
    assert everyone["years_in_custody"]["1-3y"] == 1  # the released case: two years held
    assert "unknown" not in everyone["years_in_custody"]  # the hidden case is not shown
    assert sum(on_list["years_in_custody"].values()) == 4


def test_csv_and_text(ds):
    result = runner.invoke(app, ["stats", "-C", str(ds.root), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"scope": "list", "dimension": "sentence", "key": "life", "count": "1"} in rows
    assert {"scope": "", "dimension": "total", "key": "on_list", "count": "4"} in rows
    text = runner.invoke(app, ["stats", "-C", str(ds.root)])
    assert text.exit_code == 0
    assert "4 on the list" in text.stdout and "years in custody" in text.stdout


def test_a_broken_file_is_left_out_and_said(ds):
    ds.write("cases/broken.yaml", "id: [\n")
    result = runner.invoke(app, ["stats", "-C", str(ds.root), "--format", "json"])
    assert json.loads(result.stdout)["skipped"] == 1
    assert "1 case file left out" in result.stderr


def test_cases_as_a_link_is_refused_not_counted_as_nothing(ds, tmp_path):
    """A `cases/` replaced by a link is not followed (as everywhere): stats said 0 cases, exit 0,
    where export refuses an incomplete list."""
    (ds.root / "cases").rename(tmp_path / "elsewhere")
    (ds.root / "cases").symlink_to(tmp_path / "elsewhere")
    result = runner.invoke(app, ["stats", "-C", str(ds.root), "--format", "json"])
    assert result.exit_code == 1 and "would be 0" in result.stderr
    assert "cases: error symlink" in result.stdout and "total" not in result.stdout


@pytest.mark.parametrize("term, bucket", [
    (None, "unknown"), ("6m", "<5y"), ("4y11m", "<5y"), ("5y", "5-10y"), ("10y", "5-10y"),
    ("10y1m", "10-15y"), ("15y", "10-15y"), ("20y", "15-20y"), ("20y6m", ">20y"),
    ("life", "life"), ("15d", "<5y"),
])
def test_sentence_buckets(term, bucket):
    assert stats.sentence_bucket(term) == bucket


@pytest.mark.parametrize("days, bucket", [
    (None, "unknown"), (0, "<1y"), (365, "<1y"), (366, "1-3y"), (3 * 365, "1-3y"),
    (4 * 365, "3-5y"), (8 * 365, "5-10y"), (11 * 366, ">10y"),
])
def test_custody_buckets(days, bucket):
    assert stats.custody_bucket(days) == bucket


def test_the_working_tree_is_counted_one_case_at_a_time(ds, monkeypatch):
    """Each case is counted as it is read and let go: as one is counted, it is the only one
    alive (all of them at once had cost 270 MB at 10,000 cases, over a gigabyte at 50,000)."""
    import gc
    import weakref

    from kremlinlist.app import stats as counting
    from kremlinlist.files import loader

    alive: list[weakref.ref] = []
    most = [0]
    load, add = loader.load_bytes, stats.Tally.add

    def loading(*args, **kwargs):
        loaded = load(*args, **kwargs)
        if loaded.model is not None:
            alive.append(weakref.ref(loaded.model))
        return loaded

    def adding(tally, case):
        gc.collect()
        most[0] = max(most[0], sum(ref() is not None for ref in alive))
        add(tally, case)

    monkeypatch.setattr(loader, "load_bytes", loading)
    monkeypatch.setattr(stats.Tally, "add", adding)
    result, skipped = counting.working_tree(ds.root)
    assert len(alive) == 6 and result["totals"]["cases"] == 5  # the hidden one: counted apart
    assert most[0] == 1 and skipped == 0


def test_tallies_of_parts_add_up_to_the_tally_of_the_whole(ds):
    """Counted in parts on several cores, the counts are those of one count over every case,
    whichever way the cases are split."""
    from kremlinlist.files import loader

    cases = [loader.load_file(ds.root, f"cases/{p.name}", "case").model
             for p in sorted((ds.root / "cases").iterdir())]
    whole = stats.compute(cases, TODAY)
    for split in range(len(cases) + 1):
        first, second = stats.Tally(TODAY), stats.Tally(TODAY)
        for case in cases[:split]:
            first.add(case)
        for case in cases[split:]:
            second.add(case)
        second.merge(first)
        assert second.result() == whole
        assert json.dumps(second.result()) == json.dumps(whole)  # in the same order


def test_tz_is_checked_and_used_without_a_revision(ds):
    """`--tz` was read only with --rev or --over-time: a zone that does not exist passed, and a
    given one did not choose the day the counts are as of."""
    bad = runner.invoke(app, ["stats", "-C", str(ds.root), "--tz", "Mars/Base"])
    assert bad.exit_code == 2 and "not a time zone name" in bad.stderr
    east = stats_json(ds, "--tz", "Etc/GMT-14")["as_of"]
    west = stats_json(ds, "--tz", "Etc/GMT+12")["as_of"]
    # the zones are 26 hours apart: a day apart, or two from 10:00 to 12:00 UTC
    assert date.fromisoformat(east) - date.fromisoformat(west) in (timedelta(days=1),
                                                                   timedelta(days=2))
