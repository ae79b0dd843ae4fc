"""Write docs/problems.md from kremlinlist.base.codes, so the page never drifts from the registry.

    python tools/problems_md.py          # (re)write docs/problems.md
    python tools/problems_md.py --check  # exit 1 if docs/problems.md is stale
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # this checkout's registry, whatever is installed

from kremlinlist.base.problems_page import render_markdown  # noqa: E402

TARGET = ROOT / "docs" / "problems.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if docs/problems.md is stale")
    args = parser.parse_args(argv)
    text = render_markdown()
    current = TARGET.read_bytes().decode("utf-8") if TARGET.exists() else None
    if args.check:
        if current != text:
            print("docs/problems.md is stale: run python tools/problems_md.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        TARGET.write_bytes(text.encode("utf-8"))
        print("wrote docs/problems.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
