"""`seal` over a whole dataset when something goes wrong on the way: a folder that is a symbolic
link, a file that cannot be written, Ctrl-C. What was sealed is always said, and the file that
failed is named, never a temporary one beside it."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from factory import Dataset, age_key, case, dump, invoke, sealing_config, tree_text

CANARY = "RUNCANARY5b7d"


@pytest.fixture
def member(tmp_path):
    return age_key(tmp_path / "keys", "one")


def _seal_process(root: Path, **kwargs) -> subprocess.Popen:
    src = str(Path(__file__).resolve().parent.parent / "src")
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.Popen([sys.executable, "-m", "kremlinlist", "seal"], cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL, **kwargs)


def test_an_intake_folder_that_is_a_link_is_refused(tmp_path, member):
    """It said "nothing to seal" and exited 0, while validate refuses the link."""
    data = Dataset(tmp_path / "data", sealing_config(member[1]))
    data.add(case("petrenko-ivan"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (data.root / "intake").symlink_to(elsewhere, target_is_directory=True)
    result = invoke(["seal"], cwd=data.root)
    assert result.returncode == 1 and "symbolic link" in result.stdout
    assert "nothing to seal" not in result.stdout


def test_a_file_that_cannot_be_written_is_named_and_the_others_are_sealed(tmp_path, member):
    """A write error stopped seal at the first file, naming a .tmp file beside it; now that file
    is named and the others are sealed (here the limit on file size stops the big one: a
    read-only folder does the same, but not for root)."""
    data = Dataset(tmp_path / "data", sealing_config(member[1]))
    data.add(case("bondar-olena", summary="A fictional teacher. " * 200,
                  private={"notes": f"big {CANARY}"}))
    data.add(case("petrenko-ivan", private={"notes": f"small {CANARY}"}))
    limit = (data.root / "cases/petrenko-ivan.yaml").stat().st_size + 1500
    assert (data.root / "cases/bondar-olena.yaml").stat().st_size > limit
    proc = _seal_process(data.root, preexec_fn=lambda: resource.setrlimit(
        resource.RLIMIT_FSIZE, (limit, limit)))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    assert "sealed cases/petrenko-ivan.yaml" in out
    assert "cases/bondar-olena.yaml" in out and "seal-not-written" in out
    assert ".tmp" not in out + err and "Traceback" not in err
    assert CANARY not in out + err
    assert CANARY not in (data.root / "cases/petrenko-ivan.yaml").read_text(encoding="utf-8")


def test_ctrl_c_says_which_files_were_sealed(tmp_path, member):
    """Ctrl-C exited 130 with no word of the files already sealed."""
    data = Dataset(tmp_path / "data", sealing_config(member[1]))
    for i in range(400):
        data.write(f"cases/case-{i:04d}.yaml",
                   dump(case(f"case-{i:04d}", private={"notes": f"n {CANARY}"})))
    proc = _seal_process(data.root)
    try:
        first = proc.stdout.readline()
        assert first.startswith("sealed cases/"), proc.stderr.read()
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=120)  # its outputs are small: the pipes cannot fill up
        # read through the reader that read the first line: communicate() reads the pipe under
        # it, and lost the lines that readline had already taken into its buffer
        out, err = proc.stdout.read(), proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    said = {line.removeprefix("sealed ") for line in (first + out).splitlines()}
    sealed_now = {f"cases/{p.name}" for p in (data.root / "cases").iterdir()
                  if CANARY not in p.read_text(encoding="utf-8")}
    assert said == sealed_now and 0 < len(said) < 400
    assert CANARY not in first + out + err
    assert CANARY in tree_text(data.root)  # the rest is still to seal
