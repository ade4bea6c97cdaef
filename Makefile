# Two entry points: `make run` (the demo picture) and `make test` (everything CI checks).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RUN_DB ?= sqlite:///sarhad.db
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup run test lint typecheck pytest system-deps bench clean

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is required (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)

## Debian packages the tests need: a PostgreSQL server (started and stopped by the tests themselves)
## and Chromium (driven by Playwright for the browser tests).
system-deps:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

## The demo picture: ingest (read + fuse) the project's own reports, list the incidents, serve the web app.
run: setup
	$(BIN)/sarhad ingest src/sarhad/demo/reports --db $(RUN_DB)
	$(BIN)/sarhad incidents --db $(RUN_DB)
	$(BIN)/sarhad serve --db $(RUN_DB) --host 127.0.0.1 --port 8000

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: setup
	$(BIN)/mypy

pytest: setup system-deps
	$(BIN)/pytest

test: lint typecheck pytest

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) sarhad.db sarhad.db-wal sarhad.db-shm .pytest_cache .mypy_cache .ruff_cache
