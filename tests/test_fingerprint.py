"""Issue 9, item 5: the fingerprint, the only reason a build is skipped, sees
every kind of input: which part changes decides between incremental and fresh."""

from __future__ import annotations

from papersite import fingerprint
from papersite.fingerprint import language_fingerprint
from .conftest import paper_catalog, paper_source


def changed_parts(project, change) -> set[str]:
    before = language_fingerprint(project, "de")
    change()
    after = language_fingerprint(project, "de")
    return {part for part in before if before[part] != after[part]}


def test_a_catalog_edit_changes_only_the_catalogs(project_copy):
    catalog = paper_catalog(project_copy, "de", "conclusion")
    assert changed_parts(project_copy, lambda: catalog.write_bytes(catalog.read_bytes() + b"\n")) == {"catalogs"}


def test_sources_and_the_glossary_are_sources(project_copy):
    source = paper_source(project_copy, "conclusion")
    glossary = project_copy.locale / "de" / "glossary.md"
    assert changed_parts(project_copy, lambda: source.write_text(source.read_text() + "\nMore.\n")) == {"sources"}
    assert changed_parts(project_copy, lambda: glossary.write_text("Container\n")) == {"sources"}


def test_another_languages_catalog_changes_nothing(project_copy):
    catalog = paper_catalog(project_copy, "ja", "conclusion")
    assert changed_parts(project_copy, lambda: catalog.write_bytes(catalog.read_bytes() + b"\n")) == set()


def test_site_url_conf_links_and_templates_are_tooling(project_copy, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    assert changed_parts(project_copy, lambda: monkeypatch.setenv("SITE_URL", "https://example.org/")) == {"tooling"}
    for name in ("conf.py", "_templates/page.html"):
        path = project_copy.root / name
        assert changed_parts(project_copy, lambda: path.write_bytes(path.read_bytes() + b"\n")) == {"tooling"}, name


def test_a_font_installed_is_tooling(project_copy, tmp_path, monkeypatch):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    monkeypatch.setattr(fingerprint, "FONT_FOLDERS", (fonts,))
    assert changed_parts(project_copy, lambda: (fonts / "NotoSans-New.ttf").write_bytes(b"font")) == {"tooling"}


def test_every_installed_distribution_counts():
    from importlib import metadata

    versions = fingerprint.installed_versions().splitlines()
    for name in ("sphinx", "weasyprint", "pygments", "babel", "fonttools"):
        assert f"{name}=={metadata.version(name)}".lower() in versions
