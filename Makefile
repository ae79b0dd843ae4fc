PYTHON ?= python3
STAMP := .kremlinlist-cache/installed
# A separate venv for `make test-latest`, so the pinned one is never upgraded by it.
LATEST_VENV ?= .kremlinlist-cache/venv-latest

.PHONY: install lint test install-smoke test-latest bench bench-large system-deps docs messages clean

# Installs into the active Python environment, so `kremlinlist` is on PATH right after, with every
# package at the version pinned in constraints.txt (PIP_CONSTRAINT also pins the build backend).
install:
	PIP_CONSTRAINT=$(CURDIR)/constraints.txt $(PYTHON) -m pip install --quiet -e '.[dev]'
	@mkdir -p $(dir $(STAMP)) && touch $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(MAKE) install

# Debian packages the tests need: Chromium and its driver for the browser test
# (tests/test_browser.py), age for encrypting private data, and the Unicode data files that
# tests/test_unicode_rules.py checks the generated tables against. Where apt is not ours to use the
# tests that need them are skipped, except under CI=true, where they fail so a broken setup shows.
system-deps:
	@{ command -v chromium && test -x /usr/bin/chromedriver && command -v age \
	    && test -f /usr/share/unicode/DerivedCoreProperties.txt; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver age unicode-data >/dev/null) \
	      || echo "chromium, age or unicode-data could not be installed: the tests needing them will be skipped (fail under CI=true)"; \
	  else echo "chromium, age or unicode-data not installed and apt-get unavailable: the tests needing them will be skipped (fail under CI=true)"; fi; }

# The import contracts of .importlinter (layers, no cycles, typer and rich only in cli).
lint: $(STAMP)
	lint-imports --no-cache

test: $(STAMP) system-deps install-smoke lint
	$(PYTHON) -m pytest -q -n 2

# Builds the wheel, installs it into a fresh venv under $TMPDIR and runs every command from there.
install-smoke: $(STAMP)
	cd "$${TMPDIR:-/tmp}" && PYTHON="$(PYTHON)" bash "$(CURDIR)/tests/install_smoke.sh"

# The suite against the newest versions pyproject.toml's ranges allow, in a fresh venv.
test-latest:
	$(PYTHON) -m venv --clear $(LATEST_VENV)
	env -u PIP_CONSTRAINT $(LATEST_VENV)/bin/python -m pip install --quiet --upgrade pip
	env -u PIP_CONSTRAINT $(LATEST_VENV)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[dev]'
	$(LATEST_VENV)/bin/python -m pip freeze --exclude-editable
	$(LATEST_VENV)/bin/python -m pytest -q

# docs/problems.md from the registry of problem codes (a test fails when it is stale).
docs:
	$(PYTHON) tools/problems_md.py

# The Ukrainian catalog brought up to date with the messages in the code: new ones added with an
# empty translation (tests/test_i18n.py fails until they are translated), gone ones dropped. The
# template (.pot) is a by-product, kept in the cache folder, never committed. The template's date
# is left out of the catalog, so that a run that adds nothing changes nothing (and two branches
# that each ran it do not conflict on it).
POT := .kremlinlist-cache/kremlinlist.pot
PO := src/kremlinlist/locale/uk/LC_MESSAGES/kremlinlist.po
messages: $(STAMP)
	@mkdir -p $(dir $(POT))
	PYTHONPATH=tools pybabel -q extract -F babel.cfg --no-location --sort-output --no-wrap \
	  --project kremlinlist -o $(POT) .
	pybabel -q update -i $(POT) -d src/kremlinlist/locale -D kremlinlist -l uk \
	  --init-missing --no-fuzzy-matching --ignore-obsolete --no-wrap
	$(PYTHON) -c 'import re, sys; p = sys.argv[1]; s = open(p, encoding="utf-8").read(); \
	  open(p, "w", encoding="utf-8").write(re.sub(r"\"POT-Creation-Date: [^\"]*\"\n", "", s))' $(PO)

bench: $(STAMP)
	$(PYTHON) bench/run.py --sizes 1000,10000
	$(PYTHON) bench/site.py --cases 10000

bench-large: $(STAMP)
	$(PYTHON) bench/run.py --sizes 1000,10000,50000

clean:
	rm -rf .kremlinlist-cache .pytest_cache build dist src/*.egg-info bench/data bench/out
