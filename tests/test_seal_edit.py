"""`edit-private` with a scripted $EDITOR (a tiny Python script): it changes a field, the block
is sealed again, and no plaintext is left on disk; a bad edit changes nothing."""

from __future__ import annotations

import contextlib
import json
import os
import re
import resource
import signal
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pyrage
import pytest
import yaml
from factory import Dataset, age_key, case, invoke, sealing_config, tree_text
import waiting

from kremlinlist.files import sealed

CANARY = "EDITCANARY8c1f"

EDITOR = """\
import json, os, stat, sys
path = sys.argv[1]
st, folder = os.stat(path), os.stat(os.path.dirname(path))
with open(sys.argv[0] + ".seen", "w") as f:  # where and how, never what
    json.dump({"path": path, "mode": stat.S_IMODE(st.st_mode),
               "folder": stat.S_IMODE(folder.st_mode)}, f)
text = open(path, encoding="utf-8").read()
open(path, "w", encoding="utf-8").write(REPLACE(text))
"""


def _editor(folder: Path, replace: str) -> tuple[str, Path]:
    """An $EDITOR command running a script that rewrites the file with `replace` (a Python
    expression of `text`), and the file where it records the path and modes it saw."""
    script = folder / "editor.py"
    script.write_text(EDITOR.replace("REPLACE(text)", replace), encoding="utf-8")
    return f'"{sys.executable}" "{script}"', Path(str(script) + ".seen")


@pytest.fixture
def member(tmp_path):
    return age_key(tmp_path / "keys", "one")


@pytest.fixture
def sealed_case(tmp_path, member):
    data = Dataset(tmp_path / "data", sealing_config(member[1]))
    data.add(case("petrenko-ivan", private={"notes": f"old notes {CANARY}",
                                            "health": f"asthma {CANARY}"}))
    assert invoke(["seal"], cwd=data.root).returncode == 0
    return data


def test_edit_private_changes_a_field_and_leaves_no_plaintext(sealed_case, member, tmp_path):
    command, seen = _editor(tmp_path, 'text.replace("old notes", "new notes")')
    result = invoke(["edit-private", "petrenko-ivan", "-i", str(member[0])], cwd=sealed_case.root,
                    env={"EDITOR": command, "VISUAL": command})
    assert result.returncode == 0, result.stderr
    assert result.stdout == "sealed the changed private block\n"
    where = json.loads(seen.read_text())
    assert where["mode"] == 0o600 and where["folder"] == 0o700
    if Path("/dev/shm").is_dir():
        assert where["path"].startswith("/dev/shm/")
    assert not Path(where["path"]).exists() and not Path(where["path"]).parent.exists()
    opened = invoke(["unseal", "petrenko-ivan", "-i", str(member[0])], cwd=sealed_case.root)
    assert yaml.safe_load(opened.stdout) == {"notes": f"new notes {CANARY}",
                                             "health": f"asthma {CANARY}"}
    assert CANARY not in tree_text(sealed_case.root) + tree_text(tmp_path / "kremlinlist-cache")
    assert invoke(["validate"], cwd=sealed_case.root).returncode == 0


def _case_edited_meanwhile(case_file: Path, old: str, new: str) -> str:
    """A REPLACE expression that edits the private block and, meanwhile, the case file too (a
    colleague's or the researcher's own editor saving it)."""
    return (f'((lambda s: open({str(case_file)!r}, "w", encoding="utf-8").write('
            f's.replace({old!r}, {new!r})))(open({str(case_file)!r}, encoding="utf-8").read()), '
            f'text.replace("old notes", "new notes"))[1]')


def test_a_save_of_the_case_file_meanwhile_is_kept(sealed_case, member, tmp_path):
    """The sealed block goes into the file as it is when the editor closes, not over it: the
    region changed meanwhile stays changed (it had been silently put back)."""
    case_file = sealed_case.root / "cases" / "petrenko-ivan.yaml"
    command, _seen = _editor(tmp_path, _case_edited_meanwhile(case_file, "region: UA-43",
                                                              "region: UA-65"))
    result = invoke(["edit-private", "petrenko-ivan", "-i", str(member[0])], cwd=sealed_case.root,
                    env={"EDITOR": command, "VISUAL": command})
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(case_file.read_text(encoding="utf-8"))["region"] == "UA-65"
    opened = invoke(["unseal", "petrenko-ivan", "-i", str(member[0])], cwd=sealed_case.root)
    assert yaml.safe_load(opened.stdout)["notes"] == f"new notes {CANARY}"


def test_a_private_block_changed_meanwhile_is_a_conflict(sealed_case, member, tmp_path):
    case_file = sealed_case.root / "cases" / "petrenko-ivan.yaml"
    command, _seen = _editor(tmp_path, _case_edited_meanwhile(case_file, "sealed_for:",
                                                              "sealed_for: []\n  x:"))
    result = invoke(["edit-private", "petrenko-ivan", "-i", str(member[0])], cwd=sealed_case.root,
                    env={"EDITOR": command, "VISUAL": command})
    assert result.returncode == 1 and "changed while its private block was open" in result.stderr
    assert "sealed_for: []" in case_file.read_text(encoding="utf-8")  # theirs, untouched
    assert CANARY not in result.stdout + result.stderr


def test_an_unchanged_edit_writes_nothing(sealed_case, member, tmp_path):
    before = (sealed_case.root / "cases/petrenko-ivan.yaml").read_bytes()
    command, seen = _editor(tmp_path, "text")
    result = invoke(["edit-private", "petrenko-ivan", "-i", str(member[0])], cwd=sealed_case.root,
                    env={"EDITOR": command, "VISUAL": command})
    assert result.stdout == "nothing changed\n"
    assert (sealed_case.root / "cases/petrenko-ivan.yaml").read_bytes() == before
    assert not Path(json.loads(seen.read_text())["path"]).exists()


def _opened(path: Path, member) -> str:
    return pyrage.decrypt(path.read_bytes(), sealed.load_identities(member[0])).decode("utf-8")


@pytest.mark.parametrize("replace, words", [
    ('"notes: [unclosed\\n"', "not valid YAML"),
    (f'"notes: x\\n{CANARY}: y\\n"', "unknown key"),
    ('"- a list\\n"', "not a mapping"),
    (f'"\\ufeffnotes: {CANARY}\\n"', "byte-order mark"),
    (f'"notes: a\\u200b{CANARY}\\n"', "U+200B"),
])
def test_a_bad_edit_is_shown_again_then_kept_sealed_and_nothing_changes(
        sealed_case, member, tmp_path, replace, words):
    """A block that fails validate's checks (the byte-level ones too: it had been sealed, and
    validate then called it damaged) goes back to the editor with the problems above it; saved
    again unchanged, it is kept sealed in a recovery file, never dropped, never in plain text."""
    before = (sealed_case.root / "cases/petrenko-ivan.yaml").read_bytes()
    command, seen = _editor(tmp_path, replace)
    state = tmp_path / "state"
    result = invoke(["edit-private", "petrenko-ivan", "-i", str(member[0])], cwd=sealed_case.root,
                    env={"EDITOR": command, "VISUAL": command, "XDG_STATE_HOME": str(state)})
    assert result.returncode == 1 and words in result.stderr, result.stderr
    assert "your edit was not lost" in result.stderr
    assert CANARY not in result.stdout + result.stderr
    assert (sealed_case.root / "cases/petrenko-ivan.yaml").read_bytes() == before
    assert not Path(json.loads(seen.read_text())["path"]).exists()
    [kept] = (state / "kremlinlist" / "recovered").iterdir()
    assert str(kept) in result.stderr and CANARY not in kept.read_text(encoding="ascii")
    assert _opened(kept, member) == eval(replace)  # what was saved, without the notes


def test_a_block_fixed_after_its_problems_are_shown_is_sealed(sealed_case, member, tmp_path):
    command, _seen = _editor(tmp_path, '"notes: fixed\\n" if "#! " in text else "notes: [x\\n"')
    result = invoke(["edit-private", "petrenko-ivan", "-i", str(member[0])], cwd=sealed_case.root,
                    env={"EDITOR": command, "VISUAL": command,
                         "XDG_STATE_HOME": str(tmp_path / "state")})
    assert result.returncode == 0, result.stderr
    opened = invoke(["unseal", "petrenko-ivan", "-i", str(member[0])], cwd=sealed_case.root)
    assert opened.stdout == "notes: fixed\n"
    assert not (tmp_path / "state").exists()


def _real_run(root: Path, args: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    """`kremlinlist` in a process of its own, with no terminal."""
    src = str(Path(__file__).resolve().parent.parent / "src")
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1", **env}
    return subprocess.run([sys.executable, "-m", "kremlinlist", *args], cwd=root, env=env,
                          capture_output=True, text=True, start_new_session=True,
                          stdin=subprocess.DEVNULL, timeout=120, **kwargs)


def test_an_edit_that_cannot_be_written_is_kept_sealed(tmp_path, member):
    """The case file cannot be written (here it would pass the file size limit; a read-only
    folder does the same, but not for root): the edit is kept sealed, and the message names the
    case file, not a temporary one. It had been lost, with the raw error naming a .tmp file."""
    data = Dataset(tmp_path / "data", sealing_config(member[1]))
    data.add(case("petrenko-ivan", summary="A fictional teacher. " * 200))
    command, _seen = _editor(tmp_path, f'"notes: first {CANARY}\\n"')
    state = tmp_path / "state"
    limit = (data.root / "cases/petrenko-ivan.yaml").stat().st_size + 100
    result = _real_run(data.root, ["edit-private", "petrenko-ivan", "-i", str(member[0])],
                       {"EDITOR": command, "VISUAL": command, "XDG_STATE_HOME": str(state)},
                       preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE,
                                                             (limit, limit)))
    assert result.returncode == 1, result.stderr
    assert "cases/petrenko-ivan.yaml could not be written" in result.stderr
    assert ".tmp" not in result.stderr and "Traceback" not in result.stderr
    assert CANARY not in result.stdout + result.stderr
    [kept] = (state / "kremlinlist" / "recovered").iterdir()
    assert _opened(kept, member) == f"notes: first {CANARY}\n"
    assert CANARY not in tree_text(data.root)


def test_without_a_terminal_or_an_editor_nothing_is_opened(sealed_case, member, monkeypatch):
    """The default editor drawn into a redirected output wrote the opened block there."""
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    result = invoke(["edit-private", "petrenko-ivan", "-i", str(member[0])], cwd=sealed_case.root)
    assert result.returncode == 2 and "needs a terminal" in result.stderr
    assert CANARY not in result.stdout + result.stderr


PRINTING_EDITOR = """\
import sys
print(open(sys.argv[1], encoding="utf-8").read())
"""


def test_an_editor_never_draws_into_a_redirected_output(sealed_case, member, tmp_path):
    """A real run with its output in a pipe and no terminal: what the editor prints goes
    nowhere, not into the output."""
    script = tmp_path / "printing_editor.py"
    script.write_text(PRINTING_EDITOR, encoding="utf-8")
    command = f'"{sys.executable}" "{script}"'
    result = _real_run(sealed_case.root, ["edit-private", "petrenko-ivan", "-i", str(member[0])],
                       {"EDITOR": command, "VISUAL": command})
    assert result.returncode == 0, result.stderr
    assert result.stdout == "nothing changed\n"
    assert CANARY not in result.stdout + result.stderr


def test_a_broken_kremlinlist_yaml_is_not_a_reason_to_write_plaintext(sealed_case, member,
                                                                      tmp_path):
    (sealed_case.root / "kremlinlist.yaml").write_text("recipients: [\n", encoding="utf-8")
    command, seen = _editor(tmp_path, "text")
    result = invoke(["edit-private", "petrenko-ivan", "-i", str(member[0])], cwd=sealed_case.root,
                    env={"EDITOR": command, "VISUAL": command})
    assert result.returncode == 1 and "kremlinlist validate" in result.stderr
    assert "in the file itself" not in result.stderr
    assert not seen.exists()


def test_a_failing_editor_leaves_nothing_behind(sealed_case, member, tmp_path):
    command, seen = _editor(tmp_path, "sys.exit(3)")
    result = invoke(["edit-private", "petrenko-ivan", "-i", str(member[0])], cwd=sealed_case.root,
                    env={"EDITOR": command, "VISUAL": command})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    path = Path(json.loads(seen.read_text())["path"])
    assert not path.exists() and not path.parent.exists()


def test_edit_private_without_a_key_is_refused(sealed_case, tmp_path):
    command, seen = _editor(tmp_path, "text")
    result = invoke(["edit-private", "petrenko-ivan"], cwd=sealed_case.root,
                    env={"EDITOR": command, "VISUAL": command})
    assert result.returncode == 2 and "needs your key" in result.stderr
    assert not seen.exists()  # the editor never ran


def test_edit_private_starts_a_block_for_a_case_without_one(tmp_path, member):
    data = Dataset(tmp_path / "data", sealing_config(member[1]))
    data.add(case("petrenko-ivan"))
    command, _seen = _editor(tmp_path, f'"notes: first {CANARY}\\n"')
    result = invoke(["edit-private", "petrenko-ivan", "-i", str(member[0])], cwd=data.root,
                    env={"EDITOR": command, "VISUAL": command})
    assert result.returncode == 0, result.stderr
    assert CANARY not in tree_text(data.root)
    assert stat.S_IMODE((data.root / "cases/petrenko-ivan.yaml").stat().st_mode) != 0
    opened = invoke(["unseal", "petrenko-ivan", "-i", str(member[0])], cwd=data.root)
    assert opened.stdout == f"notes: first {CANARY}\n"


def _scratch_base() -> Path:
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else Path(tempfile.gettempdir())


def test_a_folder_left_by_a_killed_run_is_wiped_and_a_running_ones_kept(sealed_case, member,
                                                                       tmp_path):
    gone = os.fork()
    if gone == 0:
        os._exit(0)
    os.waitpid(gone, 0)  # a process that has ended: its folder was left by a killed run
    base = _scratch_base()
    stale = base / f"kremlinlist-edit-{gone}-fixseal1"
    running = base / f"kremlinlist-edit-{os.getpid()}-fixseal2"
    for folder in (stale, running):
        folder.mkdir(mode=0o700)
        (folder / "private.yaml").write_text(f"notes: {CANARY}\n", encoding="utf-8")
    try:
        command, _seen = _editor(tmp_path, "text")
        result = invoke(["edit-private", "petrenko-ivan", "-i", str(member[0])],
                        cwd=sealed_case.root, env={"EDITOR": command, "VISUAL": command})
        assert result.returncode == 0, result.stderr
        assert not stale.exists()
        assert running.exists()  # this test's own process is alive: maybe an edit in progress
        # one, or more when another killed run left its folder too
        assert re.match(r"removed [0-9]+ folders? .* killed\n", result.stderr), result.stderr
        assert CANARY not in result.stdout + result.stderr
    finally:
        for folder in (stale, running):
            if folder.exists():
                (folder / "private.yaml").unlink()
                folder.rmdir()


ROUNDS_EDITOR = """\
import json, signal, sys, time
signal.signal(signal.SIGINT, signal.SIG_IGN)  # a terminal editor's own: Ctrl-C is not for it
path = sys.argv[1]
second = "#! " in open(path, encoding="utf-8").read()
write = SECOND if second else FIRST
if write is not None:
    open(path, "w", encoding="utf-8").write(write)
if second or STOP == 1:  # told the test through its fifo, then waits to be interrupted
    with open(sys.argv[0] + ".told", "w") as f:
        f.write(json.dumps({"path": path}) + "\\n")
    time.sleep(120)
"""


def _ended(proc: subprocess.Popen) -> None:
    """What is left of the run killed: the editor too, in its process group."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


@pytest.mark.parametrize("first, stop, second, signum, kept", [
    # the first round: what was saved before the interrupt, or nothing when nothing was
    (f"notes: first {CANARY}\n", 1, None, signal.SIGINT, f"notes: first {CANARY}\n"),
    (None, 1, None, signal.SIGTERM, None),  # a `kill`
    (None, 1, None, signal.SIGHUP, None),  # the terminal closed
    # the second round, the problems shown: the first edit (it had been lost), or a later save
    (f"notes: [first {CANARY}\n", 2, None, signal.SIGINT, f"notes: [first {CANARY}\n"),
    (f"notes: [first {CANARY}\n", 2, None, signal.SIGTERM, f"notes: [first {CANARY}\n"),
    (f"notes: [first {CANARY}\n", 2, f"notes: second {CANARY}\n", signal.SIGTERM,
     f"notes: second {CANARY}\n"),
], ids=["first-round-saved", "first-round-unsaved-sigterm", "first-round-unsaved-sighup",
         "second-round-ctrl-c",
         "second-round-sigterm", "second-round-saved-again"])
def test_an_interrupted_edit_keeps_the_latest_save_sealed(sealed_case, member, tmp_path, first,
                                                          stop, second, signum, kept):
    """Ctrl-C (sent to the process group, as a terminal does; the editor ignores it), SIGTERM
    or SIGHUP while the editor has the block open: what the user last saved is kept sealed in a
    recovery file, the opened block and its folder are wiped, the case file is unchanged, and
    the exit code is the signal's."""
    script = tmp_path / "rounds_editor.py"
    script.write_text(ROUNDS_EDITOR.replace("FIRST", repr(first)).replace("SECOND", repr(second))
                      .replace("STOP", str(stop)), encoding="utf-8")
    command = f'"{sys.executable}" "{script}"'
    before = (sealed_case.root / "cases/petrenko-ivan.yaml").read_bytes()
    state = tmp_path / "state"
    src = str(Path(__file__).resolve().parent.parent / "src")
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "NO_COLOR": "1", "EDITOR": command, "VISUAL": command, "XDG_STATE_HOME": str(state)}
    outputs = tmp_path / "out.txt", tmp_path / "err.txt"  # files: the editor keeps pipes open
    with contextlib.ExitStack() as stack:
        told = stack.enter_context(waiting.fifo(Path(str(script) + ".told")))
        out_file, err_file = (stack.enter_context(open(o, "w")) for o in outputs)
        proc = subprocess.Popen([sys.executable, "-m", "kremlinlist", "edit-private",
                                 "petrenko-ivan", "-i", str(member[0])], cwd=sealed_case.root,
                                env=env, stdout=out_file, stderr=err_file,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        stack.callback(_ended, proc)
        said = waiting.line(told, "the editor never reached the round", proc.pid)
        assert said is not None, outputs[1].read_text()  # edit-private ended before it
        where = json.loads(said)
        path = Path(where["path"])
        assert CANARY in path.read_text(encoding="utf-8")  # the block really was open
        if signum == signal.SIGINT:
            os.killpg(proc.pid, signum)
        else:
            proc.send_signal(signum)
        waiting.exited(proc, "edit-private did not end on the signal")
    out, err = (f.read_text() for f in outputs)
    assert proc.returncode == 128 + signum, err
    assert "Traceback" not in err and CANARY not in out + err
    assert not path.exists() and not path.parent.exists()
    assert (sealed_case.root / "cases/petrenko-ivan.yaml").read_bytes() == before
    if kept is None:
        assert not (state / "kremlinlist" / "recovered").exists(), err
        return
    [recovery] = (state / "kremlinlist" / "recovered").iterdir()
    assert "your edit was not lost" in err and str(recovery) in err
    assert CANARY not in recovery.read_text(encoding="ascii")
    assert _opened(recovery, member) == kept
