# ReviewHub: two commands on a fresh machine — `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test migrate fixtures lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# seed_word_lists copies REVIEWHUB_MODERATION_WORDS / REVIEWHUB_DISALLOWED_WORDS into the admin word lists (idempotent).
migrate: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_word_lists

# loaddata updates rows in place (fixed primary keys; accounts by username), so this is safe to repeat.
fixtures: migrate
	$(BIN)/python manage.py loaddata her

# Static files as in production: collected with hashed names and gzip copies, served by WhiteNoise
# (runserver leaves them to it). After editing a CSS or JS file, run `make run` again.
run: fixtures
	DJANGO_COLLECTED_STATIC=1 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_COLLECTED_STATIC=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-test
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run

# Benchmark: scratch SQLite and PostgreSQL databases, in-process renders, gunicorn under load (about 4 minutes).
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts .pytest_cache .ruff_cache
