# The two commands a new user needs are `make demo` and `make test`; both create .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: venv demo test lint check clean messages lock soak

venv: $(STAMP)

# Exactly the versions and files of requirements/lock.txt (every file's hash checked), then Kembar itself.
# After a change of the dependencies in pyproject.toml: `make lock`.
$(STAMP): pyproject.toml requirements/lock.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

lock: $(STAMP)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --no-emit-index-url --no-emit-find-links --strip-extras \
		--extra dev --extra production --output-file requirements/lock.txt pyproject.toml

# The demo's links (emails, the printed login address) point where it serves, unless KEMBAR_SITE_URL says.
demo: export KEMBAR_SITE_URL ?= http://$(HOST)
demo: $(STAMP)
	$(BIN)/kembar migrate --no-input
	$(BIN)/kembar demo
	$(BIN)/kembar runserver $(HOST)

# One test process per core (pytest-xdist, docs/adr/0044); each module's tests stay in one process.
test: $(STAMP)
	$(BIN)/pytest -n auto --dist loadscope

# Many users browsing and writing on gunicorn + PostgreSQL + a task worker for 5 minutes, then every acknowledged
# write looked up (benchmarks/soak/run.py). SOAK_ARGS="--restart-db-at 120" stops PostgreSQL in the middle
# (root only; it restarts the whole cluster). Numbers: benchmarks/results.md.
soak: $(STAMP)
	$(BIN)/python benchmarks/soak/run.py $(SOAK_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/kembar makemigrations --check --dry-run

messages: $(STAMP)
	$(BIN)/kembar makemessages -l id -l en --no-obsolete --ignore=.venv --ignore=var --ignore=benchmarks --ignore=e2e
	$(BIN)/kembar compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var
