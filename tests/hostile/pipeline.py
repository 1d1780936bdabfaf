"""Bytes of a catalog, through everything the build does with them, with the
properties every input must keep. Shared by the hostile corpus tests
(``test_corpus.py``) and the coverage-guided fuzzer (``tools/fuzz_catalog.py``).

One input is one ``.po`` file. Its first line may choose where it goes:
``# papersite-fuzz: <language> <domain>`` (a seed says so; a mutated one
keeps a language and a domain of the project). Then:

1. the one reader reads it (a ``CatalogError`` naming the file is a fine outcome);
2. the verdicts check-po reports and compile publishes by are computed, with the
   header checks and the terminology warnings;
3. compile writes the ``.mo``; read back by Python's gettext, as Sphinx reads it, it
   must publish exactly the messages the verdict publishes (check == build);
4. the published messages are rendered as one page (MyST + docutils, the build's
   parser) that must hold no element or link target the English page lacks, and
   printed as one PDF page by WeasyPrint, which must not warn (a glyph it cannot draw);
5. no step may raise anything else, and the whole input stays within its time bound.
"""

from __future__ import annotations

import gettext
import io
import logging
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from papersite.catalog.header import header_problems
from papersite.catalog.judge import language_rules
from papersite.catalog.jscatalog import javascript_catalog
from papersite.catalog.published import Published, mo_bytes, babel_catalog, write_published
from papersite.catalog.reader import CatalogError, read_catalog
from papersite.catalog.terminology import terminology_warnings
from papersite.catalog.glossary import parse_glossary, read_glossary_text, GlossaryError
from papersite.catalog.verdict import REJECTED, judge_language, is_interface
from papersite.project import ROOT, Project

LANGUAGES = ("de", "ja", "ko_KR", "id", "zh_CN")
DOMAINS = ("sphinx", "index", "leveraging-containers-and-openstack/conclusion",
           "leveraging-containers-and-openstack/project-index")
DIRECTIVE = b"# papersite-fuzz:"
# CPU seconds one input may take in this process (wall time depends on the machine's
# load); an honest catalog, page and PDF page take about two.
TIME_BOUND = 20.0


class PropertyViolation(AssertionError):
    """An input broke a property: the fuzzer reports it as a crash."""


@dataclass
class Outcome:
    language: str
    domain: str
    error: str = ""  # the reader's one line, when the file is refused
    published: int = 0
    rejected: int = 0
    seconds: float = 0.0
    reasons: list[str] = field(default_factory=list)
    header: list[tuple[int, str]] = field(default_factory=list)  # check-po's header problems: (line, reason)


def placement(data: bytes) -> tuple[str, str]:
    first = data.split(b"\n", 1)[0]
    if first.startswith(DIRECTIVE):
        words = first[len(DIRECTIVE):].decode("ascii", "replace").split()
        if len(words) == 2 and words[0] in LANGUAGES and words[1] in DOMAINS:
            return words[0], words[1]
    return LANGUAGES[sum(data[:64]) % len(LANGUAGES)], DOMAINS[len(data) % len(DOMAINS)]


class Markup(HTMLParser):
    """Every element and attribute of an HTML fragment, and where its links point."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: set[str] = set()
        self.targets: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.found.add(tag)
        self.found |= {f"{tag}[{name}]" for name, _ in attrs}
        self.targets |= {value for name, value in attrs if name in ("href", "src", "srcset", "content", "action")}

    def handle_comment(self, data):
        self.found.add("<!--comment-->")


class Pipeline:
    """A copy of the project to write inputs into; set up once, run per input."""

    def __init__(self, render_pdf: bool = True):
        self.folder = Path(tempfile.mkdtemp(prefix="papersite-fuzz-"))
        for part in ("conf.py", "source", "_templates"):
            source = ROOT / part
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, self.folder / part)
        (self.folder / "locale").mkdir()
        self.project = Project(root=self.folder)
        self.render_pdf = render_pdf
        self.rules = {}
        self.terms = {language: self.glossary(language) for language in LANGUAGES}
        self.links = self.project.papers[0].link_targets

    def glossary(self, language: str):
        try:
            return parse_glossary(read_glossary_text(ROOT / "locale" / language / "glossary.md"))
        except GlossaryError:
            return []

    def rules_for(self, language: str):
        if language not in self.rules:
            self.rules[language] = language_rules(Project(root=ROOT), language)
        return self.rules[language]

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def run(self, data: bytes) -> Outcome:
        started = time.process_time()
        language, domain = placement(data)
        outcome = Outcome(language, domain)
        path = self.project.catalog_folder(language) / f"{domain}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        try:
            catalog = read_catalog(path, language)
        except CatalogError as error:
            if "\n" in str(error) or not str(error).startswith(str(path)):
                raise PropertyViolation(f"the reader's error is not one line naming the file: {error!r}")
            outcome.error = str(error)
            outcome.seconds = self.within_bound(started)
            return outcome
        rules = self.rules_for(language)
        verdicts = judge_language({domain: catalog}, rules)[domain]
        outcome.header = [(problem.line, problem.reason) for problem in header_problems(catalog)]
        if not is_interface(domain):
            terminology_warnings(catalog.live, self.terms[language])
        published = [verdict.message for verdict in verdicts if verdict.published]
        outcome.published = len(published)
        outcome.rejected = sum(verdict.state == REJECTED for verdict in verdicts)
        outcome.reasons = [reason for verdict in verdicts for reason in verdict.reasons]
        self.check_build_equals_check(language, domain, verdicts, published)
        if published and not is_interface(domain):
            self.render(language, published)
        outcome.seconds = self.within_bound(started)
        return outcome

    @staticmethod
    def within_bound(started: float) -> float:
        seconds = time.process_time() - started
        if seconds > TIME_BOUND:
            raise PropertyViolation(f"the input took {seconds:.1f} CPU seconds, more than {TIME_BOUND}")
        return seconds

    def check_build_equals_check(self, language, domain, verdicts, published) -> None:
        """What Sphinx will read (our .mo, through Python's gettext) is exactly what the verdict publishes."""
        translations = gettext.GNUTranslations(io.BytesIO(mo_bytes(babel_catalog(language, published))))
        for verdict in verdicts:
            message = verdict.message
            if message.plural:
                shown = tuple(translations.npgettext(message.msgctxt, message.msgid, message.msgid_plural, n)
                              if message.msgctxt is not None else translations.ngettext(message.msgid, message.msgid_plural, n)
                              for n in range(len(message.strings)))
                expected = tuple(message.strings) if verdict.published else None
                if verdict.published and not set(shown) <= set(message.strings):
                    raise PropertyViolation(f"published plural {message.msgid!r} reads back as {shown!r}")
                if not verdict.published and set(shown) - {message.msgid, message.msgid_plural}:
                    raise PropertyViolation(f"unpublished plural {message.msgid!r} reads back as {shown!r}")
                continue
            shown = (translations.pgettext(message.msgctxt, message.msgid) if message.msgctxt is not None
                     else translations.gettext(message.msgid))
            expected = message.strings[0] if verdict.published else message.msgid
            if shown != expected:
                raise PropertyViolation(f"{message.msgid[:40]!r}: the build shows {shown[:40]!r}, the verdict says {expected[:40]!r}")
        with tempfile.TemporaryDirectory() as folder:
            write_published(Path(folder) / language, {domain: published})
            again = Published.load(Path(folder), language)
            for message in published:
                if not message.plural and message.msgctxt is None and again.gettext(domain, message.msgid) != message.strings[0]:
                    raise PropertyViolation(f"published.json differs from the .mo for {message.msgid[:40]!r}")
        if is_interface(domain):
            catalog = javascript_catalog(language, again.domain(domain) if published else {}, {})
            if not catalog["plural_expr"].startswith("Number(") or "\n" in catalog["plural_expr"]:
                raise PropertyViolation(f"plural_expr {catalog['plural_expr']!r}")

    def render(self, language: str, published) -> None:
        """The published messages as one page and one PDF page."""
        english = "\n\n".join(message.msgid for message in published[:20])
        translated = "\n\n".join(message.strings[0] for message in published[:20])
        reference, page = rendered(english, self.links), rendered(translated, self.links)
        if not page.found <= reference.found | {"p"} or not page.targets <= reference.targets:
            raise PropertyViolation(f"the page holds markup the English lacks: {page.found - reference.found}, "
                                    f"{page.targets - reference.targets}")
        if self.render_pdf:
            warnings = pdf_warnings(language, page.html)
            if warnings:
                raise PropertyViolation(f"WeasyPrint warned: {warnings[:2]}")


def link_role_for(links: dict):
    from docutils import nodes

    from papersite.sphinxext.links import LINK_SYNTAX

    def link_role(name, rawtext, text, lineno, inliner, options=None, content=None):
        match = LINK_SYNTAX.match(text)
        if match is None or match["key"] not in links:
            message = inliner.reporter.error(f"bad link {text!r}", line=lineno)
            return [inliner.problematic(rawtext, rawtext, message)], [message]
        return [nodes.reference(rawtext, match["words"], refuri=links[match["key"]])], []
    return link_role


def rendered(text: str, links: dict) -> Markup:
    from docutils.core import publish_parts
    from docutils.parsers.rst import roles
    from myst_parser.parsers.docutils_ import Parser as MystParser
    from sphinx.util.docutils import docutils_namespace

    from papersite.catalog.markup import build_settings

    with docutils_namespace():
        roles.register_local_role("link", link_role_for(links))
        overrides = {"myst_enable_extensions": build_settings().enable_extensions, "file_insertion_enabled": False,
                     "report_level": 5, "halt_level": 5, "output_encoding": "unicode"}
        body = publish_parts(text, parser=MystParser(), writer="html5", settings_overrides=overrides)["body"]
    markup = Markup()
    markup.feed(body)
    markup.html = body
    return markup


def pdf_warnings(language: str, body: str) -> list[str]:
    from papersite.catalog.fonts import PRINT_CSS
    from papersite.sphinxext.pdfrender import weasyprint_warnings
    from weasyprint import CSS, HTML

    tag = language.replace("_", "-")
    document = f'<html lang="{tag}"><body><main class="paper">{body}</main></body></html>'
    with weasyprint_warnings() as warnings:
        HTML(string=document).write_pdf(stylesheets=[CSS(filename=str(PRINT_CSS))])
    return [warning for warning in warnings if "glyph" in warning or "font" in warning.lower()]


logging.getLogger("weasyprint").setLevel(logging.ERROR)
