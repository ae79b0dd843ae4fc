"""edit-private starts vim and Neovim so that they write nothing of the opened block beside its
file (no swap, viminfo, undo or backup file, whatever the user's vimrc says), and an editor still
open when the command is ended is ended first, before the block is wiped. The real vim runs under
a pseudo-terminal, HOME a folder of the test's own; its tests skip where there is no vim."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sys
from pathlib import Path

import pytest
from factory import Dataset, Terminal, age_key, case, invoke, sealing_config, tree_text
import waiting

CANARY = "HARDENCANARY3e7a"
HARDENED = ["-n", "-i", "NONE", "-c", "set noundofile nobackup nowritebackup viminfo="]
needs_vim = pytest.mark.skipif(shutil.which("vim") is None, reason="no vim on this machine")

RECORDER = """#!{python}
import json, sys
with open({seen!r}, "w") as f:  # the arguments it was given, never the file's text
    json.dump(sys.argv[1:], f)
"""


def _sealed(tmp_path: Path) -> tuple[Dataset, Path]:
    key, recipient = age_key(tmp_path / "keys", "one")
    data = Dataset(tmp_path / "data", sealing_config(recipient))
    data.add(case("petrenko-ivan", private={"notes": f"old notes {CANARY}",
                                            "health": f"asthma {CANARY}"}))
    assert invoke(["seal"], cwd=data.root).returncode == 0
    return data, key


def _recorder(folder: Path, name: str) -> tuple[Path, Path]:
    """An editor named `name` that records its arguments and changes nothing, and its record."""
    folder.mkdir(parents=True, exist_ok=True)
    script, seen = folder / name, folder / f"{name}.seen"
    script.write_text(RECORDER.format(python=sys.executable, seen=str(seen)), encoding="utf-8")
    script.chmod(0o755)
    return script, seen


@pytest.mark.parametrize("name, hardened", [
    ("vim", True), ("nvim", True), ("vim.basic", True), ("vim.tiny", True),
    ("code", False), ("nano", False)])
def test_vim_is_started_with_options_that_write_nothing_beside_the_file(tmp_path, name,
                                                                        hardened):
    """Ours come first, so that the user's own `-c` (`-c x`, a write) runs after them; the
    editor's path has a space, quoted in EDITOR as a shell would."""
    data, key = _sealed(tmp_path)
    script, seen = _recorder(tmp_path / "my editors", name)
    own = ["-c", "set tw=72"] if hardened else ["--wait"]
    command = f'"{script}" ' + " ".join(f'"{word}"' for word in own)
    result = invoke(["edit-private", "petrenko-ivan", "-i", str(key)], cwd=data.root,
                    env={"EDITOR": command, "VISUAL": command})
    assert result.returncode == 0, result.stderr
    assert result.stdout == "nothing changed\n"
    *args, path = json.loads(seen.read_text(encoding="utf-8"))
    assert args == (HARDENED if hardened else []) + own
    assert Path(path).name == "private.yaml"


def test_an_editor_that_links_to_vim_is_hardened_too(tmp_path):
    """Debian's `editor` and `vi` are links to vim.basic or vim.tiny."""
    data, key = _sealed(tmp_path)
    script, seen = _recorder(tmp_path / "bin", "vim.basic")
    (tmp_path / "bin" / "editor").symlink_to(script)
    command = str(tmp_path / "bin" / "editor")
    assert invoke(["edit-private", "petrenko-ivan", "-i", str(key)], cwd=data.root,
                  env={"EDITOR": command, "VISUAL": command}).returncode == 0
    assert json.loads(seen.read_text(encoding="utf-8"))[:-1] == HARDENED


@pytest.mark.parametrize("command", ["vim 'unclosed", "/nonexistent/editor", " "])
def test_an_editor_command_that_cannot_run_changes_nothing(tmp_path, command):
    """An unclosed quote was a traceback (click's shlex.split), after the block was opened."""
    data, key = _sealed(tmp_path)
    before = (data.root / "cases/petrenko-ivan.yaml").read_bytes()
    result = invoke(["edit-private", "petrenko-ivan", "-i", str(key)], cwd=data.root,
                    env={"EDITOR": command, "VISUAL": command})
    assert result.returncode == 1
    assert "the editor failed or was not found" in result.stderr
    assert CANARY not in result.stdout + result.stderr
    assert (data.root / "cases/petrenko-ivan.yaml").read_bytes() == before


def test_the_default_editor_is_vim_hardened_not_sensible_editor(tmp_path, monkeypatch):
    """sensible-editor may start a vim without the options; with neither EDITOR nor VISUAL, on a
    terminal, vim itself is started."""
    data, key = _sealed(tmp_path)
    _vim, seen = _recorder(tmp_path / "bin", "vim")
    _sensible, sensible_seen = _recorder(tmp_path / "bin", "sensible-editor")
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    term = Terminal(["edit-private", "petrenko-ivan", "-i", str(key)], data.root,
                    env={"PATH": f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}"})
    screen = term.rest()
    assert term.close() == 0, screen
    assert not sensible_seen.exists()
    assert json.loads(seen.read_text(encoding="utf-8"))[:-1] == HARDENED


def _home(tmp_path: Path, vimrc: str | None) -> Path:
    home = tmp_path / "home"
    for folder in ("undo", "backup", "swap"):
        (home / folder).mkdir(parents=True)
    if vimrc is not None:
        (home / ".vimrc").write_text(vimrc, encoding="utf-8")
    return home


def _in_vim(tmp_path: Path, home: Path, key: Path, root: Path, command: str) -> Terminal:
    """edit-private on a terminal of its own, `command` its editor."""
    env = {"HOME": str(home), "TERM": "xterm", "XDG_STATE_HOME": str(tmp_path / "state"),
           "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local"),
           "EDITOR": command, "VISUAL": command}
    return Terminal(["edit-private", "petrenko-ivan", "-i", str(key)], root, env=env)


def _editor_of(pid: int) -> int:
    """The editor edit-private started (its only child)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return int(waiting.until(lambda: children.read_text().split(), "no editor started")[0])


def _left_running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


KEEPING_ALL = ("set undofile undodir=~/undo// backup backupdir=~/backup// writebackup "
               "directory=~/swap// viminfofile=~/viminfo\n")


@needs_vim
@pytest.mark.parametrize("vimrc", [None, KEEPING_ALL], ids=["no-vimrc", "vimrc-keeping-all"])
@pytest.mark.parametrize("command", ["vim", "vim -c 'normal! ggyyjdd' -c x"],
                         ids=["typed", "own-options"])
def test_vim_keeps_no_line_of_the_block_in_home(tmp_path, vimrc, command):
    """A yanked and a deleted line went to ~/.viminfo (vim with no vimrc, as the default editor
    starts it); a vimrc's undo, backup and viminfo files are not made either."""
    data, key = _sealed(tmp_path)
    home = _home(tmp_path, vimrc)
    term = _in_vim(tmp_path, home, key, data.root, command)
    if command == "vim":
        term.expect('private.yaml"')  # vim has read the file
        os.write(term.fd, b":normal! ggyyjdd\r:x\r")
    screen = term.rest()
    assert term.close() == 0, screen
    assert "sealed the changed private block" in screen
    assert CANARY not in tree_text(home)


@needs_vim
def test_a_closed_terminal_leaves_no_swap_file(tmp_path):
    """vim's swap file (here in a vimrc's 'directory', as Neovim's is by default) had the whole
    opened block, and a hangup left it there."""
    data, key = _sealed(tmp_path)
    home = _home(tmp_path, "set directory=~/swap//\n")
    term = _in_vim(tmp_path, home, key, data.root, "vim")
    vim = _editor_of(term.proc.pid)
    try:
        term.expect('private.yaml"')
        os.write(term.fd, f":normal! Gonotes2: typed {CANARY}\r:preserve\r"
                          ":echo 'ready' . '42'\r".encode())
        term.expect("ready42")
        for pid in (vim, term.proc.pid):  # what a closed terminal sends its foreground
            os.kill(pid, signal.SIGHUP)
        screen = term.rest()
        assert term.close() == 128 + signal.SIGHUP, screen
        assert CANARY not in tree_text(home)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(vim, signal.SIGKILL)


@needs_vim
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT],
                         ids=["sigterm", "sighup", "sigint"])
def test_an_ended_command_ends_its_editor_before_wiping_the_block(tmp_path, signum):
    """Only edit-private gets the signal (a `kill`): vim, left running, kept the block open and
    could still save it anywhere."""
    data, key = _sealed(tmp_path)
    term = _in_vim(tmp_path, _home(tmp_path, None), key, data.root, "vim")
    vim = _editor_of(term.proc.pid)
    try:
        term.expect('private.yaml"')
        os.kill(term.proc.pid, signum)
        code = waiting.exited(term.proc, "edit-private did not end on the signal")
        assert code == 128 + signum, term.rest()
        assert not _left_running(vim)
        term.rest()
        term.close()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(vim, signal.SIGKILL)


def test_a_vim_build_of_another_name_is_hardened_too(tmp_path):
    """Debian's vim-gtk3 and vim-nox: `vi` and `editor` link to vim.gtk3, vim.nox."""
    from kremlinlist.base.editor import editor_words

    script, _seen = _recorder(tmp_path / "bin", "vim.gtk3")
    (tmp_path / "bin" / "vi").symlink_to(script)
    assert editor_words(str(tmp_path / "bin" / "vi"))[1:] == HARDENED
