# Préau — the two commands of the README are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(CURDIR)/$(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := frontend/node_modules/.installed-stamp
FRONTEND_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.* frontend/tsconfig*.json -type f 2>/dev/null)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo demo-oidc demo-saml test install frontend schema schema-check lint audit serve worker bench fuzz

## make demo — install, build the web app, migrate, seed the demo and serve everything on :8000
demo: install frontend
	cd backend && $(PY) manage.py migrate --noinput
	cd backend && $(PY) manage.py collectstatic --noinput -v 0
	cd backend && $(PY) manage.py seed_demo
	@echo "Préau : http://$(HOST):$(PORT)/ (API /api/docs/, admin /admin/)"
	$(MAKE) --no-print-directory serve

serve:
	cd backend && $(PY) -m uvicorn config.asgi:application --host $(HOST) --port $(PORT) --lifespan off

## make demo-oidc — the demo's OpenID Connect provider on :$(OIDC_PORT) (the suite's provider,
## tests/federation/oidc_provider; its person « parent.demo », password « demo »). Start it,
## then `make demo` (or restart it): the login page offers it (docs/federation.md,
## "OpenID Connect").
OIDC_PORT ?= 8001
OIDC_STATE_DIR ?= $(or $(PREAU_VAR_DIR),var)/oidc-provider
demo-oidc: install
	$(PY) -m tests.federation.oidc_provider --port $(OIDC_PORT) --state-dir $(OIDC_STATE_DIR) \
	  --client-id preau-demo --client-secret preau-demo-oidc \
	  --redirect-uri http://127.0.0.1:$(PORT)/api/v1/federation/oidc/demo/callback/ \
	  --redirect-uri http://localhost:$(PORT)/api/v1/federation/oidc/demo/callback/

## make demo-saml — the demo's SAML identity providers (the suite's, tests/federation/saml_idp.py):
## an EduConnect-like one on :8081 (the demo's « parent », linked by her children's INE, and a
## parent Préau does not know) and an académie's on :8082 (the demo's « enseignant », linked
## by the address). Run `make demo` once first (the people come from its database), start
## this, then restart `make demo`: the login page offers them (docs/federation.md, "SAML").
SAML_STATE_DIR ?= $(or $(PREAU_VAR_DIR),var)/saml-idp
demo-saml: install
	$(PY) -m tests.federation.saml_idp --state-dir $(SAML_STATE_DIR)

## make worker — the task queue's worker, for a `make serve` with REDIS_URL (without Redis the
## tasks run in the server's process and no worker is needed; docs/tasks.md)
worker:
	cd backend && $(PY) -m celery -A config worker --loglevel=INFO

## make test — install what the tests need and run every test (backend, frontend, browser).
## The backend tests run on TEST_WORKERS pytest-xdist workers (default: one more than the
## cores, at most 8: the workers wait on PostgreSQL, Redis, Chromium and the servers they
## start, and two workers kept 1.3 of 2 cores busy), each with its own test database and Redis
## database (docs/testing.md); then the web app's tests. Python keeps its bytecode: the suite
## starts many Python processes (servers, settings probes), and each would otherwise compile
## the project again.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); n=$$(( n + 1 )); echo $$(( n < 8 ? n : 8 )))
test: install frontend
	env -u PYTHONDONTWRITEBYTECODE $(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadgroup
	cd frontend && npm test --silent

## make fuzz — Schemathesis, deep: every operation × every role, 50 cases each, fixed seed, and
## longer stateful runs (make test runs the same tests with 3 cases). PostgreSQL if DATABASE_URL.
fuzz: install
	FUZZ_EXAMPLES=50 FUZZ_STATEFUL_EXAMPLES=100 $(VENV)/bin/pytest tests/fuzz -p no:cacheprovider -q -s

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[dev]"
	touch $(STAMP)

frontend: frontend/dist/index.html

$(NODE_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

frontend/dist/index.html: $(NODE_STAMP) $(FRONTEND_SOURCES)
	cd frontend && npm run build

## make schema — regenerate the OpenAPI contract and the frontend client from the code
schema: install
	cd backend && $(PY) manage.py spectacular --validate --fail-on-warn --file openapi/schema.yaml
	cd frontend && npm run gen:api

schema-check: install
	cd backend && $(PY) manage.py spectacular --validate --fail-on-warn --file /tmp/preau-schema-check.yaml
	diff -u backend/openapi/schema.yaml /tmp/preau-schema-check.yaml
	cd frontend && npm run --silent check:api

## make lint — ruff, bandit (any finding fails; exceptions explained in pyproject.toml), the
## import layers (import-linter, docs/architecture.md) and Django's deployment check on the
## production settings (dummy secrets, for the check only)
lint: install
	$(VENV)/bin/ruff check .
	PYTHONPATH=backend $(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/bandit -c pyproject.toml -r backend -q
	cd backend && env \
	  DJANGO_SETTINGS_MODULE=config.settings.production \
	  SECRET_KEY=lint-only-$$(printf 'x%.0s' {1..60}) \
	  ALLOWED_HOSTS=preau.example.invalid \
	  CSRF_TRUSTED_ORIGINS=https://preau.example.invalid \
	  DATABASE_URL=postgres://preau@127.0.0.1:5432/preau \
	  REDIS_URL=redis://127.0.0.1:6379/0 \
	  PREAU_VAR_DIR=$$(mktemp -d) \
	  $(PY) manage.py check --deploy --fail-level WARNING

## make bench — the benchmark suite on PostgreSQL + Redis (not part of `make test`): builds
## or reuses the département dataset (database preau_bench_v<n> on DATABASE_URL's server),
## runs every scenario beside its floor, writes docs/benchmarks.md and docs/benchmarks.json
BENCH_STAMP := $(VENV)/.bench-stamp
BENCH_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/postgres)
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/15
BENCH_ARGS ?=

$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(VENV)/bin/pip install --quiet -e ".[dev,bench]"
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(PY) -m bench $(BENCH_ARGS)

## make audit — pip-audit --strict; says "NOT AUDITED" (and passes) where PyPI's advisory
## database cannot be reached
audit: install
	bash scripts/audit.sh
