import gc
import os
import shutil
import sys
from pathlib import Path


def _bytecode_kept_outside_the_checkout() -> None:
    """Where PYTHONDONTWRITEBYTECODE forbids bytecode next to the sources, the suite keeps its own
    in the checkout's cache folder instead (PYTHONPYCACHEPREFIX, inherited by the workers and every
    CLI subprocess): else each of them compiles the package, and pytest rewrites the asserts of
    every test module, afresh (collecting alone cost 6 s of CPU a process, 2.3 s with them)."""
    if not sys.dont_write_bytecode:
        return
    prefix = str(Path(__file__).resolve().parent.parent / ".kremlinlist-cache" / "pycache")
    sys.pycache_prefix, sys.dont_write_bytecode = prefix, False
    os.environ["PYTHONPYCACHEPREFIX"] = prefix
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


_bytecode_kept_outside_the_checkout()

# Imported after the bytecode's place is chosen, so that these too are compiled once.
import pytest  # noqa: E402
import typer.testing  # noqa: E402
from hypothesis import settings  # noqa: E402

from factory import (Dataset, GitRepo, ReusedCommands, anonymous, case,  # noqa: E402
                     chromium, person, put, seed, with_events)
from git_writer import git_template  # noqa: E402


@pytest.fixture
def dataset(tmp_path):
    return Dataset(tmp_path / "data")


@pytest.fixture
def git_repo(tmp_path):
    return GitRepo(tmp_path / "repo")


# No deadline: on a shared machine a 200 ms deadline fails a property for the load, not for a bug.
# KREMLINLIST_HYPOTHESIS=deep tries five times hypothesis's 100 examples where a test sets no number,
# and a test's own number where it sets one above 100 (factory.examples).
settings.register_profile("suite", deadline=None)
settings.register_profile("deep", deadline=None, max_examples=500)
settings.load_profile(os.environ.get("KREMLINLIST_HYPOTHESIS", "suite"))

RAM_DISK = "/dev/shm"


def pytest_configure(config):
    """Tests' folders (tmp_path) on the RAM disk where there is one: the suite writes some
    15,000 files, git objects mostly, and each costs ten times the CPU on a disk. --basetemp or
    PYTEST_DEBUG_TEMPROOT still choose the place."""
    if config.option.basetemp or os.environ.get("PYTEST_DEBUG_TEMPROOT"):
        return
    if os.path.isdir(RAM_DISK) and os.access(RAM_DISK, os.W_OK) \
            and shutil.disk_usage(RAM_DISK).free > 2**30:
        os.environ["PYTEST_DEBUG_TEMPROOT"] = RAM_DISK


def pytest_collection_finish(session):
    """What collection built (modules, items, fixtures' definitions) lives to the end: frozen, the
    garbage collector stops walking it at every full collection (a third of the GC's time)."""
    gc.freeze()


_module_running: list[str] = [""]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """When a worker moves on to another test module, what the modules before it left alive
    (session fixtures, parsed sources kept by functools.cache, the tool's own caches) is frozen
    too, after one collection that frees the rest: else every automatic full collection walks
    it again, some 300,000 objects late in a run (5-8 s of a worker's CPU). A test that counts
    objects compares counts taken within itself, which the frozen ones are never part of."""
    module = item.nodeid.partition("::")[0]
    if module != _module_running[0]:
        _module_running[0] = module
        gc.collect()
        gc.freeze()


@pytest.fixture(autouse=True, scope="session")
def _reused_click_commands():
    """Every in-process CLI call (CliRunner) reuses one click command tree, put back as built
    before each call (factory.ReusedCommands), instead of building it again."""
    with pytest.MonkeyPatch.context() as mp:
        if hasattr(typer.testing, "_get_command"):  # else each call builds its own, as before
            mp.setattr(typer.testing, "_get_command", ReusedCommands(typer.testing._get_command))
        yield


@pytest.fixture(autouse=True, scope="session")
def _git_template_made_first():
    """The repository every GitRepo copies (git_writer.git_template), made before any test moves
    HOME or TMPDIR: made inside a test, it would be left in that test's TMPDIR and judge the git
    settings by that test's HOME."""
    git_template()


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    """Each test gets its own cache folder, never the user's."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "kremlinlist-cache"))


@pytest.fixture(scope="session")
def _february_history(tmp_path_factory) -> GitRepo:
    """The history of `february`, built once a session; never handed to a test itself, only
    copied."""
    repo = GitRepo(tmp_path_factory.mktemp("february") / "repo")
    alpha = person("alpha-a", "Alpha A", private={"notes": "CANARYPRIVATE notes",
                                                   "relatives": [{"name": "CANARYPRIVATE"}]})
    jan = [
        alpha, person("bravo-b", "Bravo B"), person("charlie-c", "Charlie C"),
        person("delta-d", "Delta D"), person("echo-e", "Echo E"),
        person("foxtrot-f", "Foxtrot F"), person("golf-g", "Golf G"),
        person("hotel-h", "Hotel H"),
        person("india-i", "India I", assessment={"decision": "candidate", "criteria": [],
                                                 "by": ["test-org"]}),
        anonymous("anon-2024-001", "CANARYANON"),
        case("hidden-2024-002", name={"en": "CANARYHIDDEN", "uk": "CANARYHIDDEN"},
             publicity="hidden", private={"notes": "CANARYPRIVHIDDEN"}),
    ]
    seed(repo, *jan, config={"repository": "private", "timezone": "UTC"})
    repo.commit("jan edit", "2024-01-31T23:59:00+00:00", {})
    repo.git("mv", "cases/golf-g.yaml", "cases/golf-gg.yaml")  # a rename with a new id
    feb = {
        **put(
            with_events(alpha, {"date": "2024-02-10", "type": "released", "how": "exchange",
                                "sources": ["s1"]}),
            with_events(person("bravo-b", "Bravo B"),
                        {"date": "2024-02-12", "type": "died", "sources": ["s1"]}),
            person("charlie-c", "Charlie C", assessment={
                "decision": "delisted", "reason": "The coalition reviewed the case.",
                "criteria": [{"id": "e", "sources": ["s1"]}], "by": ["test-org"]}),
            with_events(person("echo-e", "Echo E"),
                        {"date": "2024-02-03", "type": "sentenced", "term": "12y",
                         "regime": "strict", "sources": ["s1"]},
                        {"date": "2024-02-05", "type": "transferred", "to": "Colony No. 9",
                         "sources": ["s1"]},
                        {"date": "2024-02-07", "type": "hunger-strike", "sources": ["s1"]}),
            person("foxtrot-f", "Foxtrot Fixed", events=[
                {**case()["events"][0], "date": "2020-03-11"}, case()["events"][1]]),
            person("golf-gg", "Golf G", former_ids=["golf-g"]),
            person("hotel-new", "Hotel H", former_ids=["hotel-h"]),
            person("india-i", "India I", assessment={
                "decision": "listed", "since": "2024-02",
                "criteria": [{"id": "e", "sources": ["s1"]}], "by": ["test-org"]}),
            person("juliet-j", "Juliet J", assessment={
                "decision": "listed", "since": "2024-02-20",
                "criteria": [{"id": "e", "sources": ["s1"]}], "by": ["test-org"]}),
            with_events(anonymous("anon-2024-001", "CANARYANON"),
                        {"date": "2024-02-11", "type": "released", "how": "exchange",
                         "sources": ["s1"]}),
            anonymous("anon-2024-003", "CANARYANONNEW"),
            with_events(case("hidden-2024-002", name={"en": "CANARYHIDDEN", "uk": "CANARYHIDDEN"},
                             publicity="hidden", private={"notes": "CANARYPRIVHIDDEN"}),
                        {"date": "2024-02-15", "type": "sentenced", "term": "15y",
                         "sources": ["s1"]}),
        ),
        "cases/delta-d.yaml": None,
        "cases/hotel-h.yaml": None,
    }
    repo.commit("feb", "2024-02-20T10:00:00+00:00", feb)
    repo.commit("march", "2024-03-01T00:01:00+00:00", put(person("kilo-k", "Kilo K")))
    return repo


@pytest.fixture
def february(_february_history, tmp_path, monkeypatch):
    """A private repository (so withheld people may carry names) with January and February: the
    test's own copy, to change as it likes."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    return _february_history.copy_to(tmp_path / "repo")


@pytest.fixture(scope="session")
def _two_month_history(tmp_path_factory) -> GitRepo:
    repo = GitRepo(tmp_path_factory.mktemp("two-months") / "repo")
    seed(repo, person("aa-one", "Aa One"), person("bb-two", "Bb Two"))
    repo.commit("feb", "2024-02-10T10:00:00+00:00", put(person("cc-three", "Cc Three")))
    return repo


@pytest.fixture
def two_month_repo(_two_month_history, tmp_path, monkeypatch):
    """Two people seeded in January, a third added in February (the test's own copy)."""
    monkeypatch.setenv("KREMLINLIST_CACHE_DIR", str(tmp_path / "cache"))
    return _two_month_history.copy_to(tmp_path / "repo")


@pytest.fixture(scope="session")
def chromium_with_javascript():
    """One headless Chromium (JavaScript on) for every browser test of a worker: starting one
    costs some two seconds of CPU. Under -n the browser modules run on one worker
    (`pytest_xdist_make_scheduler`), which starts it once. Skipped where it cannot run, failed
    under CI=true (factory.chromium)."""
    driver = chromium()
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(driver.profile_dir, ignore_errors=True)


# Test modules that go to one worker together under -n: they share that worker's Chromium.
SAME_WORKER = {"tests/test_browser.py": "chromium", "tests/test_site_browser.py": "chromium"}

# The longest units (2 s and more of a quiet run, 2026-12-03), handed out first under -n, the
# longest first: the last to run are then short ones, and neither worker waits long for the other
# at the end (in the order collected, the yaml_* modules came last, and one worker waited 4.5 s).
# Only an order: a unit missing here keeps its place among the others, in the order collected.
LONGEST_FIRST = (
    "chromium", "tests/test_privacy_everywhere.py", "tests/test_seal_edit.py",
    "tests/test_yaml_mistakes.py", "tests/test_cache_safety.py", "tests/test_yaml_safety.py",
    "tests/test_new_terminal.py", "tests/test_validate_from_a_subfolder.py",
    "tests/test_workflow_templates.py", "tests/test_yaml_depth.py", "tests/test_cli_coercion.py",
    "tests/test_fork_map_signals.py", "tests/test_cli_expected.py", "tests/test_perf_release.py",
    "tests/test_privacy_validate.py", "tests/test_dupes_ci.py", "tests/test_memory_bound.py",
    "tests/test_hook_speed.py", "tests/test_validate_speed.py", "tests/test_diff.py",
    "tests/test_cache_seam.py", "tests/test_cache.py",
)


def pytest_xdist_make_scheduler(config, log):
    """Under -n (--dist load, the default), each test module goes to one worker whole instead
    of its tests being dealt out one by one: with them dealt out, most modules ran on both
    workers and built their module-scoped fixtures (a history of 24 months, a run of every
    command with no cache...) twice. The browser modules make one unit. Units go out longest
    first (LONGEST_FIRST), then in the order collected."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class WholeModules(LoadScopeScheduling):
        ordered = False

        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.partition("::")[0]
            return SAME_WORKER.get(module, module)

        def _assign_work_unit(self, node) -> None:
            if not self.ordered:  # the queue is whole when the first unit is handed out
                self.ordered = True
                rank = {unit: n for n, unit in enumerate(LONGEST_FIRST)}
                units = sorted(self.workqueue.items(),
                               key=lambda item: rank.get(item[0], len(rank)))
                self.workqueue.clear()
                self.workqueue.update(units)
            super()._assign_work_unit(node)

    config.option.loadscopereorder = False  # LONGEST_FIRST's order, then the order collected
    return WholeModules(config, log)
