# The two commands that matter: `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: run test lint bench install install-dev secrets fuzz faults load sdk sdk-check browser \
	scale scale-packages test-pgbouncer

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml clients/python/pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]' -e clients/python
	touch $@ $(VENV)/.installed

# The TypeScript client's tools (openapi-typescript, typescript, Redocly CLI), from the lockfile.
NODE_MODULES := clients/typescript/node_modules
$(NODE_MODULES)/.installed: clients/typescript/package-lock.json
	cd clients/typescript && npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev $(NODE_MODULES)/.installed

## Serve on http://127.0.0.1:8000 on the embedded SQLite database (or OTESSE_DATABASE_URL).
run: install
	@$(BIN)/otesse migrate
	@key=$$($(BIN)/otesse keys demo) && \
	  echo && echo "  Test key of the demo account: $$key" && \
	  echo "  Try: curl -H \"Authorization: Bearer $$key\" http://127.0.0.1:8000/v1/customers" && echo
	@# Webhooks to a receiver on this machine are allowed here (docs/webhooks.md), not by default.
	OTESSE_WEBHOOK_ALLOW_PRIVATE_NETWORKS=$${OTESSE_WEBHOOK_ALLOW_PRIVATE_NETWORKS:-true} \
	  $(BIN)/otesse serve --host 127.0.0.1 --port 8000

## Lint, type-check, check import directions, then the suite on SQLite and on PostgreSQL,
## the two passes at once (TEST_SERIAL=1: one after the other; tests/passes.sh).
test: lint secrets browser scale-packages
	PYTEST=$(BIN)/pytest tests/passes.sh

lint: install-dev sdk-check
	$(BIN)/ruff check src tests bench clients/sdk.py
	$(BIN)/ruff format --check src tests bench clients/sdk.py
	$(BIN)/mypy
	$(BIN)/mypy --config-file clients/python/pyproject.toml clients/python/src tests/clients
	$(BIN)/lint-imports
	cd clients/typescript && npx tsc -p tsconfig.json --noEmit

## Debian's Chromium and the chromium-driver built for it, for the page tests
## (tests/pages/browser.py): installed when missing, never downloaded by the tests.
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  echo "installing chromium and chromium-driver (apt-get)"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y chromium chromium-driver; \
	  else sudo apt-get install -y chromium chromium-driver; fi; \
	fi

## Debian's HAProxy and PgBouncer, for make scale, the short scale drill in make test
## (tests/hardening/test_scale_drill.py) and make test-pgbouncer: installed when missing.
scale-packages:
	@if ! PATH="$$PATH:/usr/sbin:/sbin" command -v haproxy >/dev/null || \
	    ! PATH="$$PATH:/usr/sbin:/sbin" command -v pgbouncer >/dev/null; then \
	  echo "installing haproxy and pgbouncer (apt-get)"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y haproxy pgbouncer; \
	  else sudo apt-get install -y haproxy pgbouncer; fi; \
	fi

## The whole PostgreSQL suite through PgBouncer in transaction mode (bench/pooled.py):
## CREATE DATABASE direct, everything else pooled, OTESSE_DATABASE_POOLER=pgbouncer.
test-pgbouncer: install-dev scale-packages browser
	$(BIN)/python bench/pooled.py -- $(BIN)/pytest --database postgresql

## Regenerate clients/openapi.json and both clients from the code (docs/sdk.md); commit them.
sdk: install-dev
	$(BIN)/python clients/sdk.py

## Fail when the committed document or clients are not what the code generates; lint the
## document (openapi-spec-validator, Redocly CLI's recommended rules: warnings fail too).
sdk-check: install-dev
	$(BIN)/python clients/sdk.py --check
	$(BIN)/openapi-spec-validator clients/openapi.json
	@out=$$(cd clients/typescript && npx redocly lint ../openapi.json --config ../../redocly.yaml 2>&1); \
	  status=$$?; echo "$$out" | grep -v -e '║' -e '╔' -e '╚'; \
	  if [ $$status -ne 0 ] || echo "$$out" | grep -qi 'warning was generated\|warnings\? were generated\|You have [0-9]* warning'; then \
	    echo "redocly lint: fix the problems above (redocly.yaml)"; exit 1; fi

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
## under load, one after the other on one private cluster -> bench/results/faults-MODE.json
## (FAULTS_MODES picks some);
## then the webhook delivery drill with DRILL_EVENTS (2000) events.
FAULTS_MODES ?= stopped frozen terminated
faults: install-dev
	$(BIN)/python bench/faults.py --mode $(FAULTS_MODES) --out 'bench/results/faults-{mode}.json'
	@# The webhook delivery drill at length (docs/webhooks.md): make test runs it with 40 events.
	DRILL_EVENTS=$${DRILL_EVENTS:-2000} $(BIN)/pytest --database postgresql -q tests/webhooks/test_drill.py

## HAProxy, 3 API processes, 2 workers, PgBouncer (transaction mode), Redis; make load's mix
## through HAProxy for SCALE_DURATION seconds while processes are killed and PgBouncer
## restarted (docs/scaling.md) -> bench/results/scale.json
scale: install-dev scale-packages
	$(BIN)/pip install --quiet -e '.[dev,load]'
	$(BIN)/python bench/scale.py --duration $${SCALE_DURATION:-60} --users $${SCALE_USERS:-40} \
	  --out bench/results/scale.json

## 100 concurrent clients for LOAD_DURATION (default 60s) against PostgreSQL -> bench/results/load.json
load: install-dev
	$(BIN)/pip install --quiet -e '.[dev,load]'
	$(BIN)/python bench/load.py --users $${LOAD_USERS:-100} --duration $${LOAD_DURATION:-60s} \
	  --out bench/results/load.json
