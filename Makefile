# Two commands a learner needs:  `make lab`  and  `make test`.
# Both create .venv on first use and reinstall only when the requirements change.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test unit notebooks figures bench lecture slides clean

$(STAMP): requirements.txt pyproject.toml tools/jupyterlab/overrides.json
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
	    || { echo "backprop notebooks needs Python 3.10 or newer (found: $$($(PYTHON) --version))"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	@# the series works offline: JupyterLab should not ask to fetch news or check for updates
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp tools/jupyterlab/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $(STAMP)

## Set up (first time only) and open JupyterLab on the series
lab: $(STAMP)
	@# our own notebooks, built by tools/build_notebooks.py: trusting them lets
	@# JupyterLab show their stored SVG figures before any cell is run
	$(BIN)/jupyter trust notebooks/*.ipynb notebooks/solutions/*.ipynb > /dev/null
	$(BIN)/jupyter lab notebooks/00_start_here.ipynb

## Set up (first time only) and run every test: unit, strict nbval, browser
test: $(STAMP)
	$(BIN)/python -m pytest

## Unit tests and strict nbval only (no browser)
unit: $(STAMP)
	$(BIN)/python -m pytest -m "not browser"

## Rebuild notebooks/*.ipynb from notebooks/src/*.py, executed in fresh kernels
notebooks: $(STAMP)
	$(BIN)/python tools/build_notebooks.py

## Regenerate images/ from code
figures: $(STAMP)
	$(BIN)/python tools/make_figures.py

## Lecture view: one chapter's explorers as a page without code (e.g. make lecture CHAPTER=06)
lecture: $(STAMP)
	$(BIN)/python tools/lecture.py $(CHAPTER)

## Handouts: reveal.js slides of every chapter into build/slides (works offline)
slides: $(STAMP)
	$(BIN)/python tools/build_slides.py

## Browser latency benchmark of every widget (needs chromium)
bench: $(STAMP)
	$(BIN)/python benchmarks/widget_latency.py

clean:
	rm -rf $(VENV) build
