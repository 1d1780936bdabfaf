#!/usr/bin/env python3
"""Coverage-guided fuzzing of everything that reads a translator's catalog (``make fuzz``).

Each input is a catalog's bytes, run through ``tests/hostile/pipeline.py``: the one
reader, the verdicts of check-po and compile, the compiled ``.mo`` read back as
Sphinx reads it, one rendered page and one PDF page. Any exception other than
the reader's one-line refusal, any property broken (check-po's verdict against
what the build publishes, markup the English lacks, a WeasyPrint warning) and
any input slower than its bound is a finding: libFuzzer writes it to
``_build/fuzz/crash-*`` (or ``timeout-*``), and it belongs in
``tests/hostile/corpus/`` as a regression test.

The corpus starts from ``tests/hostile/corpus/`` (copied into ``_build/fuzz/corpus``,
which keeps what the fuzzer adds). Arguments are libFuzzer's, e.g.
``-max_total_time=3600`` (the default here) or ``-runs=1000``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEEDS = ROOT / "tests" / "hostile" / "corpus"
WORK = ROOT / "_build" / "fuzz"

with atheris.instrument_imports(include=["papersite", "polib", "babel.messages"]):
    from papersite.catalog import checks, glossary, header, limits, markup, placeholders, reader, spacing  # noqa: F401
    from papersite.catalog import terminology, verdict  # noqa: F401

from tests.hostile.pipeline import TIME_BOUND, Pipeline  # noqa: E402

PIPELINE: Pipeline | None = None


def test_one_input(data: bytes) -> None:
    PIPELINE.run(data)


def corpus_folder() -> Path:
    corpus = WORK / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS.glob("*.po"):
        if not (corpus / seed.name).exists():
            shutil.copy2(seed, corpus / seed.name)
    return corpus


def main() -> None:
    global PIPELINE
    arguments = sys.argv[1:]
    if not any(argument.startswith("-max_total_time") or argument.startswith("-runs") for argument in arguments):
        arguments.append("-max_total_time=3600")
    positional = [argument for argument in arguments if not argument.startswith("-")]
    options = [argument for argument in arguments if argument.startswith("-")]
    defaults = [f"-timeout={int(TIME_BOUND * 3)}", "-rss_limit_mb=6144", f"-artifact_prefix={WORK}/", "-max_len=65536",
                f"-dict={Path(__file__).with_name('fuzz_catalog.dict')}"]
    options += [default for default in defaults if not any(option.startswith(default.split("=")[0] + "=") for option in options)]
    PIPELINE = Pipeline()
    try:
        atheris.Setup([sys.argv[0], *options, *(positional or [str(corpus_folder())])], test_one_input)
        atheris.Fuzz()
    finally:
        PIPELINE.close()


if __name__ == "__main__":
    main()
