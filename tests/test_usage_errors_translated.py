"""The command line's own usage errors (a mistyped option or command, a missing argument) and the
words around help ("Usage:", "Options:") read in the language of messages, with exit code 2; in
English they are what they always were, byte for byte."""

from __future__ import annotations

import pytest

from factory import invoke

ENGLISH = {  # what each error said in English before it was translated: it must not change
    ("validate", "--fromat", "x"):
        "Usage: kremlinlist validate [OPTIONS] [paths]...\n"
        "Try 'kremlinlist validate --help' for help.\n\n"
        "Error: No such option: --fromat (Possible options: --format, --root)\n",
    ("validate", "--format", "yaml"):
        "Usage: kremlinlist validate [OPTIONS] [paths]...\n"
        "Try 'kremlinlist validate --help' for help.\n\n"
        "Error: Invalid value for '--format' / '-f': `yaml` is not a choice here; choose text, "
        "json, github\n",
    ("show",):
        "Usage: kremlinlist show [OPTIONS] {ID|NAME}\n"
        "Try 'kremlinlist show --help' for help.\n\n"
        "Error: Missing argument 'ID|NAME'.\n",
    ("validate", "--changed-since"):
        "Error: Option '--changed-since' requires an argument.\n",
    ("valdate",):
        "Usage: kremlinlist [OPTIONS] COMMAND [ARGS]...\n"
        "Try 'kremlinlist --help' for help.\n\n"
        "Error: No such command 'valdate'. Did you mean 'validate'?\n",
    ("stats", "extra"):
        "Usage: kremlinlist stats [OPTIONS]\n"
        "Try 'kremlinlist stats --help' for help.\n\n"
        "Error: Got unexpected extra argument(s) (extra)\n",
    ("intake", "lst"):
        "Usage: kremlinlist intake [OPTIONS] COMMAND [ARGS]...\n"
        "Try 'kremlinlist intake --help' for help.\n\n"
        "Error: No such command 'lst'. Did you mean 'list'?\n",
    ("intake", "list", "--zzz"):
        "Usage: kremlinlist intake list [OPTIONS]\n"
        "Try 'kremlinlist intake list --help' for help.\n\n"
        "Error: No such option: --zzz\n",
    ("--fromat",):
        "Usage: kremlinlist [OPTIONS] COMMAND [ARGS]...\n"
        "Try 'kremlinlist --help' for help.\n\n"
        "Error: No such option: --fromat\n",
}

UKRAINIAN = {
    ("validate", "--fromat", "x"): (
        "Використання: kremlinlist validate [OPTIONS] [paths]...\n"
        "Довідка: 'kremlinlist validate --help'.\n\n"
        "Помилка: немає такого параметра: --fromat (можливо, ви мали на увазі: --format, "
        "--root)\n"),
    ("validate", "--format", "yaml"): (
        "Помилка: неприпустиме значення '--format' / '-f': `yaml` тут не підходить; оберіть "
        "одне з: text, json, github\n"),
    ("show",): "Помилка: бракує аргументу 'ID|NAME'.\n",
    ("validate", "--changed-since"): "Помилка: параметр '--changed-since' потребує значення.\n",
    ("valdate",): (
        "Використання: kremlinlist [OPTIONS] COMMAND [ARGS]...\n"
        "Довідка: 'kremlinlist --help'.\n\n"
        "Помилка: немає такої команди: 'valdate'. Можливо, ви мали на увазі 'validate'?\n"),
    ("stats", "extra"): "Помилка: зайві аргументи: extra\n",
    ("intake", "lst"): "Помилка: немає такої команди: 'lst'. Можливо, ви мали на увазі 'list'?\n",
    ("--lang", "uk"): "Помилка: не вказано команду.\n",
    # --lang after the command is the one before it, refused as there (pre-commit's `args`)
    ("validate", "--lang", "x"): "kremlinlist: --lang: оберіть одну з мов: en, uk\n",
    ("intake", "list", "--zzz"): "Помилка: немає такого параметра: --zzz\n",
}


@pytest.mark.parametrize("args", list(ENGLISH))
def test_english_usage_errors_are_as_they_were(dataset, args):
    result = invoke(list(args), dataset.root, env={"KREMLINLIST_LANG": "en"})
    assert (result.returncode, result.stdout, result.stderr) == (2, "", ENGLISH[args])


@pytest.mark.parametrize("args", list(UKRAINIAN))
def test_usage_errors_read_in_ukrainian(dataset, args):
    """Under --lang uk or KREMLINLIST_LANG=uk, with the same exit code and the same layout."""
    by_option = invoke(["--lang", "uk", *args], dataset.root, env={"KREMLINLIST_LANG": "en"})
    by_env = invoke(list(args), dataset.root, env={"KREMLINLIST_LANG": "uk"})
    for result in (by_option, by_env):
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr.endswith(UKRAINIAN[args]), result.stderr
        assert not any(word in result.stderr for word in ("Usage:", "Error:", "Try '")), \
            result.stderr


def test_an_unknown_option_before_the_command_reads_in_ukrainian(dataset):
    """Options before the command are parsed before --lang takes effect: the environment's
    language applies to them."""
    result = invoke(["--fromat"], dataset.root, env={"KREMLINLIST_LANG": "uk"})
    assert result.returncode == 2
    assert result.stderr.endswith("Помилка: немає такого параметра: --fromat\n")


def test_help_names_its_parts_in_the_language_of_messages(dataset):
    ukrainian = invoke(["--lang", "uk", "validate", "--help"], dataset.root)
    assert ukrainian.returncode == 0
    assert ukrainian.stdout.startswith("Використання: kremlinlist validate [OPTIONS]")
    assert "\nАргументи:\n" in ukrainian.stdout and "\nПараметри:\n" in ukrainian.stdout
    listed = invoke(["--lang", "uk", "--help"], dataset.root)
    assert "\nКоманди:\n" in listed.stdout and "Commands:" not in listed.stdout
    english = invoke(["validate", "--help"], dataset.root, env={"KREMLINLIST_LANG": "en"})
    assert english.stdout.startswith("Usage: kremlinlist validate [OPTIONS]")
    assert "\nArguments:\n" in english.stdout and "\nOptions:\n" in english.stdout
