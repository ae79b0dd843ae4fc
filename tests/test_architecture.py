"""The import contracts of .importlinter hold, so pytest alone fails on a broken layer: only the
command line imports typer and rich, and packages import downwards (cli -> app -> publish ->
history|checks -> files|caches -> model -> base) without cycles, save the exceptions listed there."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts(capsys):
    from importlinter.cli import lint_imports

    code = lint_imports(config_filename=str(ROOT / ".importlinter"), no_cache=True, no_logo=True)
    assert code == 0, capsys.readouterr().out
