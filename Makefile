# Quick start (see README):
#   make demo   set up and assess an example case
#   make serve  set up and start the web interview and API on http://127.0.0.1:8000/
#   make test   set up and run the whole test suite
#
# PYTHON: the interpreter for the virtual environment. When unset, scripts/find-python picks
# the first supported (CPython 3.11–3.14 with venv and headers) of python3.13, python3.12,
# python3.11, python3.14 and python3, and says what is needed when there is none.
# VENV: the virtual environment's folder (for example VENV=.venv-3.11 PYTHON=python3.11).
PYTHON ?=
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: venv demo serve test test-long check lint docs bench bench-batch bench-serve screenshots dist clean distclean

# Sets up $(VENV) when it is missing or out of date (quick no-op otherwise): builds the
# patched durable-rules wheel once (cached in .cache/), installs it, then hjemmel.
venv:
	@scripts/setup-venv "$(VENV)" "$(PYTHON)"

demo: venv
	$(BIN)/hjemmel assess cases/ettervern-19-ar-2024.yaml

serve: venv
	$(BIN)/hjemmel serve

# axe-core (npm) for the accessibility checks of the browser tests, in a git-ignored folder;
# without npm those checks are skipped with that reason.
AXE_VERSION := 4.14.1
AXE := build/npm/node_modules/axe-core/axe.min.js
$(AXE):
	@command -v npm >/dev/null 2>&1 \
	  && npm install --silent --no-save --no-audit --no-fund --prefix build/npm axe-core@$(AXE_VERSION) \
	  || echo "could not install axe-core with npm: the accessibility checks will be skipped"

test: venv $(AXE)
	$(BIN)/python -m pytest --durations=10

# The same suite with every property test tried four times as hard (hypothesis profile "long"),
# for a maintainer before a release (about 5 extra minutes on 2 cores).
test-long: venv $(AXE)
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest --durations=10

# The screenshots in docs/images/ come from the browser tests of hjemmel serve.
screenshots: venv $(AXE)
	HJEMMEL_SCREENSHOTS=docs/images $(BIN)/python -m pytest tests/test_serve_browser.py

lint: venv
	$(BIN)/hjemmel rules lint

check: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check engine reports tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/hjemmel rules lint

docs: venv
	$(BIN)/python -m hjemmel.cli.reference --write README.md
	$(BIN)/python -m hjemmel.cases.declarations --write docs/contract.md --model engine/cases/sections.py

# CPU time per case against a plain read + validate measured in the same run, with the goals.
bench: venv
	$(BIN)/python benchmarks/cpu.py

# Throughput, scaling over workers and memory of the batch (cases per second; wall time).
bench-batch: venv
	$(BIN)/python benchmarks/batch.py

bench-serve: venv
	$(BIN)/python benchmarks/serve.py

# dist/: hjemmel's wheel, the patched durable-rules wheel for every supported Python found
# here, and the wheels of the other dependencies, so that
# `pip install --no-index --find-links dist/ hjemmel` works offline.
dist: venv
	scripts/make-dist dist

clean:
	rm -rf $(VENV) .venv-* build dist *.egg-info .pytest_cache .hypothesis

distclean: clean
	rm -rf .cache
