# Two commands for a fresh clone (only Python >= 3.11 needed):
#   make play   - set up an isolated environment in .venv and start the game
#   make test   - set up the same environment with test tools and run every check
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: play test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

play: $(VENV)/.installed
	$(BIN)/python main.py $(ARGS)

test: $(VENV)/.installed-dev
	$(BIN)/ruff check game tests bench main.py
	$(BIN)/ruff format --check game tests bench main.py
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed
	$(BIN)/python bench/run.py
	$(BIN)/python bench/startup.py

clean:
	rm -rf $(VENV)
