# Two commands for a fresh machine: `make run` and `make test`. Everything they need is installed from here.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint format bench bench-load bench-10m bench-attributes eval system-deps system-deps-test postgres demo translations clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

system-deps:
	bash scripts/system-deps.sh run

system-deps-test:
	bash scripts/system-deps.sh test

postgres:
	bash scripts/ensure-postgres.sh

run: $(VENV)/.installed system-deps
	$(PY) -m nps setup --demo
	$(VENV)/bin/streamlit run server.py --server.port $(PORT)

test: $(VENV)/.installed-dev system-deps-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest -n 2 --dist loadgroup

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(VENV)/.installed-dev system-deps-test postgres
	$(PY) -m bench.run

bench-load: $(VENV)/.installed-dev system-deps-test postgres
	$(PY) -m bench.load

bench-attributes: $(VENV)/.installed-dev postgres
	$(PY) -m bench.attributes

bench-10m: $(VENV)/.installed-dev system-deps postgres
	$(PY) -m bench.run --rows 10000000 --postgres-only --runs 1 --no-analysis --no-browser

eval: $(VENV)/.installed
	$(PY) -m bench.text_eval

# After adding or changing interface text: refresh the template and each language's catalogue, then translate
# the new entries in nps/locale/*/LC_MESSAGES/messages.po (tests/unit/test_translations.py lists what is missing).
translations: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg --no-location --sort-output --no-wrap --project "NPS dashboard" \
		-o nps/locale/messages.pot .
	$(VENV)/bin/pybabel update -i nps/locale/messages.pot -d nps/locale --no-fuzzy-matching --ignore-obsolete --no-wrap

demo: $(VENV)/.installed
	$(PY) -m nps demo

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
