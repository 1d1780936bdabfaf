"""What a translated paper says of itself: that it is a translation, and how it was made.

The method is recorded in each catalog's header, ``X-Translation-Method``, as one
of the keys below (a word a tool can read, where the ``# Translation method:``
comment is the translators' own account); each key has a sentence in the
interface catalog, so readers learn the method in their own language.
"""

from __future__ import annotations

from typing import Callable


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated where it is shown."""
    return message


TRANSLATION = N_("This is a translation of the English original.")
METHODS = {
    "machine-unreviewed": N_("It was made by machine translation (an AI language model) and has not yet been "
                             "reviewed by a native speaker."),
    "machine-reviewed": N_("It was made by machine translation (an AI language model) and reviewed by a native "
                           "speaker."),
    "human": N_("It was made by human translators."),
}
HEADER = "X-Translation-Method"


def translation_notice(gettext: Callable[[str], str], methods: list[str]) -> list[str]:
    """The notice's sentences in the reader's language; an unknown method key says nothing of the method."""
    return [gettext(TRANSLATION), *(gettext(METHODS[key]) for key in methods if key in METHODS)]
