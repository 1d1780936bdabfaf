"""Run a script as Weblate's own Python would (tools/weblate/install): only the
standard library, this checkout's papersite, and the distributions
tools/weblate/requirements.txt names (with what they require) can be imported.
The merge driver runs there; a package of the project's .venv that slipped into
its imports fails here, as it fails in Weblate.

    python weblate_python.py SCRIPT ARGS...
"""

from __future__ import annotations

import importlib.abc
import importlib.metadata
import re
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT / "tools" / "weblate" / "requirements.txt"


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def required(names: list[str]) -> set[str]:
    """The distributions named, and those they require, as far as this environment has them."""
    found, waiting = set(), list(names)
    while waiting:
        name = normalized(waiting.pop())
        if name in found:
            continue
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        found.add(name)
        waiting += [re.match(r"[A-Za-z0-9_.-]+", line).group() for line in requires if "extra ==" not in line]
    return found


def refused_modules() -> set[str]:
    """The top-level modules of every installed distribution Weblate's environment lacks."""
    named = [re.match(r"[A-Za-z0-9_.-]+", line).group() for line in REQUIREMENTS.read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    distributions = required(named)
    return {module for module, owners in importlib.metadata.packages_distributions().items()
            if not any(normalized(owner) in distributions for owner in owners)}


class OnlyWeblatesPackages(importlib.abc.MetaPathFinder):
    def __init__(self, refused: set[str]):
        self.refused = refused

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in self.refused:
            raise ModuleNotFoundError(f"No module named {name!r} in Weblate's environment", name=name)
        return None  # the usual finders take it from here


if __name__ == "__main__":
    sys.meta_path.insert(0, OnlyWeblatesPackages(refused_modules()))
    script, sys.argv = sys.argv[1], sys.argv[1:]
    runpy.run_path(script, run_name="__main__")
