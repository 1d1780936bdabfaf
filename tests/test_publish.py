"""Issue 6: the published site is reproducible and replaced atomically."""

from __future__ import annotations

import filecmp
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest
from rich.console import Console

from papersite import publish
from papersite.notfound import links_root
from papersite.project import ROOT, Project
from papersite.site import build_site

from .conftest import copy_built, copy_project, first_paper, paper_catalog, tree_digest
from .htmlparse import having


def quiet_build(project, languages):
    return build_site(project, languages, jobs=2, console=Console(file=io.StringIO()))


def test_two_builds_in_different_folders_are_byte_identical(built_site, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    other = copy_project(tmp_path)
    quiet_build(other, other.language_codes)
    assert tree_digest(other.site.resolve()) == tree_digest(built_site.site.resolve())
    assert not any(str(tmp_path) in p.read_text(errors="ignore") for p in other.site.resolve().rglob("*.html"))


def test_a_failure_while_publishing_keeps_the_last_good_site(republishable, monkeypatch):
    good = republishable.site.resolve()
    before = tree_digest(good)

    def interrupted(project, folder, languages):
        (folder / "en").mkdir(parents=True)
        (folder / "en" / "half.html").write_text("half")
        raise KeyboardInterrupt

    monkeypatch.setattr(publish, "assemble", interrupted)
    with pytest.raises(KeyboardInterrupt):
        quiet_build(republishable, ["en"])
    assert republishable.site.resolve() == good
    assert tree_digest(good) == before
    assert [p.name for p in (republishable.build / "releases").iterdir()] == [good.name]


def test_a_killed_build_leaves_the_last_good_site(built_site, tmp_path):
    project = copy_built(built_site, tmp_path / "project")
    before = tree_digest(project.site.resolve())
    catalog_path = paper_catalog(project, "ja", "conclusion")
    catalog = polib.pofile(str(catalog_path))
    catalog[0].msgstr += "†"
    catalog.save(str(catalog_path))
    run = [sys.executable, "-m", "papersite", "--root", str(project.root), "site", "--langs", "en ja"]
    process = subprocess.Popen(run, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    time.sleep(0.8)  # mid-build: rebuilding ja and its PDF takes longer than this
    os.killpg(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL, "the build ended before it could be interrupted"
    assert tree_digest(project.site.resolve()) == before


def test_languages_built_by_separate_jobs_publish_with_the_landing_page(built_site, tmp_path):
    (tmp_path / "assembly").mkdir()
    project = copy_project(tmp_path / "assembly")
    parts = tmp_path / "parts"
    for code in ("en", "ja"):
        shutil.copytree(built_site.site / code, parts / code)
    run = [sys.executable, "-m", "papersite", "--root", str(project.root), "publish", "--parts", str(parts)]
    subprocess.run(run, cwd=ROOT, check=True, capture_output=True)
    published = project.site.resolve()
    assert {p.name for p in published.iterdir()} == {"en", "ja", "index.html", "404.html", "sitemap.xml"}
    assert filecmp.cmp(published / "ja" / "index.html", built_site.site / "ja" / "index.html", shallow=False)
    assert "ja/index.html" in (published / "sitemap.xml").read_text()


def test_sitemap_lists_every_page_of_every_paper_with_its_alternates_and_x_default(built_site):
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(built_site.site / "sitemap.xml").getroot()
    site = built_site.config["site_url"].rstrip("/")
    urls = {url.find("s:loc", ns).text: url for url in root.findall("s:url", ns)}
    pages = ["index", *(doc for paper in built_site.papers for doc in paper.documents)]
    assert set(urls) == {f"{site}/{code}/{page}.html" for code in built_site.language_codes for page in pages}
    tags = {language.code: language.tag for language in built_site.languages}
    for page in pages:
        alternates = {link.get("hreflang"): link.get("href") for link in urls[f"{site}/ja/{page}.html"].findall("x:link", ns)}
        assert alternates == {**{tags[code]: f"{site}/{code}/{page}.html" for code in built_site.language_codes},
                              "x-default": f"{site}/en/{page}.html"}


def test_old_addresses_of_the_first_paper_redirect_to_its_new_ones(built_site):
    from .htmlparse import having

    paper = first_paper(built_site)
    for document in paper.documents:
        old = document.split("/", 1)[1]
        if old == "index":
            continue  # <lang>/index.html is now the library home
        page = built_site.site / "ja" / f"{old}.html"
        [refresh] = having(page, "meta", **{"http-equiv": "refresh"})
        assert refresh["attrs"]["content"] == f"0; url={document}.html"
        [canonical] = having(page, "link", rel="canonical")
        assert canonical["attrs"]["href"].endswith(f"/ja/{document}.html")
        assert [a["attrs"]["href"] for a in having(page, "a", href=True)] == [f"{document}.html"]
        assert (built_site.site / "ja" / f"{document}.html").is_file()


def test_each_language_has_its_own_404_page_fully_translated(built_site):
    root = links_root(built_site.config["site_url"])
    for code in built_site.translations:
        catalog = polib.pofile(str(built_site.locale / code / "LC_MESSAGES" / "sphinx.po"))
        page = (built_site.site / code / "404.html").read_text(encoding="utf-8")
        # The page's content, as readers see its words: from its main landmark to
        # furo's footer that follows it, without the tags (Japanese and Chinese
        # headings carry phrase markup, papersite.sphinxext.linebreak).
        article = re.sub(r"<[^>]+>", "", page[page.index('id="furo-main-content"'):page.index("<footer")])
        for message in ("Page not found", "The page you are looking for does not exist in this language.",
                        "Go to the library home"):
            translated = catalog.find(message).msgstr
            assert translated and translated in article, (code, message)
            assert message not in article, (code, message)
        assert f'<base href="{root}/{code}/">' in page
        assert "127.0.0.1" not in page and 'hreflang="x-default"' not in page
    page = (built_site.site / "ja" / "404.html").read_text(encoding="utf-8")
    for paper in built_site.papers:  # each paper's first page is offered
        assert f'href="{root}/ja/{paper.home}.html"' in page


def test_root_404_offers_every_languages_home_in_its_language_without_a_redirect(built_site):
    page = (built_site.site / "404.html").read_text(encoding="utf-8")
    assert "<script" not in page and "127.0.0.1" not in page
    items = having(built_site.site / "404.html", "li", lang=True)
    assert [item["attrs"]["lang"] for item in items] == [language.tag for language in built_site.languages]
    for code, item in zip(built_site.language_codes, items):
        if code in built_site.translations:
            catalog = polib.pofile(str(built_site.locale / code / "LC_MESSAGES" / "sphinx.po"))
            assert catalog.find("Page not found").msgstr in item["text"]
            assert catalog.find("Go to the library home").msgstr in item["text"]
    hrefs = [a["attrs"]["href"] for a in having(built_site.site / "404.html", "a", href=True)]
    assert hrefs == [f"/{code}/index.html" for code in built_site.language_codes]


def test_404_links_start_at_the_published_site_or_the_servers_root():
    assert links_root("https://example.org/papers/") == "https://example.org/papers"
    assert links_root("http://127.0.0.1:8000/") == ""
    assert links_root("http://localhost:8000/preview/") == "/preview"


def test_a_build_writes_nothing_outside_build(site_build):
    project, _, _, started = site_build
    written = [p for p in project.root.rglob("*") if "_build" not in p.relative_to(project.root).parts
               and p.is_file() and p.stat().st_mtime > started]
    assert not written, written


def test_one_edited_message_republishes_only_its_paper_and_language_and_links_the_rest(built_site, tmp_path):
    project_copy = copy_built(built_site, tmp_path / "project")
    site = project_copy.site.resolve()
    before = {path.relative_to(site): path.stat() for path in site.rglob("*") if path.is_file()}
    catalog_path = paper_catalog(project_copy, "ja", "conclusion")
    catalog = polib.pofile(str(catalog_path))
    next(entry for entry in catalog if entry.msgstr and entry.msgid.startswith("Over the past")).msgstr += "†"
    catalog.save(str(catalog_path))
    quiet_build(project_copy, ["en", "ja"])
    site = project_copy.site.resolve()
    after = {path.relative_to(site): path.stat() for path in site.rglob("*") if path.is_file()}
    assert set(after) == set(before)
    changed = {path for path, stat in after.items() if stat.st_mtime_ns != before[path].st_mtime_ns}
    paper = first_paper(project_copy)
    assert Path("ja", paper.slug, "conclusion.html") in changed
    assert changed <= {Path("ja", paper.slug, "conclusion.html"), Path("ja", "searchindex.js"),
                       Path("ja", paper.pdf_file("ja"))}, sorted(changed)
    # Unchanged files were not copied: the new release shares them with the old one.
    assert all(after[path].st_ino == before[path].st_ino for path in set(after) - changed)


@pytest.fixture
def republishable(built_site, tmp_path):
    """A private copy of the built project, enough to publish again (publishing
    reads neither doctrees nor staging); its links are relative, so they hold."""
    shutil.copytree(built_site.root, tmp_path / "project", symlinks=True,
                    ignore=shutil.ignore_patterns("doctrees", "staging"))
    return Project(root=tmp_path / "project")


def test_publishing_twice_in_one_process_keeps_one_identical_release(republishable):
    before = tree_digest(republishable.site.resolve())
    first = publish.publish(republishable)
    second = publish.publish(republishable)
    assert first != second and republishable.site.resolve() == second.resolve()
    assert [p.name for p in (republishable.build / "releases").iterdir()] == [second.name]
    assert tree_digest(second) == before


def test_leftovers_of_killed_builds_are_removed_but_never_the_published_release(republishable):
    releases = republishable.build / "releases"
    good = republishable.site.resolve()
    (releases / "site-1-1" / "en").mkdir(parents=True)  # half-copied by a build killed while publishing
    (releases / "site-1-1" / "en" / "index.html").write_text("half")
    (republishable.build / "site.new").symlink_to("releases/site-1-1")  # killed before its swap
    os.utime(good, (0, 0))  # oldest of all: age does not decide what is removed
    publish.remove_leftover_releases(republishable, releases)
    assert [p.name for p in releases.iterdir()] == [good.name]
    assert not (republishable.build / "site.new").is_symlink()
    assert republishable.site.resolve() == good


def test_sphinx_bookkeeping_is_never_published(built_site, republishable):
    html = republishable.html_work("de")
    (html / ".buildinfo.bak").write_text("# Sphinx build info version 1\nconfig: stale\n")
    folder = publish.publish(republishable)
    names = {p.name for p in folder.rglob("*")}
    assert not names & {".buildinfo", ".buildinfo.bak", "objects.inv", "_sources", ".doctrees", "fingerprint.json"}
    assert not {p.name for p in built_site.site.resolve().rglob(".*")}
