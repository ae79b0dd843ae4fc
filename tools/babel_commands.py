"""A Babel extractor for the modules that declare the commands (app/commands): their messages as
Babel's Python extractor finds them, plus each command's docstring, which typer shows as the
command's help and `cli.group.translate_help` looks up in the catalog (Babel itself never
extracts docstrings).

Named in babel.cfg; `make messages` and tests/test_i18n.py run it.
"""

from __future__ import annotations

import ast
import inspect
import io

from babel.messages.extract import extract_python


def _is_command(node: ast.FunctionDef) -> bool:
    """Decorated with `@<something>.command(...)` or `.callback(...)`: its docstring is the help."""
    for deco in node.decorator_list:
        call = deco.func if isinstance(deco, ast.Call) else deco
        if isinstance(call, ast.Attribute) and call.attr in ("command", "callback"):
            return True
    return False


def extract(fileobj, keywords, comment_tags, options):
    """(line, funcname, message, comments) for the module's `_()` messages and its commands'
    docstrings, cleaned as typer cleans them (inspect.cleandoc)."""
    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and _is_command(node):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                yield node.body[0].lineno, None, inspect.cleandoc(doc), []
