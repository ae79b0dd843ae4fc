"""Every parameter of every command is coerced as typer's own coercion coerces it, though
`cli.group._Plain` takes defaults and text as they are, without typer's pydantic adapters."""

import json
import subprocess
import sys

import pytest
import typer.main
from hypothesis import given, strategies as st

import kremlinlist.cli.command_set  # noqa: F401  (declares the commands)
from factory import case, shared
from kremlinlist.cli.group import _PLAIN, app, _Built


def _parameters():
    """(where, parameter, click context) of every command, group and sub-command."""
    top = typer.main.get_command(app)
    found = []

    def walk(command, where, parent):
        ctx = typer.Context(command, info_name=where, parent=parent)
        found.extend((where, p, ctx) for p in command.get_params(ctx))
        subs = getattr(command, "commands", None)
        for name in (list(subs) if subs is not None else []):
            walk(subs[name], f"{where} {name}", ctx)

    walk(top, "kremlinlist", None)
    assert isinstance(top.commands, _Built)
    return found


PARAMETERS = _parameters()


def _typers(value, param, ctx):
    param._runtime_param = None
    try:
        return param.get_runtime_param().coerce(value, param=param, ctx=ctx)
    finally:
        param._runtime_param = _PLAIN


def _both(value, param, ctx):
    def run(coerce):
        try:
            return "value", coerce(value, param, ctx)
        except Exception as exc:  # noqa: BLE001 (the same refusal on both sides)
            return "refused", type(exc).__name__
    return run(_PLAIN.coerce), run(_typers)


def test_every_command_is_covered():
    names = {where for where, _p, _c in PARAMETERS}
    assert {"kremlinlist validate", "kremlinlist release", "kremlinlist intake list"} <= names
    assert len(PARAMETERS) > 100


@pytest.mark.parametrize("where, param, ctx", PARAMETERS,
                         ids=[f"{w}:{p.name}" for w, p, _c in PARAMETERS])
def test_a_default_is_coerced_as_typer_does(where, param, ctx):
    plain, typers = _both(param.default, param, ctx)
    assert plain == typers
    assert type(plain[1]) is type(typers[1])


TEXT_PARAMETERS = [(w, p, c) for w, p, c in PARAMETERS
                   if p.type_descriptor.annotation is str
                   or str(p.type_descriptor.annotation) in ("typing.List[str]", "list[str]")]


def test_text_parameters_exist():
    assert {p.name for _w, p, _c in TEXT_PARAMETERS} >= {"paths", "case_id", "changed_since"}


@given(st.lists(st.text(), max_size=3))
def test_text_is_coerced_as_typer_does(texts):
    for _where, param, ctx in TEXT_PARAMETERS:
        value = tuple(texts) if (param.multiple or param.nargs == -1) else "".join(texts)
        plain, typers = _both(value, param, ctx)
        assert plain == typers, (param.name, value)


# One text parameter of each shape typer's coercion could treat differently
TEXT_SHAPES = {(str(p.type_descriptor.annotation), type(p), p.multiple, p.nargs, p.min, p.max,
                p.type_descriptor.parameter_info.parser,
                getattr(p.type_descriptor.parameter_info, "click_type", None)): (w, p, c)
               for w, p, c in TEXT_PARAMETERS}


def test_hostile_and_undecodable_text_is_coerced_as_typer_does():
    """Every string through a parameter of each shape, and through one more parameter in turn,
    so that every parameter meets some of them (every pair would take ten times as long)."""
    strings = json.loads(shared("corpora", "blns", "blns.json").read_text(encoding="utf-8"))
    strings += ["\udcff\udcfe", "cases/\udc80.yaml", ""]
    assert len(strings) > 2 * len(TEXT_PARAMETERS) and len(TEXT_SHAPES) >= 2
    for i, s in enumerate(strings):
        for _where, param, ctx in [*TEXT_SHAPES.values(),
                                   TEXT_PARAMETERS[i % len(TEXT_PARAMETERS)]]:
            value = (s,) if (param.multiple or param.nargs == -1) else s
            plain, typers = _both(value, param, ctx)
            assert plain == typers, (param.name, s)


def test_the_hook_imports_no_typer_adapter(dataset):
    """`validate FILE` (the pre-commit hook) and a command run with its defaults build no
    pydantic TypeAdapter, though they ran to their end."""
    dataset.add(case(id="hook-person"))
    code = ("import sys; from kremlinlist.cli.entry import main\n"
            "try:\n    main()\nexcept SystemExit as end:\n    print('exit', end.code)\n"
            "print('adapters', 'typer._adapters' in sys.modules)\n")
    for args in (["validate", "cases/hook-person.yaml"], ["-q", "validate"], ["stats"]):
        done = subprocess.run([sys.executable, "-c", code, *args],
                              capture_output=True, text=True, cwd=dataset.root)
        assert done.stdout.splitlines()[-2:] == ["exit 0", "adapters False"], (args, done)
