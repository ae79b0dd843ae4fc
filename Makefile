PYTHON ?= python3
STAMP := .kremlinlist-cache/installed

.PHONY: install test bench bench-large chromium clean

# Installs into the active Python environment, so `kremlinlist` is on PATH right after.
install:
	$(PYTHON) -m pip install --quiet -e '.[dev]'
	@mkdir -p $(dir $(STAMP)) && touch $(STAMP)

$(STAMP): pyproject.toml
	$(MAKE) install

# Debian's Chromium and its driver for the browser test (tests/test_browser.py). Where apt is not
# ours to use the test is skipped, except under CI=true, where it fails so a broken setup shows.
chromium:
	@{ command -v chromium && test -x /usr/bin/chromedriver; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	      || echo "chromium could not be installed: the browser test will be skipped (fails under CI=true)"; \
	  else echo "chromium not installed and apt-get unavailable: the browser test will be skipped (fails under CI=true)"; fi; }

test: $(STAMP) chromium
	$(PYTHON) -m pytest -q

bench: $(STAMP)
	$(PYTHON) bench/run.py --sizes 1000,10000

bench-large: $(STAMP)
	$(PYTHON) bench/run.py --sizes 1000,10000,50000

clean:
	rm -rf .kremlinlist-cache .pytest_cache build dist src/*.egg-info bench/data bench/out
