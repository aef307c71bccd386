# The two commands that matter: `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: run test lint bench install install-dev secrets fuzz faults load

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
test: lint secrets
	$(BIN)/pytest --database sqlite
	$(BIN)/pytest --database postgresql

lint: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

$(VENV)/.installed-bench: pyproject.toml | $(VENV)/.installed-dev
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@

## Benchmark at 1,000,000 customers on PostgreSQL against bench/baseline (docs/performance.md).
## BENCH_CUSTOMERS, BENCH_DURATION, BENCH_DATABASE=sqlite ... : see bench/run.py.
bench: $(VENV)/.installed-bench
	$(BIN)/python -m bench.run

## No live secret key committed: `otesse_live_sk_` followed by 16 or more key characters.
secrets:
	@if git grep -n -I -E 'otesse_live_sk_[0-9A-Za-z]{16,}' -- . ; then \
	  echo "a live secret key is committed (above): remove it and revoke the key"; exit 1; fi

## Deep fuzzing (10,000+ cases, stateful phase) of every operation in the OpenAPI document.
fuzz: install-dev
	FUZZ_DEPTH=deep $(BIN)/pytest --database $${FUZZ_DATABASE:-postgresql} -s tests/hardening/test_fuzz.py

## PostgreSQL stopped (immediate), frozen (SIGSTOP) and with its backends terminated every 0.5 s,
## under load, on a private cluster -> bench/results/faults-MODE.json (FAULTS_MODES picks some).
FAULTS_MODES ?= stopped frozen terminated
faults: install-dev
	@for mode in $(FAULTS_MODES); do \
	  $(BIN)/python bench/faults.py --mode $$mode --out bench/results/faults-$$mode.json || exit 1; \
	done

## 100 concurrent clients for LOAD_DURATION (default 60s) against PostgreSQL -> bench/results/load.json
load: install-dev
	$(BIN)/pip install --quiet -e '.[dev,load]'
	$(BIN)/python bench/load.py --users $${LOAD_USERS:-100} --duration $${LOAD_DURATION:-60s} \
	  --out bench/results/load.json
