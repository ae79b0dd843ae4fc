"""The import contracts of .importlinter hold, so pytest alone fails on a broken layer: only the
command line imports typer and rich, and packages import downwards (cli -> app -> publish ->
history|checks -> files|caches -> model -> base) without cycles, save the exceptions listed there."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts(capsys):
    from importlinter.cli import lint_imports

    code = lint_imports(config_filename=str(ROOT / ".importlinter"), no_cache=True, no_logo=True)
    assert code == 0, capsys.readouterr().out


# ---- the rules of the house that import-linter cannot see (AST) --------------------------------

import ast  # noqa: E402
import functools  # noqa: E402

from kremlinlist.base.gc import paused_gc  # noqa: E402

PACKAGE = ROOT / "src" / "kremlinlist"
# The only packages a function may import: heavy ones that only some commands need (babel: the
# catalogs of a language other than English, base/i18n.py).
LAZY = {"babel", "click", "jinja2", "markupsafe", "rich", "typer"}
# Function-local imports that break that rule today, (module, imported module): reason. The list
# may only shrink: an entry that no longer matches fails too, so delete it when its import goes.
KNOWN_LOCAL = {
    # the entry point answers `--version` first; the commands (and typer, ~50 ms) load after
    ("cli/entry.py", "kremlinlist.cli.command_set"): "typer is 50 ms; --version answers first",
    # measured with `python -X importtime`: 61 ms of 80 for `--help`; only --version needs it
    ("_version.py", "importlib.metadata"): "61 ms at start-up; only --version needs it",
    # 20 ms (measured); only a run with 400 files or more to read forks (base/parallel.py)
    ("base/parallel.py", "multiprocessing"): "20 ms at start-up; only a run that forks needs it",
}
MAX_MODULE_LINES, MAX_CLASS_LINES = 500, 200
# Modules and classes over the limits today: may only shrink, like KNOWN_LOCAL.
KNOWN_LONG: dict[str, str] = {}


@functools.cache
def _modules() -> tuple[tuple[str, ast.Module], ...]:
    """Every module of the package, parsed once for all the tests here (read only), with the
    cyclic collector paused: it rescanned the growing trees, two thirds of the parse's time."""
    with paused_gc():
        return tuple((path.relative_to(PACKAGE).as_posix(),
                      ast.parse(path.read_text(encoding="utf-8")))
                     for path in sorted(PACKAGE.rglob("*.py")))


def _local_imports(tree, in_function: bool = False):
    """The modules imported inside a function, anywhere in `tree` (one walk: a nested
    function's body was walked again for each function around it)."""
    for node in ast.iter_child_nodes(tree):
        if in_function and isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif in_function and isinstance(node, ast.ImportFrom):
            yield "." * node.level + (node.module or "")
        else:
            yield from _local_imports(node, in_function or isinstance(
                node, (ast.FunctionDef, ast.AsyncFunctionDef)))


def test_function_local_imports_only_delay_heavy_packages():
    """A function-local import hides a layer break or a cycle from a reader; only babel,
    click, git, jinja2, markupsafe, rich and typer may wait (start-up time). A command imports its
    use case and what renders its result inside the command, in the app.commands module that
    declares it, so that `--help` loads none of them and each command only its own."""
    found = set()
    for rel, tree in _modules():
        for module in _local_imports(tree):
            if module.split(".")[0] in LAZY:
                continue
            command_module = rel.startswith("app/commands/")
            if command_module and module.startswith(("kremlinlist.app", "kremlinlist.publish")):
                continue
            found.add((rel, module))
    new = sorted(found - set(KNOWN_LOCAL))
    gone = sorted(set(KNOWN_LOCAL) - found)
    assert not new, f"function-local imports of light or own modules: move them to the top: {new}"
    assert not gone, f"fixed, so delete from KNOWN_LOCAL in tests/test_architecture.py: {gone}"


def test_only_cli_talks_to_the_user():
    """Printing, exiting and the terminal packages belong to cli/: the library is usable from a
    script, which decides what to show and when to stop."""
    bad = []
    for rel, tree in _modules():
        if rel.startswith("cli/") or rel == "__main__.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                f = node.func
                if isinstance(f, ast.Name) and f.id in ("print", "exit", "quit"):
                    bad.append(f"{rel}:{node.lineno} {f.id}()")
                # (os._exit ends a forked worker of base/parallel.py, never the command)
                if (isinstance(f, ast.Attribute) and f.attr == "exit"
                        and isinstance(f.value, ast.Name) and f.value.id == "sys"):
                    bad.append(f"{rel}:{node.lineno} {f.value.id}.{f.attr}()")
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module or ""])
                bad += [f"{rel}:{node.lineno} import {n}" for n in names
                        if n.split(".")[0] in ("typer", "rich", "click")]
    assert not bad, bad


def test_modules_and_classes_stay_small():
    long = {}
    for rel, tree in _modules():
        lines = len((PACKAGE / rel).read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            long[rel] = lines
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                size = node.end_lineno - node.lineno + 1
                if size > MAX_CLASS_LINES:
                    long[f"{rel}::{node.name}"] = size
    new = {k: v for k, v in long.items() if k not in KNOWN_LONG}
    gone = sorted(set(KNOWN_LONG) - set(long))
    assert not new, f"over {MAX_MODULE_LINES} lines a module or {MAX_CLASS_LINES} a class: {new}"
    assert not gone, f"now small enough, so delete from KNOWN_LONG: {gone}"


def test_no_two_public_classes_share_a_name():
    """Rule 4 of the house: a name says which thing it is, wherever it is read (a traceback, a
    search, an import)."""
    where: dict[str, list[str]] = {}
    for rel, tree in _modules():
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                where.setdefault(node.name, []).append(rel)
    shared = {name: places for name, places in where.items() if len(places) > 1}
    assert not shared, shared
