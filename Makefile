# Two commands for a fresh machine (python3, git and make only):
#   make run   installs into .venv and runs the main job
#   make test  installs the test tools and runs lint, types and every test
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: run test lint types bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(DEVSTAMP): $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

run: $(STAMP)
	$(BIN)/smallbatch serve

lint: $(DEVSTAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(DEVSTAMP)
	$(BIN)/mypy

test: lint types
	$(BIN)/pytest -n 2 --dist loadfile

bench: $(STAMP)
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
