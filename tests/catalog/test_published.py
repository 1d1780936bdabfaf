"""Issue 16: what we write from the published messages, with CLDR's header."""

import gettext
import io
import json

from papersite.catalog.model import Message
from papersite.catalog.published import Published, babel_catalog, mo_bytes, write_compiled, write_published


def test_the_mo_header_is_cldrs_and_reads_back_as_sphinx_reads_it(tmp_path):
    messages = [Message("Hello", ("Hallo",), 1), Message("one page", ("eine Seite", "{n} Seiten"), 2, msgid_plural="{n} pages"),
                Message("Menu", ("Menü",), 3, msgctxt="nav")]
    translations = gettext.GNUTranslations(io.BytesIO(mo_bytes(babel_catalog("de", messages))))
    assert translations.info()["plural-forms"] == "nplurals=2; plural=(n != 1);"
    assert translations.info()["content-type"] == "text/plain; charset=utf-8" and translations.info()["language"] == "de"
    assert (translations.gettext("Hello"), translations.ngettext("one page", "{n} pages", 3)) == ("Hallo", "{n} Seiten")
    assert translations.pgettext("nav", "Menu") == "Menü"


def test_the_same_messages_give_the_same_bytes(tmp_path):
    messages = [Message("Hello", ("Hallo",), 1)]
    write_compiled(tmp_path / "a.mo", "de", messages)
    first = (tmp_path / "a.mo").read_bytes(), (tmp_path / "a.po").read_bytes()
    write_compiled(tmp_path / "a.mo", "de", messages)
    assert ((tmp_path / "a.mo").read_bytes(), (tmp_path / "a.po").read_bytes()) == first


def test_published_messages_for_the_landing_page(tmp_path):
    write_published(tmp_path / "de", {"sphinx": [Message("Read online", ("Online lesen",), 1)]})
    published = Published.load(tmp_path, "de")
    assert published.gettext("sphinx", "Read online") == "Online lesen"
    assert published.gettext("sphinx", "Download PDF") == "Download PDF"  # not published: English
    assert Published.load(tmp_path, "ja").gettext("sphinx", "Read online") == "Read online"
    assert json.loads((tmp_path / "de" / "published.json").read_text())["sphinx"] == {"Read online": "Online lesen"}
