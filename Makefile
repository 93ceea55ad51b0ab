# Two commands a learner needs:  `make lab`  and  `make test`.
# Both create .venv on first use and reinstall only when the requirements change.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab fresh test unit lint notebooks figures bench lecture slides clean

# A .venv whose pip does not run is half made (e.g. `python3 -m venv` failed for
# want of Debian's python3-venv): remove it and start again, so that installing
# the missing package and running make again is all it takes.  A folder this user cannot
# write (a read-only checkout) is named before that: venv would fail there too.
$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
	    || { echo "backprop notebooks needs Python 3.10 or newer (found: $$($(PYTHON) --version))"; exit 1; }
	@$(BIN)/python -m pip --version > /dev/null 2>&1 || { \
	    rm -rf $(VENV); \
	    { mkdir -p $(VENV) && [ -w $(VENV) ]; } 2>/dev/null || { \
	        echo "cannot create $(VENV): $(dir $(abspath $(VENV))) is not writable by you ($$(id -un))."; \
	        echo "Clone the repository into a folder you can write (git clone $(CURDIR) ~/backprop-notebooks)"; \
	        echo "or, if the folder is yours, make it writable: chmod u+w $(dir $(abspath $(VENV)))   then run make again."; \
	        exit 1; }; \
	    echo "creating $(VENV) with $$($(PYTHON) --version)"; \
	    $(PYTHON) -m venv $(VENV) && $(BIN)/python -m pip --version > /dev/null 2>&1 || { \
	        rm -rf $(VENV); \
	        echo "could not create a virtual environment with $(PYTHON) (its venv module or pip is missing)."; \
	        echo "On Debian or Ubuntu: sudo apt-get install python3-venv   then run make again."; \
	        exit 1; }; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# requirements.txt ends with `-e .`: this folder, installed editable
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

## Set up (first time only) and open JupyterLab on the series; Ctrl-C stops it
lab: $(STAMP)
	$(BIN)/python -m tools.lab $(if $(ARGS),-- $(ARGS))

## A fresh copy of one chapter in my-notebooks/, your old copy kept (e.g. make fresh CHAPTER=05)
# CHAPTER reaches the shell as an environment variable (make exports what is given on
# its command line), never as recipe text: whatever it holds stays one argument.  It is
# checked before anything is installed.
fresh:
	@case "$$CHAPTER" in \
	    "") echo "which chapter? e.g. make fresh CHAPTER=05"; exit 2 ;; \
	    *[!A-Za-z0-9_.-]*) printf '%s\n' "make fresh takes one chapter at a time, e.g. make fresh CHAPTER=05 (got: $$CHAPTER)"; exit 2 ;; \
	esac
	@$(MAKE) --no-print-directory $(STAMP)
	@$(BIN)/python -m tools.lab --fresh "$$CHAPTER"

## Set up (first time only) and run every test: unit, strict nbval, browser
test: $(STAMP)
	$(BIN)/python -m pytest

## Unit tests and strict nbval only (no browser)
unit: $(STAMP)
	$(BIN)/python -m pytest -m "not browser"

## Lint the code with ruff (rules and exceptions in pyproject.toml); CI runs it before the tests
lint: $(STAMP)
	$(BIN)/python -m ruff check .

## Rebuild notebooks/*.ipynb from notebooks/src/*.py, executed in fresh kernels
notebooks: $(STAMP)
	$(BIN)/python -m tools.build_notebooks

## Regenerate images/ from code
figures: $(STAMP)
	$(BIN)/python -m tools.make_figures

## Lecture view: one chapter's explorers as a page without code (e.g. make lecture CHAPTER=06)
lecture: $(STAMP)
	$(BIN)/python -m tools.lecture $(CHAPTER)

## Handouts: reveal.js slides of every chapter into build/slides (works offline)
slides: $(STAMP)
	$(BIN)/python -m tools.build_slides

## Browser latency benchmark of every widget (needs chromium)
bench: $(STAMP)
	$(BIN)/python benchmarks/widget_latency.py

clean:
	rm -rf $(VENV) build
