"""sitemap.xml with every page's language alternates."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .project import Project



def site_url(project: Project) -> str:
    return project.config["site_url"].rstrip("/")


def pages(project: Project, folder: Path, language: str) -> list[str]:
    """The library home and every paper's pages that this language has; not the
    search, index and 404 pages, nor the redirects from the old addresses."""
    names = [project.config.get("root_doc", "index"), *(doc for paper in project.papers for doc in paper.documents)]
    return [f"{name}.html" for name in names if (folder / language / f"{name}.html").is_file()]


def render_sitemap(project: Project, folder: Path, languages) -> str:
    base = site_url(project)
    tags = {language.code: language.tag for language in project.languages}
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    languages = list(languages)
    default = project.source_language if project.source_language in languages else languages[0] if languages else None
    for language in languages:
        for page in pages(project, folder, language):
            # SITE_URL is checked (papersite.project), and escaped all the same.
            lines.append(f"  <url><loc>{escape(f'{base}/{language}/{page}')}</loc>")
            for other in languages:
                if (folder / other / page).is_file():
                    lines.append(f'    <xhtml:link rel="alternate" hreflang={quoteattr(tags[other])} '
                                 f'href={quoteattr(f"{base}/{other}/{page}")}/>')
            lines.append(f'    <xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(f"{base}/{default}/{page}")}/>')
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"

