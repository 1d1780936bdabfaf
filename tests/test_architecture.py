"""Issue 16: the trust boundary is in the package's layout, and the layout is checked.

Only ``papersite.catalog`` may import what parses a catalog (polib, Babel's
catalog readers and writers, Python's gettext): everything else gets the
catalog's model or what compile wrote from it. import-linter checks every module
of the package outside ``catalog`` (found here, so a new module is covered the
day it is added); Babel's ``Locale`` for language names is the one exception.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import papersite
from papersite.project import ROOT

FORBIDDEN = ("polib", "babel", "gettext")
# Language names from CLDR: Babel's Locale reads no catalog.
ALLOWED = ("papersite.languages -> babel",)


def outside_the_boundary() -> list[str]:
    names = [f"papersite.{info.name}" for info in pkgutil.iter_modules(papersite.__path__)]
    return sorted(name for name in names if name != "papersite.catalog")


def contract(modules: list[str]) -> str:
    lines = ["[importlinter]", "root_package = papersite", "include_external_packages = True", "",
             "[importlinter:contract:boundary]", "name = Only papersite.catalog reads catalogs", "type = forbidden",
             "source_modules =", *(f"    {name}" for name in modules),
             "forbidden_modules =", *(f"    {name}" for name in FORBIDDEN),
             "ignore_imports =", *(f"    {rule}" for rule in ALLOWED),
             # Sphinx itself uses gettext; only our own imports are the boundary's business.
             "allow_indirect_imports = True"]
    return "\n".join(lines) + "\n"


def lint(tmp_path: Path, modules: list[str]) -> subprocess.CompletedProcess:
    config = tmp_path / "importlinter.ini"
    config.write_text(contract(modules), encoding="utf-8")
    command = [str(Path(sys.executable).with_name("lint-imports")), "--config", str(config), "--no-cache"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_nothing_outside_the_catalog_package_reads_a_catalog(tmp_path):
    modules = outside_the_boundary()
    assert "papersite.sphinxext" in modules and "papersite.landing" in modules
    result = lint(tmp_path, modules)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_the_check_fails_on_a_module_that_would_read_one(tmp_path):
    """The contract is not vacuous: the catalog package itself breaks it."""
    result = lint(tmp_path, ["papersite.catalog"])
    assert result.returncode == 1
    assert "papersite.catalog.reader -> polib" in result.stdout
