"""Paired runs of one command under two versions of the code, alternating, so the machine's
drift (other load, CPU boost) falls on both alike: what each lever of bench/README.md gave.

Usage: python bench/paired.py OLD_SRC NEW_SRC ROOT [--runs 7] [--prepare SHELL] -- ARGS...
runs `python -m kremlinlist ARGS` in ROOT with PYTHONPATH=OLD_SRC, then NEW_SRC, `--runs` times
(each with its own cache folder, warmed by an untimed `validate` and one untimed run first), and prints the medians of wall
and CPU (user + system of the process tree). Get an old tree with
`git archive REV src | tar -x -C /tmp/old`.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def once(src: str, root: str, args: list[str], cache: str) -> tuple[float, float]:
    # compiled modules kept, as an installed tool has them (the untimed first run writes them),
    # whatever PYTHONDONTWRITEBYTECODE says: else each run compiles every module again
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
           "PYTHONPATH": src, "KREMLINLIST_CACHE_DIR": cache, "NO_COLOR": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kremlinlist", *args], cwd=root, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    p = argparse.ArgumentParser()
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("root")
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--prepare", default="", help="a shell command run in ROOT before each run")
    a = p.parse_args(argv[:split])
    # absolute: the runs start in ROOT, where a relative `src` would name nothing, and
    # Python would then import the installed kremlinlist instead, unnoticed
    a.old, a.new = os.path.abspath(a.old), os.path.abspath(a.new)
    for src in (a.old, a.new):
        if not os.path.isfile(os.path.join(src, "kremlinlist", "__init__.py")):
            p.error(f"no kremlinlist package in {src}")
    args = argv[split + 1:]
    figures: dict[str, list[tuple[float, float]]] = {a.old: [], a.new: []}
    with tempfile.TemporaryDirectory() as tmp:
        caches = {a.old: os.path.join(tmp, "old"), a.new: os.path.join(tmp, "new")}
        for src in figures:
            once(src, a.root, ["validate"], caches[src])
            once(src, a.root, args, caches[src])
        for _ in range(a.runs):
            for src in figures:
                if a.prepare:
                    subprocess.run(a.prepare, shell=True, cwd=a.root, check=True)
                figures[src].append(once(src, a.root, args, caches[src]))
    for label, src in (("old", a.old), ("new", a.new)):
        walls, cpus = zip(*figures[src])
        print(f"{label}: wall {statistics.median(walls):.3f} s, CPU {statistics.median(cpus):.3f} s"
              f" (median of {a.runs}; {src})")


if __name__ == "__main__":
    main()
