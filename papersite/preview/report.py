"""The preview's index page and the summary CI shows: every changed message with
its English, old and new translation and the build's verdict; links to the
rebuilt pages (at the marked paragraph) and to the PDFs. Everything a catalog
says is escaped: it is a translator's text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from .messages import ChangedMessage

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Translation preview</title>
<style>
body {{ font: 15px/1.5 system-ui, sans-serif; margin: 1.5rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #ccc; padding: .4rem; vertical-align: top; text-align: left; overflow-wrap: anywhere; }}
.rejected {{ color: #b00020; }}
.published {{ color: #1b5e20; }}
del {{ color: #777; }}
</style>
</head>
<body>
<main>
<h1>Translation preview</h1>
<p>Changes since <code>{base}</code>: {summary}</p>
{sections}
</main>
</body>
</html>
"""


@dataclass
class LanguagePreview:
    language: str
    name: str
    tag: str
    messages: list[ChangedMessage] = field(default_factory=list)
    anchors: dict[int, str] = field(default_factory=dict)  # id(message) -> link to its marked place
    pages: list[str] = field(default_factory=list)  # rebuilt pages with changes, relative to the preview
    pdfs: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)  # one line per catalog the build left out
    failed: str = ""  # the language's build failed: why


def link(href: str, text: str) -> str:
    return f'<a href="{escape(href)}">{escape(text)}</a>'


def message_row(preview: LanguagePreview, message: ChangedMessage) -> str:
    where = preview.anchors.get(id(message))
    place = link(where, f"{message.domain}, line {message.line}") if where else escape(f"{message.domain}, line {message.line}")
    old = "<em>new message</em>" if message.old is None else f'<del lang="{escape(preview.tag)}">{escape(message.old)}</del>'
    kind = "published" if message.published else "rejected"
    return (f"<tr><td>{place}</td><td lang=\"en\">{escape(message.msgid)}</td><td>{old}</td>"
            f'<td lang="{escape(preview.tag)}">{escape(message.new)}</td><td class="{kind}">{escape(message.verdict)}</td></tr>')


def language_section(preview: LanguagePreview) -> str:
    parts = [f'<section><h2 id="{escape(preview.language)}">{escape(preview.name)} ({escape(preview.language)})</h2>']
    if preview.failed:
        parts.append(f'<p class="rejected">The build failed: {escape(preview.failed)}</p>')
    for line in preview.broken:
        parts.append(f'<p class="rejected">{escape(line)}</p>')
    if preview.messages:
        parts.append("<table><thead><tr><th>Where</th><th>English</th><th>Before</th><th>Now</th><th>Verdict</th>"
                     "</tr></thead><tbody>")
        parts += [message_row(preview, message) for message in preview.messages]
        parts.append("</tbody></table>")
    if preview.pages:
        parts.append("<p>Rebuilt pages with changes: " + ", ".join(link(page, page) for page in preview.pages) + "</p>")
    if preview.pdfs:
        parts.append("<p>PDFs: " + ", ".join(link(pdf, Path(pdf).name) for pdf in preview.pdfs) + "</p>")
    parts.append("</section>")
    return "\n".join(parts)


def summary_line(previews: list[LanguagePreview], sources: list[str]) -> str:
    count = sum(len(preview.messages) for preview in previews)
    rejected = sum(not message.published for preview in previews for message in preview.messages)
    languages = ", ".join(preview.language for preview in previews) or "none"
    text = f"{count} changed messages, {rejected} shown in English; languages rebuilt: {languages}"
    return text + (f"; sources changed: {', '.join(sources)}" if sources else "")


def index_page(base: str, previews: list[LanguagePreview], sources: list[str]) -> str:
    return PAGE.format(base=escape(base), summary=escape(summary_line(previews, sources)),
                       sections="\n".join(language_section(preview) for preview in previews))


def cell(text: str) -> str:
    """A table cell of the job summary: HTML-escaped on one line, so no text becomes markup there."""
    return escape(" ".join(text.split()))


def summary(base: str, previews: list[LanguagePreview], sources: list[str]) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY. The table is one HTML block (no blank line
    inside), so GitHub reads nothing in it as Markdown: a message cannot add a link or an image."""
    lines = ["## Translation preview", "", cell(f"Changes since {base}: {summary_line(previews, sources)}"), ""]
    rows = [f"<tr><td>{cell(p.language)}</td><td>{cell(m.domain)}:{m.line}</td><td>{cell(m.msgid)}</td>"
            f"<td>{cell(m.new)}</td><td>{cell(m.verdict)}</td></tr>" for p in previews for m in p.messages]
    rows += [f"<tr><td>{cell(p.language)}</td><td colspan=\"4\">{cell(line)}</td></tr>"
             for p in previews for line in [*p.broken, *([p.failed] if p.failed else [])]]
    if rows:
        lines.append("<table><tr><th>lang</th><th>where</th><th>English</th><th>translation</th><th>verdict</th></tr>"
                     + "".join(rows) + "</table>")
        lines.append("")
    lines.append("The pages and PDFs are in the `preview` artifact (open `index.html`).")
    return "\n".join(lines) + "\n"
