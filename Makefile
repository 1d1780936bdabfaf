# Thin wrappers over the project's one command line, `python -m papersite`.
# Every target first makes sure the machine has what it needs (tools/setup-machine).

PY := .venv/bin/python
LANGS ?=
CLI := $(PY) -m papersite

.PHONY: setup site test update-po check-po stats serve bench clean

.venv/.installed: requirements.txt tools/setup-machine tests/browser/package-lock.json
	tools/setup-machine

setup: .venv/.installed

site: setup
	$(CLI) site --langs "$(LANGS)"

update-po: setup
	$(CLI) update-po --langs "$(LANGS)"

check-po: setup
	$(CLI) check-po --langs "$(LANGS)"

stats: setup
	$(CLI) stats --langs "$(LANGS)"

serve: setup
	$(CLI) serve

test: setup
	$(CLI) check-po
	$(PY) -m pytest

bench: setup
	$(PY) benchmarks/site_build.py

clean:
	rm -rf _build
