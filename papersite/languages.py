"""Language names and tags, from Babel's CLDR data."""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale
from babel.core import get_global


@dataclass(frozen=True)
class Language:
    code: str  # the locale name, as in locale/<code>/ and _build/site/<code>/
    native_name: str

    @property
    def tag(self) -> str:
        """BCP 47 tag for lang and hreflang attributes: ko_KR becomes ko-KR."""
        return self.code.replace("_", "-")


def native_name(code: str, overrides: dict[str, str] | None = None) -> str:
    """The language's name in itself: 简体中文 for zh_CN, 한국어 for ko_KR."""
    if overrides and code in overrides:
        return overrides[code]
    locale = Locale.parse(code)
    # CLDR names a script variant (zh_Hans: 简体中文) rather than a country one.
    likely = Locale.parse(get_global("likely_subtags").get(locale.language, locale.language))
    for key in (code, f"{locale.language}_{likely.script}", locale.language):
        if key in locale.languages:
            return locale.languages[key]
    return locale.get_display_name()


def site_languages(codes: list[str], overrides: dict[str, str] | None = None) -> list[Language]:
    return [Language(code, native_name(code, overrides)) for code in codes]
