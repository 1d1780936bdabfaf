"""What a translated paper says of itself: that it is a translation and how it was
made, or, while too little of it is translated, that it is still in English.

The method is recorded in each catalog's header, ``X-Translation-Method``, as one
of the keys below (a word a tool can read, where the ``# Translation method:``
comment is the translators' own account); each key has a sentence in the
interface catalog, so readers learn the method in their own language.

A paper counts as translated into a language once ``translation_threshold``
percent of its messages are published (``conf.py``; 50 unless it says
otherwise): below that, its cover, landing entry and Translators page say it is
in English with its translation in progress, never that it is a translation.
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
    # An AI model's translation, revised after an independent review by a second AI
    # model (issue 18's review): reviewed, but not by a person, and readers are told so.
    "machine-ai-reviewed": N_("It was made by machine translation (an AI language model) and revised after an "
                              "independent review by another AI model; no native speaker has reviewed it yet."),
    "machine-reviewed": N_("It was made by machine translation (an AI language model) and reviewed by a native "
                           "speaker."),
    "human": N_("It was made by human translators."),
}
# A paper below the threshold: a sentence (cover, Translators page) and a label (landing page).
IN_PROGRESS = N_("This paper is still in English: its translation is in progress ({percent}% translated).")
IN_PROGRESS_LABEL = N_("In English, translation in progress ({percent}%)")
HEADER = "X-Translation-Method"
DEFAULT_THRESHOLD = 50  # percent; conf.py's translation_threshold


def translation_notice(gettext: Callable[[str], str], methods: list[str]) -> list[str]:
    """The notice's sentences in the reader's language; an unknown method key says nothing of the method."""
    return [gettext(TRANSLATION), *(gettext(METHODS[key]) for key in methods if key in METHODS)]


def threshold_of(config) -> int:
    """``translation_threshold`` from conf.py's names (a dict) or Sphinx's config, checked."""
    value = config.get("translation_threshold", DEFAULT_THRESHOLD) if isinstance(config, dict) \
        else getattr(config, "translation_threshold", DEFAULT_THRESHOLD)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
        raise ValueError(f"conf.py: translation_threshold must be a whole percent from 0 to 100, not {value!r}")
    return value


def is_translated(percent: int, threshold: int) -> bool:
    """Whether a paper is presented as a translation, or as English in translation."""
    return percent >= threshold


def paper_notice(gettext: Callable[[str], str], percent: int, threshold: int, methods: list[str]) -> list[str]:
    """What a paper's cover says of its language: a translation and how it was made, or still English."""
    if not is_translated(percent, threshold):
        return [gettext(IN_PROGRESS).format(percent=percent)]
    return translation_notice(gettext, methods)
