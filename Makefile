# Thin wrappers over the project's one command line, `python -m papersite`.
# Every target first makes sure the machine has what it needs (tools/setup-machine):
# building needs fonts, gettext and the Python packages; the tests also need
# chromium, npm and poppler.

PY := .venv/bin/python
LANGS ?=
CLI := $(PY) -m papersite

.PHONY: setup setup-build site test test-shapes weblate-test update-po check-po stats serve preview bench fuzz clean

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
	$(CLI) serve --langs "$(LANGS)"

test: setup
	$(CLI) check-po
	$(PY) -m pytest

# Coverage-guided fuzzing of the catalog reader, checks, compile and rendering
# (atheris); FUZZ="-max_total_time=600" for a shorter run. Findings go to _build/fuzz/.
fuzz: setup
	$(PY) tools/fuzz_catalog.py $(FUZZ)

# The suite again, in a copy of the repository with papers of two other shapes (tests/test_any_shape.py).
test-shapes: setup
	PAPERSITE_SHAPES=1 $(PY) -m pytest tests/test_any_shape.py

preview: setup-build
	$(CLI) preview --base "$(BASE)"

# The Weblate round trip (tests/weblate/): PostgreSQL, Redis and Weblate in its
# own venv (tools/weblate/install, idempotent), started and stopped by the test.
# One process, in file order: the tests are one translation season.
weblate-test: setup
	tools/weblate/install
	PAPERSITE_WEBLATE=1 $(PY) -m pytest -o addopts=-ra -p no:xdist -p no:cacheprovider tests/weblate

# Every benchmark runs and prints its numbers; the target fails if any goal is missed.
bench: setup
	status=0; for name in site_build live_preview pdf_layout lighthouse; do \
		$(PY) benchmarks/$$name.py || status=1; done; exit $$status

clean:
	rm -rf _build
