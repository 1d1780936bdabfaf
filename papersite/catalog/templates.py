"""Catalog templates: the paper's (from Sphinx) and the interface's (from code and themes)."""

from __future__ import annotations

from pathlib import Path

import furo
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import write_po

from .jscatalog import javascript_messages

PACKAGE = Path(__file__).resolve().parent.parent  # papersite/: all our code
FURO_TEMPLATES = Path(furo.__file__).resolve().parent / "theme" / "furo"
JINJA = {"extensions": "jinja2.ext.i18n"}
# In our code, only our markers: Babel's default list also takes calls such as
# ``translations.gettext(variable)``. Templates keep the defaults ({% trans %}).
PYTHON_KEYWORDS = {"_": None, "N_": None}


def interface_sources(project_root: Path):
    """Where the words of the site's interface come from, with Babel's method for each."""
    yield PACKAGE, [("**.py", "python")], {}, PYTHON_KEYWORDS
    yield project_root / "_templates", [("**.html", "jinja2")], {"**.html": JINJA}, DEFAULT_KEYWORDS
    yield FURO_TEMPLATES, [("**.html", "jinja2")], {"**.html": JINJA}, DEFAULT_KEYWORDS


def interface_template(project_root: Path) -> Catalog:
    catalog = Catalog(project="papersite interface", fuzzy=False)
    for folder, methods, options, keywords in interface_sources(project_root):
        if not folder.is_dir():
            continue
        for filename, lineno, message, comments, context in extract_from_dir(folder, methods, options, keywords):
            if isinstance(message, str):
                catalog.add(message, context=context)
    # Sphinx's search page words, which its scripts take from sphinx.po too
    # (through the JavaScript catalog papersite.sphinxext.search builds).
    for message in javascript_messages():
        catalog.add(message)
    return catalog


def write_interface_template(project_root: Path, pot_dir: Path) -> Path:
    pot_dir.mkdir(parents=True, exist_ok=True)
    target = pot_dir / "sphinx.pot"
    with target.open("wb") as stream:
        write_po(stream, interface_template(project_root), omit_header=False, sort_output=True, width=0)
    return target
