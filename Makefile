# ITA Tracker. `make run` brings up the demo; `make test` runs the test suite.
PY := .venv/bin/python
PORT ?= 8000

.PHONY: setup run test lint fmt bench messages

setup:
	@scripts/setup.sh

run: setup
	.venv/bin/ita-tracker demo --port $(PORT)

test: setup
	$(PY) -m pytest -q $(PYTEST_ARGS)

lint: setup
	.venv/bin/ruff format --check .
	.venv/bin/ruff check .
	.venv/bin/mypy ita_tracker
	.venv/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

fmt: setup
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

bench: setup
	$(PY) bench/render.py

messages: setup
	cd ita_tracker && ../$(PY) ../manage.py makemessages -l th -l en --no-obsolete && ../$(PY) ../manage.py compilemessages
