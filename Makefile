# The two commands a new user needs: `make demo` and `make test` (both create .venv/ on first use).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db

.PHONY: demo test lint bench clean serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[all]'
	touch $@

# torch (the `gpu` extra) is installed only from a local CPU wheel, if present in $(WHEELS); elsewhere the
# e5-torch tests skip with their reason.
WHEELS ?= /opt/wheels
TORCH_WHEEL := $(wildcard $(WHEELS)/torch-2.13.0+cpu-cp311-*.whl)

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	$(if $(TORCH_WHEEL),$(BIN)/pip install -q $(TORCH_WHEEL) tokenizers || true)
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/crosswire analyze examples/seeds --db $(DEMO_DB) --json demo.json
	@echo
	$(BIN)/crosswire stories --db $(DEMO_DB)
	@echo
	@echo "The whole result is in demo.json (schema: docs/json.md); the store is $(DEMO_DB)."
	@echo "One story side by side, contradictions first: $(BIN)/crosswire story STORY_ID --db $(DEMO_DB)"
	@echo "Open the web app on the analysed seeds:"
	@echo "    $(BIN)/crosswire serve --db $(DEMO_DB)     (or: make serve)"
	@echo "    then browse http://127.0.0.1:8000/"

test: $(VENV)/.dev-installed
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports  # the layers contract in pyproject.toml: no upward imports, no cycles

bench: $(VENV)/.dev-installed
	$(BIN)/python -m benchmarks.run_all

serve: $(VENV)/.installed
	$(BIN)/crosswire serve --db $(DEMO_DB)

clean:
	rm -rf $(VENV) *.egg-info src/*.egg-info .pytest_cache demo.db* demo.json
