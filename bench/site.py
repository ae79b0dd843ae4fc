"""`make bench`'s timing of `kremlinlist site` on the generated dataset: cold (no cache) and warm.

The issue's bar is a site of 10,000 cases in under a minute; the run prints the seconds beside
that bar (met or not: a loaded machine says nothing about the code), and fails (exit 1) only when
a build fails.

Usage: python bench/site.py --cases 10000 [--limit 60] [--seed 1]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (the generated datasets, the timing wrapper and the environment)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=10000)
    ap.add_argument("--limit", type=float, default=60.0, help="the target for a cold build (s)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", type=Path, default=HERE / "data")
    ap.add_argument("--out", type=Path, default=HERE / "out")
    ap.add_argument("--here", action="store_true", help="time this interpreter with the "
                   "checkout's src/ instead of the wheel installed in a fresh venv")
    args = ap.parse_args(argv)
    if not args.here:
        run.install(args.out)
    root = run.dataset(args.data, args.cases, args.seed)
    work = args.out / f"site-{args.cases}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = run._env(work / "cache")
    month = run.MONTHS[-1]
    results = []
    for label, target in (("cold", work / "cold"), ("warm", work / "warm")):
        t = time.perf_counter()
        wall, rss, code, cpu = run.measure(run.cli("site", "-o", str(target), "--until", month),
                                           root, env)
        results.append((label, wall, rss, code))
        print(f"site {args.cases} cases, {label}: {wall:.1f} s wall, {cpu:.1f} s CPU, "
              f"{rss:.0f} MB peak, exit {code} ({time.perf_counter() - t:.1f} s)")
    pages = sum(1 for _ in (work / "cold" / "en" / "people").iterdir())
    print(f"  {pages} person folders per language")
    cold = results[0]
    print(f"  target: a cold build in at most {args.limit:.0f} s wall: "
          f"{'met' if cold[1] <= args.limit else 'not met'} ({cold[1] / args.limit:.2f}x)")
    return 0 if all(r[3] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
