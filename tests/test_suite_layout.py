"""The suite's own layout: helpers live in factory.py (and waiting.py, the waits on another
process's events; git_writer.py, GitRepo's commits written without git) and fixtures in conftest.py, so a test module never imports another one (which
would also collect, or re-export, that module's fixtures)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
MODULES = {p.stem for p in TESTS.glob("*.py")}
SHARED = {"conftest", "factory", "waiting", "git_writer"}


def imported_test_modules(path: Path) -> list[str]:
    """The modules of tests/ that `path` imports (at any depth), other than the SHARED ones."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found += [n for n in names if n.split(".")[0] in MODULES - SHARED]
    return found


@pytest.mark.parametrize("path", sorted(TESTS.glob("*.py")), ids=lambda p: p.name)
def test_a_test_module_imports_only_the_shared_modules_from_the_suite(path):
    assert imported_test_modules(path) == [], f"{path.name}: move the helper to factory.py"


def test_the_check_sees_an_import_of_a_test_module(tmp_path):
    bad = tmp_path / "test_bad.py"
    bad.write_text("import os\nfrom factory import case\n\n\ndef test_x():\n"
                   "    from test_history import repo\n", encoding="utf-8")
    assert imported_test_modules(bad) == ["test_history"]
