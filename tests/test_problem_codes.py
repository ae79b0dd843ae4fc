"""Every problem code the package can raise is declared once in kremlinlist.base.codes, and
docs/problems.md is what the registry renders: a new code without documentation, a dead
declaration or a stale page fails here, with the one thing to do about it."""

from __future__ import annotations

import ast
import functools
import inspect
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

import pytest

from kremlinlist.base import codes as registry
from kremlinlist.base import command_codes as command_registry
from kremlinlist.base.code import GROUPS
from kremlinlist.base.codes import CODES
from kremlinlist.base.problems_page import render_markdown

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "kremlinlist"
DOC = REPO / "docs" / "problems.md"

# The call shapes that carry a code: callee name -> (index of the code, index of the severity or
# None). A callee without a severity always stands for an error: each one stops reading a file or
# stops the command, and every site that turns it into a Problem writes "error" (checked below).
SHAPES: dict[str, tuple[int, int | None]] = {
    "Problem": (4, 3),           # Problem(file, line, column, severity, CODE, message)
    "Finding": (2, 1),           # Finding(path, severity, CODE, message)
    "YamlError": (2, None),      # YamlError(line, column, CODE, message), also YamlError(*pos, ...)
    "FileRefused": (0, None),    # FileRefused(CODE, message)
    "_fail": (1, None),          # yamlsafe._fail(event, CODE, message)
    "KremlinlistError": (0, None),  # KremlinlistError(CODE, message, *, usage=...)
}
KEBAB = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+")
# Kebab-case literals passed to a class that are not problem codes.
NOT_CODES: set[str] = set()


class Site(NamedTuple):
    where: str
    severity: str | None


class Scan(ast.NodeVisitor):
    """Walks one module, keeping the enclosing functions to resolve a code held in a variable."""

    def __init__(self, rel: str, tree: ast.Module):
        self.rel, self.scopes = rel, [tree]
        self.codes: dict[str, list[Site]] = defaultdict(list)
        self.unreadable: list[str] = []  # a code argument neither a literal nor a forward
        self.bad_forwards: list[str] = []  # a forwarded code whose severity is changed
        self.computed_severity: list[str] = []  # a code literal whose severity is computed
        self.suspects: list[tuple[str, str, str]] = []  # (literal, where, callee): a new shape?

    def visit_FunctionDef(self, node):
        self.scopes.append(node)
        self.generic_visit(node)
        self.scopes.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node: ast.Call):
        name = getattr(node.func, "id", getattr(node.func, "attr", None))
        where = f"{self.rel}:{node.lineno}"
        if name in SHAPES:
            self._shape(node, name, where)
        else:
            args = [*(node.args if name and name[:1].isupper() else ()),
                    *(k.value for k in node.keywords if k.arg == "code")]
            for arg in args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) \
                        and KEBAB.fullmatch(arg.value):
                    self.suspects.append((arg.value, where, name or "?"))
        self.generic_visit(node)

    def _shape(self, node: ast.Call, name: str, where: str):
        code_at, severity_at = SHAPES[name]
        args = node.args
        keywords = {k.arg: k.value for k in node.keywords}
        if any(isinstance(a, ast.Starred) for a in args[:code_at + 1]):
            # *args stand for the position: the code is then just before the message
            code = args[-2] if len(args) >= 2 else None
            severity = None
        else:
            code = args[code_at] if len(args) > code_at else keywords.get("code")
            severity = (args[severity_at] if severity_at is not None and len(args) > severity_at
                        else keywords.get("severity"))
        if code is None:
            self.unreadable.append(where)
            return
        sev = "error" if severity_at is None else _literal(severity)
        values = self._resolve(code)
        if values is None:
            self.unreadable.append(where)
        elif values == ["<forward>"]:
            if sev not in ("error", None) or (sev is None and not _same_source(code, severity)):
                self.bad_forwards.append(where)
        else:
            if sev is None:
                self.computed_severity.append(where)
            for v in values:
                self.codes[v].append(Site(where, sev))

    def _resolve(self, node) -> list[str] | None:
        """The code literals an argument can hold; ["<forward>"] for a code passed on from an
        object or parameter that was already checked; None when this scan cannot tell."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.IfExp):
            a, b = self._resolve(node.body), self._resolve(node.orelse)
            return None if a is None or b is None or "<forward>" in a + b else a + b
        if isinstance(node, ast.Attribute) and node.attr == "code":
            return ["<forward>"]
        if isinstance(node, ast.Name):
            scope = self.scopes[-1]
            if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.id in {
                    a.arg for a in scope.args.args + scope.args.kwonlyargs}:
                return ["<forward>"]
            value = self._assigned(node.id)
            return None if value is None else self._resolve(value)
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            table = self._assigned(node.value.id)
            if isinstance(table, ast.Dict) and table.values:
                out: list[str] = []
                for v in table.values:
                    got = self._resolve(v)
                    if got is None or got == ["<forward>"]:
                        return None
                    out += got
                return out
        return None

    def _assigned(self, name: str):
        """The value of the one plain assignment to `name` in the enclosing function (or module)."""
        for scope in reversed(self.scopes):
            found = [n.value for n in ast.walk(scope) if isinstance(n, ast.Assign)
                     and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)]
            if len(found) == 1:
                return found[0]
            if found:
                return None
        return None


def _literal(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _same_source(code, severity) -> bool:
    """`Problem(..., f.severity, f.code, ...)`: a forward that keeps the severity it was given."""
    return (isinstance(code, ast.Attribute) and isinstance(severity, ast.Attribute)
            and severity.attr == "severity" and ast.dump(code.value) == ast.dump(severity.value))


def scan() -> Scan:
    """Every code literal at a call site of the package (codes.py itself excluded)."""
    total = Scan("", ast.Module(body=[], type_ignores=[]))
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in ("codes.py", "command_codes.py"):  # the registry, wherever it is split
            continue
        rel = path.relative_to(REPO).as_posix()
        one = Scan(rel, ast.parse(path.read_text(encoding="utf-8"), filename=rel))
        one.visit(one.scopes[0])
        for code, sites in one.codes.items():
            total.codes[code] += sites
        total.unreadable += one.unreadable
        total.bad_forwards += one.bad_forwards
        total.computed_severity += one.computed_severity
        total.suspects += one.suspects
    return total


@functools.cache
def scanned() -> Scan:
    """The scan, made once and only in a process that runs a test reading it (not at import: each
    xdist worker imports every module)."""
    return scan()


def test_the_scan_sees_the_call_sites():
    assert len(scanned().codes) >= 60, "the scan found almost no codes: has the package moved?"
    assert "unknown-criterion" in scanned().codes, "a code looked up in a dict of codes is missed"


def test_every_code_site_is_readable():
    assert not scanned().unreadable, (
        "these call sites pass a code this test cannot read (not a literal, not `x.code`, not a "
        "parameter, not a dict or variable of literals in the function); write the code as a "
        "string literal there: " + ", ".join(scanned().unreadable))


def test_every_raised_code_is_declared():
    missing = sorted(set(scanned().codes) - set(CODES))
    assert not missing, "\n".join(
        f"declare {code!r} in src/kremlinlist/base/codes.py (raised as "
        f"{'/'.join(sorted({s.severity or '?' for s in scanned().codes[code]}))} at "
        f"{', '.join(s.where for s in scanned().codes[code])}), then run python tools/problems_md.py"
        for code in missing)


def test_every_declared_code_is_raised():
    dead = sorted(set(CODES) - set(scanned().codes))
    assert not dead, "\n".join(
        f"{code!r} is declared but never raised: delete it from src/kremlinlist/base/codes.py, then "
        "run python tools/problems_md.py" for code in dead)


def test_no_code_hides_in_a_new_kind_of_call():
    """A kebab-case literal handed to a class that is not a known shape may be a code raised
    through a new exception; it must be declared (and the class added to SHAPES)."""
    unknown = [(lit, where, callee) for lit, where, callee in scanned().suspects
               if lit not in NOT_CODES]
    assert not unknown, "\n".join(
        f"{lit!r} is passed to {callee}() at {where}: if it is a problem code, add {callee!r} "
        f"to SHAPES in tests/test_problem_codes.py and declare {lit!r} in codes.py; if it is "
        "not, add it to NOT_CODES there" for lit, where, callee in unknown)


def test_forwarded_codes_keep_their_severity():
    assert not scanned().bad_forwards, (
        "these sites pass on a code with a severity of their own; pass `x.severity` with "
        "`x.code` (or \"error\" for a refusal, which has none), so each code keeps one severity: "
        + ", ".join(scanned().bad_forwards))


@pytest.mark.parametrize("code", sorted(CODES))
def test_declaration_is_complete(code):
    c = CODES[code]
    assert KEBAB.fullmatch(code) or re.fullmatch(r"[a-z][a-z0-9]*", code), \
        f"{code!r}: codes are kebab-case"
    assert c.severity in ("error", "warning"), f"{code}: severity is error or warning"
    assert c.group in GROUPS, f"{code}: group {c.group!r} is not in GROUPS of codes.py"
    for field in ("title", "fix"):
        text = getattr(c, field)
        assert text.strip() and "\n" not in text, f"{code}: `{field}` is one non-empty line"
        assert text.endswith("."), f"{code}: `{field}` ends with a full stop"
    assert len(c.title) <= 160, f"{code}: the title says in one line what is wrong"
    assert len(c.fix) <= 200, f"{code}: the fix says in one or two lines what to write instead"


def test_each_code_site_writes_its_severity():
    assert not scanned().computed_severity, (
        "these sites compute the severity of a literal code, so the code may be raised with two "
        "severities; write \"error\" or \"warning\" there (two severities need two codes): "
        + ", ".join(scanned().computed_severity))


def test_declared_severity_is_the_raised_one():
    wrong = []
    for code, sites in sorted(scanned().codes.items()):
        if code not in CODES:
            continue
        for s in sites:
            if s.severity is not None and s.severity != CODES[code].severity:
                wrong.append(f"{code!r} is raised as {s.severity} at {s.where} but declared "
                             f"{CODES[code].severity} in codes.py")
    assert not wrong, "\n".join(wrong)


def test_codes_are_declared_once_in_group_order():
    keys = []
    for module, name in ((registry, "CODES"), (command_registry, "COMMAND_CODES")):
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        keys += [k.value for n in ast.walk(tree) if isinstance(n, ast.AnnAssign)
                 and getattr(n.target, "id", None) == name for k in n.value.keys
                 if k is not None]  # None: the other module's codes merged in (`**`)
    twice = sorted({k for k in keys if keys.count(k) > 1})
    assert not twice, f"declared more than once in codes.py (the last one wins): {twice}"
    order = list(GROUPS)
    expected = sorted(CODES, key=lambda k: (order.index(CODES[k].group), k))
    assert list(CODES) == expected, (
        "keep CODES sorted by group (in GROUPS order), then by code; first out of place: "
        + next(a for a, b in zip(CODES, expected) if a != b))
    unused = [g for g in GROUPS if not any(c.group == g for c in CODES.values())]
    assert not unused, f"groups without codes in GROUPS: {unused}"


def test_docs_page_is_generated():
    assert DOC.exists() and DOC.read_bytes().decode("utf-8") == render_markdown(), \
        "docs/problems.md is stale: run python tools/problems_md.py"


def test_docs_page_has_a_row_per_code():
    text = render_markdown()
    for code, c in CODES.items():
        assert f"| `{code}` | {c.severity} |" in text
    for heading in GROUPS.values():
        assert f"\n## {heading}\n" in text


def test_every_registered_check_code_is_declared():
    """checks.registry lists each check with the codes it may emit: each one is declared, and
    raised somewhere in the package."""
    from kremlinlist.checks.registry import ACROSS, CHECKS

    listed = {code for _, codes in CHECKS + ACROSS for code in codes}
    assert listed, "the registry lists no codes"
    assert not sorted(listed - set(CODES)), f"declare these in codes.py: {sorted(listed - set(CODES))}"
    assert not sorted(listed - set(scanned().codes)), \
        f"listed in checks/registry.py but never raised: {sorted(listed - set(scanned().codes))}"
    for check, codes in CHECKS + ACROSS:  # and each check emits only the codes listed with it
        lines, first = inspect.getsourcelines(check)
        where = Path(inspect.getsourcefile(check)).resolve().relative_to(REPO).as_posix()
        emitted = {code for code, sites in scanned().codes.items() for s in sites
                   if s.where.rpartition(":")[0] == where
                   and first <= int(s.where.rpartition(":")[2]) < first + len(lines)}
        assert emitted <= set(codes), \
            f"{check.__name__} emits {sorted(emitted - set(codes))}: list them in checks/registry.py"


def test_the_generator_checks_the_page():
    """`make docs` and CI run the script, not this module: its --check must agree."""
    run = subprocess.run([sys.executable, str(REPO / "tools" / "problems_md.py"), "--check"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_the_page_names_every_refusal_that_exits_1():
    """docs/problems.md says the refusals under its command groups exit 2, and lists those that
    exit 1: a refusal raised without `usage=True` there is on that list."""
    exits_1 = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "KremlinlistError"
                    and node.args and isinstance(node.args[0], ast.Constant)
                    and not any(k.arg == "usage" for k in node.keywords)):
                exits_1.add(node.args[0].value)
    refusals = {c for c in exits_1 if CODES[c].group in ("history", "release", "export", "usage")}
    page = render_markdown()
    said = page[page.index("exits 2 (1 for"):page.index("what it found is not")]
    missing = sorted(c for c in refusals if f"`{c}`" not in said
                     and not (c.startswith("template") and "template codes" in said))
    assert not missing, f"exit 1, but not listed as such in docs/problems.md: {missing}"
