# Two commands on a fresh machine: `make run` serves the site, `make test` checks it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test lint format install install-dev browser clean messages vnu

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# A local .env turns DEBUG on for development; production sets real values.
.env:
	cp .env.example .env

# var/ holds the embedded SQLite database, the file caches and uploads; git
# ignores it, so a fresh clone has none until this makes it.
var:
	mkdir -p var

install: $(VENV)/.runtime .env var
install-dev: $(VENV)/.dev .env var

# The site and one task worker side by side under supervisord, in the foreground
# (supervisord/*.conf): either one that dies is started again while the other
# keeps running; Ctrl-C stops both. Settings read .env themselves.
SUPERVISORD = $(BIN)/supervisord --nodaemon --pidfile var/supervisord-$@.pid --configuration

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loaddemo
	$(BIN)/python manage.py createadmin
	HOST=$(HOST) PORT=$(PORT) $(SUPERVISORD) supervisord/run.conf

# As in production: DEBUG off, hashed static files served by WhiteNoise, gunicorn.
# It needs a real SECRET_KEY (in the environment or in .env); it never makes one up.
WORKERS ?= 2
serve: install
	@if [ -z "$$SECRET_KEY" ] && ! grep -qs '^SECRET_KEY=.' .env; then \
		echo "make serve runs as in production and needs a SECRET_KEY, e.g.:" >&2; \
		echo "  SECRET_KEY=\$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))') make serve" >&2; \
		exit 2; fi
	@$(MAKE) --no-print-directory $(STATIC_DIR)/staticfiles.json
	DEBUG=false $(BIN)/python manage.py migrate --noinput
	DEBUG=false CLUSTER_SERVE_MEDIA=$${CLUSTER_SERVE_MEDIA:-true} WEB_CONCURRENCY=$(WORKERS) \
		GUNICORN_BIND=$(HOST):$(PORT) $(SUPERVISORD) supervisord/serve.conf

# Compressing every asset takes a while: only when a static file or a package changed.
STATIC_DIR := $(or $(STATIC_ROOT),staticfiles)
$(STATIC_DIR)/staticfiles.json: $(shell find static -type f) requirements.txt
	DEBUG=false $(BIN)/python manage.py collectstatic --noinput --verbosity 0

# The Nu Html Checker (tests/test_html_validity.py) comes from npm and runs on Java.
VNU_VERSION := 26.9.27
VNU_JAR := $(VENV)/vnu/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU_JAR):
	@if command -v npm >/dev/null; then \
		npm install --silent --no-audit --no-fund --prefix $(VENV)/vnu vnu-jar@$(VNU_VERSION); \
	else echo "npm is missing: the HTML check will be skipped (Debian: apt-get install npm)." >&2; fi

vnu: $(VNU_JAR)

test: install-dev vnu
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

# After changing marked strings: refresh locale/zh_Hans/LC_MESSAGES/django.po
# (and djangojs.po, the admin's JavaScript catalogue),
# translate what it lists with an empty msgstr (or marked fuzzy), then run this
# again to compile the .mo (committed, so a fresh machine needs no gettext).
# Needs GNU gettext (Debian: gettext). tests/test_i18n.py runs the same command.
messages: install-dev
	$(BIN)/python manage.py makemessages $(MAKEMESSAGES_ARGS)
	$(BIN)/python manage.py makemessages -d djangojs $(MAKEMESSAGES_ARGS)
	$(BIN)/python manage.py compilemessages -l zh_Hans --ignore=.venv --ignore=var

MAKEMESSAGES_ARGS := -l zh_Hans --no-obsolete --add-location=file --ignore=var --ignore=staticfiles --ignore=static/vendor

clean:
	rm -rf $(VENV) staticfiles
