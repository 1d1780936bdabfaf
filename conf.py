"""Sphinx configuration for the library of whitepapers (site-wide settings only).

Kept declarative on purpose: sphinx-intl executes this file, so it must not have
side effects. Everything beyond stock Sphinx lives in ``papersite.sphinxext``.
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # so Sphinx finds the in-repo ``papersite`` package

# -- Project -------------------------------------------------------------------

# The library; each paper's own settings are in source/<slug>/paper.toml.
project = "OpenStack Whitepapers"
author = "OpenStack Foundation"
copyright = "2018, OpenStack Foundation"
language = "en"

# The source language first; the other directory names are the locale names.
site_languages = ["en", "de", "ja", "ko_KR", "id", "zh_CN"]
# Where the site is served: sitemap.xml and hreflang links are absolute URLs.
# CI sets SITE_URL to the GitHub Pages address; the default is `make serve`.
site_url = os.environ.get("SITE_URL", "http://127.0.0.1:8000/")
# Names come from CLDR through Babel; CLDR calls Indonesian "Indonesia", while
# readers look for "Bahasa Indonesia" in a language menu.
language_display_names = {"id": "Bahasa Indonesia"}

extensions = [
    "myst_parser",
    "papersite.sphinxext.papers",
    "papersite.sphinxext.links",
    "papersite.sphinxext.diagrams",
    "papersite.sphinxext.images",
    "papersite.sphinxext.linebreak",
    "papersite.sphinxext.numbering",
    "papersite.sphinxext.languages",
    "papersite.sphinxext.progress",
    "papersite.sphinxext.translators",
    "papersite.sphinxext.pdf",
    "papersite.sphinxext.cover",
    "papersite.sphinxext.style",
    "papersite.sphinxext.standards",
    "papersite.sphinxext.notfound",
    "papersite.sphinxext.redirects",
    "papersite.sphinxext.search",
    "papersite.sphinxext.untrusted",
]

root_doc = "index"
exclude_patterns = []
templates_path = [str(HERE / "_templates")]

# The paper's own typography is canonical (it already uses ’ “ ” where it wants
# them); smart quotes would rewrite the straight quotes it kept on purpose.
smartquotes = False

# -- MyST ----------------------------------------------------------------------

# deflist: CERN's workloads are named items with descriptions.
# attrs_block: the subtitle is a paragraph with a class, not a heading.
# colon_fence: directives whose body is Markdown (diagrams) read naturally.
myst_enable_extensions = ["deflist", "attrs_block", "colon_fence"]
myst_heading_anchors = 2

# Before the library, this paper's pages were <lang>/<document>.html: those
# addresses stay, as redirect pages to <lang>/<slug>/<document>.html.
former_root_paper = "leveraging-containers-and-openstack"

# -- Building ------------------------------------------------------------------

# Each language builds in a process of its own (papersite.workers), stopped with
# one line once it runs longer or needs more address space than this, while the
# other languages publish. Generous for honest input: a language builds in
# about a minute within 2 GiB; a translation that makes a build take half an
# hour or 8 GiB is an attack or a bug.
language_build_seconds = 1800
language_build_memory = 8 * 2**30

# -- Internationalisation ---------------------------------------------------------

# Absolute, because Sphinx resolves relative entries against the source folder
# and sphinx-intl against this file's folder. The build compiles catalogs into
# _build/ and points Sphinx there instead (see papersite.catalog.templates).
locale_dirs = [str(HERE / "locale")]
gettext_compact = False  # one catalog per document: LC_MESSAGES/<slug>/<document>.po
gettext_uuid = False
gettext_location = False  # line numbers would make every edit churn all catalogs
gettext_auto_build = False  # .mo files go to _build/, never into locale/
# The translators' terminology list; Chinese search indexes its terms whole.
terminology_list = str(HERE / "locale" / "{language}" / "glossary.md")
translation_progress_classes = True
# Below this percent of its messages translated, a paper is presented in a
# language as "in English, translation in progress" (cover, landing page,
# Translators page), not as a translation. Papersite's default; said here to be seen.
translation_threshold = 50

# -- HTML ----------------------------------------------------------------------

html_theme = "furo"
html_title = project


html_last_updated_fmt = None
# furo's default sidebar, plus the language switcher and PDF link under search.
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/languages.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/scroll-end.html",
    ]
}
html_copy_source = False  # the sources are Markdown with link keys, of no use to readers
html_show_sourcelink = False
