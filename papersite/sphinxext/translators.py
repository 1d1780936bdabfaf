"""The ``translators`` directive: credits for this language, from its catalogs.

The build's compile step gathers them per paper (``papersite.catalog.credits``) into
``<locale_dir>/<lang>/stats.json``; this directive renders those of the paper
the page belongs to: real people and teams only (a template's placeholder names
nobody), and how the translation was made, or, for a paper below
``translation_threshold``, that it is still in English, its translation in
progress. The source language's page links to every translation's page instead.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util.docutils import SphinxDirective

from sphinx.errors import ConfigError

from papersite.catalog.stats import recorded_percent
from papersite.languages import site_languages
from papersite.notices import DEFAULT_THRESHOLD, IN_PROGRESS, is_translated, threshold_of, translation_notice

from .papers import paper_for

# "Name <address>": readers see the name; the address stays in the catalog for
# the maintainers (a raw address on a page only feeds spam harvesters).
EMAIL = re.compile(r"\s*<[^<>@\s]+@[^<>\s]+>")


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated where it is shown."""
    return message


# The words this project's catalogs use in their credits (the team's name, the
# description of the machine translator), so that each language shows them in
# its own words; the rest of a credit (names) is shown as written.
CREDIT_PHRASES = (N_("whitepaper translation team"), N_("AI model by Anthropic"))


def in_readers_words(value: str) -> str:
    for phrase in CREDIT_PHRASES:
        value = value.replace(phrase, _(phrase))
    return value


def without_addresses(values: list[str]) -> list[str]:
    return [EMAIL.sub("", value) for value in values]


def field(key: str, label: str, values: list[str]) -> nodes.Element:
    """A section of the page, headed by ``label``: the page's outline and the PDF's bookmarks list it.
    Its id (``key``) is the same in every language, so the language switcher keeps the place."""
    section = nodes.section(ids=[key], classes=["translator-credits"])
    # Already in the reader's language: not a message for Sphinx's i18n to look up
    # (it would mark the words untranslated, lang="en").
    section += nodes.title("", label, translatable=False)
    items = nodes.bullet_list()
    for value in values:
        items += nodes.list_item("", nodes.paragraph("", in_readers_words(value), translatable=False))
    section += items
    return section


class TranslatorsDirective(SphinxDirective):
    has_content = False

    def run(self):
        if self.config.language == self.config.site_languages[0]:
            return [self.translation_links()]
        stats = self.recorded_stats()
        paper = paper_for(self.env.srcdir, self.env.docname)
        slug = paper.slug if paper else ""
        credits = stats.get("credits", {}).get(slug, {})
        percent = recorded_percent(stats, slug) if stats else 0
        translated = is_translated(percent, self.config.translation_threshold)
        # The method in the reader's language, from X-Translation-Method. The
        # translators' own account (`# Translation method:`, in English, naming
        # files of the repository) stays in the catalog for the maintainers.
        notice = translation_notice(_, credits.get("method_keys", []))
        method = [" ".join(notice)] if len(notice) > 1 and translated else []
        # Labels are translated here, not at import: one worker builds several languages.
        sections = [
            ("language-team", _("Language team"), credits.get("teams", [])),
            ("translator-names", _("Translators"), without_addresses(credits.get("translators", []))),
            ("translation-method", _("How this translation was made"), method),
        ]
        found = [field(key, label, values) for key, label, values in sections if values]
        if not found:
            found = [nodes.paragraph("", _("No translators are recorded for this language yet."), translatable=False)]
        if not translated:  # not a translation yet: say so, whoever has begun it
            found.append(nodes.paragraph("", _(IN_PROGRESS).format(percent=percent), translatable=False,
                                         classes=["translation-in-progress"]))
        return found

    def recorded_stats(self) -> dict:
        for locale_dir in self.config.locale_dirs:
            # As Sphinx resolves locale_dirs: against the source folder (ours are absolute).
            path = Path(self.env.srcdir, locale_dir) / self.config.language / "stats.json"
            if path.is_file():
                self.env.note_dependency(str(path))
                return json.loads(path.read_text(encoding="utf-8"))
        return {}

    def translation_links(self) -> nodes.Element:
        items = nodes.bullet_list()
        languages = site_languages(self.config.site_languages, self.config.language_display_names)
        to_site_root = "../" * (self.env.docname.count("/") + 1)
        for language in languages[1:]:
            link = nodes.reference("", language.native_name,
                                   refuri=f"{to_site_root}{language.code}/{self.env.docname}.html")
            items += nodes.list_item("", nodes.paragraph("", "", link))
        return items


def check_threshold(app: Sphinx, config) -> None:
    try:
        threshold_of(config)
    except ValueError as error:
        raise ConfigError(str(error)) from None


def setup(app: Sphinx):
    # Below this percent of published messages, a paper is presented as English (papersite.notices).
    app.add_config_value("translation_threshold", DEFAULT_THRESHOLD, "env", types=[int])
    app.connect("config-inited", check_threshold)
    app.add_directive("translators", TranslatorsDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
