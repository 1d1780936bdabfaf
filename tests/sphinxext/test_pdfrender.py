"""Rendering printable pages: stamps that say when a PDF is current, warnings
that reach the build, and several PDFs rendered side by side."""

from pathlib import Path

from papersite.sphinxext import pdfrender, pdftags

PAGE = "<html lang=en><title>{title}</title><style>{style}</style><p>{title} in words</p></html>"


def printable(folder: Path, name: str, style: str = "") -> Path:
    page = folder / f"{name}.html"
    page.write_text(PAGE.format(title=name, style=style))
    return page


def test_the_pdf_stamp_changes_with_how_the_pdf_is_written(tmp_path, monkeypatch):
    page = tmp_path / "index.html"
    page.write_text("<html lang=en><title>t</title><p>words</p></html>")

    def digest():
        return pdfrender.printable_digest(page, pdfrender.assets_digest(tmp_path))

    stamp = digest()
    assert digest() == stamp
    monkeypatch.setitem(pdfrender.RENDER_OPTIONS, "pdf_variant", "pdf/ua-2")
    assert digest() != stamp
    monkeypatch.undo()
    edited = tmp_path / "pdftags.py"
    edited.write_bytes(Path(pdftags.__file__).read_bytes() + b"\n# another tag\n")
    monkeypatch.setattr(pdftags, "__file__", str(edited))
    assert digest() != stamp


def test_several_pdfs_render_side_by_side_and_are_stamped(tmp_path):
    jobs = [pdfrender.stale(printable(tmp_path, name), tmp_path / f"{name}.pdf", tmp_path) for name in ("one", "two", "three")]
    assert pdfrender.render_all(jobs) == []
    for job in jobs:
        assert job.target.read_bytes().startswith(b"%PDF")
        assert job.stamp.read_text() == job.digest
        assert pdfrender.stale(job.printable, job.target, tmp_path) is None  # current: nothing to do


def test_a_warning_from_a_renderer_process_reaches_the_build_and_stamps_nothing(tmp_path):
    calm = pdfrender.stale(printable(tmp_path, "calm"), tmp_path / "calm.pdf", tmp_path)
    noisy = pdfrender.stale(printable(tmp_path, "noisy", "p { colour: red }"), tmp_path / "noisy.pdf", tmp_path)
    warnings = pdfrender.render_all([calm, noisy])
    assert len(warnings) == 1 and "colour" in warnings[0]
    assert calm.stamp.is_file() and not noisy.stamp.exists()
    assert pdfrender.stale(noisy.printable, noisy.target, tmp_path) == noisy  # so it renders, and warns, again


def test_warnings_reach_the_build_whatever_level_another_module_set(tmp_path):
    import logging

    weasyprint = logging.getLogger("weasyprint")
    level = weasyprint.level
    weasyprint.setLevel(logging.ERROR)  # as a quiet tool in the same process might
    try:
        noisy = pdfrender.stale(printable(tmp_path, "noisy", "p { colour: red }"), tmp_path / "noisy.pdf", tmp_path)
        assert any("colour" in warning for warning in pdfrender.render(noisy))
    finally:
        weasyprint.setLevel(level)
