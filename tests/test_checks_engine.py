"""checks.engine.check_files: the cache splits files into known and to do before any is read;
only those to do are read and checked, and only clean ones are remembered."""

from datetime import date

from factory import case, dump

from kremlinlist.base.problem import Problem
from kremlinlist.caches.clean import CleanCache, blob_id
from kremlinlist.checks.context import context_from
from kremlinlist.checks.engine import check_files
from kremlinlist.checks.registry import CHECKS, case_checks
from kremlinlist.files import loader


def test_known_files_are_not_read_again(dataset):
    files = {
        "cases/aa-one.yaml": dump(case("aa-one")).encode(),
        "cases/bb-two.yaml": dump(case("bb-two", born="19x0")).encode(),  # fails its own checks
    }
    blobs = {rel: f"{blob_id(data)}:100644" for rel, data in files.items()}
    blobs["cases/cc-gone.yaml"] = "0" * 64 + ":100644"
    asked: list[str] = []

    def read(part):
        asked.extend(rel for rel, _ in part)
        return {rel: (files[rel], []) if rel in files else
                (None, [Problem(rel, 0, 0, "error", "unreadable", "cannot be read")])
                for rel, _ in part}

    ctx, _ = context_from((dataset.root / "criteria.yaml").read_bytes(), None, date(2026, 1, 1))
    items = sorted(blobs.items())
    cache = CleanCache.open(dataset.root, "key", ctx.today)
    first = list(check_files(items, read, ctx, cache, batch=1, jobs=1))
    cache.save()
    assert asked == [rel for rel, _ in items]
    assert [(rel, r is not None and r.known) for rel, _, r, _ in first] == \
        [("cases/aa-one.yaml", False), ("cases/bb-two.yaml", False), ("cases/cc-gone.yaml", False)]
    assert [p.code for p in first[2][3]] == ["unreadable"] and first[2][2] is None
    assert {p.code for p in first[1][2].problems} == {"invalid-value"}

    asked.clear()
    again = list(check_files(items, read, ctx, CleanCache.open(dataset.root, "key", ctx.today), batch=1,
                             jobs=1))
    assert asked == ["cases/bb-two.yaml", "cases/cc-gone.yaml"]  # the clean one is known
    assert again[0][0] == "cases/aa-one.yaml" and again[0][2].known


def test_the_registry_runs_every_check_in_order(dataset):
    ctx, _ = context_from((dataset.root / "criteria.yaml").read_bytes(), None, date(2026, 1, 1))
    loaded = loader.load_bytes("cases/aa-one.yaml",
                               dump(case("bb-two", born="2030")).encode(), "case")
    found = case_checks(loaded.model, ctx.for_case("cases/aa-one.yaml", loaded.model))
    assert [f.code for f in found] == ["id-mismatch", "future-date", "event-before-birth",
                                       "event-before-birth"]  # identity, then timeline
    assert [check.__name__ for check, _ in CHECKS] == [
        "identity_findings", "privacy_findings", "timeline_findings", "criteria_findings",
        "one_line_findings", "sealing_findings"]
