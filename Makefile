# kopienas: `make run` (the whole job on the sample workbook) and `make test` (the suite).
# Both create their own virtual environment in .venv on first use, from the lock files: exactly
# the versions (and file hashes) in requirements.lock (run) and requirements-test.lock (tests).
# After changing dependencies in pyproject.toml (or merging someone who did): `make lock`.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LOCK      := requirements.lock
TEST_LOCK := requirements-test.lock
STAMP      := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
UV     := $(BIN)/uv pip
UV_VERSION := 0.13.9
# A date inside the sample's data, so the first summary has content (empty: the real today).
DEMO_DATE ?= 2020-10-05

.PHONY: run test test-fast bench sample demo-gsheets clean schedule status lock lock-upgrade doctor system-tools dist
# Programs some tests run (the phone rendering of the summary, the logrotate rules, a run as root
# bound by file permissions), installed with apt-get when missing (as root, or through sudo);
# nothing happens when they are there.
SYSTEM_TOOLS := logrotate chromium setpriv

# uv installs from the lock in seconds and shows each package; pip only brings uv itself.
# Bytecode is compiled at install, so the first runs do not pay for it.
$(BIN)/uv:
	@echo "== creating $(VENV) and installing the installer (uv)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar on uv==$(UV_VERSION)

$(STAMP): $(LOCK) pyproject.toml | $(BIN)/uv
	@echo "== installing kopienas and the pinned, hash-checked dependencies of $(LOCK)"
	$(UV) install --python $(BIN)/python --require-hashes --no-deps --compile-bytecode -r $(LOCK)
	$(UV) install --python $(BIN)/python --no-deps --compile-bytecode -e .
	$(BIN)/python -m compileall -q kopienas  # the editable package's own modules too
	touch $(STAMP)

$(TEST_STAMP): $(TEST_LOCK) $(STAMP)
	@echo "== installing the test tools of $(TEST_LOCK)"
	$(UV) install --python $(BIN)/python --require-hashes --no-deps --compile-bytecode -r $(TEST_LOCK)
	touch $(TEST_STAMP)

# Exit code 1 means "some rows have problems", which the sample workbook has on purpose.
run: $(STAMP)
	@echo "== demo date: KOPIENAS_TODAY=$(DEMO_DATE) (inside the sample's data: the summary is for the week before it; make run DEMO_DATE= for today)"
	KOPIENAS_TODAY=$(DEMO_DATE) $(BIN)/kopienas run || [ $$? -eq 1 ]
	@echo "== open next: out/outbox/index.html (the mails, in a browser), out/drafts/ (the press drafts),"
	@echo "   out/aktivitates.xlsx (the workbook with each row's verdict); the guides are in docs/"

# The whole setup checked, changing nothing.
doctor: $(STAMP)
	KOPIENAS_TODAY=$(DEMO_DATE) $(BIN)/kopienas doctor

# Regenerate both lock files from pyproject.toml, keeping every pin that still fits (run it after
# adding a dependency or merging; lock-upgrade moves everything to the newest versions).
lock: | $(BIN)/uv
	$(UV) compile pyproject.toml --extra test --universal --python-version 3.11 --generate-hashes \
		--custom-compile-command "make lock" --quiet -o $(TEST_LOCK) $(LOCK_ARGS)
	$(UV) compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
		--custom-compile-command "make lock" --quiet -c $(TEST_LOCK) -o $(LOCK) $(LOCK_ARGS)

lock-upgrade:
	$(MAKE) lock LOCK_ARGS=--upgrade

system-tools:
	@missing=""; for tool in $(SYSTEM_TOOLS); do \
		PATH="$$PATH:/usr/sbin:/sbin" command -v $$tool >/dev/null 2>&1 || missing="$$missing $$tool"; done; \
	if [ -n "$$missing" ]; then \
		echo "== installing the system tools the tests use:$$missing"; \
		sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# Lint, format, types and the layer contracts first: a change that breaks them fails like a test.
test: $(TEST_STAMP) system-tools
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n auto -p no:cacheprovider

# The quick loop while working: lint and every test not marked `slow` (`make test` runs them all).
test-fast: $(TEST_STAMP)
	$(BIN)/ruff check .
	@start=$$(date +%s); $(BIN)/python -m pytest -n auto -p no:cacheprovider -m "not slow"; status=$$?; \
		echo "== the fast part took $$(( $$(date +%s) - start )) s"; exit $$status

# The scheduler in the foreground (Ctrl-C stops it after the job in progress).
schedule: $(STAMP)
	$(BIN)/kopienas schedule

status: $(STAMP)
	$(BIN)/kopienas status

# A few minutes on two cores; BENCH_ARGS="--quick" checks the harness in seconds,
# BENCH_ARGS="--markdown FILE" also writes the table as Markdown.
bench: $(TEST_STAMP)
	$(BIN)/python -m compileall -q kopienas bench  # measured as installed: edited modules compiled first
	$(BIN)/python -m bench $(BENCH_ARGS)

# The whole job against a local Google Sheets API emulator (no credentials, no network).
demo-gsheets: $(TEST_STAMP)
	$(BIN)/python scripts/demo_gsheets.py

# What a server needs, without the repository (docs/operator.md, step 1): the wheel, the lock and
# the deployment files, in dist/.
dist: $(STAMP)
	rm -rf dist && mkdir -p dist
	$(BIN)/python -m pip wheel --no-deps --disable-pip-version-check -w dist .
	cp $(LOCK) dist/requirements.lock
	cp -r deploy dist/deploy
	rm -rf build kopienas.egg-info

sample: $(TEST_STAMP)
	$(BIN)/python scripts/make_sample_workbook.py

clean:
	rm -rf $(VENV) out dist .pytest_cache .hypothesis build *.egg-info
