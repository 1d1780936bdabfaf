"""What the sources ask of a catalog, known to check-po and compile alike.

* Glossary terms: all papers are one Sphinx project per language, so a term is
  site-wide, and two terms with the same text are Sphinx's fatal
  duplicate-term warning. Which messages are terms is read from the sources'
  ``{glossary}`` directives (a term is each unindented line of one), per
  catalog domain (``<slug>/<document>``).
* Contexts: Sphinx asks for a document's messages without a ``msgctxt``; the
  interface asks for the contexts its template has (none today). A message
  with any other context would never be shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .markup import build_settings

INTERFACE_DOMAIN = "sphinx"
GLOSSARY_DIRECTIVES = ("{glossary}",)


@dataclass(frozen=True)
class SourceFacts:
    terms: dict[str, frozenset[str]] = field(default_factory=dict)  # domain -> msgids that are glossary terms

    def is_term(self, domain: str, msgid: str) -> bool:
        return msgid in self.terms.get(domain, frozenset())


def glossary_term_lines(content: str) -> list[str]:
    """The terms of one glossary directive's body: its unindented lines, options aside."""
    terms = []
    for line in content.split("\n"):
        if line and not line[0].isspace() and not line.startswith(":"):
            terms.append(line.strip())
    return terms


def document_terms(text: str) -> frozenset[str]:
    from markdown_it.renderer import RendererHTML
    from myst_parser.parsers.mdit import create_md_parser

    parser = create_md_parser(build_settings(), RendererHTML)
    terms: set[str] = set()
    for token in parser.parse(text):
        if token.type in ("fence", "colon_fence") and token.info.strip().split(" ")[0] in GLOSSARY_DIRECTIVES:
            terms.update(glossary_term_lines(token.content))
    return frozenset(terms)


def source_facts(source: Path) -> SourceFacts:
    terms = {}
    for path in sorted(source.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "glossary}" in text:
            found = document_terms(text)
            if found:
                terms[path.relative_to(source).with_suffix("").as_posix()] = found
    return SourceFacts(terms)


@lru_cache(maxsize=1)
def interface_contexts() -> frozenset[str]:
    """The contexts the interface's template asks for (extracted once, only when a catalog has one)."""
    from .templates import interface_template

    root = Path(__file__).resolve().parent.parent.parent
    return frozenset(message.context for message in interface_template(root) if message.context)


def asked_contexts(domain: str) -> frozenset[str]:
    return interface_contexts() if domain == INTERFACE_DOMAIN else frozenset()
