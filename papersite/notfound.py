"""The root 404 page: "page not found" in every language, each with a link to
its library home. A plain page: no script sends the reader anywhere."""

from __future__ import annotations

from urllib.parse import urlsplit

from .landing import translations
from .pages import render
from .project import Project
from .sphinxext.pdf import PREVIEW_HOSTS


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated per language below."""
    return message


# The same words as each language's own 404 page (papersite.sphinxext.notfound).
NOT_FOUND = N_("Page not found")
GO_HOME = N_("Go to the library home")


def links_root(site_url: str) -> str:
    """The server shows a 404 page at whatever address was missing, so its links are
    absolute: to the published site, or while previewing, from the server's root
    (never to the preview's host, which a reader of the published site cannot open)."""
    address = urlsplit(site_url)
    return address.path.rstrip("/") if address.hostname in PREVIEW_HOSTS else site_url.rstrip("/")


def render_root_404(project: Project) -> str:
    root = links_root(project.config["site_url"])
    languages = []
    for language in project.languages:
        ui = translations(project, language.code, "sphinx")
        languages.append({"code": language.code, "tag": language.tag, "name": language.native_name,
                          "not_found": ui.gettext(NOT_FOUND), "go_home": ui.gettext(GO_HOME),
                          "home": f"{root}/{language.code}/index.html",
                          "icon": f"{root}/{language.code}/_static/favicon.svg"})
    return render("404.html", languages=languages, source=languages[0])
