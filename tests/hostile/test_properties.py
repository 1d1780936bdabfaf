"""Issue 9: property-based tests of the translation check, with Hypothesis.

Translations are generated from fragments of MyST and HTML an attacker would try.
Whatever they are, the check never crashes; and whatever it accepts renders, with
myst-parser and the project's settings, to HTML that holds no element, attribute
or link target that the English message's HTML does not have. Derandomized and
database-less, so CI sees the same examples on every run.
"""

from __future__ import annotations

import re
import tomllib

from docutils import nodes
from docutils.core import publish_parts
from docutils.parsers.rst import roles
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from myst_parser.parsers.docutils_ import Parser as MystParser
from sphinx.util.docutils import docutils_namespace

from papersite.catalog.markup import build_settings
from papersite.project import ROOT
from papersite.catalog.checks import message_problems
from papersite.sphinxext.links import LINK_SYNTAX

from ..conftest import FIRST_PAPER
from .pipeline import Markup

SOURCE = "Container technologies like {link}`Docker <docker>` and {link}`Kubernetes <kubernetes>` are here."
INTERFACE_SOURCE = 'Made with <a href="https://www.sphinx-doc.org/">Sphinx</a> and {percent}%'
LINK_TARGETS = tomllib.loads((ROOT / "source" / FIRST_PAPER / "links.toml").read_text(encoding="utf-8"))

FRAGMENTS = [
    # words, spacing and the source's own links, in any order
    "Wort", "Wörter ", " ", "\n", "\n\n", "    ", "{link}`Docker <docker>`", "{link}`Kubernetes <kubernetes>`",
    "{link}`Hier <openstack>`", "{link}`x <https://evil.example>`", "{link}`x`", "{percent}", "%(path)s",
    # inline and block markup
    "*", "**", "_", "`", "``", "\\", "  \n", "# ", "- ", "1. ", "> ", "+++", "% c", "---\n", "|a|b|\n|-|-|\n",
    "{#id .c}\n", "(target)=\n", "[^1]", "[^1]: note", "$x$", "{{ x }}", "Term\n: definition",
    # fences and directives that read files
    "```", "~~~", ":::", "```{include} /etc/passwd\n```", "{eval-rst}", ".. include:: /etc/passwd",
    "{raw} html", ":file: /etc/passwd", "{literalinclude} /etc/hostname", "{csv-table}", "{download}`/etc/passwd`",
    "{sub-ref}`today`", "{math}`x`", "{ref}`genindex`",
    # links, images, URLs
    "[x](https://evil.example)", "<https://evil.example>", "![i](//evil.example/i.png)", "https://evil.example",
    "[x](javascript:alert(1))", "<javascript:alert(1)>", "[x]", "[x]: https://evil.example",
    # raw HTML, whole and in pieces, and entities
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "<img srcset='//evil.example/i.png 2x'>",
    "<a href='//evil.example'>", "</a>", "<!--", "-->", "<meta http-equiv=refresh content='0;url=//evil.example'>",
    "<div>", "</div>", 'title="<"', "<", ">", '"', "'", "=", "&lt;", "&gt;", "&amp;", "&#60;", "&quot;",
    "&#x3C;script&#x3E;", "<b", " onclick=alert(1)>",
]
# Characters that are markup elsewhere but text on their own, drawn as often as
# all other fragments together: they are what gets past the check, if anything.
TEXTLIKE = ["Wort ", " ", "<", ">", "<x", "&", "&lt;b&gt;", "&#60;", '"', "'", "*", "_", "`", "[", "]", "(", ")",
            "{", "}", "=", "/", ":", "!", "\\", "#", "%", "|", "~", "$"]
fragment = st.one_of(st.sampled_from(TEXTLIKE), st.sampled_from(FRAGMENTS))
pieces = st.lists(fragment, max_size=4).map("".join)
# Most translations keep the source's two links, so that many get past the check
# and the rendering property has something to test.
messages = st.one_of(
    st.builds(lambda a, b, c, links: a + links[0] + b + links[1] + c, pieces, pieces, pieces,
              st.permutations(["{link}`Docker <docker>`", "{link}`Kubernetes <kubernetes>`"])),
    st.lists(fragment, min_size=1, max_size=8).map("".join),
)
derandomized = settings(derandomize=True, database=None, deadline=None, max_examples=200,
                        suppress_health_check=[HealthCheck.too_slow])


def link_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """The ``link`` role's output, as ``papersite.sphinxext.links`` makes it, without Sphinx."""
    match = LINK_SYNTAX.match(text)
    if match is None or match["key"] not in LINK_TARGETS:
        message = inliner.reporter.error(f"bad link {text!r}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    return [nodes.reference(rawtext, match["words"], refuri=LINK_TARGETS[match["key"]], classes=["external"])], []


def rendered(text: str) -> Markup:
    with docutils_namespace():
        roles.register_local_role("link", link_role)
        overrides = {
            "myst_enable_extensions": build_settings().enable_extensions,
            "file_insertion_enabled": False,
            "report_level": 5,
            "halt_level": 5,
            "output_encoding": "unicode",
        }
        body = publish_parts(text, parser=MystParser(), writer="html5", settings_overrides=overrides)["body"]
    markup = Markup()
    markup.feed(body)
    return markup


ENGLISH = rendered(SOURCE)


@derandomized
@given(messages)
def test_the_check_never_crashes(msgstr):
    for source, interface in ((SOURCE, False), (INTERFACE_SOURCE, True)):
        reasons = message_problems(source, msgstr, interface=interface)
        assert all(isinstance(reason, str) and "\n" not in reason for reason in reasons)


@derandomized
@given(messages)
def test_what_the_check_accepts_renders_to_no_markup_the_source_lacks(msgstr):
    if message_problems(SOURCE, msgstr):
        return
    translation = rendered(msgstr)
    assert translation.found <= ENGLISH.found, msgstr
    assert translation.targets <= ENGLISH.targets, msgstr


def test_the_generated_messages_include_accepted_ones_with_markup_characters():
    # Without accepted examples the property above would hold vacuously.
    example = find(messages, lambda msgstr: not message_problems(SOURCE, msgstr) and re.search(r"<(?![a-z]+>`)", msgstr),
                   settings=settings(derandomize=True, database=None, max_examples=2000))
    assert rendered(example).found <= ENGLISH.found
