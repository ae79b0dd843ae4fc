"""The typer application: the global options, the one place a refusal becomes its message and
exit code, help in the language of messages, and the commands built only when used.

cli.commands registers every command on `commands` (a plain typer.Typer that is never run);
`app` finds them there by name. typer would turn every command's signature into click
parameters at each start; here only the command being run (or whose help is asked) is built,
and `kremlinlist --help` lists the commands from their docstrings alone."""

from __future__ import annotations

import inspect
import os
from contextlib import contextmanager
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Optional, get_args, get_origin

import typer
from typer._click.exceptions import (BadOptionUsage, BadParameter, MissingParameter,
                                     NoArgsIsHelpError, NoSuchOption, UsageError)
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup
from typer.main import get_command_from_info, get_command_name, get_group_from_info
from typer.models import CommandInfo

from kremlinlist import _version
from kremlinlist.app import usage_errors
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.base.i18n import (DEFAULT, LANGUAGES, N_, _, choose_language, language,
                                   set_language, spoken)
from kremlinlist.base.signals import Terminated, signals_end_the_block
from kremlinlist.cli.render import draw, echo, set_quiet
from kremlinlist.publish.reports import human_choice_error, printable, problems_report

commands = typer.Typer()  # where cli.commands registers the commands and groups


def _declared() -> dict:
    """Each command and group of `commands` by name, in the order app.commands declares them
    (groups last, as typer lists them)."""
    found = {info.name or get_command_name(info.callback.__name__): info
             for info in commands.registered_commands}
    found.update((info.name, info) for info in commands.registered_groups)
    return found


class _Built(MutableMapping):
    """The group's commands by name: all of them listed, each built by typer when first looked
    up (typer's own group builds every command, signatures and all, at each start)."""

    def __init__(self) -> None:
        self.built: dict = {}

    def __getitem__(self, name: str):
        if name not in self.built:
            info = _declared()[name]
            for declared in ([info] if info in commands.registered_commands
                             else info.typer_instance.registered_commands):
                if declared.cls in (None, TyperCommand):  # typer's default
                    declared.cls = BuiltCommand
            self.built[name] = (
                get_command_from_info(info, pretty_exceptions_short=app.pretty_exceptions_short,
                                      rich_markup_mode=app.rich_markup_mode)
                if info in commands.registered_commands else
                get_group_from_info(info, pretty_exceptions_short=app.pretty_exceptions_short,
                                    suggest_commands=app.suggest_commands,
                                    rich_markup_mode=app.rich_markup_mode))
        return self.built[name]

    def __contains__(self, name: object) -> bool:
        return name in _declared()

    def __iter__(self):
        return iter(_declared())

    def __len__(self) -> int:
        return len(_declared())

    def __setitem__(self, name: str, command) -> None:
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        del self.built[name]


class _Plain:
    """Typer's coercion of a parameter, without pydantic where none is needed. typer builds a
    pydantic TypeAdapter for each parameter of the command run and of its group, given or not:
    ~50 ms of imports in front of every command, the pre-commit hook's `validate FILE`
    included. A value left out (None, or the default the signature declares, already of its
    type) and text for a parameter of text or list of text are what typer's coercion would make
    them (tests/test_cli_coercion.py compares every parameter of every command); anything else
    goes through typer's own (`_runtime_param` is typer's lazy slot)."""

    def coerce(self, value, param, ctx):
        many = param.multiple or param.nargs == -1
        if value is None:
            return () if many else None
        kind, info = param.type_descriptor.annotation, param.type_descriptor.parameter_info
        if info.parser is None:
            if value is param.default and isinstance(kind, type) and isinstance(value, kind):
                return value
            if kind is str and type(value) is str:
                return value
            if (many and get_origin(kind) is list and get_args(kind) == (str,)
                    and all(type(v) is str for v in value)):
                return list(value)
        param._runtime_param = None
        return param.get_runtime_param().coerce(value, param=param, ctx=ctx)


_PLAIN = _Plain()


class _PlainParams:
    """Every parameter coerced by `_Plain` (set on the parameters as they are handed out)."""

    def get_params(self, ctx):
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if getattr(param, "_runtime_param", False) is None:
                param._runtime_param = _PLAIN
        return params


_HELP = N_("Show this message and exit.")  # the --help option's own text, which click makes
# click's words around the help and usage lines, which it says in English
_CLICKS_OWN = (N_("Usage"), N_("Arguments"), N_("Options"), N_("Commands"))


class _Formatter(HelpFormatter):
    """Help and usage lines whose "Usage:", "Options:"... are in the language of messages."""

    def write_usage(self, prog: str, args: str = "", prefix: Optional[str] = None) -> None:
        super().write_usage(prog, args, _("Usage") + ": " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_(heading))


class _Context(typer.Context):
    formatter_class = _Formatter


class _TranslatedHelp:
    """The --help option's text in the language of messages, as every other option's, and
    click's own words around it."""

    context_class = _Context

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _(_HELP)
        return option

    def format_help(self, ctx, formatter):
        translate_help(self)  # again: a --lang after the command is read after it was built
        return super().format_help(ctx, formatter)  # type: ignore[misc]


class _GlobalOptionsAfter:
    """The global --lang and --quiet after the command too (`kremlinlist validate --lang uk`),
    where pre-commit puts a hook's `args`, unless the command has an option of that name of its
    own (export, diff, release, actions: --lang is the language of what they write), which
    stays theirs. Hidden from the command's help: `kremlinlist --help` tells of them."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        own = {o for p in self.params for o in getattr(p, "opts", ())}  # type: ignore
        self.params += [p for p in _options_after_the_command()  # type: ignore
                        if not own.intersection(p.opts)]


class BuiltCommand(_PlainParams, _TranslatedHelp, _GlobalOptionsAfter, TyperCommand):
    """Every command's class (set when it is built)."""


class Subcommands(_PlainParams, _TranslatedHelp, _GlobalOptionsAfter, TyperGroup):
    """A group whose parameters are coerced by `_Plain`: the `cls` of a sub-typer (`intake`,
    `cache`), so that `kremlinlist intake list --help` starts without pydantic too."""


class _Commands(Subcommands):
    """The one place a KremlinlistError becomes the user's message and exit code (2 for a usage
    error, 1 otherwise), and a SIGTERM, SIGHUP or SIGQUIT the exit code of that signal after
    the command's `finally` clauses ran (its workers ended, its half-written files removed):
    `main()` and the tests' CliRunner both go through it. The language and --quiet chosen for
    one run are put back after it, so a test or a script calling in-process is not left
    speaking another language, or silent."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.commands = _Built()

    def main(self, *args, **kwargs):
        spoken = language()
        set_language(choose_language())  # KREMLINLIST_LANG or the locale; --lang may change it
        try:
            return super().main(*args, **kwargs)
        finally:
            set_language(spoken)
            set_quiet(False)

    def invoke(self, ctx):
        try:
            with ended_as_by_signals():  # a `kill` ends the command as Ctrl-C does
                return super().invoke(ctx)
        except KremlinlistError as exc:
            if exc.problems and not exc.usage:
                draw(problems_report(exc.problems, "text"))
            echo(f"kremlinlist: {printable(exc.message)}", err=True)  # it may name a file
            for line in exc.details:
                echo(f"  {printable(line)}", err=True)
            raise typer.Exit(2 if exc.usage else 1) from None
        except UsageError as exc:
            if isinstance(exc, BadParameter):
                exc.message = human_choice_error(exc.message)
            said_in_language(exc)
            raise

    def parse_args(self, ctx, args):
        try:
            return super().parse_args(ctx, args)
        except UsageError as exc:  # the options before the command
            said_in_language(exc)
            raise

    def get_command(self, ctx, cmd_name):
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            translate_help(command)
        return command

    def format_commands(self, ctx, formatter):
        """The list of commands, each help's first sentence, as typer shows it, from the
        docstrings (a group's help) alone, without building the commands."""
        listed = [(name, TyperCommand(name=name, help=_(
            inspect.getdoc(info.callback) if info in commands.registered_commands
            else inspect.cleandoc(info.typer_instance.info.help))))
            for name, info in _declared().items()]
        limit = formatter.width - 6 - max(len(name) for name, _command in listed)
        with formatter.section("Commands"):  # typer's word, which _Formatter translates
            formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in listed])



# typer's own options' help, put in the catalog so that `--lang uk --help` has no English line
_TYPERS_OWN = (N_("Install completion for the current shell."),
               N_("Show completion for the current shell, to copy it or customize the "
                  "installation."))


def said_in_language(exc: UsageError) -> None:
    """A usage error shown as click shows it (the usage line, where help is, the error; exit 2),
    in the language of messages; in English click shows it itself."""
    if language() == DEFAULT or isinstance(exc, NoArgsIsHelpError):
        return
    ctx = exc.ctx
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = _("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=ctx.help_option_names[0]) + "\n"
        echo(f"{ctx.get_usage()}\n{hint}", err=True)
    echo(_("Error: {message}").format(message=_reworded(exc)), err=True)
    raise typer.Exit(exc.exit_code)


def _reworded(exc: UsageError) -> str:
    """The error's sentence, made from what it carries."""
    if isinstance(exc, NoSuchOption):
        return usage_errors.no_such_option(printable(exc.option_name), exc.possibilities)
    if isinstance(exc, BadOptionUsage):
        return usage_errors.option_usage(exc.option_name, exc.message)
    if not isinstance(exc, BadParameter):
        return usage_errors.said(exc.message)
    hint = exc.param_hint if exc.param_hint is not None else (
        exc.param.get_error_hint() if exc.param is not None else None)
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(repr(x) for x in hint)
    if not isinstance(exc, MissingParameter):
        return usage_errors.invalid_value(hint, exc.message)
    if hint is None:
        return exc.format_message()
    extra = exc.param.get_missing_message(ctx=exc.ctx) if exc.param is not None else ""
    reason = f"{exc.message}. {extra}" if exc.message and extra else exc.message or extra or ""
    kind = exc.param_type or getattr(exc.param, "param_type_name", "parameter")
    return usage_errors.missing(kind, hint, reason)


def translate_help(command) -> None:
    """A command's help and its options' in the language of messages, looked up when shown: the
    texts are English in the code (options' marked N_) and the catalog translates them like any
    message; a text without a translation stays English."""
    for item in (command, *command.params):
        if getattr(item, "help", None):
            item.help = _(item.help)
    subcommands = getattr(command, "commands", {})
    for sub in (subcommands.built if isinstance(subcommands, _Built) else subcommands).values():
        translate_help(sub)


def _choose_language(lang: Optional[str]) -> Optional[str]:
    """--lang takes effect as soon as it is read, so that a --help after it is in that language."""
    if lang is not None:
        set_language(choose_language(lang))
    return lang


def _checked_language(lang: Optional[str]) -> None:
    """A --lang the tool does not speak is a usage error (exit 2)."""
    if lang is not None and spoken(lang) is None:
        usage(_("--lang: choose one of {choices}").format(choices=", ".join(LANGUAGES)))


def _language_after_the_command(lang: Optional[str]) -> Optional[str]:
    """--lang after the command: checked, then taken as soon as it is read, as before it."""
    _checked_language(lang)
    return _choose_language(lang)


_LANG_HELP = N_("Language of messages and prompts: en or uk (default: KREMLINLIST_LANG, else the "
                "locale). Also after a command, except export, diff, release and actions: their "
                "own --lang is the language of the list, change log or titles.")


def _quiet_after_the_command(quiet: bool) -> bool:
    if quiet:
        set_quiet(True)
    return quiet


def _after_the_command(
        lang: Optional[str] = typer.Option(
            None, "--lang", metavar="LANG", is_eager=True, expose_value=False, hidden=True,
            callback=_language_after_the_command, help=_LANG_HELP),
        quiet: bool = typer.Option(False, "--quiet", "-q", expose_value=False, hidden=True,
                                   callback=_quiet_after_the_command)) -> None:
    """Never run: its parameters are added to the commands that have none of those names."""


def _options_after_the_command() -> list:
    """New --lang and --quiet options, as typer builds them (parameters of each command)."""
    return get_command_from_info(CommandInfo(callback=_after_the_command),
                                 pretty_exceptions_short=True, rich_markup_mode=None).params


app = typer.Typer(
    cls=_Commands,
    name="kremlinlist",
    help=N_("Validate, review and publish the joint list of Ukrainians deprived of liberty for "
            "political reasons by Russia."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        echo(f"kremlinlist {_version.__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_print_version,
                                 help=N_("Show the installed version and exit.")),
    directory: Optional[Path] = typer.Option(
        None, "-C", metavar="DIR",
        help=N_("Run as if started in DIR (as `git -C` does): the dataset is found there or "
                "above.")),
    lang: Optional[str] = typer.Option(
        None, "--lang", metavar="LANG", is_eager=True, callback=_choose_language,
        help=_LANG_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q",
                               help=N_("Print only problems and results: no progress bar, no "
                                       "summary lines.")),
) -> None:
    """Options given before the command name."""
    _checked_language(lang)
    set_quiet(quiet)
    if directory is not None:
        try:
            os.chdir(directory)
        except OSError as exc:
            usage(_("-C {dir}: {reason}").format(dir=directory, reason=exc.strerror))


def usage(message: str) -> None:
    """A usage error found while parsing: its message, exit 2."""
    echo(f"kremlinlist: {message}", err=True)
    raise typer.Exit(2)


@contextmanager
def ended_as_by_signals() -> Iterator[None]:
    """SIGTERM, SIGHUP or SIGQUIT end the block as Ctrl-C does (its `finally` clauses run: a
    child stopped, a temporary folder or an opened private block removed), and the command
    exits with 128 + the signal, as a shell reports it."""
    try:
        with signals_end_the_block():
            yield
    except Terminated as ended:
        raise typer.Exit(128 + ended.signum) from None
