# Quick start (see README):
#   make demo   set up and assess an example case
#   make serve  set up and start the web interview and API on http://127.0.0.1:8000/
#   make test   set up and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo serve test check lint docs bench bench-serve screenshots clean FORCE

# The editable install is a link tree (setuptools strict mode): reinstall when files are added
# or removed, so the installed `hjemmel` always has every module of the source tree.
SOURCES := $(VENV)/.sources
$(SOURCES): FORCE
	@mkdir -p $(VENV)
	@find engine reports rules -type f \( -name '*.py' -o -name '*.yaml' -o -name '*.j2' -o -name 'py.typed' -o -name '*.css' -o -name '*.js' \) | LC_ALL=C sort > $@.new
	@cmp -s $@.new $@ && rm $@.new || mv $@.new $@

$(STAMP): pyproject.toml $(SOURCES)
	@$(PYTHON) -c 'import sys; v=sys.version_info; sys.exit(0 if (3,11)<=v[:2]<(3,13) else "hjemmel needs Python 3.11 or 3.12 (durable-rules 2.0.28 does not import on 3.13); set PYTHON=python3.12")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,serve]' --config-settings editable_mode=strict
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/hjemmel assess cases/ettervern-19-ar-2024.yaml

serve: $(STAMP)
	$(BIN)/hjemmel serve

# axe-core (npm) for the accessibility checks of the browser tests, in a git-ignored folder;
# without npm those checks are skipped with that reason.
AXE_VERSION := 4.14.1
AXE := build/npm/node_modules/axe-core/axe.min.js
$(AXE):
	@command -v npm >/dev/null 2>&1 \
	  && npm install --silent --no-save --no-audit --no-fund --prefix build/npm axe-core@$(AXE_VERSION) \
	  || echo "could not install axe-core with npm: the accessibility checks will be skipped"

test: $(STAMP) $(AXE)
	$(BIN)/python -m pytest

# The screenshots in docs/images/ come from the browser tests of hjemmel serve.
screenshots: $(STAMP) $(AXE)
	HJEMMEL_SCREENSHOTS=docs/images $(BIN)/python -m pytest tests/test_serve_browser.py

lint: $(STAMP)
	$(BIN)/hjemmel rules lint

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check engine reports tests benchmarks
	$(BIN)/mypy
	$(BIN)/hjemmel rules lint

docs: $(STAMP)
	$(BIN)/python -m hjemmel.cli.reference --write README.md

bench: $(STAMP)
	$(BIN)/python benchmarks/batch.py

bench-serve: $(STAMP)
	$(BIN)/python benchmarks/serve.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
