# Lantian: two commands do all the set-up.
#   make demo   install, migrate, load the demo bureau, serve (web + worker + scheduler)
#               with DEBUG off, like a deployment; `make dev` for debug pages and --reload
#   make test   the whole test suite (SQLite by default; DATABASE_URL=postgres://… for PostgreSQL)

# Python 3.12+: pyenv's shim honours .python-version; override with PYTHON=/path/to/python3.12.
PYTHON ?= $(shell command -v python3.12 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
LANTIAN := $(BIN)/lantian
ADDR   ?= 127.0.0.1:8000

.PHONY: demo dev test install lint format messages check-python clean e2e bench

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Lantian needs Python 3.12 or newer; set PYTHON=/path/to/python3.12")'

$(BIN)/.installed: requirements.lock pyproject.toml | check-python
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(BIN)/.installed node_modules/.installed

# A local .env with a random secret (never committed); `make demo` and `make dev` say
# themselves whether debug is on.
.env:
	printf 'SECRET_KEY=%s\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env

# The demo runs like a deployment: DEBUG off (portal error pages, never Django's technical
# ones), gunicorn with WhiteNoise, the worker and the scheduler. Only TLS is missing, so
# LANTIAN_HTTPS=false: no redirect to https and cookies not marked Secure; mail is printed;
# with no proxy in front, Django serves the image renditions.
DEMO_ENV := DEBUG=false LANTIAN_HTTPS=false EMAIL_URL=consolemail:// LANTIAN_SERVE_IMAGES=true \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-localhost,127.0.0.1}

demo: install .env
	$(DEMO_ENV) $(LANTIAN) migrate --no-input -v 0
	$(DEMO_ENV) $(LANTIAN) load_demo
	$(DEMO_ENV) $(LANTIAN) collectstatic --no-input -v 0
	@echo
	@echo "Staff login: admin / $${LANTIAN_DEMO_PASSWORD:-lantian-demo-2026}  →  http://$(ADDR)/admin/"
	@echo "Enterprise login: huanbao@qiye.demo.example / the same password  →  http://$(ADDR)/sources/account/"
	$(DEMO_ENV) $(LANTIAN) serve --addr $(ADDR)

# For a developer: Django's debug pages and the auto-reloading development server (static
# files from the source folders). Background jobs need `DEBUG=true .venv/bin/lantian
# db_worker` in a second terminal.
dev: install .env
	DEBUG=true $(LANTIAN) migrate --no-input -v 0
	DEBUG=true $(LANTIAN) load_demo
	@echo
	@echo "Staff login: admin / $${LANTIAN_DEMO_PASSWORD:-lantian-demo-2026}  →  http://$(ADDR)/admin/"
	DEBUG=true $(LANTIAN) runserver $(ADDR)

test: install
	$(BIN)/pytest

e2e: install
	$(BIN)/pytest tests/e2e

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: install
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

# Refresh the zh-hans and English catalogues, then compile them (DEBUG: no secret needed).
messages: install
	$(BIN)/python scripts/wagtail_catalogue_gaps.py
	$(BIN)/ruff format -q src/lantian/core/wagtail_strings.py
	cd src/lantian && DEBUG=true ../../$(LANTIAN) makemessages -l zh_Hans -l en --no-obsolete
	$(BIN)/python scripts/fill_english_catalogue.py src/lantian/locale/en/LC_MESSAGES/django.po
	cd src/lantian && DEBUG=true ../../$(LANTIAN) compilemessages -v 0

bench: install
	@for script in bench/*.py; do [ -e "$$script" ] && $(BIN)/python "$$script"; done; true

clean:
	rm -rf $(VENV) node_modules var .pytest_cache
