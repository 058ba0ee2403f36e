# Aisho DX assistant. `make run` starts it, `make test` runs every check.
# Both install what is missing first (virtual environment, locked packages,
# trained model). `make help` lists the targets.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements/lock.txt
REQUIRED_PYTHON := 3.11
# The one conflict `pip check` reports, on purpose (requirements/README.md).
KNOWN_PIP_CONFLICT := rasa 3.6.21 has requirement matplotlib<3.6,>=3.1, but you have matplotlib 3.7.5.
INSTALLED := $(VENV)/.installed
MODEL := models/aisho-dx.tar.gz
NPM ?= npm
NODE_MODULES := node_modules/.package-lock.json
WEB_VENDOR := bot/web/static/vendor/socket.io.min.js
CHROMIUM := /usr/bin/chromium
# Japanese, Chinese and Korean glyphs, so screenshots show the text.
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
# The load balancer of `make run-scaled` and tests/production (Debian's nginx).
NGINX := /usr/sbin/nginx
MODEL_INPUTS := config.yml domain.yml $(shell find data -name '*.yml') $(shell find bot/components bot/intent bot/nlp bot/language -name '*.py')
LOGS := var/log

export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# $(call stage,what,log file,command): one line on the terminal with the time
# taken; the command's output goes to the log, shown only when it fails.
define stage
	@mkdir -p $(LOGS); start=$$(date +%s); echo "==> $(1) (log: $(2))"; \
	if $(3) > $(2) 2>&1; then echo "    done in $$(( $$(date +%s) - start )) s"; \
	else status=$$?; tail -n 40 $(2); echo "==> $(1) failed (exit $$status); full log: $(2)"; exit $$status; fi
endef

.DEFAULT_GOAL := help
.PHONY: help install python-version pip-check lint format validate train sign-off test test-unit test-nlu test-stories test-e2e web-assets chromium run shell line-sample line-richmenu bench clean nginx run-scaled staff-user review-purge

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-13s %s\n", $$1, $$2}'

install: $(INSTALLED) ## Create .venv and install the locked dependencies

# Rasa 3.6 declares Python <3.11; the lock was verified on 3.11 and is
# installed without the resolver (see requirements/README.md).
$(INSTALLED): $(LOCK) | python-version
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(call stage,installing the locked Python packages into $(VENV),$(LOGS)/install.log,$(BIN)/python -m pip install --no-deps --ignore-requires-python -r $(LOCK))
	@$(MAKE) --no-print-directory pip-check
	@touch $@

# The lock is a verified freeze on CPython 3.11: Rasa 3.6's pins (TensorFlow
# 2.12, numpy 1.23) have no wheels for 3.12 or later, and the lock's few
# deviations from Rasa's pins were chosen for 3.11. Checked before anything is
# installed: the .venv's Python when it exists, otherwise $(PYTHON).
python-version: ## Check that the Python of .venv (or PYTHON) is 3.11
	@py=$(BIN)/python; test -x $$py || py=$(PYTHON); \
	if ! $$py -c 'import sys; sys.exit("%d.%d" % sys.version_info[:2] != "$(REQUIRED_PYTHON)")' 2>/dev/null; then \
		echo "==> Python $(REQUIRED_PYTHON) is required; $$py is $$($$py -V 2>/dev/null || echo "missing")."; \
		echo "    requirements/lock.txt was verified on CPython $(REQUIRED_PYTHON) only: Rasa 3.6 pins TensorFlow 2.12"; \
		echo "    and numpy 1.23 (no wheels for 3.12+), and Rasa itself stops at 3.10 (see requirements/README.md)."; \
		echo "    Use make PYTHON=python$(REQUIRED_PYTHON) ..., and remove $(VENV) if another Python created it."; \
		exit 1; \
	fi

# `pip check` must report nothing but the one known, documented deviation
# (requirements/README.md): any other conflict fails the install.
pip-check: ## Fail on any dependency conflict but the known matplotlib one
	@out=$$($(BIN)/python -m pip check 2>&1); \
	unexpected=$$(printf '%s\n' "$$out" | grep -vxF -e 'No broken requirements found.' -e '$(KNOWN_PIP_CONFLICT)'); \
	if [ -n "$$unexpected" ]; then \
		printf '%s\n' "$$unexpected"; \
		echo "==> pip check: unexpected dependency conflicts (only the matplotlib one in requirements/README.md is known)"; \
		exit 1; \
	fi

# The website chat's front-end packages come from the npm registry, pinned by
# package-lock.json; the socket.io client is copied into the served static folder.
web-assets: $(WEB_VENDOR) ## Install the chat widget's npm packages (npm ci) and copy socket.io

$(NODE_MODULES): package.json package-lock.json
	$(call stage,installing the chat widget's npm packages,$(LOGS)/npm.log,$(NPM) ci --no-audit --no-fund)

$(WEB_VENDOR): $(NODE_MODULES)
	mkdir -p $(@D)
	cp node_modules/socket.io-client/dist/socket.io.min.js $@

chromium: $(CHROMIUM) $(CJK_FONT) ## Install Debian's Chromium and CJK fonts for the browser tests (root)

$(CHROMIUM) $(CJK_FONT) &:
	$(call stage,installing Debian's chromium and fonts-noto-cjk (apt-get),$(LOGS)/apt-chromium.log,sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk')

nginx: $(NGINX) ## Install Debian's nginx for run-scaled and the production tests (root)

$(NGINX):
	$(call stage,installing Debian's nginx (apt-get),$(LOGS)/apt-nginx.log,sh -c 'apt-get update -qq && (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx)')

lint: $(INSTALLED) ## ruff over bot/, actions/ and tests/
	$(BIN)/ruff check bot actions tests

format: $(INSTALLED) ## Format the Python code with ruff
	$(BIN)/ruff format bot actions tests
	$(BIN)/ruff check --fix bot actions tests

# Rasa's notes (utterances sent by custom actions, intents set by components)
# stay in the log; an error fails the step and shows it.
validate: $(INSTALLED) ## Check the Rasa domain and training data
	$(call stage,checking the domain and training data (rasa data validate),$(LOGS)/validate.log,env PYTHONWARNINGS=ignore $(BIN)/rasa data validate --quiet)

train: $(MODEL) ## Train the model if the data, config or components changed

# One line per stage (NLU, dialogue) with the elapsed time; the full log is
# var/log/train.log. Rasa's cache (.rasa/) retrains only what changed.
$(MODEL): $(INSTALLED) $(MODEL_INPUTS)
	@$(BIN)/python -m bot.devtools.train --config config.yml --out models --name aisho-dx
	@touch $@

test: lint validate train $(WEB_VENDOR) $(CHROMIUM) $(CJK_FONT) $(NGINX) ## Run the whole suite: lint, validate, unit, NLU gate, stories, end-to-end
	$(BIN)/python -m pytest --durations=10
	$(MAKE) --no-print-directory test-stories

test-unit: $(INSTALLED) ## Unit tests only (no model needed)
	$(BIN)/python -m pytest -m "not model and not servers"

test-nlu: train ## The held-out NLU gate only
	$(BIN)/python -m pytest tests/nlu

test-stories: train ## Conversation tests (tests/test_stories.yml)
	$(BIN)/rasa test core --model $(MODEL) --stories tests/test_stories.yml \
		--out results/stories --fail-on-prediction-errors --quiet

# Library deprecation warnings are silenced for the servers; their own logs stay.
run: train $(WEB_VENDOR) ## Start the action server (5055), the Rasa server (5005) and the website chat (8000)
	@mkdir -p var
	@echo "==> starting the servers: actions :$${ACTION_PORT:-5055}, Rasa :$${RASA_PORT:-5005}, website chat :$${WEB_PORT:-8000} (make shell chats in a terminal)"
	@$(BIN)/python -m bot.devtools.ready & PYTHONWARNINGS=ignore $(BIN)/honcho start -f Procfile

run-scaled: train $(WEB_VENDOR) $(NGINX) ## Two Rasa + two action servers behind nginx on PostgreSQL/Redis (see README)
	@mkdir -p var
	$(BIN)/python -m bot.devtools.scaled

shell: train ## Chat in the terminal (starts its own action server)
	@mkdir -p var
	@# endpoints.yml without `models:` (no web server here): the shell loads $(MODEL).
	@$(BIN)/python -c 'from pathlib import Path; from bot.devtools.servers import endpoints_file; endpoints_file(Path("var"), "http://localhost:5055/webhook", model_server=False)'
	$(BIN)/python -m rasa_sdk --actions actions --port 5055 & pid=$$!; \
		trap "kill $$pid" EXIT; \
		$(BIN)/rasa shell --model $(MODEL) --endpoints var/endpoints.yml

# The question of `make line-sample`; override with make line-sample TEXT=...
TEXT ?= DXポリシーの期間は？

line-sample: $(INSTALLED) ## Send a signed sample LINE text event to the running bot (needs LINE_CHANNEL_SECRET)
	$(BIN)/python -m bot.channels.line_sample \
		--url http://localhost:$${RASA_PORT:-5005}/webhooks/line/webhook --text "$(TEXT)"

# LANGUAGE=ja creates only the Japanese menu; OUT=dir also saves the pictures.
LANGUAGE ?= all

line-richmenu: $(INSTALLED) $(CJK_FONT) ## Create the LINE rich menus (needs LINE_CHANNEL_ACCESS_TOKEN; DRY_RUN=1 only draws them)
	$(BIN)/python -m bot.channels.line_richmenu create --language $(LANGUAGE) \
		$(if $(DRY_RUN),--dry-run --out $(or $(OUT),results/richmenu),$(if $(OUT),--out $(OUT)))

# Staff review inbox (bot/review). NAME is the staff login to create or reset.
staff-user: $(INSTALLED) ## Create a staff login for /staff: make staff-user NAME=sato (asks the password twice)
	@test -n "$(NAME)" || { echo "Usage: make staff-user NAME=<login name>"; exit 2; }
	$(BIN)/python -m bot.review add-user $(NAME)

review-purge: $(INSTALLED) ## Delete captured questions and raw conversations older than REVIEW_RETENTION_DAYS (DAYS=N overrides)
	$(BIN)/python -m bot.review purge $(if $(DAYS),--days $(DAYS))

sign-off: $(INSTALLED) ## Write the sign-off tables (answer, source, source text) to docs/sign-off/
	$(BIN)/python -m bot.content report --out docs/sign-off --town town

bench: train ## Measure latency, memory and training time; writes docs/benchmarks.md
	$(BIN)/python -m bot.bench --model $(MODEL) --report docs/benchmarks.md

clean: ## Remove the trained model, results and local databases
	rm -rf models/*.tar.gz results var .rasa .pytest_cache
