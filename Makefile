# The two commands that matter: `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: run test lint bench install install-dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Serve on http://127.0.0.1:8000 on the embedded SQLite database (or OTESSE_DATABASE_URL).
run: install
	@$(BIN)/otesse migrate
	@key=$$($(BIN)/otesse keys demo) && \
	  echo && echo "  Test key of the demo account: $$key" && \
	  echo "  Try: curl -H \"Authorization: Bearer $$key\" http://127.0.0.1:8000/v1/customers" && echo
	$(BIN)/otesse serve --host 127.0.0.1 --port 8000

## Lint, type-check, check import directions, then the suite on SQLite and on PostgreSQL.
test: lint
	$(BIN)/pytest --database sqlite
	$(BIN)/pytest --database postgresql

lint: install-dev
	$(BIN)/ruff check src tests migrations bench
	$(BIN)/ruff format --check src tests migrations bench
	$(BIN)/mypy
	$(BIN)/lint-imports

$(VENV)/.installed-bench: pyproject.toml | $(VENV)/.installed-dev
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@

## Benchmark at 1,000,000 customers on PostgreSQL against bench/baseline (docs/performance.md).
## BENCH_CUSTOMERS, BENCH_DURATION, BENCH_DATABASE=sqlite ... : see bench/run.py.
bench: $(VENV)/.installed-bench
	$(BIN)/python -m bench.run
