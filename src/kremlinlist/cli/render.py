"""Drawing what publish.screen describes: plain lines with typer, the styled ones with rich. Only
this package imports rich; it is imported inside the functions, so that `validate` on a clean
dataset starts without it (~40 ms)."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Iterable

import typer

from kremlinlist.cli.streams import writable
from kremlinlist.publish.screen import FactGrid, Shown, Styled

_QUIET = [False]  # the global --quiet, for the one command being run


def set_quiet(quiet: bool) -> None:
    """`--quiet`: from now on, no progress bar and no summary lines, only problems and results."""
    _QUIET[0] = quiet


def quiet() -> bool:
    return _QUIET[0]


def echo(message: str, err: bool = False, nl: bool = True) -> None:
    """typer.echo of a text that may hold a path: see `writable`."""
    typer.echo(writable(message), err=err, nl=nl)


def colored(word: str, color: str) -> str:
    """A word in color for a person at a terminal (without rich: `validate` prints only this line
    when the dataset is clean, and rich costs 40 ms to import); NO_COLOR is honoured."""
    if not sys.stdout.isatty() or os.environ.get("NO_COLOR"):
        return word
    return typer.style(word, fg=color)


def rich_console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def draw(shown: Iterable[Shown]) -> None:
    """Every block on standard output: a str as it is, the others through rich as text (a value
    from a file is shown, never read as markup)."""
    console = None
    for block in shown:
        if isinstance(block, str):
            echo(block)
            continue
        console = console or rich_console()
        if isinstance(block, Styled):
            console.print(_rich(block), no_wrap=block.no_wrap or None, crop=not block.no_wrap)
        else:
            console.print(_rich(block))


def _rich(block: Shown):
    from rich.table import Table
    from rich.text import Text

    if isinstance(block, Styled):
        text = Text()
        for piece, style in block.parts:
            text.append(writable(piece), style=style or None)
        return text
    if isinstance(block, FactGrid):
        table = Table.grid(padding=(0, 2))
        table.add_column(style="dim")
        table.add_column()
        for label, value in block.rows:
            table.add_row(label, Text(writable(value)))
        return table
    table = Table(title=block.title, title_justify="left")
    for header, justify in block.columns:
        table.add_column(header, justify=justify)
    for row in block.rows:
        table.add_row(*(Text(writable(cell)) for cell in row))
    return table


@contextmanager
def progress_bar(label: str, text_output: bool):
    """A rich progress bar on stderr, only for a person at a terminal: never in CI logs (the `CI`
    variable), never under --quiet and never around machine output; yields the callback (done,
    total) or None. Rich redraws it on its own thread, so it moves while the work runs."""
    if not (text_output and not _QUIET[0] and sys.stdout.isatty() and sys.stderr.isatty()
            and not os.environ.get("CI")):
        yield None
        return
    from rich.progress import Progress

    with Progress(console=rich_console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
