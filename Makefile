# Two entry points, both safe to run on a fresh machine: they create .venv and install what is missing.
#   make build   writes output/navigator.{pdf,svg,png,json} from the default catalog
#   make test    runs the static checks, then the whole test suite, browser tests included (installs Debian's
#                chromium if missing)
# and, while working: make check   the static checks and the fast lane of tests (no slow or browser tests)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_GET ?= apt-get
# Another apt or dpkg holding its lock (unattended upgrades, another session's install) is waited for, up
# to 10 minutes, instead of failing at once: apt-get install waits by itself with DPkg::Lock::Timeout;
# apt-get update does not (apt 2.6 has no timeout for the lists lock), so it is retried while the lock
# is what stops it, and fails at once for anything else.
APT_WAIT := -o DPkg::Lock::Timeout=600
APT_RETRY_S ?= 10
APT_UPDATE = for i in $$(seq 60); do \
		if out=$$($(SUDO) $(APT_GET) $(APT_WAIT) update -qq 2>&1); then break; fi; \
		case "$$out" in *"Could not get lock"*) echo "waiting for another apt or dpkg to finish";; \
			*) echo "$$out" >&2; exit 1;; esac; \
		[ $$i = 60 ] && { echo "$$out" >&2; exit 1; }; sleep $(APT_RETRY_S); \
	done

.PHONY: build test check lint serve bench chromium apt-install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/navigator build

test: lint chromium
	$(BIN)/python -m pytest

# the fast lane: what can be checked in well under a minute (pyproject.toml's markers say what is left out)
check: lint
	$(BIN)/python -m pytest -m "not slow and not browser"

# static checks first, so a lint or type error fails in seconds rather than after the suite
lint: $(STAMP)
	$(BIN)/ruff check --quiet .
	$(BIN)/ruff format --check --quiet .
	$(BIN)/mypy

serve: $(STAMP)
	$(BIN)/navigator serve

bench: $(STAMP) chromium
	$(BIN)/python benchmarks/run.py

chromium:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		echo "installing Debian's chromium and chromium-driver for the browser tests"; \
		$(MAKE) --no-print-directory apt-install PACKAGES="chromium chromium-driver"; \
	fi

apt-install:  # PACKAGES from Debian
	@$(APT_UPDATE)
	@DEBIAN_FRONTEND=noninteractive $(SUDO) $(APT_GET) $(APT_WAIT) install -y -qq --no-install-recommends $(PACKAGES) >/dev/null

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
