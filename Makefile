# Two commands for a fresh machine (python3, git and make only):
#   make run   installs into .venv and runs the main job
#   make test  installs the test tools and runs lint, types and every test
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
# The console's browser libraries, fetched from the npm registry (see backend/console/assets.py).
ASSETS := backend/console/static/vendor/.complete
# The console tests drive Debian's chromium through Playwright (never `playwright install`).
CHROMIUM := /usr/bin/chromium
# The PostgreSQL tests start a throwaway cluster from Debian's postgresql (tests/pg.py).
POSTGRES := /usr/lib/postgresql/15/bin/pg_ctl
REDIS := /usr/bin/redis-server

.PHONY: run test lint types bench fuzz clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"

# Python keeps the bytecode of what it imports (in __pycache__/, ignored by git) whatever the
# shell says: with PYTHONDONTWRITEBYTECODE set, every server, worker and CLI process a test
# starts compiled its modules again (a quarter of a second each), and pytest rewrote every
# test module's asserts again in each worker.
export PYTHONDONTWRITEBYTECODE :=

# pip does not byte-compile what it installs (--no-compile): that took a minute here for
# files most runs never import; Python compiles a module the first time it is imported.
$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet --no-compile -c constraints.txt -e .
	touch $@

# The test tools install in the same pip run as the rest: a second run resolves it all again.
$(DEVSTAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet --no-compile -c constraints.txt -e ".[dev]"
	touch $(STAMP) $@

$(ASSETS): $(STAMP) backend/console/assets.py
	$(BIN)/python -m backend.console.assets
	touch $@

$(CHROMIUM):
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

$(POSTGRES):
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql

run: $(STAMP) $(ASSETS)
	$(BIN)/smallbatch serve

lint: $(DEVSTAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(DEVSTAMP)
	$(BIN)/mypy

# The queue's tests start a throwaway Redis from Debian's redis-server.
$(REDIS):
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server

# The type check runs beside the tests: they leave a core idle much of the time (servers
# and browsers starting, workers waiting), and mypy wants one for about a minute.
test: lint $(ASSETS) $(CHROMIUM) $(POSTGRES) $(REDIS)
	$(MAKE) --no-print-directory -j2 types suite

# Every test, without the lint and type checks.
.PHONY: suite
suite: $(DEVSTAMP) $(ASSETS) $(CHROMIUM) $(POSTGRES) $(REDIS)
	$(BIN)/pytest -n 2 --dist loadfile --no-loadscope-reorder

# Every backend API suite on PostgreSQL (make test runs the SQL-heavy ones on both stores).
.PHONY: test-postgres
test-postgres: $(DEVSTAMP) $(ASSETS) $(POSTGRES)
	ALL_DIALECTS=1 $(BIN)/pytest -n 2 --dist loadfile --no-loadscope-reorder -k postgres tests/test_backend

# The API against its OpenAPI document for longer than `make test` does (schemathesis).
.PHONY: fuzz-api
fuzz-api: $(DEVSTAMP)
	API_FUZZ_EXAMPLES=200 $(BIN)/pytest -q -p no:xdist --timeout=0 tests/test_backend/test_api_contract.py

# The benchmarks start servers through the tests' helpers (PostgreSQL and Redis too).
bench: $(DEVSTAMP) $(POSTGRES) $(REDIS)
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

# Longer coverage-guided fuzzing of the loaders than `make test` does (tests/fuzz/):
# findings are written to var/fuzz/; keep one with `python -m tests.fuzz.harness --keep FILE`.
FUZZ_SECONDS ?= 600
FUZZ_TARGET ?= all
fuzz: $(DEVSTAMP)
	mkdir -p var/fuzz
	$(BIN)/python -m tests.fuzz.harness --target $(FUZZ_TARGET) --deep \
		--corpus var/fuzz/corpus-$(FUZZ_TARGET) -max_total_time=$(FUZZ_SECONDS) \
		-artifact_prefix=var/fuzz/

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
