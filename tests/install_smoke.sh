#!/usr/bin/env bash
# The tool as users install it: builds the sdist and, from it, the wheel; installs the wheel (not
# editable) with the pinned dependencies into a fresh virtual environment outside the checkout; and
# runs validate, export in every format, release and stats on a small fictional dataset with git
# history (bench/generate.py). A file missing from the package fails here, since nothing can be
# imported or read from the source tree. Also runs a few test files from the unpacked sdist, which
# must carry the tests and what they read.
#
# Usage: PYTHON=python3 tests/install_smoke.sh   (the Python needs `build` and pytest: make install)
set -euo pipefail

SRC=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-python3}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kremlinlist-smoke.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_CONSTRAINT="$SRC/constraints.txt"

step() { printf 'install smoke [%3ss]: %s\n' "$SECONDS" "$*"; }
fail() { printf 'install smoke FAILED: %s\n' "$*" >&2; exit 1; }

# Built from a copy of the files git would commit (tracked or new, not ignored): a stale
# src/*.egg-info in the checkout lists files for the sdist that its configuration may not.
step "building the sdist, then the wheel from it"
if git -C "$SRC" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mkdir tree
  (cd "$SRC" && git ls-files -z --cached --others --exclude-standard \
     | xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh \
     | tar --null -T - -cf -) | tar -xf - -C tree
else
  cp -R "$SRC" tree && rm -rf tree/src/*.egg-info tree/build tree/dist
fi
"$PYTHON" -m build --outdir dist tree >build.log 2>&1 || { cat build.log >&2; fail "build"; }
sdist=$(ls dist/*.tar.gz)
wheel=$(ls dist/*.whl)

if git -C "$SRC" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  step "the sdist carries every tracked test, fixture, golden file and dataset file"
  tar -tzf "$sdist" | sed 's|^[^/]*/||' | sort >have.txt
  git -C "$SRC" ls-files tests cases organizations actions coalitions docs criteria.yaml kremlinlist.yaml \
    .pre-commit-hooks.yaml LICENSE constraints.txt | sort >want.txt
  missing=$(comm -13 have.txt want.txt)
  [ -z "$missing" ] || fail "not in the sdist: $missing"
fi

step "installing the wheel into a fresh venv"
"$PYTHON" -m venv venv
venv/bin/python -m pip install "$wheel" >pip.log 2>&1 || { cat pip.log >&2; fail "pip install"; }
KL="$WORK/venv/bin/kremlinlist"
origin=$(venv/bin/python -c 'import kremlinlist; print(kremlinlist.__file__)')
case "$origin" in "$WORK"/venv/*) ;; *) fail "kremlinlist imported from $origin" ;; esac
version=$(venv/bin/python -c 'import importlib.metadata as m; print(m.version("kremlinlist"))')
[ "$("$KL" --version)" = "kremlinlist $version" ] || fail "--version"

step "the Ukrainian catalog ships in the package and reads"
venv/bin/python -c 'from kremlinlist.base import i18n; i18n.set_language("uk")
assert i18n._("yes") == "так", "no Ukrainian"' || fail "the Ukrainian catalog"

step "generating a fictional dataset with git history"
"$PYTHON" "$SRC/bench/generate.py" --cases 50 --months 4 --out data 2>/dev/null
cd data

step "validate, export (md html csv json), release, stats"
"$KL" validate >/dev/null || fail "validate"
for fmt in md html csv json; do
  "$KL" export --format "$fmt" --output "$WORK/list.$fmt" >/dev/null || fail "export --format $fmt"
  [ -s "$WORK/list.$fmt" ] || fail "export --format $fmt wrote nothing"
done
grep -q '<style' "$WORK/list.html" && grep -q '<script' "$WORK/list.html" \
  || fail "the page has no inlined CSS or JS"
grep -q '^| 1 |' "$WORK/list.md" || fail "list.md has no rows"
venv_py="$WORK/venv/bin/python"
"$venv_py" -c 'import json, sys; assert json.load(open(sys.argv[1]))' "$WORK/list.json" \
  || fail "list.json"
month=$(git log -1 --format=%cd --date=format:%Y-%m)
"$KL" release --month "$month" --out "$WORK/release" >/dev/null || fail "release"
for f in CHANGELOG.md changes.json list.md list.html list.csv list.json; do
  [ -s "$WORK/release/$f" ] || fail "release wrote no $f"
done
"$KL" stats >/dev/null || fail "stats"
"$KL" stats --format json >"$WORK/stats.json" || fail "stats --format json"
"$venv_py" -c 'import json, sys; assert json.load(open(sys.argv[1]))' "$WORK/stats.json" \
  || fail "stats --format json"
cd "$WORK"

step "tests from the unpacked sdist"
tar -xzf "$sdist"
# An unpacked sdist has no ../shared/ beside it (the corpora are not ours to ship): CI is unset
# here so the corpus tests skip as on a user's machine; the main run checks them under CI=true.
(cd "$(basename "$sdist" .tar.gz)" && env -u CI "$PYTHON" -m pytest -q -p no:cacheprovider \
  tests/test_install.py tests/test_smoke.py tests/test_export.py tests/test_ci_templates.py \
  >"$WORK/pytest.log" 2>&1) || { cat "$WORK/pytest.log" >&2; fail "tests from the sdist"; }

step "ok ($(basename "$wheel"))"
