"""Issue 11: the Nu HTML Checker (vnu.jar from npm, on Debian's Java runtime)
finds no error and no warning on any page of any language."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

VNU = Path(__file__).resolve().parents[1] / "browser" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The checker guesses a page's language from its letters. A Chinese, Japanese or
# Korean page naming many projects in Latin letters (Airship, Kubernetes, Kolla…)
# has been guessed to be Norwegian: excused for those pages, unless the guess is
# English, which would mean the page really was left untranslated.
LANGUAGE_GUESS = re.compile(r"This document appears to be written in (?P<guess>[^,]+), "
                            r"but the “html” start tag has “lang=\"(?P<tag>[^\"]+)\"”")
CJK_TAGS = {"ja", "ko-kr", "zh-cn"}


def nu_messages(*paths: Path) -> list[dict]:
    """One Java run over everything: the checker's start-up dominates its time."""
    command = ["java", "-jar", str(VNU), "--skip-non-html", "--format", "json", "--stdout", *map(str, paths)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    return json.loads(result.stdout)["messages"]


def is_error_or_warning(message: dict) -> bool:
    # "info" without a subtype is neither (e.g. the note that a void element's
    # trailing slash has no effect, which is how docutils writes <br />).
    return message["type"] != "info" or message.get("subType") == "warning"


def page_of(message: dict) -> Path:
    return Path(unquote(urlparse(message["url"]).path))


def excused(message: dict) -> bool:
    guess = LANGUAGE_GUESS.match(message["message"])
    return bool(guess) and guess["tag"].lower() in CJK_TAGS and guess["guess"] != "English"


def test_every_page_of_every_language_is_valid_html(built_site, tmp_path):
    site = built_site.site.resolve()
    for code in built_site.language_codes:  # the run covers every language's pages
        assert list((site / code).rglob("*.html")), code
    # A page known to be wrong, checked in the same run: the checker works and we read its answer.
    control = tmp_path / "control.html"
    control.write_text('<!doctype html><html lang="en"><title>t</title><p id="x"></p><p id="x"></p></html>')
    messages = [message for message in nu_messages(site, control) if is_error_or_warning(message)]
    assert any(page_of(message) == control and "Duplicate ID" in message["message"] for message in messages)
    problems = [
        f"{page_of(message).relative_to(site)}:{message.get('lastLine')}: {message['type']}: {message['message']}"
        for message in messages
        if page_of(message) != control and not excused(message)
    ]
    assert not problems, "\n".join(problems)
