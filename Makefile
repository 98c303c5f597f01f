# Quick start (see README):
#   make demo   set up and assess an example case
#   make test   set up and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test check lint docs bench clean FORCE

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

test: $(STAMP)
	$(BIN)/python -m pytest

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

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
