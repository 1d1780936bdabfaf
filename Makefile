# Thin wrappers over the project's one command line, `python -m papersite`.
# Every target first makes sure the machine has what it needs (tools/setup-machine):
# building needs fonts, gettext and the Python packages; the tests also need
# chromium, npm and poppler.

PY := .venv/bin/python
LANGS ?=
CLI := $(PY) -m papersite

.PHONY: setup setup-build site test update-po check-po stats serve bench clean

.venv/.installed-build: requirements.txt tools/setup-machine
	tools/setup-machine --build-only

.venv/.installed: requirements.txt tools/setup-machine tests/browser/package-lock.json
	tools/setup-machine

setup-build: .venv/.installed-build

setup: .venv/.installed

site: setup-build
	$(CLI) site --langs "$(LANGS)"

update-po: setup-build
	$(CLI) update-po --langs "$(LANGS)"

check-po: setup-build
	$(CLI) check-po --langs "$(LANGS)"

stats: setup-build
	$(CLI) stats --langs "$(LANGS)"

serve: setup-build
	$(CLI) serve

test: setup
	$(CLI) check-po
	$(PY) -m pytest

bench: setup
	$(PY) benchmarks/site_build.py
	$(PY) benchmarks/pdf_layout.py
	$(PY) benchmarks/lighthouse.py

clean:
	rm -rf _build
