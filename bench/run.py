"""`make bench`: time the CLI on generated datasets against the C-parse floor, its peers and the naive path.

Every measured command runs as its own `kremlinlist ...` subprocess, timed by wall clock,
with its peak memory read from the rusage `wait4` returns (the largest single process of its tree).
Beside them, in the same run: the FLOOR (read every case's bytes and parse them with PyYAML's
CSafeLoader, split across 2 processes; and libyaml's bare event stream), the PEERS (yamale on 2
processes and check-jsonschema, on schemas equivalent to the case model, bench/peers.py: the whole
tree and the one file the pre-commit hook checks) and the NAIVE path (ruamel.yaml round-trip load plus pydantic
validation of every file, one process; above 1,000 files a sample of 1,000 is timed and scaled).

The tool is timed as users install it: the wheel of this checkout (built from the files git would
commit, as tests/install_smoke.sh builds it), installed with the peers at the versions pinned in
constraints.txt into a fresh venv under bench/out/; the floors, the peers and `python -c pass` run
on that venv's interpreter too. So no source tree is read at start-up and nothing this machine's
own site-packages runs when an interpreter starts (a `.pth` file) is counted. `--here` times this
interpreter with the checkout's src/ instead (no build: quicker while working on a lever).

Usage: python bench/run.py --sizes 1000,10000 [--runs 3] [--seed 1] [--here]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SRC = REPO / "src"
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import peers  # noqa: E402

MONTHS = ("2022-03", "2026-03")  # a month in year 1 and one in year 5 of the generated history
NAIVE_SAMPLE = 1000


# The interpreter everything is timed on, and the `kremlinlist` it has installed (None: run this
# checkout's src/ with `python -m kremlinlist`); set by `install` unless --here.
PYTHON = sys.executable
TOOL: str | None = None


def install(out: Path) -> None:
    """The wheel of this checkout and the peers, in a fresh venv under `out`; the venv is kept, and
    rebuilt when the files git would commit, or constraints.txt, have changed since."""
    global PYTHON, TOOL
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, capture_output=True)
    if listed.returncode != 0:
        sys.exit("bench: the wheel is built from the files of a git checkout, and this is not one; "
                 "run with --here to time this interpreter with src/")
    files = listed.stdout.split(b"\0")
    digest = hashlib.sha256(f"{sys.executable}\0{sys.version}\0".encode())
    for name in sorted(f for f in files if f and (REPO / f.decode()).is_file()):
        digest.update(name + b"\0" + (REPO / name.decode()).read_bytes())
    venv, stamp = out / "venv", out / "venv.stamp"
    if not (stamp.is_file() and stamp.read_text() == digest.hexdigest()):
        print("building the wheel and a venv for it ...", file=sys.stderr, flush=True)
        tree, dist = out / "tree", out / "dist"
        for folder in (tree, dist):
            shutil.rmtree(folder, ignore_errors=True)
        tree.mkdir(parents=True)
        for name in (f.decode() for f in files if f):
            if (REPO / name).is_file():
                (tree / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(REPO / name, tree / name)
        env = {**os.environ, "PIP_CONSTRAINT": str(REPO / "constraints.txt"),
               "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
        built = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist),
                                str(tree)], capture_output=True, text=True, env=env)
        if built.returncode != 0:
            sys.exit(f"bench: building the wheel failed:\n{built.stdout}{built.stderr}")
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        wheel = next(dist.glob("*.whl"))
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel),
                        "yamale", "check-jsonschema", "ruamel.yaml"], check=True, env=env)
        shutil.rmtree(tree)
        stamp.write_text(digest.hexdigest())
    PYTHON, TOOL = str(venv / "bin" / "python"), str(venv / "bin" / "kremlinlist")


def _env(cache: Path) -> dict:
    """The children's environment: the tool (this checkout's src/ with --here), a cache of our own,
    and compiled modules kept (as any installed tool has them), whatever PYTHONDONTWRITEBYTECODE
    says here."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    if TOOL is None:
        env["PYTHONPATH"] = str(SRC)
    return {**env, "KREMLINLIST_CACHE_DIR": str(cache), "NO_COLOR": "1"}


# A small process between us and the command: on exec, Linux carries the RSS high-water mark of
# the process that forked over into the child's figure, so timing and rusage are taken by a minimal
# interpreter instead of by this one (which grows while it generates the datasets).
WRAP = r"""
import os, sys, time
t = time.perf_counter()
pid = os.fork()
if pid == 0:
    fd = os.open(os.devnull, os.O_WRONLY)
    os.dup2(fd, 1)
    try:
        os.execv(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - t, usage.ru_maxrss, os.waitstatus_to_exitcode(status),
      usage.ru_utime + usage.ru_stime)
"""


def measure(args: list[str], cwd: Path, env: dict) -> tuple[float, float, int, float]:
    """(wall seconds, peak RSS in MB of the largest process of its tree, exit code, CPU seconds
    of the whole tree: user + system, which other load on the machine disturbs less)."""
    p = subprocess.run([sys.executable, "-I", "-S", "-c", WRAP, *args], cwd=cwd, env=env,
                       capture_output=True, text=True)
    wall, rss, code, cpu = p.stdout.split()
    if int(code) not in (0, 1):
        print(f"  ! {' '.join(args[2:])} exited {code}: {p.stderr.strip()[-300:]}",
              file=sys.stderr)
    return float(wall), int(rss) / 1024, int(code), float(cpu)


def cli(*args: str) -> list[str]:
    return [TOOL, *args] if TOOL is not None else [PYTHON, "-m", "kremlinlist", *args]


FLOOR = peers.FLOOR

NAIVE = r"""
import os, sys, time
from ruamel.yaml import YAML
from kremlinlist.model.case import Case
root, sample = sys.argv[1], int(sys.argv[2])
paths = sorted(os.path.join(root, n) for n in os.listdir(root) if n.endswith(".yaml"))
step = max(1, len(paths) // sample)
chosen = paths[::step][:sample]
yaml = YAML(typ="rt")
t = time.perf_counter()
for p in chosen:
    with open(p, "rb") as f:
        Case.model_validate(yaml.load(f.read()))
print((time.perf_counter() - t) / len(chosen) * len(paths))
"""


def _previous(month: str) -> str:
    year, mon = (int(x) for x in month.split("-"))
    return f"{year - 1}-12" if mon == 1 else f"{year}-{mon - 1:02d}"


def dataset(data: Path, n: int, seed: int) -> Path:
    """The generated repository for `n` cases, rebuilt only when the generator or seed changed."""
    out = data / str(n)
    stamp = hashlib.sha256((HERE / "generate.py").read_bytes() + f"{n}:{seed}".encode()).hexdigest()
    marker = data / f".{n}.stamp"
    if not (out.is_dir() and marker.is_file() and marker.read_text() == stamp):
        t = time.perf_counter()
        print(f"generating {n} cases with 5 years of history ...", file=sys.stderr, flush=True)
        counts = generate.generate(out, n, seed)
        marker.write_text(stamp)
        print(f"  {counts} in {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=out, check=True)
    subprocess.run(["git", "clean", "-qfdx"], cwd=out, check=True)
    return out


def bench_size(n: int, data: Path, out: Path, seed: int, runs: int) -> list[tuple]:
    root = dataset(data, n, seed)
    cache = out / f"cache-{n}"
    env = _env(cache)
    rows: list[tuple] = []  # (label, seconds or None, peak MB or None, note, CPU s or None)

    def timed(label: str, args: list[str], prepare=None, times: int = runs, note: str = "",
              py_env: dict | None = None) -> None:
        walls, peaks, cpus = [], [], []
        for i in range(times):
            if prepare:
                prepare(i)
            wall, peak, code, cpu = measure(args, root, py_env or env)
            if code not in (0, 1):
                rows.append((label, None, None, f"FAILED (exit {code})", None))
                return
            walls.append(wall)
            peaks.append(peak)
            cpus.append(cpu)
        rows.append((label, statistics.median(walls), max(peaks),
                     (note + f" median of {times}" if times > 1 else note).strip(),
                     statistics.median(cpus)))

    def clear_cache(_: int) -> None:
        shutil.rmtree(cache, ignore_errors=True)

    timed("floor: read + CSafeLoader, 2 processes",
          [PYTHON, "-c", FLOOR, str(root / "cases")])
    timed("floor: libyaml events only, 2 processes",
          [PYTHON, "-c", peers.EVENTS_FLOOR, str(root / "cases")])
    yamale_schema, json_schema = peers.write_schemas(out / "schemas")
    files = sorted(p.relative_to(root).as_posix() for p in (root / "cases").glob("*.yaml"))
    timed("peer: yamale, 2 processes", peers.yamale_args(PYTHON, yamale_schema, ["cases"], 2), times=1)
    timed("peer: check-jsonschema", peers.jsonschema_args(PYTHON, json_schema, files), times=1)
    timed("start-up: python -c pass", [PYTHON, "-c", "pass"])
    timed("start-up: kremlinlist --help", cli("--help"))
    timed("start-up: kremlinlist --version", cli("--version"))
    timed("validate cold (no cache)", cli("validate"), clear_cache)
    measure(cli("validate"), root, env)  # warm the cache
    timed("validate warm (nothing changed)", cli("validate"))
    victim = sorted((root / "cases").glob("*.yaml"))[n // 2]
    original = victim.read_text(encoding="utf-8")

    def change(i: int) -> None:
        victim.write_text(original.replace("sources:\n", f"sources:\n  bench-{i}:\n"
                                           f"    title: \"Bench edit {i}\"\n", 1),
                          encoding="utf-8")

    timed("validate after one file changed", cli("validate"), change)
    rel = victim.relative_to(root).as_posix()
    timed("validate PATH (one file)", cli("validate", rel), change)
    timed("peer: yamale, one file", peers.yamale_args(PYTHON, yamale_schema, [rel], 1), change)
    timed("peer: check-jsonschema, one file", peers.jsonschema_args(PYTHON, json_schema, [rel]), change)
    # The hook where no plain validate ever ran: its first run on an empty cache, then the next
    timed("validate PATH, empty cache (a hook's first run)", cli("validate", rel),
          lambda i: (clear_cache(i), change(i)), times=1)
    timed("validate PATH, the hook's next run", cli("validate", rel), change)
    victim.write_text(original, encoding="utf-8")
    measure(cli("validate"), root, env)  # the cache as a plain validate leaves it

    for month in MONTHS:
        target = out / f"release-{n}-{month}"
        previous = _previous(month)

        def cold(_i: int, t: Path = target) -> None:
            shutil.rmtree(t, ignore_errors=True)
            shutil.rmtree(str(t) + "-previous", ignore_errors=True)
            clear_cache(_i)

        # The editor's monthly case: the previous month's release, then this month's.
        timed(f"release --month {previous} cold (empty cache)",
              cli("release", "--month", previous, "--out", str(target) + "-previous"), cold,
              times=1)
        timed(f"release --month {month} after the previous month's release",
              cli("release", "--month", month, "--out", str(target)), times=1)
        timed(f"release --month {month} again (all cached)",
              cli("release", "--month", month, "--out", str(target), "--force"))
    html = cli("export", "--format", "html", "-o", str(out / f"export-{n}.html"), "--force")
    timed("export --format html cold (empty cache)", html, clear_cache, times=1)
    timed("export --format html warm", html)
    # The other commands people wait on, each once: a card, counts, duplicates, the layout.
    timed("show ID (warm)", cli("show", victim.stem))
    timed("stats", cli("stats", "--format", "json"), times=1)
    timed("stats --rev HEAD", cli("stats", "--rev", "HEAD", "--format", "json"), times=1)
    timed("dupes", cli("dupes", "--format", "json"), times=1)
    timed("fmt --check", cli("fmt", "--check"), times=1)

    res = subprocess.run([PYTHON, "-c", NAIVE, str(root / "cases"), str(NAIVE_SAMPLE)],
                         cwd=root, env=env, capture_output=True, text=True)
    if res.returncode == 0:
        naive = float(res.stdout.strip())
        note = ("all files" if n <= NAIVE_SAMPLE else
                f"a sample of {NAIVE_SAMPLE} timed, scaled to {n}; no startup")
        rows.append(("naive: ruamel round-trip + pydantic, 1 process", naive, None, note, naive))
    else:
        rows.append(("naive: ruamel round-trip + pydantic, 1 process", None, None,
                     "failed: " + res.stderr.strip()[-200:], None))
    shutil.rmtree(cache, ignore_errors=True)
    return rows


VERSIONS = r"""
import sys, pydantic, ruamel.yaml, yaml
print(f"Python {sys.version.split()[0]}, pydantic {pydantic.VERSION}, PyYAML {yaml.__version__} "
      f"(libyaml {yaml.__with_libyaml__}), ruamel.yaml {ruamel.yaml.__version__}")
"""


def machine() -> str:
    """The CPU, and the versions of the interpreter and libraries timed (the venv's)."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    versions = subprocess.run([PYTHON, "-c", VERSIONS], capture_output=True, text=True, env=env)
    return f"{os.cpu_count()} CPUs ({model}), {versions.stdout.strip() or 'versions unknown'}"


def report(n: int, rows: list[tuple]) -> str:
    floor, floor_cpu = next((s, c) for label, s, _, _, c in rows if label.startswith("floor"))
    lines = [f"\n## {n:,} cases\n",
             "| measure | wall s | x floor | CPU s | x floor CPU | peak MB | note |",
             "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for label, s, peak, note, cpu in rows:
        wall = f"{s:.3f}" if s is not None else "n/a"
        ratio = f"{s / floor:.2f}" if s is not None else ""
        cpus = f"{cpu:.2f}" if cpu is not None else ""
        cpu_ratio = f"{cpu / floor_cpu:.2f}" if cpu is not None else ""
        mem = f"{peak:.0f}" if peak is not None else ""
        lines.append(f"| {label} | {wall} | {ratio} | {cpus} | {cpu_ratio} | {mem} | {note} |")
    return "\n".join(lines)


# The targets of issue 16: (what, measured row, measure, at most, against row or None, and its
# measure). A ratio target compares with a row of the same run; a plain one is in seconds.
TARGETS = [
    ("one file: CPU at most 2x yamale's", "validate PATH (one file)", "cpu", 2.0,
     "peer: yamale, one file", "cpu"),
    ("--help under 0.1 s", "start-up: kremlinlist --help", "wall", 0.1, None, None),
    ("--version under 0.1 s", "start-up: kremlinlist --version", "wall", 0.1, None, None),
    ("warm validate at most 0.15 s (10,000)", "validate warm (nothing changed)", "wall", 0.15,
     None, None),
    ("cold validate at most 0.5x CSafeLoader", "validate cold (no cache)", "wall", 0.5,
     "floor: read + CSafeLoader, 2 processes", "wall"),
    ("cold validate at least 5x faster than yamale", "validate cold (no cache)", "wall", 0.2,
     "peer: yamale, 2 processes", "wall"),
    ("warm release at most 0.6 s (year 1)", f"release --month {MONTHS[0]} again (all cached)",
     "wall", 0.6, None, None),
    ("warm release at most 0.6 s (year 5)", f"release --month {MONTHS[1]} again (all cached)",
     "wall", 0.6, None, None),
    ("cold release, year 5 at most 1.2x year 1",
     f"release --month {_previous(MONTHS[1])} cold (empty cache)", "wall", 1.2,
     f"release --month {_previous(MONTHS[0])} cold (empty cache)", "wall"),
]


def targets(rows: list[tuple]) -> str:
    """Each target beside the figures of this run it is judged on; the CPU figure (user +
    system) beside each wall figure, as the one a busy machine disturbs less."""
    by = {label: {"wall": s, "cpu": c} for label, s, _, _, c in rows}
    lines = ["", "| target | measured | CPU | against | ratio | met |",
             "| --- | ---: | ---: | ---: | ---: | --- |"]
    for what, row, measure_, limit, peer, peer_measure in TARGETS:
        got, cpu = by.get(row, {}).get(measure_), by.get(row, {}).get("cpu")
        if got is None:
            lines.append(f"| {what} | n/a | | | | |")
            continue
        cpu_text = f"{cpu:.3f} s" if cpu is not None else ""
        if peer is None:
            lines.append(f"| {what} | {got:.3f} s | {cpu_text} | | | "
                         f"{'yes' if got <= limit else 'no'} |")
            continue
        base = by.get(peer, {}).get(peer_measure)
        if not base:
            lines.append(f"| {what} | {got:.3f} s | {cpu_text} | n/a | | |")
            continue
        lines.append(f"| {what} | {got:.3f} s | {cpu_text} | {base:.3f} s | {got / base:.2f}x | "
                     f"{'yes' if got / base <= limit else 'no'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1000,10000")
    p.add_argument("--runs", type=int, default=3, help="repeats per measure (median); above "
                   "10,000 cases each is run once")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--data", type=Path, default=HERE / "data")
    p.add_argument("--out", type=Path, default=HERE / "out")
    p.add_argument("--here", action="store_true", help="time this interpreter with the "
                   "checkout's src/ instead of the wheel installed in a fresh venv")
    a = p.parse_args(argv)
    a.data.mkdir(parents=True, exist_ok=True)
    a.out.mkdir(parents=True, exist_ok=True)
    if not a.here:
        install(a.out)
    timed_as = (f"kremlinlist and peers from the wheel in a fresh venv ({a.out / 'venv'})"
                if TOOL else f"this interpreter with {SRC} (--here)")
    print(f"# kremlinlist bench\n\n{machine()}; {timed_as}; "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", flush=True)
    for n in (int(s) for s in a.sizes.split(",")):
        rows = bench_size(n, a.data, a.out, a.seed, a.runs if n <= 10000 else 1)
        print(report(n, rows), flush=True)
        print(targets(rows), flush=True)


if __name__ == "__main__":
    main()
