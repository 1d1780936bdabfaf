"""The few pages built outside Sphinx (landing page, root 404), from Jinja templates."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).parent / "templates"


def phrases(text: str, language_code: str) -> Markup:
    """Japanese and Chinese titles and links break between phrases, as on the
    site's own pages (papersite.sphinxext.linebreak); other text is escaped."""
    from .phrases import MODELS, phrase_markup

    if language_code not in MODELS:
        return escape(text)
    return Markup(phrase_markup(str(text), language_code, frozenset()))


@cache
def environment() -> Environment:
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    environment.filters["phrases"] = phrases
    return environment


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
