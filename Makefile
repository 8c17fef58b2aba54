# Two commands do all set-up: `make run` (dashboard on the demo corpus) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt -r requirements-dev.txt
	$(PY) -m analysis.tools.prepare  # the gazetteer index and the demo's analyses, so a first visit is quick
	touch $@

run: $(VENV)/.installed
	$(PY) -m streamlit run dashboard.py --server.port $(PORT)

test: $(VENV)/.installed
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports

# The numbers of the README's Performance section (about 25 minutes on 2 cores).
bench: $(VENV)/.installed
	$(PY) -m analysis bench --articles 2000 --repeat 2 --processes 2
	$(PY) -m analysis bench --stream --articles 10000

clean:
	rm -rf $(VENV) .pytest_cache
