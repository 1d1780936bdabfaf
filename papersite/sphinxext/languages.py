from sphinx.locale import _

SWITCHER_HEADING = _("Languages")
PDF_LINK = _("Download PDF")


def setup(app):
    return {"parallel_read_safe": True, "parallel_write_safe": True}
