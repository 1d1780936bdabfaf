from sphinx.locale import _

NOTICE = _("This page is {percent}% translated; untranslated parts are shown in English.")


def setup(app):
    return {"parallel_read_safe": True, "parallel_write_safe": True}
