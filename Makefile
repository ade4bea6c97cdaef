# Two entry points: `make run` (the demo picture) and `make test` (everything CI checks).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RUN_DB ?= sqlite:///sarhad.db
HOST   ?= 127.0.0.1
PORT   ?= 8000
PAIR_PORT ?= 8001
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup run run-pair test lint typecheck pytest system-deps bench clean

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
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

## The demo picture: ingest (read + fuse) the project's own reports, give the database a demo node with one
## user per role (logins printed), list the incidents, serve the web app on loopback (make run PORT=8001).
run: setup
	$(BIN)/sarhad ingest src/sarhad/demo/reports --db $(RUN_DB)
	$(BIN)/sarhad demo node --party PK --db $(RUN_DB) --url http://$(HOST):$(PORT)
	$(BIN)/sarhad incidents --db $(RUN_DB)
	$(BIN)/sarhad serve --db $(RUN_DB) --host $(HOST) --port $(PORT) --no-tls

## Two nodes on this machine: PK on https://127.0.0.1:$(PAIR_PORT), IR on the next port, trusting each other.
run-pair: setup
	$(BIN)/sarhad demo pair --base-port $(PAIR_PORT)

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
	rm -rf $(VENV) sarhad.db sarhad.db-wal sarhad.db-shm sarhad-keys demo-pair .pytest_cache .mypy_cache .ruff_cache
