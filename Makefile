# kopienas: `make run` (the whole job on the sample workbook) and `make test` (the suite).
# Both create their own virtual environment in .venv on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench sample demo-gsheets clean schedule status

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# Exit code 1 means "some rows have problems", which the sample workbook has on purpose.
run: $(STAMP)
	$(BIN)/kopienas run || [ $$? -eq 1 ]

# Lint, format, types and the layer contracts first: a change that breaks them fails like a test.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n auto -p no:cacheprovider

# The scheduler in the foreground (Ctrl-C stops it after the job in progress).
schedule: $(STAMP)
	$(BIN)/kopienas schedule

status: $(STAMP)
	$(BIN)/kopienas status

# A few minutes on two cores; BENCH_ARGS="--quick" checks the harness in seconds,
# BENCH_ARGS="--markdown FILE" also writes the table as Markdown.
bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

# The whole job against a local Google Sheets API emulator (no credentials, no network).
demo-gsheets: $(STAMP)
	$(BIN)/python scripts/demo_gsheets.py

sample: $(STAMP)
	$(BIN)/python scripts/make_sample_workbook.py

clean:
	rm -rf $(VENV) out .pytest_cache .hypothesis build *.egg-info
