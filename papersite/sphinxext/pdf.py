from sphinx.locale import _

TOC_HEADING = _("Contents")


def setup(app):
    return {"parallel_read_safe": True, "parallel_write_safe": True}
