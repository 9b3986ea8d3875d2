# Two entry points, both safe to run on a fresh machine: they create .venv and install what is missing.
#   make build   writes output/navigator.{pdf,svg,png,json} from the default catalog
#   make test    runs the whole test suite, browser tests included (installs Debian's chromium if missing)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: build test serve bench chromium clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/navigator build

test: $(STAMP) chromium
	$(BIN)/python -m pytest

serve: $(STAMP)
	$(BIN)/navigator serve

bench: $(STAMP) chromium
	$(BIN)/python benchmarks/run.py

chromium:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		echo "installing Debian's chromium and chromium-driver for the browser tests"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; \
	fi

clean:
	rm -rf $(VENV) build dist .pytest_cache
