# The two commands a newcomer needs: `make run` (the whole suite) and `make test` (every test).
# Both create .venv on first use. PostgreSQL and RabbitMQ come from the environment:
POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432
AMQP_URL ?= amqp://guest:guest@127.0.0.1:5672/
# The first back-office administrator, created on the first start (change both outside a laptop).
BOOTSTRAP_ADMIN_EMAIL ?= admin@example.com
BOOTSTRAP_ADMIN_PASSWORD ?= change-me-locally
REDIS_URL ?= redis://127.0.0.1:6379/0
export POSTGRES_URL AMQP_URL BOOTSTRAP_ADMIN_EMAIL BOOTSTRAP_ADMIN_PASSWORD REDIS_URL

VENV := .venv
BIN := $(VENV)/bin
# The services `make migrate` migrates: the registry's (shared/b2b_shared/suite/registry.toml).
SERVICES = $(shell $(BIN)/python -m b2b_shared.suite)
PYPROJECTS := $(wildcard shared/pyproject.toml services/*/pyproject.toml gateway/pyproject.toml cli/pyproject.toml)

.PHONY: run test migrate install generate lock bench clean

# `REPLICAS=2 make run`: two of every relay, consumer and import worker (the processes that share their
# work through the outbox, the queues and SKIP LOCKED), as Kubernetes runs them; one web process each.
REPLICAS ?= 1
comma := ,
SCALED = $(shell sed -n -E 's/^([a-z-]+-(relay|consumer|worker)):.*/\1/p' Procfile)
CONCURRENCY = $(subst $(eval) ,$(comma),$(SCALED:%=%=$(REPLICAS)))

run: migrate
	@echo "Sign in at http://127.0.0.1:8000 as $(BOOTSTRAP_ADMIN_EMAIL) / $(BOOTSTRAP_ADMIN_PASSWORD) (see README.md)"
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/honcho start -f Procfile -c "$(CONCURRENCY)"

test: install
	$(BIN)/ruff check .
	$(BIN)/pytest $(PYTEST_ARGS)

migrate: install
	@for service in $(SERVICES); do echo "migrating $$service"; $(BIN)/b2b-service migrate $$service || exit 1; done

# After adding or changing a registry entry: rewrite the Procfile, compose and Kubernetes files.
generate: install
	$(BIN)/python deploy/generate.py

install: $(VENV)/.installed tools/asyncapi/node_modules/.installed deploy/validate/node_modules/.installed

# The official AsyncAPI parser, for the contract tests (tests/contracts).
tools/asyncapi/node_modules/.installed: tools/asyncapi/package-lock.json
	npm ci --prefix tools/asyncapi --no-audit --no-fund --loglevel=error
	touch $@

# The operators' CRD schemas the deploy tests validate custom resources against (tests/deploy/test_schemas.py).
deploy/validate/node_modules/.installed: deploy/validate/package-lock.json
	npm ci --prefix deploy/validate --no-audit --no-fund --loglevel=error
	touch $@

# constraints.txt pins every package, direct or not, to the version the tests ran with: a fresh
# machine, CI and the images install exactly these. `make lock` renews it (then run `make test`).
$(VENV)/.installed: requirements-dev.txt constraints.txt $(PYPROJECTS)
	test -d $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -r requirements-dev.txt
	touch $@

lock: install
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --upgrade --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links \
	  --no-annotate --no-header --output-file constraints.txt requirements-dev.txt
	@# Constraints name versions only: our own packages are installed from the checkout.
	sed -i -e '/^-e /d' constraints.txt
	sed -i -e '1i # Every package pinned (make lock renews it; see the Makefile).' constraints.txt

bench: install
	@# Every script with a __main__ guard; the others are helpers the scripts import.
	@for script in $$(grep -l '__name__ == "__main__"' bench/*.py); do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV)
